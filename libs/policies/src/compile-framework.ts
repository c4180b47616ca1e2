import { createHash } from 'node:crypto';
import {
  canonicalJson,
  conditionFieldNames,
  conditionProblems,
  deepFreeze,
  DEFAULT_TARGET,
  DEFAULT_TARGET_DAYS,
  YES_NO_PARTIAL_OPTIONS,
  type ActionPlanStep,
  type AnswerOption,
  type Benchmark,
  type Catalogue,
  type Clause,
  type Condition,
  type Control,
  type Domain,
  type Jurisdiction,
  type Priority,
  type Question,
  type Source,
} from '@aup/domain';
import type { PolicyIssue } from './policy-issue';
import type { PolicyDocument, PolicyReader } from './policy-reader';
import type * as Raw from './raw-types';

export interface CompileResult {
  readonly catalogue?: Catalogue;
  readonly issues: readonly PolicyIssue[];
}

const SCORED_TYPES = new Set(['yes_no_partial', 'choice', 'band', 'multi_choice', 'number']);
const ORDERED_TYPES = new Set(['yes_no_partial', 'choice', 'band']);

/** Collects issues located in one document. */
class Issues {
  readonly list: PolicyIssue[] = [];
  at(doc: PolicyDocument, pointer: string, message: string): void {
    this.list.push({ file: doc.file, line: doc.yaml.lineOf(pointer), pointer, message });
  }
  whole(file: string, message: string): void {
    this.list.push({ file, pointer: '', message });
  }
}

export function frameworkDir(id: string, version: string): string {
  return `frameworks/${id}/${version}`;
}

/**
 * Validates one framework version with everything it references (schemas first, then the cross-file
 * rules of docs/POLICY-FORMAT.md) and compiles it into a frozen catalogue with its content hash.
 */
