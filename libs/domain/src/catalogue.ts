/**
 * The compiled catalogue: one framework version with everything it references (jurisdictions, benchmarks,
 * sources, clauses, action plan), as plain JSON-serialisable data. libs/policies builds it from
 * policies/; the api stores it with each audit and re-scores from the stored copy, so nothing here may
 * hold functions, class instances or Dates.
 */

/** JSON Logic rule over organisation-profile and derived fields (never over answers). */
export type Condition = boolean | { readonly [operator: string]: unknown };

export type Criticality = 'critical' | 'high' | 'medium' | 'low';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export type Effort = 'XS' | 'S' | 'M' | 'L' | 'XL';
export type OwnerRole = 'compliance_officer' | 'admin' | 'it' | 'hr' | 'legal' | 'security' | 'leadership';
export type QuestionType = 'yes_no_partial' | 'choice' | 'multi_choice' | 'number' | 'date' | 'band' | 'text';
export type SourceStatus = 'verified' | 'secondary' | 'unverified';
export type SourceKind = 'finding' | 'law' | 'guidance' | 'standard' | 'survey';
export type Binds = 'provider' | 'employer' | 'anyone' | 'it_worker' | 'child_facing';
/** Where a law stands: in force, made but not yet commenced, proposed (a bill), or lapsed/expired. */
export type LegalStatus = 'in_force' | 'not_commenced' | 'proposed' | 'lapsed' | 'no_duty_found';

export interface Source {
  readonly id: string;
  readonly title: string;
  readonly publisher?: string;
  readonly year?: number;
  readonly url?: string;
  readonly kind: SourceKind;
  readonly status: SourceStatus;
}

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

export interface ProfileField {
  readonly id: string;
  readonly type: 'number' | 'boolean' | 'choice' | 'multi_choice';
  readonly label: string;
  readonly help?: string;
  readonly required: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
}

export interface AnswerOption {
  readonly value: string;
  readonly label: string;
  readonly help?: string;
  /** Score in [0,1]; absent for `unknown` and `na` options. */
  readonly score?: number;
  readonly alternative?: boolean;
  readonly unknown?: boolean;
  readonly na?: boolean;
}

export interface NumberBand {
  readonly min: number;
  readonly score: number;
}

export interface Question {
  readonly id: string;
  readonly controlId: string;
  readonly text: string;
  readonly section: string;
  readonly type: QuestionType;
  /** Weight within its control; 0 for date and text questions, which are never scored. */
  readonly weight: number;
  readonly help?: string;
  readonly helpSources: readonly string[];
  readonly showIf?: Condition;
  readonly options?: readonly AnswerOption[];
  /** number questions: bands ordered by ascending `min`. */
  readonly scoring?: readonly NumberBand[];
  readonly min?: number;
  readonly max?: number;
  readonly unit?: string;
  readonly maxLength?: number;
  /**
   * A question for counsel or about law that is not yet in force: scored like any other, but never part
   * of a rating cap (docs/SCORING.md).
   */
  readonly counsel?: boolean;
}

export interface Remediation {
  readonly title: string;
  readonly steps: readonly string[];
  readonly ownerRole: OwnerRole;
  readonly effort: Effort;
  /** Days from plan creation to the target date, by priority (framework defaults merged with overrides). */
  readonly targetDays: Readonly<Record<Priority, number>>;
  readonly dependsOn: readonly string[];
  readonly group?: string;
}

export interface CrossReference {
  readonly framework: string;
  readonly id: string;
  readonly title?: string;
  readonly verified: boolean;
}

export interface Control {
  readonly id: string;
  readonly domainId: string;
  readonly title: string;
  readonly requirement: string;
  readonly criticality: Criticality;
  readonly target: number;
  readonly rationale: string;
  readonly sources: readonly string[];
  readonly xrefs: readonly CrossReference[];
  readonly evidence?: string;
  readonly appliesIf?: Condition;
  /**
   * When the control's source is a law in force for the organisation (JSON Logic over the profile, or
   * true): a score of 0 or a "Don't know" then caps the rating at red. Absent: never a legal cap.
   */
  readonly lawInForceIf?: Condition;
  readonly benchmark?: string;
  readonly clause?: string;
  readonly remediation: Remediation;
  readonly questions: readonly Question[];
}

export interface Domain {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  readonly weight: number;
  readonly controls: readonly Control[];
}

export interface Obligation {
  readonly id: string;
  readonly title: string;
  readonly binds: Binds;
  readonly appliesIf?: Condition;
  readonly trigger: string;
  readonly action: string;
  readonly recipient?: string;
  readonly deadline?: string;
  readonly preservation?: string;
  readonly prohibited: readonly string[];
  readonly penalty?: string;
  readonly citation: string;
  readonly sources: readonly string[];
  readonly status: SourceStatus;
  /** Absent in catalogues compiled before obligations carried it. */
  readonly legalStatus?: LegalStatus;
  /** The date this obligation was last checked against its sources (YYYY-MM-DD). */
  readonly lastReviewed?: string;
  /** For a date-bounded obligation (a temporary derogation): the last day it holds (YYYY-MM-DD). */
  readonly validUntil?: string;
  readonly counselMustConfirm: boolean;
  readonly notes?: string;
}

