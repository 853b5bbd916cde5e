import { vi } from 'vitest';
import type { Me, MyPermissions, PermissionCatalog, Role, User } from '../lib/api/access';
import { jsonResponse } from './fixtures';

/** FakeRequest is what a route handler of fakeApi sees. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

/** A route answers with a Response, or with a value sent as a 200 JSON body. */
export type FakeRoute = ((req: FakeRequest) => unknown) | object;

/**
 * fakeApi stubs fetch with routes keyed "METHOD /path" (no query). Unknown
 * routes answer 404 with an error envelope. It records every request.
 */
export function fakeApi(routes: Record<string, FakeRoute>) {
  const calls: FakeRequest[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const req: FakeRequest = { method, path: url.pathname, query: url.searchParams, headers: new Headers(init?.headers), body };
    calls.push(req);
    const route = routes[`${method} ${url.pathname}`];
    if (route === undefined) {
      return jsonResponse({ error: { code: 'not_found', message: `no route ${method} ${url.pathname}` } }, 404);
    }
    const out = typeof route === 'function' ? await (route as (r: FakeRequest) => unknown)(req) : route;
    if (out instanceof Response) return out;
    if (out === undefined) return new Response(null, { status: 204 });
    return jsonResponse(out);
  });
  vi.stubGlobal('fetch', fetch);
  return {
    fetch,
    calls,
    /** find returns the requests made to "METHOD /path". */
    find: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key),
  };
}

/** errorResponse builds an API error answer. */
export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export const MODULES = ['hotels', 'rooms', 'rates', 'reservations', 'guests', 'billing', 'reports', 'users', 'roles', 'audit', 'settings', 'system'];
export const OPERATIONS = ['view', 'create', 'update', 'delete', 'approve'];
export const CATALOG: PermissionCatalog = { modules: MODULES, operations: OPERATIONS };
export const ALL_PERMISSIONS = MODULES.flatMap((m) => OPERATIONS.map((o) => `${m}.${o}`));
export const FRONT_DESK_PERMISSIONS = [
  'hotels.view',
  'rates.view',
  'rooms.view',
  'rooms.create',
  'rooms.update',
  'reservations.view',
  'reservations.create',
  'reservations.update',
  'guests.view',
  'guests.create',
  'guests.update',
  'billing.view',
  'billing.create',
];

export const ADMIN_ME: Me = {
  id: 'u-alice',
  username: 'alice',
  display_name: 'Alice Chen',
  email: 'alice@example.com',
  phone: '',
  roles: ['system_admin'],
  hotels: 'all',
  must_change_password: false,
  csrf_token: 'csrf-from-me',
};

export const DESK_ME: Me = {
  id: 'u-bob',
  username: 'bob',
  display_name: 'Bob Li',
  roles: ['front_desk'],
  hotels: 'all',
  must_change_password: false,
  csrf_token: 'csrf-bob',
};

export const ADMIN_PERMS: MyPermissions = { permissions: ALL_PERMISSIONS, hotels: 'all' };
export const DESK_PERMS: MyPermissions = { permissions: FRONT_DESK_PERMISSIONS, hotels: 'all' };

export const ROLES: Role[] = [
  { id: 'system_admin', name: 'System administrator', description: 'Everything, in every hotel.', permissions: ALL_PERMISSIONS, builtin: true },
  { id: 'front_desk', name: 'Front desk', description: 'Reservations, guests, rooms and taking payments.', permissions: FRONT_DESK_PERMISSIONS, builtin: true },
  { id: 'night_auditor', name: 'Night auditor', description: 'Runs the night audit.', permissions: ['reports.view', 'audit.view'], builtin: false },
];

export const HOTELS = [
  { id: 'h-harbour', name: 'Harbour Inn', time_zone: 'Asia/Shanghai', currency: 'CNY' },
  { id: 'h-hill', name: 'Hill Lodge', time_zone: 'Asia/Shanghai', currency: 'CNY' },
];

export const USERS: User[] = [
  { id: 'u-alice', username: 'alice', display_name: 'Alice Chen', status: 'active', roles: ['system_admin'], hotels: 'all' },
  { id: 'u-carol', username: 'carol', display_name: 'Carol Wu', status: 'disabled', roles: ['front_desk'], hotels: ['h-hill'] },
];

/** signedInRoutes are the routes a signed-in administrator's app calls at start. */
export function signedInRoutes(me: Me = ADMIN_ME, perms: MyPermissions = ADMIN_PERMS): Record<string, FakeRoute> {
  return {
    'GET /api/v1/setup': { needed: false },
    'GET /api/v1/me': me,
    'GET /api/v1/me/permissions': perms,
    'GET /api/v1/health': {
      status: 'ok',
      version: '0.1.0',
      mode: 'serve',
      node_id: 'a1b2c3d4e5f60718',
      data_dir: '/d',
      started_at: '2026-11-26T10:00:00Z',
      store: { file: '/d/innkeep.db', size_bytes: 1, schema_version: 1, documents: { total: 0, by_kind: {} } },
    },
  };
}
