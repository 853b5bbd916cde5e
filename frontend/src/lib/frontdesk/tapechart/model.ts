// The tape chart's pure logic: where blocks go in the grid (columns, lanes,
// clipping at the edges of the range), the rows, keyboard navigation, and
// what dragging a block to another room or date means for the API.

import { addDays, daysBetween } from '../../dates';
import { compareRoomNumbers } from '../../api/property';
import type { RatePlan } from '../../api/property';
import { holdsRoom, type ReservationPatch, type TapeBlock, type TapeChart, type TapeRoom } from '../../api/booking';

/** MAX_DAYS is the longest range the chart shows (the API allows 62). */
export const MAX_DAYS = 62;

/** Placed is a block's position: first column, number of columns, lane. */
export interface Placed {
  block: TapeBlock;
  /** Column of the first night shown, 0-based from the range's start. */
  start: number;
  /** Nights shown (at least 1). */
  span: number;
  lane: number;
  /** The stay starts before the range (the block is cut on the left). */
  clipStart: boolean;
  /** The stay ends after the range (the block is cut on the right). */
  clipEnd: boolean;
}

/**
 * placeBlock returns where block goes in a chart of days columns from
 * `from`, or null when none of its nights is in the range. The server
 * already cuts from/to to the range it was asked for; this also cuts to
 * the range shown, and tells from check_in/check_out whether the stay goes
 * on beyond either edge.
 */
export function placeBlock(block: TapeBlock, from: string, days: number): Omit<Placed, 'lane'> | null {
  const first = daysBetween(from, block.from || block.check_in);
  const end = daysBetween(from, block.to || block.check_out);
  const start = Math.max(0, first);
  const stop = Math.min(days, end);
  if (stop <= start) return null;
  const rangeEnd = addDays(from, days);
  return {
    block,
    start,
    span: stop - start,
    clipStart: block.check_in < from || first < 0,
    clipEnd: block.check_out > rangeEnd || end > days,
  };
}

/**
 * packLanes gives each item a lane so that items in one lane never
 * overlap: the first lane that is free at the item's start, in order of
 * start (then longer first). It returns the lanes in the order of items,
 * and how many lanes there are.
 */
export function packLanes(items: readonly { start: number; span: number }[]): { lanes: number[]; count: number } {
  const order = items.map((_, i) => i).sort((a, b) => {
    const x = items[a]!;
    const y = items[b]!;
    return x.start - y.start || y.span - x.span;
  });
  const ends: number[] = [];
  const lanes = new Array<number>(items.length).fill(0);
  for (const i of order) {
    const it = items[i]!;
    let lane = ends.findIndex((end) => end <= it.start);
    if (lane < 0) {
      lane = ends.length;
      ends.push(0);
    }
    ends[lane] = it.start + it.span;
    lanes[i] = lane;
  }
  return { lanes, count: Math.max(1, ends.length) };
}

/** placeAll places and packs blocks; blocks outside the range are left out. */
export function placeAll(blocks: readonly TapeBlock[], from: string, days: number): { placed: Placed[]; lanes: number } {
  const items = blocks.map((b) => placeBlock(b, from, days)).filter((p): p is Omit<Placed, 'lane'> => p !== null);
  const { lanes, count } = packLanes(items);
  return { placed: items.map((p, i) => ({ ...p, lane: lanes[i] ?? 0 })), lanes: count };
}

/** Span is an out-of-order period's columns. */
export interface OooSpan {
  id: string;
  start: number;
  span: number;
  reason: string;
}

/** TypeRow heads the rooms of one room type. */
export interface TypeRow {
  kind: 'type';
  key: string;
  typeId: string;
  code: string;
  name: string;
  rooms: number;
}

/** LaneRow is a row that holds blocks: a room, or the unassigned reservations. */
export interface LaneRow {
  kind: 'room' | 'unassigned';
  key: string;
  /** Index among the rows that hold blocks (keyboard navigation, drop targets). */
  index: number;
  room: TapeRoom | null;
  typeId: string;
  placed: Placed[];
  lanes: number;
  ooo: OooSpan[];
}

