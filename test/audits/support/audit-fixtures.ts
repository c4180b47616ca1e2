import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Answers, Profile } from '@aup/domain';
import { loadFrameworkRef, resolvePoliciesDir } from '@aup/policies';
import type { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../../support/app';
import { bearerFor, signUp, type ApiClient } from '../../support/auth';
import { openTestDatabase } from '../../support/database';

export interface AnswersFixture {
  framework: string;
  profile: Profile;
  answers: Answers;
}

/** An answers file from test/fixtures/answers/ok (the same files the offline CLI scores). */
export function answersFixture(name: string): AnswersFixture & { file: string } {
  const file = join(__dirname, '..', '..', 'fixtures', 'answers', 'ok', `${name}.yaml`);
  return { ...(parse(readFileSync(file, 'utf8')) as AnswersFixture), file };
}

export const catalogueFor = (ref: string) => loadFrameworkRef(resolvePoliciesDir(), ref);

/** Sets the organisation profile through the api (If-Match with the version just read). */
export async function setProfile(client: ApiClient, orgId: string, profile: Profile): Promise<void> {
  const current = await client.get(`/organisations/${orgId}`);
  const res = await client.patch(
    `/organisations/${orgId}`,
    { profile },
    { headers: { 'if-match': current.headers.get('etag') ?? '' } },
  );
  if (res.status !== 200) throw new Error(`set profile: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Creates an audit and returns its id. */
export async function createAudit(
  client: ApiClient,
  orgId: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const res = await client.post(`/organisations/${orgId}/audits`, { title: 'CSAM readiness 2026', ...body });
  if (res.status !== 201) throw new Error(`create audit: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

interface QuestionLike {
  id: string;
  type: string;
  options: { value: string; na?: boolean; alternative?: boolean; unknown?: boolean }[];
  min?: number;
}

/** A valid answer body for any question, needing no justification (used to fill questionnaires). */
export function someAnswer(q: QuestionLike): { value: string | number | string[] } {
  const plain = q.options.filter((o) => !o.na && !o.alternative && !o.unknown);
  switch (q.type) {
    case 'multi_choice':
      return { value: [plain[0].value] };
    case 'number':
      return { value: q.min ?? 0 };
    case 'date':
      return { value: '2026-01-15' };
    case 'text':
      return { value: 'Reviewed every year by the policy owner.' };
    default:
      return { value: plain[plain.length - 1].value };
  }
}

/** What most audit specs start from: the api, a database connection, and an admin's organisation with the 12,000-person profile. */
export interface AuditTestbed {
  t: TestApp;
  ds: DataSource;
  /** The admin, by API token. */
  client: ApiClient;
  orgId: string;
  close(): Promise<void>;
}

export async function startAuditTestbed(env: Record<string, string> = {}): Promise<AuditTestbed> {
  const ds = await openTestDatabase();
  const t = await startTestApp(env);
  const admin = await signUp(t);
  const client = await bearerFor(t, admin.client);
  await setProfile(client, admin.orgId, answersFixture('multinational-12000').profile);
  return {
    t,
    ds,
    client,
    orgId: admin.orgId,
    close: async () => {
      await t.close();
      await ds.destroy();
    },
  };
}

/**
 * Submits as a compliance officer would from the submit page: with the audit's current version in If-Match
 * and, when questions are open, their number acknowledged ("submit incomplete").
 */
export async function submitAudit(client: ApiClient, audit: string, body: Record<string, unknown> = {}) {
  const open: number = (await client.get(`${audit}/completeness`)).body.open.length;
  const etag = (await client.get(audit)).headers.get('etag') ?? '';
  return client.post(
    `${audit}/submit`,
    {
      statement: 'I confirm the answers are complete and accurate.',
      role: 'Compliance lead',
      ...(open ? { acknowledgeOpenQuestions: open } : {}),
      ...body,
    },
    { headers: { 'if-match': etag } },
  );
}