export function compileFramework(reader: PolicyReader, id: string, version: string): CompileResult {
  const base = frameworkDir(id, version);
  const issues = new Issues();
  const frameworkDoc = reader.read<Raw.Framework>(`${base}/framework.yaml`);
  if (!frameworkDoc) return { issues: [{ file: `${base}/framework.yaml`, pointer: '', message: 'missing framework.yaml' }] };
  const sourcesDoc = reader.read<Raw.Sources>('sources.yaml');
  if (!sourcesDoc) issues.whole('sources.yaml', 'missing sources.yaml');

  const fw = frameworkDoc.data;
  const benchmarksFile = fw ? `benchmarks/${fw.benchmarks}.yaml` : undefined;
  const benchmarksDoc = benchmarksFile ? reader.read<Raw.Benchmarks>(benchmarksFile) : undefined;
  if (fw && !benchmarksDoc) issues.at(frameworkDoc, '/benchmarks', `benchmarks file '${benchmarksFile}' does not exist`);
  const jurisdictionDocs = (fw?.jurisdictions ?? []).map((j, i) => {
    const doc = reader.read<Raw.Jurisdiction>(`jurisdictions/${j}.yaml`);
    if (!doc) issues.at(frameworkDoc, `/jurisdictions/${i}`, `jurisdiction '${j}' has no file jurisdictions/${j}.yaml`);
    return doc;
  });
  const domainDocs = reader.yamlFilesIn(`${base}/domains`).map((f) => reader.read<Raw.Domain>(f)!);
  if (!domainDocs.length) issues.whole(`${base}/domains`, 'a framework version needs at least one domain file under domains/');
  const clausesDoc = reader.read<Raw.Clauses>(`${base}/clauses.yaml`);
  const actionPlanDoc = reader.read<Raw.ActionPlan>(`${base}/action-plan.yaml`);

  const docs = ([frameworkDoc, sourcesDoc, benchmarksDoc, ...jurisdictionDocs, ...domainDocs, clausesDoc, actionPlanDoc] as (PolicyDocument | undefined)[]).filter((d): d is PolicyDocument => !!d);
  const schemaIssues = docs.flatMap((d) => d.issues);
  if (schemaIssues.length || docs.some((d) => d.data === undefined) || issues.list.length) {
    return { issues: [...schemaIssues, ...issues.list] };
  }

  const sources = new Map(sourcesDoc!.data!.sources.map((s) => [s.id, s]));
  const cited = new Set<string>();
  const checkSources = (doc: PolicyDocument, pointer: string, ids: readonly string[] | undefined) => {
    (ids ?? []).forEach((sid, i) => {
      if (!sources.has(sid)) issues.at(doc, `${pointer}/${i}`, `unknown source id '${sid}' (not in sources.yaml)`);
      cited.add(sid);
    });
  };
  const unique = (doc: PolicyDocument, pointer: string, seen: Map<string, string>, value: string, what: string) => {
    const previous = seen.get(value);
    if (previous !== undefined) issues.at(doc, pointer, `duplicate ${what} '${value}' (first defined at ${previous})`);
    else seen.set(value, `${doc.file}#${pointer}`);
  };

  // framework.yaml
  const f = fw!;
  if (f.id !== id) issues.at(frameworkDoc, '/id', `id '${f.id}' does not match its folder '${id}'`);
  if (f.version !== version) issues.at(frameworkDoc, '/version', `version '${f.version}' does not match its folder '${version}'`);
  if (f.rating.amber > f.rating.green) issues.at(frameworkDoc, '/rating/amber', `amber (${f.rating.amber}) must not be above green (${f.rating.green})`);
  const sectionIds = new Map<string, string>();
  f.sections.forEach((s, i) => unique(frameworkDoc, `/sections/${i}/id`, sectionIds, s.id, 'section id'));
  const profileIds = new Map<string, string>();
  f.profile.forEach((p, i) => {
    unique(frameworkDoc, `/profile/${i}/id`, profileIds, p.id, 'profile field');
    const values = new Map<string, string>();
    (p.options ?? []).forEach((o, j) => unique(frameworkDoc, `/profile/${i}/options/${j}/value`, values, o.value, `option of '${p.id}'`));
  });
  const allowedFields = conditionFieldNames(f.profile);
  const checkCondition = (doc: PolicyDocument, pointer: string, rule: unknown) => {
    if (rule === undefined) return;
    for (const problem of conditionProblems(rule, allowedFields)) issues.at(doc, pointer, problem);
  };

  // domains, controls, questions
  const domainIds = new Map<string, string>();
  const controlIds = new Map<string, string>();
  const questionIds = new Map<string, string>();
  const controlsById = new Map<string, { doc: PolicyDocument; pointer: string; raw: Raw.Control }>();
  for (const doc of domainDocs) {
    const d = doc.data!;
    unique(doc, '/id', domainIds, d.id, 'domain id');
    d.controls.forEach((c, ci) => {
      const cp = `/controls/${ci}`;
      unique(doc, `${cp}/id`, controlIds, c.id, 'control id');
      controlsById.set(c.id, { doc, pointer: cp, raw: c });
      if (!c.id.startsWith(`${d.id}-`)) issues.at(doc, `${cp}/id`, `control id '${c.id}' must start with its domain id '${d.id}-'`);
      checkSources(doc, `${cp}/sources`, c.sources);
      checkCondition(doc, `${cp}/applies_if`, c.applies_if);
      checkCondition(doc, `${cp}/law_in_force_if`, c.law_in_force_if);
      let scored = 0;
      c.questions.forEach((q, qi) => {
        const qp = `${cp}/questions/${qi}`;
        unique(doc, `${qp}/id`, questionIds, q.id, 'question id');
        if (!q.id.startsWith(`${c.id}-Q`)) issues.at(doc, `${qp}/id`, `question id '${q.id}' must start with its control id '${c.id}-Q'`);
        if (!sectionIds.has(q.section)) issues.at(doc, `${qp}/section`, `unknown section '${q.section}' (framework sections: ${[...sectionIds.keys()].join(', ')})`);
        checkSources(doc, `${qp}/help_sources`, q.help_sources);
        checkCondition(doc, `${qp}/show_if`, q.show_if);
        if (SCORED_TYPES.has(q.type) && (q.weight ?? 1) > 0) scored++;
        checkOptions(doc, qp, q, issues);
      });
      if (!scored) issues.at(doc, `${cp}/questions`, `control '${c.id}' has no scored question (date and text questions and weight 0 are never scored)`);
    });
  }

  // remediation references and dependency cycles
  for (const [cid, { doc, pointer, raw }] of controlsById) {
    (raw.remediation.depends_on ?? []).forEach((dep, i) => {
      if (dep === cid) issues.at(doc, `${pointer}/remediation/depends_on/${i}`, `control '${cid}' cannot depend on itself`);
      else if (!controlsById.has(dep)) issues.at(doc, `${pointer}/remediation/depends_on/${i}`, `unknown control '${dep}'`);
    });
  }
  for (const cycle of dependencyCycles(controlsById)) {
    const { doc, pointer } = controlsById.get(cycle[0])!;
    issues.at(doc, `${pointer}/remediation/depends_on`, `remediation dependency cycle: ${[...cycle, cycle[0]].join(' -> ')}`);
  }
  const checkControls = (doc: PolicyDocument, pointer: string, ids: readonly string[] | undefined) =>
    (ids ?? []).forEach((cid, i) => {
      if (!controlsById.has(cid)) issues.at(doc, `${pointer}/${i}`, `unknown control '${cid}' (not in framework ${id}@${version})`);
    });
  if (!controlsById.has(f.prevalence.detection_control)) issues.at(frameworkDoc, '/prevalence/detection_control', `unknown control '${f.prevalence.detection_control}'`);

  // benchmarks
  const b = benchmarksDoc!.data!;
  const benchmarkIds = new Map<string, string>();
  b.benchmarks.forEach((bm, i) => {
    unique(benchmarksDoc!, `/benchmarks/${i}/id`, benchmarkIds, bm.id, 'benchmark id');
    checkSources(benchmarksDoc!, `/benchmarks/${i}/sources`, bm.sources);
    checkControls(benchmarksDoc!, `/benchmarks/${i}/controls`, bm.controls);
    if (bm.profile_measure && !profileIds.has(bm.profile_measure.field)) issues.at(benchmarksDoc!, `/benchmarks/${i}/profile_measure/field`, `unknown profile field '${bm.profile_measure.field}'`);
    checkCondition(benchmarksDoc!, `/benchmarks/${i}/comparable_if`, bm.comparable_if);
    if (bm.answer_measure) checkAnswerMeasure(benchmarksDoc!, `/benchmarks/${i}/answer_measure`, bm.answer_measure, controlsById, issues);
  });
  checkSources(benchmarksDoc!, '/prevalence/sources', b.prevalence.sources);
  if (b.prevalence.low_rate > b.prevalence.high_rate) issues.at(benchmarksDoc!, '/prevalence/low_rate', 'low_rate must not be above high_rate');

  // clauses and action plan
  const clauseIds = new Map<string, string>();
  clausesDoc?.data!.clauses.forEach((c, i) => {
    unique(clausesDoc, `/clauses/${i}/id`, clauseIds, c.id, 'clause id');
    checkControls(clausesDoc, `/clauses/${i}/controls`, c.controls);
    checkSources(clausesDoc, `/clauses/${i}/sources`, c.sources);
    checkCondition(clausesDoc, `/clauses/${i}/applies_if`, c.applies_if);
    const variantIds = new Map<string, string>();
    (c.variants ?? []).forEach((v, k) => {
      unique(clausesDoc, `/clauses/${i}/variants/${k}/id`, variantIds, v.id, `variant id of clause '${c.id}'`);
      checkCondition(clausesDoc, `/clauses/${i}/variants/${k}/applies_if`, v.applies_if);
    });
  });
  const stepIds = new Map<string, string>();
  actionPlanDoc?.data!.steps.forEach((s, i) => {
    unique(actionPlanDoc, `/steps/${i}/id`, stepIds, s.id, 'action-plan step id');
    checkControls(actionPlanDoc, `/steps/${i}/controls`, s.controls);
    checkSources(actionPlanDoc, `/steps/${i}/sources`, s.sources);
  });
  for (const { doc, pointer, raw } of controlsById.values()) {
    if (raw.benchmark && !benchmarkIds.has(raw.benchmark)) issues.at(doc, `${pointer}/benchmark`, `unknown benchmark '${raw.benchmark}' (not in ${benchmarksFile})`);
    if (raw.clause && !clauseIds.has(raw.clause)) issues.at(doc, `${pointer}/clause`, `unknown clause '${raw.clause}' (not in ${base}/clauses.yaml)`);
  }

  // jurisdictions
  const obligationIds = new Map<string, string>();
  jurisdictionDocs.forEach((doc) => {
    const j = doc!.data!;
    checkJurisdiction(doc!, j, issues, checkSources, checkCondition);
    j.obligations.forEach((o, i) => unique(doc!, `/obligations/${i}/id`, obligationIds, o.id, 'obligation id'));
  });

  if (issues.list.length) return { issues: issues.list };

  const catalogue = buildCatalogue({
    fw: f,
    domains: domainDocs.map((d) => d.data!),
    jurisdictions: jurisdictionDocs.map((d) => d!.data!),
    benchmarks: b,
    clauses: clausesDoc?.data?.clauses ?? [],
    steps: actionPlanDoc?.data?.steps ?? [],
    sources: [...cited].sort().map((sid) => sources.get(sid)!),
  });
  return { catalogue, issues: [] };
}

