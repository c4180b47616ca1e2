/** Every list answer: one page plus the total number of matching records. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface PageQuery {
  /** 1..100, default 20. */
  limit?: number;
  /** Default 0. */
  offset?: number;
}

/** RFC 9457 problem+json as every error is sent. Branch on `code`, never on `title` or `detail`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  /** Field errors of a VALIDATION.FAILED problem. */
  errors?: { pointer: string; message: string }[];
  /** Seconds to wait, on 429 (also sent as the Retry-After header). */
  retryAfterSeconds?: number;
  [extension: string]: unknown;
}
