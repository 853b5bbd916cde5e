// Types and calls of the guests API (docs/booking.md): guest profiles, their
// stays, and merging duplicates.

import { asReservation, type Reservation } from './booking';
import { getJSON, list, patchJSON, postJSON, v1, withQuery, type RequestOptions } from './client';

/** ID_DOCUMENT_TYPES are the kinds of identity document a guest may show. */
export const ID_DOCUMENT_TYPES = ['passport', 'id_card', 'driving_licence', 'other'] as const;

export interface GuestInput {
  name: string;
  phone: string;
  email: string;
  nationality: string;
  id_document: { type: string; number: string };
  notes?: string;
}

export interface Guest extends GuestInput {
  id: string;
  notes: string;
  merged_into: string;
  created_at?: string;
  updated_at?: string;
}

const asGuest = (g: Guest): Guest => ({ ...g, id_document: g.id_document ?? { type: '', number: '' } });

export const searchGuests = (q: string, o?: RequestOptions) =>
  getJSON<{ guests: Guest[] }>(withQuery(v1`/guests`, { q }), o).then((r) =>
    list(r.guests).map(asGuest),
  );
export const getGuest = (id: string, o?: RequestOptions) => getJSON<Guest>(v1`/guests/${id}`, o).then(asGuest);
export const updateGuest = (id: string, patch: Partial<GuestInput>) =>
  patchJSON<Guest>(v1`/guests/${id}`, patch).then(asGuest);
export const guestStays = (id: string, o?: RequestOptions) =>
  getJSON<{ stays: Reservation[] }>(v1`/guests/${id}/stays`, o).then((r) => list(r.stays).map(asReservation));
export const mergeGuest = (id: string, duplicate_id: string) =>
  postJSON<Guest>(v1`/guests/${id}/merge`, { duplicate_id }).then(asGuest);
