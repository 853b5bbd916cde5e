// The room numbers of a range, as POST /api/v1/hotels/{id}/rooms/bulk makes
// them (app/property/bulk.go BulkRoomNumbers): the same letters before, as
// many digits in both numbers, leading zeros kept, at most MAX_BULK_ROOMS.

import type { MessageKey } from '../i18n';

/** MAX_BULK_ROOMS is the most rooms the server makes at a time. */
export const MAX_BULK_ROOMS = 200;

export type BulkRange = { numbers: string[]; problem: null } | { numbers: []; problem: MessageKey | null };

/** bulkRoomNumbers returns the numbers from from to to, or why there are none (null when a field is empty). */
export function bulkRoomNumbers(from: string, to: string): BulkRange {
  from = from.trim();
  to = to.trim();
  if (!from || !to) return { numbers: [], problem: null };
  const f = /^(.*?)(\d+)$/.exec(from);
  const t = /^(.*?)(\d+)$/.exec(to);
  if (!f || !t || f[1] !== t[1] || f[2]!.length !== t[2]!.length || f[2]!.length > 8) return { numbers: [], problem: 'bulk.problem.range' };
  const prefix = f[1]!;
  const width = f[2]!.length;
  const first = Number(f[2]);
  const last = Number(t[2]);
  if (last < first) return { numbers: [], problem: 'bulk.problem.reversed' };
  if (last - first + 1 > MAX_BULK_ROOMS) return { numbers: [], problem: 'bulk.problem.tooMany' };
  const numbers: string[] = [];
  for (let i = first; i <= last; i++) numbers.push(prefix + String(i).padStart(width, '0'));
  return { numbers, problem: null };
}

/** previewNumbers shortens a long list for the preview: 201, 202, 203 … 220. */
export function previewNumbers(numbers: string[]): string {
  return numbers.length <= 8 ? numbers.join(', ') : `${numbers.slice(0, 3).join(', ')} … ${numbers.slice(-2).join(', ')}`;
}
