// Types and calls of the booking API (docs/booking.md): availability,
// reservations and their life cycle, the tape chart, conflicts, the night
// audit and the demo hotel.

import { call, newUUID, type RequestOptions } from './client';
import { enumValues, type QueryParams, type Schemas } from './operations';

type S = Schemas;

/** NightPrice is the price of one night. */
export type NightPrice = S['NightPrice'];

/**
 * REASONS are the codes that say why a room type or plan is not bookable,
 * as the UI names them. The contract sends reasons as plain strings, so a
 * code missing here is shown as it is.
 */
export const REASONS = ['sold_out', 'capacity', 'min_stay', 'max_stay', 'closed_to_arrival', 'closed_to_departure', 'stop_sell'] as const;

export type PlanAvailability = S['PlanAvailability'];
export type TypeAvailability = S['TypeAvailability'];

/** Availability is the body of GET /api/v1/hotels/{id}/availability. */
export type Availability = S['Availability'];

/** AvailabilityQuery is the search: the stay and the party, and a room type to look at alone. */
export type AvailabilityQuery = QueryParams<'getAvailability'>;

/** Status is the state of a reservation. */
export type Status = S['Reservation']['status'];

/** STATUSES are the states of a reservation, in the order of its life. */
export const STATUSES = enumValues<Status>({
  tentative: true,
  confirmed: true,
  checked_in: true,
  checked_out: true,
  cancelled: true,
  no_show: true,
});

/** isStatus reports whether s is a reservation status (for a status read from an address or a tape chart). */
export function isStatus(s: string | null | undefined): s is Status {
  return (STATUSES as readonly (string | null | undefined)[]).includes(s);
}

/** Channel is where a booking comes from (the contract's enum, without the empty default). */
export type Channel = Exclude<S['Source']['channel'], ''>;

/** CHANNELS are where a booking comes from, as the booking flow offers them. */
export const CHANNELS = enumValues<Channel>({ walk_in: true, phone: true, email: true, website: true, ota: true });

export type Source = S['Source'];
export type RoomMove = S['RoomMove'];
export type Reservation = S['Reservation'];

/** RoomRequest is one room of a booking. */
export type RoomRequest = S['RoomRequestInput'];

/** BookingInput is the body of POST /api/v1/reservations. */
export type BookingInput = S['BookingInput'];

/** BookingStatus is the status a new booking asks for. */
export type BookingStatus = Extract<Status, 'confirmed' | 'tentative'>;

export type BookingResult = S['BookingResult'];

/** ReservationPatch is the body of PATCH /api/v1/reservations/{id}. */
export type ReservationPatch = S['ReservationPatch'];

export type Modified = S['Modified'];
export type CancellationQuote = S['CancellationQuote'];
export type TapeBlock = S['TapeBlock'];
export type TapeRoom = S['TapeRoom'];
export type RoomConflict = S['RoomConflict'];

/** TapeChart is the body of GET /api/v1/hotels/{id}/tape-chart. */
export type TapeChart = S['TapeChart'];

export type NightAuditResult = S['NightAuditResult'];

export const getAvailability = (hotelID: string, query: AvailabilityQuery, o?: RequestOptions) =>
  call('getAvailability', { path: { id: hotelID }, query }, o);

/**
 * book sends a booking. idempotencyKey names the attempt: sending the same
 * attempt twice (a double click, a retry after a lost answer) books once.
 */
export const book = (body: BookingInput, idempotencyKey: string) => call('book', { body }, { idempotencyKey });

/** ReservationFilter is the search of GET /api/v1/reservations; empty fields are left out. */
export type ReservationFilter = QueryParams<'listReservations'>;

/** ReservationPage is a page of reservations and the cursor of the next ("" on the last). */
export type ReservationPage = S['ReservationPage'];

