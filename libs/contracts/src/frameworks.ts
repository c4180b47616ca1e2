/**
 * The frameworks an audit can be pinned to, and what a version asks about the organisation. Scoring
 * internals (option scores, weights, targets, conditions) are not part of these views.
 */

export interface FrameworkVersionSummary {
  version: string;
  /** The highest version of its framework: what a new audit uses when none is named. */
  latest: boolean;
}

export interface FrameworkSummary {
  id: string;
  /** Title of the latest version. */
  title: string;
  latestVersion: string;
  /** Ascending. */
  versions: FrameworkVersionSummary[];
}

export interface FrameworkListView {
  items: FrameworkSummary[];
}

export const PROFILE_FIELD_TYPES = ['number', 'boolean', 'choice', 'multi_choice'] as const;
export type ProfileFieldType = (typeof PROFILE_FIELD_TYPES)[number];

export interface ProfileFieldOptionView {
  value: string;
  label: string;
}

/** One organisation-profile field: how to ask for it. Its id is the key in `OrganisationView.profile`. */
export interface ProfileFieldView {
  id: string;
  type: ProfileFieldType;
  label: string;
  help: string | null;
  required: boolean;
  min?: number;
  max?: number;
  /** For `choice` and `multi_choice`. */
  options?: ProfileFieldOptionView[];
  /**
   * How many of this version's questions and legal obligations depend on the field: changing it can change
   * which of them apply. Zero for fields used only for comparisons.
   */
  affects: { questions: number; obligations: number };
}

export interface FrameworkVersionView {
  id: string;
  version: string;
  latest: boolean;
  title: string;
  description: string | null;
  /** sha256 of the compiled content; audits pinned to this version carry the same hash. */
  contentHash: string;
  sections: { id: string; title: string; description: string | null }[];
  profile: ProfileFieldView[];
  /** Totals, for "n of m questions apply" explanations. */
  counts: { domains: number; controls: number; questions: number; obligations: number };
}
