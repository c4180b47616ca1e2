import type { AnswerView, PutAnswerRequest } from '@aup/contracts';
import { ApiProblem, NetworkError } from '../../api/http-client';
import { AnswerSaver } from './answer-saver';

/** A hand-driven clock: timers run only when the test says so. */
function fakeTimers() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  return {
    schedule: (fn: () => void, ms: number) => {
      const id = next++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    cancel: (id: unknown) => timers.delete(id as number),
    async advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now && timers.has(id)) {
          timers.delete(id);
          t.fn();
          await new Promise((r) => setImmediate(r));
        }
      }
    },
  };
}

const view = (questionId: string, value: string, version: number): AnswerView => ({
  questionId,
  value,
  status: 'answered',
  justification: null,
  note: null,
  evidence: [],
  answeredBy: 'u',
  answeredAt: '2026-01-01T00:00:00Z',
  version,
});

function setup(
  save: (q: string, body: PutAnswerRequest, version: number | undefined) => Promise<AnswerView>,
) {
  const clock = fakeTimers();
  const persisted = new Map<string, unknown>();
  const saver = new AnswerSaver({
    save,
    persist: (q, d) => (d ? persisted.set(q, d) : persisted.delete(q)),
    debounceMs: 500,
    backoffMs: [1_000, 4_000],
    schedule: clock.schedule,
    cancel: clock.cancel,
  });
  return { saver, clock, persisted };
}

describe('AnswerSaver', () => {
  it('debounces typing into one write with the known version, then reports saved', async () => {
    const calls: [string, PutAnswerRequest, number | undefined][] = [];
    const { saver, clock, persisted } = setup(async (q, body, version) => {
      calls.push([q, body, version]);
      return view(q, String(body.value), (version ?? 0) + 1);
    });
    saver.know('POL-01-Q1', 3);
    saver.edit('POL-01-Q1', { value: 'draft' });
    await clock.advance(200);
    saver.edit('POL-01-Q1', { value: 'approved' });
    expect(saver.state('POL-01-Q1').status).toBe('pending');
    expect(persisted.get('POL-01-Q1')).toEqual({ body: { value: 'approved' }, version: 3 });
    await clock.advance(500);
    expect(calls).toEqual([['POL-01-Q1', { value: 'approved' }, 3]]);
    expect(saver.state('POL-01-Q1').status).toBe('saved');
    expect(persisted.has('POL-01-Q1')).toBe(false);
    saver.edit('POL-01-Q1', { value: 'exercised' });
    await clock.advance(500);
    expect(calls[1][2]).toBe(4);
  });

  it('keeps the input and retries with back-off when the network fails, and saves once it is back', async () => {
    let up = false;
    const { saver, clock, persisted } = setup(async (q, body, version) => {
      if (!up) throw new NetworkError(new Error('ECONNREFUSED'));
      return view(q, String(body.value), (version ?? 0) + 1);
    });
    saver.edit('HR-1', { value: 'yes' });
    await clock.advance(500);
    expect(saver.state('HR-1')).toMatchObject({ status: 'failed', retryInMs: 1_000 });
    expect(saver.summary()).toBe('failed');
    expect(persisted.get('HR-1')).toEqual({ body: { value: 'yes' }, version: undefined });
    await clock.advance(1_000);
    expect(saver.state('HR-1')).toMatchObject({ status: 'failed', retryInMs: 4_000 });
    up = true;
    await clock.advance(4_000);
    expect(saver.state('HR-1').status).toBe('saved');
    expect(saver.hasUnsaved()).toBe(false);
  });

  it('retries at once when asked (Retry button, session restored)', async () => {
    let up = false;
    const { saver, clock } = setup(async (q, body) => {
      if (!up) throw new ApiProblem(401, { code: 'AUTH.UNAUTHENTICATED', title: 'Authentication required' });
      return view(q, String(body.value), 1);
    });
    saver.edit('HR-1', { value: 'yes' });
    await clock.advance(500);
    expect(saver.state('HR-1').status).toBe('failed');
    up = true;
    saver.retryAll();
    await clock.advance(0);
    expect(saver.state('HR-1').status).toBe('saved');
  });

  it('stops on a version conflict and lets the person keep theirs or take the other answer', async () => {
    const seen: (number | undefined)[] = [];
    const theirs = view('IT-1', 'partial', 7);
    const { saver, clock } = setup(async (q, body, version) => {
      seen.push(version);
      if (version !== 7)
        throw new ApiProblem(409, {
          code: 'ANSWER.VERSION_CONFLICT',
          title: 'The answer has changed',
          current: theirs,
        });
      return view(q, String(body.value), 8);
    });
    saver.know('IT-1', 6);
    saver.edit('IT-1', { value: 'yes' });
    await clock.advance(500);
    expect(saver.state('IT-1')).toMatchObject({ status: 'conflict', theirs });
    // Further edits wait for the decision rather than overwrite blindly.
    saver.edit('IT-1', { value: 'no' });
    await clock.advance(5_000);
    expect(seen).toEqual([6]);
    saver.keepMine('IT-1');
    await clock.advance(0);
    expect(seen).toEqual([6, 7]);
    expect(saver.state('IT-1').status).toBe('saved');

    saver.edit('IT-1', { value: 'unknown' });
    // version 8 is now known; the server says 9 exists.
    const { saver: other, clock: clock2 } = setup(async () => {
      throw new ApiProblem(409, {
        code: 'ANSWER.VERSION_CONFLICT',
        title: 'changed',
        current: view('IT-1', 'yes', 9),
      });
    });
    other.edit('IT-1', { value: 'no' }, 8);
    await clock2.advance(500);
    expect(other.takeTheirs('IT-1')).toMatchObject({ value: 'yes', version: 9 });
    expect(other.state('IT-1').status).toBe('saved');
    expect(other.hasUnsaved()).toBe(false);
  });

  it('does not retry content the api refused; the next edit tries again', async () => {
    let calls = 0;
    const { saver, clock } = setup(async (q, body) => {
      calls += 1;
      if (String(body.note).includes('http'))
        throw new ApiProblem(422, {
          code: 'CONTENT.NOT_ACCEPTED',
          title: 'Content not accepted',
          detail: 'Links are not accepted',
        });
      return view(q, 'yes', 1);
    });
    saver.edit('LEG-1', { value: 'yes', note: 'see http://example.org' });
    await clock.advance(60_000);
    expect(calls).toBe(1);
    expect(saver.state('LEG-1').status).toBe('rejected');
    saver.edit('LEG-1', { value: 'yes', note: 'see the policy register' });
    await clock.advance(500);
    expect(saver.state('LEG-1').status).toBe('saved');
  });

  it('saves an edit made while a write was in flight right after it', async () => {
    const bodies: unknown[] = [];
    let release!: () => void;
    const { saver, clock } = setup(
      (q, body, version) =>
        new Promise((resolve) => {
          bodies.push(body.value);
          release = () => resolve(view(q, String(body.value), (version ?? 0) + 1));
        }),
    );
    saver.edit('SEC-1', { value: 'a' });
    await clock.advance(500);
    saver.edit('SEC-1', { value: 'b' });
    release();
    await clock.advance(0);
    await clock.advance(500);
    release();
    await clock.advance(0);
    expect(bodies).toEqual(['a', 'b']);
    expect(saver.state('SEC-1').status).toBe('saved');
  });
});
