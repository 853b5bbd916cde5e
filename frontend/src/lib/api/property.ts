// Types and calls of the property API (docs/booking.md): hotels with their
// details, room types and photos, rooms, rate plans, the rate calendar and
// inventory caps.

import { del, getBlob, getJSON, list, newIdempotencyKey, patchJSON, postBlob, postJSON, putJSON, v1, withQuery, type RequestOptions } from './client';
import type { Hotel } from './access';

/** Tax is a hotel's tax: basis points (600 = 6%), included in prices or added on top. */
export interface Tax {
  rate_bp: number;
  included: boolean;
}

/** CancellationPolicy: free until free_hours before arrival, then the first night or a percentage. */
export interface CancellationPolicy {
  free_hours: number;
  fee: 'first_night' | 'percent';
  percent: number;
}

/** HotelInfo is a hotel with its details and business date. */
export interface HotelInfo extends Hotel {
  address: string;
  star_rating: number;
  phone: string;
  email: string;
  check_in_time: string;
  check_out_time: string;
  tax: Tax;
  cancellation: CancellationPolicy;
  business_date: string;
}

/** HotelChanges is the body of PATCH /api/v1/hotels/{id}. */
export type HotelChanges = Partial<
  Pick<HotelInfo, 'name' | 'address' | 'star_rating' | 'phone' | 'email' | 'check_in_time' | 'check_out_time' | 'tax' | 'cancellation'>
>;

/** BED_TYPES are the bed types a room type may have. */
export const BED_TYPES = ['single', 'twin', 'double', 'queen', 'king', 'bunk', 'other'] as const;

/** Photo is a room type's picture. */
export interface Photo {
  id: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
}

/** RoomType is a kind of room. */
export interface RoomType {
  id: string;
  hotel_id: string;
  code: string;
  name: string;
  bed_type: string;
  area_m2: number;
  max_adults: number;
  max_children: number;
  amenities: string[];
  descriptions: Record<string, string>;
  photos: Photo[];
}

/** RoomTypeInput is the body of creating or changing a room type. */
export type RoomTypeInput = Pick<
  RoomType,
  'code' | 'name' | 'bed_type' | 'area_m2' | 'max_adults' | 'max_children' | 'amenities' | 'descriptions'
>;

/** HOUSEKEEPING lists the housekeeping states of a room. */
export const HOUSEKEEPING = ['dirty', 'clean', 'inspected'] as const;
export type Housekeeping = (typeof HOUSEKEEPING)[number];

/** OutOfOrder is a period (from ≤ night < to) a room is not sold. */
export interface OutOfOrder {
  id: string;
  from: string;
  to: string;
  reason: string;
}

/** Room is one room of a hotel. */
export interface Room {
  id: string;
  hotel_id: string;
  number: string;
  floor: number;
  room_type_id: string;
  features: string[];
  housekeeping: Housekeeping;
  out_of_order: OutOfOrder[];
}

/** RoomInput is the body of creating or changing a room. */
export type RoomInput = Pick<Room, 'number' | 'floor' | 'room_type_id' | 'features'> & { housekeeping?: Housekeeping };

/** Season is a period (from ≤ night < to) with its own rates. */
export interface Season {
  name: string;
  from: string;
  to: string;
  rate: number;
  weekend_rate: number;
}

/** RatePlan prices one room type. */
export interface RatePlan {
  id: string;
  hotel_id: string;
  room_type_id: string;
  code: string;
  name: string;
  base_rate: number;
  weekend_rate: number;
  weekend_days: number[];
  included_adults: number;
  extra_adult: number;
  extra_child: number;
  min_stay: number;
  max_stay: number;
  seasons: Season[];
}

/** RatePlanInput is the body of creating or changing a rate plan. */
export type RatePlanInput = Omit<RatePlan, 'id' | 'hotel_id'>;

/** CalendarDay is a plan's price and restrictions on one date. */
export interface CalendarDay {
  date: string;
  price: number;
  min_stay: number;
  max_stay: number;
  closed_to_arrival: boolean;
  closed_to_departure: boolean;
  stop_sell: boolean;
}

/** RateCalendar is the body of GET /api/v1/hotels/{id}/rate-calendar. */
export interface RateCalendar {
  from: string;
  to: string;
  rate_plans: { rate_plan_id: string; days: CalendarDay[] }[];
  inventory: { room_type_id: string; days: { date: string; cap: number | null }[] }[];
}

/** RATE_DAY_FIELDS are the calendar values that a change may set or clear. */
export const RATE_DAY_FIELDS = ['rate', 'min_stay', 'max_stay', 'closed_to_arrival', 'closed_to_departure', 'stop_sell'] as const;
export type RateDayField = (typeof RATE_DAY_FIELDS)[number];

/** RateDaySet holds the values a calendar change sets; absent ones stay. */
export interface RateDaySet {
  rate?: number;
  min_stay?: number;
  max_stay?: number;
  closed_to_arrival?: boolean;
  closed_to_departure?: boolean;
  stop_sell?: boolean;
}

/** RateCalendarChange is the body of PUT /api/v1/hotels/{id}/rate-calendar. */
export interface RateCalendarChange {
  rate_plan_id: string;
  from: string;
  to: string;
  weekdays: number[];
  set: RateDaySet;
  clear: RateDayField[];
}

/** CalendarChangeResult names the dates a change matched. */
export interface CalendarChangeResult {
  from: string;
  to: string;
  dates: string[];
}


