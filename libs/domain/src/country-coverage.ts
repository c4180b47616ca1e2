import type { Catalogue, Jurisdiction } from './catalogue';
import { evaluateCondition } from './conditions';
import { conditionData, EU_MEMBER_STATES, regionsOfOperation, type Profile } from './profile';

export type CoverageStatus = 'covered' | 'partly_covered' | 'not_covered';

/** How far the content covers one country where the organisation operates. */
export interface CountryCoverage {
  readonly country: string;
  readonly name: string;
  readonly status: CoverageStatus;
  /** Jurisdictions whose obligations apply to this country. */
  readonly jurisdictionIds: readonly string[];
  /**
   * Regions of operation whose own law no applying file covers, where the country's law differs by region
   * (Northern Ireland in the United Kingdom). Absent when there are none.
   */
  readonly regionsNotCovered?: readonly { readonly region: string; readonly name: string }[];
  readonly text: string;
}

/** The country's name, with the regions whose law is not covered: "United Kingdom (Northern Ireland)". */
export function coverageLabel(c: Pick<CountryCoverage, 'name' | 'regionsNotCovered'>): string {
  return c.regionsNotCovered?.length
    ? `${c.name} (${c.regionsNotCovered.map((r) => r.name).join(', ')})`
    : c.name;
}

const NOT_COVERED = 'not covered: confirm locally with counsel';

/** The countries a jurisdiction covers and at what level; older catalogues are read from `appliesIf`. */
function coverageOf(j: Jurisdiction): {
  countries: readonly string[];
  scope: 'national' | 'supranational' | 'regional';
} {
  if (j.covers) return { countries: j.covers, scope: j.scope ?? 'national' };
  const rule = j.appliesIf as { in?: unknown[]; var?: unknown };
  if (rule && typeof rule === 'object' && rule.var === 'eu_presence')
    return { countries: [...EU_MEMBER_STATES], scope: 'supranational' };
  const inRule = rule && typeof rule === 'object' && Array.isArray(rule.in) ? rule.in : undefined;
  const code = inRule && typeof inRule[0] === 'string' ? inRule[0] : undefined;
  const list = inRule && (inRule[1] as { var?: unknown })?.var;
  if (code && list === 'countries') return { countries: [code], scope: 'national' };
  if (code && list === 'regions') return { countries: [code.slice(0, 2)], scope: 'regional' };
  return { countries: [], scope: 'regional' };
}

/**
 * Every country of operation with how far the content covers it, so that no country is silently dropped:
 * a country with no national content is listed as "not covered: confirm locally with counsel". Where files
 * for a country say which regions' own law they cover (`coversRegions`: the United Kingdom's nations), a
 * region of operation none of them covers leaves the country partly covered, with that region named.
 */
export function countryCoverage(
  catalogue: Pick<Catalogue, 'jurisdictions' | 'profile'>,
  profile: Profile,
): CountryCoverage[] {
  const countries = Array.isArray(profile.countries) ? (profile.countries as readonly string[]) : [];
  const labels = (field: string) =>
    new Map((catalogue.profile.find((f) => f.id === field)?.options ?? []).map((o) => [o.value, o.label]));
  const names = labels('countries');
  const regionNames = labels('regions');
  const data = conditionData(profile);
  const applying = catalogue.jurisdictions
    .filter((j) => evaluateCondition(j.appliesIf, data))
    .map((j) => ({ j, ...coverageOf(j) }));
  return countries.map((country) => {
    const name = names.get(country) ?? country;
    const here = applying.filter((a) => a.countries.includes(country));
    const national = here.filter((a) => a.scope === 'national');
    const ids = here.map((a) => a.j.id);
    const regional = here.filter((a) => a.j.coversRegions);
    const regionsCovered = new Set(regional.flatMap((a) => a.j.coversRegions ?? []));
    const missing = regional.length
      ? regionsOfOperation(profile, country)
          .filter((r) => !regionsCovered.has(r))
          .map((region) => ({ region, name: regionNames.get(region) ?? region }))
      : [];
    if (national.length && missing.length) {
      const law = missing.map((m) => m.name).join(', ');
      return {
        country,
        name,
        status: 'partly_covered',
        jurisdictionIds: ids,
        regionsNotCovered: missing,
        text: `${name}: partly covered (${here.map((a) => a.j.name).join('; ')}); the law specific to ${law} is ${NOT_COVERED}.`,
      };
    }
    if (national.length) {
      return {
        country,
        name,
        status: 'covered',
        jurisdictionIds: ids,
        text: `${name}: covered (${here.map((a) => a.j.name).join('; ')}). Not legal advice: have counsel confirm.`,
      };
    }
    if (here.length) {
      return {
        country,
        name,
        status: 'partly_covered',
        jurisdictionIds: ids,
        text: `${name}: only ${here.map((a) => a.j.name).join('; ')} is covered; national law is ${NOT_COVERED}.`,
      };
    }
    return { country, name, status: 'not_covered', jurisdictionIds: [], text: `${name}: ${NOT_COVERED}.` };
  });
}