export type ChartRow = TypeRow | LaneRow;

/**
 * buildRows lays out a chart: the unassigned row first, then the rooms
 * grouped under their types (in the chart's type order, rooms in natural
 * order of their numbers). Rooms of a type the chart does not list come
 * last. typeFilter keeps only the rooms of one type.
 */
export function buildRows(chart: TapeChart, from: string, days: number, typeFilter = ''): ChartRow[] {
  const rows: ChartRow[] = [];
  let index = 0;
  const unassigned = chart.unassigned.filter((b) => !typeFilter || b.room_type_id === typeFilter);
  const u = placeAll(unassigned, from, days);
  rows.push({ kind: 'unassigned', key: 'unassigned', index: index++, room: null, typeId: '', placed: u.placed, lanes: u.lanes, ooo: [] });

  const types = [...chart.room_types];
  const known = new Set(types.map((t) => t.id));
  const orphans = chart.rooms.filter((r) => !known.has(r.room_type_id));
  if (orphans.length > 0) types.push({ id: '', code: '', name: '' });
  for (const type of types) {
    if (typeFilter && type.id !== typeFilter) continue;
    const rooms = (type.id ? chart.rooms.filter((r) => r.room_type_id === type.id) : orphans)
      .slice()
      .sort((a, b) => compareRoomNumbers(a.number, b.number));
    if (rooms.length === 0) continue;
    rows.push({ kind: 'type', key: `type-${type.id}`, typeId: type.id, code: type.code, name: type.name, rooms: rooms.length });
    for (const room of rooms) {
      const p = placeAll(room.blocks, from, days);
      const ooo: OooSpan[] = [];
      for (const o of room.out_of_order) {
        const start = Math.max(0, daysBetween(from, o.from));
        const stop = Math.min(days, daysBetween(from, o.to));
        if (stop > start) ooo.push({ id: o.id, start, span: stop - start, reason: o.reason });
      }
      rows.push({ kind: 'room', key: room.id, index: index++, room, typeId: room.room_type_id, placed: p.placed, lanes: p.lanes, ooo });
    }
  }
  return rows;
}

/** laneRows returns the rows that hold blocks, in order (their index is their position). */
export function laneRows(rows: readonly ChartRow[]): LaneRow[] {
  return rows.filter((r): r is LaneRow => r.kind !== 'type');
}

/**
 * occupancyByDate counts, per column, the rooms held by a reservation that
 * holds inventory: each room taken, plus each such booking of a type that
 * has no room assigned yet (it holds one of that type all the same).
 */
export function occupancyByDate(rows: readonly ChartRow[], days: number): number[] {
  const counts = new Array<number>(days).fill(0);
  for (const row of rows) {
    if (row.kind === 'unassigned') {
      for (const p of row.placed) {
        if (!holdsRoom(p.block.status)) continue;
        for (let c = p.start; c < p.start + p.span; c++) counts[c] = (counts[c] ?? 0) + 1;
      }
      continue;
    }
    if (row.kind !== 'room') continue;
    const taken = new Array<boolean>(days).fill(false);
    for (const p of row.placed) {
      if (!holdsRoom(p.block.status)) continue;
      for (let c = p.start; c < p.start + p.span; c++) taken[c] = true;
    }
    taken.forEach((v, c) => {
      if (v) counts[c] = (counts[c] ?? 0) + 1;
    });
  }
  return counts;
}

/**
 * occupiedOn counts the rooms held on the night of date: the rooms with a
 * stay that holds inventory that night, plus the bookings of a type without
 * a room yet (see occupancyByDate).
 */
