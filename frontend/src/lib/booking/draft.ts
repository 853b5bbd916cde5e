// The booking flow's pure logic: the draft a clerk fills in step by step,
// what is still missing, the request it sends, and the Idempotency-Key of
// each attempt.

import { addDays, daysBetween, isDate } from '../dates';
import { newUUID } from '../api/client';
import type { MessageKey } from '../i18n';
import type { BookingInput, BookingStatus, Channel, NightPrice, PlanAvailability, RoomRequest, TypeAvailability } from '../api/booking';
import type { PriceInput, TaxBreakdown } from '../api/pricing';
import type { GuestFields } from '../api/guests';
import type { Filled } from '../api/operations';
import { groupFields, type DraftBlock, type DraftGroup } from './groupDraft';

/** DraftRoom is one room chosen in the flow, with what the summary shows. */
export interface DraftRoom extends Filled<Omit<RoomRequest, 'room_id' | 'price' | 'block_id'>>, Pick<RoomRequest, 'room_id'> {
  /** A key for lists: rooms may repeat a type and plan. */
  key: string;
  typeName: string;
  planName: string;
  /** The quoted total for the searched party (the server reprices on booking). */
  total: number;
  /** The room to assign right away, when the flow began on a tape chart cell. */
  roomNumber?: string;
  /** Price control (price.ts): the plan's nights and tax as quoted, and a price change asked with the booking. */
  nights?: NightPrice[];
  tax?: TaxBreakdown;
  price?: PriceInput;
  /** The plan's total and tax before the price change. */
  rateTotal?: number;
  rateTax?: TaxBreakdown;
}

export type DraftGuest = { mode: 'existing'; id: string; name: string; phone: string } | ({ mode: 'new' } & GuestFields);

/** BookingDraft is everything the flow gathers before it books. */
export interface BookingDraft {
  hotelId: string;
  checkIn: string;
  checkOut: string;
  adults: number;
  children: number;
  roomType: string;
  rooms: DraftRoom[];
  guest: DraftGuest;
  channel: Channel;
  ota: string;
  specialRequests: string;
  status: BookingStatus;
  holdMinutes: number;
  walkIn: boolean;
  /** Groups and blocks (see ./groupDraft.ts): a new group to book under, an existing one, the block to pick rooms up from. */
  group?: DraftGroup;
  groupId?: string;
  block?: DraftBlock | null;
  /** The company and the travel agent of the booking (../company/BookingParties.svelte); none when left out. */
  company?: PartyChoice | null;
  agent?: PartyChoice | null;
}

/** PartyChoice is a company or travel agent chosen on a booking, with its negotiated rate plan ("" for none). */
export interface PartyChoice {
  id: string;
  name: string;
  rate_plan_id: string;
}

/** emptyGuest is a new guest with nothing filled in. */
export function emptyGuest(): DraftGuest {
  return { mode: 'new', name: '', phone: '', email: '', nationality: '', id_document: { type: '', number: '' } };
}

/** newDraft starts a booking for one night from date (the business date). */
export function newDraft(hotelId: string, date: string): BookingDraft {
  return {
    hotelId,
    checkIn: date,
    checkOut: date ? addDays(date, 1) : '',
    adults: 2,
    children: 0,
    roomType: '',
    rooms: [],
    guest: emptyGuest(),
    channel: 'phone',
    ota: '',
    specialRequests: '',
    status: 'confirmed',
    holdMinutes: 30,
    walkIn: false,
  };
}

/**
 * searchProblem returns what is wrong with the stay searched, or null:
 * dates missing or reversed, an arrival before the business date.
 */
export function searchProblem(d: Pick<BookingDraft, 'checkIn' | 'checkOut' | 'adults' | 'children'>, businessDate: string): MessageKey | null {
  if (!isDate(d.checkIn) || !isDate(d.checkOut)) return 'book.problem.dates';
  if (daysBetween(d.checkIn, d.checkOut) < 1) return 'book.problem.order';
  if (businessDate && d.checkIn < businessDate) return 'book.problem.past';
  if (daysBetween(d.checkIn, d.checkOut) > 90) return 'book.problem.long';
  if (!Number.isInteger(d.adults) || d.adults < 1) return 'book.problem.adults';
  if (!Number.isInteger(d.children) || d.children < 0) return 'book.problem.children';
  return null;
}

