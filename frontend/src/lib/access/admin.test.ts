import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import type { AuditEntry, NewUser, Role, User } from '../api/access';
import type { SaveResult } from '../api/download';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import {
  ALL_PERMISSIONS,
  CATALOG,
  HOTELS,
  ROLES,
  USERS,
  errorResponse,
  created,
  fakeApi,
  role,
  routes,
  signedInRoutes,
  user,
  type RouteFor,
  type Routes,
} from '../../test/fakeApi';

function open<const K extends string>(hash: string, extra: Routes<K>, perms = ALL_PERMISSIONS) {
  window.location.hash = hash;
  const api = fakeApi<string>({
    ...signedInRoutes(undefined, { permissions: perms, hotels: 'all' }),
    ...routes({
      'GET /api/v1/roles': { roles: ROLES },
      'GET /api/v1/hotels': { hotels: HOTELS },
      'GET /api/v1/permissions': CATALOG,
    }),
    ...extra,
  });
  render(App);
  return api;
}

function type(el: HTMLElement, value: string) {
  return fireEvent.input(el, { target: { value } });
}

/** newUser is the account POST /api/v1/users answers for body, the request the form sent. */
function newUser(body: unknown, id: string): User {
  const { password: _, roles, ...fields } = body as NewUser;
  return user({ ...(fields as Partial<User>), roles: roles ?? [], id, status: 'active' });
}

beforeEach(() => {
  setLocale('en', null);
});
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