export function occupiedOn(chart: TapeChart, date: string): number {
  const holds = (b: TapeBlock) => holdsRoom(b.status) && (b.from || b.check_in) <= date && (b.to || b.check_out) > date;
  return chart.rooms.filter((r) => r.blocks.some(holds)).length + chart.unassigned.filter(holds).length;
}

/** Cursor is the focused cell: a lane row and a column. */
export interface Cursor {
  row: number;
  col: number;
}

/**
 * moveCursor returns the cell a key moves the cursor to, kept inside rows ×
 * days; null when the key does not move it. PageUp/PageDown jump 10 rows,
 * Home/End go to the first and last day.
 */
export function moveCursor(c: Cursor, key: string, rows: number, days: number): Cursor | null {
  const clamp = (v: number, max: number) => Math.min(Math.max(v, 0), Math.max(max - 1, 0));
  switch (key) {
    case 'ArrowLeft':
      return { row: c.row, col: clamp(c.col - 1, days) };
    case 'ArrowRight':
      return { row: c.row, col: clamp(c.col + 1, days) };
    case 'ArrowUp':
      return { row: clamp(c.row - 1, rows), col: c.col };
    case 'ArrowDown':
      return { row: clamp(c.row + 1, rows), col: c.col };
    case 'PageUp':
      return { row: clamp(c.row - 10, rows), col: c.col };
    case 'PageDown':
      return { row: clamp(c.row + 10, rows), col: c.col };
    case 'Home':
      return { row: c.row, col: 0 };
    case 'End':
      return { row: c.row, col: clamp(days - 1, days) };
    default:
      return null;
  }
}

/** blockAt returns the block shown in a row at column col, if any. */
export function blockAt(row: LaneRow | undefined, col: number): Placed | null {
  if (!row) return null;
  return row.placed.find((p) => col >= p.start && col < p.start + p.span) ?? null;
}

/** oooAt returns the out-of-order period of a row at column col, if any. */
export function oooAt(row: LaneRow | undefined, col: number): OooSpan | null {
  if (!row) return null;
  return row.ooo.find((o) => col >= o.start && col < o.start + o.span) ?? null;
}

/** MoveRequest is a drop on the chart: a block taken from one row to another and/or by some days. */
export interface MoveRequest {
  placed: Placed;
  from: LaneRow;
  to: LaneRow;
  shift: number;
}

/** MoveRefusal says why a block cannot go where it was dropped. */
export type MoveRefusal = 'not_movable' | 'in_house_dates' | 'in_house_type' | 'unassign' | 'no_plan' | 'occupied' | 'out_of_order';

/** MovePlan is what a drop means for the API. */
export type MovePlan =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: MoveRefusal }
  /** Another room of the same type, same dates: POST /reservations/{id}/assign. */
  | { kind: 'assign'; roomId: string; checkIn: string; checkOut: string }
  /** New dates and maybe another room or type: PATCH /reservations/{id}. */
  | { kind: 'patch'; patch: ReservationPatch; checkIn: string; checkOut: string; typeChanged: boolean };

export interface MoveInput {
  block: TapeBlock;
  /** The block's room type: the room's, or the unassigned block's own. */
  typeId: string;
  /** The room it is in now; "" when unassigned. */
  fromRoomId: string;
  /**
   * The row it was dropped on: a room, or null for the unassigned row. With
   * the room's blocks and out-of-order periods from the chart, a room taken
   * on the new nights is refused at once, before any price is asked.
   */
  toRoom: (Pick<TapeRoom, 'id' | 'room_type_id'> & Partial<Pick<TapeRoom, 'blocks' | 'out_of_order'>>) | null;
  /** Whole days to move the dates by (negative: earlier). */
  shift: number;
  /** The reservation's rate plan, when known (kept when the type does not change). */
  ratePlanId?: string;
  /** The hotel's rate plans, to pick one of a new room type. */
  plans: readonly RatePlan[];
}

