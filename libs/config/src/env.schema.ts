import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes'));

const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');

const redisUrl = z
  .string()
  .url()
  .refine((v) => /^rediss?:\/\//.test(v), 'must be a redis:// or rediss:// URL');

/**
 * Every environment variable the product reads. Add new ones here (and to .env.example);
 * nothing else reads process.env.
 */
const baseSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** HTTP port of the api. */
  PORT: int(3000, 0, 65535),
  /** Interface the api listens on. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PostgreSQL connection string. Unset: embedded PostgreSQL (PGlite) under DATA_DIR. */
  DATABASE_URL: postgresUrl.optional(),
  /** Pool size for the PostgreSQL connection (full mode). */
  DATABASE_POOL_SIZE: int(10, 1, 200),
  /** Embedded mode: where PGlite keeps its data. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Embedded mode: keep the database in memory only (nothing written to DATA_DIR). */
  DATA_IN_MEMORY: bool(false),
  /** Run pending migrations when the process starts. */
  MIGRATIONS_RUN: bool(true),
  /** Redis connection string. Unset: jobs run in-process (embedded mode). */
  REDIS_URL: redisUrl.optional(),
  /** Largest accepted request body, in bytes. */
  BODY_LIMIT_BYTES: int(256 * 1024, 1024, 50 * 1024 * 1024),
  /** How long shutdown waits for in-flight work before exiting. */
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
  /** Directory of the policy content (frameworks, jurisdictions, benchmarks, sources). Unset: the repository's policies/. */
  POLICIES_DIR: z.string().min(1).optional(),
});

/** Production is the full shape (docker-compose, Kubernetes): it must not fall back to embedded defaults. */
export const envSchema = baseSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV !== 'production') return;
  for (const variable of ['DATABASE_URL', 'REDIS_URL'] as const) {
    if (!env[variable]) ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when NODE_ENV=production' });
  }
});

export type Env = z.infer<typeof baseSchema>;
