// Types and calls of the access API (docs/access.md): setup, sessions,
// the signed-in user, users, roles, permissions, hotels and the audit log.

import {
  del,
  getJSON,
  newIdempotencyKey,
  patchJSON,
  postJSON,
  putJSON,
  type RequestOptions,
} from './client';

/** HotelScope is "all" or a list of hotel ids. */
export type HotelScope = 'all' | string[];

/** Hotel is a property. */
export interface Hotel {
  id: string;
  name: string;
  time_zone: string;
  currency: string;
  created_at?: string;
  updated_at?: string;
}

/** Me is the signed-in user (GET /api/v1/me). */
export interface Me {
  id: string;
  username: string;
  display_name: string;
  email?: string;
  phone?: string;
  roles: string[];
  hotels: HotelScope;
  must_change_password: boolean;
  csrf_token?: string;
}

/** User is a staff account. */
export interface User {
  id: string;
  username: string;
  display_name: string;
  email?: string;
  phone?: string;
  status: 'active' | 'disabled';
  roles: string[];
  hotels: HotelScope;
  must_change_password?: boolean;
  created_at?: string;
  updated_at?: string;
}

/** Role is a named set of permissions. */
export interface Role {
  id: string;
  name: string;
  description: string;
  permissions: string[];
  builtin: boolean;
}

/** PermissionCatalog lists the modules and operations permissions are made of. */
export interface PermissionCatalog {
  modules: string[];
  operations: string[];
}

/** MyPermissions is the body of GET /api/v1/me/permissions. */
export interface MyPermissions {
  permissions: string[];
  hotels: HotelScope;
}

/** SignIn is the body of a successful POST /api/v1/sessions. */
export interface SignIn {
  token: string;
  csrf_token: string;
  expires_at: string;
  idle_timeout_seconds: number;
  must_change_password: boolean;
  user: Me;
}

/** SessionInfo is one of the signed-in user's sessions. */
export interface SessionInfo {
  id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  address: string;
  user_agent: string;
  current: boolean;
}

/** SetupRequest is the body of POST /api/v1/setup. */
export interface SetupRequest {
  hotel: { name: string; time_zone: string; currency: string };
  admin: { username: string; display_name: string; email: string; password: string };
}

/** SetupResult is the answer of POST /api/v1/setup. */
export interface SetupResult {
  hotel: Hotel;
  user: User;
  recovery_phrase: string;
}

/** NewUser is the body of POST /api/v1/users. */
export interface NewUser {
  username: string;
  display_name: string;
  email: string;
  phone: string;
  roles: string[];
  hotels: HotelScope;
  password: string;
}

/** UserChanges is the body of PATCH /api/v1/users/{id}. */
export type UserChanges = Partial<Pick<NewUser, 'display_name' | 'email' | 'phone' | 'roles' | 'hotels'>>;

/** RoleInput is the body of POST /api/v1/roles and PATCH /api/v1/roles/{id}. */
export interface RoleInput {
  name: string;
  description: string;
  permissions: string[];
}

