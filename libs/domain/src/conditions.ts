import jsonLogic from 'json-logic-js';
import type { Condition } from './catalogue';

/**
 * The JSON Logic operators content may use. Kept to comparisons and boolean logic so a condition stays
 * readable by a compliance officer and cannot grow into a program.
 */
const OPERATORS = new Set([
  'var',
  'missing',
  'missing_some',
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  '!',
  '!!',
  'and',
  'or',
  'if',
  '?:',
  'in',
  'some',
  'all',
  'none',
  'merge',
  'min',
  'max',
  '+',
  '-',
  '*',
  '/',
]);
/** Operators whose second argument is evaluated per array element, where `var` names the element. */
const ELEMENT_SCOPE = new Set(['some', 'all', 'none']);

/**
 * Problems of one condition: unknown operators, and variables that are not organisation-profile or derived
 * fields (conditions never read answers, which keeps scoring monotone). Empty when the rule is fine.
 */
export function conditionProblems(rule: unknown, allowedFields: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, elementScope: boolean): void => {
    if (Array.isArray(node)) {
      node.forEach((n) => visit(n, elementScope));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.length !== 1) {
      problems.push(
        `a condition object must have exactly one operator, found ${keys.length ? keys.join(', ') : 'none'}`,
      );
      return;
    }
    const op = keys[0];
    const args = (node as Record<string, unknown>)[op];
    if (!OPERATORS.has(op)) {
      problems.push(`unknown condition operator '${op}'`);
      return;
    }
    if (op === 'var' || op === 'missing' || op === 'missing_some') {
      if (elementScope && op === 'var') return;
      const names: unknown =
        op === 'var'
          ? [isList(args) ? args[0] : args]
          : op === 'missing_some'
            ? isList(args)
              ? args[1]
              : []
            : isList(args)
              ? args
              : [args];
      for (const name of isList(names) ? names : [names]) {
        if (typeof name !== 'string' || name === '') {
          problems.push(`'${op}' needs a field name`);
          continue;
        }
        const field = name.split('.')[0];
        if (!allowedFields.has(field))
          problems.push(`condition reads '${name}', which is not an organisation-profile or derived field`);
      }
      return;
    }
    const list = Array.isArray(args) ? args : [args];
    if (ELEMENT_SCOPE.has(op)) {
      visit(list[0], elementScope);
      list.slice(1).forEach((n) => visit(n, true));
      return;
    }
    visit(list, elementScope);
  };
  if (typeof rule !== 'boolean') visit(rule, false);
  return problems;
}

/** Evaluates a condition against profile-plus-derived data; an absent condition holds. */
export function evaluateCondition(
  rule: Condition | undefined,
  data: Readonly<Record<string, unknown>>,
): boolean {
  if (rule === undefined) return true;
  if (typeof rule === 'boolean') return rule;
  return jsonLogic.truthy(jsonLogic.apply(rule as jsonLogic.RulesLogic, data as Record<string, unknown>));
}

function isList(v: unknown): v is unknown[] {
  return Array.isArray(v);
}