describe('Users page', () => {
  it('lists users with their roles, hotels and status', async () => {
    open('#/users', { 'GET /api/v1/users': { users: USERS } });
    const alice = await screen.findByTestId('users-row-alice');
    expect(alice.textContent).toContain('Alice Chen');
    expect(alice.textContent).toContain('System administrator');
    expect(alice.textContent).toContain('All hotels');
    expect(alice.textContent).toContain('Active');
    const carol = screen.getByTestId('users-row-carol');
    expect(carol.textContent).toContain('Front desk');
    expect(carol.textContent).toContain('Hill Lodge');
    expect(carol.textContent).toContain('Disabled');
    // Nobody can disable themselves.
    expect(within(alice).queryByTestId('user-disable')).toBeNull();
    expect(within(carol).getByTestId('user-enable')).toBeTruthy();
  });

  it('creates a front-desk user for all hotels', async () => {
    let users = [...USERS];
    const api = open('#/users', {
      'GET /api/v1/users': () => ({ users }),
      'POST /api/v1/users': (req) => {
        const bob = newUser(req.body, 'u-bob');
        users = [...users, bob];
        return created('createUser', bob);
      },
    });
    await fireEvent.click(await screen.findByTestId('user-create'));
    const dialog = screen.getByTestId('user-dialog');
    expect(dialog.getAttribute('role')).toBe('dialog');
    await type(screen.getByTestId('user-form-username'), 'bob');
    await type(screen.getByTestId('user-form-display-name'), 'Bob Li');
    await fireEvent.click(screen.getByTestId('user-form-role-front_desk'));
    expect((screen.getByTestId('user-form-hotels-all') as HTMLInputElement).checked).toBe(true);
    await type(screen.getByTestId('user-form-password'), 'desk passphrase');
    await fireEvent.click(screen.getByTestId('user-form-submit'));

    expect(await screen.findByTestId('users-row-bob')).toBeTruthy();
    expect(screen.queryByTestId('user-dialog')).toBeNull();
    const [req] = api.find('POST /api/v1/users');
    expect(req?.body).toEqual({
      username: 'bob',
      display_name: 'Bob Li',
      email: '',
      phone: '',
      roles: ['front_desk'],
      hotels: 'all',
      password: 'desk passphrase',
    });
    expect(req?.headers.get('X-CSRF-Token')).toBe('csrf-from-me');
    expect(req?.headers.get('Idempotency-Key')).toBeTruthy();
  });

  it('limits a user to chosen hotels', async () => {
    const api = open('#/users', {
      'GET /api/v1/users': { users: USERS },
      'POST /api/v1/users': (req) => created('createUser', newUser(req.body, 'u-x')),
    });
    await fireEvent.click(await screen.findByTestId('user-create'));
    await type(screen.getByTestId('user-form-username'), 'dora');
    await type(screen.getByTestId('user-form-display-name'), 'Dora');
    await fireEvent.click(screen.getByTestId('user-form-role-front_desk'));
    await fireEvent.click(screen.getByTestId('user-form-hotels-some'));
    await type(screen.getByTestId('user-form-password'), 'desk passphrase');
    await fireEvent.click(screen.getByTestId('user-form-submit'));
    expect(screen.getByText('Choose at least one hotel.')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('user-form-hotel-h-hill'));
    await fireEvent.click(screen.getByTestId('user-form-submit'));
    await waitFor(() => expect(api.find('POST /api/v1/users')).toHaveLength(1));
    expect((api.find('POST /api/v1/users')[0]?.body as User).hotels).toEqual(['h-hill']);
  });

  it('shows the API validation message in the form', async () => {
    open('#/users', {
      'GET /api/v1/users': { users: USERS },
      'POST /api/v1/users': () => errorResponse(409, 'conflict', 'the username "carol" is taken'),
    });
    await fireEvent.click(await screen.findByTestId('user-create'));
    await type(screen.getByTestId('user-form-username'), 'carol');
    await type(screen.getByTestId('user-form-display-name'), 'Carol');
    await fireEvent.click(screen.getByTestId('user-form-role-front_desk'));
    await type(screen.getByTestId('user-form-password'), 'desk passphrase');
    await fireEvent.click(screen.getByTestId('user-form-submit'));
    expect((await screen.findByTestId('user-form-error')).textContent).toContain('the username "carol" is taken');
    expect(screen.getByTestId('user-dialog')).toBeTruthy();
  });

  it('edits only what changed', async () => {
    const api = open('#/users', {
      'GET /api/v1/users': { users: USERS },
      'PATCH /api/v1/users/u-carol': (req) => user({ ...USERS[1], ...(req.body as Partial<User>) }),
    });
    const carol = await screen.findByTestId('users-row-carol');
    await fireEvent.click(within(carol).getByTestId('user-edit'));
    expect(screen.queryByTestId('user-form-password')).toBeNull();
    await type(screen.getByTestId('user-form-display-name'), 'Carol Wu-Li');
    await fireEvent.click(screen.getByTestId('user-form-hotels-all'));
    await fireEvent.click(screen.getByTestId('user-form-submit'));
    await waitFor(() => expect(screen.getByTestId('users-row-carol').textContent).toContain('Carol Wu-Li'));
    expect(api.find('PATCH /api/v1/users/u-carol')[0]?.body).toEqual({ display_name: 'Carol Wu-Li', hotels: 'all' });
  });

  it('renames a user (how a username two accounts share after a merge is resolved)', async () => {
    const api = open('#/users', {
      'GET /api/v1/users': { users: USERS },
      'PATCH /api/v1/users/u-carol': (req) => user({ ...USERS[1], ...(req.body as Partial<User>) }),
    });
    const carol = await screen.findByTestId('users-row-carol');
    await fireEvent.click(within(carol).getByTestId('user-edit'));
    const name = screen.getByTestId('user-form-username') as HTMLInputElement;
    expect(name.disabled).toBe(false);
    await fireEvent.input(name, { target: { value: 'carol.wu' } });
    await fireEvent.click(screen.getByTestId('user-form-submit'));
    await waitFor(() => expect(api.find('PATCH /api/v1/users/u-carol')[0]?.body).toEqual({ username: 'carol.wu' }));
  });

  it('resets a password and shows the one-time code once', async () => {
    const users: User[] = [...USERS, user({ id: 'u-bob', username: 'bob', display_name: 'Bob', roles: ['front_desk'] })];
    const api = open('#/users', {
      'GET /api/v1/users': { users },
      'POST /api/v1/users/u-bob/reset-password': { one_time_code: 'QX7P-M2KD' },
    });
    const bob = await screen.findByTestId('users-row-bob');
    await fireEvent.click(within(bob).getByTestId('user-reset'));
    await fireEvent.click(screen.getByTestId('reset-confirm-yes'));
    expect((await screen.findByTestId('reset-code')).textContent).toBe('QX7P-M2KD');
    expect(screen.getByTestId('reset-code-copy')).toBeTruthy();
    expect(api.find('POST /api/v1/users/u-bob/reset-password')).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('reset-code-done'));
    expect(screen.queryByTestId('reset-code')).toBeNull();
  });

  it('disables after confirmation and shows a refusal', async () => {
    const users: User[] = [...USERS, user({ id: 'u-bob', username: 'bob', display_name: 'Bob' })];
    const api = open('#/users', {
      'GET /api/v1/users': { users },
      'POST /api/v1/users/u-bob/disable': () => errorResponse(409, 'conflict', 'cannot disable the last active system administrator'),
    });
    const bob = await screen.findByTestId('users-row-bob');
    await fireEvent.click(within(bob).getByTestId('user-disable'));
    await fireEvent.click(screen.getByTestId('disable-confirm-yes'));
    expect((await screen.findByTestId('users-action-error')).textContent).toContain('last active system administrator');
    expect(api.find('POST /api/v1/users/u-bob/disable')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-from-me');
  });

  it("asks for errors in the UI's language and shows the server's message", async () => {
    setLocale('zh-CN', null);
    const users: User[] = [...USERS, user({ id: 'u-bob', username: 'bob', display_name: 'Bob' })];
    const api = open('#/users', {
      'GET /api/v1/users': { users },
      'POST /api/v1/users/u-bob/disable': () =>
        new Response(
          JSON.stringify({ error: { code: 'conflict', message: '不能停用最后一个系统管理员', key: 'user.last_admin', params: { username: 'bob' } } }),
          { status: 409, headers: { 'Content-Type': 'application/json' } },
        ),
    });
    const bob = await screen.findByTestId('users-row-bob');
    await fireEvent.click(within(bob).getByTestId('user-disable'));
    await fireEvent.click(screen.getByTestId('disable-confirm-yes'));
    expect((await screen.findByTestId('users-action-error-message')).textContent).toBe('不能停用最后一个系统管理员');
    expect(api.calls.length).toBeGreaterThan(3);
    for (const call of api.calls) expect(call.headers.get('Accept-Language'), `${call.method} ${call.path}`).toBe('zh-CN');
  });

  it('shows no change buttons to a user who may only view', async () => {
    open('#/users', { 'GET /api/v1/users': { users: USERS } }, ['users.view', 'roles.view', 'hotels.view']);
    await screen.findByTestId('users-row-alice');
    expect(screen.queryByTestId('user-create')).toBeNull();
    expect(screen.queryByTestId('user-edit')).toBeNull();
    expect(screen.queryByTestId('user-reset')).toBeNull();
  });
});

