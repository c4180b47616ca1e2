import { conditionFieldNames, conditionProblems, validateAnswers, validateProfile } from '@aup/domain';
import { checkJurisdiction, compileFramework } from './compile-framework';
import { fileKind } from './file-kinds';
import { isSemver, listFrameworks, loadFramework, type FrameworkRef } from './load-framework';
import { formatIssue, type PolicyIssue } from './policy-issue';
import { PolicyReader, type PolicyDocument } from './policy-reader';
import type * as Raw from './raw-types';

export interface CheckResult {
  readonly issues: readonly PolicyIssue[];
  /** Framework versions that compiled, with their content hash. */
  readonly frameworks: readonly (FrameworkRef & { readonly contentHash: string })[];
  readonly files: number;
}

/**
 * Validates every file under a policies directory: each against its schema, each framework version with
 * everything it references, and the files no framework references yet on their own.
 */
export interface CheckOptions {
  /** The day to check date-bounded obligations against (YYYY-MM-DD); default today (UTC). */
  readonly today?: string;
}

export function checkPolicies(policiesDir: string, options: CheckOptions = {}): CheckResult {
  const reader = new PolicyReader(policiesDir);
  const issues: PolicyIssue[] = [];
  const files = reader.allYamlFiles();
  for (const file of files) {
    if (!fileKind(file)) {
      issues.push({ file, pointer: '', message: 'this file has no place in the policies layout (see docs/POLICY-FORMAT.md)' });
      continue;
    }
    issues.push(...reader.read(file)!.issues);
  }
  for (const id of reader.foldersIn('frameworks')) {
    for (const version of reader.foldersIn(`frameworks/${id}`)) {
      if (!isSemver(version)) issues.push({ file: `frameworks/${id}/${version}`, pointer: '', message: `version folder '${version}' is not a semantic version (x.y.z)` });
    }
  }
  const refs = listFrameworks(policiesDir);
  if (!refs.length) issues.push({ file: 'frameworks', pointer: '', message: 'no framework version found (expected frameworks/<id>/<x.y.z>/framework.yaml)' });

  const compiled: (FrameworkRef & { contentHash: string })[] = [];
  const referenced = new Set<string>();
  const profileFields = new Set<string>();
  for (const ref of refs) {
    const result = compileFramework(reader, ref.id, ref.version);
    issues.push(...result.issues);
    if (result.catalogue) compiled.push({ ...ref, contentHash: result.catalogue.contentHash });
    const fw = reader.read<Raw.Framework>(`frameworks/${ref.id}/${ref.version}/framework.yaml`)?.data;
    fw?.jurisdictions.forEach((j) => referenced.add(`jurisdictions/${j}.yaml`));
    if (fw) referenced.add(`benchmarks/${fw.benchmarks}.yaml`);
    fw?.profile.forEach((f) => profileFields.add(f.id));
  }
  issues.push(...checkUnreferenced(reader, files, referenced, profileFields));
  issues.push(...checkSourceIds(reader));
  issues.push(...checkDates(reader, files, options.today ?? new Date().toISOString().slice(0, 10)));
  issues.push(...checkExamples(reader, files, policiesDir, compiled));

  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const key = formatIssue(i);
    return seen.has(key) ? false : (seen.add(key), true);
  });
  unique.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  return { issues: unique, frameworks: compiled, files: files.length };
}

