import { createHash, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { REPORT_FORMATS, type ReportFormat } from '@aup/domain';
import type { ReportView } from '@aup/contracts';
import { startAuditTestbed, type AuditTestbed } from '../audits/support/audit-fixtures';
import { addMember, bearerFor, signUp, type ApiClient } from '../support/auth';
import { TEST_REDIS_URL } from '../support/env';
import { clearPrefix, FAST_JOBS_ENV, startWorkerContext, uniquePrefix, waitFor } from '../jobs/jobs-harness';
import { REMEDIATION_CSV_HEADER } from '@aup/reports';
import { oscalValidator, parseCsv, pdfFonts, pdfPages, pdfText, xlsxSheetRows } from './report-checks';
import { answeredAudit } from './report-fixtures';

const NOTE = '=SUM(A1:A9)*2 checked by the policy owner';

/**
 * Reports end to end in full mode: the api writes the request and its outbox job, a real worker on real
 * Redis renders the file, and the download is read back the way a person would (pdftotext, LibreOffice,
 * a CSV parser, NIST's OSCAL schemas).
 */
describe('reports: request, render by the worker, download', () => {
  const prefix = uniquePrefix();
  const env = { REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, ...FAST_JOBS_ENV };
  let bed: AuditTestbed;
  let worker: INestApplicationContext;
  let client: ApiClient;
  let orgId: string;
  let auditId: string;
  let base: string;
  /** The tracked item moved to in progress, owned by a compliance officer, before the reports are requested. */
  let tracked: { id: string; title: string; controlIds: string[]; owner: string };
  const done = new Map<ReportFormat, { view: ReportView; bytes: Buffer; headers: Headers }>();

  const finished = (path: string) =>
    waitFor(
      'report done',
      async () => {
        const res = await client.get(path);
        if (res.body.status === 'failed') throw new Error(`render failed: ${res.body.error}`);
        return res.body.status === 'done' && (res.body as ReportView);
      },
      60_000,
      100,
    );

  async function download(
    path: string,
    c: ApiClient = client,
  ): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
    const res = await fetch(`${bed.t.baseUrl}/api/v1${path}`, {
      headers: { authorization: `Bearer ${c.bearer}` },
    });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  }

  beforeAll(async () => {
    bed = await startAuditTestbed(env);
    worker = await startWorkerContext(env);
    client = bed.client;
    orgId = bed.orgId;
    auditId = await answeredAudit(client, orgId, { note: NOTE });
    base = `/organisations/${orgId}/audits/${auditId}/reports`;
    // Track one item as people would: assign it (If-Match) and start it.
    const officer = await addMember(bed.t, client, orgId, 'compliance_officer');
    const list = await client.get(`/organisations/${orgId}/remediation-items?limit=100&auditId=${auditId}`);
    const item = list.body.items[0];
    const url = `/organisations/${orgId}/remediation-items/${item.id}`;
    const v = (await client.get(url)).body;
    const assigned = await client.patch(
      url,
      { ownerUserId: officer.userId, dueDate: '2027-02-15' },
      { headers: { 'if-match': `"${v.version}"` } },
    );
    expect(assigned.status).toBe(200);
    const started = await client.post(
      `${url}/transitions`,
      { move: 'start' },
      { headers: { 'if-match': `"${assigned.body.version}"` } },
    );
    expect(started.body).toMatchObject({ status: 'in_progress' });
    tracked = {
      id: item.id,
      title: item.title,
      controlIds: item.controlIds,
      owner: `Compliance officer ${officer.userId.slice(0, 8)}`,
    };
    for (const format of REPORT_FORMATS) {
      const res = await client.post(base, { format });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        format,
        status: 'queued',
        draft: false,
        snapshotHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(res.headers.get('location')).toBe(`/api/v1${base}/${res.body.id}`);
      const view = await finished(`${base}/${res.body.id}`);
      const file = await download(view.downloadPath!);
      expect(file.status).toBe(200);
      done.set(format, { view, bytes: file.bytes, headers: file.headers });
    }
  }, 240_000);

  afterAll(async () => {
    await worker?.close();
    await bed?.close();
    await clearPrefix(prefix);
  });

  it.each(REPORT_FORMATS)(
    '%s: headers name the file, its length and its SHA-256 digest (RFC 9530), which match the bytes and the view',
    (format) => {
      const { view, bytes, headers } = done.get(format)!;
      const sha = createHash('sha256').update(bytes).digest();
      expect(view).toMatchObject({
        status: 'done',
        progress: 100,
        size: bytes.length,
        sha256: sha.toString('hex'),
        attempts: 1,
      });
      expect(headers.get('repr-digest')).toBe(`sha-256=:${sha.toString('base64')}:`);
      expect(headers.get('content-length')).toBe(String(bytes.length));
      expect(headers.get('etag')).toBe(`"${sha.toString('hex')}"`);
      expect(headers.get('content-type')).toBe(view.contentType);
      expect(headers.get('content-disposition')).toMatch(
        /^attachment; filename="Org-[A-Za-z0-9]+_CSAM-readiness-2026_\d{4}-\d{2}-\d{2}_[a-z-]+\.(pdf|xlsx|csv|json)"; filename\*=UTF-8''/,
      );
    },
  );

  it('PDF: pdftotext finds the rating, every P1 action, each country with obligations and "not legal advice"; fonts are embedded', async () => {
    const results = (await client.get(`/organisations/${orgId}/audits/${auditId}/results`)).body.result;
    const pages = pdfPages(done.get('pdf')!.bytes);
    const all = pdfText(done.get('pdf')!.bytes);
    const ratingWord = { red: 'Red', amber: 'Amber', green: 'Green', unrated: 'Not rated' }[
      results.rating as string
    ]!;
    expect(pages[0].replace(/\s+/g, ' ')).toContain(`Rating: ${ratingWord}`);
    for (const item of results.remediation.items.filter((i: { priority: string }) => i.priority === 'P1'))
      expect(all).toContain(item.title.replace(/\s+/g, ' '));
    for (const name of new Set<string>(
      results.obligations.map((o: { jurisdictionName: string }) => o.jurisdictionName),
    ))
      expect(all).toContain(name);
    expect(all).toContain('Not legal advice');
    expect(all).toContain(`Page 1 of ${pages.filter((p) => p.trim()).length}`);
    expect(all).not.toContain('DRAFT');
    expect(pdfFonts(done.get('pdf')!.bytes)).toMatch(/DejaVuSans.*TrueType.*yes\s+yes/);
  });

  it('every format shows the tracked status of the gaps (item, status, owner, due date), read from remediation', () => {
    const all = pdfText(done.get('pdf')!.bytes);
    expect(all).toContain(
      `Tracked: ${tracked.title.replace(/\s+/g, ' ')} — In progress; owner ${tracked.owner}; due 2027-02-15`,
    );
    const rows = parseCsv(done.get('csv-controls')!.bytes);
    const col = (name: string) => rows[0].indexOf(name);
    const row = rows.find((r) => r[0] === tracked.controlIds[0])!;
    expect([
      row[col('tracked_item')],
      row[col('item_status')],
      row[col('item_owner')],
      row[col('item_due_date')],
    ]).toEqual([tracked.title, 'in_progress', tracked.owner, '2027-02-15']);
    const json = JSON.parse(done.get('json')!.bytes.toString('utf8'));
    expect(json.tracking.items.find((i: { itemId: string }) => i.itemId === tracked.id)).toMatchObject({
      status: 'in_progress',
      owner: tracked.owner,
      dueDate: '2027-02-15',
      verifiedBy: null,
    });
    // Every other item the submit made from the plan is open.
    expect(
      json.tracking.items
        .filter((i: { itemId: string }) => i.itemId !== tracked.id)
        .every((i: { status: string }) => i.status === 'open'),
    ).toBe(true);
    const poam = JSON.parse(done.get('oscal-poam')!.bytes.toString('utf8'))['plan-of-action-and-milestones'];
    const risk = poam.risks.find((r: { title: string }) => r.title === tracked.title);
    expect(risk).toMatchObject({ status: 'remediating', deadline: '2027-02-15T00:00:00.000Z' });
    expect(poam.risks.filter((r: { status: string }) => r.status === 'open')).toHaveLength(
      poam.risks.length - 1,
    );
  });

  it('every format carries the trail anchor sealed into the snapshot, which the trail still has, and the coverage and caveats of the results', async () => {
    const results = (await client.get(`/organisations/${orgId}/audits/${auditId}/results`)).body;
    const json = JSON.parse(done.get('json')!.bytes.toString('utf8'));
    const anchor = json.trailAnchor;
    expect(anchor).toMatchObject({ seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // The trail's event at that position has that hash.
    let event: { seq: number; hash: string } | undefined;
    for (let offset = 0; !event; offset += 100) {
      const page = await client.get(`/organisations/${orgId}/audit-trail?limit=100&offset=${offset}`);
      expect(page.status).toBe(200);
      if (!page.body.items.length) break;
      event = page.body.items.find((e: { seq: number }) => e.seq === anchor.seq);
    }
    expect(event?.hash).toBe(anchor.hash);
    expect(json.trail.checks).toEqual({
      chain: 'passed',
      head: 'passed',
      snapshots: 'passed',
      anchors: 'passed',
    });
    const all = pdfText(done.get('pdf')!.bytes);
    expect(all).toContain(`the trail stood at event ${anchor.seq} with hash ${anchor.hash}`);
    expect(all).toContain('How to verify:');
    const summary = xlsxSheetRows(done.get('xlsx')!.bytes, 1);
    expect(summary.find((r) => r[0] === 'Audit-trail anchor')?.[1]).toBe(
      `event ${anchor.seq}, hash ${anchor.hash}`,
    );
    // Coverage and caveats as the results show them.
    expect(json.coverage).toEqual(results.result.coverage);
    expect(json.caveats).toEqual(results.result.caveats);
    for (const c of results.result.coverage.filter((x: { status: string }) => x.status !== 'covered'))
      expect(all).toContain(c.text.replace(/\s+/g, ' '));
    expect(summary.filter((r) => /^Caveat \d+$/.test(r[0])).map((r) => r[1])).toEqual(results.result.caveats);
  }, 120_000);

  it('XLSX: LibreOffice opens it and its Controls sheet has one row per applicable control', async () => {
    const results = (await client.get(`/organisations/${orgId}/audits/${auditId}/results`)).body.result;
    const applicable = results.controls
      .filter((c: { status: string }) => c.status === 'scored')
      .map((c: { controlId: string }) => c.controlId);
    const rows = xlsxSheetRows(done.get('xlsx')!.bytes, 2);
    expect(rows[1].slice(0, 3)).toEqual(['Control', 'Domain', 'Title']);
    expect(rows.slice(2).map((r) => r[0])).toEqual(applicable);
    const answers = xlsxSheetRows(done.get('xlsx')!.bytes, 3);
    expect(answers.some((r) => r.includes(NOTE))).toBe(true); // text, not a formula
  }, 120_000);

  it('CSV: a standard parser reads it; the note starting with "=" is neutralised, not a formula', () => {
    const rows = parseCsv(done.get('csv-controls')!.bytes);
    const header = rows[0];
    expect(header).toContain('answer_notes');
    const notes = rows.map((r) => r[header.indexOf('answer_notes')]);
    expect(notes.some((n) => n.startsWith(`'${NOTE}`))).toBe(true);
    expect(rows.slice(1).every((r) => !/^[=+\-@\t]/.test(r.join('')))).toBe(true);
    const items = parseCsv(done.get('csv-remediation')!.bytes);
    expect(items[0]).toEqual([...REMEDIATION_CSV_HEADER]);
    expect(items.length).toBeGreaterThan(1);
  });

  it('JSON: the documented schema version, the snapshot hash and the engine result', () => {
    const doc = JSON.parse(done.get('json')!.bytes.toString('utf8'));
    expect(doc).toMatchObject({
      schema: 'aup-audit-report/1',
      draft: false,
      snapshot: { hash: done.get('json')!.view.snapshotHash },
      engine: { result: { resultFormat: expect.any(Number) } },
    });
  });

  it.each([
    ['oscal-catalog', 'catalog'],
    ['oscal-assessment-results', 'assessment-results'],
    ['oscal-poam', 'poam'],
  ] as const)('%s validates against NIST OSCAL 1.1.2 (%s)', (format, model) => {
    const validate = oscalValidator(model);
    const doc = JSON.parse(done.get(format)!.bytes.toString('utf8'));
    const ok = validate(doc);
    expect(validate.errors?.slice(0, 5) ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the same Idempotency-Key returns the same report; another request under that key is refused', async () => {
    const key = randomUUID();
    const first = await client.post(base, { format: 'json' }, { headers: { 'idempotency-key': key } });
    const again = await client.post(base, { format: 'json' }, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(
      (await client.post(base, { format: 'pdf' }, { headers: { 'idempotency-key': key } })).body.code,
    ).toBe('REQUEST.IDEMPOTENCY_KEY_REUSED');
    await finished(`${base}/${first.body.id}`);
  });

  it('lists the audit reports with their digests; unknown, stale and foreign ids are 404', async () => {
    const list = await client.get(base);
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThanOrEqual(REPORT_FORMATS.length);
    expect(
      list.body.items.every((r: ReportView) => r.status !== 'done' || /^[0-9a-f]{64}$/.test(r.sha256!)),
    ).toBe(true);
    const pdf = done.get('pdf')!.view;
    expect((await client.get(`${base}/${randomUUID()}`)).status).toBe(404);
    const other = await signUp(bed.t);
    const outsider = await bearerFor(bed.t, other.client);
    expect((await outsider.get(`${base}/${pdf.id}`)).status).toBe(404);
    // The report id under another audit of the same organisation, and under the outsider's own organisation.
    const otherAudit = await answeredAudit(client, orgId, { submit: false, title: 'Other audit' });
    expect((await client.get(`/organisations/${orgId}/audits/${otherAudit}/reports/${pdf.id}`)).status).toBe(
      404,
    );
    expect(
      (await outsider.get(`/organisations/${other.orgId}/audits/${auditId}/reports/${pdf.id}/download`))
        .status,
    ).toBe(404);
  });

  it('records every request and download in the audit trail', async () => {
    const pdf = done.get('pdf')!.view;
    const trail = await client.get(`/organisations/${orgId}/audit-trail?entity=report&entityId=${pdf.id}`);
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((e: { action: string }) => e.action).sort()).toEqual([
      'downloaded',
      'requested',
    ]);
  });

  it('answers 304 to If-None-Match with the file ETag, and 409 REPORT.NOT_READY before the file exists', async () => {
    const pdf = done.get('pdf')!;
    const res = await fetch(`${bed.t.baseUrl}/api/v1${pdf.view.downloadPath}`, {
      headers: { authorization: `Bearer ${client.bearer}`, 'if-none-match': pdf.headers.get('etag')! },
    });
    expect(res.status).toBe(304);
    const queued = await client.post(base, { format: 'pdf' });
    const early = await download(`${base}/${queued.body.id}/download`);
    if (early.status !== 200) expect(JSON.parse(early.bytes.toString()).code).toBe('REPORT.NOT_READY');
    await finished(`${base}/${queued.body.id}`);
  });

  it('a draft audit gives a report marked DRAFT on every page, from a snapshot taken at request time', async () => {
    const draftAudit = await answeredAudit(client, orgId, { submit: false, title: 'Draft audit' });
    const res = await client.post(`/organisations/${orgId}/audits/${draftAudit}/reports`, { format: 'pdf' });
    expect(res.body).toMatchObject({ draft: true });
    const view = await finished(`/organisations/${orgId}/audits/${draftAudit}/reports/${res.body.id}`);
    expect(view.fileName).toMatch(/_DRAFT\.pdf$/);
    const pages = pdfPages((await download(view.downloadPath!)).bytes).filter((p) => p.trim());
    for (const page of pages) expect(page).toContain('DRAFT');
  });

  it('auditors request and download; respondents only when the organisation allows it', async () => {
    const auditor = await addMember(bed.t, client, orgId, 'auditor');
    const auditorClient = await bearerFor(bed.t, auditor.client);
    const asAuditor = await auditorClient.post(base, { format: 'csv-controls' });
    expect(asAuditor.status).toBe(202);
    const view = await finished(`${base}/${asAuditor.body.id}`);
    expect((await download(view.downloadPath!, auditorClient)).status).toBe(200);

    const respondent = await addMember(bed.t, client, orgId, 'respondent');
    const respondentClient = await bearerFor(bed.t, respondent.client);
    expect((await respondentClient.get(base)).body.code).toBe('REPORTS.NOT_ALLOWED');
    const org = await client.get(`/organisations/${orgId}`);
    expect(
      (
        await client.patch(
          `/organisations/${orgId}`,
          { settings: { respondentsRequestReports: true } },
          { headers: { 'if-match': org.headers.get('etag')! } },
        )
      ).status,
    ).toBe(200);
    expect((await respondentClient.get(base)).status).toBe(200);
  });
});
