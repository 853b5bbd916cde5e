// Types and calls of the system API: the health of this desk's service.

import { getJSON, v1, type RequestOptions } from './client';

/** Mode is how the binary runs: a desktop window or a headless LAN server. */
export type Mode = 'serve' | 'desktop';

/** DocumentCounts counts the documents in the store. */
export interface DocumentCounts {
  total: number;
  by_kind: Record<string, number>;
}

/** StoreHealth describes the local bbolt store. */
export interface StoreHealth {
  file: string;
  size_bytes: number;
  schema_version: number;
  documents: DocumentCounts;
}

/** Health is the body of GET /api/v1/health. */
export interface Health {
  status: string;
  version: string;
  mode: Mode;
  node_id: string;
  data_dir: string;
  /** RFC 3339 UTC timestamp. */
  started_at: string;
  store: StoreHealth;
}

/** getHealth fetches GET /api/v1/health. */
export function getHealth(options?: RequestOptions): Promise<Health> {
  return getJSON<Health>(v1`/health`, options);
}
