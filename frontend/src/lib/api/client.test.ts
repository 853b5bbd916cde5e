import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../i18n';
import { HEALTH, caught, jsonResponse, stubFetch } from '../../test/fixtures';
import {
  ApiError,
  TOKEN_KEY,
  authModeFor,
  call,
  clearCredentials,
  del,
  errorFromResponse,
  fillPath,
  getJSON,
  isErrorEnvelope,
  isPasswordChangeRequired,
  newIdempotencyKey,
  onAuthEvent,
  parseRetryAfter,
  patchJSON,
  postJSON,
  putJSON,
  setAuthMode,
  setCredentials,
  setRequestLanguage,
  v1,
  withQuery,
  type AuthEvent,
} from './client';
import { getSystemHealth } from './system';

describe('getJSON', () => {
  it('decodes a 2xx JSON body', async () => {
    const fetch = stubFetch(async () => jsonResponse(HEALTH));
    const got = await getSystemHealth();
    expect(got).toEqual(HEALTH);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/v1/system/health');
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

function headersOf(fetch: ReturnType<typeof stubFetch>, call = 0): Headers {
  return new Headers(fetch.mock.calls[call]?.[1]?.headers);
}

describe('mutations', () => {
  afterEach(() => {
    clearCredentials();
    setAuthMode(null);
    window.sessionStorage.clear();
  });

  it('send the CSRF token on POST, PUT, PATCH and DELETE but not on GET', async () => {
    const fetch = stubFetch(async () => jsonResponse({ ok: true }));
    setCredentials({ token: 'tok', csrf_token: 'csrf-1' });
    await getJSON('/api/v1/users');
    await postJSON('/api/v1/users', { username: 'bob' });
    await putJSON('/api/v1/me/password', { current_password: 'a', new_password: 'b' });
    await patchJSON('/api/v1/users/u1', { display_name: 'Bob' });
    await del('/api/v1/roles/r1');

    const seen = fetch.mock.calls.map(([, init]) => [init?.method, new Headers(init?.headers).get('X-CSRF-Token')]);
    expect(seen).toEqual([
      ['GET', null],
      ['POST', 'csrf-1'],
      ['PUT', 'csrf-1'],
      ['PATCH', 'csrf-1'],
      ['DELETE', 'csrf-1'],
    ]);
    for (const [, init] of fetch.mock.calls) {
      expect(init?.credentials).toBe('same-origin');
    }
  });

  it('send JSON bodies and decode the answer', async () => {
    const fetch = stubFetch(async () => jsonResponse({ id: 'u1' }, 201));
    const got = await postJSON<{ id: string }>('/api/v1/users', { username: 'bob' });
    expect(got).toEqual({ id: 'u1' });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/v1/users');
    expect(init?.body).toBe('{"username":"bob"}');
    expect(headersOf(fetch).get('Content-Type')).toBe('application/json');
  });

  it('return undefined for 204 No Content', async () => {
    stubFetch(async () => new Response(null, { status: 204 }));
    await expect(del('/api/v1/sessions/current')).resolves.toBeUndefined();
    await expect(putJSON('/api/v1/me/password', {})).resolves.toBeUndefined();
  });

  it('pass an Idempotency-Key when asked', async () => {
    const fetch = stubFetch(async () => jsonResponse({}, 201));
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(newIdempotencyKey()).not.toBe(key);
    await postJSON('/api/v1/users', {}, { idempotencyKey: key });
    expect(headersOf(fetch).get('Idempotency-Key')).toBe(key);
  });

  it('send no CSRF header before sign-in and none after clearCredentials', async () => {
    const fetch = stubFetch(async () => jsonResponse({}));
    await postJSON('/api/v1/sessions', { username: 'a', password: 'b' });
    setCredentials({ csrf_token: 'c' });
    clearCredentials();
    await postJSON('/api/v1/x', {});
    expect(headersOf(fetch, 0).has('X-CSRF-Token')).toBe(false);
    expect(headersOf(fetch, 1).has('X-CSRF-Token')).toBe(false);
  });
});

describe('auth mode', () => {
  afterEach(() => {
    clearCredentials();
    setAuthMode(null);
    window.sessionStorage.clear();
  });

  it.each([
    ['http:', 'cookie'],
    ['https:', 'cookie'],
    ['wails:', 'bearer'],
    ['file:', 'bearer'],
    ['app:', 'bearer'],
  ] as const)('%s → %s', (protocol, mode) => {
    expect(authModeFor(protocol)).toBe(mode);
  });

  it('relies on the cookie over http: no token stored, no Authorization header', async () => {
    const fetch = stubFetch(async () => jsonResponse({}));
    setCredentials({ token: 'secret-token', csrf_token: 'csrf' });
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBeNull();
    await getJSON('/api/v1/me');
    await postJSON('/api/v1/users', {});
    expect(headersOf(fetch, 0).has('Authorization')).toBe(false);
    expect(headersOf(fetch, 1).has('Authorization')).toBe(false);
  });

  it('keeps the token in sessionStorage and sends it as a bearer token outside http(s)', async () => {
    setAuthMode('bearer');
    const fetch = stubFetch(async () => jsonResponse({}));
    setCredentials({ token: 'secret-token', csrf_token: 'csrf' });
    expect(window.sessionStorage.getItem('innkeep.token')).toBe('secret-token');
    await getJSON('/api/v1/me');
    await postJSON('/api/v1/users', {});
    expect(headersOf(fetch, 0).get('Authorization')).toBe('Bearer secret-token');
    expect(headersOf(fetch, 1).get('Authorization')).toBe('Bearer secret-token');

    clearCredentials();
    expect(window.sessionStorage.getItem('innkeep.token')).toBeNull();
    await getJSON('/api/v1/me');
    expect(headersOf(fetch, 2).has('Authorization')).toBe(false);
  });

  it('finds a token stored before a reload', async () => {
    setAuthMode('bearer');
    window.sessionStorage.setItem('innkeep.token', 'kept');
    const fetch = stubFetch(async () => jsonResponse({}));
    await getJSON('/api/v1/me');
    expect(headersOf(fetch).get('Authorization')).toBe('Bearer kept');
  });
});

describe('auth events', () => {
  it('reports a 401 as "unauthorized" and still throws', async () => {
    const events: AuthEvent[] = [];
    const stop = onAuthEvent((e) => events.push(e));
    stubFetch(async () => jsonResponse({ error: { code: 'unauthorized', message: 'sign in first' } }, 401));
    const err = await caught(getJSON('/api/v1/users'));
    stop();
    expect(err).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(events).toEqual(['unauthorized']);
  });

  it('stays quiet when asked (a wrong password at sign-in)', async () => {
    const events: AuthEvent[] = [];
    const stop = onAuthEvent((e) => events.push(e));
    stubFetch(async () => jsonResponse({ error: { code: 'unauthorized', message: 'Invalid username or password' } }, 401));
    await caught(postJSON('/api/v1/sessions', {}, { quiet: true }));
    stop();
    expect(events).toEqual([]);
  });

  it('reports "change your password first" and no other 403', async () => {
    const events: AuthEvent[] = [];
    const stop = onAuthEvent((e) => events.push(e));
    stubFetch(async () => jsonResponse({ error: { code: 'forbidden', message: 'change your password first' } }, 403));
    await caught(getJSON('/api/v1/users'));
    stubFetch(async () => jsonResponse({ error: { code: 'forbidden', message: 'you may not view users' } }, 403));
    await caught(getJSON('/api/v1/users'));
    stop();
    expect(events).toEqual(['password_change_required']);
  });

  it('stops reporting after unsubscribing', async () => {
    const events: AuthEvent[] = [];
    onAuthEvent((e) => events.push(e))();
    stubFetch(async () => jsonResponse({ error: { code: 'unauthorized', message: 'x' } }, 401));
    await caught(getJSON('/api/v1/me'));
    expect(events).toEqual([]);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:05:00 GMT', now)).toBe(300);
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('is kept on the error of a 429', async () => {
    stubFetch(
      async () =>
        new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'too many sign-ins' } }), {
          status: 429,
          headers: { 'Content-Type': 'application/json', 'Retry-After': '840' },
        }),
    );
    const err = await caught(postJSON('/api/v1/sessions', {}, { quiet: true }));
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 840 });
  });
});

