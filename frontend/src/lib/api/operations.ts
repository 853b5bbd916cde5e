// The operations of the REST API by their operationId, typed from the
// generated OpenAPI types (schema.d.ts, made by `make api-types`): where each
// one lives (OPERATIONS) and what it takes and answers (PathParams,
// QueryParams, RequestBody, Answer). client.ts's call sends them.

import type { components, operations, paths } from './schema';

/** Schemas are the named types of the API: inputs (`…Input`, `…Patch`) and answers. */
export type Schemas = components['schemas'];

/** OperationId names an operation of the API (getAvailability, book…). */
export type OperationId = keyof operations;

/** HttpMethod is a method an operation is served with. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * RouteOf is every [method, path] of the document whose operation has the
 * shape of operations[K]: a table entry that names another route, or a
 * route whose input or answer differs, does not compile.
 */
type RouteOf<K extends OperationId> = {
  [P in keyof paths]: {
    [M in HttpMethod]: paths[P][Lowercase<M>] extends operations[K] ? readonly [M, P] : never;
  }[HttpMethod];
}[keyof paths];

/**
 * OPERATIONS gives the method and path of each operation that takes and
 * answers JSON (photos and CSV exports have their own helpers). The types
 * check each entry against the generated paths, and operations.test.ts
 * checks the whole table against openapi.json.
 */
