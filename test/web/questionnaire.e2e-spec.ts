import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '@aup/config';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, signUp, type SignedUp } from '../support/auth';
import { TEST_DATABASE_URL } from '../support/env';
import { checkPage, launchBrowser, newPerson, waitForPage } from './support/browser';

// A real browser against the real api: page loads take seconds on a small CI machine.
jest.setTimeout(300_000);

describe('web app: the self-assessment end to end', () => {
  let t: TestApp;
  let restarted: NestFastifyApplication | undefined;
  let browser: Browser;
  let officer: SignedUp;
  let hr: SignedUp;
  let itStaff: SignedUp;
  let auditor: SignedUp;
  let auditId: string;
  const port = () => Number(new URL(t.baseUrl).port);

  beforeAll(async () => {
    if (!findWebDist()) throw new Error('Build the web app first: npm run build (the test command does)');
    t = await startTestApp();
    browser = await launchBrowser();
    officer = await signUp(t, { displayName: 'Dana Officer', organisationName: 'Harbour Logistics' });
    hr = await addMember(t, officer.client, officer.orgId, 'respondent');
    itStaff = await addMember(t, officer.client, officer.orgId, 'respondent');
    auditor = await addMember(t, officer.client, officer.orgId, 'auditor');
    const created = await officer.client.post(`/organisations/${officer.orgId}/audits`, {
      title: '2026 self-assessment',
      dueDate: '2026-12-31',
    });
    expect(created.status).toBe(201);
    auditId = created.body.id;
    const assigned = await officer.client.request(
      'PUT',
      `/organisations/${officer.orgId}/audits/${auditId}/assignments`,
      {
        sections: [
          { section: 'hr', userIds: [hr.userId] },
          { section: 'it', userIds: [itStaff.userId] },
        ],
      },
    );
    expect(assigned.status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await (restarted ?? t.app).close();
  });

  async function signedInPage(person: SignedUp, path: string): Promise<Page> {
    const { page } = await newPerson(browser, t.baseUrl);
    await page.goto(`/sign-in?next=${encodeURIComponent(path)}`);
    await waitForPage(page, 'sign-in');
    await page.getByLabel('Work e-mail').fill(person.email);
    await page.getByLabel('Password').fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }
  const sectionPath = (s: string) => `/organisations/${officer.orgId}/audits/${auditId}/sections/${s}`;
  const firstQuestion = (page: Page) => page.locator('article.question').first();
  const saveState = (page: Page) => firstQuestion(page).locator('.save-state');

  /** Picks the first question's option with the keyboard alone: Tab into the group, arrows to move. */
  async function answerFirstWithKeyboard(page: Page, steps: number): Promise<void> {
    await firstQuestion(page).getByRole('radio').first().focus();
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
    if (steps === 0) await page.keyboard.press('Space');
  }

  it('HR answers with autosave while IT answers in parallel; a stopped api shows "Not saved", keeps the input and saves when back', async () => {
    const [hrPage, itPage] = await Promise.all([
      signedInPage(hr, sectionPath('hr')),
      signedInPage(itStaff, sectionPath('it')),
    ]);
    await Promise.all([waitForPage(hrPage, 'questionnaire'), waitForPage(itPage, 'questionnaire')]);
    await checkPage(hrPage, 'questionnaire-hr');

    await Promise.all([answerFirstWithKeyboard(hrPage, 0), answerFirstWithKeyboard(itPage, 1)]);
    await Promise.all([
      saveState(hrPage).getByText('Saved', { exact: true }).waitFor(),
      saveState(itPage).getByText('Saved', { exact: true }).waitFor(),
    ]);

    // The api goes away mid-session.
    await t.app.close();
    await answerFirstWithKeyboard(hrPage, 2);
    await saveState(hrPage)
      .getByText(/Not saved/)
      .waitFor({ timeout: 15_000 });
    await checkPage(hrPage, 'questionnaire-not-saved');
    const chosen = await firstQuestion(hrPage)
      .locator('.choice-group [data-selected] input[type=radio]')
      .getAttribute('value');
    expect(chosen).toBeTruthy();

    // Back on the same address: the queued answer is saved without the person doing anything.
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: TEST_DATABASE_URL,
      MIGRATIONS_RUN: 'false',
    });
    restarted = await createApiApp(config, { logger: false });
    await restarted.listen({ port: port(), host: '127.0.0.1' });
    await saveState(hrPage).getByText('Saved', { exact: true }).waitFor({ timeout: 30_000 });
    const section = await hr.client.get(`/organisations/${officer.orgId}/audits/${auditId}/sections/hr`);
    expect(section.body.questions[0].answer.value).toBe(chosen);
    await Promise.all([hrPage.context().close(), itPage.context().close()]);
  });

  it('an auditor can read the questionnaire but not edit it', async () => {
    const page = await signedInPage(auditor, sectionPath('hr'));
    await waitForPage(page, 'questionnaire');
    await page.getByText('You can read this section but not change it.').waitFor();
    expect(await firstQuestion(page).getByRole('radiogroup').first().getAttribute('aria-readonly')).toBe(
      'true',
    );
    expect(await page.getByRole('button', { name: 'Add evidence reference' }).count()).toBe(0);
    await checkPage(page, 'questionnaire-auditor');
    await page.context().close();
  });

  it('the compliance officer sees the overview, submits with attestation and reads the results', async () => {
    const page = await signedInPage(officer, `/organisations/${officer.orgId}/audits/${auditId}`);
    await waitForPage(page, 'audit-overview');
    await page.getByRole('link', { name: 'Review and submit' }).click();
    await waitForPage(page, 'submit');
    await page.getByLabel('Your function').fill('Chief Compliance Officer');
    // Most questions are open: submitting needs the explicit "submit incomplete" attestation.
    const incomplete = page.getByRole('checkbox', {
      name: /Submit incomplete: \d+ of \d+ questions are open/,
    });
    await incomplete.focus();
    await page.keyboard.press('Space');
    await page.getByRole('checkbox', { name: /attestation in my own name/ }).focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Submit with attestation' }).click();
    await waitForPage(page, 'results');
    await page.getByText('This is not legal advice.', { exact: false }).waitFor();
    await page.getByRole('heading', { name: 'Attestation' }).waitFor();
    // Summary first, the incomplete submission said up front.
    expect(await page.locator('main h2').first().innerText()).toBe('Summary');
    await page.getByText(/Submitted incomplete: \d+ of \d+ questions were not answered/).waitFor();
    // Gaps by priority, each behind a disclosure; reasons cite sources by id, linked to the one list of sources.
    const gap = page.locator('ul.gaps > li').first();
    await gap.locator('summary').click();
    const cite = gap.locator('a.cite').first();
    expect(await cite.innerText()).toMatch(/^\[[A-Za-z0-9][A-Za-z0-9._-]*\]$/);
    const target = (await cite.getAttribute('href'))!;
    expect(await page.locator(`ol.sources > li${target}`).count()).toBe(1);
    const ids = await Promise.all(
      (await page.locator('ol.sources > li').all()).map((li) => li.getAttribute('id')),
    );
    expect(new Set(ids).size).toBe(ids.length);
    await page.context().close();
  });
});
