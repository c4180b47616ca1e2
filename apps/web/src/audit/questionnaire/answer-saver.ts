import type { AnswerView, PutAnswerRequest } from '@aup/contracts';
import { ApiProblem } from '../../api/http-client';

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'failed' | 'rejected' | 'conflict';

export interface QuestionSaveState {
  status: SaveStatus;
  /** Why the last attempt failed (network, session, server) or was refused (content screening, validation). */
  error?: unknown;
  /** On a version conflict: the answer someone else saved meanwhile (null: it was cleared). */
  theirs?: AnswerView | null;
  /** Seconds until the next automatic retry, when one is scheduled. */
  retryInMs?: number;
}

export interface AnswerSaverOptions {
  save(questionId: string, body: PutAnswerRequest, version: number | undefined): Promise<AnswerView>;
  /** Called with the draft of every unsaved answer so it survives a reload; null clears it. */
  persist?(questionId: string, draft: { body: PutAnswerRequest; version?: number } | null): void;
  debounceMs?: number;
  backoffMs?: readonly number[];
  schedule?: (fn: () => void, ms: number) => unknown;
  cancel?: (handle: unknown) => void;
}

interface Entry {
  body?: PutAnswerRequest;
  /** The version the next write replaces (If-Match); undefined for a first answer. */
  version?: number;
  inFlight: boolean;
  /** Edited while a save was in flight: save again when it returns. */
  dirty: boolean;
  timer?: unknown;
  attempt: number;
  state: QuestionSaveState;
}

const IDLE: QuestionSaveState = Object.freeze({ status: 'idle' });

const RETRYABLE = (err: unknown) =>
  !(err instanceof ApiProblem) ||
  err.status >= 500 ||
  err.status === 401 ||
  err.status === 403 ||
  err.status === 429;

/**
 * Autosave for answers: debounced per question, one write in flight per question, If-Match with the
 * version last seen, retries with back-off on network/server/session failures, and a stop on a version
 * conflict or on refused content until the person decides. Framework-free so it is tested on its own.
 */
export class AnswerSaver {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private readonly debounceMs: number;
  private readonly backoff: readonly number[];
  private readonly schedule: (fn: () => void, ms: number) => unknown;
  private readonly cancel: (handle: unknown) => void;

  constructor(private readonly opts: AnswerSaverOptions) {
    this.debounceMs = opts.debounceMs ?? 800;
    this.backoff = opts.backoffMs ?? [1_000, 2_000, 5_000, 10_000, 30_000];
    this.schedule = opts.schedule ?? ((fn, ms) => setTimeout(fn, ms));
    this.cancel = opts.cancel ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records the version the server has, for questions loaded from the api. */
  know(questionId: string, version: number | undefined): void {
    const e = this.entry(questionId);
    if (!e.body && !e.inFlight) e.version = version;
  }

  state(questionId: string): QuestionSaveState {
    // The same object until it changes: React's external-store hook compares snapshots by identity.
    return this.entries.get(questionId)?.state ?? IDLE;
  }

  /** The overall state shown in the page header: the worst of all questions. */
  summary(): SaveStatus {
    const order: SaveStatus[] = ['conflict', 'rejected', 'failed', 'saving', 'pending', 'saved', 'idle'];
    const all = [...this.entries.values()].map((e) => e.state.status);
    return order.find((s) => all.includes(s)) ?? 'idle';
  }

  hasUnsaved(): boolean {
    return [...this.entries.values()].some((e) => e.body !== undefined || e.inFlight);
  }

  edit(questionId: string, body: PutAnswerRequest, baseVersion?: number): void {
    const e = this.entry(questionId);
    if (e.state.status === 'conflict') return this.set(e, e.state); // the person must choose first
    if (e.body === undefined && !e.inFlight && baseVersion !== undefined) e.version = baseVersion;
    e.body = body;
    e.attempt = 0;
    this.opts.persist?.(questionId, { body, version: e.version });
    if (e.inFlight) e.dirty = true;
    this.set(e, { status: 'pending' });
    this.arm(questionId, e, this.debounceMs);
  }

  /** Retry every failed or pending question now (the Retry button, a restored session, back online). */
  retryAll(): void {
    for (const [id, e] of this.entries) {
      if (
        e.body !== undefined &&
        !e.inFlight &&
        (e.state.status === 'failed' || e.state.status === 'pending')
      )
        this.arm(id, e, 0);
    }
  }

  /** Conflict resolved by keeping this person's answer: overwrite the other version. */
  keepMine(questionId: string): void {
    const e = this.entry(questionId);
    if (e.state.status !== 'conflict') return;
    e.version = e.state.theirs?.version;
    this.set(e, { status: 'pending' });
    this.arm(questionId, e, 0);
  }

  /** Conflict resolved by taking the other answer: the local edit is dropped. */
  takeTheirs(questionId: string): AnswerView | null | undefined {
    const e = this.entry(questionId);
    if (e.state.status !== 'conflict') return undefined;
    const theirs = e.state.theirs;
    e.version = theirs?.version;
    e.body = undefined;
    this.opts.persist?.(questionId, null);
    this.set(e, { status: 'saved' });
    return theirs;
  }

  /** Stops pending timers (the page is going away); unsaved drafts stay persisted. */
  dispose(): void {
    for (const e of this.entries.values()) if (e.timer !== undefined) this.cancel(e.timer);
  }

  private entry(questionId: string): Entry {
    let e = this.entries.get(questionId);
    if (!e) {
      e = { inFlight: false, dirty: false, attempt: 0, state: IDLE };
      this.entries.set(questionId, e);
    }
    return e;
  }

  private set(e: Entry, state: QuestionSaveState): void {
    e.state = state;
    this.listeners.forEach((l) => l());
  }

  private arm(questionId: string, e: Entry, ms: number): void {
    if (e.timer !== undefined) this.cancel(e.timer);
    e.timer = this.schedule(() => {
      e.timer = undefined;
      void this.flush(questionId, e);
    }, ms);
  }

  private async flush(questionId: string, e: Entry): Promise<void> {
    if (e.inFlight || e.body === undefined) return;
    const body = e.body;
    e.inFlight = true;
    e.dirty = false;
    this.set(e, { status: 'saving' });
    try {
      const saved = await this.opts.save(questionId, body, e.version);
      e.version = saved.version;
      e.attempt = 0;
      if (e.body === body) {
        e.body = undefined;
        this.opts.persist?.(questionId, null);
      } else {
        this.opts.persist?.(questionId, { body: e.body!, version: e.version });
      }
      e.inFlight = false;
      if (e.dirty || e.body !== undefined) {
        this.set(e, { status: 'pending' });
        this.arm(questionId, e, 0);
      } else this.set(e, { status: 'saved' });
    } catch (err) {
      e.inFlight = false;
      if (err instanceof ApiProblem && err.code === 'ANSWER.VERSION_CONFLICT') {
        this.set(e, {
          status: 'conflict',
          error: err,
          theirs: (err.body.current as AnswerView | null | undefined) ?? null,
        });
      } else if (RETRYABLE(err)) {
        const wait = this.backoff[Math.min(e.attempt, this.backoff.length - 1)];
        e.attempt += 1;
        this.set(e, { status: 'failed', error: err, retryInMs: wait });
        this.arm(questionId, e, wait);
      } else {
        // Refused as sent (content screening, validation): retrying the same text cannot help.
        this.set(e, { status: 'rejected', error: err });
      }
    }
  }
}
