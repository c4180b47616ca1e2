import { checkPolicies, formatIssue } from '@aup/policies';
import type { Output } from './output';

/** `check`: validates every file under the policies directory; exit 2 when anything is wrong. */
export function checkCommand(policiesDir: string, out: Output): number {
  const result = checkPolicies(policiesDir);
  if (result.issues.length) {
    for (const issue of result.issues) out.error(formatIssue(issue));
    out.error(
      `policies: ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'} in ${result.files} files`,
    );
    return 2;
  }
  for (const f of result.frameworks) out.print(`ok ${f.id}@${f.version} sha256:${f.contentHash}`);
  out.print(`policies: ${result.files} files valid`);
  return 0;
}
