import { vi } from 'vitest';
import type { Hotel, Me, MyPermissions, PermissionCatalog, Role, User } from '../lib/api/access';
import type { Answer, AnswerOf, HttpMethod, JsonOperationId } from '../lib/api/operations';
import type { paths } from '../lib/api/schema';
import { hotel, jsonResponse } from './fixtures';

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

/** Reply is what a route may answer when the operation answers A: A (sent as JSON), a Response, or a handler giving either. */
type Reply<A> = Exclude<A, undefined> | Response | ((req: FakeRequest) => A | Response | Promise<A | Response>);

type Segments<S extends string> = S extends `${infer Head}/${infer Tail}` ? [Head, ...Segments<Tail>] : [S];

/** SameRoute reports whether the segments of a path fit those of a template, a {placeholder} fitting any one segment. */
type SameRoute<Path extends string[], Template extends string[]> = Path extends [infer P extends string, ...infer PathRest extends string[]]
  ? Template extends [infer T extends string, ...infer TemplateRest extends string[]]
    ? T extends `{${string}}`
      ? SameRoute<PathRest, TemplateRest>
      : P extends T
        ? SameRoute<PathRest, TemplateRest>
        : false
    : false
  : Template extends []
    ? true
    : false;

/** OperationAt is the operation of the OpenAPI document served at method and path (a concrete one, such as /api/v1/rooms/r-101). */
type OperationAt<M extends HttpMethod, Path extends string> = {
  [T in keyof paths & string]: SameRoute<Segments<Path>, Segments<T>> extends true ? Exclude<paths[T][Lowercase<M>], undefined> : never;
}[keyof paths & string];

/**
 * RouteFor is what fakeApi accepts for key "METHOD /path": a Reply typed by
 * the answer of the operation served there, so that a fixture that no
 * longer matches the API (a renamed or removed field, a route that is
 * gone) does not compile. A key that is not a literal takes any FakeRoute.
 */
export type RouteFor<Key extends string> = string extends Key
  ? FakeRoute
  : Key extends `${infer M extends HttpMethod} ${infer Path}`
    ? [OperationAt<M, Path>] extends [never]
      ? never
      : Reply<AnswerOf<OperationAt<M, Path>>>
    : never;

/** Routes are fakeApi's routes keyed "METHOD /path", each typed by RouteFor. */
export type Routes<K extends string> = { [Key in K]: RouteFor<Key> };

/**
 * routes returns r, checked by RouteFor: use it for a set of routes built
 * apart from the fakeApi call that uses them.
 */
export function routes<const K extends string>(r: Routes<K>): Routes<K> {
  return r;
}

/**
 * fakeApi stubs fetch with routes keyed "METHOD /path" (no query), each
 * answering as the API's operation at that route does (see RouteFor).
 * Unknown routes answer 404 with an error envelope. It records every
 * request.
 */