/** guestProblem returns what is missing about the guest, or null. */
export function guestProblem(g: DraftGuest): MessageKey | null {
  if (g.mode === 'existing') return g.id ? null : 'book.problem.guest';
  if (!g.name.trim()) return 'book.problem.guestName';
  if (g.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(g.email.trim())) return 'book.problem.email';
  if (g.id_document.number.trim() && !g.id_document.type) return 'book.problem.documentType';
  return null;
}

/** detailsProblem returns what is missing about the source, or null. */
export function detailsProblem(d: Pick<BookingDraft, 'channel' | 'ota'>): MessageKey | null {
  if (d.channel === 'ota' && !d.ota.trim()) return 'book.problem.ota';
  return null;
}

let roomSeq = 0;

/** draftRoom makes a chosen room from an availability line and one of its plans. */
export function draftRoom(t: TypeAvailability, p: PlanAvailability, adults: number, children: number, roomId?: string, roomNumber?: string): DraftRoom {
  return {
    key: `r${++roomSeq}`,
    room_type_id: t.room_type.id,
    rate_plan_id: p.rate_plan_id,
    adults: Math.min(adults, t.room_type.max_adults),
    children: Math.min(children, t.room_type.max_children),
    ...(roomId ? { room_id: roomId } : {}),
    typeName: t.room_type.name,
    planName: p.name,
    total: p.total,
    ...(roomNumber ? { roomNumber } : {}),
    nights: p.nights,
    ...(p.tax ? { tax: p.tax } : {}),
  };
}

/** withPlan returns room r under plan p, at the plan's price: a price change asked before is dropped. */
export function withPlan(r: DraftRoom, p: PlanAvailability): DraftRoom {
  const out: DraftRoom = { ...r, rate_plan_id: p.rate_plan_id, planName: p.name, total: p.total, nights: p.nights };
  if (p.tax) out.tax = p.tax;
  delete out.price;
  delete out.rateTotal;
  delete out.rateTax;
  return out;
}

/** draftTotal adds the quoted totals of the chosen rooms. */
export function draftTotal(d: Pick<BookingDraft, 'rooms'>): number {
  return d.rooms.reduce((sum, r) => sum + r.total, 0);
}

function clean(g: GuestFields): NonNullable<BookingInput['guest']> {
  const out: NonNullable<BookingInput['guest']> = {
    name: g.name.trim(),
    phone: g.phone.trim(),
    email: g.email.trim(),
    nationality: g.nationality.trim().toUpperCase(),
    id_document: { type: g.id_document.number.trim() ? g.id_document.type : '', number: g.id_document.number.trim() },
  };
  return out;
}

/**
 * buildBookingRequest turns a draft into the body of POST
 * /api/v1/reservations. A walk-in arrives on the business date, is
 * confirmed and comes in from the street (unless another channel was
 * chosen on purpose).
 */
export function buildBookingRequest(d: BookingDraft, businessDate: string): BookingInput {
  const rooms: RoomRequest[] = d.rooms.map((r) => {
    const out: RoomRequest = { room_type_id: r.room_type_id, rate_plan_id: r.rate_plan_id, adults: r.adults, children: r.children };
    if (r.room_id) out.room_id = r.room_id;
    if (r.price) out.price = r.price;
    return out;
  });
  const guest: BookingInput['guest'] = d.guest.mode === 'existing' ? { id: d.guest.id } : clean(d.guest);
  const channel: Channel = d.walkIn && d.channel === 'phone' ? 'walk_in' : d.channel;
  const body: BookingInput = {
    hotel_id: d.hotelId,
    rooms,
    check_in: d.walkIn && businessDate ? businessDate : d.checkIn,
    check_out: d.checkOut,
    guest,
    special_requests: d.specialRequests.trim(),
    source: channel === 'ota' ? { channel, ota: d.ota.trim() } : { channel },
    status: d.walkIn ? 'confirmed' : d.status,
    walk_in: d.walkIn,
  };
  if (body.status === 'tentative') body.hold_minutes = d.holdMinutes;
  if (d.company) body.company_id = d.company.id;
  if (d.agent) body.agent_id = d.agent.id;
  return groupFields(d, body);
}

/** Attempt is one try at booking: a request and the key that makes it safe to send twice. */
export interface Attempt {
  key: string;
  body: string;
}

/**
 * attemptFor returns the attempt for body: the previous one when the body
 * is the same (a double click or a retry after a network failure must not
 * book twice), else a new one with a fresh UUID (the server refuses a key
 * reused for another request).
 */
export function attemptFor(prev: Attempt | null, body: BookingInput, uuid: () => string = newUUID): Attempt {
  const json = JSON.stringify(body);
  if (prev && prev.body === json) return prev;
  return { key: uuid(), body: json };
}
