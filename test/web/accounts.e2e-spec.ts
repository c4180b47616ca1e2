import 'reflect-metadata';
import type { Browser, Page } from 'playwright-core';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, GOOD_PASSWORD, signUp as signUpByApi, totpCode, uniqueEmail } from '../support/auth';
import { checkPage, focused, launchBrowser, newPerson, waitForPage } from './support/browser';

// A real browser against the real api: page loads take seconds on a small CI machine.
jest.setTimeout(60_000);

describe('web app: accounts', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    if (!findWebDist()) throw new Error('Build the web app first: npm run build (the test command does)');
    t = await startTestApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    ({ page } = await newPerson(browser, t.baseUrl));
  });
  afterEach(() => page.context().close());

  async function signUp(email: string): Promise<string> {
    await page.goto('/sign-up');
    await waitForPage(page, 'sign-up');
    await page.getByLabel('Your name').fill('Dana Compliance');
    await page.getByLabel('Work e-mail').fill(email);
    await page.getByLabel('Password').fill(GOOD_PASSWORD);
    await page.getByLabel('Organisation name').fill('Harbour Logistics');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(/\/organisations\/[0-9a-f-]{36}\/audits$/);
    return /organisations\/([0-9a-f-]{36})/.exec(page.url())![1];
  }

  async function signIn(email: string, password = GOOD_PASSWORD): Promise<void> {
    await page.getByLabel('Work e-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function signOutWithKeyboard(): Promise<void> {
    await page.getByRole('button', { name: /^Account:/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Sign out' }).waitFor();
    await page.keyboard.press('End');
    expect(await focused(page)).toBe('div:Sign out');
    await page.keyboard.press('Enter');
    await waitForPage(page, 'sign-in');
  }

  it('signs up, lands in the new organisation, signs out and back in', async () => {
    const email = uniqueEmail('officer');
    const orgId = await signUp(email);
    await waitForPage(page, 'audits');
    expect(await page.getByRole('button', { name: 'Organisation' }).textContent()).toContain(
      'Harbour Logistics',
    );

    await page.getByRole('link', { name: 'Members, roles and invitations' }).click();
    await waitForPage(page, 'members');
    await page.getByLabel('Work e-mail').fill(uniqueEmail('hr'));
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('button', { name: /^Revoke invitation for / }).waitFor();

    await signOutWithKeyboard();
    await page.goto(`/organisations/${orgId}/audits`);
    await waitForPage(page, 'sign-in');
    await signIn(email);
    // Back where the person was going before signing in.
    await page.waitForURL(`**/organisations/${orgId}/audits`);
  });

  it('explains a wrong password without saying which part was wrong', async () => {
    await page.goto('/sign-in');
    await waitForPage(page, 'sign-in');
    await signIn(uniqueEmail('nobody'), 'wrong password entirely');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Could not sign you in/);
    await checkPage(page, 'sign-in-error');
  });

  it('turns on two-step verification and then asks for a code at sign-in', async () => {
    const email = uniqueEmail('mfa');
    await signUp(email);
    await page.goto('/account/security');
    await waitForPage(page, 'security');
    await page
      .getByRole('region', { name: 'Two-step verification' })
      .getByLabel('Current password')
      .fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Set up two-step verification' }).click();
    const secret = (await page.getByLabel('Setup key').textContent())!.replace(/\s/g, '');
    await page.getByLabel('Code from your authenticator app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await page.getByText('Two-step verification is on.', { exact: false }).first().waitFor();
    expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
    await checkPage(page, 'security-mfa-on');

    await signOutWithKeyboard();
    await signIn(email);
    const code = page.getByLabel('Verification code');
    await code.waitFor();
    await checkPage(page, 'sign-in-mfa');
    // The code just used to turn MFA on cannot be replayed; the next time step's code is accepted.
    await code.fill(totpCode(secret, 1));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await waitForPage(page, 'audits');
  });

  it('signs in with a recovery code instead of a code, and says how many codes are left', async () => {
    const account = await signUpByApi(t);
    const { secret } = (await account.client.post('/auth/mfa/enroll', { password: GOOD_PASSWORD })).body;
    const on = await account.client.post('/auth/mfa/confirm', { code: totpCode(secret) });
    const codes = on.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);

    const signInWith = async (recoveryCode: string) => {
      await page.goto('/sign-in');
      await waitForPage(page, 'sign-in');
      await signIn(account.email);
      await page.getByLabel('Verification code').waitFor();
      await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
      await page.getByLabel('Recovery code').fill(recoveryCode);
    };
    await signInWith('AAAA-BBBB-CCCC-DDDD');
    await checkPage(page, 'sign-in-recovery-code');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/The code was not accepted/);
    // Back to the authenticator and again to the recovery code: the field is there each time.
    await page.getByRole('button', { name: 'Use the authenticator app instead' }).click();
    await page.getByLabel('Verification code').waitFor();
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[0].toLowerCase());
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    const notice = page.getByRole('status').filter({ hasText: 'recovery code' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('9 recovery codes are left');
    await checkPage(page, 'sign-in-recovery-codes-left');
    await page.getByRole('button', { name: 'Continue' }).click();
    await waitForPage(page, 'audits');

    // A spent code is refused; with three or fewer left the notice warns to renew them before they run out.
    await page.context().clearCookies();
    await signInWith(codes[0]);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('alert').waitFor();
    for (const used of codes.slice(1, 7)) await useUp(account.email, used);
    await signInWith(codes[7]);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    const warning = page.getByRole('status').filter({ hasText: 'recovery code' });
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(/2 recovery codes are left.*before you run out/);
    expect(await warning.getAttribute('class')).toContain('alert-warning');
    await checkPage(page, 'sign-in-recovery-codes-low');
  });

  it('changes the password and says how many other sessions and API tokens it ended', async () => {
    const email = uniqueEmail('password');
    await signUp(email);
    // A second session (another browser) and a token for a script: both end with the change.
    const elsewhere = new ApiClient(t.baseUrl);
    expect((await elsewhere.post('/auth/login', { email, password: GOOD_PASSWORD })).status).toBe(200);
    expect((await elsewhere.post('/me/tokens', { name: 'Export script', expiresInDays: 30 })).status).toBe(
      201,
    );
    await page.goto('/account/security');
    await waitForPage(page, 'security');
    const form = page.getByRole('form', { name: 'Change your password' });
    await form.getByLabel('Current password').fill('not the password at all');
    await form.getByLabel('New password').fill('orchard lamp copper 77 meadow');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').waitFor();
    await form.getByLabel('Current password').fill(GOOD_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Your password was changed.' });
    await done.waitFor();
    expect(await done.textContent()).toContain('Signed out 1 other session and revoked 1 API token');
    expect((await elsewhere.get('/me')).status).toBe(401);
    // This session stays signed in.
    await page.reload();
    await waitForPage(page, 'security');
  });

  /** Spends a recovery code through the api, as a sign-in elsewhere would. */
  async function useUp(email: string, recoveryCode: string): Promise<void> {
    const client = new ApiClient(t.baseUrl);
    const step1 = await client.post('/auth/login', { email, password: GOOD_PASSWORD });
    const step2 = await client.post('/auth/login/mfa', {
      challengeToken: step1.body.challengeToken,
      recoveryCode,
    });
    expect(step2.status).toBe(200);
  }

  it('keeps what was typed when the session ends, and finishes the action after signing in again', async () => {
    const email = uniqueEmail('tokens');
    await signUp(email);
    await page.goto('/account/tokens');
    await waitForPage(page, 'tokens');
    await page.getByLabel('Name').fill('quarterly export');
    // The session disappears (expired or revoked elsewhere) while the page is open.
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Create token' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await checkPage(page, 'session-expired-dialog');
    await dialog.getByLabel('Password').fill(GOOD_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByLabel('Name').inputValue()).toBe('quarterly export');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByLabel('New API token');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/^aup_/);
    await page.getByRole('button', { name: 'Revoke quarterly export' }).click();
    await page.getByText('Revoked').waitFor();
    await checkPage(page, 'tokens');
  });
});
