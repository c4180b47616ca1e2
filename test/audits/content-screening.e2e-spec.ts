import type { DataSource } from 'typeorm';
import type { TestApp } from '../support/app';
import { uniqueEmail, type ApiClient, type ApiResponse } from '../support/auth';
import notOk from './fixtures/screening/not-ok.json';
import { createAudit, someAnswer, startAuditTestbed, type AuditTestbed } from './support/audit-fixtures';

/** The corpus as the issue names it: URLs, e-mail addresses, hashes and base64 blobs (plus the other refusals). */
const CORPUS = notOk.cases.filter((c) => c.reason !== 'control_characters');
const URLS = [
  'https://intranet.example.com/policies/aup',
  'http://example.org',
  'https://docs.example.co.uk/board/2026-03?version=4#approval',
];
const EMAILS = ['dpo@example.org', 'it.security+aup@example.co.uk'];

describe('content screening at the api: refused in every narrative field, accepted where the type is a URL or e-mail', () => {
  let bed: AuditTestbed;
  let t: TestApp;
  let ds: DataSource;
  let client: ApiClient;
  let orgId: string;
  let audit: string;
  let question: { id: string; type: string; options: { value: string; na?: boolean }[] };

  beforeAll(async () => {
    bed = await startAuditTestbed();
    ({ t, ds, client, orgId } = bed);
    audit = `/organisations/${orgId}/audits/${await createAudit(client, orgId)}`;
    question = (await client.get(`${audit}/sections/it`)).body.questions.find(
      (q: { options: { na?: boolean }[] }) => q.options.some((o) => o.na),
    );
  });
  afterAll(() => bed.close());

  const na = () => question.options.find((o) => o.na)!.value;
  /** Each narrative field, as a request that puts `text` into it, and the pointer the refusal must name. */
  const FIELDS: [field: string, pointer: string, send: (text: string) => Promise<ApiResponse>][] = [
    [
      'answer justification',
      '/justification',
      (text) =>
        client.request('PUT', `${audit}/answers/${question.id}`, { value: na(), justification: text }),
    ],
    [
      'answer note',
      '/note',
      (text) =>
        client.request('PUT', `${audit}/answers/${question.id}`, {
          ...someAnswer(question as never),
          note: text,
        }),
    ],
    [
      'evidence title',
      '/evidence/0/title',
      (text) =>
        client.request('PUT', `${audit}/answers/${question.id}`, {
          ...someAnswer(question as never),
          evidence: [{ title: text, kind: 'document', location: 'POL-004' }],
        }),
    ],
    [
      'evidence document id',
      '/evidence/0/location',
      (text) =>
        client.request('PUT', `${audit}/answers/${question.id}`, {
          ...someAnswer(question as never),
          evidence: [{ title: 'Policy', kind: 'document', location: text }],
        }),
    ],
    [
      'batch justification',
      '/answers/0/justification',
      (text) =>
        client.post(`${audit}/answers`, {
          answers: [{ questionId: question.id, value: na(), justification: text }],
        }),
    ],
    ['comment', '/body', (text) => client.post(`${audit}/answers/${question.id}/comments`, { body: text })],
    [
      'audit title (create)',
      '/title',
      (text) => client.post(`/organisations/${orgId}/audits`, { title: text }),
    ],
    ['audit title (update)', '/title', (text) => client.patch(audit, { title: text })],
    [
      'attestation statement',
      '/statement',
      (text) => client.post(`${audit}/submit`, { statement: `I confirm: ${text}`, role: 'Compliance lead' }),
    ],
    [
      'attestation role',
      '/role',
      (text) =>
        client.post(`${audit}/submit`, { statement: 'I confirm the answers are complete.', role: text }),
    ],
    ['reopen reason', '/reason', (text) => client.post(`${audit}/reopen`, { reason: `Because ${text}` })],
  ];

  it.each(FIELDS.map(([field, pointer, send]) => [field, pointer, send] as const))(
    'refuses the whole corpus in the %s',
    async (_field, pointer, send) => {
      for (const c of CORPUS) {
        const res = await send(c.text);
        const problem =
          res.body.code === 'ANSWER.BATCH_REJECTED' ? { ...res.body.errors[0], reason: undefined } : res.body;
        if (res.status !== 422 || problem.code !== 'CONTENT.NOT_ACCEPTED' || problem.pointer !== pointer) {
          throw new Error(`${JSON.stringify(c.text)} -> ${res.status} ${JSON.stringify(res.body)}`);
        }
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        if (res.body.code === 'CONTENT.NOT_ACCEPTED')
          expect(res.body).toMatchObject({
            reason: c.reason,
            detail: expect.stringMatching(/never holds material/),
          });
      }
      // Nothing refused was stored anywhere.
      const [{ n }]: { n: number }[] = await ds.query(
        `SELECT (SELECT count(*) FROM answer WHERE organisation_id = $1) + (SELECT count(*) FROM answer_comment WHERE organisation_id = $1) AS n`,
        [orgId],
      );
      expect(Number(n)).toBe(0);
    },
  );

  it('accepts URLs as the location of link evidence, and refuses what is not an http(s) URL there', async () => {
    const evidence = URLS.map((location) => ({ title: 'Published policy', kind: 'link', location }));
    const ok = await client.request('PUT', `${audit}/answers/${question.id}`, {
      ...someAnswer(question as never),
      evidence,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.evidence.map((e: { location: string }) => e.location)).toEqual(URLS);
    for (const location of [
      'www.example.org',
      'ftp://files.example.org/x',
      'javascript:alert(1)',
      'not a url',
    ]) {
      const res = await client.request(
        'PUT',
        `${audit}/answers/${question.id}`,
        { ...someAnswer(question as never), evidence: [{ title: 'Policy', kind: 'link', location }] },
        { headers: { 'if-match': ok.headers.get('etag')! } },
      );
      expect(res.body).toMatchObject({ status: 422, code: 'EVIDENCE.INVALID_LOCATION' });
    }
  });

  it('accepts e-mail addresses where the field is an e-mail address (an invitation)', async () => {
    for (const email of [...EMAILS, uniqueEmail('invitee')]) {
      const res = await client.post(`/organisations/${orgId}/invitations`, { email, role: 'respondent' });
      expect(res.status).toBe(201);
    }
  });

  it('refuses files of any media type on every audit route', async () => {
    const url = `${t.baseUrl}/api/v1${audit}/answers/${question.id}`;
    for (const type of [
      'multipart/form-data; boundary=x',
      'image/jpeg',
      'application/octet-stream',
      'application/zip',
      'text/plain',
    ]) {
      const res = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': type, authorization: `Bearer ${client.bearer}` },
        body: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--x--',
      });
      expect(res.status).toBe(415);
      expect(((await res.json()) as { code: string }).code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    }
  });
});