export const listReservations = (f: ReservationFilter, o?: RequestOptions) => pageReservations(f, o).then((r) => r.reservations);
/** pageReservations answers one page; give its next back as f.cursor for the one after. */
export const pageReservations = (f: ReservationFilter, o?: RequestOptions) =>
  call('listReservations', { query: { ...f, limit: f.limit || undefined, cursor: f.cursor || undefined } }, o);
export const getReservation = (id: string, o?: RequestOptions) => call('getReservation', { path: { id } }, o);
export const modifyReservation = (id: string, body: ReservationPatch) => call('modifyReservation', { path: { id }, body });
/** quoteModification answers what modifyReservation would do, per night the price before and after, and saves nothing. */
export const quoteModification = (id: string, body: ReservationPatch) => call('quoteModification', { path: { id }, body });
export const getCancellationFee = (id: string, o?: RequestOptions) => call('previewCancellation', { path: { id } }, o);
export const cancelReservation = (id: string, reason: string, expected_fee: number) =>
  call('cancelReservation', { path: { id }, body: { reason, expected_fee } });
export const confirmReservation = (id: string) => call('confirmReservation', { path: { id } });
export const assignRoom = (id: string, room_id: string, reason = '') => call('assignRoom', { path: { id }, body: { room_id, reason } });
export function checkIn(id: string, room_id = '', override_reason = ''): Promise<Reservation> {
  const body: S['CheckInInput'] = {};
  if (room_id) body.room_id = room_id;
  if (override_reason.trim()) body.override_reason = override_reason.trim();
  return call('checkIn', { path: { id }, body });
}
export const checkOut = (id: string) => call('checkOut', { path: { id } });
export const markNoShow = (id: string) => call('noShow', { path: { id } });

/** Fee is one entry of a reservation's fees: a cancellation, no-show or change fee, or (waives set) the reversal of one. */
export type Fee = S['Fee'];
export type ChangeFeeQuote = S['ChangeFeeQuote'];
export type Reinstated = S['Reinstated'];
/** reinstateReservation puts a cancelled or no-show stay back, waiving its fee; reason is required. */
export const reinstateReservation = (id: string, reason: string) => call('reinstateReservation', { path: { id }, body: { reason } });

export const getTapeChart = (hotelID: string, from: string, to: string, o?: RequestOptions) =>
  call('getTapeChart', { path: { id: hotelID }, query: { from, to } }, o);

export const runNightAudit = (hotelID: string, business_date: string) =>
  call('nightAudit', { path: { id: hotelID }, body: { business_date } });

export const loadDemo = () => call('loadDemo', {}, { idempotencyKey: newUUID() });

/** HOLDING_STATUSES are the states in which a reservation holds inventory. */
const HOLDING_STATUSES: readonly Status[] = ['tentative', 'confirmed', 'checked_in'];

/**
 * holdsRoom reports whether a reservation in status holds inventory. It
 * takes any string: a tape chart block's status is one (see TapeBlock).
 */
export function holdsRoom(status: string): boolean {
  return (HOLDING_STATUSES as readonly string[]).includes(status);
}


/** Conflicts are the double bookings and the rules a merge of desks' work broke (GET …/conflicts). */
export type Conflicts = S['Conflicts'];
export type RuleConflict = S['RuleConflict'];
/** RULES are the rules a merge of desks' work can break (RuleConflict.rule). */
export const RULES = enumValues<RuleConflict['rule']>({
  room_number: true,
  room_type_code: true,
  username: true,
  confirmation_code: true,
  no_administrator: true,
});
/** BROKEN_REASONS are why a reservation's merged state breaks its rules (BrokenReservation.reason). */
export const BROKEN_REASONS = enumValues<S['BrokenReservation']['reason']>({
  dates: true,
  nights: true,
  total: true,
  in_house_no_room: true,
  in_house_before_arrival: true,
  stayed_with_no_show_fee: true,
  arrived_not_in_house: true,
});
export const getConflicts = (hotelID: string, o?: RequestOptions) => call('getConflicts', { path: { id: hotelID }, query: {} }, o);
export const newConfirmationCode = (id: string) => call('newConfirmationCode', { path: { id } });
