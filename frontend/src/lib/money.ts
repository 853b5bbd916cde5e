// Money is an integer number of minor units in an ISO 4217 currency
// (docs/booking.md): 12800 CNY minor units are 128.00 yuan.

import type { Locale } from './i18n';

/** minorDigits returns how many decimals the currency has (CNY 2, JPY 0). */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** formatMoney writes minor units as an amount of currency in the locale: "¥128.00". */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const digits = minorDigits(currency);
  const value = minor / 10 ** digits;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits }).format(value);
  } catch {
    return `${value.toFixed(digits)} ${currency}`;
  }
}

/** formatSignedMoney writes a difference with its sign: "+¥20.00", "−¥5.00", "¥0.00". */
export function formatSignedMoney(minor: number, currency: string, locale: Locale): string {
  const abs = formatMoney(Math.abs(minor), currency, locale);
  if (minor > 0) return `+${abs}`;
  if (minor < 0) return `−${abs}`;
  return abs;
}

/**
 * parseMoney reads an amount typed by a person ("128", "128.5", "1,280.00")
 * as minor units of currency. It returns null for anything else, or for more
 * decimals than the currency has.
 */
export function parseMoney(text: string, currency: string): number | null {
  const s = text.trim().replace(/[,\s]/g, '');
  const digits = minorDigits(currency);
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const whole = m[1] ?? '0';
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const minor = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

/** moneyInput writes minor units as the plain number a form field shows ("128.00"). */
export function moneyInput(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** formatAmount writes minor units as a bare number for tight spaces: 62800 CNY → "628", 72220 → "722.2". */
export function formatAmount(minor: number, currency: string, locale: Locale): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(minor / 10 ** digits);
}
