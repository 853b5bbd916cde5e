import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { caught, jsonResponse, stubFetch } from '../../test/fixtures';
import { ApiError, TOKEN_KEY, clearCredentials, onAuthEvent, setAuthMode, setCredentials } from './client';
import { DESKTOP_SAVE_PATH, saveDownload, type SaveResult } from './download';

const URL_ = '/api/v1/audit/export.csv?user=bob&action=session.create';
const NAME = 'innkeep-audit-2026-11-26.csv';

afterEach(() => {
  clearCredentials();
  setAuthMode(null);
  window.sessionStorage.clear();
});

describe('saveDownload in the desktop window (bearer mode)', () => {
  beforeEach(() => {
    setAuthMode('bearer');
    setCredentials({ token: 'tok', csrf_token: 'csrf-1' });
  });

  it('asks the server to save the download, with the usual credentials', async () => {
    const fetch = stubFetch(async () => jsonResponse({ saved: true, path: '/home/anna/Documents/' + NAME } satisfies SaveResult));
    const got = await saveDownload(URL_, NAME);
    expect(got).toEqual({ saved: true, path: '/home/anna/Documents/' + NAME });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(DESKTOP_SAVE_PATH);
    expect(DESKTOP_SAVE_PATH).toBe('/api/v1/desktop/save');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ url: URL_, filename: NAME });
    const headers = new Headers(init?.headers);
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('Authorization')).toBe('Bearer tok');
    expect(headers.get('X-CSRF-Token')).toBe('csrf-1');
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBe('tok');
  });

  it('makes no link', async () => {
    stubFetch(async () => jsonResponse({ saved: true, path: '/tmp/x.csv' } satisfies SaveResult));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await saveDownload(URL_, NAME);
    expect(click).not.toHaveBeenCalled();
  });

  it('answers saved: false when the user cancelled the dialog', async () => {
    stubFetch(async () => jsonResponse({ saved: false } satisfies SaveResult));
    expect(await saveDownload(URL_, NAME)).toEqual({ saved: false });
  });

  it('leaves the path out when the server gave none', async () => {
    stubFetch(async () => jsonResponse({ saved: true } satisfies SaveResult));
    expect(await saveDownload(URL_, NAME)).toEqual({ saved: true });
  });

  it("rejects with the download's own error as an ApiError", async () => {
    stubFetch(async () => jsonResponse({ error: { code: 'forbidden', message: 'you may not export the audit log' } }, 403));
    const err = await caught(saveDownload(URL_, NAME));
    expect(err.status).toBe(403);
    expect(err.code).toBe('forbidden');
    expect(err.message).toBe('you may not export the audit log');
  });

  it('rejects with not_found outside the desktop window', async () => {
    stubFetch(async () => jsonResponse({ error: { code: 'not_found', message: 'not running as a window' } }, 404));
    const err = await caught(saveDownload(URL_, NAME));
    expect(err.status).toBe(404);
    expect(err.code).toBe('not_found');
  });

  it('reports a 401 to the auth listeners like every request', async () => {
    stubFetch(async () => jsonResponse({ error: { code: 'unauthorized', message: 'sign in first' } }, 401));
    const events: string[] = [];
    const off = onAuthEvent((e) => events.push(e));
    try {
      const err = await caught(saveDownload(URL_, NAME));
      expect(err.code).toBe('unauthorized');
      expect(events).toEqual(['unauthorized']);
    } finally {
      off();
    }
  });

  it('rejects with a network error when there is no answer', async () => {
    stubFetch(async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = await caught(saveDownload(URL_, NAME));
    expect(err.status).toBe(0);
    expect(err.code).toBe('network');
  });

  it('rejects an answer of another shape as invalid_response', async () => {
    stubFetch(async () => jsonResponse({ ok: true }));
    expect((await caught(saveDownload(URL_, NAME))).code).toBe('invalid_response');
    stubFetch(async () => new Response(null, { status: 204 }));
    expect((await caught(saveDownload(URL_, NAME))).code).toBe('invalid_response');
  });
});

describe('saveDownload in a browser (cookie mode)', () => {
  beforeEach(() => {
    setAuthMode('cookie');
  });

  it('clicks a temporary download link and sends no request', async () => {
    const fetch = stubFetch(async () => jsonResponse({}));
    const clicked: { href: string; download: string; attached: boolean }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.getAttribute('href') ?? '', download: this.download, attached: this.isConnected });
    });
    const got = await saveDownload(URL_, NAME);
    expect(got).toEqual({ saved: true });
    expect(got.path).toBeUndefined();
    expect(clicked).toEqual([{ href: URL_, download: NAME, attached: true }]);
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
    expect(fetch).not.toHaveBeenCalled();
  });
});
