import { envSchema, type Env } from './env.schema';

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.variable} ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

export type AppConfig = Readonly<
  Env & {
    /** 'full' when DATABASE_URL is set; 'embedded' otherwise. */
    databaseMode: 'full' | 'embedded';
    /** 'bullmq' when REDIS_URL is set; 'inline' otherwise. */
    queueMode: 'bullmq' | 'inline';
  }
>;

/** Parses and validates the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const value = parsed.data;
  return Object.freeze({
    ...value,
    databaseMode: value.DATABASE_URL ? 'full' : 'embedded',
    queueMode: value.REDIS_URL ? 'bullmq' : 'inline',
  });
}
