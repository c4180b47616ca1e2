export type PolicyFileKind = 'sources' | 'benchmarks' | 'jurisdiction' | 'framework' | 'domain' | 'clauses' | 'action-plan' | 'example';

export const SCHEMA_FILE: Readonly<Record<PolicyFileKind, string>> = {
  sources: 'sources.schema.json',
  benchmarks: 'benchmarks.schema.json',
  jurisdiction: 'jurisdiction.schema.json',
  framework: 'framework.schema.json',
  domain: 'domain.schema.json',
  clauses: 'clauses.schema.json',
  'action-plan': 'action-plan.schema.json',
  example: 'answers.schema.json',
};

const VERSION_DIR = '^frameworks/[^/]+/[^/]+/';
const KINDS: [RegExp, PolicyFileKind][] = [
  [/^sources\.ya?ml$/, 'sources'],
  [/^benchmarks\/[^/]+\.ya?ml$/, 'benchmarks'],
  [/^jurisdictions\/[^/]+\.ya?ml$/, 'jurisdiction'],
  [new RegExp(`${VERSION_DIR}framework\\.ya?ml$`), 'framework'],
  [new RegExp(`${VERSION_DIR}domains/[^/]+\\.ya?ml$`), 'domain'],
  [new RegExp(`${VERSION_DIR}clauses\\.ya?ml$`), 'clauses'],
  [new RegExp(`${VERSION_DIR}action-plan\\.ya?ml$`), 'action-plan'],
  // Reference organisations: answers files scored end to end by the content tests.
  [/^examples\/[^/]+\.ya?ml$/, 'example'],
];

/** The kind of a YAML file from its place under policies/, or undefined when it has no place there. */
export function fileKind(relativePath: string): PolicyFileKind | undefined {
  return KINDS.find(([pattern]) => pattern.test(relativePath))?.[1];
}