export const OPERATIONS = {
  listAudit: ['GET', '/api/v1/audit'],
  verifyAudit: ['GET', '/api/v1/audit/verify'],
  deleteCompany: ['DELETE', '/api/v1/companies/{id}'],
  getCompany: ['GET', '/api/v1/companies/{id}'],
  updateCompany: ['PATCH', '/api/v1/companies/{id}'],
  archiveCompany: ['POST', '/api/v1/companies/{id}/archive'],
  unarchiveCompany: ['POST', '/api/v1/companies/{id}/unarchive'],
  loadDemo: ['POST', '/api/v1/demo'],
  saveDownload: ['POST', '/api/v1/desktop/save'],
  listGuests: ['GET', '/api/v1/guests'],
  createGuest: ['POST', '/api/v1/guests'],
  getGuest: ['GET', '/api/v1/guests/{id}'],
  updateGuest: ['PATCH', '/api/v1/guests/{id}'],
  mergeGuest: ['POST', '/api/v1/guests/{id}/merge'],
  listGuestStays: ['GET', '/api/v1/guests/{id}/stays'],
  getHealth: ['GET', '/api/v1/health'],
  // Groups and blocks (groups.ts).
  listGroups: ['GET', '/api/v1/hotels/{id}/groups'],
  getGroup: ['GET', '/api/v1/groups/{id}'],
  updateGroup: ['PATCH', '/api/v1/groups/{id}'],
  checkInGroup: ['POST', '/api/v1/groups/{id}/check-in'],
  quoteGroupCancel: ['POST', '/api/v1/groups/{id}/cancel-quote'],
  cancelGroup: ['POST', '/api/v1/groups/{id}/cancel'],
  quoteGroupMove: ['POST', '/api/v1/groups/{id}/move-quote'],
  moveGroup: ['POST', '/api/v1/groups/{id}/move'],
  listBlocks: ['GET', '/api/v1/hotels/{id}/blocks'],
  createBlock: ['POST', '/api/v1/hotels/{id}/blocks'],
  getBlock: ['GET', '/api/v1/blocks/{id}'],
  updateBlock: ['PATCH', '/api/v1/blocks/{id}'],
  releaseBlock: ['POST', '/api/v1/blocks/{id}/release'],
  deleteBlock: ['DELETE', '/api/v1/blocks/{id}'],
  checkSystem: ['GET', '/api/v1/system/check'],
  listHotels: ['GET', '/api/v1/hotels'],
  createHotel: ['POST', '/api/v1/hotels'],
  getHotel: ['GET', '/api/v1/hotels/{id}'],
  updateHotel: ['PATCH', '/api/v1/hotels/{id}'],
  getAvailability: ['GET', '/api/v1/hotels/{id}/availability'],
  listCompanies: ['GET', '/api/v1/hotels/{id}/companies'],
  createCompany: ['POST', '/api/v1/hotels/{id}/companies'],
  getConflicts: ['GET', '/api/v1/hotels/{id}/conflicts'],
  newConfirmationCode: ['POST', '/api/v1/reservations/{id}/new-code'],
  setInventory: ['PUT', '/api/v1/hotels/{id}/inventory'],
  nightAudit: ['POST', '/api/v1/hotels/{id}/night-audit'],
  getRateCalendar: ['GET', '/api/v1/hotels/{id}/rate-calendar'],
  setRateCalendar: ['PUT', '/api/v1/hotels/{id}/rate-calendar'],
  listRatePlans: ['GET', '/api/v1/hotels/{id}/rate-plans'],
  createRatePlan: ['POST', '/api/v1/hotels/{id}/rate-plans'],
  listRoomTypes: ['GET', '/api/v1/hotels/{id}/room-types'],
  createRoomType: ['POST', '/api/v1/hotels/{id}/room-types'],
  listRooms: ['GET', '/api/v1/hotels/{id}/rooms'],
  createRoom: ['POST', '/api/v1/hotels/{id}/rooms'],
  createRooms: ['POST', '/api/v1/hotels/{id}/rooms/bulk'],
  getTapeChart: ['GET', '/api/v1/hotels/{id}/tape-chart'],
  getMe: ['GET', '/api/v1/me'],
  changeMyPassword: ['PUT', '/api/v1/me/password'],
  getMyPermissions: ['GET', '/api/v1/me/permissions'],
  listMySessions: ['GET', '/api/v1/me/sessions'],
  endMySession: ['DELETE', '/api/v1/me/sessions/{id}'],
  getOpenAPI: ['GET', '/api/v1/openapi.json'],
  getPermissionCatalogue: ['GET', '/api/v1/permissions'],
  deleteRatePlan: ['DELETE', '/api/v1/rate-plans/{id}'],
  getRatePlan: ['GET', '/api/v1/rate-plans/{id}'],
  updateRatePlan: ['PATCH', '/api/v1/rate-plans/{id}'],
  listReservations: ['GET', '/api/v1/reservations'],
  book: ['POST', '/api/v1/reservations'],
  getReservation: ['GET', '/api/v1/reservations/{id}'],
  modifyReservation: ['PATCH', '/api/v1/reservations/{id}'],
  assignRoom: ['POST', '/api/v1/reservations/{id}/assign'],
  cancelReservation: ['POST', '/api/v1/reservations/{id}/cancel'],
  previewCancellation: ['GET', '/api/v1/reservations/{id}/cancellation-fee'],
  checkIn: ['POST', '/api/v1/reservations/{id}/check-in'],
  checkOut: ['POST', '/api/v1/reservations/{id}/check-out'],
  confirmReservation: ['POST', '/api/v1/reservations/{id}/confirm'],
  quoteModification: ['POST', '/api/v1/reservations/{id}/modify-quote'],
  adjustPrice: ['POST', '/api/v1/reservations/{id}/price'],
  quotePrice: ['POST', '/api/v1/reservations/{id}/price-quote'],
  quoteBookingPrice: ['POST', '/api/v1/hotels/{id}/price-quote'],
  noShow: ['POST', '/api/v1/reservations/{id}/no-show'],
  reinstateReservation: ['POST', '/api/v1/reservations/{id}/reinstate'],
  listRoles: ['GET', '/api/v1/roles'],
  createRole: ['POST', '/api/v1/roles'],
  deleteRole: ['DELETE', '/api/v1/roles/{id}'],
  getRole: ['GET', '/api/v1/roles/{id}'],
  updateRole: ['PATCH', '/api/v1/roles/{id}'],
  deleteRoomType: ['DELETE', '/api/v1/room-types/{id}'],
  getRoomType: ['GET', '/api/v1/room-types/{id}'],
  updateRoomType: ['PATCH', '/api/v1/room-types/{id}'],
  deleteRoomTypePhoto: ['DELETE', '/api/v1/room-types/{id}/photos/{photo}'],
  deleteRoom: ['DELETE', '/api/v1/rooms/{id}'],
  getRoom: ['GET', '/api/v1/rooms/{id}'],
  updateRoom: ['PATCH', '/api/v1/rooms/{id}'],
  setHousekeeping: ['POST', '/api/v1/rooms/{id}/housekeeping'],
  addOutOfOrder: ['POST', '/api/v1/rooms/{id}/out-of-order'],
  removeOutOfOrder: ['DELETE', '/api/v1/rooms/{id}/out-of-order/{oid}'],
  login: ['POST', '/api/v1/sessions'],
  logout: ['DELETE', '/api/v1/sessions/current'],
  getSetup: ['GET', '/api/v1/setup'],
  setup: ['POST', '/api/v1/setup'],
  getSystemHealth: ['GET', '/api/v1/system/health'],
  listUsers: ['GET', '/api/v1/users'],
  createUser: ['POST', '/api/v1/users'],
  getUser: ['GET', '/api/v1/users/{id}'],
  updateUser: ['PATCH', '/api/v1/users/{id}'],
  disableUser: ['POST', '/api/v1/users/{id}/disable'],
  enableUser: ['POST', '/api/v1/users/{id}/enable'],
  resetPassword: ['POST', '/api/v1/users/{id}/reset-password'],
} as const satisfies { [K in OperationId]?: RouteOf<K> };

