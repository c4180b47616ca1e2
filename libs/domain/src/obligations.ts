import type { Binds, Catalogue, Obligation } from './catalogue';
import { catalogueIndex } from './catalogue-index';
import { evaluateCondition } from './conditions';
import { conditionData, type Profile } from './profile';
import { knownSourceIds } from './result-sources';

export interface ApplicableObligation extends Omit<Obligation, 'appliesIf' | 'sources'> {
  readonly jurisdictionId: string;
  readonly jurisdictionName: string;
  readonly lastReviewed: string;
  /** Keys of the results' `sources` map. */
  readonly sourceIds: readonly string[];
  /** Why it binds this organisation, in words. */
  readonly bindsBecause: string;
}

const BINDS_WHY: Readonly<Record<Binds, string>> = {
  provider: 'the organisation provides a service to the public that this duty covers',
  employer: 'the organisation is an employer operating in this jurisdiction',
  anyone: 'it binds anyone in this jurisdiction, including the organisation and its staff',
  it_worker: "it binds the people who work on the organisation's IT",
  child_facing: 'the organisation works with children',
};

/**
 * The obligations that bind this organisation: jurisdictions by country and region, then each duty by who
 * it binds. A provider duty binds only when its condition over the provides_* fields holds, so an ordinary
 * employer gets the employer and anyone duties instead; child-facing duties need works_with_children.
 */
export function applicableObligations(catalogue: Catalogue, profile: Profile): ApplicableObligation[] {
  const data = conditionData(profile);
  const index = catalogueIndex(catalogue);
  const out: ApplicableObligation[] = [];
  for (const j of catalogue.jurisdictions) {
    if (!evaluateCondition(j.appliesIf, data)) continue;
    for (const o of j.obligations) {
      if (o.binds === 'provider' && o.appliesIf === undefined) continue;
      if (o.binds === 'child_facing' && data.works_with_children !== true) continue;
      if (!evaluateCondition(o.appliesIf, data)) continue;
      const { appliesIf: _condition, sources: ids, ...rest } = o;
      out.push({
        ...rest,
        jurisdictionId: j.id,
        jurisdictionName: j.name,
        lastReviewed: o.lastReviewed ?? j.lastReviewed,
        sourceIds: knownSourceIds(ids, index),
        bindsBecause: BINDS_WHY[o.binds],
      });
    }
  }
  return out;
}
