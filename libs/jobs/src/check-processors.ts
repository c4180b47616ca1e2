import { JOB_NAMES } from './catalogue';

/** A processor found at boot: the job it handles and where it was declared (for the error message). */
export interface DiscoveredProcessor {
  job: string;
  provider: string;
}

export class ProcessorRegistrationError extends Error {
  constructor(readonly problems: string[]) {
    super(`job processors do not match the job catalogue: ${problems.join('; ')}`);
    this.name = 'ProcessorRegistrationError';
  }
}

/**
 * Every job in the catalogue needs exactly one processor, and every processor a job in the catalogue:
 * a job with none would wait forever, a job with two would run whichever registered last.
 */
export function checkProcessors(
  found: DiscoveredProcessor[],
  catalogue: readonly string[] = JOB_NAMES,
): void {
  const problems: string[] = [];
  for (const job of catalogue) {
    const handlers = found.filter((p) => p.job === job);
    if (handlers.length === 0) problems.push(`"${job}" has no processor`);
    if (handlers.length > 1)
      problems.push(
        `"${job}" has ${handlers.length} processors (${handlers.map((p) => p.provider).join(', ')})`,
      );
  }
  for (const p of found) {
    if (!catalogue.includes(p.job))
      problems.push(`${p.provider} processes "${p.job}", which is not in the catalogue`);
  }
  if (problems.length) throw new ProcessorRegistrationError(problems);
}
