import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { ProblemException } from '../common/problem';

export const accountKey = (email: string) => `acct:${email.toLowerCase()}`;
export const addressKey = (ip: string) => `ip:${ip}`;
// Reset requests have counters of their own: asking for a link must not lock anyone out of signing in.
const resetAccountKey = (email: string) => `reset:acct:${email.toLowerCase()}`;
const resetAddressKey = (ip: string) => `reset:ip:${ip}`;

export type ThrottleKey = { key: string; max: number };

/**
 * Exponential back-off on failed logins (and on password-reset requests), per account and per client
 * address. After `max` events inside the window each further one locks the key for base·2^(events−max)
 * seconds, capped. The counters live in PostgreSQL so all api replicas (and the embedded single process)
 * enforce the same limits.
 */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** 429 AUTH.RATE_LIMITED with Retry-After when any key is locked. */
  async assertNotLocked(keys: string[], title = 'Too many failed sign-in attempts'): Promise<void> {
    const rows: { wait: string }[] = await this.ds.query(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS wait
         FROM login_throttle WHERE key = ANY($1) AND locked_until > now()`,
      [keys],
    );
    const wait = Number(rows[0]?.wait ?? 0);
    if (wait > 0) {
      throw new ProblemException(
        HttpStatus.TOO_MANY_REQUESTS,
        'AUTH.RATE_LIMITED',
        title,
        `Wait ${wait} seconds before trying again.`,
        { retryAfterSeconds: wait },
      );
    }
  }

  async recordFailure(keys: ThrottleKey[]): Promise<void> {
    const {
      LOGIN_WINDOW_SECONDS: windowSec,
      LOGIN_BACKOFF_BASE_SECONDS: base,
      LOGIN_BACKOFF_MAX_SECONDS: cap,
    } = this.config;
    for (const { key, max } of keys) {
      const failures = `(CASE WHEN login_throttle.last_failure_at < now() - make_interval(secs => $2) THEN 1 ELSE login_throttle.failures + 1 END)`;
      await this.ds.query(
        `INSERT INTO login_throttle (key, failures, last_failure_at, locked_until)
         VALUES ($1, 1, now(), CASE WHEN 1 >= $3 THEN now() + make_interval(secs => $4) END)
         ON CONFLICT (key) DO UPDATE SET
           failures = ${failures},
           last_failure_at = now(),
           locked_until = CASE WHEN ${failures} >= $3
             THEN now() + make_interval(secs => least($5::float8, $4::float8 * power(2, ${failures} - $3)))
           END`,
        [key, windowSec, max, base, cap],
      );
    }
    // Forget counters well outside the window now and then, so the table stays small.
    if (Math.random() < 0.02) {
      await this.ds.query(
        `DELETE FROM login_throttle WHERE last_failure_at < now() - make_interval(secs => $1) AND (locked_until IS NULL OR locked_until < now())`,
        [windowSec * 2],
      );
    }
  }

  keysFor(email: string, ip: string): ThrottleKey[] {
    return [
      { key: accountKey(email), max: this.config.LOGIN_MAX_FAILURES },
      { key: addressKey(ip), max: this.config.LOGIN_IP_MAX_FAILURES },
    ];
  }

  accountKeyFor(email: string): ThrottleKey {
    return { key: accountKey(email), max: this.config.LOGIN_MAX_FAILURES };
  }

  addressKeyFor(ip: string): ThrottleKey {
    return { key: addressKey(ip), max: this.config.LOGIN_IP_MAX_FAILURES };
  }

  /** Every reset request counts, for addresses with and without an account alike, so a 429 reveals nothing. */
  resetKeysFor(email: string, ip: string): ThrottleKey[] {
    return [
      { key: resetAccountKey(email), max: this.config.PASSWORD_RESET_MAX_REQUESTS },
      { key: resetAddressKey(ip), max: this.config.PASSWORD_RESET_IP_MAX_REQUESTS },
    ];
  }

  async reset(key: string): Promise<void> {
    await this.ds.query(`DELETE FROM login_throttle WHERE key = $1`, [key]);
  }
}
