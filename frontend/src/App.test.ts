import { fireEvent, render, screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App.svelte';
import { setLocale } from './lib/i18n';
import { HEALTH, jsonResponse } from './test/fixtures';

async function go(hash: string) {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  await tick();
}

describe('App', () => {
  beforeEach(() => {
    setLocale('en', null);
    window.localStorage.clear();
    window.location.hash = '';
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(HEALTH)));
  });
  afterEach(() => setLocale('en', null));

  it('shows the top bar, the sidebar and the health panel by default', async () => {
    render(App);
    expect(screen.getByTestId('top-bar').textContent).toContain('Innkeep');
    const links = screen.getAllByRole('link').filter((a) => a.getAttribute('href')?.startsWith('#/'));
    const nav = links.filter((a) => a.dataset.testid?.startsWith('nav-')).map((a) => a.textContent?.trim());
    expect(nav).toEqual([
      'Dashboard',
      'Tape chart',
      'Reservations',
      'Guests',
      'Housekeeping',
      'Reports',
      'Settings',
      'System health',
    ]);
    expect(screen.getByTestId('nav-health').getAttribute('aria-current')).toBe('page');
    expect((await screen.findByTestId('health-node-id')).textContent).toBe('a1b2c3d4e5f60718');
    expect(document.title).toBe('System health · Innkeep');
  });

  it('navigates by hash to a placeholder and back', async () => {
    render(App);
    await go('#/guests');
    expect(screen.getByTestId('placeholder').textContent).toContain('This section is not available yet.');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Guests');
    expect(screen.getByTestId('nav-guests').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('nav-health').getAttribute('aria-current')).toBeNull();
    expect(screen.queryByTestId('health-panel')).toBeNull();

    await go('#/health');
    expect(screen.getByTestId('health-panel')).toBeTruthy();
    expect(screen.queryByTestId('placeholder')).toBeNull();
  });

  it('switches language with the select, sets <html lang> and remembers it', async () => {
    render(App);
    await screen.findByTestId('health-node-id');
    const select = screen.getByTestId('lang-switch') as HTMLSelectElement;
    expect(select.tagName).toBe('SELECT');
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['en', 'English'],
      ['zh-CN', '简体中文'],
    ]);
    expect(document.documentElement.lang).toBe('en');

    await fireEvent.change(select, { target: { value: 'zh-CN' } });
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(window.localStorage.getItem('innkeep.lang')).toBe('zh-CN');
    expect(screen.getByTestId('health-node-id-label').textContent).toBe('节点 ID');
    expect(screen.getByTestId('nav-health').textContent?.trim()).toBe('系统状态');
    expect(document.title).toBe('系统状态 · Innkeep');

    await fireEvent.change(select, { target: { value: 'en' } });
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByTestId('health-node-id-label').textContent).toBe('Node ID');
  });
});
