import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import type { CheckReport } from '../api/system';
import { setLocale } from '../i18n';
import { ALL_PERMISSIONS, FRONT_DESK_PERMISSIONS, errorResponse, fakeApi, routes, signedInRoutes } from '../../test/fakeApi';

function open(perms: string[], check: CheckReport | (() => Response)) {
  window.location.hash = '#/health';
  const api = fakeApi<string>({
    ...signedInRoutes(undefined, { permissions: perms, hotels: 'all' }),
    ...routes({ 'GET /api/v1/system/check': check }),
  });
  render(App);
  return api;
}

beforeEach(() => setLocale('en', null));
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
  setLocale('en', null);
});

describe('SystemCheck', () => {
  it('runs the check when asked and says all is well', async () => {
    const api = open(ALL_PERMISSIONS, { ok: true, findings: [] });
    await fireEvent.click(await screen.findByTestId('system-check-run'));
    expect((await screen.findByTestId('system-check-ok')).textContent).toContain('All is well.');
    expect(api.find('GET /api/v1/system/check')).toHaveLength(1);
  });

  it('lists each problem with its code, in the language of the answer', async () => {
    setLocale('zh-CN', null);
    open(ALL_PERMISSIONS, {
      ok: false,
      findings: [
        { code: 'audit_broken', message: '审计日志在 Innkeep 之外被改动过：desk a at seq 4: truncated' },
        { code: 'disk_low', message: '磁盘只剩 100 MiB 可用空间' },
      ],
    });
    await fireEvent.click(await screen.findByTestId('system-check-run'));
    const problems = await screen.findByTestId('system-check-problems');
    expect(problems.textContent).toContain('检查发现 2 个问题');
    const items = screen.getAllByTestId('system-check-finding');
    expect(items.map((li) => li.dataset.code)).toEqual(['audit_broken', 'disk_low']);
    expect(items[0]?.textContent).toContain('desk a at seq 4');
  });

  it('says when the check could not run', async () => {
    open(ALL_PERMISSIONS, () => errorResponse(503, 'unavailable', 'a check is running already; try again when it is done'));
    await fireEvent.click(await screen.findByTestId('system-check-run'));
    expect((await screen.findByTestId('system-check-error')).textContent).toContain('a check is running already');
  });

  it('is not there without system.view', async () => {
    open(FRONT_DESK_PERMISSIONS, { ok: true, findings: [] });
    await screen.findByTestId('health-node-id');
    expect(screen.queryByTestId('system-check')).toBeNull();
  });
});
