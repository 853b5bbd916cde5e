// Types and calls of the property API (docs/booking.md): hotels with their
// details, room types and photos, rooms, rate plans, the rate calendar and
// inventory caps.

import type { Hotel } from './access';
import { call, getBlob, newIdempotencyKey, postBlob, v1, type RequestOptions } from './client';
import { enumValues, type Answer, type QueryParams, type Schemas } from './operations';

type S = Schemas;

/** Tax is a hotel's tax: basis points (600 = 6%), included in prices or added on top. */
export type Tax = S['Tax'];

/** CancellationPolicy: free until free_hours before arrival, then the first night or a percentage. */
export type CancellationPolicy = S['CancellationPolicy'];

/**
 * CancellationFee is the kind of fee a cancellation policy charges, as the
 * hotel form offers them. The contract types the fee as a plain string;
 * the server checks it.
 */
export type CancellationFee = 'first_night' | 'percent';

/**
 * HotelInfo is a hotel with its details and business date (the same as
 * Hotel), and how far ahead it takes bookings (booking_horizon_days; 0 in
 * hotels stored before the setting: DEFAULT_BOOKING_HORIZON_DAYS).
 */
export type HotelInfo = Hotel;

/** HotelChanges is the body of PATCH /api/v1/hotels/{id}. */
export type HotelChanges = S['HotelPatch'];

/** How far ahead a hotel takes arrivals unless it says otherwise (three years), and at most (ten years), in days. */
export const DEFAULT_BOOKING_HORIZON_DAYS = 1096;
export const MAX_BOOKING_HORIZON_DAYS = 3653;

/** BedType is the bed type of a room type. */
export type BedType = S['RoomType']['bed_type'];

/** BED_TYPES are the bed types a room type may have. */
export const BED_TYPES = enumValues<BedType>({ single: true, twin: true, double: true, queen: true, king: true, bunk: true, other: true });

/** Photo is a room type's picture. */
export type Photo = S['Photo'];

/** RoomType is a kind of room. */
export type RoomType = S['RoomType'];

/** RoomTypeInput is the body of creating a room type. */
export type RoomTypeInput = S['RoomTypeInput'];

/** RoomTypePatch is the body of changing a room type. */
export type RoomTypePatch = S['RoomTypePatch'];

/** Housekeeping is the housekeeping state of a room. */
export type Housekeeping = S['Room']['housekeeping'];

/** HOUSEKEEPING lists the housekeeping states of a room. */
export const HOUSEKEEPING = enumValues<Housekeeping>({ dirty: true, clean: true, inspected: true });

/** OutOfOrder is a period (from ≤ night < to) a room is not sold. */
export type OutOfOrder = S['OutOfOrder'];

/** OutOfOrderInput is the body of taking a room out of order. */
export type OutOfOrderInput = S['OutOfOrderInput'];

/** Room is one room of a hotel. */
export type Room = S['Room'];

/** RoomInput is the body of creating a room. */
export type RoomInput = S['RoomInput'];

/** RoomPatch is the body of changing a room. */
export type RoomPatch = S['RoomPatch'];

/** Season is a period (from ≤ night < to) with its own rates. */
export type Season = S['Season'];

/** RatePlan prices one room type. */
export type RatePlan = S['RatePlan'];

/** RatePlanInput is the body of creating a rate plan. */
export type RatePlanInput = S['RatePlanInput'];

/** RatePlanPatch is the body of changing a rate plan. */
export type RatePlanPatch = S['RatePlanPatch'];

/** CalendarDay is a plan's price and restrictions on one date. */
export type CalendarDay = S['CalendarDay'];

/** RateCalendar is the body of GET /api/v1/hotels/{id}/rate-calendar. */
export type RateCalendar = S['RateCalendar'];

/** RateDaySet holds the values a calendar change sets; absent ones stay. */
export type RateDaySet = S['RateDaySetInput'];

/** RateDayField is a calendar value that a change may set or clear. */
export type RateDayField = keyof RateDaySet;

/** RATE_DAY_FIELDS are the calendar values that a change may set or clear. */
export const RATE_DAY_FIELDS = enumValues<RateDayField>({
  rate: true,
  min_stay: true,
  max_stay: true,
  closed_to_arrival: true,
  closed_to_departure: true,
  stop_sell: true,
});

/** RateCalendarChange is the body of PUT /api/v1/hotels/{id}/rate-calendar. */
export type RateCalendarChange = S['RateCalendarChangeInput'];

/** InventoryChange is the body of PUT /api/v1/hotels/{id}/inventory. */
export type InventoryChange = S['InventoryChangeInput'];

/** CalendarChangeResult names the dates a change matched. */
export type CalendarChangeResult = S['CalendarChangeResult'];

/** compareRoomNumbers orders room numbers naturally: "2" < "10" < "10A" < "101". */
export function compareRoomNumbers(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
}

