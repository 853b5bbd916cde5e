// Words for the changes of other desks that this desk refuses: the store
// records a reason code and its parameters, and these turn them into a
// sentence in the reader's language.

import type { Refusal } from '../api/system';
import { isMessageKey, type Locale, type Translator } from '../i18n';

/** REFUSAL_REASONS are the reasons the API gives for a refusal (Refusal.reason), each worded by a refusal.* message. */
export const REFUSAL_REASONS: readonly Refusal['reason'][] = [
  'clock_ahead',
  'unknown_kind',
  'too_large',
  'gap',
  'own_origin',
  'duplicate_differs',
  'append_only',
  'malformed',
  'failed',
];

/**
 * formatAhead says how far ahead a clock is, in the largest whole unit
 * that fits (hours, minutes or seconds): "9 minutes", "9分钟".
 */
export function formatAhead(ms: number, locale: Locale): string {
  const units: [Intl.NumberFormatOptions['unit'], number][] = [
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1000],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(ms) >= size || unit === 'second') {
      const n = Math.round(ms / size);
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
    }
  }
  return '';
}

/**
 * refusalText words one refusal: why the changes of r.origin are refused
 * and what to do. A reason this version does not know shows the store's
 * English message.
 */
export function refusalText(r: Refusal, t: Translator, locale: Locale, kindLabel: (kind: string) => string): string {
  const key = `refusal.${r.reason}`;
  if (!isMessageKey(key)) return r.message;
  return t(key, {
    desk: r.origin,
    ahead: formatAhead(r.ahead_ms ?? 0, locale),
    kind: r.kind ? kindLabel(r.kind) : '',
    expected: r.expected_seq ?? 0,
    seq: r.seq,
  });
}
