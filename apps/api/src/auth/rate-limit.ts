import {
  HttpStatus,
  Inject,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { RateLimitRepository } from '@aup/db';
import { ProblemException } from '../common/problem';

/** Requests per window (RATE_LIMIT_WINDOW_SECONDS, an hour by default) before 429, per client address and per account. */
export const RATE_LIMITS = {
  signup: { perAddress: 20, perAccount: 5 },
  login: { perAddress: 600, perAccount: 100 },
  password_reset: { perAddress: 100, perAccount: 10 },
  invitation_create: { perAddress: 300, perAccount: 100 },
  invitation_accept: { perAddress: 100, perAccount: 20 },
  organisation_create: { perAddress: 60, perAccount: 20 },
  answers_batch: { perAddress: 3000, perAccount: 1000 },
} as const;
export type RateLimitedAction = keyof typeof RATE_LIMITS;

const RATE_LIMIT = 'aup:rate-limit';

/**
 * Counts the request against the action's limits: per client address, and per account (the signed-in
 * person, or the e-mail in the body on sign-up, sign-in and reset). Over a limit: 429 AUTH.RATE_LIMITED with
 * Retry-After. Limits are multiplied by RATE_LIMIT_SCALE.
 */
export const RateLimit = (action: RateLimitedAction) => SetMetadata(RATE_LIMIT, action);

/**
 * Fixed-window counters in PostgreSQL (table `rate_limit`), so every api replica and the embedded single
 * process enforce the same limits; one statement per request counts and reads every key of it.
 */
@Injectable()
export class RateLimitService {
  private readonly scale: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: RateLimitRepository,
  ) {
    this.scale = config.RATE_LIMIT_SCALE ?? (config.NODE_ENV === 'test' ? 1000 : 1);
  }

  async hit(action: RateLimitedAction, address: string, account: string | undefined): Promise<void> {
    const limits = RATE_LIMITS[action];
    const keys: { key: string; max: number }[] = [{ key: `${action}:ip:${address}`, max: limits.perAddress }];
    if (account) keys.push({ key: `${action}:acct:${account}`, max: limits.perAccount });
    const rows = await this.repo.hit(
      keys.map((k) => k.key),
      this.config.RATE_LIMIT_WINDOW_SECONDS,
    );
    const over = rows.filter((r) => r.hits > Math.ceil(keys.find((k) => k.key === r.key)!.max * this.scale));
    if (!over.length) return;
    const wait = Math.max(...over.map((r) => r.wait));
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      'AUTH.RATE_LIMITED',
      'Too many requests',
      `Wait ${wait} seconds before trying again.`,
      {
        retryAfterSeconds: wait,
      },
    );
  }

  /** Forgets windows that ended long ago, now and then, so the table stays small. */
  prune(): Promise<void> {
    return this.repo.prune(this.config.RATE_LIMIT_WINDOW_SECONDS * 2);
  }
}

/** Global guard after AuthGuard and OrganisationGuard: applies @RateLimit() where a route has one. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const action = this.reflector.get<RateLimitedAction | undefined>(RATE_LIMIT, ctx.getHandler());
    if (!action) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const email = (req.body as { email?: unknown } | undefined)?.email;
    const account =
      req.principal?.userId ?? (typeof email === 'string' ? email.toLowerCase().slice(0, 254) : undefined);
    await this.limits.hit(action, req.ip, account);
    if (Math.random() < 0.01) await this.limits.prune();
    return true;
  }
}
