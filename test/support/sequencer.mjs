// Jest's order for the e2e run: the longest files first, so that the two workers finish close together
// instead of one of them running a long file alone at the end (longest processing time first).
//
// Jest's own sequencer orders by the durations in its cache, which a clean clone (CI) does not have, and
// otherwise by file size, which says little here: a short spec that drives a browser or starts child
// processes outlasts a long one that makes HTTP calls. So the files that take long are listed below
// with their seconds in a full CI run, and they go first, longest first; every other file follows, by
// Jest's own order. On a machine with Jest's cache (a developer's), a file's cached duration is used
// instead of the table, and files that failed last time still go first.
//
// The figures are the files of 10 s or more in a CI run of 2026-12-05 (two workers, with coverage),
// rounded to seconds; they serve as relative weights. Refresh them from the "PASS <project> <file> (<n> s)"
// lines of a CI log when files are added or change much: a long file missing from the table runs among
// the short ones, by file size, and may end the run alone.
import { relative } from 'node:path';
import Sequencer from '@jest/test-sequencer';

/** `<project> <file>`: seconds. */
const SECONDS = new Map([
  ['e2e test/web/every-page.e2e-spec.ts', 114],
  ['e2e test/web/workflow.e2e-spec.ts', 60],
  ['e2e test/api/concurrent-start.e2e-spec.ts', 58],
  ['e2e test/web/accounts.e2e-spec.ts', 58],
  ['e2e test/web/questionnaire.e2e-spec.ts', 47],
  ['e2e test/web/profile.e2e-spec.ts', 46],
  ['e2e test/web/reports.e2e-spec.ts', 40],
  ['e2e test/api/api-walkthrough.e2e-spec.ts', 35],
  ['e2e test/reports/reports.e2e-spec.ts', 35],
  ['e2e test/permissions/permission-matrix.e2e-spec.ts', 34],
  ['e2e test/web/policy-model.e2e-spec.ts', 30],
  ['e2e test/remediation/reminders.e2e-spec.ts', 27],
  ['e2e test/web/review.e2e-spec.ts', 27],
  ['e2e test/web/shell.e2e-spec.ts', 27],
  ['e2e test/jobs/worker-process.e2e-spec.ts', 24],
  ['e2e test/audits/embedded-mode.e2e-spec.ts', 23],
  ['e2e test/web/integrations.e2e-spec.ts', 21],
  ['e2e test/mail/mail-embedded.e2e-spec.ts', 20],
  ['e2e test/remediation/reminders-crash.e2e-spec.ts', 20],
  ['e2e test/web/remediation.e2e-spec.ts', 20],
  ['e2e test/reports/reports-worker-kill.e2e-spec.ts', 19],
  ['e2e test/policy-model/documents.e2e-spec.ts', 18],
  ['e2e test/policy-model/daily-refresh.e2e-spec.ts', 17],
  ['e2e-pglite test/db/transactions.e2e-spec.ts', 17],
  ['e2e test/fuzz/api-fuzz.e2e-spec.ts', 16],
  ['e2e test/lint/schema-snapshot.e2e-spec.ts', 16],
  ['e2e test/jobs/embedded.e2e-spec.ts', 14],
  ['e2e test/auth/login-throttle.e2e-spec.ts', 12],
  ['e2e test/lint/boundaries.e2e-spec.ts', 12],
  ['e2e test/mail/mail-outbox.e2e-spec.ts', 12],
  ['e2e test/audits/concurrency.e2e-spec.ts', 11],
  ['e2e test/security/invitation-withdrawal.e2e-spec.ts', 11],
  ['e2e test/security/rate-limits.e2e-spec.ts', 11],
  ['e2e test/api/path-params.e2e-spec.ts', 10],
  ['e2e test/api/startup.e2e-spec.ts', 10],
]);

class LongestFirstSequencer extends Sequencer {
  /** The expected duration in ms: Jest's cache first, then the table; undefined when neither knows. */
  expected(test) {
    const cached = this.time(test);
    if (cached != null) return cached;
    const key = `${test.context.config.displayName?.name ?? ''} ${relative(test.context.config.rootDir, test.path)}`;
    const seconds = SECONDS.get(key);
    return seconds == null ? undefined : seconds * 1000;
  }

  sort(tests) {
    const byJest = super.sort([...tests]);
    const rank = new Map(byJest.map((test, i) => [test, i]));
    const expected = new Map(tests.map((test) => [test, this.expected(test)]));
    return [...tests].sort((a, b) => {
      const failed = Number(this.hasFailed(b)) - Number(this.hasFailed(a));
      if (failed) return failed;
      const ea = expected.get(a) ?? -1;
      const eb = expected.get(b) ?? -1;
      return eb - ea || rank.get(a) - rank.get(b);
    });
  }
}

export default LongestFirstSequencer;
