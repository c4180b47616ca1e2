/** The YAML shapes of docs/POLICY-FORMAT.md, as they are after schema validation (snake_case, optional fields). */
import type {
  Binds,
  Criticality,
  Effort,
  LegalStatus,
  OwnerRole,
  Priority,
  QuestionType,
  SourceKind,
  SourceStatus,
} from '@aup/domain';

export interface Source {
  id: string;
  title: string;
  publisher?: string;
  year?: number;
  url?: string;
  kind: SourceKind;
  status: SourceStatus;
}
export interface Sources {
  sources: Source[];
}

export interface ProfileField {
  id: string;
  type: 'number' | 'boolean' | 'choice' | 'multi_choice';
  label: string;
  help?: string;
  required?: boolean;
  min?: number;
  max?: number;
  options?: { value: string; label: string }[];
}
export interface Framework {
  id: string;
  version: string;
  title: string;
  description?: string;
  jurisdictions: string[];
  benchmarks: string;
  sections: { id: string; title: string; description?: string }[];
  profile: ProfileField[];
  rating: { green: number; amber: number };
  prevalence: { detection_control: string };
  remediation?: { target_days?: Partial<Record<Priority, number>> };
}

export interface Option {
  value: string;
  label: string;
  help?: string;
  score?: number;
  alternative?: boolean;
  unknown?: boolean;
  na?: boolean;
}
export interface Question {
  id: string;
  text: string;
  section: string;
  type: QuestionType;
  weight?: number;
  help?: string;
  help_sources?: string[];
  show_if?: unknown;
  options?: Option[];
  scoring?: { min: number; score: number }[];
  min?: number;
  max?: number;
  unit?: string;
  max_length?: number;
  counsel?: boolean;
}
export interface Control {
  id: string;
  title: string;
  requirement: string;
  criticality: Criticality;
  target?: number;
  rationale: string;
  sources: string[];
  xrefs?: { framework: string; id: string | number; title?: string; verified?: boolean }[];
  evidence?: string;
  applies_if?: unknown;
  law_in_force_if?: unknown;
  benchmark?: string;
  clause?: string;
  remediation: {
    title: string;
    steps: string[];
    owner_role: OwnerRole;
    effort: Effort;
    target_days?: Partial<Record<Priority, number>>;
    depends_on?: string[];
    group?: string;
  };
  questions: Question[];
}
export interface Domain {
  id: string;
  title: string;
  description?: string;
  weight?: number;
  controls: Control[];
}

export interface Obligation {
  id: string;
  title: string;
  binds: Binds;
  applies_if?: unknown;
  trigger: string;
  action: string;
  recipient?: string;
  deadline?: string;
  preservation?: string;
  prohibited?: string[];
  penalty?: string;
  citation: string;
  sources: string[];
  status: SourceStatus;
  legal_status: LegalStatus;
  last_reviewed: string;
  valid_until?: string;
  counsel_must_confirm?: boolean;
  notes?: string;
}
export interface Jurisdiction {
  id: string;
  name: string;
  applies_if: unknown;
  last_reviewed: string;
  notes?: string;
  covers?: string[];
  scope?: 'national' | 'supranational' | 'regional';
  covers_regions?: string[];
  obligations: Obligation[];
}

export interface Benchmarks {
  benchmarks: {
    id: string;
    label: string;
    share: number;
    population: string;
    year?: number;
    survey?: string;
    comparable_if?: unknown;
    caution?: string;
    answer_measure?: { question: string; has_it_if: string[] };
    sources: string[];
    controls: string[];
    profile_measure?: { field: string; has_it_unless: (string | number | boolean)[] };
  }[];
  prevalence: { low_rate: number; high_rate: number; sources: string[]; caution?: string };
}

export interface Clause {
  id: string;
  title: string;
  text: string;
  controls: string[];
  sources?: string[];
  applies_if?: unknown;
  variants?: { id: string; title: string; text: string; applies_if?: unknown }[];
}
export interface Clauses {
  clauses: Clause[];
}
export interface ActionPlanStep {
  id: string;
  title: string;
  purpose: string;
  actions: string[];
  never?: string[];
  owner_role: OwnerRole;
  controls?: string[];
  sources?: string[];
}
export interface ActionPlan {
  steps: ActionPlanStep[];
}
