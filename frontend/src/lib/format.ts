import type { Locale } from './i18n';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * formatBytes writes a byte count in binary units (1 KB = 1024 B) with at
 * most one decimal, using the locale's digits and separators:
 * 32768 → "32 KB", 1536 → "1.5 KB", 1023 → "1,023 B".
 * Negative or non-finite input gives "–".
 */
export function formatBytes(bytes: number, locale: Locale): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '–';
  }
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // Rounding can give "1024 KB"; move up a unit instead.
  if (unit > 0 && unit < UNITS.length - 1 && Math.round(value * 10) / 10 >= 1024) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : 1;
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return `${number} ${UNITS[unit]}`;
}

/** formatNumber writes an integer with the locale's grouping: 32768 → "32,768". */
export function formatNumber(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(n);
}

/**
 * formatDateTime writes an RFC 3339 timestamp as a local date and time.
 * It returns the input unchanged when it is not a valid timestamp.
 */
export function formatDateTime(iso: string, locale: Locale, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone }).format(date);
}

/** formatTime writes the time of day of a Date in the locale. */
export function formatTime(date: Date, locale: Locale, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone }).format(date);
}

/**
 * formatShortDateTime writes an RFC 3339 timestamp compactly, for tables
 * ("26/11/2026, 11:14:18"). It returns the input when it is not a timestamp.
 */
export function formatShortDateTime(iso: string, locale: Locale, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', timeZone }).format(date);
}
