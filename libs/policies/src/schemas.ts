import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SCHEMA_FILE, type PolicyFileKind } from './file-kinds';
import { schemaDir } from './policies-dir';

let validators: Map<PolicyFileKind, ValidateFunction> | undefined;

function compileAll(): Map<PolicyFileKind, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const map = new Map<PolicyFileKind, ValidateFunction>();
  for (const [kind, file] of Object.entries(SCHEMA_FILE) as [PolicyFileKind, string][]) {
    map.set(kind, ajv.compile(JSON.parse(readFileSync(join(schemaDir(), file), 'utf8'))));
  }
  return map;
}

export interface SchemaProblem {
  readonly pointer: string;
  /** Set when the problem is an unexpected key: the line is then the key's. */
  readonly key?: string;
  readonly message: string;
}

/** Validates one file's data against its kind's schema; messages are phrased for content authors. */
export function validateAgainstSchema(kind: PolicyFileKind, data: unknown): SchemaProblem[] {
  validators ??= compileAll();
  const validate = validators.get(kind)!;
  if (validate(data)) return [];
  return simplify(validate.errors ?? []);
}

function simplify(errors: ErrorObject[]): SchemaProblem[] {
  // Combinator keywords repeat what their branches already said; keep them only when nothing else is left.
  const combinators = new Set(['if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not']);
  const specific = errors.filter((e) => !combinators.has(e.keyword));
  const chosen = (specific.length ? specific : errors).filter((e) => !(e.keyword === 'type' && errors.some((o) => o.keyword === 'oneOf' && o.instancePath === e.instancePath)));
  const out = new Map<string, SchemaProblem>();
  for (const e of chosen.length ? chosen : errors) {
    const p = phrase(e);
    out.set(`${p.pointer}|${p.key}|${p.message}`, p);
  }
  // A oneOf on a condition with a wrong type only reports the oneOf; phrase it once.
  for (const e of errors) {
    if (e.keyword === 'oneOf' && !chosen.some((c) => c.instancePath.startsWith(e.instancePath))) {
      out.set(`${e.instancePath}|oneOf`, { pointer: e.instancePath, message: 'must be true, false or a JSON Logic object with one operator' });
    }
  }
  return [...out.values()];
}

function phrase(e: ErrorObject): SchemaProblem {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { pointer: e.instancePath, key: String(params.additionalProperty), message: `unknown property '${String(params.additionalProperty)}'` };
    case 'required':
      return { pointer: e.instancePath, message: `missing required property '${String(params.missingProperty)}'` };
    case 'enum':
      return { pointer: e.instancePath, message: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'pattern':
      return { pointer: e.instancePath, message: `does not have the expected form (${String(params.pattern)})` };
    default:
      return { pointer: e.instancePath, message: e.message ?? e.keyword };
  }
}

let answersValidator: ValidateFunction | undefined;

/** Validates the shape of an answers document (policies/schema/answers.schema.json). */
export function validateAnswersDocument(data: unknown): SchemaProblem[] {
  if (!answersValidator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    answersValidator = ajv.compile(JSON.parse(readFileSync(join(schemaDir(), 'answers.schema.json'), 'utf8')));
  }
  return answersValidator(data) ? [] : simplify(answersValidator.errors ?? []);
}
