import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** Extra readiness checks contributed by other modules (e.g. Redis when REDIS_URL is set). */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
export type ReadinessCheck = (indicator: HealthIndicatorService) => Promise<HealthIndicatorResult>;
