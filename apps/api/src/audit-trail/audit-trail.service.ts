import { Injectable } from '@nestjs/common';
import type { AuditEventView } from '@aup/contracts';
import {
  ChainVerifier,
  checkSnapshot,
  GENESIS_HASH,
  type BrokenLink,
  type ChainedEvent,
  type IntegrityCheck,
  type IntegrityFailure,
  type SealedSnapshot,
  type SnapshotProblem,
  type TrailAnchor,
} from '@aup/domain';
import {
  AuditTrailRepository,
  NO_ORGANISATION_CHAIN,
  Transactions,
  type AuditEventFilter,
  type AuditEventRow,
} from '@aup/db';

export { NO_ORGANISATION_CHAIN };

/** What a feature records about one change. Ids only: never e-mail addresses, names or free text about people. */
export interface AuditEventInput {
  organisationId: string | null;
  actorUserId: string | null;
  /** The kind of record, e.g. `audit`, `answer`, `membership`. */
  entity: string;
  entityId: string;
  /** What happened, e.g. `created`, `updated`, `submitted`. */
  action: string;
  before?: unknown;
  after?: unknown;
}

/** A stored event: what the api shows (`AuditEventView`) plus the chain it belongs to. */
export interface AuditEventRecord extends AuditEventView {
  organisationId: string | null;
}

export type AuditTrailFilter = AuditEventFilter;

export type CheckOutcome = 'passed' | 'failed' | 'not_run';

export interface ChainVerification {
  valid: boolean;
  /** Events that verified before the first broken link (all of them when valid). */
  checked: number;
  /** The hash of the last verified event: quote it to prove later that nothing before it changed. */
  headHash: string;
  /** Which check failed: the links of the chain, its head record, the sealed result snapshots, their anchors. */
  checks: Record<IntegrityCheck, CheckOutcome>;
  /** Result snapshots whose hash, trail record and anchor were checked. */
  snapshotsChecked: number;
  firstBroken:
    | (Omit<BrokenLink, 'reason'> & { reason: BrokenLink['reason'] | IntegrityFailure; snapshotId?: string })
    | null;
}

const EMAIL_LIKE = /[^\s@"]+@[^\s@"]+\.[a-z]{2,}/i;

/** Every event of one call goes to one chain, inside the transaction that makes the change. */
function assertAppendable(inTransaction: boolean, inputs: readonly AuditEventInput[]): string {
  if (!inTransaction)
    throw new Error('AuditTrailService.append must run inside the transaction that makes the change');
  if (!inputs.length) throw new Error('no audit events to append');
  const chainId = inputs[0].organisationId ?? NO_ORGANISATION_CHAIN;
  if (inputs.some((i) => (i.organisationId ?? NO_ORGANISATION_CHAIN) !== chainId))
    throw new Error('audit events of one append must share a chain');
  return chainId;
}
const VERIFY_PAGE = 1000;
/** Events verified between two turns of the event loop, so verifying a long chain never holds it for long. */
const VERIFY_SLICE = 200;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

const toRecord = (r: AuditEventRow): AuditEventRecord => ({
  id: String(r.id),
  organisationId: r.organisation_id,
  seq: Number(r.seq),
  actorUserId: r.actor_user_id,
  entity: r.entity,
  entityId: r.entity_id,
  action: r.action,
  before: r.before,
  after: r.after,
  at: r.at.toISOString(),
  prevHash: r.prev_hash,
  hash: r.hash,
});

/**
 * The append-only, hash-chained audit trail. Every feature records its changes with `append`, inside the
 * transaction that makes the change, so a change and its event commit or roll back together.
 */
