import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PolicyDocumentView } from '@aup/contracts';
import { clearPrefix, FAST_JOBS_ENV, startWorkerContext, uniquePrefix, waitFor } from '../jobs/jobs-harness';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, signUp, type SignedUp } from '../support/auth';
import { TEST_REDIS_URL } from '../support/env';

const run = promisify(execFile);

/** Downloads a document as raw bytes (the test client parses JSON). */
async function download(
  t: TestApp,
  token: string,
  path: string,
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${t.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/**
 * The policy and the action plan as documents, in full mode: the api writes the request and its outbox job,
 * a real worker on real Redis renders the file; the PDF is read by pdftotext, the DOCX opened by LibreOffice Writer.
 */
describe('policy model documents', () => {
  const prefix = uniquePrefix();
  const env = { REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, ...FAST_JOBS_ENV };
  let t: TestApp;
  let worker: INestApplicationContext;
  let admin: SignedUp;
  let deputy: SignedUp;
  let token: string;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp(env);
    worker = await startWorkerContext(env);
    dir = await mkdtemp(join(tmpdir(), 'aup-docs-'));
    admin = await signUp(t, { organisationName: 'Documents Org', displayName: 'Alex Owner' });
    deputy = await addMember(t, admin.client, admin.orgId, 'compliance_officer');
    token = (await admin.client.post('/me/tokens', { name: 'docs' })).body.token;
    base = `/organisations/${admin.orgId}/policy-model`;
    const clauses = (await admin.client.get(`${base}/clauses`)).body.items as { id: string }[];
    expect(
      (
        await admin.client.request('PUT', `${base}/clauses/${clauses[0].id}`, {
          state: 'adopted',
          documentRef: 'AUP v3, section 4',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await admin.client.request('PUT', `${base}/clauses/${clauses[1].id}`, {
          state: 'adapted',
          wording: 'Documents Org own wording for the scope.',
        })
      ).status,
    ).toBe(200);
    const steps = (await admin.client.get(`${base}/action-plan`)).body.steps as { id: string }[];
    const step = await admin.client.request('PUT', `${base}/action-plan/steps/${steps[0].id}`, {
      ownerUserId: admin.userId,
      deputyUserId: deputy.userId,
      contacts: [{ kind: 'police', role: 'Regional police cybercrime unit', route: '+44 20 7946 0000' }],
    });
    expect(step.status).toBe(200);
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
    await clearPrefix(prefix);
    await rm(dir, { recursive: true, force: true });
  });

  /** Requests a document, waits for the worker to render it, and downloads it. */
  async function render(document: string, format: string) {
    const res = await admin.client.post(`${base}/documents`, { document, format });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ document, format, status: 'queued', downloadPath: null });
    expect(res.headers.get('location')).toBe(`/api/v1${base}/documents/${res.body.id}`);
    const view = await waitFor(
      'document rendered',
      async () => {
        const r = await admin.client.get(`${base}/documents/${res.body.id}`);
        if (r.body.status === 'failed') throw new Error(`render failed: ${r.body.error}`);
        return r.body.status === 'done' && (r.body as PolicyDocumentView);
      },
      60_000,
      100,
    );
    return { view, ...(await download(t, token, view.downloadPath!)) };
  }

  /** A DOCX as LibreOffice Writer opens it, converted to plain text. */
  async function docxText(bytes: Buffer, name: string): Promise<string> {
    const file = join(dir, `${name}.docx`);
    await writeFile(file, bytes);
    await run(
      'soffice',
      [
        `-env:UserInstallation=${pathToFileURL(join(dir, 'lo-profile')).href}`,
        '--headless',
        '--convert-to',
        'txt:Text',
        '--outdir',
        dir,
        file,
      ],
      { timeout: 120_000 },
    );
    return readFile(join(dir, `${name}.txt`), 'utf8');
  }

  it('renders the adopted policy as a PDF with numbered clauses, version, date and a sources annex', async () => {
    const res = await render('policy', 'pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="policy-v2-\d{4}-\d{2}-\d{2}\.pdf"; filename\*=UTF-8''policy-v2-/,
    );
    expect(res.headers.get('repr-digest')).toBe(
      `sha-256=:${Buffer.from(res.view.sha256!, 'hex').toString('base64')}:`,
    );
    expect(res.headers.get('etag')).toBe(`"${res.view.sha256}"`);
    expect(res.view.size).toBe(res.bytes.length);
    // The same file again: 304 for the copy held; the request and the download are in the trail.
    const again = await fetch(`${t.baseUrl}/api/v1${res.view.downloadPath}`, {
      headers: { authorization: `Bearer ${token}`, 'if-none-match': `"${res.view.sha256}"` },
    });
    expect(again.status).toBe(304);
    const trail = await admin.client.get(
      `/organisations/${admin.orgId}/audit-trail?entity=policy_document&entityId=${res.view.id}`,
    );
    expect(trail.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'downloaded',
      'requested',
    ]);
    const file = join(dir, 'policy.pdf');
    await writeFile(file, res.bytes);
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    expect(stdout).toContain('Documents Org');
    expect(stdout).toMatch(/Version 2, \d{4}-\d{2}-\d{2}/);
    expect(stdout).toMatch(/1\. \S/);
    expect(stdout).toContain('2. ');
    expect(stdout).toContain('Documents Org own wording for the scope.');
    expect(stdout).toContain('Annex: sources');
    expect(stdout).toContain('not legal advice');
  });

  it('renders the action plan as a DOCX that LibreOffice Writer opens, with owner, deputy and contacts', async () => {
    const res = await render('action-plan', 'docx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const text = await docxText(res.bytes, 'plan');
    expect(text).toContain('Action plan');
    expect(text).toContain('Owner: Alex Owner');
    expect(text).toContain('Regional police cybercrime unit (police): +44 20 7946 0000');
    expect(text).toMatch(/Version \d+, \d{4}-\d{2}-\d{2}/);
    expect(text).toContain('Annex: sources');
  }, 150_000);

  it('renders the policy as DOCX and the plan as PDF too, each read back as a reader would; an unknown document or format is refused', async () => {
    const policy = await docxText((await render('policy', 'docx')).bytes, 'policy');
    expect(policy).toContain('Documents Org own wording for the scope.');
    expect(policy).toMatch(/Version 2, \d{4}-\d{2}-\d{2}/);
    expect(policy).toContain('Annex: sources');
    const file = join(dir, 'plan.pdf');
    await writeFile(file, (await render('action-plan', 'pdf')).bytes);
    const { stdout: plan } = await run('pdftotext', ['-layout', file, '-']);
    expect(plan).toContain('Action plan');
    expect(plan).toContain('Owner: Alex Owner');
    expect(plan.replace(/\s+/g, ' ')).toContain('Regional police cybercrime unit (police): +44 20 7946 0000');
    expect(plan).toContain('Annex: sources');
    expect(
      (await admin.client.post(`${base}/documents`, { document: 'secrets', format: 'pdf' })).status,
    ).toBe(400);
    expect((await admin.client.post(`${base}/documents`, { document: 'policy', format: 'exe' })).status).toBe(
      400,
    );
    expect((await admin.client.get(`${base}/documents/${randomUUID()}`)).status).toBe(404);
  }, 150_000);

  it('answers 409 for a document not rendered yet', async () => {
    // A request the worker has not reached yet (written as the api writes it, without its job).
    const [row]: { id: string }[] = await t.app.get(DataSource).query(
      `INSERT INTO policy_document (organisation_id, document, format, model, file_name, content_type, requested_by)
       VALUES ($1, 'policy', 'pdf', '{}'::jsonb, 'policy-v1.pdf', 'application/pdf', $2) RETURNING id`,
      [admin.orgId, admin.userId],
    );
    expect((await admin.client.get(`${base}/documents/${row.id}`)).body).toMatchObject({
      status: 'queued',
      downloadPath: null,
    });
    const dl = await admin.client.get(`${base}/documents/${row.id}/download`);
    expect([dl.status, dl.body.code]).toEqual([409, 'REPORT.NOT_READY']);
  });
});
