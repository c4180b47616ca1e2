import { answerProblems, type AnswerProblem, type Answers, type AnswerValue } from './answers';
import {
  CRITICALITY_WEIGHT,
  type AnswerOption,
  type Catalogue,
  type Condition,
  type Control,
  type Criticality,
  type Priority,
  type Question,
} from './catalogue';
import { catalogueIndex, type CatalogueIndex } from './catalogue-index';
import { evaluateCondition } from './conditions';
import { conditionData, type Profile } from './profile';
import { knownSourceIds, sourcesSentence } from './result-sources';

/** Stored with every result; bump when any formula below changes, so old snapshots stay explainable. */
export const FORMULA_VERSION = 'aup-score/2';

export type QuestionStatus = 'answered' | 'alternative' | 'unknown' | 'na' | 'unanswered' | 'invalid';
export type ControlStatus = 'scored' | 'not_applicable' | 'not_shown' | 'all_na';
export type Rating = 'green' | 'amber' | 'red' | 'unrated';

export interface QuestionResult {
  readonly questionId: string;
  readonly status: QuestionStatus;
  /** 0..1; null when the question drops out (N/A). Unanswered, unknown and invalid score 0. */
  readonly score: number | null;
  readonly weight: number;
  readonly value?: AnswerValue['value'];
  /** The chosen option's label(s), for explanations. */
  readonly label?: string;
  readonly justification?: string;
}

export interface ControlResult {
  readonly controlId: string;
  readonly domainId: string;
  readonly title: string;
  readonly criticality: Criticality;
  readonly weight: number;
  readonly status: ControlStatus;
  /** 0..100 for scored controls, null otherwise. */
  readonly score: number | null;
  /** 0..100. */
  readonly target: number;
  readonly passes: boolean | null;
  /** Every visible scored question has an answer (unknown counts as an answer). */
  readonly complete: boolean;
  readonly questions: readonly QuestionResult[];
}

export interface DomainResult {
  readonly domainId: string;
  readonly title: string;
  readonly weight: number;
  readonly score: number | null;
  readonly maturity: number | null;
  /** Why the next maturity level is not reached (empty at level 4). */
  readonly maturityBlockers: readonly string[];
  readonly scoredControls: number;
  readonly passingControls: number;
}

/** How far a cap limits the rating: red (legal exposure) or amber (a critical control below target). */
export type CapLevel = 'red' | 'amber';

export interface Cap {
  readonly controlId: string;
  readonly title: string;
  readonly score: number;
  readonly target: number;
  /** Absent in results computed before formula aup-score/2, where every cap was red. */
  readonly level?: CapLevel;
  readonly reason: string;
}

export interface Gap {
  readonly controlId: string;
  readonly domainId: string;
  readonly title: string;
  readonly criticality: Criticality;
  readonly score: number;
  readonly target: number;
  /** target - score, as a fraction 0..1. */
  readonly shortfall: number;
  /** criticality weight x shortfall, 0..5. */
  readonly severity: number;
  readonly priority: Priority;
  /**
   * The control, its score and target, every visible question's answer, and its sources cited as `[id]`
   * (`resolveCitations` gives the titles). The answers themselves are in `controls[].questions`.
   */
  readonly reason: string;
  /** The control's sources: keys of the results' `sources` map. */
  readonly sourceIds: readonly string[];
}

export interface QuestionCounts {
  /** Visible scored questions of applicable controls. */
  readonly total: number;
  readonly answered: number;
  readonly unknown: number;
  readonly na: number;
  readonly unanswered: number;
  readonly invalid: number;
}

