import type { Catalogue, Condition } from '@aup/domain';

/** Derived fields stand for the profile fields they are computed from (libs/domain/src/profile.ts). */
const DERIVED_FROM: Readonly<Record<string, readonly string[]>> = {
  provider_any: ['provides_internet_access', 'provides_email', 'provides_hosting', 'provides_messaging'],
  eu_presence: ['countries'],
  gdpr_presence: ['countries'],
  headcount_band: ['headcount'],
  uk_nations: ['countries', 'regions'],
};

const ELEMENT_SCOPE = new Set(['some', 'all', 'none']);

/** The profile fields a condition reads, with derived fields expanded to the fields behind them. */
export function fieldsReadBy(rule: Condition | undefined): Set<string> {
  const out = new Set<string>();
  const add = (name: unknown) => {
    if (typeof name !== 'string' || name === '') return;
    const field = name.split('.')[0];
    for (const f of DERIVED_FROM[field] ?? [field]) out.add(f);
  };
  const visit = (node: unknown, elementScope: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, elementScope));
    if (node === null || typeof node !== 'object') return;
    for (const [op, args] of Object.entries(node)) {
      const list = Array.isArray(args) ? args : [args];
      // Inside some/all/none, `var` names the array element, not a profile field.
      if (op === 'var') {
        if (!elementScope) add(list[0]);
      } else if (op === 'missing') list.forEach(add);
      else if (op === 'missing_some') (Array.isArray(list[1]) ? list[1] : []).forEach(add);
      else if (ELEMENT_SCOPE.has(op)) {
        visit(list[0], elementScope);
        list.slice(1).forEach((n) => visit(n, true));
      } else visit(list, elementScope);
    }
  };
  if (rule !== undefined && typeof rule !== 'boolean') visit(rule, false);
  return out;
}

/**
 * For each profile field, how many questions and obligations of the catalogue it can switch on or off:
 * what the profile page shows so people know a change there changes the questionnaire and the duties.
 */
export function profileDependencies(
  catalogue: Catalogue,
): Map<string, { questions: number; obligations: number }> {
  const counts = new Map(catalogue.profile.map((f) => [f.id, { questions: 0, obligations: 0 }]));
  const count = (fields: Set<string>, kind: 'questions' | 'obligations') => {
    for (const f of fields) {
      const c = counts.get(f);
      if (c) c[kind] += 1;
    }
  };
  for (const domain of catalogue.domains) {
    for (const control of domain.controls) {
      const byControl = fieldsReadBy(control.appliesIf);
      for (const q of control.questions)
        count(new Set([...byControl, ...fieldsReadBy(q.showIf)]), 'questions');
    }
  }
  for (const j of catalogue.jurisdictions) {
    const byJurisdiction = fieldsReadBy(j.appliesIf);
    for (const o of j.obligations) {
      const fields = new Set([...byJurisdiction, ...fieldsReadBy(o.appliesIf)]);
      // The engine applies child-facing duties only with works_with_children (libs/domain obligations.ts).
      if (o.binds === 'child_facing') fields.add('works_with_children');
      count(fields, 'obligations');
    }
  }
  return counts;
}
