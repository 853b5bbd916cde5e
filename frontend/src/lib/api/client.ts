// Typed access to the Innkeep REST API (same origin, under /api/v1).

/** Mode is how the binary runs: a desktop window or a headless LAN server. */
export type Mode = 'serve' | 'desktop';

/** DocumentCounts counts the documents in the store. */
export interface DocumentCounts {
  total: number;
  by_kind: Record<string, number>;
}

/** StoreHealth describes the local bbolt store. */
export interface StoreHealth {
  file: string;
  size_bytes: number;
  schema_version: number;
  documents: DocumentCounts;
}

/** Health is the body of GET /api/v1/health. */
export interface Health {
  status: string;
  version: string;
  mode: Mode;
  node_id: string;
  data_dir: string;
  /** RFC 3339 UTC timestamp. */
  started_at: string;
  store: StoreHealth;
}

/** ErrorEnvelope is the body of every API error response. */
export interface ErrorEnvelope {
  error: { code: string; message: string };
}

/**
 * Codes that the client sets itself when the server gave no error envelope.
 * Server codes are `invalid`, `not_found`, `conflict`, `unauthorized`,
 * `forbidden` and `internal`.
 */
export const ClientErrorCode = {
  /** The request never got a response (server down, connection refused). */
  Network: 'network',
  /** A 2xx response whose body was not JSON. */
  InvalidResponse: 'invalid_response',
  /** A non-2xx response without an error envelope. */
  Http: 'http',
} as const;

/** ApiError is thrown by every request helper for a failed request. */
export class ApiError extends Error {
  /** HTTP status; 0 when there was no response. */
  readonly status: number;
  readonly code: string;
  /**
   * Seconds to wait before trying again, from a Retry-After header (429 and
   * 503 answers); undefined when the response had none.
   */
  readonly retryAfter: number | undefined;

  constructor(status: number, code: string, message: string, retryAfter?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** isErrorEnvelope reports whether body has the shape {"error":{"code":…,"message":…}}. */
export function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  if (typeof body !== 'object' || body === null || !('error' in body)) {
    return false;
  }
  const err: unknown = body.error;
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    typeof err.code === 'string' &&
    err.code !== '' &&
    (!('message' in err) || typeof err.message === 'string')
  );
}

const MAX_PLAIN_MESSAGE = 300;

function statusLine(res: Response): string {
  return res.statusText ? `HTTP ${res.status} ${res.statusText}` : `HTTP ${res.status}`;
}

/**
 * parseRetryAfter reads a Retry-After value, either delay-seconds ("120") or
 * an HTTP date, as whole seconds from now (never negative). It returns
 * undefined for a missing or unreadable value.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * errorFromResponse turns a non-2xx response into an ApiError. It uses the
 * error envelope when there is one; otherwise a short text/plain body (as Go's
 * http.Error writes) or the status line becomes the message, with code "http".
 */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
  let text = '';
  try {
    text = await res.text();
  } catch {
    // Body unreadable: fall back to the status line.
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (isErrorEnvelope(body)) {
    const message = body.error.message?.trim() || statusLine(res);
    return new ApiError(res.status, body.error.code, message, retryAfter);
  }
  const plain = text.trim();
  const isPlain = (res.headers.get('content-type') ?? '').toLowerCase().startsWith('text/plain');
  const message = isPlain && plain !== '' && plain.length <= MAX_PLAIN_MESSAGE ? plain : statusLine(res);
  return new ApiError(res.status, ClientErrorCode.Http, message, retryAfter);
}

// ---- Authentication -------------------------------------------------------

/**
 * AuthMode is how requests prove who is signed in: the HttpOnly session
 * cookie (pages served over http or https), or a bearer token kept in
 * sessionStorage (the desktop window, whose custom scheme such as wails://
 * may not keep cookies).
 */
export type AuthMode = 'cookie' | 'bearer';

/** TOKEN_KEY is the sessionStorage key of the bearer token. */
export const TOKEN_KEY = 'innkeep.token';

/** authModeFor returns the mode for a page served with protocol ("https:"). */
export function authModeFor(protocol: string): AuthMode {
  return protocol === 'http:' || protocol === 'https:' ? 'cookie' : 'bearer';
}

let modeOverride: AuthMode | null = null;
let csrfToken: string | null = null;

/**
 * setAuthMode forces a mode (tests, embedding); null goes back to deciding
 * by the page's protocol.
 */
export function setAuthMode(mode: AuthMode | null): void {
  modeOverride = mode;
}

/** authMode returns the mode in use now. */
export function authMode(): AuthMode {
  if (modeOverride) return modeOverride;
  return typeof window === 'undefined' ? 'cookie' : authModeFor(window.location.protocol);
}