/** JsonOperationId names an operation that call can send (one in OPERATIONS). */
export type JsonOperationId = keyof typeof OPERATIONS;

type Op<K extends OperationId> = operations[K];

/** JsonContent is the application/json content of a body or response; undefined when it has none. */
type JsonContent<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;

/** PathParams are the values of the path's {placeholders}; undefined when it has none. */
export type PathParams<K extends OperationId> = Op<K>['parameters']['path'];

/** QueryParams are the query parameters of K (all optional); never when it takes none. */
export type QueryParams<K extends OperationId> = NonNullable<Op<K>['parameters']['query']>;

/** RequestBody is the JSON body K takes; undefined when it takes none. */
export type RequestBody<K extends OperationId> = JsonContent<NonNullable<Op<K>['requestBody']>>;

type Success<R> = R extends { 200: infer A } ? A : R extends { 201: infer A } ? A : R extends { 204: infer A } ? A : never;

/** AnswerOf is the JSON body of the success response of operation O (an entry of operations); undefined for a 204. */
export type AnswerOf<O extends { responses: unknown }> = JsonContent<Success<O['responses']>>;

/** Answer is the JSON body of K's success response; undefined for a 204. */
export type Answer<K extends OperationId> = AnswerOf<Op<K>>;

type PathArg<K extends OperationId> = [PathParams<K>] extends [undefined] ? unknown : { path: PathParams<K> };
type QueryArg<K extends OperationId> = [QueryParams<K>] extends [never] ? unknown : { query?: QueryParams<K> };
type BodyArg<K extends OperationId> = [Op<K>['requestBody']] extends [undefined]
  ? unknown
  : undefined extends Op<K>['requestBody']
    ? { body?: RequestBody<K> }
    : { body: RequestBody<K> };

/**
 * CallArgs is what call needs for K: path (when the path has placeholders),
 * query (when K takes any) and body (when K takes one; optional when the
 * document says so).
 */
export type CallArgs<K extends OperationId> = PathArg<K> & QueryArg<K> & BodyArg<K>;

/**
 * enumValues lists the values of a string enum of the contract (such as
 * Schemas['Reservation']['status']) in the order all names them. all must
 * name every value and nothing else, so a value the server adds, renames
 * or drops fails to compile.
 */
export function enumValues<T extends string>(all: { readonly [V in T]: true }): readonly T[] {
  return Object.keys(all) as T[];
}

/**
 * Filled is T with every field present and none null: what a form fills in
 * before it sends an input schema, whose fields are all optional.
 */
export type Filled<T> = { [K in keyof T]-?: NonNullable<T[K]> };