describe('Roles page', () => {
  it('lists built-in roles read-only with a lock badge, and custom roles editable', async () => {
    open('#/roles', {});
    const builtin = await screen.findByTestId('roles-row-front_desk');
    expect(within(builtin).getByTestId('role-builtin').textContent).toContain('Built-in');
    expect(within(builtin).queryByTestId('role-edit')).toBeNull();
    expect(within(builtin).queryByTestId('role-delete')).toBeNull();
    const custom = screen.getByTestId('roles-row-night_auditor');
    expect(within(custom).queryByTestId('role-builtin')).toBeNull();
    expect(within(custom).getByTestId('role-edit')).toBeTruthy();

    await fireEvent.click(within(builtin).getByTestId('role-view'));
    expect((screen.getByTestId('perm-rooms-create') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('perm-rooms-create') as HTMLInputElement).disabled).toBe(true);
  });

  it('creates a custom role from the matrix', async () => {
    const api = open('#/roles', {
      'POST /api/v1/roles': (req) => created('createRole', role({ ...(req.body as Partial<Role>), id: 'r-cash' })),
    });
    await fireEvent.click(await screen.findByTestId('role-create'));
    await type(screen.getByTestId('role-form-name'), 'Cashier');
    await fireEvent.click(screen.getByTestId('perm-row-toggle-billing'));
    await fireEvent.click(screen.getByTestId('perm-billing-delete'));
    await fireEvent.click(screen.getByTestId('perm-reports-view'));
    await fireEvent.click(screen.getByTestId('role-form-submit'));
    expect(await screen.findByTestId('roles-row-r-cash')).toBeTruthy();
    expect(api.find('POST /api/v1/roles')[0]?.body).toEqual({
      name: 'Cashier',
      description: '',
      permissions: ['billing.view', 'billing.create', 'billing.update', 'billing.approve', 'reports.view'],
    });
  });

  it('shows why a role in use cannot be deleted', async () => {
    open('#/roles', {
      'DELETE /api/v1/roles/night_auditor': () => errorResponse(409, 'conflict', 'role night_auditor is held by 2 users'),
    });
    const row = await screen.findByTestId('roles-row-night_auditor');
    await fireEvent.click(within(row).getByTestId('role-delete'));
    await fireEvent.click(screen.getByTestId('role-delete-yes'));
    expect((await screen.findByTestId('roles-action-error')).textContent).toContain('held by 2 users');
    expect(screen.getByTestId('roles-row-night_auditor')).toBeTruthy();
  });
});