/** Rules of one jurisdiction file that do not depend on a framework (also run for unreferenced files). */
export function checkJurisdiction(
  doc: PolicyDocument,
  j: Raw.Jurisdiction,
  issues: { at(doc: PolicyDocument, pointer: string, message: string): void },
  checkSources: (doc: PolicyDocument, pointer: string, ids: readonly string[] | undefined) => void,
  checkCondition: (doc: PolicyDocument, pointer: string, rule: unknown) => void,
): void {
  const expected = doc.file.replace(/^jurisdictions\//, '').replace(/\.ya?ml$/, '');
  if (j.id !== expected) issues.at(doc, '/id', `id '${j.id}' does not match its file name '${expected}'`);
  checkCondition(doc, '/applies_if', j.applies_if);
  (j.covers_regions ?? []).forEach((r, i) => {
    if (!(j.covers ?? []).some((c) => r.startsWith(`${c}-`))) issues.at(doc, `/covers_regions/${i}`, `region '${r}' is not in a country the file covers (covers: ${(j.covers ?? []).join(', ') || 'none'})`);
  });
  j.obligations.forEach((o, i) => {
    checkSources(doc, `/obligations/${i}/sources`, o.sources);
    checkCondition(doc, `/obligations/${i}/applies_if`, o.applies_if);
    // A provider duty with no condition would bind every employer in the country.
    if (o.binds === 'provider' && o.applies_if === undefined) issues.at(doc, `/obligations/${i}/applies_if`, `obligation '${o.id}' binds providers and needs an applies_if over the provides_* profile fields`);
  });
}

function checkAnswerMeasure(doc: PolicyDocument, pointer: string, m: { question: string; has_it_if: string[] }, controls: Map<string, { raw: Raw.Control }>, issues: Issues): void {
  const control = controls.get(m.question.replace(/-Q\d+$/, ''));
  const question = control?.raw.questions.find((q) => q.id === m.question);
  if (!question) return issues.at(doc, `${pointer}/question`, `unknown question '${m.question}'`);
  const values = new Set((question.options ?? []).map((o) => o.value));
  m.has_it_if.forEach((v, i) => {
    if (!values.has(v)) issues.at(doc, `${pointer}/has_it_if/${i}`, `question '${m.question}' has no option '${v}'`);
  });
}

function checkOptions(doc: PolicyDocument, qp: string, q: Raw.Question, issues: Issues): void {
  const values = new Map<string, string>();
  const options = q.options ?? [];
  options.forEach((o, i) => {
    const previous = values.get(o.value);
    if (previous !== undefined) issues.at(doc, `${qp}/options/${i}/value`, `duplicate option value '${o.value}'`);
    values.set(o.value, String(i));
    if (!o.unknown && !o.na && o.score === undefined) issues.at(doc, `${qp}/options/${i}`, `option '${o.value}' needs a score in [0,1] (or unknown: true / na: true)`);
  });
  if (options.filter((o) => o.unknown).length > 1) issues.at(doc, `${qp}/options`, 'at most one option may be unknown: true');
  if (options.filter((o) => o.na).length > 1) issues.at(doc, `${qp}/options`, 'at most one option may be na: true');
  if (q.type === 'multi_choice' && options.some((o) => o.alternative)) issues.at(doc, `${qp}/options`, 'a multi_choice question cannot have an alternative option');
  if (ORDERED_TYPES.has(q.type)) {
    let last = -1;
    let lastValue = '';
    options.forEach((o, i) => {
      if (o.unknown || o.na || o.alternative || o.score === undefined) return;
      if (o.score < last) issues.at(doc, `${qp}/options/${i}/score`, `option scores must be ordered from worst to best: '${o.value}' (${o.score}) comes after '${lastValue}' (${last})`);
      last = o.score;
      lastValue = o.value;
    });
  }
  if (q.scoring) {
    q.scoring.forEach((band, i) => {
      if (i === 0) return;
      const prev = q.scoring![i - 1];
      if (band.min <= prev.min) issues.at(doc, `${qp}/scoring/${i}/min`, `scoring bands must have increasing min (${band.min} after ${prev.min})`);
      if (band.score < prev.score) issues.at(doc, `${qp}/scoring/${i}/score`, `scoring bands must have non-decreasing scores (${band.score} after ${prev.score})`);
    });
  }
  if (q.min !== undefined && q.max !== undefined && q.min > q.max) issues.at(doc, `${qp}/min`, `min (${q.min}) is above max (${q.max})`);
}

function dependencyCycles(controls: Map<string, { raw: Raw.Control }>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const stack: string[] = [];
  const visit = (id: string) => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      cycles.push(stack.slice(stack.indexOf(id)));
      return;
    }
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of controls.get(id)?.raw.remediation.depends_on ?? []) if (controls.has(dep) && dep !== id) visit(dep);
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of controls.keys()) visit(id);
  return cycles;
}

