import type { Catalogue } from '../catalogue';
import { countryCoverage, type CountryCoverage } from '../country-coverage';
import { applicableObligations, type ApplicableObligation } from '../obligations';
import type { Profile } from '../profile';

/** What the organisation recorded about one obligation: who reports it, by which route, when counsel last reviewed it. */
export interface RegisterRecord {
  readonly obligationId: string;
  readonly reporterRole: string | null;
  readonly reporterUserId: string | null;
  readonly route: string | null;
  /** YYYY-MM-DD */
  readonly lastLegalReviewOn: string | null;
}

export interface RegisterLine {
  readonly obligation: ApplicableObligation;
  /** The duty is to make a report to someone outside the organisation (it names a recipient). */
  readonly mandatoryReport: boolean;
  readonly record: RegisterRecord | null;
}

export interface ObligationsRegister {
  readonly lines: readonly RegisterLine[];
  /**
   * Countries of operation the content does not fully cover (no content, EU law only, or a nation such as
   * Northern Ireland whose own law is not covered), as the results list them.
   */
  readonly notCovered: readonly CountryCoverage[];
  /** Mandatory reports whose route is not recorded. */
  readonly reportsWithoutRoute: readonly {
    readonly obligationId: string;
    readonly jurisdictionName: string;
  }[];
}

/** A duty to report: it names a recipient outside the organisation. */
export const isMandatoryReport = (o: Pick<ApplicableObligation, 'recipient'>) =>
  typeof o.recipient === 'string' && o.recipient.trim() !== '';

/** Countries of operation the content does not fully cover: the results' coverage, less the covered ones. */
export function countriesNotCovered(
  catalogue: Pick<Catalogue, 'jurisdictions' | 'profile'>,
  profile: Profile,
): CountryCoverage[] {
  return countryCoverage(catalogue, profile).filter((c) => c.status !== 'covered');
}

export function obligationsRegister(
  catalogue: Catalogue,
  profile: Profile,
  records: ReadonlyMap<string, RegisterRecord>,
): ObligationsRegister {
  const lines = applicableObligations(catalogue, profile).map((obligation) => ({
    obligation,
    mandatoryReport: isMandatoryReport(obligation),
    record: records.get(obligation.id) ?? null,
  }));
  return {
    lines,
    notCovered: countriesNotCovered(catalogue, profile),
    reportsWithoutRoute: lines
      .filter((l) => l.mandatoryReport && !l.record?.route)
      .map((l) => ({ obligationId: l.obligation.id, jurisdictionName: l.obligation.jurisdictionName })),
  };
}
