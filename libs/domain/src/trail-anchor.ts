import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * Where the audit trail's chain stood when a result was sealed: the position and hash of its last event.
 * Sealed into each submitted result snapshot (and covered by the snapshot's hash), while the trail's
 * `submitted` event records the snapshot's hash: each vouches for the other, and a copy of the result
 * held outside the database (a downloaded report, an auditor's export) pins the chain as it was.
 */
export interface TrailAnchor {
  readonly seq: number;
  readonly hash: string;
}

/** sha256 (hex) of the canonical JSON of a stored result snapshot document. */
export const snapshotHashOf = (doc: unknown): string =>
  createHash('sha256').update(canonicalJson(doc)).digest('hex');

export type IntegrityCheck = 'chain' | 'head' | 'snapshots' | 'anchors';
export type IntegrityFailure = 'snapshot_hash_mismatch' | 'snapshot_trail_mismatch' | 'anchor_mismatch';

export interface SealedSnapshot {
  readonly id: string;
  readonly storedHash: string;
  readonly document: { trailAnchor?: TrailAnchor } & Record<string, unknown>;
}

export interface SnapshotProblem {
  readonly check: 'snapshots' | 'anchors';
  readonly reason: IntegrityFailure;
  readonly snapshotId: string;
  readonly seq: number;
  readonly message: string;
}

/**
 * Checks one snapshot against what the verified chain says: its document still hashes to its stored hash,
 * that hash is the one the trail's `submitted` event recorded, and its anchor names an event the chain has
 * with that hash. `recordedHash`: from the trail (undefined when no event names the snapshot);
 * `hashAtSeq`: the verified chain's hash at a position (undefined beyond its end).
 */
export function checkSnapshot(
  snapshot: SealedSnapshot,
  recordedHash: string | undefined,
  hashAtSeq: (seq: number) => string | undefined,
): SnapshotProblem | undefined {
  if (snapshotHashOf(snapshot.document) !== snapshot.storedHash) {
    return {
      check: 'snapshots',
      reason: 'snapshot_hash_mismatch',
      snapshotId: snapshot.id,
      seq: 0,
      message: `Result snapshot ${snapshot.id} was changed after it was sealed: its content no longer matches its hash.`,
    };
  }
  if (recordedHash !== undefined && recordedHash !== snapshot.storedHash) {
    return {
      check: 'snapshots',
      reason: 'snapshot_trail_mismatch',
      snapshotId: snapshot.id,
      seq: 0,
      message: `Result snapshot ${snapshot.id} is not the one the trail recorded when the audit was submitted.`,
    };
  }
  const anchor = snapshot.document.trailAnchor;
  if (anchor && anchor.seq > 0 && hashAtSeq(anchor.seq) !== anchor.hash) {
    return {
      check: 'anchors',
      reason: 'anchor_mismatch',
      snapshotId: snapshot.id,
      seq: anchor.seq,
      message: `Result snapshot ${snapshot.id} was sealed when the trail's event ${anchor.seq} had another hash, or the trail was shorter than that: the history before it was rewritten or cut.`,
    };
  }
  return undefined;
}
