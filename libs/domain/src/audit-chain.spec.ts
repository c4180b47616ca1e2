import { createHash } from 'node:crypto';
import {
  auditEventHash,
  ChainVerifier,
  expectedEventHash,
  GENESIS_HASH,
  type ChainedEvent,
} from './audit-chain';

function chain(n: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      organisationId: 'org',
      seq,
      actorUserId: 'u1',
      entity: 'answer',
      entityId: `a${seq}`,
      action: 'updated',
      before: { v: seq - 1 },
      after: { v: seq },
      at: `2026-01-01T00:00:0${seq}.000Z`,
      prevHash,
    };
    const hash = auditEventHash(fields);
    events.push({ ...fields, id: String(100 + seq), hash });
    prevHash = hash;
  }
  return events;
}

const verify = (
  events: ChainedEvent[],
  head = { seq: events.length, lastHash: events[events.length - 1]?.hash ?? GENESIS_HASH },
) => {
  const v = new ChainVerifier();
  events.every((e) => v.push(e));
  return { broken: v.finish(head), checked: v.checked };
};

describe('audit chain', () => {
  it('verifies an intact chain and an empty one', () => {
    expect(verify(chain(5))).toEqual({ broken: undefined, checked: 5 });
    expect(new ChainVerifier().finish(undefined)).toBeUndefined();
  });

  it('hashes independently of key order in before/after', () => {
    const [e] = chain(1);
    expect(auditEventHash({ ...e, after: { b: 2, a: 1 } })).toBe(
      auditEventHash({ ...e, after: { a: 1, b: 2 } }),
    );
  });

  it('names the changed event', () => {
    const events = chain(5);
    events[2] = { ...events[2], after: { v: 99 } };
    expect(verify(events).broken).toMatchObject({ id: '103', seq: 3, reason: 'hash_mismatch' });
  });

  it('names the event after one that was changed and re-hashed', () => {
    const events = chain(5);
    const forged = { ...events[2], after: { v: 99 } };
    events[2] = { ...forged, hash: auditEventHash(forged) };
    expect(verify(events).broken).toMatchObject({ id: '104', reason: 'prev_hash_mismatch' });
  });

  it('notices a gap, reordering and a truncated end', () => {
    const events = chain(5);
    expect(verify([events[0], events[2]]).broken).toMatchObject({ id: '103', reason: 'sequence_gap' });
    expect(verify([events[1], events[0]]).broken).toMatchObject({ reason: 'sequence_gap' });
    expect(verify(events.slice(0, 4), { seq: 5, lastHash: events[4].hash }).broken).toMatchObject({
      id: null,
      reason: 'head_mismatch',
    });
  });

  describe('format 2 (hashed in the database over its canonical text)', () => {
    const sha = (t: string) => createHash('sha256').update(t).digest('hex');
    /** Format-1 events followed by format-2 ones, as a chain written before and after the change looks. */
    function mixed(): ChainedEvent[] {
      const events = chain(2);
      let prevHash = events[1].hash;
      for (let seq = 3; seq <= 4; seq++) {
        const canonicalText = JSON.stringify({ format: 2, seq, after: { v: seq }, prevHash });
        const hash = sha(canonicalText);
        events.push({
          ...events[0],
          id: String(100 + seq),
          seq,
          after: { v: seq },
          prevHash,
          format: 2,
          canonicalText,
          hash,
        });
        prevHash = hash;
      }
      return events;
    }

    it('verifies a chain that moves from format 1 to format 2', () => {
      expect(verify(mixed())).toEqual({ broken: undefined, checked: 4 });
    });

    it('names a format-2 event whose stored fields no longer give its hash', () => {
      const events = mixed();
      events[2] = { ...events[2], canonicalText: events[2].canonicalText!.replace('"v":3', '"v":99') };
      expect(verify(events).broken).toMatchObject({ id: '103', reason: 'hash_mismatch' });
    });

    it('refuses a format it does not know, and a format-2 event without its text', () => {
      const [e] = mixed().slice(2);
      expect(expectedEventHash({ ...e, format: 3 })).toBeUndefined();
      expect(expectedEventHash({ ...e, canonicalText: undefined })).toBeUndefined();
      expect(verify([...chain(2), { ...e, format: 3 }]).broken).toMatchObject({
        id: '103',
        reason: 'hash_mismatch',
      });
    });

    it('cannot be passed off as format 1', () => {
      const events = mixed();
      events[3] = { ...events[3], format: 1 };
      expect(verify(events).broken).toMatchObject({ id: '104', reason: 'hash_mismatch' });
    });
  });
});
