import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { PolicyIssue } from './policy-issue';

/** A parsed YAML file that can say on which line a JSON pointer starts. */
export interface YamlFile {
  readonly file: string;
  readonly data: unknown;
  /** The first line, where the `# yaml-language-server: $schema=...` comment belongs. */
  readonly firstLine: string;
  readonly parseIssues: readonly PolicyIssue[];
  lineOf(pointer: string, key?: string): number | undefined;
}

export function parseYamlFile(file: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const parseIssues: PolicyIssue[] = doc.errors.map((e) => ({
    file,
    line: lineCounter.linePos(e.pos[0]).line,
    pointer: '',
    message: `YAML syntax: ${e.message.split('\n')[0]}`,
  }));
  const line = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
  return {
    file,
    data: parseIssues.length ? undefined : doc.toJS({ maxAliasCount: 100 }),
    firstLine: text.split('\n', 1)[0] ?? '',
    parseIssues,
    lineOf(pointer, key) {
      const segments = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      if (key !== undefined) segments.push(key);
      let node = doc.contents as Node | null;
      let best = line(node);
      for (const [i, segment] of segments.entries()) {
        if (isMap(node)) {
          const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment);
          if (!pair) break;
          // For the last segment of an extra property, the key is what the author has to look at.
          const target = i === segments.length - 1 && key !== undefined ? (pair.key as Node) : ((pair.value as Node | null) ?? (pair.key as Node));
          best = line(target) ?? best;
          node = pair.value as Node | null;
        } else if (isSeq(node)) {
          const item = node.items[Number(segment)] as Node | undefined;
          if (!item) break;
          best = line(item) ?? best;
          node = item;
        } else break;
      }
      return best;
    },
  };
}