const asType = (t: RoomType): RoomType => ({
  ...t,
  amenities: list(t.amenities),
  photos: list(t.photos),
  descriptions: t.descriptions ?? {},
});
const asRoom = (r: Room): Room => ({ ...r, features: list(r.features), out_of_order: list(r.out_of_order) });
const asPlan = (p: RatePlan): RatePlan => ({ ...p, weekend_days: list(p.weekend_days), seasons: list(p.seasons) });

/** compareRoomNumbers orders room numbers naturally: "2" < "10" < "10A" < "101". */
export function compareRoomNumbers(a: string, b: string): number {
  return a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
}

/** sortRooms returns rooms in natural order of their numbers. */
export function sortRooms<T extends { number: string }>(rooms: readonly T[]): T[] {
  return [...rooms].sort((a, b) => compareRoomNumbers(a.number, b.number));
}

export const listHotelInfos = (o?: RequestOptions) =>
  getJSON<{ hotels: HotelInfo[] }>(v1`/hotels`, o).then((r) => list(r.hotels));
export const getHotelInfo = (id: string, o?: RequestOptions) => getJSON<HotelInfo>(v1`/hotels/${id}`, o);
export const updateHotel = (id: string, changes: HotelChanges) => patchJSON<HotelInfo>(v1`/hotels/${id}`, changes);

export const listRoomTypes = (hotelID: string, o?: RequestOptions) =>
  getJSON<{ room_types: RoomType[] }>(v1`/hotels/${hotelID}/room-types`, o).then((r) => list(r.room_types).map(asType));
export const createRoomType = (hotelID: string, body: RoomTypeInput, idempotencyKey = newIdempotencyKey()) =>
  postJSON<RoomType>(v1`/hotels/${hotelID}/room-types`, body, { idempotencyKey }).then(asType);
export const updateRoomType = (id: string, body: Partial<RoomTypeInput>) =>
  patchJSON<RoomType>(v1`/room-types/${id}`, body).then(asType);
export const deleteRoomType = (id: string) => del(v1`/room-types/${id}`);

/** uploadPhoto sends an image file as the raw body; the server checks its content. */
export const uploadPhoto = (typeID: string, file: Blob) =>
  postBlob<Photo>(v1`/room-types/${typeID}/photos`, file, { idempotencyKey: newIdempotencyKey() });
export const deletePhoto = (typeID: string, photoID: string) => del(v1`/room-types/${typeID}/photos/${photoID}`);

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

export interface RoomFilter {
  room_type?: string;
  floor?: number;
  housekeeping?: string;
}

export function listRooms(hotelID: string, f: RoomFilter = {}, o?: RequestOptions): Promise<Room[]> {
  const path = withQuery(v1`/hotels/${hotelID}/rooms`, { room_type: f.room_type, floor: f.floor, housekeeping: f.housekeeping });
  return getJSON<{ rooms: Room[] }>(path, o).then((r) =>
    sortRooms(list(r.rooms).map(asRoom)),
  );
}
export const createRoom = (hotelID: string, body: RoomInput, idempotencyKey = newIdempotencyKey()) =>
  postJSON<Room>(v1`/hotels/${hotelID}/rooms`, body, { idempotencyKey }).then(asRoom);
export const updateRoom = (id: string, body: Partial<RoomInput>) => patchJSON<Room>(v1`/rooms/${id}`, body).then(asRoom);
export const deleteRoom = (id: string) => del(v1`/rooms/${id}`);
export const setHousekeeping = (id: string, status: Housekeeping) =>
  postJSON<Room>(v1`/rooms/${id}/housekeeping`, { status }).then(asRoom);
export const addOutOfOrder = (id: string, body: { from: string; to: string; reason: string }) =>
  postJSON<Room>(v1`/rooms/${id}/out-of-order`, body, { idempotencyKey: newIdempotencyKey() }).then(asRoom);
export const removeOutOfOrder = (id: string, oid: string) =>
  del<Room>(v1`/rooms/${id}/out-of-order/${oid}`).then((r) => (r ? asRoom(r) : r));

export const listRatePlans = (hotelID: string, o?: RequestOptions) =>
  getJSON<{ rate_plans: RatePlan[] }>(v1`/hotels/${hotelID}/rate-plans`, o).then((r) => list(r.rate_plans).map(asPlan));
export const createRatePlan = (hotelID: string, body: RatePlanInput, idempotencyKey = newIdempotencyKey()) =>
  postJSON<RatePlan>(v1`/hotels/${hotelID}/rate-plans`, body, { idempotencyKey }).then(asPlan);
export const updateRatePlan = (id: string, body: Partial<RatePlanInput>) =>
  patchJSON<RatePlan>(v1`/rate-plans/${id}`, body).then(asPlan);
export const deleteRatePlan = (id: string) => del(v1`/rate-plans/${id}`);

export function getRateCalendar(hotelID: string, from: string, to: string, planID?: string, o?: RequestOptions): Promise<RateCalendar> {
  return getJSON<RateCalendar>(withQuery(v1`/hotels/${hotelID}/rate-calendar`, { from, to, rate_plan: planID }), o).then((c) => ({
    ...c,
    rate_plans: list(c.rate_plans).map((p) => ({ ...p, days: list(p.days) })),
    inventory: list(c.inventory).map((i) => ({ ...i, days: list(i.days) })),
  }));
}
export const setRateCalendar = (hotelID: string, change: RateCalendarChange) =>
  putJSON<CalendarChangeResult>(v1`/hotels/${hotelID}/rate-calendar`, change);
export const setInventory = (hotelID: string, change: { room_type_id: string; from: string; to: string; cap: number | null }) =>
  putJSON<CalendarChangeResult>(v1`/hotels/${hotelID}/inventory`, change);
