import { Injectable } from '@nestjs/common';
import { PolicyModelRepository } from '@aup/db';
import { JobProducer, ProcessesJob, type JobContext, type JobPayload, type JobProcessor } from '@aup/jobs';
import { PolicyModelRefresh } from '@aup/policy-model';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The daily policy-model refresh: one `policy_model.refresh-org` job per organisation whose model has
 * figures, queued in one commit. What changes from one day to the next is the day itself (a plan review
 * that passes 12 months), so no one needs to open the model for it to show.
 */
@Injectable()
@ProcessesJob('policy_model.refresh')
export class PolicyModelRefreshProcessor implements JobProcessor<'policy_model.refresh'> {
  constructor(
    private readonly repo: PolicyModelRepository,
    private readonly jobs: JobProducer,
  ) {}

  async process(payload: JobPayload<'policy_model.refresh'>, ctx: JobContext): Promise<void> {
    // No day by default: a refresh retried after midnight judges by its own day, as the api does.
    const day = payload.day && DAY.test(payload.day) ? { day: payload.day } : {};
    const organisations = await this.repo.organisationsWithSummary();
    await ctx.complete(async () => {
      for (const organisationId of organisations)
        await this.jobs.enqueue('policy_model.refresh-org', { organisationId, ...day });
    });
  }
}

/**
 * One organisation's refresh, in one transaction with the job's completion: the portfolio's figures, and
 * the items of a model changed before brought in step with its gaps, each creation, verification and
 * reopening an event by the system. Running it again changes nothing; killed half-way, it rolls back and
 * the retry does it all once.
 */
@Injectable()
@ProcessesJob('policy_model.refresh-org')
export class PolicyModelRefreshOrgProcessor implements JobProcessor<'policy_model.refresh-org'> {
  constructor(private readonly refresh: PolicyModelRefresh) {}

  async process(
    { organisationId, day }: JobPayload<'policy_model.refresh-org'>,
    ctx: JobContext,
  ): Promise<void> {
    await ctx.complete(() =>
      this.refresh.refresh(organisationId, { itemsBy: null, ...(day ? { day } : {}) }),
    );
  }
}
