import { auditEventHash, ChainVerifier, GENESIS_HASH, type ChainedEvent } from './audit-chain';

function chain(n: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const fields = { organisationId: 'org', seq, actorUserId: 'u1', entity: 'answer', entityId: `a${seq}`, action: 'updated', before: { v: seq - 1 }, after: { v: seq }, at: `2026-01-01T00:00:0${seq}.000Z`, prevHash };
    const hash = auditEventHash(fields);
    events.push({ ...fields, id: String(100 + seq), hash });
    prevHash = hash;
  }
  return events;
}

const verify = (events: ChainedEvent[], head = { seq: events.length, lastHash: events[events.length - 1]?.hash ?? GENESIS_HASH }) => {
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
    expect(auditEventHash({ ...e, after: { b: 2, a: 1 } })).toBe(auditEventHash({ ...e, after: { a: 1, b: 2 } }));
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
    expect(verify(events.slice(0, 4), { seq: 5, lastHash: events[4].hash }).broken).toMatchObject({ id: null, reason: 'head_mismatch' });
  });
});