@Injectable()
export class AuditTrailService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: AuditTrailRepository,
  ) {}

  /**
   * Appends one event to its organisation's chain using the caller's transaction. The chain head row is
   * locked until that transaction ends, so call this as the last step to keep the lock short.
   */
  async append(input: AuditEventInput): Promise<AuditEventRecord> {
    const [record] = await this.appendAll([input]);
    return record;
  }

  /**
   * Appends events of one chain, in order, in one statement however many events. The chain head stays
   * locked until the transaction ends: concurrent appends to one chain wait for it, in order.
   */
  async appendAll(inputs: readonly AuditEventInput[]): Promise<AuditEventRecord[]> {
    const chainId = assertAppendable(this.transactions.isActive(), inputs);
    const events = inputs.map((input) => {
      // Dates and class instances become what jsonb will give back.
      const before: unknown = input.before === undefined ? null : JSON.parse(JSON.stringify(input.before));
      const after: unknown = input.after === undefined ? null : JSON.parse(JSON.stringify(input.after));
      if (EMAIL_LIKE.test(JSON.stringify([before, after]))) {
        throw new Error(
          `audit event ${input.entity}.${input.action} carries an e-mail address; record ids only`,
        );
      }
      return {
        organisationId: input.organisationId,
        actorUserId: input.actorUserId,
        entity: input.entity,
        entityId: input.entityId,
        action: input.action,
        before,
        after,
      };
    });
    const rows = await this.repo.append(chainId, events);
    return rows.map((r, i) => ({
      id: r.id,
      ...events[i],
      seq: r.seq,
      at: r.at.toISOString(),
      prevHash: r.prevHash,
      hash: r.hash,
    }));
  }

  async list(
    organisationId: string,
    filter: AuditTrailFilter,
    limit: number,
    offset: number,
  ): Promise<{ items: AuditEventRecord[]; total: number }> {
    const { rows, total } = await this.repo.list(organisationId, filter, limit, offset);
    return { items: rows.map(toRecord), total };
  }

  /** Where the chain stands now (position and hash of its last event), to seal into a result snapshot. */
  async anchorOf(organisationId: string | null): Promise<TrailAnchor> {
    const head = await this.repo.head(organisationId ?? NO_ORGANISATION_CHAIN);
    return head ? { seq: head.seq, hash: head.lastHash } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Recomputes the organisation's whole chain, page by page, checks its head record, then every sealed
   * result snapshot of the organisation (its hash, the hash the trail recorded for it, and the chain
   * position it was anchored to), and names the first failure and the check that found it. The work is
   * done in short slices between which the event loop serves other requests.
   */
  async verify(organisationId: string | null): Promise<ChainVerification> {
    const chainId = organisationId ?? NO_ORGANISATION_CHAIN;
    const verifier = new ChainVerifier();
    const checks: Record<IntegrityCheck, CheckOutcome> = {
      chain: 'not_run',
      head: 'not_run',
      snapshots: 'not_run',
      anchors: 'not_run',
    };
    // One snapshot for the pages and the head, so appends made meanwhile cannot look like tampering.
    return this.transactions.run(
      async () => {
        let afterSeq = 0;
        for (;;) {
          const rows = await this.repo.chainPage(chainId, afterSeq, VERIFY_PAGE);
          let ok = true;
          for (let i = 0; i < rows.length && ok; i++) {
            const row = rows[i];
            ok = verifier.push({
              ...toRecord(row),
              format: row.format,
              canonicalText: row.canonical_text ?? undefined,
            } satisfies ChainedEvent);
            if (i % VERIFY_SLICE === VERIFY_SLICE - 1) await yieldToEventLoop();
          }
          if (!ok || rows.length < VERIFY_PAGE) break;
          afterSeq = Number(rows[rows.length - 1].seq);
        }
        const head = await this.repo.head(chainId);
        const broken = verifier.finish(head ?? undefined);
        const result = (
          firstBroken: ChainVerification['firstBroken'],
          snapshotsChecked = 0,
        ): ChainVerification => ({
          valid: !firstBroken,
          checked: verifier.checked,
          headHash: verifier.lastHash,
          checks,
          snapshotsChecked,
          firstBroken,
        });
        if (broken) {
          checks[broken.reason === 'head_mismatch' ? 'head' : 'chain'] = 'failed';
          if (broken.reason === 'head_mismatch') checks.chain = 'passed';
          return result(broken);
        }
        checks.chain = 'passed';
        checks.head = 'passed';
        if (organisationId === null) return result(null);
        const problem = await this.verifySnapshots(organisationId, verifier.checked);
        checks.snapshots = problem?.check === 'snapshots' ? 'failed' : 'passed';
        checks.anchors = problem ? (problem.check === 'anchors' ? 'failed' : 'not_run') : 'passed';
        return result(
          problem
            ? {
                id: null,
                seq: problem.seq,
                reason: problem.reason,
                message: problem.message,
                snapshotId: problem.snapshotId,
              }
            : null,
          problem ? 0 : await this.repo.countSnapshots(organisationId),
        );
      },
      { isolation: 'REPEATABLE READ' },
    );
  }

  /** The organisation's sealed result snapshots against the verified chain; the first problem found. */
  private async verifySnapshots(
    organisationId: string,
    chainLength: number,
  ): Promise<SnapshotProblem | undefined> {
    const recordedHash = await this.repo.recordedSnapshotHashes(organisationId);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const snapshots = await this.repo.sealedSnapshots<SealedSnapshot['document']>(
        organisationId,
        after,
        100,
      );
      const anchorSeqs = snapshots
        .map((s) => s.result?.trailAnchor?.seq)
        .filter((seq): seq is number => typeof seq === 'number' && seq > 0 && seq <= chainLength);
      const hashAt = await this.repo.hashesAt(organisationId, anchorSeqs);
      for (const s of snapshots) {
        const problem = checkSnapshot(
          { id: s.id, storedHash: s.snapshot_hash, document: s.result },
          recordedHash.get(s.id),
          (seq) => hashAt.get(seq),
        );
        if (problem) return problem;
        await yieldToEventLoop();
      }
      if (snapshots.length < 100) return undefined;
      after = snapshots[snapshots.length - 1].id;
    }
  }
}
