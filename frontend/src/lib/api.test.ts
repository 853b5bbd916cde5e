import { describe, expect, it, vi } from 'vitest';
import { HEALTH, jsonResponse } from '../test/fixtures';
import { ApiError, errorFromResponse, getHealth, getJSON, isErrorEnvelope } from './api';

function stubFetch(impl: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) {
  const fn = vi.fn(impl);
  vi.stubGlobal('fetch', fn);
  return fn;
}

async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected the promise to reject');
}

describe('getJSON', () => {
  it('decodes a 2xx JSON body', async () => {
    const fetch = stubFetch(async () => jsonResponse(HEALTH));
    const got = await getHealth();
    expect(got).toEqual(HEALTH);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/v1/health');
    expect(init?.method).toBe('GET');
    expect(new Headers(init?.headers).get('Accept')).toBe('application/json');
  });

  it('parses the error envelope of a non-2xx response', async () => {
    stubFetch(async () =>
      jsonResponse({ error: { code: 'conflict', message: 'room 101 is taken on 2026-12-01' } }, 409),
    );
    const err = await caught(getJSON('/api/v1/reservations'));
    expect(err.status).toBe(409);
    expect(err.code).toBe('conflict');
    expect(err.message).toBe('room 101 is taken on 2026-12-01');
    expect(err.name).toBe('ApiError');
  });

  it('falls back to a short text/plain body', async () => {
    stubFetch(
      async () =>
        new Response('404 page not found\n', {
          status: 404,
          statusText: 'Not Found',
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
        }),
    );
    const err = await caught(getJSON('/api/v1/nope'));
    expect(err).toMatchObject({ status: 404, code: 'http', message: '404 page not found' });
  });

  it('falls back to the status line for an HTML body', async () => {
    stubFetch(
      async () =>
        new Response('<html><body>Bad gateway</body></html>', {
          status: 502,
          statusText: 'Bad Gateway',
          headers: { 'Content-Type': 'text/html' },
        }),
    );
    const err = await caught(getJSON('/api/v1/health'));
    expect(err).toMatchObject({ status: 502, code: 'http', message: 'HTTP 502 Bad Gateway' });
  });

  it('falls back when the JSON is not an error envelope', async () => {
    stubFetch(async () => jsonResponse({ message: 'nope' }, 500));
    const err = await caught(getJSON('/api/v1/health'));
    expect(err).toMatchObject({ status: 500, code: 'http', message: 'HTTP 500' });
  });

  it('falls back to the status line for an empty body', async () => {
    stubFetch(async () => new Response(null, { status: 503 }));
    const err = await caught(getJSON('/api/v1/health'));
    expect(err).toMatchObject({ status: 503, code: 'http', message: 'HTTP 503' });
  });

  it('reports a network failure with status 0', async () => {
    stubFetch(async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = await caught(getJSON('/api/v1/health'));
    expect(err).toMatchObject({ status: 0, code: 'network', message: 'Failed to fetch' });
  });

  it('reports a 2xx body that is not JSON', async () => {
    stubFetch(async () => new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } }));
    const err = await caught(getJSON('/api/v1/health'));
    expect(err).toMatchObject({ status: 200, code: 'invalid_response' });
  });

  it('rethrows an abort unchanged', async () => {
    stubFetch(async () => {
      throw new DOMException('The operation was aborted.', 'AbortError');
    });
    await expect(getJSON('/api/v1/health')).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('errorFromResponse', () => {
  it('uses the status line when the envelope has no message', async () => {
    const err = await errorFromResponse(jsonResponse({ error: { code: 'internal' } }, 500));
    expect(err).toMatchObject({ status: 500, code: 'internal', message: 'HTTP 500' });
  });
});

describe('isErrorEnvelope', () => {
  it.each([
    [{ error: { code: 'invalid', message: 'bad date' } }, true],
    [{ error: { code: 'invalid' } }, true],
    [{ error: { code: '', message: 'x' } }, false],
    [{ error: { code: 3, message: 'x' } }, false],
    [{ error: { code: 'invalid', message: 3 } }, false],
    [{ error: 'boom' }, false],
    [{ error: null }, false],
    [{}, false],
    [null, false],
    ['error', false],
  ])('%j → %s', (body, want) => {
    expect(isErrorEnvelope(body)).toBe(want);
  });
});
