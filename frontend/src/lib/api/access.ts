// Types and calls of the access API (docs/access.md): setup, sessions,
// the signed-in user, users, roles, permissions, hotels and the audit log.

import { del, getJSON, list, newIdempotencyKey, patchJSON, postJSON, putJSON, v1, withQuery, type RequestOptions } from './client';

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

/**
 * BUILTIN_ROLE_IDS are the roles every install has (the server's built-in
 * roles), which the UI names in the user's language.
 */
export const BUILTIN_ROLE_IDS = ['system_admin', 'hotel_manager', 'front_desk', 'housekeeping', 'accountant', 'auditor'] as const;

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
  /** The action's name in the language the request asked for. */
  action_name: string;
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

// The server may send an empty list as null; the UI always gets arrays.
const scope = (h: HotelScope | null | undefined): HotelScope => (h === 'all' ? 'all' : list(h));
const asUser = <U extends User | Me>(u: U): U => ({ ...u, roles: list(u.roles), hotels: scope(u.hotels) });
const asRole = (r: Role): Role => ({ ...r, permissions: list(r.permissions) });

export const getSetup = (o?: RequestOptions) => getJSON<{ needed: boolean }>(v1`/setup`, o);
export const postSetup = (body: SetupRequest) =>
  postJSON<SetupResult>(v1`/setup`, body, { idempotencyKey: newIdempotencyKey() });

/** signIn never reports its 401 as a session end: it is a wrong password. */
export const signIn = (username: string, password: string) =>
  postJSON<SignIn>(v1`/sessions`, { username, password }, { quiet: true }).then((r) => ({ ...r, user: asUser(r.user) }));
export const signOut = () => del(v1`/sessions/current`, { quiet: true });

export const getMe = (o?: RequestOptions) => getJSON<Me>(v1`/me`, o).then(asUser);
export const getMyPermissions = (o?: RequestOptions) =>
  getJSON<MyPermissions>(v1`/me/permissions`, o).then((p) => ({ permissions: list(p.permissions), hotels: scope(p.hotels) }));
/**
 * changePassword is quiet: a wrong current password must not look like the
 * end of the session. Callers check the session when it fails with 401.
 */
export const changePassword = (current_password: string, new_password: string) =>
  putJSON<void>(v1`/me/password`, { current_password, new_password }, { quiet: true });
export const listMySessions = (o?: RequestOptions) =>
  getJSON<{ sessions: SessionInfo[] }>(v1`/me/sessions`, o).then((r) => ({ sessions: list(r.sessions) }));
export const endMySession = (id: string) => del(v1`/me/sessions/${id}`);

export const listUsers = (o?: RequestOptions) =>
  getJSON<{ users: User[] }>(v1`/users`, o).then((r) => ({ users: list(r.users).map(asUser) }));
export const createUser = (body: NewUser, idempotencyKey: string) =>
  postJSON<User>(v1`/users`, body, { idempotencyKey }).then(asUser);
export const updateUser = (id: string, changes: UserChanges) =>
  patchJSON<User>(v1`/users/${id}`, changes).then(asUser);
export const resetUserPassword = (id: string) =>
  postJSON<{ one_time_code: string }>(v1`/users/${id}/reset-password`);
export const disableUser = (id: string) => postJSON<User | undefined>(v1`/users/${id}/disable`);
export const enableUser = (id: string) => postJSON<User | undefined>(v1`/users/${id}/enable`);

export const getPermissionCatalog = (o?: RequestOptions) =>
  getJSON<PermissionCatalog>(v1`/permissions`, o).then((c) => ({ modules: list(c.modules), operations: list(c.operations) }));
export const listRoles = (o?: RequestOptions) =>
  getJSON<{ roles: Role[] }>(v1`/roles`, o).then((r) => ({ roles: list(r.roles).map(asRole) }));
export const createRole = (body: RoleInput, idempotencyKey: string) =>
  postJSON<Role>(v1`/roles`, body, { idempotencyKey }).then(asRole);
export const updateRole = (id: string, body: RoleInput) => patchJSON<Role>(v1`/roles/${id}`, body).then(asRole);
export const deleteRole = (id: string) => del(v1`/roles/${id}`);

export const listHotels = (o?: RequestOptions) =>
  getJSON<{ hotels: Hotel[] }>(v1`/hotels`, o).then((r) => ({ hotels: list(r.hotels) }));

/** auditParams are the query parameters of filter (and before, limit); empty ones are left out. */
function auditParams(filter: AuditFilter, extra: { before?: string; limit?: number } = {}) {
  const { user, action, entity, from, to } = filter;
  return { user, action, entity, from, to, limit: extra.limit || undefined, before: extra.before };
}

export const listAudit = (filter: AuditFilter, before?: string, limit = 50, o?: RequestOptions) =>
  getJSON<AuditPage>(withQuery(v1`/audit`, auditParams(filter, { before, limit })), o).then((p) => ({
    entries: list(p.entries),
    next_before: p.next_before || null,
  }));
export const verifyAudit = (o?: RequestOptions) =>
  getJSON<AuditVerification>(v1`/audit/verify`, o).then((v) => ({ ...v, chains: list(v.chains) }));

/** auditExportURL is the address of the CSV export with filter applied. */
export function auditExportURL(filter: AuditFilter): string {
  return withQuery(v1`/audit/export.csv`, auditParams(filter));
}
