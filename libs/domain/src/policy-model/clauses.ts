import type { Catalogue, Clause, ClauseVariant } from '../catalogue';
import { evaluateCondition } from '../conditions';
import { conditionData, type Profile } from '../profile';

export const CLAUSE_STATES = ['adopted', 'adapted', 'missing', 'not_applicable'] as const;
export type ClauseState = (typeof CLAUSE_STATES)[number];

/** What the organisation recorded about one clause. */
export interface ClauseRecord {
  readonly clauseId: string;
  readonly state: ClauseState;
  readonly variantId: string | null;
  /** Its own wording (adapted, or adopted in its own words). */
  readonly wording: string | null;
  /** Where the clause sits in its own policy document ("AUP v3, section 4.2"). */
  readonly documentRef: string | null;
  readonly reason: string | null;
  readonly ownerUserId: string | null;
  /** YYYY-MM-DD */
  readonly lastReviewedOn: string | null;
  /** YYYY-MM-DD: when the state last became adopted or adapted. */
  readonly adoptedOn: string | null;
}

/** A clause template as it applies to this organisation: its variants narrowed to those whose condition holds. */
export interface ApplicableClause {
  readonly clause: Clause;
  readonly number: number;
  /** False when the template's condition does not hold for the profile (shown, but not counted). */
  readonly applies: boolean;
  readonly variants: readonly ClauseVariant[];
}

/** Every clause template, numbered in catalogue order, with whether it applies; a template without `appliesIf` always applies. */
export function clausesFor(catalogue: Pick<Catalogue, 'clauses'>, profile: Profile): ApplicableClause[] {
  const data = conditionData(profile);
  return catalogue.clauses.map((clause, i) => ({
    clause,
    number: i + 1,
    applies: evaluateCondition(clause.appliesIf, data),
    variants: (clause.variants ?? []).filter((v) => evaluateCondition(v.appliesIf, data)),
  }));
}

export interface ClauseCoverage {
  /** Adopted or adapted among the applicable clauses not marked not applicable, 0..100 (100 when none apply). */
  readonly coveragePct: number;
  readonly counted: number;
  readonly covered: number;
  /** Applicable clauses with no record or recorded as missing, in plain words. */
  readonly missing: readonly {
    readonly clauseId: string;
    readonly number: number;
    readonly title: string;
    readonly message: string;
  }[];
}

export const isCovered = (state: ClauseState | undefined) => state === 'adopted' || state === 'adapted';

export function clauseCoverage(
  clauses: readonly ApplicableClause[],
  records: ReadonlyMap<string, Pick<ClauseRecord, 'state'>>,
): ClauseCoverage {
  const counted = clauses.filter((c) => c.applies && records.get(c.clause.id)?.state !== 'not_applicable');
  const covered = counted.filter((c) => isCovered(records.get(c.clause.id)?.state));
  const missing = counted
    .filter((c) => !isCovered(records.get(c.clause.id)?.state))
    .map((c) => ({
      clauseId: c.clause.id,
      number: c.number,
      title: c.clause.title,
      message: records.has(c.clause.id)
        ? `Clause ${c.number} "${c.clause.title}" is recorded as missing from your policy.`
        : `Clause ${c.number} "${c.clause.title}" has not been adopted, adapted or marked not applicable yet.`,
    }));
  return {
    coveragePct: counted.length === 0 ? 100 : Math.round((1000 * covered.length) / counted.length) / 10,
    counted: counted.length,
    covered: covered.length,
    missing,
  };
}

export interface ClauseChange {
  readonly state: ClauseState;
  readonly variantId?: string | null;
  readonly wording?: string | null;
  readonly documentRef?: string | null;
  readonly reason?: string | null;
}

export type ClauseProblemCode =
  | 'CLAUSE.REASON_REQUIRED'
  | 'CLAUSE.WORDING_REQUIRED'
  | 'CLAUSE.ADOPTION_BASIS_REQUIRED'
  | 'CLAUSE.UNKNOWN_VARIANT';

/** Why a clause record cannot be stored as sent; empty when it can. */
export function clauseChangeProblems(
  clause: ApplicableClause,
  change: ClauseChange,
): { code: ClauseProblemCode; pointer: string; message: string }[] {
  const problems: { code: ClauseProblemCode; pointer: string; message: string }[] = [];
  const blank = (s: string | null | undefined) => s === undefined || s === null || s.trim() === '';
  if (change.state === 'not_applicable' && blank(change.reason)) {
    problems.push({
      code: 'CLAUSE.REASON_REQUIRED',
      pointer: '/reason',
      message: 'Say why the clause does not apply to the organisation.',
    });
  }
  if (change.state === 'adapted' && blank(change.wording)) {
    problems.push({
      code: 'CLAUSE.WORDING_REQUIRED',
      pointer: '/wording',
      message: 'An adapted clause needs the wording the organisation uses.',
    });
  }
  if (
    change.state === 'adopted' &&
    blank(change.wording) &&
    blank(change.documentRef) &&
    clause.variants.length === 0 &&
    !clause.clause.text
  ) {
    problems.push({
      code: 'CLAUSE.ADOPTION_BASIS_REQUIRED',
      pointer: '/documentRef',
      message: 'Give the wording or the section of your policy document.',
    });
  }
  if (change.variantId && !clause.variants.some((v) => v.id === change.variantId)) {
    problems.push({
      code: 'CLAUSE.UNKNOWN_VARIANT',
      pointer: '/variantId',
      message: `Clause ${clause.number} has no variant '${change.variantId}' that applies to the organisation.`,
    });
  }
  return problems;
}

/** The wording a document shows: the organisation's own, else the chosen variant's, else the template's, with its name filled in. */
export function clauseWording(
  clause: ApplicableClause,
  record: Pick<ClauseRecord, 'wording' | 'variantId'> | undefined,
  organisationName: string,
): string {
  const variant = record?.variantId ? clause.variants.find((v) => v.id === record.variantId) : undefined;
  const text = record?.wording?.trim() ? record.wording : (variant?.text ?? clause.clause.text);
  return text.replaceAll('{{organisation}}', organisationName).trim();
}
