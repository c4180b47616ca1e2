import 'reflect-metadata';
import type { Browser } from 'playwright-core';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, signUp, type SignedUp } from '../support/auth';
import type { Page } from 'playwright-core';
import { checkPage, launchBrowser, waitForPage } from './support/browser';
import { signedInPage } from './support/sign-in';

// A real browser against the real api: page loads take seconds on a small CI machine.
jest.setTimeout(120_000);

/** The text of the label around the focused control (react-aria wraps checkboxes and radios in their label). */
function focusedLabel(page: Page): Promise<string> {
  return page.evaluate(() => {
    const doc = (
      globalThis as unknown as {
        document: { activeElement: { closest(s: string): { textContent: string | null } | null } | null };
      }
    ).document;
    return doc.activeElement?.closest('label')?.textContent?.trim() ?? '';
  });
}

/** Picks an option by clicking its visible label, as a pointer user does. */
const option = (page: Page, field: string, label: string) =>
  page.locator(`[data-field="${field}"] label`).filter({ hasText: new RegExp(`^${label}$`) });

describe('web app: organisation profile', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: SignedUp;
  let officer: SignedUp;
  let respondent: SignedUp;
  const profilePath = () => `/organisations/${admin.orgId}/profile`;
  const stored = async () => (await admin.client.get(`/organisations/${admin.orgId}`)).body;

  beforeAll(async () => {
    if (!findWebDist()) throw new Error('Build the web app first: npm run build (the test command does)');
    t = await startTestApp();
    browser = await launchBrowser();
    admin = await signUp(t, { displayName: 'Robin Admin', organisationName: 'Fjord Freight AB' });
    officer = await addMember(t, admin.client, admin.orgId, 'compliance_officer');
    respondent = await addMember(t, admin.client, admin.orgId, 'respondent');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('an admin fills in the profile with the keyboard alone; each field says what it changes', async () => {
    const page = await signedInPage(
      browser,
      t.baseUrl,
      admin,
      `/organisations/${admin.orgId}/audits`,
      'audits',
    );
    await page.getByRole('link', { name: 'Organisation profile' }).click();
    await waitForPage(page, 'profile');
    const countries = page.locator('[data-field="countries"]');
    expect(await countries.textContent()).toMatch(
      /Changing this can change whether \d+ questions and \d+ legal obligations apply to you/,
    );
    // Since framework 1.1.0 the public sector brings in one question (GOV-09, the safeguarding lead).
    expect(await page.locator('[data-field="sector"]').textContent()).toContain(
      'Changing this can change whether 1 question applies to you.',
    );
    // States appear only for a chosen country that has them.
    expect(await page.getByRole('checkbox', { name: 'New South Wales' }).count()).toBe(0);
    await checkPage(page, 'profile-empty');

    await page.getByLabel(/^Number of employees/).focus();
    await page.keyboard.type('1200');
    await page.keyboard.press('Tab');
    expect(await focusedLabel(page)).toBe('Australia');
    await page.keyboard.press('Space');
    await countries.getByRole('checkbox', { name: 'Sweden' }).focus();
    await page.keyboard.press('Space');
    const nsw = page.getByRole('checkbox', { name: 'New South Wales' });
    await nsw.waitFor();
    await nsw.focus();
    await page.keyboard.press('Space');
    // A yes/no question is a radio group: arrows move and select.
    await page.locator('[data-field="guest_wifi"]').getByRole('radio', { name: 'Yes' }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    expect(await page.getByRole('status').filter({ hasText: 'unsaved change' }).textContent()).toMatch(
      /4 unsaved changes\. Saving changes which questions and obligations apply/,
    );
    await checkPage(page, 'profile-editing');

    await page.getByRole('button', { name: 'Save profile' }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByText(/Profile saved\. Open audits now list the questions and obligations that apply/)
      .waitFor();
    expect((await stored()).profile).toEqual({
      headcount: 1200,
      countries: ['AU', 'SE'],
      regions: ['AU-NSW'],
      guest_wifi: true,
    });

    // Unticking a country drops its states with it, so the api never sees a region outside the countries.
    await countries.getByRole('checkbox', { name: 'Australia' }).focus();
    await page.keyboard.press('Space');
    expect(await page.getByRole('checkbox', { name: 'New South Wales' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText(/Profile saved/).waitFor();
    expect((await stored()).profile).toEqual({ headcount: 1200, countries: ['SE'], guest_wifi: true });
    await page.context().close();
  });

  it('shows the newer profile when someone saved meanwhile and re-applies the change on top of it', async () => {
    const page = await signedInPage(browser, t.baseUrl, admin, profilePath(), 'profile');
    // The compliance officer saves a change while the admin's form is open.
    const before = await officer.client.get(`/organisations/${admin.orgId}`);
    const theirs = await officer.client.patch(
      `/organisations/${admin.orgId}`,
      { profile: { headcount: 1500 } },
      { headers: { 'if-match': before.headers.get('etag')! } },
    );
    expect(theirs.status).toBe(200);

    await option(page, 'works_council', 'Yes').click();
    await page.getByRole('button', { name: 'Save profile' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('row', { name: /Number of employees/ }).textContent()).toContain('1,500');
    expect(await dialog.getByRole('row', { name: /works council/ }).textContent()).toMatch(
      /No.*Yes|Not answered.*Yes/,
    );
    await checkPage(page, 'profile-conflict');

    await dialog.getByRole('button', { name: 'Re-apply my changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/Profile saved/).waitFor();
    const now = await stored();
    expect(now.profile).toMatchObject({ headcount: 1500, works_council: true, countries: ['SE'] });
    expect(now.version).toBe(theirs.body.version + 1);
    await page.context().close();
  });

  it('explains a value the api refuses under its field and keeps what was typed', async () => {
    const page = await signedInPage(browser, t.baseUrl, admin, profilePath(), 'profile');
    const headcount = page.getByLabel(/^Number of employees/);
    await headcount.fill('0');
    await page.getByRole('button', { name: 'Save profile' }).click();
    const error = page.locator('[data-field="headcount"] .field-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/headcount|1/);
    expect(await headcount.getAttribute('aria-invalid')).toBe('true');
    expect(await headcount.inputValue()).toBe('0');
    expect((await stored()).profile.headcount).toBe(1500);
    await checkPage(page, 'profile-invalid');
    await page.context().close();
  });

  it('a respondent reads the profile without a form', async () => {
    const page = await signedInPage(browser, t.baseUrl, respondent, profilePath(), 'profile');
    await page.getByText('you can read it', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Save profile' }).count()).toBe(0);
    expect(await page.locator('.profile-summary').textContent()).toContain('Sweden');
    await checkPage(page, 'profile-read-only');
    await page.context().close();
  });
});