export function fakeApi<const K extends string>(routes: Routes<K>) {
  const calls: FakeRequest[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const req: FakeRequest = { method, path: url.pathname, query: url.searchParams, headers: new Headers(init?.headers), body };
    calls.push(req);
    const route = (routes as Record<string, FakeRoute | undefined>)[`${method} ${url.pathname}`];
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

/**
 * created answers 201 with body, typed as the answer of operation op (the
 * one the route serves), so that the body breaks when the answer changes.
 */
export function created<K extends JsonOperationId>(op: K, body: Answer<K>): Response {
  return new Response(JSON.stringify(body), { status: 201, headers: { 'Content-Type': 'application/json', 'X-Fake-Operation': op } });
}

/** errorResponse builds an API error answer. */
export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export const MODULES = ['hotels', 'rooms', 'housekeeping', 'rates', 'reservations', 'pricing', 'night_audit', 'guests', 'companies', 'billing', 'reports', 'users', 'roles', 'audit', 'settings', 'system'];
export const OPERATIONS = ['view', 'create', 'update', 'delete', 'approve'];
export const CATALOG: PermissionCatalog = { modules: MODULES, operations: OPERATIONS };
export const ALL_PERMISSIONS = MODULES.flatMap((m) => OPERATIONS.map((o) => `${m}.${o}`));
export const FRONT_DESK_PERMISSIONS = [
  'hotels.view',
  'rates.view',
  'rooms.view',
  'rooms.create',
  'rooms.update',
  'housekeeping.view',
  'housekeeping.update',
  'reservations.view',
  'reservations.create',
  'reservations.update',
  'night_audit.approve',
  'guests.view',
  'guests.create',
  'guests.update',
  'companies.view',
  'billing.view',
  'billing.create',
];

/** user builds a staff account as GET /api/v1/users sends it: Alice, the administrator, unless over says otherwise. */
export function user(over: Partial<User> = {}): User {
  return {
    id: 'u-alice',
    username: 'alice',
    display_name: 'Alice Chen',
    email: 'alice@example.com',
    phone: '',
    status: 'active',
    roles: ['system_admin'],
    hotels: 'all',
    must_change_password: false,
    created_at: '2026-11-01T08:00:00Z',
    updated_at: '2026-11-01T08:00:00Z',
    ...over,
  };
}

/** me builds the signed-in user as GET /api/v1/me sends it. */
export function me(over: Partial<Me> = {}): Me {
  return { ...user(), csrf_token: 'csrf-from-me', ...over };
}

export const ADMIN_ME: Me = me();

export const DESK_ME: Me = me({
  id: 'u-bob',
  username: 'bob',
  display_name: 'Bob Li',
  email: '',
  roles: ['front_desk'],
  csrf_token: 'csrf-bob',
});

export const ADMIN_PERMS: MyPermissions = { permissions: ALL_PERMISSIONS, hotels: 'all' };
export const DESK_PERMS: MyPermissions = { permissions: FRONT_DESK_PERMISSIONS, hotels: 'all' };

/** role builds a role as GET /api/v1/roles sends it. */
export function role(over: Partial<Role> & Pick<Role, 'id'>): Role {
  return { name: over.id, description: '', permissions: [], builtin: false, ...over };
}

export const ROLES: Role[] = [
  { id: 'system_admin', name: 'System administrator', description: 'Everything, in every hotel.', permissions: ALL_PERMISSIONS, builtin: true },
  { id: 'front_desk', name: 'Front desk', description: 'Reservations, guests, rooms and taking payments.', permissions: FRONT_DESK_PERMISSIONS, builtin: true },
  { id: 'night_auditor', name: 'Night auditor', description: 'Runs the night audit.', permissions: ['reports.view', 'audit.view'], builtin: false },
];

export const HOTELS: Hotel[] = [hotel(), hotel({ id: 'h-hill', name: 'Hill Lodge' })];

export const USERS: User[] = [
  user(),
  user({ id: 'u-carol', username: 'carol', display_name: 'Carol Wu', email: '', status: 'disabled', roles: ['front_desk'], hotels: ['h-hill'] }),
];

/** signedInRoutes are the routes a signed-in administrator's app calls at start. */
export function signedInRoutes(me: Me = ADMIN_ME, perms: MyPermissions = ADMIN_PERMS) {
  return routes({
    'GET /api/v1/setup': { needed: false },
    'GET /api/v1/me': me,
    'GET /api/v1/me/permissions': perms,
    'GET /api/v1/health': { status: 'ok' },
    'GET /api/v1/system/health': {
      status: 'ok',
      version: '0.1.0',
      mode: 'serve',
      node_id: 'a1b2c3d4e5f60718',
      data_dir: '/d',
      started_at: '2026-11-26T10:00:00Z',
      store: { file: '/d/innkeep.db', size_bytes: 1, schema_version: 1, documents: { total: 0, by_kind: {} } },
      disk: { free_bytes: 50 * 1024 ** 3, total_bytes: 200 * 1024 ** 3, low: false, write_failed_full: false },
      replication: { refusals: [] },
    },
  });
}
