import type { Catalogue, Question } from './catalogue';
import { catalogueIndex } from './catalogue-index';
import type { Profile } from './profile';

/** Questions shown for this profile: of applicable controls, with show_if holding, in catalogue order. */
export function visibleQuestions(catalogue: Catalogue, profile: Profile): Question[] {
  const { questions } = catalogueIndex(catalogue).applicability(profile);
  return catalogue.domains.flatMap((d) =>
    d.controls.flatMap((c) => c.questions.filter((q) => questions.has(q.id))),
  );
}

/** The visible questions one section (it, hr, legal, security, leadership) answers. */
export function questionsForSection(catalogue: Catalogue, profile: Profile, section: string): Question[] {
  return visibleQuestions(catalogue, profile).filter((q) => q.section === section);
}
