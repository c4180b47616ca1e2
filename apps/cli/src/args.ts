/** A usage error: the CLI prints it with the usage text and exits 2. */
export class UsageError extends Error {}

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly positional: readonly string[];
  readonly options: Readonly<Record<string, string>>;
}

const VALUE_OPTIONS = new Set(['framework', 'format', 'policies', 'top', 'out', 'title', 'organisation']);

/** Parses `<command> [positional...] [--name value | --name=value]`; unknown options are usage errors. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (name === 'help') {
      options.help = 'true';
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new UsageError(`option --${name} needs a value`);
    options[name] = value;
  }
  return { command: positional[0], positional: positional.slice(1), options };
}