interface CatalogueParts {
  fw: Raw.Framework;
  domains: Raw.Domain[];
  jurisdictions: Raw.Jurisdiction[];
  benchmarks: Raw.Benchmarks;
  clauses: Raw.Clause[];
  steps: Raw.ActionPlanStep[];
  sources: Raw.Source[];
}

function buildCatalogue(p: CatalogueParts): Catalogue {
  const defaultDays: Record<Priority, number> = { ...DEFAULT_TARGET_DAYS, ...(p.fw.remediation?.target_days ?? {}) };
  const option = (o: Raw.Option): AnswerOption => strip({ value: o.value, label: o.label, help: o.help, score: o.score, alternative: o.alternative || undefined, unknown: o.unknown || undefined, na: o.na || undefined });
  const question = (q: Raw.Question, controlId: string): Question =>
    strip({
      id: q.id,
      controlId,
      text: q.text,
      section: q.section,
      type: q.type,
      weight: SCORED_TYPES.has(q.type) ? (q.weight ?? 1) : 0,
      help: q.help,
      helpSources: q.help_sources ?? [],
      showIf: q.show_if as Condition | undefined,
      options: q.type === 'yes_no_partial' && !q.options ? YES_NO_PARTIAL_OPTIONS.map((o) => ({ ...o })) : q.options?.map(option),
      scoring: q.scoring?.map((s) => ({ min: s.min, score: s.score })),
      min: q.min,
      max: q.max,
      unit: q.unit,
      maxLength: q.max_length,
      counsel: q.counsel || undefined,
    });
  const control = (c: Raw.Control, domainId: string): Control =>
    strip({
      id: c.id,
      domainId,
      title: c.title,
      requirement: c.requirement,
      criticality: c.criticality,
      target: c.target ?? DEFAULT_TARGET,
      rationale: c.rationale,
      sources: c.sources,
      xrefs: (c.xrefs ?? []).map((x) => strip({ framework: x.framework, id: String(x.id), title: x.title, verified: x.verified ?? true })),
      evidence: c.evidence,
      appliesIf: c.applies_if as Condition | undefined,
      lawInForceIf: c.law_in_force_if as Condition | undefined,
      benchmark: c.benchmark,
      clause: c.clause,
      remediation: strip({
        title: c.remediation.title,
        steps: c.remediation.steps,
        ownerRole: c.remediation.owner_role,
        effort: c.remediation.effort,
        targetDays: { ...defaultDays, ...(c.remediation.target_days ?? {}) },
        dependsOn: c.remediation.depends_on ?? [],
        group: c.remediation.group,
      }),
      questions: c.questions.map((q) => question(q, c.id)),
    });
  const domains: Domain[] = p.domains.map((d) => strip({ id: d.id, title: d.title, description: d.description, weight: d.weight ?? 1, controls: d.controls.map((c) => control(c, d.id)) }));
  const jurisdictions: Jurisdiction[] = p.jurisdictions.map((j) =>
    strip({
      id: j.id,
      name: j.name,
      appliesIf: j.applies_if as Condition,
      lastReviewed: String(j.last_reviewed),
      notes: j.notes,
      covers: j.covers,
      scope: j.scope,
      coversRegions: j.covers_regions,
      obligations: j.obligations.map((o) =>
        strip({
          id: o.id,
          title: o.title,
          binds: o.binds,
          appliesIf: o.applies_if as Condition | undefined,
          trigger: o.trigger,
          action: o.action,
          recipient: o.recipient,
          deadline: o.deadline,
          preservation: o.preservation,
          prohibited: o.prohibited ?? [],
          penalty: o.penalty,
          citation: o.citation,
          sources: o.sources,
          status: o.status,
          legalStatus: o.legal_status,
          lastReviewed: o.last_reviewed === undefined ? undefined : String(o.last_reviewed),
          validUntil: o.valid_until === undefined ? undefined : String(o.valid_until),
          counselMustConfirm: o.counsel_must_confirm ?? false,
          notes: o.notes,
        }),
      ),
    }),
  );
  const benchmarks: Benchmark[] = p.benchmarks.benchmarks.map((b) =>
    strip({
      id: b.id,
      label: b.label,
      share: b.share,
      population: b.population,
      year: b.year,
      survey: b.survey,
      comparableIf: b.comparable_if as Condition | undefined,
      caution: b.caution,
      answerMeasure: b.answer_measure && { questionId: b.answer_measure.question, hasItIf: b.answer_measure.has_it_if },
      sources: b.sources,
      controls: b.controls,
      profileMeasure: b.profile_measure && { field: b.profile_measure.field, hasItUnless: b.profile_measure.has_it_unless },
    }),
  );
  const sources: Source[] = p.sources.map((s) => strip({ id: s.id, title: s.title, publisher: s.publisher, year: s.year, url: s.url, kind: s.kind, status: s.status }));
  const clauses: Clause[] = p.clauses.map((c) =>
    strip({
      id: c.id,
      title: c.title,
      text: c.text,
      controls: c.controls,
      sources: c.sources ?? [],
      appliesIf: c.applies_if as Condition | undefined,
      variants: c.variants?.map((v) => strip({ id: v.id, title: v.title, text: v.text, appliesIf: v.applies_if as Condition | undefined })),
    }),
  );
  const actionPlan: ActionPlanStep[] = p.steps.map((s) => ({ id: s.id, title: s.title, purpose: s.purpose, actions: s.actions, never: s.never ?? [], ownerRole: s.owner_role, controls: s.controls ?? [], sources: s.sources ?? [] }));
  const body: Omit<Catalogue, 'contentHash'> = {
    framework: strip({ id: p.fw.id, version: p.fw.version, title: p.fw.title, description: p.fw.description }),
    sections: p.fw.sections.map((s) => strip({ id: s.id, title: s.title, description: s.description })),
    profile: p.fw.profile.map((f) => strip({ id: f.id, type: f.type, label: f.label, help: f.help, required: f.required ?? true, min: f.min, max: f.max, options: f.options?.map((o) => ({ value: o.value, label: o.label })) })),
    rating: { green: p.fw.rating.green, amber: p.fw.rating.amber },
    prevalence: strip({ detectionControl: p.fw.prevalence.detection_control, lowRate: p.benchmarks.prevalence.low_rate, highRate: p.benchmarks.prevalence.high_rate, sources: p.benchmarks.prevalence.sources, caution: p.benchmarks.prevalence.caution }),
    domains,
    jurisdictions,
    benchmarks,
    sources,
    clauses,
    actionPlan,
  };
  // Parse back from canonical JSON so the frozen catalogue is exactly what a stored copy will be.
  const json = canonicalJson(body);
  const contentHash = createHash('sha256').update(json).digest('hex');
  return deepFreeze({ ...(JSON.parse(json) as Omit<Catalogue, 'contentHash'>), contentHash });
}

/** Drops undefined fields so the catalogue survives a JSON round trip unchanged. */
function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
