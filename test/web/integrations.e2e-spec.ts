import 'reflect-metadata';
import type { Browser, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { WebhookListener } from '../remediation/webhook-listener';
import { startTestApp, type TestApp } from '../support/app';
import { signUp, type SignedUp } from '../support/auth';
import { openTestDatabase } from '../support/database';
import { checkPage, launchBrowser } from './support/browser';
import { signedInPage } from './support/sign-in';

jest.setTimeout(600_000);

describe('web app: an admin connects the reminder webhook and queues failed work again', () => {
  let t: TestApp;
  let ds: DataSource;
  let browser: Browser;
  let admin: SignedUp;
  let page: Page;
  const hook = new WebhookListener();

  beforeAll(async () => {
    if (!findWebDist()) throw new Error('Build the web app first: npm run build (the test command does)');
    await hook.start();
    // Embedded jobs (no REDIS_URL): the test event is delivered in-process, to a real HTTP listener.
    t = await startTestApp({ WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true' });
    ds = await openTestDatabase();
    browser = await launchBrowser();
    admin = await signUp(t, { organisationName: 'Harbour Logistics' });
    page = await signedInPage(
      browser,
      t.baseUrl,
      admin,
      `/organisations/${admin.orgId}/admin/integrations`,
      'integrations',
    );
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await ds?.destroy();
    await hook.stop();
  });

  const deliveries = () => page.getByRole('table', { name: /delivery attempts/ });

  it('adds the webhook, shows its signing secret once, and a signed test event arrives', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Reminders and integrations' })
      .waitFor();
    await page.getByText('Nothing has been sent yet.').waitFor();
    await page.getByText('Nothing has failed.').waitFor();
    expect(await page.getByRole('button', { name: 'Send a test event' }).isDisabled()).toBe(true);

    // A URL that is not https is refused by the api, next to the field.
    await page.getByRole('textbox', { name: 'URL' }).fill('http://hooks.example.org/aup');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByRole('alert').filter({ hasText: 'The webhook was not saved' }).waitFor();
    await page
      .getByText(/must be an https:\/\/ URL/)
      .first()
      .waitFor();

    await page.getByRole('textbox', { name: 'URL' }).fill(hook.url);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = page.getByLabel('Webhook signing secret');
    await secret.waitFor();
    hook.secret = (await secret.innerText()).trim();
    expect(hook.secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    await page.getByRole('button', { name: 'Send a test event' }).click();
    await page.getByText('Test event queued.').waitFor();
    await deliveries().getByText('Delivered').waitFor({ timeout: 30_000 });
    expect(hook.badSignatures).toBe(0);
    expect([...hook.accepted.values()].map((e) => e.body.type)).toEqual(['test']);
    await expect(deliveries().getByRole('row').nth(1).innerText()).resolves.toMatch(/Test event/);

    // Saving again keeps the secret; the page says so and shows no secret.
    await page.reload();
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await page.getByText('Saved. The signing secret is unchanged.').waitFor();
    expect(await page.getByLabel('Webhook signing secret').count()).toBe(0);
  });

  it('lists work that failed for good and queues it again once', async () => {
    // A dead letter as the worker leaves it after the last attempt (the webhook answered 500 every time).
    const [{ id }]: { id: string }[] = await ds.query(
      `INSERT INTO outbox (queue, name, payload, status, attempts, failed_at, last_error)
       VALUES ('notifications', 'notification.webhook', $1, 'failed', 8, now(), 'HTTP 500') RETURNING id`,
      [{ organisationId: admin.orgId, test: true }],
    );
    await page.reload();
    const failed = page.getByRole('region', { name: 'Background work that failed' });
    const row = failed.getByRole('row').filter({ hasText: 'Webhook delivery' });
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(/HTTP 500/);
    await checkPage(page, 'integrations-filled');

    await row.getByRole('button', { name: /^Queue again: Webhook delivery/ }).click();
    await page.getByText('Queued again.').waitFor();
    await failed.getByText('Nothing has failed.').waitFor();
    const [old]: { retried_as: string | null }[] = await ds.query(
      `SELECT retried_as FROM outbox WHERE id = $1`,
      [id],
    );
    expect(old.retried_as).toEqual(expect.any(String));
    // The new job runs: a second test event reaches the listener.
    await deliveries().getByText('Delivered').nth(1).waitFor({ timeout: 30_000 });
    expect(hook.accepted.size).toBe(2);
  });
});