function sessionStore(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

/** bearerToken returns the stored token in bearer mode, else null. */
export function bearerToken(): string | null {
  if (authMode() !== 'bearer') return null;
  try {
    return sessionStore()?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

/** Credentials are what a sign-in (or GET /api/v1/me) hands the client. */
export interface Credentials {
  token?: string;
  csrf_token?: string;
}

/**
 * setCredentials keeps the CSRF token in memory and, in bearer mode only,
 * the session token in sessionStorage. In cookie mode the token is never
 * stored: the HttpOnly cookie carries the session.
 */
export function setCredentials(creds: Credentials): void {
  if (creds.csrf_token) csrfToken = creds.csrf_token;
  if (creds.token && authMode() === 'bearer') {
    try {
      sessionStore()?.setItem(TOKEN_KEY, creds.token);
    } catch {
      // Storage unavailable: the session lasts until the next request fails.
    }
  }
}

/** clearCredentials forgets the CSRF token and the stored bearer token. */
export function clearCredentials(): void {
  csrfToken = null;
  try {
    sessionStore()?.removeItem(TOKEN_KEY);
  } catch {
    // Nothing stored.
  }
}

/** csrf returns the CSRF token held in memory, or null. */
export function csrf(): string | null {
  return csrfToken;
}

/**
 * AuthEvent tells the app that the server refused the session:
 * "unauthorized" (401: signed out, expired or ended elsewhere) or
 * "password_change_required" (403 "change your password first").
 */
export type AuthEvent = 'unauthorized' | 'password_change_required';

type AuthListener = (event: AuthEvent, error: ApiError) => void;
const listeners = new Set<AuthListener>();

/** onAuthEvent registers fn and returns a function that unregisters it. */
export function onAuthEvent(fn: AuthListener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** isPasswordChangeRequired reports whether err is the "change your password first" refusal. */
export function isPasswordChangeRequired(err: unknown): boolean {
  return err instanceof ApiError && err.status === 403 && /change your password first/i.test(err.message);
}

function notify(err: ApiError): void {
  let event: AuthEvent | null = null;
  if (err.status === 401) event = 'unauthorized';
  else if (isPasswordChangeRequired(err)) event = 'password_change_required';
  if (!event) return;
  for (const fn of [...listeners]) fn(event, err);
}

// ---- Requests -------------------------------------------------------------

/** RequestOptions tunes the request helpers. */
export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * quiet keeps a 401 or a "change your password first" 403 from being
   * reported to onAuthEvent listeners (sign-in attempts, the boot probe).
   */
  quiet?: boolean;
  /** idempotencyKey is sent as Idempotency-Key on creating POSTs. */
  idempotencyKey?: string;
  /** contentType is the type of a raw (Blob) body, such as image/png. */
  contentType?: string;
}

/** Method is an HTTP method the client uses. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** authHeaders returns the headers that authenticate a request with method. */
export function authHeaders(method: Method): Record<string, string> {
  const headers: Record<string, string> = {};
  const token = bearerToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  return headers;
}

/**
 * send performs one request and returns the response when it is 2xx. It
 * throws ApiError for a network failure (status 0, code "network") or a
 * non-2xx answer (reporting 401s and password-change 403s to the
 * onAuthEvent listeners unless quiet). An abort rethrows the AbortError.
 */
export async function send(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
  accept = 'application/json',
): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, ...authHeaders(method) };
  const raw = typeof Blob !== 'undefined' && body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = raw ? (options.contentType ?? 'application/octet-stream') : 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : raw ? (body as Blob) : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') {
      throw err;
    }
    throw new ApiError(0, ClientErrorCode.Network, err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    const err = await errorFromResponse(res);
    if (!options.quiet) notify(err);
    throw err;
  }
  return res;
}

async function decode<T>(res: Response, path: string): Promise<T> {
  if (res.status === 204) return undefined as T;
  let text: string;
  try {
    text = await res.text();
  } catch {
    throw new ApiError(res.status, ClientErrorCode.InvalidResponse, `unreadable body from ${path}`);
  }
  if (text.trim() === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(res.status, ClientErrorCode.InvalidResponse, `invalid JSON from ${path}`);
  }
}

/**
 * getJSON fetches path from the same origin and decodes the JSON body.
 * It throws ApiError for a network failure (status 0, code "network"), for a
 * non-2xx response (the envelope's code and message), and for a 2xx body that
 * is not JSON (code "invalid_response"). An abort rethrows the AbortError.
 */
export async function getJSON<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const res = await send('GET', path, undefined, options);
  if (res.status === 204) {
    throw new ApiError(res.status, ClientErrorCode.InvalidResponse, `invalid JSON from ${path}`);
  }
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, ClientErrorCode.InvalidResponse, `invalid JSON from ${path}`);
  }
}

/** postJSON sends body as JSON with POST and decodes the answer (undefined for 204). */
export async function postJSON<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return decode<T>(await send('POST', path, body ?? {}, options), path);
}

/** putJSON sends body as JSON with PUT and decodes the answer (undefined for 204). */
export async function putJSON<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  return decode<T>(await send('PUT', path, body, options), path);
}

/** patchJSON sends body as JSON with PATCH and decodes the answer (undefined for 204). */
export async function patchJSON<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  return decode<T>(await send('PATCH', path, body, options), path);
}

/** del sends DELETE and decodes the answer (undefined for 204). */
export async function del<T = void>(path: string, options: RequestOptions = {}): Promise<T> {
  return decode<T>(await send('DELETE', path, undefined, options), path);
}

/**
 * newIdempotencyKey returns 128 random bits as hex. It uses getRandomValues,
 * which (unlike randomUUID) works on plain-http LAN addresses too.
 */
export function newIdempotencyKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * newUUID returns a random (version 4) UUID. Like newIdempotencyKey it uses
 * getRandomValues, which works on plain-http LAN addresses too.
 */
export function newUUID(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** getHealth fetches GET /api/v1/health. */
export function getHealth(options?: RequestOptions): Promise<Health> {
  return getJSON<Health>('/api/v1/health', options);
}
