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
// The figures are relative weights: a CI run on a busy machine, rounded to seconds (refresh them from the
// "PASS <project> <file> (<n> s)" lines of a CI log when files are added or change much).
import { relative } from 'node:path';
import Sequencer from '@jest/test-sequencer';

/** `<project> <file>`: seconds. */
const SECONDS = new Map([
  ['e2e test/web/every-page.e2e-spec.ts', 209],
  ['e2e test/api/concurrent-start.e2e-spec.ts', 183],
  ['e2e test/web/questionnaire.e2e-spec.ts', 161],
  ['e2e test/lint/schema-snapshot.e2e-spec.ts', 153],
  ['e2e-pglite test/db/function-files.e2e-spec.ts', 120],
  ['e2e test/api/api-walkthrough.e2e-spec.ts', 80],
  ['e2e test/jobs/embedded.e2e-spec.ts', 79],
  ['e2e test/web/review.e2e-spec.ts', 79],
  ['e2e test/web/profile.e2e-spec.ts', 76],
  ['e2e test/web/workflow.e2e-spec.ts', 75],
  ['e2e test/web/reports.e2e-spec.ts', 72],
  ['e2e test/web/shell.e2e-spec.ts', 69],
  ['e2e test/web/accounts.e2e-spec.ts', 64],
  ['e2e test/permissions/permission-matrix.e2e-spec.ts', 59],
  ['e2e test/jobs/redis-outage.e2e-spec.ts', 54],
  ['e2e test/security/invitation-withdrawal.e2e-spec.ts', 54],
  ['e2e test/lint/boundaries.e2e-spec.ts', 53],
  ['e2e test/web/integrations.e2e-spec.ts', 53],
  ['e2e-pglite test/db/transactions.e2e-spec.ts', 52],
  ['e2e test/mail/mail-embedded.e2e-spec.ts', 52],
  ['e2e test/api/startup.e2e-spec.ts', 50],
  ['e2e test/remediation/reminders-embedded.e2e-spec.ts', 50],
  ['e2e test/audits/embedded-mode.e2e-spec.ts', 49],
  ['e2e test/security/forwarded-for.e2e-spec.ts', 48],
  ['e2e test/web/policy-model.e2e-spec.ts', 48],
  ['e2e test/security/names.e2e-spec.ts', 47],
  ['e2e test/organisations/invitation-accept.e2e-spec.ts', 46],
  ['e2e test/auth/login-throttle.e2e-spec.ts', 45],
  ['e2e test/fuzz/api-fuzz.e2e-spec.ts', 45],
  ['e2e test/policy-model/documents.e2e-spec.ts', 44],
  ['e2e test/reports/reports-worker-kill.e2e-spec.ts', 44],
  ['e2e test/remediation/reminders-crash.e2e-spec.ts', 43],
  ['e2e test/reports/report-retry.e2e-spec.ts', 42],
  ['e2e test/jobs/jobs-script.e2e-spec.ts', 41],
  ['e2e test/security/transition-if-match.e2e-spec.ts', 41],
  ['e2e-pglite test/db/migrations.e2e-spec.ts', 40],
  ['e2e test/mail/mail-outbox.e2e-spec.ts', 39],
  ['e2e test/security/ops-exposure.e2e-spec.ts', 39],
  ['e2e test/security/trail-anchoring.e2e-spec.ts', 39],
  ['e2e test/web/remediation.e2e-spec.ts', 38],
  ['e2e test/jobs/worker-process.e2e-spec.ts', 37],
  ['e2e test/db/function-files.e2e-spec.ts', 34],
  ['e2e test/auth/password.e2e-spec.ts', 32],
  ['e2e test/services/policy-model.e2e-spec.ts', 32],
  ['e2e test/reports/reports.e2e-spec.ts', 31],
  ['e2e test/api/http.e2e-spec.ts', 30],
  ['e2e test/jobs/schedule.e2e-spec.ts', 29],
  ['e2e test/reports/retention.e2e-spec.ts', 28],
  ['e2e test/security/hostile-inputs.e2e-spec.ts', 28],
  ['e2e test/security/invitations.e2e-spec.ts', 28],
  ['e2e test/metrics/metrics.e2e-spec.ts', 26],
  ['e2e test/services/notifications.e2e-spec.ts', 26],
  ['e2e test/policy-model/gap-items.e2e-spec.ts', 25],
  ['e2e test/auth/session.e2e-spec.ts', 24],
  ['e2e test/auth/api-tokens.e2e-spec.ts', 23],
  ['e2e test/permissions/openapi-docs.e2e-spec.ts', 23],
  ['e2e test/audits/concurrency.e2e-spec.ts', 22],
  ['e2e test/auth/mfa.e2e-spec.ts', 22],
  ['e2e test/remediation/reminders.e2e-spec.ts', 22],
  ['e2e test/content/prepared-organisation.e2e-spec.ts', 21],
  ['e2e test/db/transactions.e2e-spec.ts', 21],
  ['e2e test/organisations/settings.e2e-spec.ts', 21],
  ['e2e test/security/credentials.e2e-spec.ts', 21],
  ['e2e test/web/static-serving.e2e-spec.ts', 21],
  ['e2e test/organisations/profile.e2e-spec.ts', 20],
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
