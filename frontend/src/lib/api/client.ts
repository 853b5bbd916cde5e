// The one client of the Innkeep REST API (same origin, under /api/v1). Every
// request of the UI goes through send: it signs the request (session cookie
// or bearer token, CSRF token), names the UI's language in Accept-Language so
// that the server answers errors in it, and turns every failure into an
// ApiError. The typed calls of each area (access.ts, property.ts, booking.ts,
// guests.ts, system.ts) are built on call, which sends an operation of the
// OpenAPI document by its operationId with the generated types.

import { currentLocale } from '../i18n';
import { OPERATIONS, type Answer, type CallArgs, type JsonOperationId } from './operations';
import type { components } from './schema';

/** ErrorParams fill the placeholders of an error's message key. */
export type ErrorParams = Readonly<Record<string, string | number>>;

/** ServerErrorCode is a code the server puts in an error envelope (the contract's Error schema). */
export type ServerErrorCode = components['schemas']['Error']['error']['code'];

/**
 * ErrorEnvelope is the body of an API error response as the client reads
 * it: the contract's Error schema, of which the client trusts only the
 * code to be there (a proxy or an older server may send less). The server
 * sends code and message (already in the request's Accept-Language); key
 * and params (the message's key and its placeholders) may come too.
 */
export interface ErrorEnvelope {
  error: Pick<components['schemas']['Error']['error'], 'key'> & {
    /** A ServerErrorCode, or another code from a server newer than the UI. */
    code: ServerErrorCode | (string & {});
    message?: string;
    params?: ErrorParams;
  };
}

/**
 * Codes that the client sets itself when the server gave no error envelope.
 * The server's codes are the ServerErrorCode values.
 */
export const ClientErrorCode = {
  /** The request never got a response (server down, connection refused). */
  Network: 'network',
  /** A 2xx response whose body was not JSON. */
  InvalidResponse: 'invalid_response',
  /** A non-2xx response without an error envelope. */
  Http: 'http',
} as const;

/** ApiErrorDetail is what an ApiError may carry besides status, code and message. */
export interface ApiErrorDetail {
  retryAfter?: number;
  key?: string;
  params?: ErrorParams;
}

/**
 * ApiError is thrown by every request helper for a failed request. Its
 * message is the server's error.message (in the language the request
 * asked for), or a status line when the server sent none.
 */
export class ApiError extends Error {
  /** HTTP status; 0 when there was no response. */
  readonly status: number;
  readonly code: string;
  /**
   * Seconds to wait before trying again, from a Retry-After header (429 and
   * 503 answers); undefined when the response had none.
   */
  readonly retryAfter: number | undefined;
  /** The message key of the error, when the server sent one. */
  readonly key: string | undefined;
  /** The parameters of the message key; empty when the server sent none. */
  readonly params: ErrorParams;

  constructor(status: number, code: string, message: string, detail: ApiErrorDetail = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = detail.retryAfter;
    this.key = detail.key;
    this.params = detail.params ?? {};
  }
}

/**
 * isErrorEnvelope reports whether body has the shape {"error":{"code":…}}
 * with a non-empty string code and, when present, a string message. key
 * and params are read separately and ignored when they have another shape.
 */
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
    return new ApiError(res.status, body.error.code, message, { retryAfter, ...keyAndParams(body.error) });
  }
  const plain = text.trim();
  const isPlain = (res.headers.get('content-type') ?? '').toLowerCase().startsWith('text/plain');
  const message = isPlain && plain !== '' && plain.length <= MAX_PLAIN_MESSAGE ? plain : statusLine(res);
  return new ApiError(res.status, ClientErrorCode.Http, message, { retryAfter });
}

/** keyAndParams reads an envelope's optional key and params, dropping parts of another shape. */
function keyAndParams(err: Record<string, unknown>): Pick<ApiErrorDetail, 'key' | 'params'> {
  const out: { key?: string; params?: ErrorParams } = {};
  if (typeof err.key === 'string' && err.key !== '') out.key = err.key;
  if (typeof err.params === 'object' && err.params !== null && !Array.isArray(err.params)) {
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(err.params)) {
      if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    }
    out.params = params;
  }
  return out;
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
export type Credentials = Partial<Pick<components['schemas']['LoginResult'], 'token' | 'csrf_token'>>;

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

/**
 * isPasswordChangeRequired reports whether err is the "change your password
 * first" refusal: a 403 whose message key names a password change, or (for
 * a server that sends no key) whose English message says so.
 */