describe('Accept-Language', () => {
  afterEach(() => {
    setLocale('en', null);
    setRequestLanguage(null);
  });

  it("names the UI's language on every request, so that errors come back in it", async () => {
    const fetch = stubFetch(async () => jsonResponse({}));
    setLocale('en', null);
    await getJSON('/api/v1/me');
    setLocale('zh-CN', null);
    await getJSON('/api/v1/me');
    await postJSON('/api/v1/users', {});
    await putJSON('/api/v1/me/password', {});
    await patchJSON('/api/v1/users/u1', {});
    await del('/api/v1/roles/r1');
    expect(fetch.mock.calls.map((_, i) => headersOf(fetch, i).get('Accept-Language'))).toEqual([
      'en',
      'zh-CN',
      'zh-CN',
      'zh-CN',
      'zh-CN',
      'zh-CN',
    ]);
  });

  it('can be told another language', async () => {
    const fetch = stubFetch(async () => jsonResponse({}));
    setRequestLanguage(() => 'zh-CN');
    await getJSON('/api/v1/me');
    expect(headersOf(fetch).get('Accept-Language')).toBe('zh-CN');
  });
});

describe('error key and params', () => {
  it('keeps the key and params the server sent beside its message', async () => {
    stubFetch(async () =>
      jsonResponse(
        { error: { code: 'conflict', message: '101 房间 2026-12-01 已被占用', key: 'booking.room_taken', params: { room: '101', date: '2026-12-01', n: 2 } } },
        409,
      ),
    );
    const err = await caught(getJSON('/api/v1/reservations'));
    expect(err).toMatchObject({ status: 409, code: 'conflict', message: '101 房间 2026-12-01 已被占用', key: 'booking.room_taken' });
    expect(err.params).toEqual({ room: '101', date: '2026-12-01', n: 2 });
  });

  it('does without them, and drops parts of another shape', async () => {
    stubFetch(async () => jsonResponse({ error: { code: 'invalid', message: 'bad date' } }, 400));
    const plain = await caught(getJSON('/api/v1/x'));
    expect(plain.key).toBeUndefined();
    expect(plain.params).toEqual({});
    stubFetch(async () => jsonResponse({ error: { code: 'invalid', message: 'bad', key: 7, params: { ok: 'yes', bad: { x: 1 }, list: [1] } } }, 400));
    const odd = await caught(getJSON('/api/v1/x'));
    expect(odd.key).toBeUndefined();
    expect(odd.params).toEqual({ ok: 'yes' });
    stubFetch(async () => jsonResponse({ error: { code: 'invalid', message: 'bad', params: ['a'] } }, 400));
    expect((await caught(getJSON('/api/v1/x'))).params).toEqual({});
  });

  it('tells the password-change refusal by its key in any language', () => {
    const zh = new ApiError(403, 'forbidden', '请先修改密码', { key: 'auth.password_change_required' });
    expect(isPasswordChangeRequired(zh)).toBe(true);
    expect(isPasswordChangeRequired(new ApiError(403, 'forbidden', '无权查看用户', { key: 'auth.forbidden' }))).toBe(false);
    expect(isPasswordChangeRequired(new ApiError(403, 'forbidden', 'change your password first'))).toBe(true);
    expect(isPasswordChangeRequired(new ApiError(401, 'unauthorized', 'change your password first'))).toBe(false);
  });
});

