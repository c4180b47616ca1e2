import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileKind, SCHEMA_FILE, type PolicyFileKind } from './file-kinds';
import type { PolicyIssue } from './policy-issue';
import { validateAgainstSchema } from './schemas';
import { parseYamlFile, type YamlFile } from './yaml-file';

/** One policy file, parsed and checked against its schema. `data` is only set when the file is valid. */
export interface PolicyDocument<T = unknown> {
  readonly file: string;
  readonly kind: PolicyFileKind;
  readonly yaml: YamlFile;
  readonly data?: T;
  readonly issues: readonly PolicyIssue[];
}

const HEADER = /^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$/;

/** Reads files of one policies directory on demand, each parsed and schema-checked once. */
export class PolicyReader {
  private readonly cache = new Map<string, PolicyDocument | undefined>();

  constructor(readonly dir: string) {}

  exists(file: string): boolean {
    return existsSync(join(this.dir, file));
  }

  /** The YAML files directly inside a folder of the policies directory, sorted by name. */
  yamlFilesIn(folder: string): string[] {
    const abs = join(this.dir, folder);
    if (!existsSync(abs)) return [];
    return readdirSync(abs)
      .filter((n) => /\.ya?ml$/.test(n) && statSync(join(abs, n)).isFile())
      .sort()
      .map((n) => `${folder}/${n}`);
  }

  /** Sub-folders of a folder, sorted by name. */
  foldersIn(folder: string): string[] {
    const abs = join(this.dir, folder);
    if (!existsSync(abs)) return [];
    return readdirSync(abs, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  }

  /** Every YAML file below the directory, relative and with forward slashes. */
  allYamlFiles(folder = ''): string[] {
    const abs = join(this.dir, folder);
    const out: string[] = [];
    for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (rel !== 'schema' && !entry.name.startsWith('.')) out.push(...this.allYamlFiles(rel));
      } else if (/\.ya?ml$/.test(entry.name)) out.push(rel);
    }
    return out;
  }

  /** The document at a relative path, or undefined when no such file exists. */
  read<T = unknown>(file: string): PolicyDocument<T> | undefined {
    if (!this.cache.has(file)) this.cache.set(file, this.load(file));
    return this.cache.get(file) as PolicyDocument<T> | undefined;
  }

  private load(file: string): PolicyDocument | undefined {
    const abs = join(this.dir, file);
    if (!existsSync(abs)) return undefined;
    const kind = fileKind(file);
    if (!kind) throw new Error(`not a policy file: ${file}`);
    const yaml = parseYamlFile(file, readFileSync(abs, 'utf8'));
    if (yaml.parseIssues.length) return { file, kind, yaml, issues: yaml.parseIssues };
    const issues: PolicyIssue[] = [];
    const header = HEADER.exec(yaml.firstLine);
    if (!header || !header[1].endsWith(SCHEMA_FILE[kind])) {
      issues.push({ file, line: 1, pointer: '', message: `the first line must be '# yaml-language-server: $schema=<relative path to policies/schema>/${SCHEMA_FILE[kind]}'` });
    }
    const schemaProblems = validateAgainstSchema(kind, yaml.data);
    for (const p of schemaProblems) {
      issues.push({ file, line: yaml.lineOf(p.pointer, p.key), pointer: p.key ? `${p.pointer}/${p.key}` : p.pointer, message: p.message });
    }
    // A missing header is reported but does not stop the semantic checks; a schema violation does.
    return { file, kind, yaml, data: schemaProblems.length ? undefined : yaml.data, issues };
  }
}
