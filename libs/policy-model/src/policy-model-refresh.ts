import { Injectable } from '@nestjs/common';
import { PolicyModelRepository, Transactions } from '@aup/db';
import {
  clauseCoverage,
  clausesFor,
  obligationsRegister,
  planCompleteness,
  policyModelGaps,
  utcDay,
} from '@aup/domain';
import { PolicyGapItems } from './policy-gap-items';
import { PolicyTemplates } from './policy-templates';

export interface RefreshOptions {
  /**
   * Also brings the remediation items made from the model's gaps in step, with their trail events by
   * this person (`null`: by the system, the daily refresh). Needs the caller's transaction. An
   * organisation whose model was never changed gets no items: reading the model creates nothing.
   */
  readonly itemsBy?: string | null;
  /** The day the plan's review is judged on and new items fall due from (YYYY-MM-DD); today by default. */
  readonly day?: string;
}

/**
 * Recomputes what follows from an organisation's policy model and the day: the figures the portfolio
 * lists (coverage, plan completeness, countries not covered) and, on request, the remediation items made
 * from its gaps. The api runs it with every read and change of the model and with a profile change; the
 * worker runs it daily for every organisation whose model has figures (`policy_model.refresh-org`).
 */
@Injectable()
export class PolicyModelRefresh {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: PolicyModelRepository,
    private readonly templates: PolicyTemplates,
    private readonly gapItems: PolicyGapItems,
  ) {}

  /**
   * Takes, in the caller's transaction, the locks bringing the items in step needs, in the order every
   * change to the model takes them. A profile change takes them before it writes the organisation, whose
   * row's trigger locks the portfolio row that reconciling locks after them.
   */
  async lock(orgId: string): Promise<void> {
    this.assertInTransaction();
    await this.gapItems.lock(orgId);
  }

  async refresh(orgId: string, opts: RefreshOptions = {}): Promise<void> {
    const reconcile = opts.itemsBy !== undefined;
    if (reconcile) this.assertInTransaction();
    // Locked before anything is read: a reconciliation sees what the one before it committed.
    const active = reconcile ? await this.gapItems.lock(orgId) : [];
    const now = new Date();
    const day = opts.day ?? utcDay(now);
    const catalogue = this.templates.latest();
    const org = await this.repo.organisation(orgId);
    const clauses = clausesFor(catalogue, org.profile);
    const clauseRecords = await this.repo.clauses(orgId);
    const coverage = clauseCoverage(clauses, clauseRecords);
    const registerRecords = await this.repo.register(orgId);
    const register = obligationsRegister(catalogue, org.profile, registerRecords);
    const [planRecord, steps] = [await this.repo.plan(orgId), await this.repo.steps(orgId)];
    const plan = planCompleteness({
      steps: catalogue.actionPlan,
      records: steps,
      reviewedOn: planRecord?.reviewedOn ?? null,
      reportsWithoutRoute: register.reportsWithoutRoute,
      today: day,
    });
    const changedBefore = !!planRecord || clauseRecords.size + steps.size + registerRecords.size > 0;
    if (reconcile && changedBefore) {
      const gaps = policyModelGaps({
        clauses,
        clauseRecords,
        plan,
        steps: catalogue.actionPlan,
        obligationSources: new Map(register.lines.map((l) => [l.obligation.id, l.obligation.sourceIds])),
      });
      await this.gapItems.sync(orgId, opts.itemsBy ?? null, gaps, active, day, now);
    }
    await this.repo.saveSummary(orgId, {
      coveragePct: coverage.coveragePct,
      clausesMissing: coverage.missing.length,
      planComplete: plan.complete,
      planCompletenessPct: plan.completenessPct,
      countriesNotCovered: register.notCovered.length,
    });
  }

  private assertInTransaction(): void {
    if (!this.transactions.isActive())
      throw new Error(
        'bringing policy-model items in step must run inside the transaction that changes them',
      );
  }
}
