// Which rooms a reservation can go to: the rooms of its type, each with
// whether it is free for the stay and its housekeeping state.

import { addDays, daysBetween } from '../dates';
import type { Room } from '../api/property';
import { getTapeChart, type Reservation } from '../api/booking';
import { MAX_DAYS, freeRoomIds } from '../frontdesk/tapechart/model';

export interface RoomChoice {
  room: Room;
  free: boolean;
  /** Clean or inspected: ready for a guest. */
  ready: boolean;
}

/** stayRange is the part of a stay that a move changes: from the business date for a guest in house. */
export function stayRange(r: Reservation, businessDate: string): { from: string; to: string } {
  let from = r.check_in;
  if (r.status === 'checked_in' && businessDate > from) from = businessDate;
  let to = r.check_out;
  if (daysBetween(from, to) > MAX_DAYS) to = addDays(from, MAX_DAYS);
  if (to <= from) to = addDays(from, 1);
  return { from, to };
}

/** roomChoices lists the rooms of the reservation's type, free ones first (then in natural order). */
export async function roomChoices(r: Reservation, rooms: readonly Room[], businessDate: string): Promise<RoomChoice[]> {
  const { from, to } = stayRange(r, businessDate);
  let free: Set<string> | null = null;
  try {
    free = freeRoomIds(await getTapeChart(r.hotel_id, from, to), r.id);
  } catch {
    free = null; // Unknown: the server decides.
  }
  const ofType = rooms.filter((x) => x.room_type_id === r.room_type_id);
  const choices = ofType.map((room) => ({
    room,
    free: free === null ? true : free.has(room.id) || room.id === r.room_id,
    ready: room.housekeeping === 'clean' || room.housekeeping === 'inspected',
  }));
  return choices.sort((a, b) => Number(b.free) - Number(a.free));
}