describe('paths', () => {
  it('encode each interpolated value as one path segment', () => {
    expect(v1`/health`).toBe('/api/v1/health');
    expect(v1`/rooms/${'r 1/2'}/out-of-order/${'o?x'}`).toBe('/api/v1/rooms/r%201%2F2/out-of-order/o%3Fx');
    expect(v1`/hotels/${'h-1'}/rooms`).toBe('/api/v1/hotels/h-1/rooms');
  });

  it('leave empty query values out', () => {
    expect(withQuery('/api/v1/rooms', {})).toBe('/api/v1/rooms');
    expect(withQuery('/api/v1/rooms', { a: undefined, b: null, c: '', d: '  ' })).toBe('/api/v1/rooms');
    expect(withQuery('/api/v1/x', { q: ' wang fang ', n: 0, on: true })).toBe('/api/v1/x?q=wang+fang&n=0&on=true');
  });

  it('repeat a parameter once per value of a list', () => {
    expect(withQuery('/api/v1/hotels', { stars: [3, 4], q: 'inn' })).toBe('/api/v1/hotels?stars=3&stars=4&q=inn');
    expect(withQuery('/api/v1/hotels', { stars: [] })).toBe('/api/v1/hotels');
  });

  it('fill each placeholder of a path with one encoded segment', () => {
    expect(fillPath('/api/v1/rooms/{id}/out-of-order/{oid}', { id: 'r 1', oid: 'a/b' })).toBe('/api/v1/rooms/r%201/out-of-order/a%2Fb');
    expect(() => fillPath('/api/v1/rooms/{id}', {})).toThrow('{id}');
  });
});

describe('call', () => {
  it('sends an operation by its id: method, path, query and JSON body', async () => {
    const fetch = stubFetch(async () => jsonResponse({ reservation: { id: 'res-1' }, difference: 0 }));
    const got = await call('modifyReservation', { path: { id: 'res 1' }, body: { check_in: '2026-12-02' } });
    expect(got.difference).toBe(0);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect([init?.method, url, init?.body]).toEqual(['PATCH', '/api/v1/reservations/res%201', '{"check_in":"2026-12-02"}']);

    await call('listReservations', { query: { hotel: 'h-1', status: 'checked_in', q: '' } });
    expect(fetch.mock.calls[1]?.[0]).toBe('/api/v1/reservations?hotel=h-1&status=checked_in');
  });

  it('sends an empty object as the body of a POST without one, and no body with a GET or DELETE', async () => {
    const fetch = stubFetch(async () => jsonResponse({}));
    await call('checkOut', { path: { id: 'res-1' } });
    await call('getMe');
    await call('deleteRole', { path: { id: 'r-1' } });
    expect(fetch.mock.calls.map(([url, init]) => [init?.method, url, init?.body])).toEqual([
      ['POST', '/api/v1/reservations/res-1/check-out', '{}'],
      ['GET', '/api/v1/me', undefined],
      ['DELETE', '/api/v1/roles/r-1', undefined],
    ]);
  });

  it('resolves to undefined for a 204, or an empty body, after a change', async () => {
    stubFetch(async () => new Response(null, { status: 204 }));
    await expect(call('changeMyPassword', { body: { current_password: 'a', new_password: 'b' } })).resolves.toBeUndefined();
    await expect(call('logout')).resolves.toBeUndefined();
  });

  it('passes the request options on', async () => {
    const fetch = stubFetch(async () => jsonResponse({}, 201));
    await call('createRole', { body: { name: 'Cashier' } }, { idempotencyKey: 'k-1' });
    expect(headersOf(fetch).get('Idempotency-Key')).toBe('k-1');
  });
});
