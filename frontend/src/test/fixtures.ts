import { expect, vi } from 'vitest';
import { ApiError } from '../lib/api/client';
import type { Hotel } from '../lib/api/access';
import type { Health } from '../lib/api/system';
import type { ChangeFeeQuote } from '../lib/api/booking';
import type { Policy } from '../lib/booking/policyWords';

/** HEALTH is the sample body of GET /api/v1/system/health from the API contract. */
export const HEALTH: Health = {
  status: 'ok',
  version: '0.1.0',
  mode: 'serve',
  node_id: 'a1b2c3d4e5f60718',
  data_dir: '/home/x/.config/innkeep',
  started_at: '2026-11-26T10:00:00Z',
  store: {
    file: '/home/x/.config/innkeep/innkeep.db',
    size_bytes: 32768,
    schema_version: 1,
    documents: { total: 3, by_kind: { hotel: 1, room: 2 } },
  },
  disk: { free_bytes: 50 * 1024 ** 3, total_bytes: 200 * 1024 ** 3, low: false, write_failed_full: false },
  replication: { refusals: [] },
};

/** hotel builds a hotel as GET /api/v1/hotels/{id} sends it: Harbour Inn unless over says otherwise. */
export function hotel(over: Partial<Hotel> = {}): Hotel {
  return {
    id: 'h-harbour',
    name: 'Harbour Inn',
    time_zone: 'Asia/Shanghai',
    currency: 'CNY',
    address: '1 Harbour Road',
    star_rating: 3,
    phone: '',
    email: '',
    check_in_time: '14:00',
    check_out_time: '12:00',
    tax: { rate_bp: 600, included: true },
    cancellation: { free_hours: 24, fee: 'first_night', percent: 0 },
    business_date: '2026-12-01',
    booking_horizon_days: 1096,
    created_at: '2026-11-01T08:00:00Z',
    updated_at: '2026-11-01T08:00:00Z',
    ...over,
  };
}

/** jsonResponse builds a real Response with a JSON body. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** stubFetch replaces the global fetch with a mock running impl, and returns the mock. */
export function stubFetch(impl: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>) {
  const fn = vi.fn(impl);
  vi.stubGlobal('fetch', fn);
  return fn;
}

/** caught awaits p, expects it to reject with an ApiError, and returns that error. */
export async function caught(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected the promise to reject');
}

/** HOTEL_POLICY is a hotel's policy as a plan without its own reads it: free until 24 hours before arrival, then the first night. */
export const HOTEL_POLICY: Policy = {
  non_refundable: false,
  cancellation: [{ from_hours: 24, charge: { fee: 'first_night' } }],
  no_show: { fee: 'first_night' },
  change: { free_hours: 0, charge: { fee: 'none' } },
};

/** NO_CHANGE_FEE is the change fee of a change that costs nothing under the change policy. */
export const NO_CHANGE_FEE: ChangeFeeQuote = { fee: 0, currency: 'CNY', applies: false, charge: { fee: 'none' } };
