/** How deep a JSON request body may nest; no route takes more than a few levels. */
export const MAX_JSON_DEPTH = 32;

/** A lone UTF-16 surrogate (in unicode mode a valid pair is one code point and does not match) or NUL. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const MALFORMED = /[\uD800-\uDFFF\u0000]/u;

export type RequestTextIssue = { kind: 'malformed'; pointer: string } | { kind: 'too-deep'; pointer: string };

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Finds the first string (value or key) in a parsed request part that is not well-formed Unicode or holds
 * a NUL, or the first place nested deeper than MAX_JSON_DEPTH. Such strings cannot be stored, hashed or
 * URL-encoded (`encodeURIComponent` throws on a lone surrogate, PostgreSQL refuses NUL in text), so they
 * are refused at the door rather than deep inside a handler. Iterative: a hostile body cannot exhaust the
 * stack. The pointer is a JSON Pointer into `value`, prefixed with `root`.
 */
export function findRequestTextIssue(value: unknown, root = ''): RequestTextIssue | undefined {
  const stack: [unknown, string, number][] = [[value, root, 0]];
  while (stack.length) {
    const [v, pointer, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (MALFORMED.test(v)) return { kind: 'malformed', pointer };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return { kind: 'too-deep', pointer };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${pointer}/${i}`, depth + 1]);
      continue;
    }
    for (const key of Object.keys(v)) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (MALFORMED.test(key)) return { kind: 'malformed', pointer: at };
      stack.push([(v as Record<string, unknown>)[key], at, depth + 1]);
    }
  }
  return undefined;
}
