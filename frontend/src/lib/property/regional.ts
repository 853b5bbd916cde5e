// Time zones and currencies for the setup wizard and hotel forms.

/** COMMON_CURRENCIES are offered first; any other ISO 4217 code may be typed. */
export const COMMON_CURRENCIES = [
  'CNY',
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'HKD',
  'MOP',
  'TWD',
  'SGD',
  'THB',
  'MYR',
  'IDR',
  'VND',
  'PHP',
  'KRW',
  'INR',
  'AUD',
  'NZD',
  'CAD',
  'CHF',
  'AED',
] as const;

/** CURRENCY_PATTERN is the shape of an ISO 4217 code. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** browserTimeZone returns the IANA zone of this computer, or "UTC". */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * timeZones returns the IANA zones the browser knows, sorted, always
 * including UTC and the browser's own zone.
 */
export function timeZones(): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  const set = new Set(zones);
  set.add('UTC');
  set.add(browserTimeZone());
  return [...set].sort();
}

const REGION_CURRENCY: Readonly<Record<string, string>> = {
  CN: 'CNY',
  US: 'USD',
  GB: 'GBP',
  JP: 'JPY',
  HK: 'HKD',
  MO: 'MOP',
  TW: 'TWD',
  SG: 'SGD',
  TH: 'THB',
  MY: 'MYR',
  ID: 'IDR',
  VN: 'VND',
  PH: 'PHP',
  KR: 'KRW',
  IN: 'INR',
  AU: 'AUD',
  NZ: 'NZD',
  CA: 'CAD',
  CH: 'CHF',
  AE: 'AED',
  DE: 'EUR',
  FR: 'EUR',
  IT: 'EUR',
  ES: 'EUR',
  NL: 'EUR',
  BE: 'EUR',
  AT: 'EUR',
  PT: 'EUR',
  IE: 'EUR',
  FI: 'EUR',
  GR: 'EUR',
};

/**
 * guessCurrency returns the currency of the region of a language tag
 * ("zh-CN" → "CNY", "en-GB" → "GBP"), or "" when it cannot tell.
 */
export function guessCurrency(languageTag: string | undefined): string {
  if (!languageTag) return '';
  try {
    const region = new Intl.Locale(languageTag).maximize().region ?? '';
    return REGION_CURRENCY[region] ?? '';
  } catch {
    return '';
  }
}

/** currencyName returns the name of code in locale ("CNY" → "Chinese Yuan"), or the code. */
export function currencyName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'currency' }).of(code) ?? code;
  } catch {
    return code;
  }
}
