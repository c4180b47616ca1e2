import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, signUp, type SignedUp } from '../support/auth';

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

/** The policy and the action plan as documents: the PDF read by pdftotext, the DOCX opened by LibreOffice Writer. */
describe('policy model documents', () => {
  let t: TestApp;
  let admin: SignedUp;
  let deputy: SignedUp;
  let token: string;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
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
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders the adopted policy as a PDF with numbered clauses, version, date and a sources annex', async () => {
    const res = await download(t, token, `${base}/documents/policy?format=pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="policy-v2-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    expect(res.headers.get('repr-digest')).toMatch(/^sha-256=:[A-Za-z0-9+/]+=*:$/);
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
    const res = await download(t, token, `${base}/documents/action-plan?format=docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const file = join(dir, 'plan.docx');
    await writeFile(file, res.bytes);
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
    const text = await readFile(join(dir, 'plan.txt'), 'utf8');
    expect(text).toContain('Action plan');
    expect(text).toContain('Owner: Alex Owner');
    expect(text).toContain('Regional police cybercrime unit (police): +44 20 7946 0000');
    expect(text).toMatch(/Version \d+, \d{4}-\d{2}-\d{2}/);
    expect(text).toContain('Annex: sources');
  }, 150_000);

  it('renders the policy as DOCX and the plan as PDF too; an unknown document or format is refused', async () => {
    expect(
      (await download(t, token, `${base}/documents/policy?format=docx`)).bytes.subarray(0, 2).toString(),
    ).toBe('PK');
    const pdf = await download(t, token, `${base}/documents/action-plan`);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await download(t, token, `${base}/documents/secrets?format=pdf`)).status).toBe(404);
    expect((await download(t, token, `${base}/documents/policy?format=exe`)).status).toBe(400);
  });
});
