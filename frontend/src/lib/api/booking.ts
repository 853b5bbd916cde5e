// Types and calls of the booking API (docs/booking.md): availability,
// reservations and their life cycle, the tape chart, conflicts, the night
// audit and the demo hotel.

import { getJSON, list, newUUID, patchJSON, postJSON, v1, withQuery, type RequestOptions } from './client';
import type { GuestInput } from './guests';
import type { CancellationPolicy, HotelInfo, OutOfOrder, RoomType } from './property';

/** NightPrice is the price of one night. */
export interface NightPrice {
  date: string;
  price: number;
}

/** REASONS are the codes that say why a room type or plan is not bookable. */
export const REASONS = ['sold_out', 'capacity', 'min_stay', 'max_stay', 'closed_to_arrival', 'closed_to_departure', 'stop_sell'] as const;

export interface PlanAvailability {
  rate_plan_id: string;
  name: string;
  bookable: boolean;
  reasons: string[];
  nights: NightPrice[];
  total: number;
}

export interface TypeAvailability {
  room_type: RoomType;
  available: number;
  bookable: boolean;
  reasons: string[];
  rate_plans: PlanAvailability[];
}

/** Availability is the body of GET /api/v1/hotels/{id}/availability. */
export interface Availability {
  check_in: string;
  check_out: string;
  nights: number;
  currency: string;
  room_types: TypeAvailability[];
}

export interface AvailabilityQuery {
  check_in: string;
  check_out: string;
  adults: number;
  children: number;
  room_type?: string;
}

/** STATUSES are the states of a reservation. */
export const STATUSES = ['tentative', 'confirmed', 'checked_in', 'checked_out', 'cancelled', 'no_show'] as const;
export type Status = (typeof STATUSES)[number];