/**
 * planMove decides what dropping a block means. Moving rooms only (same
 * type, same dates) is an assignment; moving dates, or to a room of
 * another type, is a change of the reservation (repriced by the server). A
 * guest in house can only change rooms of the same type; checked-out,
 * cancelled and no-show reservations stay where they are.
 */
export function planMove(m: MoveInput): MovePlan {
  const { block, shift } = m;
  if (!holdsRoom(block.status)) return { kind: 'invalid', reason: 'not_movable' };
  const checkIn = addDays(block.check_in, shift);
  const checkOut = addDays(block.check_out, shift);
  if (m.toRoom === null) {
    if (m.fromRoomId !== '') return { kind: 'invalid', reason: 'unassign' };
    if (shift === 0) return { kind: 'none' };
    if (block.status === 'checked_in') return { kind: 'invalid', reason: 'in_house_dates' };
    return { kind: 'patch', patch: { check_in: checkIn, check_out: checkOut }, checkIn, checkOut, typeChanged: false };
  }
  const sameRoom = m.toRoom.id === m.fromRoomId;
  const typeChanged = m.toRoom.room_type_id !== m.typeId;
  if (shift === 0 && sameRoom) return { kind: 'none' };
  if (block.status === 'checked_in') {
    if (shift !== 0) return { kind: 'invalid', reason: 'in_house_dates' };
    if (typeChanged) return { kind: 'invalid', reason: 'in_house_type' };
  }
  const overlaps = (from: string, to: string) => from < checkOut && to > checkIn;
  if ((m.toRoom.blocks ?? []).some((b) => b.reservation_id !== block.reservation_id && holdsRoom(b.status) && overlaps(b.check_in, b.check_out))) {
    return { kind: 'invalid', reason: 'occupied' };
  }
  if ((m.toRoom.out_of_order ?? []).some((o) => overlaps(o.from, o.to))) return { kind: 'invalid', reason: 'out_of_order' };
  if (block.status === 'checked_in') return { kind: 'assign', roomId: m.toRoom.id, checkIn, checkOut };
  if (shift === 0 && !typeChanged) return { kind: 'assign', roomId: m.toRoom.id, checkIn, checkOut };
  const patch: ReservationPatch = {};
  if (shift !== 0) {
    patch.check_in = checkIn;
    patch.check_out = checkOut;
  }
  patch.room_id = m.toRoom.id;
  if (typeChanged) {
    const plan = pickPlan(m.plans, m.toRoom.room_type_id, m.ratePlanId);
    if (!plan) return { kind: 'invalid', reason: 'no_plan' };
    patch.room_type_id = m.toRoom.room_type_id;
    patch.rate_plan_id = plan.id;
  }
  return { kind: 'patch', patch, checkIn, checkOut, typeChanged };
}

/**
 * pickPlan chooses the rate plan of type for a reservation moved to it:
 * one with the same name as the current plan when there is one, else the
 * first by code.
 */
export function pickPlan(plans: readonly RatePlan[], typeId: string, currentPlanId?: string): RatePlan | null {
  const ofType = plans.filter((p) => p.room_type_id === typeId).sort((a, b) => a.code.localeCompare(b.code));
  const current = plans.find((p) => p.id === currentPlanId);
  return (current && ofType.find((p) => p.name === current.name)) ?? ofType[0] ?? null;
}

/**
 * freeRoomIds returns the rooms of a chart that no active reservation other
 * than except holds, and that are not out of order, on any night of the
 * chart's range: the rooms a reservation can be assigned or moved to.
 */
export function freeRoomIds(chart: TapeChart, except: string): Set<string> {
  const free = new Set<string>();
  for (const room of chart.rooms) {
    const taken = room.blocks.some(
      (b) => b.reservation_id !== except && holdsRoom(b.status) && b.from < chart.to && b.to > chart.from,
    );
    const ooo = room.out_of_order.some((o) => o.from < chart.to && o.to > chart.from);
    if (!taken && !ooo) free.add(room.id);
  }
  return free;
}
