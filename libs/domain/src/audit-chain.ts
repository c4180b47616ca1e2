import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * The hash chain of the audit trail. Each organisation has one chain; every event stores the hash of the
 * event before it, so changing, removing or reordering any event breaks every link after it.
 */

/** prev_hash of the first event of a chain. */
export const GENESIS_HASH = '0'.repeat(64);
/**
 * The rules an event's hash was made under; each row stores its own, so one chain may hold both.
 * 1: sha256 of the api's canonical JSON of the fields (`auditEventHash`).
 * 2: sha256 of the canonical text PostgreSQL makes of the fields (jsonb text: keys in jsonb order, `at`
 *    in UTC with microseconds), so an event can be hashed in the statement that makes the change; the
 *    verifier is given that text, recomputed from the stored columns, and hashes it here.
 */
export const AUDIT_CHAIN_FORMAT = 1;
export const AUDIT_CHAIN_FORMAT_IN_DATABASE = 2;

/** The fields an event's hash covers (as stored: ids only, `at` as an ISO timestamp). */
export interface ChainedEventFields {
  readonly organisationId: string | null;
  readonly seq: number;
  readonly actorUserId: string | null;
  readonly entity: string;
  readonly entityId: string;
  readonly action: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly at: string;
  readonly prevHash: string;
}

export interface ChainedEvent extends ChainedEventFields {
  /** Row id, reported when a link is broken. */
  readonly id: string;
  readonly hash: string;
  /** The rule the hash was made under (1 when absent). */
  readonly format?: number;
  /** Format 2: the canonical text of the stored fields, as PostgreSQL's `aup_audit_event_doc` makes it. */
  readonly canonicalText?: string;
}

/** sha256 (hex) of the canonical JSON of the event's fields, including the previous event's hash. */
export function auditEventHash(e: ChainedEventFields): string {
  const doc = {
    format: AUDIT_CHAIN_FORMAT,
    organisationId: e.organisationId,
    seq: e.seq,
    actorUserId: e.actorUserId,
    entity: e.entity,
    entityId: e.entityId,
    action: e.action,
    before: e.before ?? null,
    after: e.after ?? null,
    at: e.at,
    prevHash: e.prevHash,
  };
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

/** The hash an event should have under the rule it names; undefined for a rule this code does not know. */
export function expectedEventHash(e: ChainedEvent): string | undefined {
  if ((e.format ?? AUDIT_CHAIN_FORMAT) === AUDIT_CHAIN_FORMAT) return auditEventHash(e);
  if (e.format === AUDIT_CHAIN_FORMAT_IN_DATABASE && e.canonicalText !== undefined)
    return createHash('sha256').update(e.canonicalText, 'utf8').digest('hex');
  return undefined;
}

export type BrokenLinkReason = 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap' | 'head_mismatch';

export interface BrokenLink {
  /** Row id of the first event that does not verify (null when the chain's head record disagrees). */
  readonly id: string | null;
  readonly seq: number;
  readonly reason: BrokenLinkReason;
  readonly message: string;
}

/**
 * Incremental verifier: feed events in `seq` order (in pages, so a long chain is never held in memory),
 * then `finish` with the recorded head. Stops at the first broken link.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private previousHash = GENESIS_HASH;
  private broken: BrokenLink | undefined;
  checked = 0;

  get firstBroken(): BrokenLink | undefined {
    return this.broken;
  }

  get lastHash(): string {
    return this.previousHash;
  }

  /** Returns false once a broken link is found (further events are ignored). */
  push(event: ChainedEvent): boolean {
    if (this.broken) return false;
    if (event.seq !== this.expectedSeq) {
      this.broken = {
        id: event.id,
        seq: event.seq,
        reason: 'sequence_gap',
        message: `Event ${event.id} has position ${event.seq} but ${this.expectedSeq} was expected: events are missing before it.`,
      };
      return false;
    }
    if (event.prevHash !== this.previousHash) {
      this.broken = {
        id: event.id,
        seq: event.seq,
        reason: 'prev_hash_mismatch',
        message: `Event ${event.id} does not link to the event before it: that event, or this link, was changed.`,
      };
      return false;
    }
    if (expectedEventHash(event) !== event.hash) {
      this.broken = {
        id: event.id,
        seq: event.seq,
        reason: 'hash_mismatch',
        message: `Event ${event.id} was changed after it was written: its content no longer matches its hash.`,
      };
      return false;
    }
    this.checked++;
    this.expectedSeq++;
    this.previousHash = event.hash;
    return true;
  }

  /** Compares the end of the chain with the recorded head (catches events removed from the end). */
  finish(head: { seq: number; lastHash: string } | undefined): BrokenLink | undefined {
    if (this.broken) return this.broken;
    const seq = head?.seq ?? 0;
    const lastHash = head?.lastHash ?? GENESIS_HASH;
    if (seq !== this.checked || lastHash !== this.previousHash) {
      this.broken = {
        id: null,
        seq: this.checked + 1,
        reason: 'head_mismatch',
        message: `The chain ends at position ${this.checked} but its head records position ${seq}: events were removed from the end, or the head was changed.`,
      };
    }
    return this.broken;
  }
}
