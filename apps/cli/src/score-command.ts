import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  evaluateAudit,
  validateAnswers,
  validateProfile,
  type Answers,
  type Catalogue,
  type Profile,
} from '@aup/domain';
import {
  formatIssue,
  loadFrameworkRef,
  parseYamlFile,
  PolicyLoadError,
  UnknownFrameworkError,
  validateAnswersDocument,
} from '@aup/policies';
import { UsageError } from './args';
import type { Output } from './output';
import { formatText } from './format-text';

interface AnswersDocument {
  framework?: string;
  profile: Profile;
  answers: Answers;
}

/** Reads and shape-checks an answers file; returns the problems (with lines for YAML) instead of throwing. */
export function readAnswersFile(file: string): { doc?: AnswersDocument; problems: string[] } {
  if (!existsSync(file)) return { problems: [`${file}: no such file`] };
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  let lineOf: (pointer: string) => number | undefined = () => undefined;
  if (extname(file).toLowerCase() === '.json') {
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { problems: [`${file}: not valid JSON (${(error as Error).message})`] };
    }
  } else {
    const yaml = parseYamlFile(file, text);
    if (yaml.parseIssues.length) return { problems: yaml.parseIssues.map(formatIssue) };
    data = yaml.data;
    lineOf = (pointer) => yaml.lineOf(pointer);
  }
  const shape = validateAnswersDocument(data);
  if (shape.length) {
    return {
      problems: shape.map(
        (p) =>
          `${file}${lineOf(p.pointer) ? `:${lineOf(p.pointer)}` : ''} ${p.key ? `${p.pointer}/${p.key}` : p.pointer || '/'} ${p.message}`,
      ),
    };
  }
  return { doc: data as AnswersDocument, problems: [] };
}

/** `score`: scores an answers file offline; exit 2 naming every problem when the input is invalid. */
export function scoreCommand(
  file: string,
  policiesDir: string,
  options: Readonly<Record<string, string>>,
  out: Output,
): number {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--format must be text or json, not '${format}'`);
  const top = options.top === undefined ? 5 : Number(options.top);
  if (!Number.isInteger(top) || top < 0)
    throw new UsageError(`--top must be a whole number, not '${options.top}'`);

  const { doc, problems } = readAnswersFile(file);
  if (!doc) return fail(out, problems);
  let catalogue: Catalogue;
  try {
    catalogue = loadFrameworkRef(policiesDir, options.framework ?? doc.framework);
  } catch (error) {
    if (error instanceof UnknownFrameworkError || error instanceof PolicyLoadError)
      return fail(out, [error.message]);
    throw error;
  }
  const invalid = [
    ...validateProfile(catalogue, doc.profile).map((p) => `profile: ${p.message}`),
    ...validateAnswers(catalogue, doc.answers).map((p) => `answers: ${p.message}`),
  ];
  if (invalid.length)
    return fail(
      out,
      invalid.map((m) => `${file}: ${m}`),
    );

  const result = evaluateAudit(catalogue, doc.profile, doc.answers);
  if (format === 'json') out.print(JSON.stringify(result, null, 2));
  else for (const line of formatText(result, { top })) out.print(line);
  return 0;
}

export function fail(out: Output, problems: readonly string[]): number {
  for (const p of problems) out.error(`error: ${p}`);
  return 2;
}
