// What the booking flow adds for groups and blocks: a group name and
// contact when several rooms are booked together, the existing group the
// rooms join, and the block rooms are picked up from.

import type { BookingInput } from '../api/booking';

/** DraftGroup is a new group as the flow gathers it; an empty name books no group. */
export interface DraftGroup {
  name: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
}

/** DraftBlock is the block the flow picks rooms up from (preset from the Groups page). */
export interface DraftBlock {
  id: string;
  roomTypeId: string;
  name: string;
}

export function emptyGroup(): DraftGroup {
  return { name: '', contactName: '', contactPhone: '', contactEmail: '' };
}

/**
 * groupFields adds the draft's group and block to a booking body: rooms of
 * the block's type take block_id; a named new group goes as group, an
 * existing one as group_id.
 */
export function groupFields(
  d: { group?: DraftGroup; groupId?: string; block?: DraftBlock | null; rooms: { room_type_id: string }[] },
  body: BookingInput,
): BookingInput {
  const block = d.block;
  if (block) {
    body.rooms = (body.rooms ?? []).map((r) => (r.room_type_id === block.roomTypeId ? { ...r, block_id: block.id } : r));
  }
  if (d.groupId) {
    body.group_id = d.groupId;
  } else if (d.group && d.group.name.trim()) {
    body.group = {
      name: d.group.name.trim(),
      contact: { name: d.group.contactName.trim(), phone: d.group.contactPhone.trim(), email: d.group.contactEmail.trim() },
      notes: '',
    };
  }
  return body;
}

/** groupEmailProblem reports a contact email that cannot be one. */
export function groupEmailProblem(g: DraftGroup | undefined): boolean {
  const e = g?.contactEmail.trim() ?? '';
  return e !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e);
}

/**
 * presetGroup reads what the Groups page puts in the booking flow's
 * address: the block to book from (block, block_name, with the room type
 * room_type) and the group to join (group, group_name).
 */
export function presetGroup(q: URLSearchParams, roomType: string): { block?: DraftBlock; groupId?: string; group?: DraftGroup } {
  const out: { block?: DraftBlock; groupId?: string; group?: DraftGroup } = { group: emptyGroup() };
  const block = q.get('block') ?? '';
  if (block && roomType) out.block = { id: block, roomTypeId: roomType, name: q.get('block_name') ?? '' };
  const group = q.get('group') ?? '';
  if (group && out.group) {
    out.groupId = group;
    out.group.name = q.get('group_name') ?? '';
  }
  return out;
}
