import type { Catalogue, ProfileField } from './catalogue';

export type ProfileValue = string | number | boolean | readonly string[];
/** The organisation profile: the framework's profile fields by id. */
export type Profile = Readonly<Record<string, ProfileValue | undefined>>;

export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
]);
/** EEA states outside the EU, where the GDPR applies through the EEA Agreement. */
export const EEA_NON_EU_STATES: ReadonlySet<string> = new Set(['IS', 'LI', 'NO']);
export const DERIVED_FIELDS = [
  'provider_any',
  'eu_presence',
  'gdpr_presence',
  'headcount_band',
  'uk_nations',
] as const;
export type DerivedField = (typeof DERIVED_FIELDS)[number];

const PROVIDER_FLAGS = [
  'provides_internet_access',
  'provides_email',
  'provides_hosting',
  'provides_messaging',
];

/** The UK nations in the profile's regions. */
export const UK_NATIONS: ReadonlySet<string> = new Set(['GB-ENG', 'GB-NIR', 'GB-SCT', 'GB-WLS']);

/**
 * The UK nations whose law applies: those chosen in the regions, or England and Wales when the organisation
 * is in the United Kingdom and names no nation (the most common case, and the law the content assumed
 * before nations could be chosen). Empty outside the United Kingdom.
 */
export function ukNations(profile: Profile): string[] {
  const countries = Array.isArray(profile.countries) ? (profile.countries as readonly string[]) : [];
  if (!countries.includes('GB')) return [];
  const regions = Array.isArray(profile.regions) ? (profile.regions as readonly string[]) : [];
  const chosen = regions.filter((r) => UK_NATIONS.has(r));
  return chosen.length ? [...chosen].sort() : ['GB-ENG', 'GB-WLS'];
}

/**
 * The regions of one country where the organisation has staff: for the United Kingdom its nations as
 * `ukNations` reads them (England and Wales when none is named), elsewhere the profile's regions of that country.
 */
export function regionsOfOperation(profile: Profile, country: string): string[] {
  if (country === 'GB') return ukNations(profile);
  const regions = Array.isArray(profile.regions) ? (profile.regions as readonly string[]) : [];
  return regions.filter((r) => r.startsWith(`${country}-`));
}

export function headcountBand(headcount: number): string {
  if (headcount < 50) return '1-49';
  if (headcount < 250) return '50-249';
  if (headcount < 1000) return '250-999';
  if (headcount < 5000) return '1000-4999';
  return '5000+';
}

/** Fields computed from the profile that conditions may read next to the profile's own. */
export function derivedFields(profile: Profile): Record<DerivedField, ProfileValue | null> {
  const countries = Array.isArray(profile.countries) ? (profile.countries as readonly string[]) : [];
  const headcount = typeof profile.headcount === 'number' ? profile.headcount : null;
  return {
    provider_any: PROVIDER_FLAGS.some((flag) => profile[flag] === true),
    eu_presence: countries.some((c) => EU_MEMBER_STATES.has(c)),
    // EU GDPR in the EU and EEA, UK GDPR in the United Kingdom.
    gdpr_presence: countries.some((c) => EU_MEMBER_STATES.has(c) || EEA_NON_EU_STATES.has(c) || c === 'GB'),
    headcount_band: headcount === null ? null : headcountBand(headcount),
    uk_nations: ukNations(profile),
  };
}

/** What conditions evaluate against: profile fields plus derived fields. */
export function conditionData(profile: Profile): Record<string, unknown> {
  return { ...profile, ...derivedFields(profile) };
}

/** Names a condition may read in this catalogue. */
export function conditionFieldNames(profileFields: readonly Pick<ProfileField, 'id'>[]): Set<string> {
  return new Set([...profileFields.map((f) => f.id), ...DERIVED_FIELDS]);
}

export interface ProfileProblem {
  readonly field: string;
  readonly code:
    | 'PROFILE.UNKNOWN_FIELD'
    | 'PROFILE.REQUIRED'
    | 'PROFILE.WRONG_TYPE'
    | 'PROFILE.UNKNOWN_OPTION'
    | 'PROFILE.OUT_OF_RANGE';
  readonly message: string;
}

/** Checks a profile against the framework's profile definition. */
export function validateProfile(catalogue: Pick<Catalogue, 'profile'>, profile: unknown): ProfileProblem[] {
  if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) {
    return [
      { field: '', code: 'PROFILE.WRONG_TYPE', message: 'the profile must be an object of profile fields' },
    ];
  }
  const values = profile as Record<string, unknown>;
  const problems: ProfileProblem[] = [];
  const known = new Set(catalogue.profile.map((f) => f.id));
  for (const key of Object.keys(values)) {
    if (!known.has(key))
      problems.push({ field: key, code: 'PROFILE.UNKNOWN_FIELD', message: `unknown profile field '${key}'` });
  }
  for (const field of catalogue.profile) {
    const value = values[field.id];
    if (value === undefined || value === null) {
      if (field.required)
        problems.push({
          field: field.id,
          code: 'PROFILE.REQUIRED',
          message: `profile field '${field.id}' (${field.label}) is required`,
        });
      continue;
    }
    const wrong = (expected: string): ProfileProblem => ({
      field: field.id,
      code: 'PROFILE.WRONG_TYPE',
      message: `profile field '${field.id}' must be ${expected}`,
    });
    const allowed = new Set((field.options ?? []).map((o) => o.value));
    switch (field.type) {
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(wrong('a number'));
        else if (
          (field.min !== undefined && value < field.min) ||
          (field.max !== undefined && value > field.max)
        ) {
          problems.push({
            field: field.id,
            code: 'PROFILE.OUT_OF_RANGE',
            message: `profile field '${field.id}' must be between ${field.min ?? '-∞'} and ${field.max ?? '∞'}, got ${value}`,
          });
        }
        break;
      case 'boolean':
        if (typeof value !== 'boolean') problems.push(wrong('true or false'));
        break;
      case 'choice':
        if (typeof value !== 'string') problems.push(wrong('one of its options'));
        else if (!allowed.has(value))
          problems.push({
            field: field.id,
            code: 'PROFILE.UNKNOWN_OPTION',
            message: `profile field '${field.id}' has no option '${value}'`,
          });
        break;
      case 'multi_choice':
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
          problems.push(wrong('a list of its options'));
        else
          for (const v of value as string[])
            if (!allowed.has(v))
              problems.push({
                field: field.id,
                code: 'PROFILE.UNKNOWN_OPTION',
                message: `profile field '${field.id}' has no option '${v}'`,
              });
        break;
    }
  }
  return problems;
}
