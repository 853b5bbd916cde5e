// English messages of what a merge of desks' work leaves: the dashboard's banner of conflicts, and a lapsed hold in lists.
// Placeholders are written {name} and filled in by translate().
export const conflicts = {
  'lapse.status': 'Hold lapsed',
  'conflicts.sharedCode': 'Another booking has this confirmation code too: desks that worked apart gave it twice, and searching the code finds both.',
  'conflicts.newCode': 'Give this booking a new code',
  'conflicts.newCodeDone': 'New confirmation code: {code}',
  'conflicts.title': 'Desks that worked apart left conflicts to resolve',
  'conflicts.doubleBookings': 'Double bookings: {n} room-nights held twice, {m} room-type nights sold above their rooms (see the tape chart).',
  'conflicts.room_number': 'Room number {value} is used by {n} rooms: renumber one of them.',
  'conflicts.room_type_code': 'Room type code {value} is used by {n} room types: change the code of one.',
  'conflicts.username': 'Username {value} belongs to {n} accounts: rename one (until then it signs in the account made first).',
  'conflicts.confirmation_code': 'Confirmation code {value} is shared by {n} reservations of different bookings: give one booking a new code.',
  'conflicts.no_administrator': 'No active administrator was left: {value} is kept as one until you make an administrator.',
  'conflicts.broken.in_house_no_room': '{guest} is in house without a room: a desk changed the stay while another checked the guest in. Assign the room the guest is in.',
  'conflicts.broken.in_house_before_arrival': '{guest} is in house but the stay starts on {from}: a desk moved the stay while another checked the guest in. Move the arrival back.',
  'conflicts.no_administrator_none': 'No active administrator was left, and every former one is disabled: on this computer, enable one with `innkeep user enable NAME` (Innkeep stopped).',
  'conflicts.broken.stayed_with_no_show_fee': '{guest} came, but a desk’s night audit, cut off from the desk that checked the guest in, charged a no-show fee. Reinstate the reservation to waive it.',
  'conflicts.broken.arrived_not_in_house': '{guest} was checked in on one desk while another, cut off from it, cancelled the stay or made it a no-show: the guest may be in a room that is for sale. Reinstate the reservation and check the guest in again.',
  'conflicts.broken.dates': '{guest}: the stay does not end after it starts. Change its dates.',
  'conflicts.broken.nights': '{guest}: the nightly prices are not the stay’s nights. Change the stay to price it again.',
  'conflicts.broken.total': '{guest}: the total is not the sum of the nights. Change the stay to price it again.',
} as const;
