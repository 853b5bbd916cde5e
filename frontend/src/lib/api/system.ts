// Types and calls of the system API: the health of this desk's service.

import { call, type RequestOptions } from './client';
import type { Schemas } from './operations';

/**
 * MODES are how the binary runs: a desktop window or a headless LAN server.
 * The contract types Health's mode as a plain string.
 */
export const MODES = ['serve', 'desktop'] as const;
export type Mode = (typeof MODES)[number];

/** DocumentCounts counts the documents in the store. */
export type DocumentCounts = Schemas['DocumentCounts'];

/** StoreHealth describes the local bbolt store. */
export type StoreHealth = Schemas['StoreHealth'];

/** DiskHealth describes the disk of the data folder. */
export type DiskHealth = Schemas['DiskHealth'];

/** Refusal is the last change of another desk that this desk refused (Health.replication.refusals). */
export type Refusal = Schemas['Refusal'];

/** Status is the body of GET /api/v1/health: all that anyone may learn. */
export type Status = Schemas['Status'];

/** Health is the body of GET /api/v1/system/health (needs system.view). */
export type Health = Schemas['Health'];

/** CheckReport is the body of GET /api/v1/system/check: ok, and the findings with what to do. */
export type CheckReport = Schemas['CheckReport'];

/** checkSystem runs GET /api/v1/system/check (system.view). */
export function checkSystem(options?: RequestOptions): Promise<CheckReport> {
  return call('checkSystem', {}, options);
}

/** getHealth fetches GET /api/v1/health: the status only. */
export function getHealth(options?: RequestOptions): Promise<Status> {
  return call('getHealth', {}, options);
}

/** getSystemHealth fetches GET /api/v1/system/health: the node, its store and its disk. */
export function getSystemHealth(options?: RequestOptions): Promise<Health> {
  return call('getSystemHealth', {}, options);
}