/** sortRooms returns rooms in natural order of their numbers. */
export function sortRooms<T extends { number: string }>(rooms: readonly T[]): T[] {
  return [...rooms].sort((a, b) => compareRoomNumbers(a.number, b.number));
}

export const listHotelInfos = (o?: RequestOptions) => call('listHotels', {}, o).then((r) => r.hotels);
export const getHotelInfo = (id: string, o?: RequestOptions) => call('getHotel', { path: { id } }, o);
export const updateHotel = (id: string, body: HotelChanges) => call('updateHotel', { path: { id }, body });

export const listRoomTypes = (hotelID: string, o?: RequestOptions) =>
  call('listRoomTypes', { path: { id: hotelID } }, o).then((r) => r.room_types);
export const createRoomType = (hotelID: string, body: RoomTypeInput, idempotencyKey = newIdempotencyKey()) =>
  call('createRoomType', { path: { id: hotelID }, body }, { idempotencyKey });
export const updateRoomType = (id: string, body: RoomTypePatch) => call('updateRoomType', { path: { id }, body });
export const deleteRoomType = (id: string) => call('deleteRoomType', { path: { id } });

/** uploadPhoto sends an image file as the raw body; the server checks its content. */
export const uploadPhoto = (typeID: string, file: Blob) =>
  postBlob<Answer<'addRoomTypePhoto'>>(v1`/room-types/${typeID}/photos`, file, { idempotencyKey: newIdempotencyKey() });
export const deletePhoto = (typeID: string, photoID: string) => call('deleteRoomTypePhoto', { path: { id: typeID, photo: photoID } });

/** photoURL is the address of a photo, or of its 320-pixel thumbnail. */
export function photoURL(id: string, thumbnail = true): string {
  return thumbnail ? v1`/photos/${id}/thumbnail` : v1`/photos/${id}`;
}

/**
 * fetchPhoto downloads a photo with the client's credentials (the desktop
 * window signs requests with a bearer token that an <img> cannot send) and
 * returns an object URL for it; revoke it when done.
 */
export async function fetchPhoto(id: string, thumbnail = true): Promise<string> {
  return URL.createObjectURL(await getBlob(photoURL(id, thumbnail), 'image/*'));
}

/** RoomFilter narrows GET /api/v1/hotels/{id}/rooms; empty fields are left out. */
export type RoomFilter = QueryParams<'listRooms'>;

/** listRooms lists a hotel's rooms in natural order of their numbers. */
export function listRooms(hotelID: string, query: RoomFilter = {}, o?: RequestOptions): Promise<Room[]> {
  return call('listRooms', { path: { id: hotelID }, query }, o).then((r) => sortRooms(r.rooms));
}
export const createRoom = (hotelID: string, body: RoomInput, idempotencyKey = newIdempotencyKey()) =>
  call('createRoom', { path: { id: hotelID }, body }, { idempotencyKey });
/** BulkRoomsInput is the body of creating the rooms numbered from … to … at once. */
export type BulkRoomsInput = S['BulkRoomsInput'];
/** createRooms creates every room of the range, or none (409 naming a number the hotel has). */
export const createRooms = (hotelID: string, body: BulkRoomsInput, idempotencyKey = newIdempotencyKey()) =>
  call('createRooms', { path: { id: hotelID }, body }, { idempotencyKey }).then((r) => r.rooms);
export const updateRoom = (id: string, body: RoomPatch) => call('updateRoom', { path: { id }, body });
export const deleteRoom = (id: string) => call('deleteRoom', { path: { id } });
export const setHousekeeping = (id: string, status: Housekeeping) => call('setHousekeeping', { path: { id }, body: { status } });
export const addOutOfOrder = (id: string, body: OutOfOrderInput) =>
  call('addOutOfOrder', { path: { id }, body }, { idempotencyKey: newIdempotencyKey() });
export const removeOutOfOrder = (id: string, oid: string) => call('removeOutOfOrder', { path: { id, oid } });

export const listRatePlans = (hotelID: string, o?: RequestOptions) =>
  call('listRatePlans', { path: { id: hotelID } }, o).then((r) => r.rate_plans);
export const createRatePlan = (hotelID: string, body: RatePlanInput, idempotencyKey = newIdempotencyKey()) =>
  call('createRatePlan', { path: { id: hotelID }, body }, { idempotencyKey });
export const updateRatePlan = (id: string, body: RatePlanPatch) => call('updateRatePlan', { path: { id }, body });
export const deleteRatePlan = (id: string) => call('deleteRatePlan', { path: { id } });

export function getRateCalendar(hotelID: string, from: string, to: string, planID?: string, o?: RequestOptions): Promise<RateCalendar> {
  return call('getRateCalendar', { path: { id: hotelID }, query: { from, to, rate_plan: planID } }, o);
}
export const setRateCalendar = (hotelID: string, body: RateCalendarChange) => call('setRateCalendar', { path: { id: hotelID }, body });
export const setInventory = (hotelID: string, body: InventoryChange) => call('setInventory', { path: { id: hotelID }, body });
