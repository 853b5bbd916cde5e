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

/** Health is the body of GET /api/v1/health. */
export type Health = Schemas['Health'];

/** CheckReport is the body of GET /api/v1/system/check: ok, and the findings with what to do. */
export type CheckReport = Schemas['CheckReport'];

/** checkSystem runs GET /api/v1/system/check (system.view). */
export function checkSystem(options?: RequestOptions): Promise<CheckReport> {
  return call('checkSystem', {}, options);
}

/** getHealth fetches GET /api/v1/health. */
export function getHealth(options?: RequestOptions): Promise<Health> {
  return call('getHealth', {}, options);
}
