import type { AnswerOption, Catalogue, Control, Question, Source } from './catalogue';
import { canonicalJson } from './canonical-json';
import { evaluateCondition } from './conditions';
import { conditionData, type Profile } from './profile';

/** Which controls apply and which questions show for one profile. */
export interface Applicability {
  readonly controls: ReadonlySet<string>;
  readonly questions: ReadonlySet<string>;
}

export interface CatalogueIndex {
  readonly controls: ReadonlyMap<string, Control>;
  readonly questions: ReadonlyMap<string, Question>;
  readonly sources: ReadonlyMap<string, Source>;
  /** Each question's options by value. */
  readonly options: ReadonlyMap<string, ReadonlyMap<string, AnswerOption>>;
  /** Position of each control in catalogue order (domain file order, then control order). */
  readonly order: ReadonlyMap<string, number>;
  applicability(profile: Profile): Applicability;
}

const indexes = new WeakMap<Catalogue, CatalogueIndex>();
const APPLICABILITY_CACHE_SIZE = 256;

/**
 * Lookup tables for a catalogue, built once per catalogue object. Conditions were validated when the
 * catalogue was compiled; here their results are cached per profile, so scoring the same audit again
 * (every answer saved re-scores) does not evaluate JSON Logic again.
 */
export function catalogueIndex(catalogue: Catalogue): CatalogueIndex {
  let index = indexes.get(catalogue);
  if (index) return index;
  const controls = new Map<string, Control>();
  const questions = new Map<string, Question>();
  const order = new Map<string, number>();
  const options = new Map<string, Map<string, AnswerOption>>();
  for (const domain of catalogue.domains) {
    for (const control of domain.controls) {
      order.set(control.id, order.size);
      controls.set(control.id, control);
      for (const q of control.questions) {
        questions.set(q.id, q);
        options.set(q.id, new Map((q.options ?? []).map((o) => [o.value, o])));
      }
    }
  }
  const sources = new Map(catalogue.sources.map((s) => [s.id, s]));
  const cache = new Map<string, Applicability>();
  index = {
    controls,
    questions,
    sources,
    options,
    order,
    applicability(profile) {
      const key = canonicalJson(profile);
      const hit = cache.get(key);
      if (hit) return hit;
      const data = conditionData(profile);
      const applies = new Set<string>();
      const shown = new Set<string>();
      for (const control of controls.values()) {
        if (!evaluateCondition(control.appliesIf, data)) continue;
        applies.add(control.id);
        for (const q of control.questions) if (evaluateCondition(q.showIf, data)) shown.add(q.id);
      }
      const result = { controls: applies, questions: shown };
      if (cache.size >= APPLICABILITY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(key, result);
      return result;
    },
  };
  indexes.set(catalogue, index);
  return index;
}
