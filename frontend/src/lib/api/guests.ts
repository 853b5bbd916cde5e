// Types and calls of the guests API (docs/booking.md): guest profiles, their
// stays, and merging duplicates.

import { call, newIdempotencyKey, type RequestOptions } from './client';
import { enumValues, type Filled, type Schemas } from './operations';

/** IDDocumentType is a kind of identity document (the contract's enum, without "none"). */
export type IDDocumentType = Exclude<Schemas['IDDocument']['type'], ''>;

/** ID_DOCUMENT_TYPES are the kinds of identity document a guest may show. */
export const ID_DOCUMENT_TYPES = enumValues<IDDocumentType>({ passport: true, id_card: true, driving_licence: true, other: true });

/** GuestInput is the body of creating a guest (and a new guest in a booking). */
export type GuestInput = Schemas['GuestInput'];

/**
 * GuestFields are a guest's details as a form fills them in: every field of
 * GuestInput present (notes and the hotel may be left out), the identity
 * document too.
 */
export type GuestFields = Filled<Omit<GuestInput, 'id_document' | 'notes' | 'hotel_id'>> &
  Pick<GuestInput, 'notes' | 'hotel_id'> & { id_document: Filled<NonNullable<GuestInput['id_document']>> };

/** GuestPatch is the body of PATCH /api/v1/guests/{id}. */
export type GuestPatch = Schemas['GuestPatch'];

/** Guest is a guest's profile. */
export type Guest = Schemas['GuestView'];

export const searchGuests = (q: string, o?: RequestOptions) => call('listGuests', { query: { q } }, o).then((r) => r.guests);
/** createGuest makes a guest profile without a booking. */
export const createGuest = (body: GuestInput) => call('createGuest', { body }, { idempotencyKey: newIdempotencyKey() });
export const getGuest = (id: string, o?: RequestOptions) => call('getGuest', { path: { id } }, o);
export const updateGuest = (id: string, body: GuestPatch) => call('updateGuest', { path: { id }, body });
export const guestStays = (id: string, o?: RequestOptions) => call('listGuestStays', { path: { id } }, o).then((r) => r.stays);
export const mergeGuest = (id: string, duplicate_id: string) => call('mergeGuest', { path: { id }, body: { duplicate_id } });
