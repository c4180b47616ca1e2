/** PostgreSQL SQLSTATE codes the application reacts to. Match on code, never on message text. */
export const PG = {
  UNIQUE_VIOLATION: '23505',
  FOREIGN_KEY_VIOLATION: '23503',
  CHECK_VIOLATION: '23514',
  NOT_NULL_VIOLATION: '23502',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
  INVALID_TEXT_REPRESENTATION: '22P02',
} as const;

export interface PgErrorInfo {
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
}

/** Extracts the driver error from a TypeORM QueryFailedError or a raw pg error. */
export function pgError(err: unknown): PgErrorInfo | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as {
    code?: unknown;
    driverError?: unknown;
    constraint?: string;
    table?: string;
    column?: string;
  };
  const source = (e.driverError && typeof e.driverError === 'object' ? e.driverError : e) as typeof e;
  if (typeof source.code !== 'string' || !/^[0-9A-Z]{5}$/.test(source.code)) return undefined;
  return { code: source.code, constraint: source.constraint, table: source.table, column: source.column };
}

export const isUniqueViolation = (err: unknown, constraint?: string): boolean => {
  const info = pgError(err);
  return info?.code === PG.UNIQUE_VIOLATION && (!constraint || info.constraint === constraint);
};

export const isRetryableTransactionError = (err: unknown): boolean => {
  const code = pgError(err)?.code;
  return code === PG.SERIALIZATION_FAILURE || code === PG.DEADLOCK_DETECTED;
};
