import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_ME, errorResponse, fakeApi } from '../../test/fakeApi';
import type { SignIn } from '../api/access';
import { onAuthEvent } from '../api/client';
import { setLocale } from '../i18n';
import LoginScreen from './LoginScreen.svelte';

async function signIn(username: string, password: string) {
  await fireEvent.input(screen.getByTestId('login-username'), { target: { value: username } });
  await fireEvent.input(screen.getByTestId('login-password'), { target: { value: password } });
  await fireEvent.click(screen.getByTestId('login-submit'));
}

describe('LoginScreen', () => {
  beforeEach(() => setLocale('en', null));
  afterEach(() => setLocale('en', null));

  it('shows the generic message of a refused sign-in, without ending any session', async () => {
    const events: string[] = [];
    const stop = onAuthEvent((e) => events.push(e));
    fakeApi({
      'POST /api/v1/sessions': () =>
        errorResponse(401, 'unauthorized', 'Invalid username or password, or the account is locked for a while.'),
    });
    const onsignedin = vi.fn();
    render(LoginScreen, { onsignedin });
    await signIn('alice', 'wrong password');
    const error = await screen.findByTestId('login-error');
    stop();
    expect(error.textContent).toContain('Invalid username or password, or the account is locked for a while.');
    expect((screen.getByTestId('login-password') as HTMLInputElement).value).toBe('');
    expect(onsignedin).not.toHaveBeenCalled();
    expect(events).toEqual([]);
  });

  it('tells how long to wait after too many attempts', async () => {
    fakeApi({
      'POST /api/v1/sessions': () => errorResponse(429, 'rate_limited', 'too many failed sign-ins', { 'Retry-After': '600' }),
    });
    render(LoginScreen, { onsignedin: () => {} });
    await signIn('alice', 'x');
    const text = (await screen.findByTestId('login-error')).textContent ?? '';
    expect(text).toContain('Too many failed sign-ins from this computer.');
    expect(text).toContain('Try again in 10 min');
  });

  it('counts seconds for a short wait', async () => {
    fakeApi({ 'POST /api/v1/sessions': () => errorResponse(429, 'rate_limited', 'slow down', { 'Retry-After': '42' }) });
    render(LoginScreen, { onsignedin: () => {} });
    await signIn('alice', 'x');
    expect((await screen.findByTestId('login-error')).textContent).toContain('Try again in 42 s.');
  });

  it('keeps the focus in the username field while typing', async () => {
    fakeApi({});
    render(LoginScreen, { onsignedin: () => {} });
    const name = screen.getByTestId('login-username') as HTMLInputElement;
    expect(document.activeElement).toBe(name);
    await fireEvent.input(name, { target: { value: 'a' } });
    await fireEvent.input(name, { target: { value: 'al' } });
    expect(document.activeElement).toBe(name);
  });

  it('starts in the password field when the username is known', () => {
    fakeApi({});
    render(LoginScreen, { onsignedin: () => {}, username: 'alice' });
    expect(document.activeElement).toBe(screen.getByTestId('login-password'));
  });

  it('asks for both fields before calling the server', async () => {
    const api = fakeApi({});
    render(LoginScreen, { onsignedin: () => {} });
    await signIn('', '');
    expect(screen.getByTestId('login-error').textContent).toContain('Enter your username and password.');
    expect(api.calls).toHaveLength(0);
  });

  it('hands the session to the app', async () => {
    const body: SignIn = {
      token: 't',
      csrf_token: 'c',
      expires_at: '2026-11-26T22:00:00Z',
      idle_timeout_seconds: 1800,
      must_change_password: false,
      user: ADMIN_ME,
    };
    fakeApi({ 'POST /api/v1/sessions': body });
    const onsignedin = vi.fn();
    render(LoginScreen, { onsignedin, username: 'alice', notice: 'setup-done' });
    expect(screen.getByTestId('login-notice').textContent).toContain('Innkeep is set up.');
    expect((screen.getByTestId('login-username') as HTMLInputElement).value).toBe('alice');
    await fireEvent.input(screen.getByTestId('login-password'), { target: { value: 'a long passphrase' } });
    await fireEvent.click(screen.getByTestId('login-submit'));
    await vi.waitFor(() => expect(onsignedin).toHaveBeenCalledWith(body));
  });
});
