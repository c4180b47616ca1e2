import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClsService } from 'nestjs-cls';
import { AppConfigModule, ConfigError, loadConfig, type AppConfig } from '@aup/config';
import { DatabaseModule, OutboxRepository, Transactions, type FailedJobRecord } from '@aup/db';

@Module({})
class JobsOpsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: JobsOpsModule, imports: [AppConfigModule.forRoot(config), DatabaseModule] };
  }
}

const USAGE = `usage: npm run jobs -- failed            list every job that failed for good (newest first)
       npm run jobs -- retry <job id>    queue one of them again (a new job; the old one links to it)`;

/** Who a dead letter belongs to, without printing anything from its payload but ids. */
function owner(job: FailedJobRecord): string {
  const p = job.payload;
  if (typeof p.organisationId === 'string') return `organisation ${p.organisationId}`;
  if (typeof p.userId === 'string')
    return `user ${p.userId}${typeof p.day === 'string' ? ` (${p.day})` : ''}`;
  return 'installation';
}

/**
 * `npm run jobs -- failed|retry <id>`: the operator's view of dead letters. An organisation's admins see
 * and retry their organisation's in the app (Reminders and integrations); jobs that belong to a person
 * (daily reminder digests, e-mails) or to the installation (pruning, the daily scan) are only here.
 * Against DATABASE_URL; in embedded mode stop the app first (one process may open DATA_DIR).
 */
async function main(command: string | undefined, arg: string | undefined): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(JobsOpsModule.forRoot(config), { logger: false });
  try {
    const outbox = app.get(OutboxRepository);
    const transactions = app.get(Transactions);
    const cls = app.get(ClsService);
    // Outside a request: each command runs in a context of its own, where its transaction lives.
    const inTransaction = <T>(fn: () => Promise<T>) => cls.run(() => transactions.run(fn));
    if (command === 'failed') {
      const jobs = await inTransaction(() => outbox.failedJobs(null, 500));
      if (!jobs.length) console.log('no failed jobs');
      for (const j of jobs)
        console.log(
          `${j.id}  ${j.failedAt?.toISOString() ?? '-'}  ${j.name}  ${owner(j)}  ${j.lastError ?? 'no reason recorded'}`,
        );
    } else if (command === 'retry' && arg) {
      const id = await inTransaction(() => outbox.retryFailedJob(null, arg));
      if (!id) throw new Error(`no failed job ${arg} waiting to be retried`);
      console.log(`queued again as ${id}`);
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await app.close();
  }
}

main(process.argv[2], process.argv[3]).catch((err: unknown) => {
  process.stderr.write(
    `aup-audit: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
