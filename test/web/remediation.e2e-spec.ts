import 'reflect-metadata';
import type { Browser } from 'playwright-core';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { answersFixture, setProfile } from '../audits/support/audit-fixtures';
import { allItems, submitAudit } from '../remediation/remediation-support';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, bearerFor, signUp, type SignedUp } from '../support/auth';
import { checkPage, focused, launchBrowser, waitForPage } from './support/browser';
import { signedInPage } from './support/sign-in';

jest.setTimeout(600_000);

describe('web app: remediation from assignment to done', () => {
  let t: TestApp;
  let browser: Browser;
  let officer: SignedUp;
  let owner: SignedUp;
  let itemId: string;
  let title: string;
  let acceptableId: string | undefined;

  beforeAll(async () => {
    if (!findWebDist()) throw new Error('Build the web app first: npm run build (the test command does)');
    t = await startTestApp();
    browser = await launchBrowser();
    const admin = await signUp(t, { organisationName: 'Harbour Logistics' });
    const adminBearer = await bearerFor(t, admin.client);
    await setProfile(adminBearer, admin.orgId, answersFixture('multinational-12000').profile);
    officer = await addMember(t, adminBearer, admin.orgId, 'compliance_officer');
    owner = await addMember(t, adminBearer, admin.orgId, 'respondent');
    await submitAudit(adminBearer, admin.orgId, () => false);
    const items = await allItems(adminBearer, admin.orgId);
    ({ id: itemId, title } = items.find((i) => i.controlIds.length > 1) ?? items[0]);
    // An item that may be risk-accepted (no critical control required by law), for the dialog.
    for (const i of items) {
      const detail = await adminBearer.get(`/organisations/${admin.orgId}/remediation-items/${i.id}`);
      if (!detail.body.controls.some((c: { criticalLegal: boolean }) => c.criticalLegal)) {
        acceptableId = i.id;
        break;
      }
    }
    expect(acceptableId).toBeDefined();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a compliance officer filters the board and assigns an item to its owner', async () => {
    const page = await signedInPage(
      browser,
      t.baseUrl,
      officer,
      `/organisations/${officer.orgId}/remediation`,
      'remediation-board',
    );
    await page.getByRole('link', { name: title }).waitFor();
    await page.getByLabel('Priority').selectOption('P1');
    await page
      .getByRole('status')
      .filter({ hasText: /items?$/ })
      .waitFor();
    // The list view is every-page's; the board view is checked here (axe and no sideways scroll at 390
    // and 1280 px, as every checkPage).
    await page.getByLabel('Show as').selectOption('board');
    await checkPage(page, 'remediation-board-columns');

    await page.goto(`/organisations/${officer.orgId}/remediation/${acceptableId}`);
    await waitForPage(page, 'remediation-item');

    // Risk acceptance is a modal dialog: labelled, focus inside, the api's 422 shown in it, Escape closes
    // it and focus returns to the button that opened it.
    const acceptButton = page.getByRole('button', { name: 'Accept the risk' });
    await acceptButton.click();
    const dialog = page.getByRole('dialog', { name: 'Accept the risk' });
    await dialog.waitFor();
    expect(
      await page.evaluate(() => {
        const { document } = globalThis as unknown as {
          document: { activeElement: { closest(s: string): unknown } | null };
        };
        return Boolean(document.activeElement?.closest('[role="dialog"]'));
      }),
    ).toBe(true);
    await dialog.getByRole('button', { name: 'Accept the risk' }).click();
    const problem = dialog.getByRole('alert');
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(/The risk was not accepted.*needs a justification/);
    await checkPage(page, 'remediation-accept-risk-dialog');
    // Escape from where a person would be: typing the justification.
    await dialog.getByLabel('Why is the risk accepted?').focus();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('button:Accept the risk');
    expect(
      (
        await (
          await bearerFor(t, officer.client)
        ).get(`/organisations/${officer.orgId}/remediation-items/${acceptableId}`)
      ).body.status,
    ).toBe('open');

    await page.goto(`/organisations/${officer.orgId}/remediation/${itemId}`);
    await waitForPage(page, 'remediation-item');

    await page.getByLabel('Search members for owner').fill(owner.email.slice(0, 12));
    await page.getByLabel('Owner', { exact: true }).selectOption(owner.userId);
    await page.getByRole('button', { name: 'Save assignment' }).click();
    await page.getByText(`Owner: ${owner.email}`).waitFor();
    await checkPage(page, 'remediation-item-officer');
    await page.context().close();
  });

  it('the owner signs in, finds it under My tasks on the home page, ticks its steps and marks it done', async () => {
    // Signing in lands on the home page, which lists the person's open items across organisations.
    const page = await signedInPage(browser, t.baseUrl, owner, '/', 'home');
    const tasks = page.getByRole('list', { name: 'My tasks' });
    const link = tasks.getByRole('link', { name: title });
    await link.waitFor();
    const row = tasks.getByRole('listitem').filter({ has: page.getByRole('link', { name: title }) });
    expect(await row.textContent()).toContain('Harbour Logistics');
    expect(await row.textContent()).toMatch(/Open/);
    expect(await row.textContent()).toMatch(/Due \d{4}-\d{2}-\d{2}/);
    await checkPage(page, 'home-my-tasks');
    await link.click();
    await waitForPage(page, 'remediation-item');

    const steps = page.locator('.rem-steps input[type="checkbox"]');
    const count = await steps.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      const box = steps.nth(i);
      await box.focus();
      await page.keyboard.press('Space');
      await page.waitForFunction((n) => {
        const { document } = globalThis as unknown as {
          document: { querySelectorAll(s: string): ArrayLike<{ checked: boolean; disabled: boolean }> };
        };
        const all = document.querySelectorAll('.rem-steps input[type="checkbox"]');
        return Array.from(all)
          .slice(0, n + 1)
          .every((b) => b.checked && !b.disabled);
      }, i);
    }
    await page.getByRole('heading', { name: 'Steps (100%)' }).waitFor();
    await page.getByRole('button', { name: 'Mark done' }).click();
    await page.getByLabel('Closing note (optional)').fill('Approved by the board on Monday.');
    await page.getByRole('form', { name: 'Mark done' }).getByRole('button', { name: 'Mark done' }).click();
    await page.getByText(/· Done$/).waitFor();
    await checkPage(page, 'remediation-item-done');

    const item = await (
      await bearerFor(t, owner.client)
    ).get(`/organisations/${owner.orgId}/remediation-items/${itemId}`);
    expect(item.body).toMatchObject({
      status: 'done',
      ownerUserId: owner.userId,
      closureNote: 'Approved by the board on Monday.',
    });
    expect(
      item.body.steps.every((s: { done: boolean; doneBy: string }) => s.done && s.doneBy === owner.userId),
    ).toBe(true);
    await page.context().close();
  });
});