export interface Jurisdiction {
  readonly id: string;
  readonly name: string;
  readonly appliesIf: Condition;
  readonly lastReviewed: string;
  readonly notes?: string;
  /** ISO 3166-1 country codes this jurisdiction's content covers. */
  readonly covers?: readonly string[];
  /** national: the country's own law; supranational (EU) and regional files cover a country only in part. */
  readonly scope?: 'national' | 'supranational' | 'regional';
  /**
   * Where a country's law differs by nation or region (the United Kingdom's three legal systems), the regions
   * (ISO 3166-2) whose own law this file covers. A region of operation that no applying file covers leaves
   * the country partly covered.
   */
  readonly coversRegions?: readonly string[];
  readonly obligations: readonly Obligation[];
}

export interface Benchmark {
  readonly id: string;
  readonly label: string;
  readonly share: number;
  readonly population: string;
  readonly year?: number;
  /** Which survey the figure comes from, in words ("NetClean Report 2019, business survey"). */
  readonly survey?: string;
  /**
   * Who the surveyed population is comparable with: the comparison is made only when the organisation
   * matches (JSON Logic over the profile); otherwise the benchmark says there is no comparable figure.
   */
  readonly comparableIf?: Condition;
  /** A caution the reader must see with the figure (for example that the survey was run by a vendor). */
  readonly caution?: string;
  /** The survey's own test, read from one answer (it may be looser than the control's target). */
  readonly answerMeasure?: { readonly questionId: string; readonly hasItIf: readonly string[] };
  readonly sources: readonly string[];
  readonly controls: readonly string[];
  /** A benchmark about a fact ("have found CSAM"): read from the profile instead of the controls. */
  readonly profileMeasure?: {
    readonly field: string;
    readonly hasItUnless: readonly (string | number | boolean)[];
  };
}

export interface PrevalenceRates {
  readonly lowRate: number;
  readonly highRate: number;
  readonly sources: readonly string[];
  /** Shown with the estimate wherever it appears (for example the vendor-data caution). */
  readonly caution?: string;
}

export interface ClauseVariant {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly appliesIf?: Condition;
}

export interface ClauseVariant {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly appliesIf?: Condition;
}

export interface Clause {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly controls: readonly string[];
  readonly sources: readonly string[];
  /** JSON Logic over the profile: the clause is needed only where it holds (absent: always). */
  readonly appliesIf?: Condition;
  /** Alternative or additional wordings, each with its own condition (for example per country). */
  readonly variants?: readonly ClauseVariant[];
}

export interface ActionPlanStep {
  readonly id: string;
  readonly title: string;
  readonly purpose: string;
  readonly actions: readonly string[];
  readonly never: readonly string[];
  readonly ownerRole: OwnerRole;
  readonly controls: readonly string[];
  readonly sources: readonly string[];
}

export interface Catalogue {
  readonly framework: {
    readonly id: string;
    readonly version: string;
    readonly title: string;
    readonly description?: string;
  };
  /** sha256 (hex) of the canonical JSON of this catalogue without this field. */
  readonly contentHash: string;
  readonly sections: readonly Section[];
  readonly profile: readonly ProfileField[];
  readonly rating: { readonly green: number; readonly amber: number };
  readonly prevalence: PrevalenceRates & { readonly detectionControl: string };
  readonly domains: readonly Domain[];
  readonly jurisdictions: readonly Jurisdiction[];
  readonly benchmarks: readonly Benchmark[];
  readonly sources: readonly Source[];
  readonly clauses: readonly Clause[];
  readonly actionPlan: readonly ActionPlanStep[];
}

export const CRITICALITY_WEIGHT: Readonly<Record<Criticality, number>> = Object.freeze({
  critical: 5,
  high: 3,
  medium: 2,
  low: 1,
});
export const DEFAULT_TARGET = 0.75;
export const DEFAULT_TARGET_DAYS: Readonly<Record<Priority, number>> = Object.freeze({
  P1: 30,
  P2: 60,
  P3: 90,
  P4: 180,
});

/** Options the engine supplies for a `yes_no_partial` question that lists none. */
export const YES_NO_PARTIAL_OPTIONS: readonly AnswerOption[] = Object.freeze([
  Object.freeze({ value: 'no', label: 'No', score: 0 }),
  Object.freeze({ value: 'partial', label: 'Partly', score: 0.5 }),
  Object.freeze({ value: 'yes', label: 'Yes', score: 1 }),
  Object.freeze({ value: 'unknown', label: "Don't know", unknown: true }),
]);
