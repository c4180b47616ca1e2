import 'reflect-metadata';
import type { Browser, Page } from 'playwright-core';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { startTestApp, type TestApp } from '../support/app';
import { checkPage, focused, launchBrowser, newPerson, waitForPage } from './support/browser';

// A real browser against the real api: page loads take seconds on a small CI machine.
jest.setTimeout(60_000);

describe('web app shell (signed out)', () => {
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

  it('renders the sign-in page without serious accessibility violations', async () => {
    await page.goto('/sign-in');
    await waitForPage(page, 'sign-in');
    await expect(page.title()).resolves.toBe('Sign in · aup-audit');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await page.getByRole('contentinfo').textContent()).toContain(
      'never asks for, accepts or inspects content',
    );
  });

  it('sends a signed-out visitor of an app page to sign-in and remembers where they were going', async () => {
    await page.goto('/organisations/00000000-0000-4000-8000-000000000000/audits');
    await waitForPage(page, 'sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe(
      '/organisations/00000000-0000-4000-8000-000000000000/audits',
    );
  });

  it('can be used with the keyboard alone: skip link, fields and buttons in order', async () => {
    await page.goto('/sign-in');
    await waitForPage(page, 'sign-in');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^input:Work e-mail/);
    await page.keyboard.type('nobody@example.org');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^input:Password/);
    await page.keyboard.type('not the password');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Sign in');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a:Forgot your password?');
    await page.keyboard.press('Enter');
    await waitForPage(page, 'forgot-password');
    // After a client-side navigation focus lands on the new page's heading.
    expect(await focused(page)).toBe('h1:Reset your password');
  });

  // Every route is checked by every-page; this is the invitation page for a link that is not valid.
  it('renders an invitation link that is not valid accessibly', async () => {
    await page.goto('/invitations/accept#token=abc');
    await waitForPage(page, 'accept-invitation');
    await checkPage(page, 'accept-invitation-invalid');
  });
});
