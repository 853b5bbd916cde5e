// Types and calls of the access API (docs/access.md): setup, sessions,
// the signed-in user, users, roles, permissions, hotels and the audit log.

import { call, newIdempotencyKey, v1, withQuery, type RequestOptions } from './client';
import type { QueryParams, Schemas } from './operations';

type S = Schemas;

/** HotelScope is "all" or a list of hotel ids. */
export type HotelScope = S['Me']['hotels'];

/** Hotel is a property, with its details and business date. */
export type Hotel = S['Hotel'];

/** Me is the signed-in user (GET /api/v1/me). */
export type Me = S['Me'];

/** User is a staff account. */
export type User = S['UserView'];

/**
 * BUILTIN_ROLE_IDS are the roles every install has (the server's built-in
 * roles), which the UI names in the user's language.
 */
export const BUILTIN_ROLE_IDS = ['system_admin', 'hotel_manager', 'front_desk', 'housekeeping', 'accountant', 'auditor'] as const;

/** Role is a named set of permissions. */
export type Role = S['Role'];

/** PermissionCatalog lists the modules and operations permissions are made of. */
export type PermissionCatalog = S['catalogueBody'];

/** MyPermissions is the body of GET /api/v1/me/permissions. */
export type MyPermissions = S['permissionsBody'];

/** SignIn is the body of a successful POST /api/v1/sessions. */
export type SignIn = S['LoginResult'];

/** SessionInfo is one of the signed-in user's sessions. */
export type SessionInfo = S['SessionView'];

/** SetupRequest is the body of POST /api/v1/setup. */
export type SetupRequest = S['SetupInput'];

/** SetupResult is the answer of POST /api/v1/setup. */
export type SetupResult = S['SetupResult'];

/** NewUser is the body of POST /api/v1/users. */
export type NewUser = S['UserInput'];

/** UserChanges is the body of PATCH /api/v1/users/{id}. */
export type UserChanges = S['UserPatch'];

/** RoleInput is the body of POST /api/v1/roles. */
export type RoleInput = S['RoleInput'];

/** RoleChanges is the body of PATCH /api/v1/roles/{id}. */
export type RoleChanges = S['RolePatch'];

/** AuditEntry is one entry of the audit log; before and after hold only the changed fields. */
export type AuditEntry = S['auditEntryView'];

/** AuditPage is the body of GET /api/v1/audit; next_before is "" on the last page. */
export type AuditPage = S['auditPageBody'];

/** AuditFilter holds the filters of the audit log; empty fields are left out. */
export type AuditFilter = Pick<QueryParams<'listAudit'>, 'user' | 'action' | 'entity' | 'from' | 'to'>;

/** ChainReport is the verification result of one desk's chain. */
export type ChainReport = S['Chain'];

/** AuditVerification is the body of GET /api/v1/audit/verify. */
export type AuditVerification = S['Report'];

export const getSetup = (o?: RequestOptions) => call('getSetup', {}, o);
export const postSetup = (body: SetupRequest) => call('setup', { body }, { idempotencyKey: newIdempotencyKey() });

/** signIn never reports its 401 as a session end: it is a wrong password. */
export const signIn = (username: string, password: string) => call('login', { body: { username, password } }, { quiet: true });
export const signOut = () => call('logout', {}, { quiet: true });

export const getMe = (o?: RequestOptions) => call('getMe', {}, o);
export const getMyPermissions = (o?: RequestOptions) => call('getMyPermissions', {}, o);
/**
 * changePassword is quiet: a wrong current password must not look like the
 * end of the session. Callers check the session when it fails with 401.
 */
export const changePassword = (current_password: string, new_password: string) =>
  call('changeMyPassword', { body: { current_password, new_password } }, { quiet: true });
export const listMySessions = (o?: RequestOptions) => call('listMySessions', {}, o);
export const endMySession = (id: string) => call('endMySession', { path: { id } });

export const listUsers = (o?: RequestOptions) => call('listUsers', {}, o);
export const createUser = (body: NewUser, idempotencyKey: string) => call('createUser', { body }, { idempotencyKey });
export const updateUser = (id: string, body: UserChanges) => call('updateUser', { path: { id }, body });
export const resetUserPassword = (id: string) => call('resetPassword', { path: { id } });
export const disableUser = (id: string) => call('disableUser', { path: { id } });
export const enableUser = (id: string) => call('enableUser', { path: { id } });

export const getPermissionCatalog = (o?: RequestOptions) => call('getPermissionCatalogue', {}, o);
export const listRoles = (o?: RequestOptions) => call('listRoles', {}, o);
export const createRole = (body: RoleInput, idempotencyKey: string) => call('createRole', { body }, { idempotencyKey });
export const updateRole = (id: string, body: RoleChanges) => call('updateRole', { path: { id }, body });
export const deleteRole = (id: string) => call('deleteRole', { path: { id } });

export const listHotels = (o?: RequestOptions) => call('listHotels', {}, o);

/** auditParams are the query parameters of filter (and before, limit); empty ones are left out. */
function auditParams(filter: AuditFilter, extra: { before?: string; limit?: number } = {}): QueryParams<'listAudit'> {
  const { user, action, entity, from, to } = filter;
  return { user, action, entity, from, to, limit: extra.limit || undefined, before: extra.before };
}

export const listAudit = (filter: AuditFilter, before?: string, limit = 50, o?: RequestOptions) =>
  call('listAudit', { query: auditParams(filter, { before, limit }) }, o);
export const verifyAudit = (o?: RequestOptions) => call('verifyAudit', {}, o);

/** auditExportURL is the address of the CSV export with filter applied. */
export function auditExportURL(filter: AuditFilter): string {
  return withQuery(v1`/audit/export.csv`, auditParams(filter));
}
