import { expect, vi } from 'vitest';
import { ApiError } from '../lib/api/client';
import type { Health } from '../lib/api/system';

/** HEALTH is the sample body of GET /api/v1/health from the API contract. */
export const HEALTH: Health = {
  status: 'ok',
  version: '0.1.0',
  mode: 'serve',
  node_id: 'a1b2c3d4e5f60718',
  data_dir: '/home/x/.config/innkeep',
  started_at: '2026-11-26T10:00:00Z',
  store: {
    file: '/home/x/.config/innkeep/innkeep.db',
    size_bytes: 32768,
    schema_version: 1,
    documents: { total: 3, by_kind: { hotel: 1, room: 2 } },
  },
};

/** jsonResponse builds a real Response with a JSON body. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** stubFetch replaces the global fetch with a mock running impl, and returns the mock. */
export function stubFetch(impl: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) {
  const fn = vi.fn(impl);
  vi.stubGlobal('fetch', fn);
  return fn;
}

/** caught awaits p, expects it to reject with an ApiError, and returns that error. */
export async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected the promise to reject');
}
