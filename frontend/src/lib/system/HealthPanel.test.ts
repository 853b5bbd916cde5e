import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEALTH, jsonResponse } from '../../test/fixtures';
import { setLocale, type Locale } from '../i18n';
import type { Health } from '../api/system';
import HealthPanel from './HealthPanel.svelte';

function stubFetch(...responses: (() => Response | Promise<Response>)[]) {
  const fn = vi.fn(async () => {
    const next = responses.length > 1 ? responses.shift() : responses[0];
    if (!next) throw new Error('no response queued');
    return next();
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

describe('HealthPanel', () => {
  beforeEach(() => setLocale('en', null));
  afterEach(() => setLocale('en', null));

  it.each([
    ['en', 'Node ID', 'Healthy', 'LAN server', '32 KB', '32,768 bytes'],
    ['zh-CN', '节点 ID', '正常', '局域网服务', '32 KB', '32,768 字节'],
  ] as const)('renders every field in %s', async (lang: Locale, label, status, mode, size, exact) => {
    setLocale(lang, null);
    const fetch = stubFetch(() => jsonResponse(HEALTH));
    render(HealthPanel);

    const nodeId = await screen.findByTestId('health-node-id');
    expect(nodeId.textContent).toBe('a1b2c3d4e5f60718');
    expect(screen.getByTestId('health-node-id-label').textContent).toBe(label);
    expect(fetch).toHaveBeenCalledWith('/api/v1/system/health', expect.anything());

    expect(screen.getByTestId('health-status').textContent?.trim()).toBe(status);
    expect(screen.getByTestId('health-version').textContent).toBe('0.1.0');
    expect(screen.getByTestId('health-mode').textContent).toBe(mode);
    expect(screen.getByTestId('health-data-dir').textContent).toBe('/home/x/.config/innkeep');
    expect(screen.getByTestId('health-started-at').getAttribute('datetime')).toBe('2026-11-26T10:00:00Z');
    expect(screen.getByTestId('health-store-file').textContent).toBe('/home/x/.config/innkeep/innkeep.db');
    expect(screen.getByTestId('health-store-size').textContent).toBe(size);
    expect(screen.getByText(exact)).toBeTruthy();
    expect(screen.getByTestId('health-schema-version').textContent).toBe('1');

    const table = screen.getByTestId('health-documents');
    const hotel = within(table).getByTestId('health-kind-hotel');
    const room = within(table).getByTestId('health-kind-room');
    expect(hotel.querySelector('td')?.textContent).toBe('1');
    expect(room.querySelector('td')?.textContent).toBe('2');
    expect(screen.getByTestId('health-documents-total').textContent?.trim()).toBe('3');
    expect(screen.queryByTestId('health-no-documents')).toBeNull();
    expect(screen.getByTestId('health-disk-free').textContent).toBe('50 GB');
    expect(screen.queryByTestId('health-disk-low')).toBeNull();
    expect(screen.queryByTestId('health-disk-full')).toBeNull();
  });

  it.each([
    ['en', 'Desk deskb’s clock is 9 minutes ahead of this desk’s.'],
    ['zh-CN', '前台 deskb 的时钟比本前台快 9分钟。'],
  ] as const)('shows the changes of other desks that are refused, in %s', async (lang: Locale, says) => {
    setLocale(lang, null);
    const refused: Health = {
      ...HEALTH,
      status: 'warning',
      replication: {
        refusals: [
          { origin: 'deskb', seq: 12, reason: 'clock_ahead', message: 'remote clock is ahead', at: '2026-11-26T12:00:00Z', count: 3, ahead_ms: 540_000 },
        ],
      },
    };
    stubFetch(() => jsonResponse(refused));
    render(HealthPanel);

    const row = await screen.findByTestId('health-refusal-deskb');
    expect(within(row).getByTestId('health-refusal-text').textContent?.startsWith(says)).toBe(true);
    expect(row.querySelector('td.num')?.textContent).toBe('3');
    expect(screen.getByTestId('health-refusals-alert')).toBeTruthy();
    expect(screen.queryByTestId('health-no-refusals')).toBeNull();
  });

  it('says when no change of another desk is refused', async () => {
    stubFetch(() => jsonResponse(HEALTH));
    render(HealthPanel);
    expect((await screen.findByTestId('health-no-refusals')).textContent).toBe('Every change received from other desks was accepted.');
    expect(screen.queryByTestId('health-refusals-alert')).toBeNull();
  });

  it('shows the status only to those who may not view the system', async () => {
    const fetch = stubFetch(
      () => jsonResponse({ error: { code: 'forbidden', message: 'you do not have the system.view permission' } }, 403),
      () => jsonResponse({ status: 'ok' }),
    );
    render(HealthPanel);
    const only = await screen.findByTestId('health-status-only');
    expect(only.textContent).toContain('Healthy');
    expect(only.textContent).toContain('system.view');
    expect(fetch).toHaveBeenLastCalledWith('/api/v1/health', expect.anything());
    expect(screen.queryByTestId('health-node-id')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it.each([
    ['a disk that is nearly full', { low: true, write_failed_full: false }, 'health-disk-low', 'Little space is left'],
    ['a write that found the disk full', { low: true, write_failed_full: true }, 'health-disk-full', 'disk was full'],
  ] as const)('warns of %s', async (_name, disk, testId, text) => {
    stubFetch(() => jsonResponse({ ...HEALTH, status: 'warning', disk: { ...HEALTH.disk, free_bytes: 1024, ...disk } } satisfies Health));
    render(HealthPanel);
    expect((await screen.findByTestId(testId)).textContent).toContain(text);
    expect(screen.getByTestId('health-status').textContent?.trim()).toBe('Needs attention');
  });

  it('switches the label language while shown', async () => {
    stubFetch(() => jsonResponse(HEALTH));
    render(HealthPanel);
    const label = await screen.findByTestId('health-node-id-label');
    expect(label.textContent).toBe('Node ID');

    setLocale('zh-CN', null);
    await tick();
    expect(screen.getByTestId('health-node-id-label').textContent).toBe('节点 ID');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('系统状态');
    expect(screen.getByTestId('health-node-id').textContent).toBe('a1b2c3d4e5f60718');
  });

  it('shows a loading state before the response', async () => {
    let resolve: (r: Response) => void = () => {};
    stubFetch(() => new Promise<Response>((r) => (resolve = r)));
    render(HealthPanel);
    expect(screen.getByTestId('health-loading').textContent).toContain('Loading system status…');
    expect(screen.getByTestId('health-panel').getAttribute('aria-busy')).toBe('true');
    resolve(jsonResponse(HEALTH));
    await screen.findByTestId('health-node-id');
    expect(screen.queryByTestId('health-loading')).toBeNull();
    expect(screen.getByTestId('health-panel').getAttribute('aria-busy')).toBe('false');
  });

  it('says so when there are no documents', async () => {
    stubFetch(() =>
      jsonResponse({ ...HEALTH, store: { ...HEALTH.store, documents: { total: 0, by_kind: {} } } } satisfies Health),
    );
    render(HealthPanel);
    expect((await screen.findByTestId('health-no-documents')).textContent).toBe('No documents yet');
    expect(screen.queryByTestId('health-documents')).toBeNull();
  });

  it('shows the message of an error envelope', async () => {
    stubFetch(() => jsonResponse({ error: { code: 'internal', message: 'store is closed' } }, 500));
    render(HealthPanel);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the system status');
    expect(screen.getByTestId('health-error-message').textContent).toBe('store is closed');
    expect(alert.textContent).toContain('Error code: internal (HTTP 500)');
    expect(screen.queryByTestId('health-node-id')).toBeNull();
  });

  it('translates a network failure', async () => {
    setLocale('zh-CN', null);
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    render(HealthPanel);
    await screen.findByRole('alert');
    expect(screen.getByTestId('health-error-message').textContent).toBe(
      '无法连接 Innkeep 服务，请确认服务正在运行后重试。',
    );
  });

  it('fetches again on Refresh', async () => {
    const fetch = stubFetch(
      () => jsonResponse({ error: { code: 'internal', message: 'store is closed' } }, 500),
      () => jsonResponse({ ...HEALTH, node_id: 'ffff000011112222' } satisfies Health),
    );
    render(HealthPanel);
    await screen.findByRole('alert');
    const button = screen.getByTestId('health-refresh');
    expect(button.textContent?.trim()).toBe('Refresh');

    await fireEvent.click(button);
    expect((await screen.findByTestId('health-node-id')).textContent).toBe('ffff000011112222');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
