import { Injectable } from '@nestjs/common';
import { ProcessesJob, type JobContext, type JobPayload, type JobProcessor } from '@aup/jobs';

const STEPS = 10;

/** A no-op job that proves the path end to end; `failTimes` and `delayMs` exercise retries and crashes. */
@Injectable()
@ProcessesJob('ping')
export class PingProcessor implements JobProcessor<'ping'> {
  async process(payload: JobPayload<'ping'>, ctx: JobContext): Promise<void> {
    if (ctx.attempt <= (payload.failTimes ?? 0)) throw new Error(`planned failure of attempt ${ctx.attempt}`);
    const delayMs = payload.delayMs ?? 0;
    for (let step = 1; step <= STEPS; step++) {
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs / STEPS));
      await ctx.progress((step / STEPS) * 100);
    }
  }
}
