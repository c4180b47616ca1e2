import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { LoginThrottleRepository } from '@aup/db';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: LoginThrottleRepository,
  ) {}

  /** 429 AUTH.RATE_LIMITED with Retry-After when any key is locked. */
  async assertNotLocked(keys: string[], title = 'Too many failed sign-in attempts'): Promise<void> {
    const wait = await this.repo.lockedForSeconds(keys);
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
    const c = this.config;
    for (const { key, max } of keys) {
      await this.repo.recordFailure(key, {
        max,
        windowSeconds: c.LOGIN_WINDOW_SECONDS,
        baseSeconds: c.LOGIN_BACKOFF_BASE_SECONDS,
        capSeconds: c.LOGIN_BACKOFF_MAX_SECONDS,
      });
    }
    // Forget counters well outside the window now and then, so the table stays small.
    if (Math.random() < 0.02) await this.repo.prune(c.LOGIN_WINDOW_SECONDS * 2);
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

  reset(key: string): Promise<void> {
    return this.repo.forget(key);
  }
}
