import { resolvePoliciesDir } from '@aup/policies';
import { parseArgs, UsageError } from './args';
import { checkCommand } from './check-command';
import type { Output } from './output';
import { reportCommand } from './report-command';
import { scoreCommand } from './score-command';

export const USAGE = `usage:
  audit score <answers.yaml|json> [--framework <id>@<version>] [--format text|json] [--top <n>] [--policies <dir>]
  audit check [--policies <dir>]
  audit report <answers.yaml|json> --format pdf|xlsx|csv|json|oscal [--out <dir>] [--title <text>] [--organisation <name>] [--framework <id>@<version>] [--policies <dir>]

score   scores an answers file offline: rating, domain scores, caps, top gaps and obligations
check   validates every file under the policies directory (schemas and cross-references)
report  renders report files from an answers file offline (csv: controls and remediation; oscal: catalog,
        assessment results, plan of action), printing each file's path, size and SHA-256
exit codes: 0 ok, 2 invalid input (the message names the problem), 1 unexpected failure`;

/** Runs one CLI invocation and returns its exit code (`report` renders asynchronously). `env` supplies POLICIES_DIR. */
export function runCli(
  argv: readonly string[],
  out: Output,
  env: { POLICIES_DIR?: string } = {},
): number | Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.options.help || !args.command) {
      (args.options.help ? out.print : out.error)(USAGE);
      return args.options.help ? 0 : 2;
    }
    const policiesDir = resolvePoliciesDir(args.options.policies ?? env.POLICIES_DIR);
    switch (args.command) {
      case 'check':
        if (args.positional.length) throw new UsageError('check takes no file argument');
        return checkCommand(policiesDir, out);
      case 'score':
        if (args.positional.length !== 1) throw new UsageError('score needs exactly one answers file');
        return scoreCommand(args.positional[0], policiesDir, args.options, out);
      case 'report':
        if (args.positional.length !== 1) throw new UsageError('report needs exactly one answers file');
        return reportCommand(args.positional[0], policiesDir, args.options, out).catch((error: unknown) => {
          if (!(error instanceof UsageError)) throw error;
          out.error(`error: ${error.message}`);
          out.error(USAGE);
          return 2;
        });
      default:
        throw new UsageError(`unknown command '${args.command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out.error(`error: ${error.message}`);
      out.error(USAGE);
      return 2;
    }
    throw error;
  }
}
