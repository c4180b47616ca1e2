/** One problem in the policy content, located precisely enough for an author to jump to it. */
export interface PolicyIssue {
  /** Path relative to the policies directory, with forward slashes. */
  readonly file: string;
  /** 1-based line in that file, when the problem points at a place in it. */
  readonly line?: number;
  /** JSON pointer into the file's data ('' for the whole file). */
  readonly pointer: string;
  readonly message: string;
}

export function formatIssue(issue: PolicyIssue): string {
  return `${issue.file}${issue.line ? `:${issue.line}` : ''} ${issue.pointer || '/'} ${issue.message}`;
}

/** Thrown by the loaders when the requested content is invalid; carries every issue found. */
export class PolicyLoadError extends Error {
  constructor(readonly issues: readonly PolicyIssue[]) {
    super(`Invalid policy content (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'PolicyLoadError';
  }
}

/** Thrown when a requested framework or version does not exist. */
export class UnknownFrameworkError extends Error {
  constructor(readonly framework: string, readonly available: readonly string[]) {
    super(`unknown framework '${framework}'${available.length ? ` (available: ${available.join(', ')})` : ' (no framework found)'}`);
    this.name = 'UnknownFrameworkError';
  }
}
