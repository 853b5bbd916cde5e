import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { clearCredentials, setAuthMode } from './lib/api/client';
import { setLocale } from './lib/i18n';
import { ADMIN_ME, DESK_ME, DESK_PERMS, USERS, created, errorResponse, fakeApi, signedInRoutes } from './test/fakeApi';

async function go(hash: string) {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  await tick();
}

function navIds(): string[] {
  return screen
    .getAllByRole('link')
    .map((a) => a.dataset.testid ?? '')
    .filter((id) => id.startsWith('nav-'));
}

describe('App', () => {
  beforeEach(() => {
    setLocale('en', null);
    window.localStorage.clear();
    // The health page needs no hotel; an empty hash would open the dashboard.
    window.location.hash = '#/health';
  });
  afterEach(() => {
    setLocale('en', null);
    clearCredentials();
    setAuthMode(null);
  });

  it('shows the top bar, the sidebar, the user menu and the health panel when signed in', async () => {
    fakeApi(signedInRoutes());
    render(App);
    expect((await screen.findByTestId('health-node-id')).textContent).toBe('a1b2c3d4e5f60718');
    expect(screen.getByTestId('top-bar').textContent).toContain('Innkeep');
    expect(navIds()).toEqual([
      'nav-dashboard',
      'nav-tape-chart',
      'nav-reservations',
      'nav-groups',
      'nav-guests',
      'nav-companies',
      'nav-housekeeping',
      'nav-reports',
      'nav-settings',
      'nav-users',
      'nav-roles',
      'nav-audit',
      'nav-health',
    ]);
    expect(screen.getByTestId('nav-health').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('user-menu').textContent).toContain('Alice Chen');
    expect(document.title).toBe('System health · Innkeep');
  });

  it('navigates by hash to a placeholder and back', async () => {
    fakeApi(signedInRoutes());
    render(App);
    await screen.findByTestId('health-panel');
    await go('#/reports');
    expect(screen.getByTestId('placeholder').textContent).toContain('This section is not available yet.');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Reports');
    expect(screen.getByTestId('nav-reports').getAttribute('aria-current')).toBe('page');
    expect(screen.queryByTestId('health-panel')).toBeNull();

    await go('#/health');
    expect(screen.getByTestId('health-panel')).toBeTruthy();
  });

  it('switches language with the select, sets <html lang> and remembers it', async () => {
    fakeApi(signedInRoutes());
    render(App);
    await screen.findByTestId('health-node-id');
    const select = screen.getByTestId('lang-switch') as HTMLSelectElement;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['en', 'English'],
      ['zh-CN', '简体中文'],
    ]);
    await fireEvent.change(select, { target: { value: 'zh-CN' } });
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(window.localStorage.getItem('innkeep.lang')).toBe('zh-CN');
    expect(screen.getByTestId('health-node-id-label').textContent).toBe('节点 ID');
    expect(screen.getByTestId('nav-users').textContent?.trim()).toBe('用户');
    expect(document.title).toBe('系统状态 · Innkeep');
    await fireEvent.change(select, { target: { value: 'en' } });
    expect(document.documentElement.lang).toBe('en');
  });

  it('starts the setup wizard on a new install', async () => {
    const api = fakeApi({ 'GET /api/v1/setup': { needed: true } });
    render(App);
    expect(await screen.findByTestId('setup-wizard')).toBeTruthy();
    expect(screen.queryByTestId('sidebar')).toBeNull();
    expect(screen.queryByTestId('user-menu')).toBeNull();
    expect(api.find('GET /api/v1/me')).toHaveLength(0);
  });

  it('shows the sign-in screen without a notice when there is no session', async () => {
    fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/me': () => errorResponse(401, 'unauthorized', 'sign in first'),
    });
    render(App);
    expect(await screen.findByTestId('login-form')).toBeTruthy();
    expect(screen.queryByTestId('login-notice')).toBeNull();
    expect(screen.queryByTestId('sidebar')).toBeNull();
    expect(screen.queryByTestId('gate-version')).toBeNull(); // nothing of the build before sign-in
    expect(document.title).toBe('Sign in · Innkeep');
  });

  it('signs in, keeps the CSRF token and sends it on sign-out', async () => {
    let signedIn = false;
    const api = fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/me': () => (signedIn ? ADMIN_ME : errorResponse(401, 'unauthorized', 'sign in first')),
      'POST /api/v1/sessions': () => {
        signedIn = true;
        return created('login', {
          token: 't',
          csrf_token: 'csrf-login',
          expires_at: '2026-11-26T22:00:00Z',
          idle_timeout_seconds: 1800,
          must_change_password: false,
          user: ADMIN_ME,
        });
      },
      'DELETE /api/v1/sessions/current': () => {
        signedIn = false;
        return new Response(null, { status: 204 });
      },
    });
    render(App);
    await fireEvent.input(await screen.findByTestId('login-username'), { target: { value: 'alice' } });
    await fireEvent.input(screen.getByTestId('login-password'), { target: { value: 'a long passphrase' } });
    await fireEvent.click(screen.getByTestId('login-submit'));
    await screen.findByTestId('user-menu');
    expect(api.find('POST /api/v1/sessions')[0]?.body).toEqual({ username: 'alice', password: 'a long passphrase' });

    await fireEvent.click(screen.getByTestId('user-menu'));
    await fireEvent.click(await screen.findByTestId('sign-out'));
    expect((await screen.findByTestId('login-notice')).textContent).toContain('You have signed out.');
    const out = api.find('DELETE /api/v1/sessions/current')[0];
    expect(out?.headers.get('X-CSRF-Token')).toBe('csrf-login');
    expect(screen.queryByTestId('sidebar')).toBeNull();
  });

  it('hides administration from a front-desk user and refuses the page by URL', async () => {
    fakeApi(signedInRoutes(DESK_ME, DESK_PERMS));
    render(App);
    await screen.findByTestId('health-panel');
    expect(navIds()).not.toContain('nav-users');
    expect(navIds()).not.toContain('nav-roles');
    expect(navIds()).not.toContain('nav-audit');
    expect(screen.queryByTestId('nav-group-admin')).toBeNull();

    await go('#/users');
    expect(screen.getByTestId('no-access').textContent).toContain('You do not have access');
    expect(screen.queryByTestId('users-page')).toBeNull();
    await go('#/audit');
    expect(screen.getByTestId('no-access')).toBeTruthy();
    await go('#/account');
    expect(screen.getByTestId('account-page')).toBeTruthy();
  });

  it('goes back to sign-in with a notice when a call answers 401', async () => {
    window.location.hash = '#/users';
    fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/users': () => errorResponse(401, 'unauthorized', 'session expired'),
    });
    render(App);
    const notice = await screen.findByTestId('login-notice');
    expect(notice.textContent).toContain('Your session ended.');
    expect(screen.queryByTestId('users-page')).toBeNull();
    expect((screen.getByTestId('login-username') as HTMLInputElement).value).toBe('');
  });

  it('asks for a new password when the user must change it', async () => {
    fakeApi({ ...signedInRoutes(), 'GET /api/v1/me': { ...ADMIN_ME, must_change_password: true } });
    render(App);
    expect(await screen.findByTestId('change-password-form')).toBeTruthy();
    expect(screen.getByText('Current password or one-time code')).toBeTruthy();
    expect(screen.queryByTestId('sidebar')).toBeNull();
  });

  it('switches to the password screen on "change your password first"', async () => {
    window.location.hash = '#/users';
    fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/users': () => errorResponse(403, 'forbidden', 'change your password first'),
    });
    render(App);
    expect(await screen.findByTestId('change-password-form')).toBeTruthy();
  });

  it('changes the forced password and enters the app', async () => {
    let changed = false;
    const api = fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/me': () => ({ ...ADMIN_ME, must_change_password: !changed }),
      'PUT /api/v1/me/password': () => {
        changed = true;
        return undefined;
      },
    });
    render(App);
    await screen.findByTestId('change-password-form');
    await fireEvent.input(screen.getByTestId('change-password-current'), { target: { value: 'ABCD-1234' } });
    await fireEvent.input(screen.getByTestId('change-password-new'), { target: { value: 'my own passphrase' } });
    await fireEvent.input(screen.getByTestId('change-password-confirm'), { target: { value: 'my own passphrase' } });
    await fireEvent.click(screen.getByTestId('change-password-submit'));
    await screen.findByTestId('health-panel');
    expect(api.find('PUT /api/v1/me/password')[0]?.body).toEqual({
      current_password: 'ABCD-1234',
      new_password: 'my own passphrase',
    });
    expect(api.find('PUT /api/v1/me/password')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-from-me');
  });

  it('offers a retry when the service cannot be reached', async () => {
    let up = false;
    fakeApi({
      ...signedInRoutes(),
      'GET /api/v1/setup': () => {
        if (!up) throw new TypeError('Failed to fetch');
        return { needed: false };
      },
    });
    render(App);
    expect((await screen.findByTestId('app-error')).textContent).toContain('Cannot reach the Innkeep service');
    up = true;
    await fireEvent.click(screen.getByTestId('app-retry'));
    await waitFor(() => expect(screen.getByTestId('user-menu')).toBeTruthy());
  });

  it('lists users for an administrator at #/users', async () => {
    window.location.hash = '#/users';
    fakeApi({ ...signedInRoutes(), 'GET /api/v1/users': { users: USERS } });
    render(App);
    expect(await screen.findByTestId('users-row-carol')).toBeTruthy();
    expect(screen.getByTestId('nav-users').getAttribute('aria-current')).toBe('page');
  });
});