/** CHANNELS are where a booking comes from. */
export const CHANNELS = ['walk_in', 'phone', 'email', 'website', 'ota'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface Source {
  channel: Channel;
  ota?: string;
}

export interface RoomMove {
  room_id: string;
  from: string;
  at: string;
  by: string;
  reason?: string;
  /** A reason the system gave, to show in the reader's language. */
  reason_key?: 'booking.moved_with_reservation';
}

export interface Reservation {
  id: string;
  hotel_id: string;
  code: string;
  status: Status;
  room_type_id: string;
  room_id: string;
  rate_plan_id: string;
  check_in: string;
  check_out: string;
  adults: number;
  children: number;
  guest_id: string;
  guest_name: string;
  guest_phone?: string;
  special_requests: string;
  source: Source;
  nights: NightPrice[];
  total: number;
  currency: string;
  hold_until?: string;
  room_history: RoomMove[];
  cancellation: { at: string; fee: number; reason?: string } | null;
  checked_in_at?: string;
  checked_out_at?: string;
  created_at: string;
  updated_at: string;
}

export interface RoomRequest {
  room_type_id: string;
  rate_plan_id: string;
  adults: number;
  children: number;
  room_id?: string;
}

/** BookingInput is the body of POST /api/v1/reservations. */
export interface BookingInput {
  hotel_id: string;
  rooms: RoomRequest[];
  check_in: string;
  check_out: string;
  guest: { id: string } | GuestInput;
  special_requests: string;
  source: Source;
  status: 'confirmed' | 'tentative';
  hold_minutes?: number;
  walk_in: boolean;
}

export interface BookingResult {
  code: string;
  reservations: Reservation[];
}

export interface ReservationPatch {
  check_in?: string;
  check_out?: string;
  room_type_id?: string;
  rate_plan_id?: string;
  room_id?: string;
  adults?: number;
  children?: number;
  special_requests?: string;
}

export interface Modified {
  reservation: Reservation;
  difference: number;
}

export interface CancellationQuote {
  fee: number;
  free_until: string;
  policy: CancellationPolicy;
  currency: string;
}

export interface TapeBlock {
  reservation_id: string;
  code: string;
  guest_name: string;
  status: Status;
  room_type_id?: string;
  check_in: string;
  check_out: string;
  from: string;
  to: string;
  conflict: boolean;
}

export interface TapeRoom {
  id: string;
  number: string;
  floor: number;
  room_type_id: string;
  housekeeping: string;
  blocks: TapeBlock[];
  out_of_order: OutOfOrder[];
}

export interface RoomConflict {
  room_id: string;
  date: string;
  reservations: string[];
}

/** TapeChart is the body of GET /api/v1/hotels/{id}/tape-chart. */
export interface TapeChart {
  from: string;
  to: string;
  dates: string[];
  rooms: TapeRoom[];
  unassigned: TapeBlock[];
  conflicts: RoomConflict[];
  room_types: { id: string; code: string; name: string }[];
}

export interface NightAuditResult {
  business_date: string;
  new_business_date: string;
  already_done: boolean;
  no_shows: Reservation[];
  due_out: Reservation[];
  in_house: number;
}


/** asReservation gives a reservation from the server arrays where it may send null. */
export const asReservation = (r: Reservation): Reservation => ({
  ...r,
  nights: list(r.nights),
  room_history: list(r.room_history),
  source: r.source ?? { channel: 'phone' },
  cancellation: r.cancellation ?? null,
});

export const getAvailability = (hotelID: string, q: AvailabilityQuery, o?: RequestOptions) =>
  getJSON<Availability>(withQuery(v1`/hotels/${hotelID}/availability`, { ...q }), o).then((a) => ({
    ...a,
    room_types: list(a.room_types).map((t) => ({
      ...t,
      reasons: list(t.reasons),
      rate_plans: list(t.rate_plans).map((p) => ({ ...p, reasons: list(p.reasons), nights: list(p.nights) })),
    })),
  }));

/**
 * book sends a booking. idempotencyKey names the attempt: sending the same
 * attempt twice (a double click, a retry after a lost answer) books once.
 */
export const book = (body: BookingInput, idempotencyKey: string) =>
  postJSON<BookingResult>(v1`/reservations`, body, { idempotencyKey }).then((r) => ({
    ...r,
    reservations: list(r.reservations).map(asReservation),
  }));

export interface ReservationFilter {
  hotel?: string;
  q?: string;
  status?: string;
  from?: string;
  to?: string;
  limit?: number;
}

export const listReservations = (f: ReservationFilter, o?: RequestOptions) =>
  getJSON<{ reservations: Reservation[] }>(withQuery(v1`/reservations`, { ...f, limit: f.limit || undefined }), o).then((r) =>
    list(r.reservations).map(asReservation),
  );
export const getReservation = (id: string, o?: RequestOptions) =>
  getJSON<Reservation>(v1`/reservations/${id}`, o).then(asReservation);
export const modifyReservation = (id: string, patch: ReservationPatch) =>
  patchJSON<Modified>(v1`/reservations/${id}`, patch).then((m) => ({ ...m, reservation: asReservation(m.reservation) }));
export const getCancellationFee = (id: string, o?: RequestOptions) =>
  getJSON<CancellationQuote>(v1`/reservations/${id}/cancellation-fee`, o);
export const cancelReservation = (id: string, reason: string, expected_fee: number) =>
  postJSON<Reservation>(v1`/reservations/${id}/cancel`, { reason, expected_fee }).then(asReservation);
export const confirmReservation = (id: string) => postJSON<Reservation>(v1`/reservations/${id}/confirm`).then(asReservation);
export const assignRoom = (id: string, room_id: string, reason = '') =>
  postJSON<Reservation>(v1`/reservations/${id}/assign`, { room_id, reason }).then(asReservation);
export function checkIn(id: string, room_id = '', override_reason = ''): Promise<Reservation> {
  const body: { room_id?: string; override_reason?: string } = {};
  if (room_id) body.room_id = room_id;
  if (override_reason.trim()) body.override_reason = override_reason.trim();
  return postJSON<Reservation>(v1`/reservations/${id}/check-in`, body).then(asReservation);
}
export const checkOut = (id: string) => postJSON<Reservation>(v1`/reservations/${id}/check-out`).then(asReservation);
export const markNoShow = (id: string) => postJSON<Reservation>(v1`/reservations/${id}/no-show`).then(asReservation);

export const getTapeChart = (hotelID: string, from: string, to: string, o?: RequestOptions) =>
  getJSON<TapeChart>(withQuery(v1`/hotels/${hotelID}/tape-chart`, { from, to }), o).then((c) => ({
    ...c,
    dates: list(c.dates),
    rooms: list(c.rooms).map((r) => ({ ...r, blocks: list(r.blocks), out_of_order: list(r.out_of_order) })),
    unassigned: list(c.unassigned),
    conflicts: list(c.conflicts),
    room_types: list(c.room_types),
  }));

export const runNightAudit = (hotelID: string, business_date: string) =>
  postJSON<NightAuditResult>(v1`/hotels/${hotelID}/night-audit`, { business_date }).then((r) => ({
    ...r,
    no_shows: list(r.no_shows).map(asReservation),
    due_out: list(r.due_out).map(asReservation),
  }));

export const loadDemo = () => postJSON<HotelInfo>(v1`/demo`, {}, { idempotencyKey: newUUID() });

/** holdsRoom reports whether a reservation in status holds inventory. */
export function holdsRoom(status: string): boolean {
  return status === 'tentative' || status === 'confirmed' || status === 'checked_in';
}

/**
 * rankForDesk orders search results for the front desk: stays that are not
 * over yet (in house, arriving, upcoming) first, soonest arrival first; then
 * past stays, most recent first.
 */
export function rankForDesk<R extends Pick<Reservation, 'check_in' | 'check_out' | 'status'>>(list: readonly R[], businessDate: string): R[] {
  const current = (r: R) => r.check_out >= businessDate && r.status !== 'cancelled' && r.status !== 'no_show';
  return [...list].sort((a, b) => {
    const ca = current(a);
    const cb = current(b);
    if (ca !== cb) return ca ? -1 : 1;
    return ca ? a.check_in.localeCompare(b.check_in) : b.check_in.localeCompare(a.check_in);
  });
}