function entry(i: number, extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `e${i}`,
    node: 'n1',
    seq: i,
    at: `2026-11-26T10:${String(i).padStart(2, '0')}:00Z`,
    user_id: 'u-alice',
    username: 'alice',
    address: '127.0.0.1',
    action: 'user.update',
    action_name: 'User changed',
    entity: 'user',
    entity_id: 'u-bob',
    before: { display_name: 'Bob' },
    after: { display_name: 'Bob Li' },
    prev_hash: 'aa',
    hash: 'bb',
    ...extra,
  };
}

describe('Audit page', () => {
  it('names each action in the language the server answered in', async () => {
    open('#/audit', { 'GET /api/v1/audit': () => ({ entries: [entry(1, { action_name: '修改用户' })], next_before: '' }) });
    const cell = await screen.findByText('修改用户');
    expect(cell.getAttribute('title')).toBe('user.update');
  });

  it('shows entries, expands a diff and loads more with next_before', async () => {
    const api = open('#/audit', {
      'GET /api/v1/audit': (req) =>
        req.query.get('before') === 'cursor-1'
          ? { entries: [entry(1)], next_before: '' }
          : { entries: [entry(3), entry(2)], next_before: 'cursor-1' },
    });
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(2));
    const expand = screen.getAllByTestId('audit-expand')[0] as HTMLElement;
    expect(expand.getAttribute('aria-expanded')).toBe('false');
    await fireEvent.click(expand);
    expect(expand.getAttribute('aria-expanded')).toBe('true');
    const diff = screen.getByTestId('audit-diff');
    expect(diff.textContent).toContain('display_name');
    expect(diff.textContent).toContain('Bob Li');

    await fireEvent.click(screen.getByTestId('audit-more'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(3));
    expect(screen.queryByTestId('audit-more')).toBeNull();
    const calls = api.find('GET /api/v1/audit');
    expect(calls[1]?.query.get('before')).toBe('cursor-1');
  });

  it('applies filters to the list and the CSV export link', async () => {
    const api = open('#/audit', { 'GET /api/v1/audit': { entries: [], next_before: '' } });
    expect(await screen.findByTestId('audit-empty')).toBeTruthy();
    await type(screen.getByTestId('audit-filter-user'), 'bob');
    await type(screen.getByTestId('audit-filter-action'), 'session.create');
    await type(screen.getByTestId('audit-filter-from'), '2026-11-01');
    await fireEvent.click(screen.getByTestId('audit-apply'));
    await waitFor(() => expect(api.find('GET /api/v1/audit')).toHaveLength(2));
    const q = api.find('GET /api/v1/audit')[1]?.query;
    expect(q?.get('user')).toBe('bob');
    expect(q?.get('action')).toBe('session.create');
    expect(q?.get('from')).toBe('2026-11-01');
    expect(q?.has('entity')).toBe(false);
    const link = screen.getByTestId('audit-export');
    expect(link.tagName).toBe('A');
    expect(link.getAttribute('href')).toBe('/api/v1/audit/export.csv?user=bob&action=session.create&from=2026-11-01');
  });

  it('reports an intact chain', async () => {
    open('#/audit', {
      'GET /api/v1/audit': { entries: [], next_before: '' },
      'GET /api/v1/audit/verify': { ok: true, entries: 42, chains: [{ node: 'n1', entries: 42, ok: true, broken_at: null }] },
    });
    await fireEvent.click(await screen.findByTestId('audit-verify'));
    const result = await screen.findByTestId('audit-verify-result');
    expect(result.dataset.ok).toBe('true');
    expect(result.textContent).toContain('The audit log is intact. Entries checked: 42. Desks: 1.');
  });

  it('names the first broken link per desk', async () => {
    open('#/audit', {
      'GET /api/v1/audit': { entries: [], next_before: '' },
      'GET /api/v1/audit/verify': {
        ok: false,
        entries: 10,
        chains: [
          { node: 'n1', entries: 6, ok: true, broken_at: null },
          { node: 'n2', entries: 4, ok: false, broken_at: { seq: 3, reason: 'hash mismatch' } },
        ],
      },
    });
    await fireEvent.click(await screen.findByTestId('audit-verify'));
    const result = await screen.findByTestId('audit-verify-result');
    expect(result.dataset.ok).toBe('false');
    const chains = within(result).getAllByTestId('audit-chain').map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(chains).toEqual(['n1: intact, entries: 6', 'n2: broken at entry 3: hash mismatch']);
  });
});

