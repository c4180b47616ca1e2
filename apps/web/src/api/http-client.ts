/** The one way the web app talks to the api: same-origin, cookies, CSRF header on writes, problem+json errors. */
export const API_BASE = '/api/v1';
const CSRF_COOKIE = 'aup_csrf';
const CSRF_HEADER = 'x-csrf-token';

/** One invalid field from a problem document (`errors[]`), addressed by a JSON pointer such as `/email`. */
export interface FieldError {
  pointer: string;
  message: string;
}

/** An RFC 9457 problem the api answered with; `code` is stable and is what the UI branches on. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly fieldErrors: FieldError[];
  readonly requestId?: string;
  /** The whole problem document, for codes that carry extra members (e.g. the current answer on a conflict). */
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    const title = typeof body.title === 'string' ? body.title : 'Request failed';
    super(typeof body.detail === 'string' ? body.detail : title);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : status >= 500 ? 'INTERNAL' : 'REQUEST.INVALID';
    this.title = title;
    this.detail = typeof body.detail === 'string' ? body.detail : undefined;
    this.requestId = typeof body.requestId === 'string' ? body.requestId : undefined;
    this.fieldErrors = Array.isArray(body.errors)
      ? body.errors.filter(
          (e): e is FieldError => typeof e?.pointer === 'string' && typeof e?.message === 'string',
        )
      : [];
    this.body = body;
  }

  /** Field errors for one field name (`email` matches `/email` and `/email/...`). */
  errorsFor(field: string): string[] {
    return this.fieldErrors
      .filter((e) => e.pointer === `/${field}` || e.pointer.startsWith(`/${field}/`))
      .map((e) => e.message);
  }
}

/** The network did not answer at all (offline, api restarting): nothing reached the server. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('The service could not be reached. Check your connection; nothing was lost.');
    this.name = 'NetworkError';
    this.cause = cause;
  }
}

export function readCookie(
  name: string,
  cookie = typeof document === 'undefined' ? '' : document.cookie,
): string | undefined {
  for (const part of cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

// Listeners are told when any call answers 401, so one sign-in dialog can appear over the current page
// (keeping whatever the person typed) instead of navigating away.
const sessionListeners = new Set<() => void>();
export function onSessionExpired(listener: () => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

// Told when the person signed in again after an expiry, so queued work (autosave) retries at once.
const restoredListeners = new Set<() => void>();
export function onSessionRestored(listener: () => void): () => void {
  restoredListeners.add(listener);
  return () => restoredListeners.delete(listener);
}
export function sessionRestored(): void {
  restoredListeners.forEach((l) => l());
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Sent as If-Match, quoted as an entity tag when it is a bare version number. */
  ifMatch?: string | number;
  signal?: AbortSignal;
  /** Calls that are expected to answer 401 (sign-in, "who am I") must not open the sign-in dialog. */
  quietUnauthenticated?: boolean;
  headers?: Record<string, string>;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  etag?: string;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  if (opts.ifMatch !== undefined)
    headers['if-match'] = typeof opts.ifMatch === 'number' ? `"${opts.ifMatch}"` : opts.ifMatch;

  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as { name?: string })?.name === 'AbortError') throw err;
    throw new NetworkError(err);
  }

  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) {
    const body =
      parsed && typeof parsed === 'object'
        ? (parsed as Record<string, unknown>)
        : { title: res.statusText || 'Request failed' };
    const problem = new ApiProblem(res.status, body);
    if (res.status === 401 && !opts.quietUnauthenticated) sessionListeners.forEach((l) => l());
    throw problem;
  }
  return { status: res.status, data: parsed as T, etag: res.headers.get('etag') ?? undefined };
}

export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...opts, method: 'GET' }).then((r) => r.data),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...opts, method: 'POST', body: body ?? {} }).then((r) => r.data),
  put: <T>(path: string, body: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...opts, method: 'PUT', body }).then((r) => r.data),
  patch: <T>(path: string, body: unknown, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...opts, method: 'PATCH', body }).then((r) => r.data),
  delete: <T>(path: string, opts?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...opts, method: 'DELETE' }).then((r) => r.data),
};

/** A message for people: the api's detail when it gave one, otherwise a calm generic sentence. */
export function describeError(err: unknown): string {
  if (err instanceof ApiProblem) {
    if (err.status >= 500)
      return `Something went wrong on our side. Nothing you typed was lost.${err.requestId ? ` Reference: ${err.requestId}.` : ''}`;
    return err.detail ?? err.title;
  }
  if (err instanceof NetworkError) return err.message;
  return 'Something unexpected happened. Nothing you typed was lost; please try again.';
}
