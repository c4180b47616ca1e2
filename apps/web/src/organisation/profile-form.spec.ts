import type { ProfileFieldView } from '@aup/contracts';
import {
  affectsText,
  applyPatch,
  conflictRows,
  displayValue,
  formValues,
  profilePatch,
  regionOptions,
  withCountries,
} from './profile-form';

const field = (
  id: string,
  type: ProfileFieldView['type'],
  options?: string[],
  affects = { questions: 0, obligations: 0 },
): ProfileFieldView => ({
  id,
  type,
  label: id,
  help: null,
  required: true,
  affects,
  ...(options ? { options: options.map((value) => ({ value, label: value.toUpperCase() })) } : {}),
});

const FIELDS = [
  field('headcount', 'number'),
  field('countries', 'multi_choice', ['AU', 'GB', 'US']),
  field('regions', 'multi_choice', ['AU-NSW', 'US-CA']),
  field('guest_wifi', 'boolean'),
  field('sector', 'choice', ['finance', 'other']),
];

describe('profile form', () => {
  it('round-trips a stored profile into form values and back to an empty patch', () => {
    const stored = { headcount: 1200, countries: ['GB'], guest_wifi: false, sector: 'finance' };
    const values = formValues(FIELDS, stored);
    expect(values).toEqual({
      headcount: '1200',
      countries: ['GB'],
      regions: [],
      guest_wifi: false,
      sector: 'finance',
    });
    expect(profilePatch(FIELDS, stored, values)).toEqual({});
  });

  it('sends only changed fields; a cleared field is null, typed numbers are numbers', () => {
    const stored = { headcount: 1200, countries: ['GB'], guest_wifi: false };
    const values = {
      ...formValues(FIELDS, stored),
      headcount: ' 1500 ',
      countries: [],
      guest_wifi: true,
      sector: 'other',
    };
    expect(profilePatch(FIELDS, stored, values)).toEqual({
      headcount: 1500,
      countries: null,
      guest_wifi: true,
      sector: 'other',
    });
  });

  it('applies a patch as the api merges it', () => {
    expect(applyPatch({ headcount: 10, sector: 'x' }, { headcount: null, guest_wifi: true })).toEqual({
      sector: 'x',
      guest_wifi: true,
    });
  });

  it('lists for a conflict what the other person changed and what this person changed, with both values', () => {
    const base = { headcount: 100, guest_wifi: false };
    const newer = { headcount: 250, guest_wifi: false, sector: 'finance' };
    const rows = conflictRows(FIELDS, base, newer, { guest_wifi: true, headcount: null });
    expect(rows.map((r) => [r.field.id, r.theirs, r.mine, r.changedByThem, r.changedByMe])).toEqual([
      ['headcount', 250, undefined, true, true],
      ['guest_wifi', false, true, false, true],
      ['sector', 'finance', 'finance', true, false],
    ]);
  });

  it('shows regions only for chosen countries and drops them with their country', () => {
    expect(regionOptions(FIELDS[2], ['US']).map((o) => o.value)).toEqual(['US-CA']);
    expect(withCountries({ countries: ['AU', 'US'], regions: ['AU-NSW', 'US-CA'] }, ['US'])).toEqual({
      countries: ['US'],
      regions: ['US-CA'],
    });
  });

  it('reads values and their effect in words', () => {
    expect(displayValue(FIELDS[1], ['GB', 'US'])).toBe('GB, US');
    expect(displayValue(FIELDS[3], false)).toBe('No');
    expect(displayValue(FIELDS[0], undefined)).toBe('Not answered');
    expect(affectsText(field('x', 'boolean', undefined, { questions: 1, obligations: 3 }))).toBe(
      'Changing this can change whether 1 question and 3 legal obligations apply to you.',
    );
    expect(affectsText(FIELDS[4])).toMatch(/comparisons and estimates only/);
    expect(affectsText(field('x', 'number', undefined, { questions: 1, obligations: 0 }))).toBe(
      'Changing this can change whether 1 question applies to you.',
    );
  });
});
