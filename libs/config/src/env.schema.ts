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
  /** Prefix of every queue key in Redis, so several installations (or test runs) can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1-32 letters, digits, _ or -')
    .default('aup'),
  /** Jobs one worker process runs at the same time (per queue). */
  WORKER_CONCURRENCY: int(4, 1, 100),
  /** How long a worker holds a job without renewing its lock; a job whose worker died is retried after this. */
  JOB_LOCK_DURATION_MS: int(30_000, 1_000, 600_000),
  /** How often the outbox relay looks for jobs to hand to the queue when it is idle. */
  OUTBOX_POLL_MS: int(500, 50, 60_000),
  /** Most outbox rows the relay hands over per round. */
  OUTBOX_BATCH_SIZE: int(100, 1, 1_000),
  /** Longest wait between two hand-over attempts of one outbox row while the queue is unreachable. */
  OUTBOX_MAX_BACKOFF_MS: int(30_000, 100, 3_600_000),
  /** Days sent outbox rows and completed-job records are kept. */
  OUTBOX_RETENTION_DAYS: int(7, 1, 3_650),
  /** Largest report file the worker stores, in bytes; a bigger render fails with REPORT.TOO_LARGE. */
  REPORT_MAX_BYTES: int(25 * 1024 * 1024, 64 * 1024, 512 * 1024 * 1024),
  /** Days a finished or failed report (and its file) is kept; 0 keeps them for ever. */
  REPORT_RETENTION_DAYS: int(365, 0, 36_500),
  /** Worker process: port of its /metrics and /health listener (0: none). */
  WORKER_OPS_PORT: int(9464, 0, 65535),
  /** Enables POST /ops/jobs/ping, which runs a no-op job end to end (smoke test of a deployment). */
  JOBS_PING_ENABLED: bool(false),
  /** Largest accepted request body, in bytes. */
  BODY_LIMIT_BYTES: int(256 * 1024, 1024, 50 * 1024 * 1024),
  /** How long shutdown waits for in-flight work before exiting. */
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000),
  /**
   * Base URL people reach the product at; links in e-mails (invitations, password reset) start with it.
   * Unset: http://localhost and the port the api listens on (`publicUrl`), with a warning at start in production.
   */
  PUBLIC_URL: z
    .string()
    .url()
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  /** SMTP server for e-mail (smtp:// or smtps://, credentials in the URL). Unset: e-mails are written to the log at warn. */
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\//.test(v), 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Sender of e-mails. */
  MAIL_FROM: z.string().min(3).default('aup-audit <no-reply@localhost>'),
  /** Lets an organisation webhook point at this machine (http:// or https:// to 127.0.0.1, ::1, localhost): development and tests. */
  WEBHOOK_ALLOW_LOOPBACK_HTTP: bool(false),
  /**
   * Lets an organisation webhook reach private and reserved addresses (10/8, 172.16/12, 192.168/16,
   * link-local, fc00::/7, …): for an installation whose ticketing system is inside the company network.
   * Off, a URL naming such an address is refused and a host name resolving to one is not delivered to.
   */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: bool(false),
  /** Seconds the reminder e-mail of a day waits after the first reminder, so one mail carries every organisation's scan. */
  REMINDER_DIGEST_DELAY_SECONDS: int(120, 0, 86_400),
  /** Always mark the session cookie Secure (set when TLS ends at a proxy that does not forward the scheme). */
  COOKIE_SECURE: bool(false),
  /** Absolute lifetime of a browser session. */
  SESSION_TTL_HOURS: int(12, 1, 24 * 30),
  /** Longest lifetime a personal API token may be given. */
  API_TOKEN_MAX_DAYS: int(365, 1, 3650),
  /** Lifetime of an invitation link. */
  INVITATION_TTL_HOURS: int(168, 1, 24 * 60),
  /** Lifetime of a password-reset link. */
  PASSWORD_RESET_TTL_MINUTES: int(60, 5, 24 * 60),
  /** Failed logins for one account within LOGIN_WINDOW_SECONDS before back-off starts. */
  LOGIN_MAX_FAILURES: int(5, 1, 1000),
  /** Failed logins from one client address within LOGIN_WINDOW_SECONDS before back-off starts. */
  LOGIN_IP_MAX_FAILURES: int(50, 1, 100_000),
  /** First back-off delay; it doubles with every further failure. */
  LOGIN_BACKOFF_BASE_SECONDS: int(30, 1, 3600),
  /** Longest back-off delay. */
  LOGIN_BACKOFF_MAX_SECONDS: int(900, 1, 86_400),
  /** Failures older than this are forgotten. */
  LOGIN_WINDOW_SECONDS: int(900, 1, 86_400),
  /** Password-reset requests for one e-mail address within LOGIN_WINDOW_SECONDS before back-off starts. */
  PASSWORD_RESET_MAX_REQUESTS: int(3, 1, 1000),
  /** Password-reset requests from one client address within LOGIN_WINDOW_SECONDS before back-off starts. */
  PASSWORD_RESET_IP_MAX_REQUESTS: int(20, 1, 100_000),
  /**
   * Keys that encrypt TOTP secrets at rest (AES-256-GCM): `id:base64key` pairs, comma-separated, each key
   * 32 random bytes (`openssl rand -base64 32`). The first encrypts; every listed key decrypts, so a key is
   * rotated by putting a new one first and keeping the old one until the api has started once (it re-seals
   * every secret under the first key at start-up). Unset:
   * a built-in development key, which protects nothing; set it in production.
   */
  MFA_SECRET_KEYS: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]{43}=)*$/,
      'must be id:base64key pairs (32-byte keys), comma-separated',
    )
    .optional(),
  /**
   * Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto the api believes: comma-separated addresses or
   * CIDR ranges (or `loopback`, `linklocal`, `uniquelocal`). Unset: none, so the client address is the
   * socket's and rate limits cannot be dodged with a forged header. Set it to the proxy's address.
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^\s*[0-9A-Fa-f.:/a-z]+(\s*,\s*[0-9A-Fa-f.:/a-z]+)*\s*$/,
      'must be comma-separated addresses, CIDR ranges or loopback/linklocal/uniquelocal',
    )
    .optional()
    .transform((v) => (v ? v.split(',').map((x) => x.trim()) : [])),
  /**
   * Multiplies every request rate limit (sign-up, sign-in, invitations, organisation creation, batch saves;
   * see docs/SECURITY.md). Unset: 1, or 1000 when NODE_ENV=test so test suites that sign up hundreds of
   * accounts from one address are not limited.
   */
  RATE_LIMIT_SCALE: z.coerce.number().min(0.01).max(1_000_000).optional(),
  /** Length of the window the request rate limits count in. */
  RATE_LIMIT_WINDOW_SECONDS: int(3600, 1, 86_400),
  /** Serve the OpenAPI UI at /docs and the document at /docs-json. Unset: on, except with NODE_ENV=production. */
  API_DOCS_ENABLED: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes')),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>` (at least 24 characters). */
  METRICS_TOKEN: z.string().min(24).max(256).optional(),
  /** Serve /metrics without a token. Unset: yes, except with NODE_ENV=production (there: only with METRICS_TOKEN). */
  METRICS_PUBLIC: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes')),
  /** Directory of the policy content (frameworks, jurisdictions, benchmarks, sources). Unset: the repository's policies/. */
  POLICIES_DIR: z.string().min(1).optional(),
});

/** Production is the full shape (docker-compose, Kubernetes): it must not fall back to embedded defaults. */
export const envSchema = baseSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV !== 'production') return;
  for (const variable of ['DATABASE_URL', 'REDIS_URL'] as const) {
    if (!env[variable])
      ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when NODE_ENV=production' });
  }
});

export type Env = z.infer<typeof baseSchema>;
