import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';

/** How failures lock a key: `max` inside the window, then base·2^(failures−max) seconds, capped. */
export interface BackOff {
  max: number;
  windowSeconds: number;
  baseSeconds: number;
  capSeconds: number;
}

/** Failure counters with exponential back-off (`login_throttle`), one row per key. */
@Injectable()
export class LoginThrottleRepository extends TxRepository {
  /** Seconds until the last of these keys is unlocked; 0 when none is locked. */
  async lockedForSeconds(keys: string[]): Promise<number> {
    const [row]: { wait: number | null }[] = await this.db.query(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS wait
         FROM login_throttle WHERE key = ANY($1) AND locked_until > now()`,
      [keys],
    );
    return Number(row?.wait ?? 0);
  }

  /** Counts one failure of the key (a new window when the last failure is older than the window). */
  async recordFailure(key: string, b: BackOff): Promise<void> {
    const failures = `(CASE WHEN login_throttle.last_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE login_throttle.failures + 1 END)`;
    await this.db.query(
      `INSERT INTO login_throttle (key, failures, last_failure_at, locked_until)
       VALUES ($1, 1, now(), CASE WHEN 1 >= $3 THEN now() + make_interval(secs => $4) END)
       ON CONFLICT (key) DO UPDATE SET
         failures = ${failures},
         last_failure_at = now(),
         locked_until = CASE WHEN ${failures} >= $3
           THEN now() + make_interval(secs => least($5::float8, $4::float8 * power(2, ${failures} - $3)))
         END`,
      [key, b.windowSeconds, b.max, b.baseSeconds, b.capSeconds],
    );
  }

  async forget(key: string): Promise<void> {
    await this.db.query(`DELETE FROM login_throttle WHERE key = $1`, [key]);
  }

  /** Forgets counters whose last failure is older than `seconds` and that lock nothing. */
  async prune(seconds: number): Promise<void> {
    await this.db.query(
      `DELETE FROM login_throttle WHERE last_failure_at < now() - make_interval(secs => $1) AND (locked_until IS NULL OR locked_until < now())`,
      [seconds],
    );
  }
}

/** One key's count in its current window and the seconds until that window ends. */
export interface RateLimitHit {
  key: string;
  hits: number;
  wait: number;
}

/** Fixed-window request counters (`rate_limit`), one row per key. */
@Injectable()
export class RateLimitRepository extends TxRepository {
  /** Counts one request against every key in one statement and returns each key's count. */
  async hit(keys: string[], windowSeconds: number): Promise<RateLimitHit[]> {
    return this.db.query(
      `INSERT INTO rate_limit AS r (key, window_started_at, hits) SELECT k, now(), 1 FROM unnest($1::text[]) k
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE r.hits + 1 END,
         window_started_at = CASE WHEN r.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE r.window_started_at END
       RETURNING key, hits, greatest(1, ceil(extract(epoch FROM r.window_started_at + make_interval(secs => $2) - now())))::int AS wait`,
      [keys, windowSeconds],
    );
  }

  /** Forgets windows that started more than `seconds` ago. */
  async prune(seconds: number): Promise<void> {
    await this.db.query(
      `DELETE FROM rate_limit WHERE window_started_at < now() - make_interval(secs => $1)`,
      [seconds],
    );
  }
}
