import type { AnswerOption, Catalogue, Question } from './catalogue';
import { catalogueIndex } from './catalogue-index';

/** One stored answer. `value` is an option value, a list of option values, a number, or a date/text string. */
export interface AnswerValue {
  readonly value: string | number | readonly string[];
  /** Required for N/A and for alternative (compensating-control) options. */
  readonly justification?: string;
}
/** Answers by question id; an absent question is unanswered. */
export type Answers = Readonly<Record<string, AnswerValue | undefined>>;

export type AnswerProblemCode =
  | 'ANSWER.UNKNOWN_QUESTION'
  | 'ANSWER.WRONG_TYPE'
  | 'ANSWER.UNKNOWN_OPTION'
  | 'ANSWER.JUSTIFICATION_REQUIRED'
  | 'ANSWER.OUT_OF_RANGE';

export interface AnswerProblem {
  readonly questionId: string;
  readonly code: AnswerProblemCode;
  readonly message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_TEXT_LENGTH = 2000;

/** The options of a question (empty for number, date and text). */
export function optionsOf(question: Question): readonly AnswerOption[] {
  return question.options ?? [];
}

/** Problems of one answer against its question; empty when the answer is acceptable. */
export function validateAnswer(question: Question, answer: unknown): AnswerProblem[] {
  return answerProblems(question, answer, new Map(optionsOf(question).map((o) => [o.value, o])));
}

/** validateAnswer with the question's options already indexed (the scorer keeps them per catalogue). */
export function answerProblems(
  question: Question,
  answer: unknown,
  byValue: ReadonlyMap<string, AnswerOption>,
): AnswerProblem[] {
  const problem = (code: AnswerProblemCode, message: string): AnswerProblem[] => [
    { questionId: question.id, code, message: `${question.id}: ${message}` },
  ];
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer) || !('value' in answer)) {
    return problem('ANSWER.WRONG_TYPE', 'an answer must be an object with a value');
  }
  const { value, justification } = answer as { value: unknown; justification?: unknown };
  if (justification !== undefined && typeof justification !== 'string')
    return problem('ANSWER.WRONG_TYPE', 'the justification must be text');
  const justified = typeof justification === 'string' && justification.trim().length > 0;
  const optionList = () => [...byValue.keys()].join(', ');
  switch (question.type) {
    case 'yes_no_partial':
    case 'choice':
    case 'band': {
      if (typeof value !== 'string')
        return problem('ANSWER.WRONG_TYPE', `expects one option (${optionList()})`);
      const option = byValue.get(value);
      if (!option)
        return problem('ANSWER.UNKNOWN_OPTION', `'${value}' is not an option (options: ${optionList()})`);
      if ((option.na || option.alternative) && !justified) {
        return problem(
          'ANSWER.JUSTIFICATION_REQUIRED',
          `'${value}' (${option.na ? 'not applicable' : 'a compensating control'}) needs a justification`,
        );
      }
      return [];
    }
    case 'multi_choice': {
      if (!isStringList(value))
        return problem('ANSWER.WRONG_TYPE', `expects a list of options (${optionList()})`);
      const unknown = value.filter((v) => !byValue.has(v));
      if (unknown.length)
        return problem(
          'ANSWER.UNKNOWN_OPTION',
          `${unknown.map((v) => `'${v}'`).join(', ')} ${unknown.length === 1 ? 'is not an option' : 'are not options'} (options: ${optionList()})`,
        );
      if (new Set(value).size !== value.length) return problem('ANSWER.WRONG_TYPE', 'lists an option twice');
      const exclusive = value.filter((v) => byValue.get(v)!.unknown || byValue.get(v)!.na);
      if (exclusive.length && value.length > 1)
        return problem('ANSWER.WRONG_TYPE', `'${exclusive[0]}' cannot be combined with other options`);
      if (exclusive.length && byValue.get(exclusive[0])!.na && !justified)
        return problem(
          'ANSWER.JUSTIFICATION_REQUIRED',
          `'${exclusive[0]}' (not applicable) needs a justification`,
        );
      return [];
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return problem('ANSWER.WRONG_TYPE', 'expects a number');
      if (
        (question.min !== undefined && value < question.min) ||
        (question.max !== undefined && value > question.max)
      ) {
        return problem(
          'ANSWER.OUT_OF_RANGE',
          `${value} is outside ${question.min ?? '-∞'}..${question.max ?? '∞'}`,
        );
      }
      return [];
    }
    case 'date': {
      if (
        typeof value !== 'string' ||
        !DATE.test(value) ||
        Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
        new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
      ) {
        return problem('ANSWER.WRONG_TYPE', 'expects a date as YYYY-MM-DD');
      }
      return [];
    }
    case 'text': {
      if (typeof value !== 'string') return problem('ANSWER.WRONG_TYPE', 'expects text');
      const max = question.maxLength ?? DEFAULT_TEXT_LENGTH;
      if (value.length > max) return problem('ANSWER.OUT_OF_RANGE', `text is longer than ${max} characters`);
      return [];
    }
  }
}

/** Problems of a whole answers map: unknown question ids and every answer's own problems. */
export function validateAnswers(catalogue: Catalogue, answers: unknown): AnswerProblem[] {
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
    return [
      {
        questionId: '',
        code: 'ANSWER.WRONG_TYPE',
        message: 'answers must be an object keyed by question id',
      },
    ];
  }
  const { questions } = catalogueIndex(catalogue);
  const problems: AnswerProblem[] = [];
  for (const [id, answer] of Object.entries(answers as Record<string, unknown>)) {
    const question = questions.get(id);
    if (!question)
      problems.push({
        questionId: id,
        code: 'ANSWER.UNKNOWN_QUESTION',
        message: `unknown question id '${id}' (not in ${catalogue.framework.id}@${catalogue.framework.version})`,
      });
    else if (answer !== undefined) problems.push(...validateAnswer(question, answer));
  }
  return problems;
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((item) => typeof item === 'string');
}