describe('Audit export in the desktop window', () => {
  const SAVED = '/home/anna/Documents/innkeep-audit.csv';

  function openInWindow(save: RouteFor<'POST /api/v1/desktop/save'>) {
    setAuthMode('bearer');
    window.sessionStorage.setItem('innkeep.token', 'tok');
    return open('#/audit', {
      'GET /api/v1/audit': { entries: [], next_before: '' },
      'POST /api/v1/desktop/save': save,
    });
  }

  async function applyFilters() {
    expect(await screen.findByTestId('audit-empty')).toBeTruthy();
    await type(screen.getByTestId('audit-filter-user'), 'bob');
    await type(screen.getByTestId('audit-filter-action'), 'session.create');
    await fireEvent.click(screen.getByTestId('audit-apply'));
  }

  afterEach(() => {
    window.sessionStorage.clear();
  });

  it('saves the filtered export through the server and says where', async () => {
    const api = openInWindow({ saved: true, path: SAVED });
    await applyFilters();
    const button = screen.getByTestId('audit-export');
    expect(button.tagName).toBe('BUTTON');
    await fireEvent.click(button);
    const saved = await screen.findByTestId('audit-export-saved');
    expect(saved.textContent?.trim()).toBe(`Saved to ${SAVED}`);
    expect(saved.closest('[role="status"]')?.getAttribute('aria-live')).toBe('polite');
    const calls = api.find('POST /api/v1/desktop/save');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toEqual({
      url: '/api/v1/audit/export.csv?user=bob&action=session.create',
      filename: expect.stringMatching(/^innkeep-audit-\d{4}-\d{2}-\d{2}\.csv$/),
    });
    expect(calls[0]?.headers.get('Authorization')).toBe('Bearer tok');
    expect(calls[0]?.headers.get('X-CSRF-Token')).toBe('csrf-from-me');
    expect(api.find('GET /api/v1/audit/export.csv')).toHaveLength(0);
    expect(screen.queryByTestId('audit-export-error')).toBeNull();
  });

  it('shows nothing when the user cancels the dialog, and clears an earlier line', async () => {
    let answer: SaveResult = { saved: true, path: SAVED };
    const api = openInWindow(() => answer);
    expect(await screen.findByTestId('audit-empty')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('audit-export'));
    expect(await screen.findByTestId('audit-export-saved')).toBeTruthy();
    answer = { saved: false };
    await fireEvent.click(screen.getByTestId('audit-export'));
    await waitFor(() => expect(api.find('POST /api/v1/desktop/save')).toHaveLength(2));
    await waitFor(() => expect((screen.getByTestId('audit-export') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('audit-export-saved')).toBeNull();
    expect(screen.queryByTestId('audit-export-error')).toBeNull();
  });

  it("shows the download's error in the alert", async () => {
    openInWindow(() => errorResponse(403, 'forbidden', 'you may not export the audit log'));
    await applyFilters();
    await fireEvent.click(screen.getByTestId('audit-export'));
    const alert = await screen.findByTestId('audit-export-error');
    expect(alert.textContent).toContain('Could not export the audit log');
    expect(screen.getByTestId('audit-export-error-message').textContent).toBe('you may not export the audit log');
    expect(screen.queryByTestId('audit-export-saved')).toBeNull();
  });
});

describe('Account page', () => {
  it('lists sessions, marks the current one and ends another', async () => {
    const api = open('#/account', {
      'GET /api/v1/me/sessions': {
        sessions: [
          { id: 's-other', created_at: '2026-11-26T08:00:00Z', last_seen_at: '2026-11-26T09:00:00Z', expires_at: '2026-11-26T20:00:00Z', address: '10.0.0.7', user_agent: 'Tablet', current: false },
          { id: 's-me', created_at: '2026-11-26T10:00:00Z', last_seen_at: '2026-11-26T10:05:00Z', expires_at: '2026-11-26T22:00:00Z', address: '127.0.0.1', user_agent: 'Desk PC', current: true },
        ],
      },
      'DELETE /api/v1/me/sessions/s-other': () => new Response(null, { status: 204 }),
    });
    const current = await screen.findByTestId('session-current');
    expect(current.textContent).toContain('This session');
    expect(within(current).queryByTestId('session-end')).toBeNull();
    expect(screen.getByTestId('account-display-name').textContent).toBe('Alice Chen');
    const other = screen.getByTestId('session-row');
    await fireEvent.click(within(other).getByTestId('session-end'));
    await waitFor(() => expect(screen.queryByTestId('session-row')).toBeNull());
    expect(api.find('DELETE /api/v1/me/sessions/s-other')[0]?.headers.get('X-CSRF-Token')).toBe('csrf-from-me');
  });

  it('keeps the user signed in when the current password is wrong', async () => {
    open('#/account', {
      'GET /api/v1/me/sessions': { sessions: [] },
      'PUT /api/v1/me/password': () => errorResponse(400, 'invalid', 'the current password is wrong'),
    });
    const form = await screen.findByTestId('change-password-form');
    await type(within(form).getByTestId('change-password-current'), 'nope');
    await type(within(form).getByTestId('change-password-new'), 'a new passphrase');
    await type(within(form).getByTestId('change-password-confirm'), 'a new passphrase');
    await fireEvent.click(within(form).getByTestId('change-password-submit'));
    expect((await screen.findByTestId('change-password-error')).textContent).toContain('the current password is wrong');
    expect(screen.getByTestId('account-page')).toBeTruthy();
  });
});

describe('Audit entries', () => {
  it('say so when an entry recorded no field changes', async () => {
    open('#/audit', {
      'GET /api/v1/audit': { entries: [{ ...entry(1), before: undefined, after: undefined }], next_before: '' },
    });
    await fireEvent.click(await screen.findByTestId('audit-expand'));
    expect(screen.getByTestId('audit-detail').textContent).toContain('No field changes recorded.');
  });
});
