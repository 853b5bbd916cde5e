// What a clerk may do with a reservation in its status, on the hotel's
// business date.

import type { Reservation } from '../api/booking';

export type Action = 'confirm' | 'check-in' | 'check-out' | 'modify' | 'assign' | 'move' | 'no-show' | 'cancel';

/**
 * availableActions lists the actions for r, most likely first: a tentative
 * hold can be confirmed; arrivals of the business date can be checked in
 * (and marked no-show from that day on); guests in house can move rooms,
 * change their departure and check out; bookings not yet arrived can be
 * changed, assigned a room and cancelled.
 */
export function availableActions(r: Pick<Reservation, 'status' | 'check_in' | 'room_id'>, businessDate: string): Action[] {
  const out: Action[] = [];
  switch (r.status) {
    case 'tentative':
    case 'confirmed':
      if (r.status === 'tentative') out.push('confirm');
      if (businessDate && r.check_in === businessDate) out.push('check-in');
      out.push('modify', r.room_id ? 'move' : 'assign');
      if (businessDate && r.check_in <= businessDate) out.push('no-show');
      out.push('cancel');
      break;
    case 'checked_in':
      out.push('check-out', 'move', 'modify');
      break;
  }
  return out;
}
