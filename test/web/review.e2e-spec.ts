import 'reflect-metadata';
import type { Browser, Page } from 'playwright-core';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, signUp, type SignedUp } from '../support/auth';
import { checkPage, launchBrowser } from './support/browser';
import { signedInPage } from './support/sign-in';

// A real browser against the real api, each page checked at two widths: minutes on a small CI machine.
jest.setTimeout(300_000);

describe('web app: assigning sections and reviewing answers', () => {
  let t: TestApp;
  let browser: Browser;
  let officer: SignedUp;
  let hr: SignedUp;
  let auditId: string;
  const audit = () => `/organisations/${officer.orgId}/audits/${auditId}`;
  const firstQuestion = (page: Page) => page.locator('article.question').first();

  beforeAll(async () => {
    if (!findWebDist()) throw new Error('Build the web app first: npm run build (the test command does)');
    t = await startTestApp();
    browser = await launchBrowser();
    officer = await signUp(t, { displayName: 'Dana Officer', organisationName: 'Harbour Logistics' });
    hr = await addMember(t, officer.client, officer.orgId, 'respondent');
    await addMember(t, officer.client, officer.orgId, 'auditor');
    const created = await officer.client.post(`/organisations/${officer.orgId}/audits`, {
      title: '2026 self-assessment',
    });
    expect(created.status).toBe(201);
    auditId = created.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('a compliance officer assigns the HR section from the overview, picking members by role', async () => {
    const page = await signedInPage(browser, t.baseUrl, officer, audit(), 'audit-overview');
    const hrCard = page.locator('[data-section="hr"]');
    expect(await hrCard.textContent()).toContain('Not assigned yet');
    await page.getByRole('button', { name: 'Change who answers HR' }).click();
    const respondents = hrCard.getByRole('group', { name: 'Respondent' });
    await respondents.waitFor();
    // Auditors answer nothing, so they are not offered.
    expect(await hrCard.getByRole('group', { name: /Auditor/ }).count()).toBe(0);
    await respondents.getByRole('checkbox', { name: hr.email }).focus();
    await page.keyboard.press('Space');
    await checkPage(page, 'audit-overview-assigning');
    await hrCard.getByRole('button', { name: 'Save assignment' }).click();
    await hrCard.getByText(`Assigned to ${hr.email}`).waitFor();

    const assignments = await officer.client.get(
      `/organisations/${officer.orgId}/audits/${auditId}/assignments`,
    );
    expect(assignments.body.sections.find((s: { section: string }) => s.section === 'hr').userIds).toEqual([
      hr.userId,
    ]);
    expect(assignments.body.sections.find((s: { section: string }) => s.section === 'it').userIds).toEqual(
      [],
    );
    await page.context().close();
  });

  it('the officer comments on a question; text that identifies material is refused under the box', async () => {
    const page = await signedInPage(browser, t.baseUrl, officer, `${audit()}/sections/hr`, 'questionnaire');
    const question = firstQuestion(page);
    await question.getByRole('button', { name: 'Comment' }).click();
    const box = question.getByLabel('Your comment');
    await box.fill('The approved policy is at https://files.example.com/aup-v4.pdf');
    await question.getByRole('button', { name: 'Post comment' }).click();
    const refusal = question.locator('.field-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/web address|URL|link/i);
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    await checkPage(page, 'questionnaire-comment-refused');

    await box.fill('Please add the board minutes that approved version 4.');
    await question.getByRole('button', { name: 'Post comment' }).click();
    const thread = question.locator('.comment-list > li');
    await thread.first().waitFor();
    expect(await thread.first().textContent()).toMatch(
      /^You · .*Please add the board minutes that approved version 4\.$/,
    );
    expect(await box.inputValue()).toBe('');
    await page.context().close();
  });

  it('the respondent reads the comment, replies, and section progress follows the answers saved', async () => {
    const page = await signedInPage(browser, t.baseUrl, hr, `${audit()}/sections/hr`, 'questionnaire');
    const question = firstQuestion(page);
    const progress = page.getByRole('progressbar');
    const total = Number(/of (\d+) answered/.exec((await progress.getAttribute('aria-valuetext'))!)![1]);
    expect(await progress.getAttribute('aria-valuetext')).toBe(`0 of ${total} answered`);

    await question.getByRole('button', { name: 'Comments (1)' }).click();
    await question.getByText('Please add the board minutes that approved version 4.').waitFor();
    await question.getByLabel('Your comment').fill('Added: the board minutes of March 2026.');
    await question.getByRole('button', { name: 'Post comment' }).click();
    await question.locator('.comment-list > li').nth(1).waitFor();
    expect(await question.locator('.comment-list > li').first().textContent()).toMatch(/^Another member · /);

    await question.getByRole('radio').first().focus();
    await page.keyboard.press('Space');
    await question.locator('.save-state').getByText('Saved', { exact: true }).waitFor();
    await page.waitForFunction(
      (expected) =>
        (
          globalThis as unknown as {
            document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
          }
        ).document
          .querySelector('[role="progressbar"]')
          ?.getAttribute('aria-valuetext') === expected,
      `1 of ${total} answered`,
      { timeout: 15_000 },
    );
    await checkPage(page, 'questionnaire-comments-respondent');
    await page.context().close();
  });
});
