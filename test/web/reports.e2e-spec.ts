import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, signUp, type SignedUp } from '../support/auth';
import { setProfile, answersFixture } from '../audits/support/audit-fixtures';
import { answeredAudit } from '../reports/report-fixtures';
import { clearPrefix, FAST_JOBS_ENV, startWorkerContext, uniquePrefix } from '../jobs/jobs-harness';
import { TEST_REDIS_URL } from '../support/env';
import { checkPage, launchBrowser, newPerson, waitForPage } from './support/browser';
import { signedInPage } from './support/sign-in';

jest.setTimeout(180_000);

/** An auditor requests a PDF in the browser, watches it render, downloads it and checks its digest. */
describe('web app: reports', () => {
  const prefix = uniquePrefix();
  const env = { REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, ...FAST_JOBS_ENV };
  let t: TestApp;
  let worker: INestApplicationContext | undefined;
  let browser: Browser;
  let officer: SignedUp;
  let auditor: SignedUp;
  let auditId: string;

  beforeAll(async () => {
    if (!findWebDist()) throw new Error('Build the web app first: npm run build (the test command does)');
    // Full mode: reports wait in the queue until a worker starts, so the test decides when rendering begins.
    t = await startTestApp(env);
    browser = await launchBrowser();
    officer = await signUp(t, { displayName: 'Dana Officer', organisationName: 'Harbour Logistics' });
    await setProfile(officer.client, officer.orgId, answersFixture('multinational-12000').profile);
    auditor = await addMember(t, officer.client, officer.orgId, 'auditor');
    auditId = await answeredAudit(officer.client, officer.orgId);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await t?.close();
    await clearPrefix(prefix);
  });

  it("an auditor who signs in lands on the reports of the organisation's latest submitted audit; axe-clean", async () => {
    // A later audit that is not submitted yet: the auditor still lands on the submitted one.
    await answeredAudit(officer.client, officer.orgId, { submit: false, title: 'CSAM readiness 2027' });
    const { page } = await newPerson(browser, t.baseUrl);
    await page.goto('/sign-in');
    await waitForPage(page, 'sign-in');
    await page.getByLabel('Work e-mail').fill(auditor.email);
    await page.getByLabel('Password').fill(auditor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForPage(page, 'reports');
    expect(new URL(page.url()).pathname).toBe(`/organisations/${officer.orgId}/audits/${auditId}/reports`);
    await page.getByRole('button', { name: 'Request report' }).waitFor();
    await checkPage(page, 'reports-auditor-landing');
    await page.context().close();
  });

  it('requests a PDF, shows progress, then downloads a file whose SHA-256 is the one shown; axe-clean, no horizontal scroll at 390 px', async () => {
    const page = await signedInPage(
      browser,
      t.baseUrl,
      auditor,
      `/organisations/${officer.orgId}/audits/${auditId}/reports`,
      'reports',
    );
    await page.getByText('No reports yet.').waitFor();
    await checkPage(page, 'reports-empty');
    await page.getByLabel('Format').selectOption('pdf');
    await page.getByRole('button', { name: 'Request report' }).click();
    const item = page.locator('.report-item').first();
    // No worker runs yet, so the report waits in the queue, shown as a labelled progress bar.
    await item.getByRole('progressbar', { name: 'Queued' }).waitFor();
    expect(await item.getAttribute('data-status')).toBe('queued');
    await checkPage(page, 'reports-queued');
    // The worker renders it; the list refreshes by itself until the file is ready.
    worker = await startWorkerContext(env);
    const download = item.getByRole('link', { name: /^Download .*_report\.pdf/ });
    await download.waitFor({ timeout: 60_000 });
    await checkPage(page, 'reports-ready');
    const shown = (await item.locator('.digest code').textContent())!.trim();
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toMatch(
      /^Harbour-Logistics_CSAM-readiness-2026_\d{4}-\d{2}-\d{2}_report\.pdf$/,
    );
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(shown);

    await page.setViewportSize({ width: 390, height: 844 });
    // Nothing on the page wider than the screen (the elements sticking out are named). The app header's
    // account button is the layout's, outside this page.
    const wide = await page.evaluate(() => {
      type El = { tagName: string; className: string; getBoundingClientRect(): { right: number } };
      const doc = (
        globalThis as unknown as {
          document: { documentElement: { clientWidth: number }; querySelectorAll(s: string): El[] };
        }
      ).document;
      const width = doc.documentElement.clientWidth;
      return [...doc.querySelectorAll('.page *')]
        .filter((e) => e.getBoundingClientRect().right > width + 1)
        .map((e) => `${e.tagName}.${e.className}`);
    });
    expect(wide).toEqual([]);
    await checkPage(page, 'reports-390');
    await page.context().close();
  });
});
