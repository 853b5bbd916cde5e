// Types and calls of the group and block routes (docs/booking.md "Groups
// and blocks"): groups booked under one name and contact, the actions on
// all or some of their rooms, and blocks (allotments) held until a
// release date.

import { call, type RequestOptions } from './client';
import type { Schemas } from './operations';

type S = Schemas;

export type Group = S['Group'];
export type GroupContact = S['GroupContact'];
export type GroupSummary = S['GroupSummary'];
export type GroupDetail = S['GroupDetail'];
export type GroupResult = S['GroupResult'];
export type Block = S['Block'];
export type BlockNight = S['BlockNight'];
export type BlockInput = S['BlockInput'];
export type TapeAllotment = S['TapeAllotment'];

export const listGroups = (hotelID: string, o?: RequestOptions) =>
  call('listGroups', { path: { id: hotelID } }, o).then((r) => r.groups);
export const getGroup = (id: string, o?: RequestOptions) => call('getGroup', { path: { id } }, o);
export const updateGroup = (id: string, body: S['GroupPatch']) => call('updateGroup', { path: { id }, body });

/** checkInGroup checks in the rooms named (all still to arrive when none is), all or none. */
export const checkInGroup = (id: string, reservation_ids: string[], override_reason = '') =>
  call('checkInGroup', { path: { id }, body: { reservation_ids, override_reason: override_reason.trim() } });
/** quoteGroupCancel answers each room's cancellation fee and their sum; it changes nothing. */
export const quoteGroupCancel = (id: string, reservation_ids: string[]) => call('quoteGroupCancel', { path: { id }, body: { reservation_ids } });
export const cancelGroup = (id: string, reservation_ids: string[], reason: string, expected_fee: number) =>
  call('cancelGroup', { path: { id }, body: { reservation_ids, reason: reason.trim(), expected_fee } });
/** quoteGroupMove answers what shifting the stays by days would do; it changes nothing. */
export const quoteGroupMove = (id: string, reservation_ids: string[], days: number) =>
  call('quoteGroupMove', { path: { id }, body: { reservation_ids, days } });
/** moveGroup shifts the stays; expected_fee is the preview's fee (the sum of the change fees): another sum now is 409. */
export const moveGroup = (id: string, reservation_ids: string[], days: number, expected_fee: number) =>
  call('moveGroup', { path: { id }, body: { reservation_ids, days, expected_fee } });

export const listBlocks = (hotelID: string, past = false, o?: RequestOptions) =>
  call('listBlocks', { path: { id: hotelID }, query: { past } }, o).then((r) => r.blocks);
export const createBlock = (hotelID: string, body: BlockInput) => call('createBlock', { path: { id: hotelID }, body });
export const getBlock = (id: string, o?: RequestOptions) => call('getBlock', { path: { id } }, o);
export const updateBlock = (id: string, body: S['BlockPatch']) => call('updateBlock', { path: { id }, body });
export const releaseBlock = (id: string) => call('releaseBlock', { path: { id } });
export const deleteBlock = (id: string) => call('deleteBlock', { path: { id } });
