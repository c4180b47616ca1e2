import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { answersFixture, setProfile } from '../audits/support/audit-fixtures';
import { allItems, submitAudit } from '../remediation/remediation-support';
import { startTestApp, type TestApp } from '../support/app';
import { invite, signUp, uniqueEmail, type SignedUp } from '../support/auth';
import { checkPage, launchBrowser, newPerson, waitForPage } from './support/browser';
import { signedInPage } from './support/sign-in';

// Every route at two widths with axe: minutes on a small CI machine.
jest.setTimeout(600_000);

/** Every `path:` of the web app's router, so that a new route without a visit below fails this spec. */
function routerPaths(): string[] {
  const source = readFileSync(join(__dirname, '../../apps/web/src/routes.tsx'), 'utf8');
  return [...source.matchAll(/path:\s*'([^']+)'/g)].map((m) => m[1]);
}

interface Visit {
  /** The route as written in the router. */
  route: string;
  /** The page's ready id (see markInteractive). */
  ready: string;
  /** The address to open. */
  path: () => string;
  /** Signed in as the organisation's administrator, or signed out. */
  signedIn: boolean;
}

describe('web app: every page at phone and laptop widths, zero axe violations and no sideways scroll', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: SignedUp;
  let submittedId: string;
  let openId: string;
  let itemId: string;
  let invitationToken: string;
  const org = () => `/organisations/${admin.orgId}`;

  const visits: Visit[] = [
    { route: '/sign-in', ready: 'sign-in', path: () => '/sign-in', signedIn: false },
    { route: '/sign-up', ready: 'sign-up', path: () => '/sign-up', signedIn: false },
    { route: '/forgot-password', ready: 'forgot-password', path: () => '/forgot-password', signedIn: false },
    {
      route: '/password-reset',
      ready: 'reset-password',
      path: () => '/password-reset#token=not-checked-until-submitted',
      signedIn: false,
    },
    {
      route: '/invitations/accept',
      ready: 'accept-invitation',
      path: () => `/invitations/accept#token=${invitationToken}`,
      signedIn: false,
    },
    { route: '/', ready: 'audits', path: () => '/', signedIn: true },
    { route: '/organisations/:orgId/audits', ready: 'audits', path: () => `${org()}/audits`, signedIn: true },
    {
      route: '/organisations/:orgId/audits/:auditId',
      ready: 'audit-overview',
      path: () => `${org()}/audits/${openId}`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/audits/:auditId/sections/:section',
      ready: 'questionnaire',
      path: () => `${org()}/audits/${openId}/sections/legal`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/audits/:auditId/submit',
      ready: 'submit',
      path: () => `${org()}/audits/${openId}/submit`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/audits/:auditId/results',
      ready: 'results',
      path: () => `${org()}/audits/${submittedId}/results`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/audits/:auditId/history',
      ready: 'history',
      path: () => `${org()}/audits/${submittedId}/history`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/audit-trail',
      ready: 'audit-trail',
      path: () => `${org()}/audit-trail`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/audits/:auditId/reports',
      ready: 'reports',
      path: () => `${org()}/audits/${submittedId}/reports`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/admin/members',
      ready: 'members',
      path: () => `${org()}/admin/members`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/admin/integrations',
      ready: 'integrations',
      path: () => `${org()}/admin/integrations`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/profile',
      ready: 'profile',
      path: () => `${org()}/profile`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/policy-model/clauses',
      ready: 'policy-clauses',
      path: () => `${org()}/policy-model/clauses`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/policy-model/action-plan',
      ready: 'policy-action-plan',
      path: () => `${org()}/policy-model/action-plan`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/policy-model/obligations',
      ready: 'policy-obligations',
      path: () => `${org()}/policy-model/obligations`,
      signedIn: true,
    },
    { route: '/portfolio', ready: 'portfolio', path: () => '/portfolio', signedIn: true },
    { route: '/account/security', ready: 'security', path: () => '/account/security', signedIn: true },
    { route: '/account/tokens', ready: 'tokens', path: () => '/account/tokens', signedIn: true },
    {
      route: '/organisations/:orgId/remediation',
      ready: 'remediation-board',
      path: () => `${org()}/remediation`,
      signedIn: true,
    },
    {
      route: '/organisations/:orgId/remediation/:itemId',
      ready: 'remediation-item',
      path: () => `${org()}/remediation/${itemId}`,
      signedIn: true,
    },
    { route: '/my-tasks', ready: 'my-tasks', path: () => '/my-tasks', signedIn: true },
    { route: '*', ready: 'not-found', path: () => '/no-such-page', signedIn: true },
  ];

  let signedIn: Page;
  let signedOut: Page;

  beforeAll(async () => {
    if (!findWebDist()) throw new Error('Build the web app first: npm run build (the test command does)');
    t = await startTestApp();
    browser = await launchBrowser();
    admin = await signUp(t, { displayName: 'Dana Officer', organisationName: 'Harbour Logistics' });
    // Japan has no content and France only EU law: the results list both as not fully covered.
    const profile = answersFixture('multinational-12000').profile;
    await setProfile(admin.client, admin.orgId, {
      ...profile,
      countries: [...(profile.countries as string[]), 'FR', 'JP'],
    });
    submittedId = await submitAudit(admin.client, admin.orgId, (controlId) => controlId.startsWith('GOV'));
    const opened = await admin.client.post(`${org()}/audits`, { title: '2027 self-assessment' });
    expect(opened.status).toBe(201);
    openId = opened.body.id;
    itemId = (await allItems(admin.client, admin.orgId))[0].id;
    ({ token: invitationToken } = await invite(admin.client, admin.orgId, uniqueEmail('hr'), 'respondent'));
    signedIn = await signedInPage(browser, t.baseUrl, admin, `${org()}/audits`, 'audits');
    signedOut = (await newPerson(browser, t.baseUrl)).page;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('visits every route of the router', () => {
    expect(visits.map((v) => v.route).sort()).toEqual(routerPaths().sort());
  });

  it.each(visits.map((v) => [v.route, v] as const))('%s', async (_route, visit) => {
    const page = visit.signedIn ? signedIn : signedOut;
    // A full load each time: the page under test starts from its own address, not from the previous page.
    await page.goto('about:blank');
    await page.goto(visit.path());
    await waitForPage(page, visit.ready);
    if (visit.ready === 'results') {
      // The countries without content and the caveats reach the reader, in the page that states the law.
      const coverage = page.locator('.coverage');
      await coverage.getByRole('heading', { name: 'Countries not fully covered' }).waitFor();
      await expect(coverage.getByRole('listitem').allInnerTexts()).resolves.toEqual(
        expect.arrayContaining([
          'Japan: not covered: confirm locally with counsel.',
          expect.stringMatching(
            /^France: only .+ is covered; national law is not covered: confirm locally with counsel\.$/,
          ),
        ]),
      );
      const caveats = page.locator('details', { hasText: 'Caveats that qualify these results' });
      await caveats.locator('summary').click();
      const texts = await caveats.getByRole('listitem').allInnerTexts();
      expect(texts[0]).toMatch(/not legal advice/i);
      expect(texts).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Counsel must confirm \d+ obligations before relying on them: /),
          expect.stringMatching(/confirm locally with counsel: .*France.*Japan/),
        ]),
      );
      // Survey figures only where the organisation belongs to the surveyed population; the others say so.
      const { body } = await admin.client.get(`${org()}/audits/${submittedId}/results`);
      const benchmarks = body.result.benchmarks as { label: string; status: string; population: string }[];
      const shown = benchmarks.filter((b) => b.status !== 'no_comparable');
      const section = page.getByRole('region', { name: 'Compared with published surveys' });
      await expect(section.locator('.benchmark-label').allInnerTexts()).resolves.toEqual(
        shown.map((b) => b.label),
      );
      for (const b of shown)
        await section.getByText(`% of ${b.population}`, { exact: false }).first().waitFor();
      await expect(section.locator('.benchmarks-not-comparable li').count()).resolves.toBe(
        benchmarks.length - shown.length,
      );
    }
    await checkPage(page, `every-page-${visit.ready}`);
  });
});