/** AuditEntry is one entry of the audit log. */
export interface AuditEntry {
  id: string;
  node: string;
  seq: number;
  at: string;
  user_id: string;
  username: string;
  address: string;
  action: string;
  entity: string;
  entity_id: string;
  /** Only the changed fields; absent or null when there were none. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

/** AuditPage is the body of GET /api/v1/audit. */
export interface AuditPage {
  entries: AuditEntry[];
  next_before?: string | null;
}

/** AuditFilter holds the filters of the audit log; empty fields are left out. */
export interface AuditFilter {
  user?: string;
  action?: string;
  entity?: string;
  from?: string;
  to?: string;
}

/** ChainReport is the verification result of one desk's chain. */
export interface ChainReport {
  node: string;
  entries: number;
  ok: boolean;
  broken_at: { seq: number; reason: string } | null;
}

/** AuditVerification is the body of GET /api/v1/audit/verify. */
export interface AuditVerification {
  ok: boolean;
  entries: number;
  chains: ChainReport[];
}

const V1 = '/api/v1';
const seg = encodeURIComponent;

// The server may send an empty list as null; the UI always gets arrays.
const list = <T>(v: T[] | null | undefined): T[] => (Array.isArray(v) ? v : []);
const scope = (h: HotelScope | null | undefined): HotelScope => (h === 'all' ? 'all' : list(h));
const asUser = <U extends User | Me>(u: U): U => ({ ...u, roles: list(u.roles), hotels: scope(u.hotels) });
const asRole = (r: Role): Role => ({ ...r, permissions: list(r.permissions) });

export const getSetup = (o?: RequestOptions) => getJSON<{ needed: boolean }>(`${V1}/setup`, o);
export const postSetup = (body: SetupRequest) =>
  postJSON<SetupResult>(`${V1}/setup`, body, { idempotencyKey: newIdempotencyKey() });

/** signIn never reports its 401 as a session end: it is a wrong password. */
export const signIn = (username: string, password: string) =>
  postJSON<SignIn>(`${V1}/sessions`, { username, password }, { quiet: true }).then((r) => ({ ...r, user: asUser(r.user) }));
export const signOut = () => del(`${V1}/sessions/current`, { quiet: true });

export const getMe = (o?: RequestOptions) => getJSON<Me>(`${V1}/me`, o).then(asUser);
export const getMyPermissions = (o?: RequestOptions) =>
  getJSON<MyPermissions>(`${V1}/me/permissions`, o).then((p) => ({ permissions: list(p.permissions), hotels: scope(p.hotels) }));
/**
 * changePassword is quiet: a wrong current password must not look like the
 * end of the session. Callers check the session when it fails with 401.
 */
export const changePassword = (current_password: string, new_password: string) =>
  putJSON<void>(`${V1}/me/password`, { current_password, new_password }, { quiet: true });
export const listMySessions = (o?: RequestOptions) =>
  getJSON<{ sessions: SessionInfo[] }>(`${V1}/me/sessions`, o).then((r) => ({ sessions: list(r.sessions) }));
export const endMySession = (id: string) => del(`${V1}/me/sessions/${seg(id)}`);

export const listUsers = (o?: RequestOptions) =>
  getJSON<{ users: User[] }>(`${V1}/users`, o).then((r) => ({ users: list(r.users).map(asUser) }));
export const createUser = (body: NewUser, idempotencyKey: string) =>
  postJSON<User>(`${V1}/users`, body, { idempotencyKey }).then(asUser);
export const updateUser = (id: string, changes: UserChanges) =>
  patchJSON<User>(`${V1}/users/${seg(id)}`, changes).then(asUser);
export const resetUserPassword = (id: string) =>
  postJSON<{ one_time_code: string }>(`${V1}/users/${seg(id)}/reset-password`);
export const disableUser = (id: string) => postJSON<User | undefined>(`${V1}/users/${seg(id)}/disable`);
export const enableUser = (id: string) => postJSON<User | undefined>(`${V1}/users/${seg(id)}/enable`);

export const getPermissionCatalog = (o?: RequestOptions) =>
  getJSON<PermissionCatalog>(`${V1}/permissions`, o).then((c) => ({ modules: list(c.modules), operations: list(c.operations) }));
export const listRoles = (o?: RequestOptions) =>
  getJSON<{ roles: Role[] }>(`${V1}/roles`, o).then((r) => ({ roles: list(r.roles).map(asRole) }));
export const createRole = (body: RoleInput, idempotencyKey: string) =>
  postJSON<Role>(`${V1}/roles`, body, { idempotencyKey }).then(asRole);
export const updateRole = (id: string, body: RoleInput) => patchJSON<Role>(`${V1}/roles/${seg(id)}`, body).then(asRole);
export const deleteRole = (id: string) => del(`${V1}/roles/${seg(id)}`);

export const listHotels = (o?: RequestOptions) =>
  getJSON<{ hotels: Hotel[] }>(`${V1}/hotels`, o).then((r) => ({ hotels: list(r.hotels) }));

/** auditQuery writes filter (and before, limit) as a query string without the "?". */
export function auditQuery(filter: AuditFilter, extra: { before?: string; limit?: number } = {}): string {
  const q = new URLSearchParams();
  for (const key of ['user', 'action', 'entity', 'from', 'to'] as const) {
    const v = filter[key]?.trim();
    if (v) q.set(key, v);
  }
  if (extra.limit) q.set('limit', String(extra.limit));
  if (extra.before) q.set('before', extra.before);
  return q.toString();
}

export const listAudit = (filter: AuditFilter, before?: string, limit = 50, o?: RequestOptions) =>
  getJSON<AuditPage>(`${V1}/audit?${auditQuery(filter, { before, limit })}`, o).then((p) => ({
    entries: list(p.entries),
    next_before: p.next_before || null,
  }));
export const verifyAudit = (o?: RequestOptions) =>
  getJSON<AuditVerification>(`${V1}/audit/verify`, o).then((v) => ({ ...v, chains: list(v.chains) }));

/** auditExportURL is the address of the CSV export with filter applied. */
export function auditExportURL(filter: AuditFilter): string {
  const q = auditQuery(filter);
  return `${V1}/audit/export.csv${q ? `?${q}` : ''}`;
}