export function isPasswordChangeRequired(err: unknown): boolean {
  if (!(err instanceof ApiError) || err.status !== 403) return false;
  if (err.key !== undefined) return /password/i.test(err.key) && /change/i.test(err.key);
  return /change your password first/i.test(err.message);
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

let languageOf: () => string = currentLocale;

/**
 * setRequestLanguage decides what every request names in Accept-Language
 * (tests, embedding); null goes back to the UI's current locale.
 */
export function setRequestLanguage(fn: (() => string) | null): void {
  languageOf = fn ?? currentLocale;
}

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
 * sends the credentials, Accept (accept), Accept-Language (the UI's
 * locale: en or zh-CN) and, for a body, its Content-Type: JSON, or the
 * type of a Blob. It throws ApiError for a network failure (status 0,
 * code "network") or a non-2xx answer (reporting 401s and password-change
 * 403s to the onAuthEvent listeners unless quiet). An abort rethrows the
 * AbortError.
 */
export async function send(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
  accept = 'application/json',
): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, 'Accept-Language': languageOf(), ...authHeaders(method) };
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

/**
 * getBlob fetches path as a binary body (a photo, a file) with accept, for
 * an <img> or a download that cannot carry the client's credentials.
 */
export async function getBlob(path: string, accept = '*/*', options: RequestOptions = {}): Promise<Blob> {
  const res = await send('GET', path, undefined, options, accept);
  return res.blob();
}

/**
 * postBlob sends file as the raw body of a POST (its type, else
 * application/octet-stream, as Content-Type) and decodes the JSON answer.
 */
export async function postBlob<T>(path: string, file: Blob, options: RequestOptions = {}): Promise<T> {
  const contentType = options.contentType ?? (file.type || 'application/octet-stream');
  return decode<T>(await send('POST', path, file, { ...options, contentType }), path);
}

// ---- Paths and bodies -----------------------------------------------------

/** V1 is the prefix of every API route. */
export const V1 = '/api/v1';

/**
 * v1 builds a path under /api/v1, encoding each interpolated value as one
 * path segment: v1`/rooms/${id}/out-of-order/${oid}`.
 */
export function v1(strings: TemplateStringsArray, ...segments: (string | number)[]): string {
  let out = V1 + strings[0];
  segments.forEach((s, i) => {
    out += encodeURIComponent(String(s)) + strings[i + 1];
  });
  return out;
}

/** QueryValue is a value of a query parameter; undefined, null and "" are left out. */
export type QueryValue = string | number | boolean | undefined | null;

/**
 * withQuery appends params to path as a query string, in the order given,
 * leaving out undefined, null and empty (or blank) values: path alone when
 * none is left. Strings are trimmed; a list repeats its parameter once per
 * value.
 */
export function withQuery(path: string, params: Readonly<Record<string, QueryValue | readonly QueryValue[]>>): string {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? (value as readonly QueryValue[]) : [value as QueryValue]) {
      if (v === undefined || v === null) continue;
      const text = typeof v === 'string' ? v.trim() : String(v);
      if (text !== '') q.append(name, text);
    }
  }
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * fillPath puts the values of params into the {placeholders} of template,
 * each as one encoded path segment. It throws when a value is missing.
 */
export function fillPath(template: string, params: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
}

/**
 * CallRest is what call takes after the operation: its arguments (which
 * may be left out when it needs none) and the request options.
 */
export type CallRest<K extends JsonOperationId> = {} extends CallArgs<K>
  ? [args?: CallArgs<K>, options?: RequestOptions]
  : [args: CallArgs<K>, options?: RequestOptions];

/**
 * call sends operation id of the API (OPERATIONS) with args: path fills
 * the path's placeholders, query is added by withQuery, body is sent as
 * JSON (an empty object for a POST without one). It resolves to the
 * operation's answer, typed from the OpenAPI document; undefined for a 204
 * or an empty body (a GET must answer JSON). It fails like the helpers it
 * is built on (getJSON, postJSON, putJSON, patchJSON, del).
 */
export function call<K extends JsonOperationId>(id: K, ...[args, options = {}]: CallRest<K>): Promise<Answer<K>> {
  const [method, template] = OPERATIONS[id];
  const { path, query, body } = (args ?? {}) as {
    path?: Record<string, string | number>;
    query?: Record<string, QueryValue | readonly QueryValue[]>;
    body?: unknown;
  };
  const url = withQuery(fillPath(template, path), query ?? {});
  switch (method) {
    case 'GET':
      return getJSON<Answer<K>>(url, options);
    case 'POST':
      return postJSON<Answer<K>>(url, body, options);
    case 'PUT':
      return putJSON<Answer<K>>(url, body ?? {}, options);
    case 'PATCH':
      return patchJSON<Answer<K>>(url, body ?? {}, options);
    case 'DELETE':
      return del<Answer<K>>(url, options);
  }
}