export interface ScoreResult {
  readonly formulaVersion: string;
  readonly framework: { readonly id: string; readonly version: string; readonly contentHash: string };
  readonly overall: number | null;
  readonly rating: Rating;
  readonly ratingReason: string;
  readonly caps: readonly Cap[];
  /** Share of visible scored questions with an answer (unknown and N/A included), 0..100. */
  readonly answeredPct: number;
  /** Share of scored controls that pass, 0..100. */
  readonly compliantPct: number;
  readonly counts: QuestionCounts;
  readonly domains: readonly DomainResult[];
  readonly controls: readonly ControlResult[];
  readonly gaps: readonly Gap[];
  /** Answers that were ignored (scored as unanswered) because they are invalid. */
  readonly invalidAnswers: readonly AnswerProblem[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const pct = (part: number, whole: number) => (whole === 0 ? 0 : round2((100 * part) / whole));

/** Priority bands on severity; a critical gap is never below P2 because it caps the rating. */
export function priorityFor(criticality: Criticality, severity: number): Priority {
  const band: Priority = severity >= 2.5 ? 'P1' : severity >= 1.25 ? 'P2' : severity >= 0.5 ? 'P3' : 'P4';
  return criticality === 'critical' && (band === 'P3' || band === 'P4') ? 'P2' : band;
}

/** Builds a question result with few object shapes: spreading varied shapes was the scorer's hot spot. */
function questionResult(
  q: Question,
  status: QuestionStatus,
  score: number | null,
  answer?: AnswerValue,
  label?: string,
): QuestionResult {
  const r: { -readonly [K in keyof QuestionResult]: QuestionResult[K] } = {
    questionId: q.id,
    status,
    score,
    weight: q.weight,
  };
  if (answer) {
    r.value = answer.value;
    if (label !== undefined) r.label = label;
    if (answer.justification) r.justification = answer.justification;
  }
  return r;
}

/** Scores one question's answer; invalid answers count as unanswered and are reported. */
export function scoreQuestion(
  question: Question,
  answer: AnswerValue | undefined,
  problems: AnswerProblem[],
  options: ReadonlyMap<string, AnswerOption> = new Map((question.options ?? []).map((o) => [o.value, o])),
): QuestionResult {
  if (answer === undefined) return questionResult(question, 'unanswered', 0);
  const found = answerProblems(question, answer, options);
  if (found.length) {
    for (const p of found) problems.push(p);
    return questionResult(question, 'invalid', 0);
  }
  const value = answer.value;
  if (question.type === 'number') {
    let score = 0;
    for (const band of question.scoring ?? []) if ((value as number) >= band.min) score = band.score;
    return questionResult(question, 'answered', score, answer);
  }
  if (!Array.isArray(value)) {
    const o = options.get(value as string)!;
    if (o.na) return questionResult(question, 'na', null, answer, o.label);
    if (o.unknown) return questionResult(question, 'unknown', 0, answer, o.label);
    return questionResult(
      question,
      o.alternative ? 'alternative' : 'answered',
      o.score ?? 0,
      answer,
      o.label,
    );
  }
  const chosen = (value as readonly string[]).map((v) => options.get(v)!);
  const label = chosen.map((o) => o.label).join('; ');
  if (chosen.length === 1 && chosen[0].na) return questionResult(question, 'na', null, answer, label);
  if (chosen.length === 1 && chosen[0].unknown) return questionResult(question, 'unknown', 0, answer, label);
  let score = 0;
  for (const o of chosen) score += o.score ?? 0;
  return questionResult(question, 'answered', Math.min(1, score), answer, label);
}

function scoreControl(
  control: Control,
  index: CatalogueIndex,
  applies: boolean,
  shown: ReadonlySet<string>,
  answers: Answers,
  problems: AnswerProblem[],
): ControlResult {
  const result = (
    status: ControlStatus,
    score: number | null,
    passes: boolean | null,
    complete: boolean,
    questions: readonly QuestionResult[],
  ): ControlResult => ({
    controlId: control.id,
    domainId: control.domainId,
    title: control.title,
    criticality: control.criticality,
    weight: CRITICALITY_WEIGHT[control.criticality],
    status,
    score,
    target: round2(control.target * 100),
    passes,
    complete,
    questions,
  });
  if (!applies) return result('not_applicable', null, null, true, []);
  const questions: QuestionResult[] = [];
  for (const q of control.questions)
    if (q.weight > 0 && shown.has(q.id))
      questions.push(scoreQuestion(q, own(answers, q.id), problems, index.options.get(q.id)));
  if (!questions.length) return result('not_shown', null, null, true, questions);
  let complete = true;
  let sum = 0;
  let weights = 0;
  for (const q of questions) {
    if (q.status === 'unanswered' || q.status === 'invalid') complete = false;
    if (q.score === null) continue;
    sum += q.weight * q.score;
    weights += q.weight;
  }
  if (weights === 0) return result('all_na', null, null, complete, questions);
  const ratio = sum / weights;
  // Pass/fail is decided on the unrounded ratio so rounding can never flip it.
  return result('scored', round2(ratio * 100), ratio >= control.target - 1e-9, complete, questions);
}

/** Reads an answer only when the map really holds it (never from the prototype). */
function own(answers: Answers, id: string): AnswerValue | undefined {
  return Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : undefined;
}

const GATES: readonly {
  level: number;
  minScore: number;
  mustPass: ReadonlySet<Criticality>;
  complete: boolean;
  name: string;
}[] = [
  { level: 1, minScore: 25, mustPass: new Set(), complete: false, name: 'initial' },
  { level: 2, minScore: 50, mustPass: new Set(['critical']), complete: false, name: 'developing' },
  { level: 3, minScore: 75, mustPass: new Set(['critical', 'high']), complete: false, name: 'defined' },
  {
    level: 4,
    minScore: 90,
    mustPass: new Set(['critical', 'high', 'medium', 'low']),
    complete: true,
    name: 'managed',
  },
];

/** Maturity 0-4: a level holds only when its gate and every gate below it hold. */
function maturityOf(
  score: number,
  controls: readonly ControlResult[],
): { maturity: number; blockers: string[] } {
  let maturity = 0;
  for (const gate of GATES) {
    const blockers: string[] = [];
    if (score < gate.minScore) blockers.push(`domain score ${score} is below ${gate.minScore}`);
    if (gate.level === 1 && controls.some((c) => c.criticality === 'critical' && c.score === 0)) {
      blockers.push(
        `critical control ${controls.find((c) => c.criticality === 'critical' && c.score === 0)!.controlId} scores 0`,
      );
    }
    for (const c of controls)
      if (gate.mustPass.has(c.criticality) && !c.passes)
        blockers.push(`${c.criticality} control ${c.controlId} is below target`);
    if (gate.complete && controls.some((c) => !c.complete || c.questions.some((q) => q.status === 'unknown')))
      blockers.push('some questions are unanswered or answered "don\'t know"');
    if (blockers.length)
      return { maturity, blockers: [`level ${gate.level} (${gate.name}): ${blockers.join('; ')}`] };
    maturity = gate.level;
  }
  return { maturity, blockers: [] };
}

function describeAnswer(q: QuestionResult): string {
  switch (q.status) {
    case 'unanswered':
      return `${q.questionId} not answered (scores 0)`;
    case 'invalid':
      return `${q.questionId} has an invalid answer (scores 0)`;
    case 'unknown':
      return `${q.questionId} answered "${q.label}" (scores 0)`;
    case 'na':
      return `${q.questionId} not applicable (${q.justification})`;
    default:
      return `${q.questionId} answered "${q.label ?? String(q.value)}" (${round2((q.score ?? 0) * 100)})`;
  }
}

/**
 * Controls of catalogues compiled before controls carried `lawInForceIf`: the draft catalogue's legal
 * gating list, with the GDPR controls limited to organisations the GDPR reaches.
 */
const LEGACY_LAW_IN_FORCE: Readonly<Record<string, Condition>> = {
  'REP-01': true,
  'REP-02': true,
  'REP-03': true,
  'REP-04': true,
  'REP-05': true,
  'GOV-05': { var: 'gdpr_presence' },
  'POL-04': { var: 'gdpr_presence' },
};

/** The controls whose source is a law in force for this organisation. */
function lawInForce(index: CatalogueIndex, profile: Profile): ReadonlySet<string> {
  const marked = [...index.controls.values()].some((c) => c.lawInForceIf !== undefined);
  const data = conditionData(profile);
  const out = new Set<string>();
  for (const control of index.controls.values()) {
    const rule = marked ? control.lawInForceIf : LEGACY_LAW_IN_FORCE[control.id];
    if (rule !== undefined && evaluateCondition(rule, data)) out.add(control.id);
  }
  return out;
}

/**
 * The caps of the rating (docs/SCORING.md): computed on each critical control's questions that are not
 * for counsel or about pending law. Red when the control's source is a law in force for the organisation
 * and it scores 0 there or has a "Don't know" (or unanswered) question; amber for any other critical
 * control below target. A control whose questions are all for counsel never caps.
 */
function capsOf(scored: readonly ControlResult[], index: CatalogueIndex, law: ReadonlySet<string>): Cap[] {
  const caps: Cap[] = [];
  for (const c of scored) {
    if (c.criticality !== 'critical') continue;
    const counted = c.questions.filter(
      (q) => q.score !== null && !index.questions.get(q.questionId)?.counsel,
    );
    if (!counted.length) continue;
    let sum = 0;
    let weights = 0;
    for (const q of counted) {
      sum += q.weight * q.score!;
      weights += q.weight;
    }
    const ratio = sum / weights;
    const control = index.controls.get(c.controlId)!;
    if (ratio >= control.target - 1e-9) continue;
    const score = round2(ratio * 100);
    const unknown = counted.some(
      (q) => q.status === 'unknown' || q.status === 'unanswered' || q.status === 'invalid',
    );
    const counselNote =
      counted.length < c.questions.filter((q) => q.score !== null).length
        ? ' (questions for counsel or about pending law left out)'
        : '';
    if (law.has(c.controlId) && (score === 0 || unknown)) {
      const why = unknown ? 'has a question answered "Don\'t know" or not answered' : 'scores 0';
      caps.push({
        controlId: c.controlId,
        title: c.title,
        score,
        target: c.target,
        level: 'red',
        reason: `${c.controlId} rests on a law in force for this organisation and ${why}${counselNote}`,
      });
    } else {
      const what = law.has(c.controlId)
        ? 'rests on a law in force for this organisation and'
        : 'is critical and';
      caps.push({
        controlId: c.controlId,
        title: c.title,
        score,
        target: c.target,
        level: 'amber',
        reason: `${c.controlId} ${what} scores ${score} against a target of ${c.target}${counselNote}`,
      });
    }
  }
  // Red caps first, then catalogue order.
  return caps.sort((a, b) => (a.level === b.level ? 0 : a.level === 'red' ? -1 : 1));
}

/** The rating: red caps force red, amber caps hold the rating at amber at best, otherwise the thresholds. */
function rate(
  overall: number | null,
  caps: readonly Cap[],
  thresholds: Catalogue['rating'],
): [Rating, string] {
  const { green, amber } = thresholds;
  if (overall === null) return ['unrated', 'no applicable control has a scored answer'];
  const red = caps.filter((c) => c.level === 'red').map((c) => c.controlId);
  const held = caps.filter((c) => c.level === 'amber').map((c) => c.controlId);
  if (red.length)
    return [
      'red',
      `capped at red (legal exposure): ${red.join(', ')} ${red.length === 1 ? 'rests' : 'rest'} on a law in force for this organisation and ${red.length === 1 ? 'scores' : 'score'} 0 or "Don't know"`,
    ];
  const byScore: [Rating, string] =
    overall >= green
      ? ['green', `overall ${overall} is at least ${green}`]
      : overall >= amber
        ? ['amber', `overall ${overall} is at least ${amber} and below ${green}`]
        : ['red', `overall ${overall} is below ${amber}`];
  if (held.length && byScore[0] === 'green')
    return [
      'amber',
      `capped at amber: critical ${held.length === 1 ? 'control' : 'controls'} ${held.join(', ')} below target (overall ${overall} would be green)`,
    ];
  if (held.length)
    return [
      byScore[0],
      `${byScore[1]}; critical ${held.length === 1 ? 'control' : 'controls'} ${held.join(', ')} below target`,
    ];
  return byScore;
}

/**
 * Scores an audit: question, control, domain and overall scores (0-100), answered and compliant shares,
 * maturity per domain, critical caps, rating and gaps. Pure and deterministic; see docs/SCORING.md.
 */
export function scoreAudit(catalogue: Catalogue, profile: Profile, answers: Answers): ScoreResult {
  const index = catalogueIndex(catalogue);
  const { controls: applicable, questions: shown } = index.applicability(profile);
  const problems: AnswerProblem[] = [];
  const controls: ControlResult[] = [];
  const domains: DomainResult[] = [];
  let overallSum = 0;
  let overallWeight = 0;
  for (const domain of catalogue.domains) {
    const results = domain.controls.map((c) =>
      scoreControl(c, index, applicable.has(c.id), shown, answers, problems),
    );
    controls.push(...results);
    const scored = results.filter((c) => c.status === 'scored');
    let sum = 0;
    let weights = 0;
    for (const c of scored) {
      sum += c.weight * c.score!;
      weights += c.weight;
    }
    overallSum += domain.weight * sum;
    overallWeight += domain.weight * weights;
    const score = weights ? round2(sum / weights) : null;
    const { maturity, blockers } =
      score === null ? { maturity: null, blockers: [] } : maturityOf(score, scored);
    domains.push({
      domainId: domain.id,
      title: domain.title,
      weight: domain.weight,
      score,
      maturity,
      maturityBlockers: blockers,
      scoredControls: scored.length,
      passingControls: scored.filter((c) => c.passes).length,
    });
  }

  const scored = controls.filter((c) => c.status === 'scored');
  const caps = capsOf(scored, index, lawInForce(index, profile));
  const overall = overallWeight ? round2(overallSum / overallWeight) : null;
  const [rating, ratingReason] = rate(overall, caps, catalogue.rating);

  const inScope = controls
    .filter((c) => c.status === 'scored' || c.status === 'all_na')
    .flatMap((c) => c.questions);
  const count = (s: QuestionStatus) => inScope.filter((q) => q.status === s).length;
  const counts: QuestionCounts = {
    total: inScope.length,
    answered: count('answered') + count('alternative'),
    unknown: count('unknown'),
    na: count('na'),
    unanswered: count('unanswered'),
    invalid: count('invalid'),
  };

  const gaps: Gap[] = scored
    .filter((c) => !c.passes)
    .map((c) => {
      const control = index.controls.get(c.controlId)!;
      const shortfall = round2(control.target - c.score! / 100);
      const severity = round2(c.weight * Math.max(0, control.target - c.score! / 100));
      const sourceIds = knownSourceIds(control.sources, index);
      const reason = `${c.controlId} (${c.criticality}) scores ${c.score} against a target of ${c.target}: ${c.questions.map(describeAnswer).join('; ')}. ${sourcesSentence(sourceIds)}`;
      return {
        controlId: c.controlId,
        domainId: c.domainId,
        title: c.title,
        criticality: c.criticality,
        score: c.score!,
        target: c.target,
        shortfall,
        severity,
        priority: priorityFor(c.criticality, severity),
        reason,
        sourceIds,
      };
    })
    .sort(
      (a, b) =>
        a.priority.localeCompare(b.priority) ||
        b.severity - a.severity ||
        index.order.get(a.controlId)! - index.order.get(b.controlId)!,
    );

  return {
    formulaVersion: FORMULA_VERSION,
    framework: {
      id: catalogue.framework.id,
      version: catalogue.framework.version,
      contentHash: catalogue.contentHash,
    },
    overall,
    rating,
    ratingReason,
    caps,
    answeredPct: pct(counts.answered + counts.unknown + counts.na, counts.total),
    compliantPct: pct(scored.filter((c) => c.passes).length, scored.length),
    counts,
    domains,
    controls,
    gaps,
    invalidAnswers: problems,
  };
}
