import 'reflect-metadata';
import type { Browser, Page } from 'playwright-core';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, signUp, type SignedUp } from '../support/auth';
import { checkPage, launchBrowser, waitForPage } from './support/browser';
import { signedInPage } from './support/sign-in';

jest.setTimeout(180_000);

/**
 * Elements of the page's main content that stick out of the window (none: no horizontal scrolling caused by
 * these pages). The shared header is left out: its account button is the layout's, not these pages'.
 */
const overflow = (page: Page) =>
  page.evaluate(() => {
    type El = { tagName: string; className: string; getBoundingClientRect(): { right: number } };
    const { document: doc } = globalThis as unknown as {
      document: {
        documentElement: { scrollWidth: number; clientWidth: number };
        querySelectorAll(s: string): ArrayLike<El>;
      };
    };
    const width = doc.documentElement.clientWidth;
    const wide = Array.from(doc.querySelectorAll('#main *'))
      .filter((e) => e.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${String(e.className)}`);
    return wide;
  });

describe('web app: policy model and portfolio', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: SignedUp;
  let officer: SignedUp;
  let page: Page;

  beforeAll(async () => {
    if (!findWebDist()) throw new Error('Build the web app first: npm run build (the test command does)');
    t = await startTestApp();
    browser = await launchBrowser();
    admin = await signUp(t, { displayName: 'Robin Admin', organisationName: 'Harbour Logistics' });
    officer = await addMember(t, admin.client, admin.orgId, 'compliance_officer');
    const org = await admin.client.get(`/organisations/${admin.orgId}`);
    await admin.client.patch(
      `/organisations/${admin.orgId}`,
      { profile: { headcount: 400, countries: ['GB', 'NL'] } },
      { headers: { 'if-match': org.headers.get('etag')! } },
    );
    page = await signedInPage(browser, t.baseUrl, admin, `/organisations/${admin.orgId}/audits`, 'audits');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('adopts a clause from the policy page; coverage and history follow', async () => {
    await page.getByRole('link', { name: 'Acceptable-use policy' }).click();
    await waitForPage(page, 'policy-clauses');
    await page.getByText(/0 of \d+ clauses that apply are adopted or adapted/).waitFor();

    const first = page.locator('.pm-list > li').first();
    await first.getByLabel('State').selectOption('adopted');
    await first.getByLabel('Where it is in your policy').fill('Acceptable-use policy v3, section 4');
    await first.getByRole('button', { name: 'Save clause 1' }).press('Enter');
    await page.getByText(/1 of \d+ clauses that apply are adopted or adapted/).waitFor();
    const refreshed = page.locator('.pm-list > li').first();
    await refreshed.getByRole('button', { name: /Show history/ }).click();
    await refreshed.getByText(/: created/).waitFor();
    // The document is prepared through the queue (the api runs the worker in process here), then offered.
    await page.getByRole('button', { name: 'Word (DOCX)' }).click();
    const link = page.getByRole('link', { name: /^Download policy-v\d+-\d{4}-\d{2}-\d{2}\.docx$/ });
    await link.waitFor({ timeout: 60_000 });
    expect(await link.getAttribute('href')).toMatch(/\/policy-model\/documents\/[0-9a-f-]{36}\/download$/);
  });

  it('a new audit offers the adopted clause as a suggested answer; one press confirms it as the answer', async () => {
    const audit = await admin.client.post(`/organisations/${admin.orgId}/audits`, {
      title: 'Readiness 2027',
    });
    expect(audit.status).toBe(201);
    const base = `/organisations/${admin.orgId}/audits/${audit.body.id}`;
    const { body } = await admin.client.get(`${base}/suggestions`);
    const suggestion = (
      body.items as { questionId: string; section: string; value: string | null; basis: string }[]
    ).find((x) => x.value && x.basis.startsWith('clause 1 '))!;
    expect(suggestion).toBeDefined();
    await page.goto(`${base}/sections/${suggestion.section}`);
    await waitForPage(page, 'questionnaire');
    const card = page.locator(`[data-question="${suggestion.questionId}"]`);
    const hint = card.locator(`[data-suggestion="${suggestion.questionId}"]`);
    await hint.getByText(suggestion.basis, { exact: false }).waitFor();
    // Nothing is saved until the person confirms it.
    const before = await admin.client.get(`${base}/sections/${suggestion.section}`);
    const question = (id: string, res: typeof before) =>
      (res.body.questions as { id: string; answer: { value: unknown } | null }[]).find((q) => q.id === id)!;
    expect(question(suggestion.questionId, before).answer ?? null).toBeNull();
    await hint.getByRole('button', { name: 'Use this answer' }).click();
    await card.getByText('Saved', { exact: true }).first().waitFor();
    const after = await admin.client.get(`${base}/sections/${suggestion.section}`);
    expect([question(suggestion.questionId, after).answer!.value].flat()).toEqual([suggestion.value]);
    // Answered now: the button is gone, the hint stays as the answer's basis.
    expect(await hint.getByRole('button', { name: 'Use this answer' }).count()).toBe(0);
  });

  it('refuses the same person as owner and deputy of a step, then saves two people', async () => {
    await page.getByRole('link', { name: 'Action plan' }).click();
    await waitForPage(page, 'policy-action-plan');
    const step = page.locator('.pm-list > li').first();
    await step.getByLabel('Owner').waitFor();
    await step.getByLabel('Owner').selectOption({ label: 'Robin Admin' });
    await step.getByLabel('Deputy', { exact: true }).selectOption({ label: 'Robin Admin' });
    await step.getByRole('button', { name: /^Save step/ }).click();
    await step
      .getByRole('alert')
      .getByText(/different people/)
      .waitFor();
    await checkPage(page, 'policy-action-plan-error');
    await step.getByLabel('Deputy', { exact: true }).selectOption({ value: officer.userId });
    await step.getByRole('button', { name: /^Save step/ }).click();
    await page
      .getByText(/has no named owner/)
      .first()
      .waitFor();
    expect(await page.getByText(/Step "[^"]+" has no named owner/).count()).toBeGreaterThan(0);
    expect(
      await page.locator('.pm-list > li').first().getByLabel('Deputy', { exact: true }).inputValue(),
    ).toBe(officer.userId);
  });

  it('lists obligations and the countries not fully covered', async () => {
    await page.getByRole('link', { name: 'Obligations register' }).click();
    await waitForPage(page, 'policy-obligations');
    await page
      .getByText(/^Netherlands: only European Union is covered; .*confirm locally with counsel/)
      .waitFor();
  });

  it('shows the portfolio', async () => {
    await page.getByRole('link', { name: 'Portfolio' }).click();
    await waitForPage(page, 'portfolio');
    await page.getByText('Showing 1–1 of 1 organisations.').waitFor();
  });

  it('is usable at 390 px: nothing in the pages sticks out of the window (axe: every-page)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, id, ready] of [
      [`/organisations/${admin.orgId}/policy-model/clauses`, 'policy-clauses', /clauses that apply/],
      [`/organisations/${admin.orgId}/policy-model/action-plan`, 'policy-action-plan', /Completeness/],
      [
        `/organisations/${admin.orgId}/policy-model/obligations`,
        'policy-obligations',
        /Countries not fully covered/,
      ],
      ['/portfolio', 'portfolio', /Showing 1–1/],
    ] as const) {
      await page.goto(path);
      await waitForPage(page, id);
      await page.getByText(ready).first().waitFor();
      expect({ path, sticksOut: await overflow(page) }).toEqual({ path, sticksOut: [] });
    }
  }, 300_000);
});
