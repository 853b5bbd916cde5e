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

/** ApiError is thrown by getJSON for every failed request. */
export class ApiError extends Error {
  /** HTTP status; 0 when there was no response. */
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
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
 * errorFromResponse turns a non-2xx response into an ApiError. It uses the
 * error envelope when there is one; otherwise a short text/plain body (as Go's
 * http.Error writes) or the status line becomes the message, with code "http".
 */
export async function errorFromResponse(res: Response): Promise<ApiError> {
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
    return new ApiError(res.status, body.error.code, message);
  }
  const plain = text.trim();
  const isPlain = (res.headers.get('content-type') ?? '').toLowerCase().startsWith('text/plain');
  const message = isPlain && plain !== '' && plain.length <= MAX_PLAIN_MESSAGE ? plain : statusLine(res);
  return new ApiError(res.status, ClientErrorCode.Http, message);
}

/** RequestOptions tunes getJSON. */
export interface RequestOptions {
  signal?: AbortSignal;
}

/**
 * getJSON fetches path from the same origin and decodes the JSON body.
 * It throws ApiError for a network failure (status 0, code "network"), for a
 * non-2xx response (the envelope's code and message), and for a 2xx body that
 * is not JSON (code "invalid_response"). An abort rethrows the AbortError.
 */
export async function getJSON<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'GET',
      headers: { Accept: 'application/json' },
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
    throw await errorFromResponse(res);
  }
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, ClientErrorCode.InvalidResponse, `invalid JSON from ${path}`);
  }
}

/** getHealth fetches GET /api/v1/health. */
export function getHealth(options?: RequestOptions): Promise<Health> {
  return getJSON<Health>('/api/v1/health', options);
}
