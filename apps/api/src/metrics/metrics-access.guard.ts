import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { safeEqual } from '../auth/secrets';
import { ProblemException } from '../common/problem';

/**
 * Who may scrape /metrics: anyone holding METRICS_TOKEN when it is set; otherwise everyone, except in
 * production, where the route answers 404 unless METRICS_PUBLIC=true (metrics describe the installation's
 * load and failures, which is nobody else's business).
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const token = this.config.METRICS_TOKEN;
    if (token) {
      const given = /^Bearer\s+(\S+)$/i.exec(
        ctx.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '',
      )?.[1];
      if (given && safeEqual(given, token)) return true;
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        'AUTH.UNAUTHENTICATED',
        'Authentication required',
        'Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`.',
      );
    }
    if (this.config.METRICS_PUBLIC ?? this.config.NODE_ENV !== 'production') return true;
    throw new ProblemException(
      HttpStatus.NOT_FOUND,
      'RESOURCE.NOT_FOUND',
      'Not found',
      'Metrics are off: set METRICS_TOKEN (or METRICS_PUBLIC=true) to serve them.',
    );
  }
}