/** Jurisdictions and benchmarks no framework uses yet still have to cite known sources. */
function checkUnreferenced(reader: PolicyReader, files: string[], referenced: Set<string>, profileFields: Set<string>): PolicyIssue[] {
  const sources = new Set(reader.read<Raw.Sources>('sources.yaml')?.data?.sources.map((s) => s.id) ?? []);
  const issues: PolicyIssue[] = [];
  const at = (doc: PolicyDocument, pointer: string, message: string) => issues.push({ file: doc.file, line: doc.yaml.lineOf(pointer), pointer, message });
  const checkSources = (doc: PolicyDocument, pointer: string, ids: readonly string[] | undefined) =>
    (ids ?? []).forEach((sid, i) => {
      if (!sources.has(sid)) at(doc, `${pointer}/${i}`, `unknown source id '${sid}' (not in sources.yaml)`);
    });
  const fields = conditionFieldNames([...profileFields].map((id) => ({ id })));
  const checkCondition = (doc: PolicyDocument, pointer: string, rule: unknown) => {
    if (rule !== undefined) for (const p of conditionProblems(rule, fields)) at(doc, pointer, p);
  };
  for (const file of files.filter((f) => !referenced.has(f))) {
    const kind = fileKind(file);
    const doc = reader.read(file);
    if (!doc?.data) continue;
    if (kind === 'jurisdiction') checkJurisdiction(doc, doc.data as Raw.Jurisdiction, { at }, checkSources, checkCondition);
    if (kind === 'benchmarks') {
      const b = doc.data as Raw.Benchmarks;
      b.benchmarks.forEach((bm, i) => checkSources(doc, `/benchmarks/${i}/sources`, bm.sources));
      checkSources(doc, '/prevalence/sources', b.prevalence.sources);
    }
  }
  return issues;
}

/**
 * Content that has gone stale: a date-bounded obligation past its `valid_until` (a derogation that has
 * expired must be rewritten, not shown as current), and review dates in the future. Only here, never when
 * a framework is loaded at runtime, so an expired date never stops the product.
 */
function checkDates(reader: PolicyReader, files: string[], today: string): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  for (const file of files.filter((f) => fileKind(f) === 'jurisdiction')) {
    const doc = reader.read<Raw.Jurisdiction>(file);
    if (!doc?.data) continue;
    const at = (pointer: string, message: string) => issues.push({ file: doc.file, line: doc.yaml.lineOf(pointer), pointer, message });
    if (String(doc.data.last_reviewed) > today) at('/last_reviewed', `last_reviewed ${doc.data.last_reviewed} is in the future`);
    doc.data.obligations.forEach((o, i) => {
      if (o.valid_until !== undefined && String(o.valid_until) < today) {
        at(`/obligations/${i}/valid_until`, `obligation '${o.id}' was valid until ${o.valid_until} and that date has passed: review it and update or retire it`);
      }
      if (o.last_reviewed !== undefined && String(o.last_reviewed) > today) at(`/obligations/${i}/last_reviewed`, `last_reviewed ${o.last_reviewed} is in the future`);
    });
  }
  return issues;
}

/** Example organisations must be valid answers files for a framework version that compiled. */
function checkExamples(reader: PolicyReader, files: string[], policiesDir: string, compiled: readonly FrameworkRef[]): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  for (const file of files.filter((f) => fileKind(f) === 'example')) {
    const doc = reader.read<{ framework?: string; profile: Record<string, never>; answers: Record<string, never> }>(file);
    if (!doc?.data) continue;
    const ref = doc.data.framework ?? '';
    const [id, version] = ref.split('@');
    if (!compiled.some((f) => f.id === id && f.version === version)) {
      issues.push({ file, pointer: '/framework', message: `example names framework '${ref}', which is not a valid framework version here` });
      continue;
    }
    const catalogue = loadFramework(policiesDir, id, version);
    for (const p of validateProfile(catalogue, doc.data.profile)) issues.push({ file, line: doc.yaml.lineOf(`/profile/${p.field}`), pointer: `/profile/${p.field}`, message: p.message });
    for (const p of validateAnswers(catalogue, doc.data.answers)) issues.push({ file, pointer: '/answers', message: p.message });
  }
  return issues;
}

function checkSourceIds(reader: PolicyReader): PolicyIssue[] {
  const doc = reader.read<Raw.Sources>('sources.yaml');
  if (!doc) return [{ file: 'sources.yaml', pointer: '', message: 'missing sources.yaml' }];
  const seen = new Map<string, number>();
  const issues: PolicyIssue[] = [];
  doc.data?.sources.forEach((s, i) => {
    if (seen.has(s.id)) issues.push({ file: doc.file, line: doc.yaml.lineOf(`/sources/${i}/id`), pointer: `/sources/${i}/id`, message: `duplicate source id '${s.id}' (first at /sources/${seen.get(s.id)})` });
    else seen.set(s.id, i);
  });
  return issues;
}
