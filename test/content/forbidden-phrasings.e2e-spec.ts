import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { resolvePoliciesDir } from '@aup/policies';
import { findForbiddenPhrasings } from './forbidden-phrasings';

/** Every YAML file under a directory. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** Every string value in a parsed document, with its JSON pointer. */
function strings(node: unknown, pointer = ''): { pointer: string; text: string }[] {
  if (typeof node === 'string') return [{ pointer, text: node }];
  if (Array.isArray(node)) return node.flatMap((n, i) => strings(n, `${pointer}/${i}`));
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) => strings(v, `${pointer}/${k}`));
  return [];
}

describe('content: no wording that could cause harm, in any text of policies/', () => {
  const dir = resolvePoliciesDir();
  const texts = yamlFiles(dir).flatMap((file) =>
    strings(parse(readFileSync(file, 'utf8'))).map((s) => ({
      where: `${relative(dir, file)}#${s.pointer}`,
      text: s.text,
    })),
  );

  it('reads every file (frameworks, jurisdictions, sources, benchmarks, examples)', () => {
    expect(texts.length).toBeGreaterThan(1000);
    expect(texts.some((t) => t.where.startsWith('jurisdictions/'))).toBe(true);
  });

  it('finds no forbidden phrasing', () => {
    const findings = texts.flatMap((t) => findForbiddenPhrasings(t.text).map((f) => `${t.where}: ${f.rule}`));
    expect(findings).toEqual([]);
  });

  it.each([
    'Any acquisition is done only at the request of the police or on legal advice.',
    'Do not switch it off, close it or move files unless someone is about to destroy them.',
    'Do not show it to anyone, not even your manager or the police.',
    'The person who came across it stops, leaves the screen or device as it is and reports.',
    'A decision not to report can only be made in writing by the general counsel.',
    'Any decision not to report needs a written rationale approved by Legal and the executive owner.',
    'Switch nothing off unless the police advise or someone is about to destroy evidence.',
  ])('catches "%s"', (text) => {
    expect(findForbiddenPhrasings(text)).not.toEqual([]);
  });

  it.each([
    'Never copy, move, open or show the material. Turn the display off or lock the screen, and leave it for the police.',
    'Do not forward it to anyone, including managers, Legal or the police; the police collect the device themselves.',
    'HR takes no step until the police or Legal advise.',
    'No one may withhold or delay a report that the law requires.',
  ])('lets "%s" through', (text) => {
    expect(findForbiddenPhrasings(text)).toEqual([]);
  });

  it('the clause and the action plan say what to do instead: not visible without changing the device, left for the police', () => {
    const versions = readdirSync(join(dir, 'frameworks/workplace-csam-readiness'));
    for (const v of versions) {
      const clauses = readFileSync(
        join(dir, 'frameworks/workplace-csam-readiness', v, 'clauses.yaml'),
        'utf8',
      ).replace(/\s+/g, ' ');
      const plan = readFileSync(
        join(dir, 'frameworks/workplace-csam-readiness', v, 'action-plan.yaml'),
        'utf8',
      ).replace(/\s+/g, ' ');
      for (const text of [clauses, plan]) {
        expect(text).toMatch(/turns? the display off or locks? the screen/);
        expect(text).toMatch(/police/);
      }
      expect(clauses).toMatch(/Never copy, move/);
    }
  });
});
