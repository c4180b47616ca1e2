import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPolicyId, POLICY_IDS, type PolicyIdKind } from './ids';
import { schemaDir } from './policies-dir';

/** Where each kind of id is defined in policies/schema: file and JSON Pointer to the id's own schema. */
const DEFINED_AT: Record<PolicyIdKind, [string, string][]> = {
  framework: [['framework.schema.json', '/properties/id']],
  version: [['framework.schema.json', '/properties/version']],
  section: [['framework.schema.json', '/properties/sections/items/properties/id']],
  clause: [
    ['clauses.schema.json', '/properties/clauses/items/properties/id'],
    ['clauses.schema.json', '/properties/clauses/items/properties/variants/items/properties/id'],
  ],
  step: [['action-plan.schema.json', '/properties/steps/items/properties/id']],
  obligation: [['jurisdiction.schema.json', '/properties/obligations/items/properties/id']],
};

const at = (doc: unknown, pointer: string): unknown =>
  pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);

describe('POLICY_IDS', () => {
  it.each(Object.entries(DEFINED_AT))('%s ids have the syntax of their JSON Schema', (kind, places) => {
    for (const [file, pointer] of places) {
      const schema = at(JSON.parse(readFileSync(join(schemaDir(), file), 'utf8')), pointer) as {
        pattern?: string;
        maxLength?: number;
      };
      const syntax = POLICY_IDS[kind as PolicyIdKind];
      expect({ file, pointer, pattern: schema.pattern, maxLength: schema.maxLength }).toEqual({
        file,
        pointer,
        pattern: syntax.pattern.source,
        maxLength: syntax.maxLength,
      });
    }
  });

  it('tells ids that could name something from those that cannot', () => {
    expect(isPolicyId('clause', 'aup-scope')).toBe(true);
    expect(isPolicyId('clause', 'Aup-scope')).toBe(false);
    expect(isPolicyId('clause', 'a'.repeat(65))).toBe(false);
    expect(isPolicyId('obligation', 'GB-OFFENCES')).toBe(true);
    expect(isPolicyId('obligation', 'gb-offences')).toBe(false);
    expect(isPolicyId('version', '1.10.0')).toBe(true);
    expect(isPolicyId('version', '01.0.0')).toBe(false);
    expect(isPolicyId('section', 'it')).toBe(true);
    expect(isPolicyId('section', 'i-t')).toBe(false);
  });
});
