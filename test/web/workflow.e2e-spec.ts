import 'reflect-metadata';
import type { Browser, Page } from 'playwright-core';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, invite, signUp, uniqueEmail, type SignedUp } from '../support/auth';
import {
  checkPage,
  focused,
  horizontalOverflow,
  launchBrowser,
  newPerson,
  waitForPage,
} from './support/browser';
import { signedInPage } from './support/sign-in';

// A real browser against the real api, every page checked at two widths: minutes on a small CI machine.
jest.setTimeout(400_000);

/** The role of the element with keyboard focus: what the keyboard walk does next depends on it. */
async function focusKind(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = (
      globalThis as unknown as {
        document: {
          activeElement: {
            tagName: string;
            getAttribute(n: string): string | null;
            closest(s: string): unknown;
          } | null;
        };
      }
    ).document.activeElement;
    if (!el) return 'none';
    const inQuestion = !!el.closest('article.question');
    const type = el.getAttribute('type') ?? '';
    if (el.getAttribute('class')?.includes('next-section')) return 'next-section';
    if (!inQuestion) return 'outside';
    if (el.tagName === 'TEXTAREA') return 'textarea';
    return el.tagName === 'INPUT' ? `input:${type}` : 'other';
  });
}

describe('web app: workflow pages at phone and laptop widths', () => {
  let t: TestApp;
  let browser: Browser;
  let officer: SignedUp;
  let auditId: string;
  const audit = () => `/organisations/${officer.orgId}/audits/${auditId}`;

  beforeAll(async () => {
    if (!findWebDist()) throw new Error('Build the web app first: npm run build (the test command does)');
    t = await startTestApp();
    browser = await launchBrowser();
    officer = await signUp(t, { displayName: 'Dana Officer', organisationName: 'Harbour Logistics' });
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

  it('the invitation page says who invited you, to which organisation and in what role', async () => {
    const { token } = await invite(officer.client, officer.orgId, uniqueEmail('hr'), 'respondent');
    const { page } = await newPerson(browser, t.baseUrl);
    await page.goto(`/invitations/accept#token=${token}`);
    await waitForPage(page, 'accept-invitation');
    await page.getByRole('heading', { name: 'Join Harbour Logistics' }).waitFor();
    await page
      .getByText(
        /Dana Officer invited .* to Harbour Logistics's acceptable-use self-assessment as Respondent/,
      )
      .waitFor();
    await page.context().close();
  });

  it('answers the whole questionnaire by keyboard, section after section, and prints the key presses', async () => {
    const page = await signedInPage(browser, t.baseUrl, officer, `${audit()}/sections/it`, 'questionnaire');
    let presses = 0;
    // The last key presses and where focus went after each: printed when the walk goes wrong.
    const trail: string[] = [];
    const press = async (key: string) => {
      presses++;
      await page.keyboard.press(key);
      trail.push(`${key} -> ${await focused(page)} [${await focusKind(page)}]`);
      if (trail.length > 12) trail.shift();
    };
    const sections: string[] = [];
    for (let s = 0; s < 10; s++) {
      sections.push(page.url());
      // From the page's heading (focus lands there after a navigation) to the first answer.
      let guard = 0;
      while ((await focusKind(page)) === 'outside' || (await focusKind(page)) === 'none') {
        await press('Tab');
        if (++guard > 40) throw new Error(`no answer reached by Tab, focus on ${await focused(page)}`);
      }
      for (let q = 0; q < 60; q++) {
        const kind = await focusKind(page);
        if (kind === 'next-section' || kind === 'outside') break;
        if (kind === 'input:radio') await press('ArrowDown');
        else if (kind === 'input:checkbox') await press('Space');
        else if (kind === 'input:number') await press('5');
        else if (kind === 'input:date') for (const k of '15012026') await press(k);
        else if (kind === 'textarea') {
          for (const k of 'Yearly') await press(k);
          await press('Tab');
          continue;
        }
        await press('Enter');
      }
      if ((await focusKind(page)) !== 'next-section') {
        throw new Error(`focus left the walk on ${page.url()}:\n${trail.join('\n')}`);
      }
      const label = await focused(page);
      await press('Enter');
      if (label.includes('back to the overview')) break;
      await page
        .waitForURL((url) => !sections.includes(url.toString()), { timeout: 15_000 })
        .catch(async (e: Error) => {
          throw new Error(
            `${e.message}\nstill on ${page.url()}, focus ${await focused(page)}:\n${trail.join('\n')}`,
          );
        });
      await waitForPage(page, 'questionnaire');
    }
    // Saved as they went (autosave): every section of the audit holds answers. The last section's saves
    // may still be on their way: ask until more than half the questions are answered (or 15 seconds pass).
    let completeness = await officer.client.get(`${audit()}/completeness`);
    for (const until = Date.now() + 15_000; Date.now() < until;) {
      if (completeness.body.answered > completeness.body.total / 2) break;
      await new Promise((r) => setTimeout(r, 100));
      completeness = await officer.client.get(`${audit()}/completeness`);
    }
    console.log(
      `keyboard: ${presses} key presses for ${completeness.body.total} questions in ${sections.length} sections (answered ${completeness.body.answered})`,
    );
    expect(sections.length).toBe(5);
    expect(completeness.body.answered).toBeGreaterThan(completeness.body.total / 2);
    expect(presses).toBeLessThan(completeness.body.total * 4);
    await page.context().close();
  });

  it('N/A asks for its justification in the same step and saves once it is given', async () => {
    let target: { section: string; id: string } | undefined;
    for (const section of ['it', 'hr', 'legal', 'security', 'leadership']) {
      const qs: { id: string; type: string; options: { na?: boolean }[] }[] = (
        await officer.client.get(`${audit()}/sections/${section}`)
      ).body.questions;
      const q = qs.find((x) => x.type !== 'multi_choice' && x.options.some((o) => o.na));
      if (q) {
        target = { section, id: q.id };
        break;
      }
    }
    expect(target).toBeDefined();
    const page = await signedInPage(
      browser,
      t.baseUrl,
      officer,
      `${audit()}/sections/${target!.section}`,
      'questionnaire',
    );
    const card = page.locator(`article[data-question="${target!.id}"]`);
    await card.getByRole('radio', { name: /^Not applicable/ }).focus();
    await page.keyboard.press('Space');
    await card.getByText('Give the reason to save this answer').waitFor();
    await card.getByLabel(/Why does this not apply/).fill('No staff work in that country.');
    await card.locator('.save-state').getByText('Saved', { exact: true }).waitFor();
    expect(await card.locator('.field-error').count()).toBe(0);
    await page.context().close();
  });

  it('at 390 px the navigation folds behind Menu, Sign out stays reachable, and nothing scrolls sideways', async () => {
    const page = await signedInPage(browser, t.baseUrl, officer, audit(), 'audit-overview');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit trail' }).click();
    await waitForPage(page, 'audit-trail');
    await page.getByRole('button', { name: /^Account:/ }).click();
    const signOut = page.getByRole('menuitem', { name: 'Sign out' });
    expect(await signOut.isVisible()).toBe(true);
    const box = (await signOut.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Verify now' }).click();
    await page.getByText(/Intact: \d+ entries checked/).waitFor();
    await checkPage(page, 'audit-trail');
    await page.context().close();
  });

  it('submitted results lead with the summary; history lists versions and the officer reopens from it', async () => {
    const current = await officer.client.get(audit());
    const completeness = await officer.client.get(`${audit()}/completeness`);
    expect(completeness.status).toBe(200);
    const open: number = completeness.body.open.length;
    const submitted = await officer.client.post(
      `${audit()}/submit`,
      {
        statement: 'I confirm these answers are complete and accurate.',
        role: 'Compliance lead',
        ...(open ? { acknowledgeOpenQuestions: open } : {}),
      },
      { headers: { 'if-match': current.headers.get('etag')! } },
    );
    expect(submitted.status).toBe(200);
    const page = await signedInPage(browser, t.baseUrl, officer, `${audit()}/results`, 'results');
    await page.getByRole('heading', { name: 'Summary' }).waitFor();
    await page.getByRole('heading', { name: /Gaps by priority/ }).waitFor();
    // An organisation with no profile belongs to no surveyed population: no survey figure is shown.
    await page
      .getByText('No published survey covers organisations like yours, so no comparison is made.')
      .waitFor();
    expect(await page.getByText('The same figures as a table').count()).toBe(0);
    await checkPage(page, 'results-summary');

    await page.getByRole('link', { name: 'History and versions' }).click();
    await waitForPage(page, 'history');
    await page.getByText(/Version 1 · submitted/).waitFor();
    await page.getByLabel('Reason').fill('The board asked for the HR section again.');
    await page.getByRole('button', { name: 'Reopen for review' }).click();
    await page.getByText('Reopened: the audit is in review.').waitFor();
    expect((await officer.client.get(audit())).body.status).toBe('in_review');
    await page.context().close();
  });
});
