import type { OrganisationProfile, ProfileFieldView, UpdateOrganisationRequest } from '@aup/contracts';

/** What the form holds per field: number fields as typed text, choices as option values, unset as null. */
export type FieldValue = string | boolean | string[] | null;
export type FormValues = Record<string, FieldValue>;
export type ProfilePatch = NonNullable<UpdateOrganisationRequest['profile']>;
type StoredProfile = Readonly<Record<string, unknown>>;

const asStored = (profile: OrganisationProfile): StoredProfile => profile as StoredProfile;

export function formValues(fields: readonly ProfileFieldView[], profile: OrganisationProfile): FormValues {
  const stored = asStored(profile);
  return Object.fromEntries(
    fields.map((f) => {
      const v = stored[f.id];
      if (f.type === 'number') return [f.id, typeof v === 'number' ? String(v) : ''];
      if (f.type === 'multi_choice') return [f.id, Array.isArray(v) ? v.map(String) : []];
      if (f.type === 'boolean') return [f.id, typeof v === 'boolean' ? v : null];
      return [f.id, typeof v === 'string' ? v : null];
    }),
  );
}

/** The value the api stores for a form value; undefined when unset (the field is cleared). */
function storedValue(field: ProfileFieldView, value: FieldValue): unknown {
  if (field.type === 'number') {
    const text = typeof value === 'string' ? value.trim() : '';
    return text === '' ? undefined : Number(text);
  }
  if (field.type === 'multi_choice') return Array.isArray(value) && value.length ? value : undefined;
  return value === null ? undefined : value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Only the fields that differ from `base`, a cleared one as null: the PATCH merges it into what is stored. */
export function profilePatch(
  fields: readonly ProfileFieldView[],
  base: OrganisationProfile,
  values: FormValues,
): ProfilePatch {
  const stored = asStored(base);
  const patch: Record<string, unknown> = {};
  for (const f of fields) {
    const next = storedValue(f, values[f.id] ?? null);
    if (!same(stored[f.id], next)) patch[f.id] = next === undefined ? null : next;
  }
  return patch as ProfilePatch;
}

/** Applies a patch onto a profile, as the api's merge does. */
export function applyPatch(profile: OrganisationProfile, patch: ProfilePatch): OrganisationProfile {
  const merged: Record<string, unknown> = { ...profile };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return merged as OrganisationProfile;
}

/** Fields someone else changed between the version edited and the newer one, and fields this person changed. */
export function conflictRows(
  fields: readonly ProfileFieldView[],
  base: OrganisationProfile,
  newer: OrganisationProfile,
  mine: ProfilePatch,
) {
  const b = asStored(base);
  const n = asStored(newer);
  return fields
    .filter((f) => f.id in mine || !same(b[f.id], n[f.id]))
    .map((f) => ({
      field: f,
      theirs: n[f.id],
      mine: f.id in mine ? ((mine as Record<string, unknown>)[f.id] ?? undefined) : n[f.id],
      changedByThem: !same(b[f.id], n[f.id]),
      changedByMe: f.id in mine,
    }));
}

/** How a stored value reads for people: option labels, Yes/No, or "Not answered". */
export function displayValue(field: ProfileFieldView, value: unknown): string {
  if (value === undefined || value === null || (Array.isArray(value) && !value.length)) return 'Not answered';
  const label = (v: unknown) => field.options?.find((o) => o.value === v)?.label ?? String(v);
  if (field.type === 'boolean') return value === true ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (field.type === 'number' && typeof value === 'number') return value.toLocaleString('en-GB');
  return label(value);
}

/** State and province options only for the countries chosen: the api refuses regions outside them. */
export function regionOptions(field: ProfileFieldView, countries: readonly string[]) {
  return (field.options ?? []).filter((o) => countries.includes(o.value.slice(0, 2)));
}

/** Regions of countries no longer chosen are dropped with them. */
export function withCountries(values: FormValues, countries: string[]): FormValues {
  const regions = Array.isArray(values.regions)
    ? values.regions.filter((r) => countries.includes(r.slice(0, 2)))
    : values.regions;
  return { ...values, countries, ...(values.regions !== undefined ? { regions } : {}) };
}

/** The sentence under each field saying what changing it does to the assessment. */
export function affectsText(field: ProfileFieldView): string {
  const { questions, obligations } = field.affects;
  if (!questions && !obligations)
    return 'Used for comparisons and estimates only; it does not change which questions or obligations apply.';
  const parts = [
    questions ? `${questions} question${questions === 1 ? '' : 's'}` : '',
    obligations ? `${obligations} legal obligation${obligations === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  const singular = parts.length === 1 && (questions || obligations) === 1;
  return `Changing this can change whether ${parts.join(' and ')} ${singular ? 'applies' : 'apply'} to you.`;
}
