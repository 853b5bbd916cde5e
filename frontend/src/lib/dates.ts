// Stay dates: "YYYY-MM-DD" strings in the hotel's time zone (docs/booking.md).
// The arithmetic runs on UTC midnights so that no daylight-saving shift or
// local time zone of the browser moves a date.

import type { Locale } from './i18n';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** isDate reports whether s is a real calendar date written YYYY-MM-DD. */
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return toDate(d) === s;
}

function parse(s: string): Date {
  const m = DATE.exec(s);
  if (!m) throw new RangeError(`not a date: ${s}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function toDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** addDays returns the date n days after date (n may be negative). */
export function addDays(date: string, n: number): string {
  return toDate(new Date(parse(date).getTime() + n * DAY_MS));
}

/** daysBetween returns the number of nights from a to b (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((parse(b).getTime() - parse(a).getTime()) / DAY_MS);
}

/** dateRange returns the dates from ≤ date < to. */
export function dateRange(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  return Array.from({ length: Math.max(0, n) }, (_, i) => addDays(from, i));
}

/** weekday returns 0 (Sunday) to 6 (Saturday). */
export function weekday(date: string): number {
  return parse(date).getUTCDay();
}

/** isWeekend reports whether date falls on Saturday or Sunday. */
export function isWeekend(date: string): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}

/** monthStart returns the first day of date's month. */
export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** addMonths returns the first day of the month n months after date's. */
export function addMonths(date: string, n: number): string {
  const d = parse(monthStart(date));
  return toDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
}

/**
 * monthGrid returns the weeks of date's month, Monday first: each week has
 * seven dates, null outside the month.
 */
export function monthGrid(date: string): (string | null)[][] {
  const first = monthStart(date);
  const next = addMonths(date, 1);
  const lead = (weekday(first) + 6) % 7; // Monday = 0
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (const d of dateRange(first, next)) cells.push(d);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** formatDate writes a stay date in the locale: "Tue, 1 Dec 2026". */
export function formatDate(date: string, locale: Locale, style: 'short' | 'medium' | 'long' = 'medium'): string {
  if (!isDate(date)) return date;
  const options: Intl.DateTimeFormatOptions =
    style === 'short'
      ? { month: 'short', day: 'numeric', timeZone: 'UTC' }
      : style === 'medium'
        ? { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' }
        : { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, options).format(parse(date));
}

/** formatMonth writes the month of date: "December 2026". */
export function formatMonth(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(parse(date));
}

/** weekdayName returns the short name of weekday d (0 = Sunday) in the locale. */
export function weekdayName(d: number, locale: Locale, style: 'short' | 'narrow' = 'short'): string {
  // 2023-01-01 was a Sunday.
  return new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + d)));
}

/** dayOfMonth returns the day number of date. */
export function dayOfMonth(date: string): number {
  return Number(date.slice(8, 10));
}

/**
 * formatWhen writes an RFC 3339 timestamp as a date and a time to the
 * minute, in timeZone (the hotel's): "Nov 26, 2026, 2:00 PM". It returns the
 * input when it is not a timestamp.
 */
export function formatWhen(iso: string, locale: Locale, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  }
}
