import { derived, get, writable, type Readable } from 'svelte/store';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';
import { browserStorage, type StorageLike } from './storage';

/** MessageKey is the name of one user-visible string. */
export type MessageKey = keyof typeof en;

/** Messages is a complete dictionary for one locale. */
export type Messages = Readonly<Record<MessageKey, string>>;

/** LOCALES lists the supported locales, the default first. */
export const LOCALES = ['en', 'zh-CN'] as const;

/** Locale is a supported BCP 47 language tag. */
export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = 'en';

/** STORAGE_KEY is the localStorage key that remembers the chosen language. */
export const STORAGE_KEY = 'innkeep.lang';

/**
 * LOCALE_NAMES gives each locale's name in its own language, as shown in the
 * language switch whatever the current locale is.
 */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = {
  en: 'English',
  'zh-CN': '简体中文',
};

export const dictionaries: Readonly<Record<Locale, Messages>> = {
  en,
  'zh-CN': zhCN,
};

/** Params fills {name} placeholders in a message. */
export type Params = Readonly<Record<string, string | number>>;

/** Translator returns the message for key in the current locale. */
export type Translator = (key: MessageKey, params?: Params) => string;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** isMessageKey reports whether key names a message (for keys built at runtime). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/**
 * localeFromLanguage maps a browser language tag to a supported locale:
 * any Chinese tag (zh, zh-CN, zh-TW, zh-Hans…) gives zh-CN, everything else en.
 */
export function localeFromLanguage(tag: string | null | undefined): Locale {
  if (typeof tag === 'string' && /^zh(?:[-_]|$)/i.test(tag.trim())) {
    return 'zh-CN';
  }
  return DEFAULT_LOCALE;
}

export type { StorageLike } from './storage';

/**
 * detectLocale picks the starting locale: a valid remembered choice wins,
 * otherwise the browser language decides.
 */
export function detectLocale(storage: StorageLike | null, language: string | null | undefined): Locale {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    // Storage can be unavailable (privacy modes); fall through to the browser language.
  }
  return isLocale(stored) ? stored : localeFromLanguage(language);
}

/**
 * rememberLocale stores the choice. Failures are ignored: the choice then
 * lasts only for this page.
 */
export function rememberLocale(storage: StorageLike | null, locale: Locale): void {
  try {
    storage?.setItem(STORAGE_KEY, locale);
  } catch {
    // See detectLocale.
  }
}

function browserLanguage(): string | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}

/**
 * translate returns the message for key in locale with {name} placeholders
 * replaced. Unknown placeholders are left as they are.
 */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const message = dictionaries[locale][key] ?? en[key];
  if (!params) {
    return message;
  }
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

const current = writable<Locale>(detectLocale(browserStorage(), browserLanguage()));

/** locale is the current locale. Change it with setLocale. */
export const locale: Readable<Locale> = { subscribe: current.subscribe };

/** setLocale switches the language and remembers the choice. */
export function setLocale(next: Locale, storage: StorageLike | null = browserStorage()): void {
  current.set(next);
  rememberLocale(storage, next);
}

/** currentLocale returns the current locale outside components. */
export function currentLocale(): Locale {
  return get(current);
}

/** t is a store of the translator for the current locale: `$t('nav.health')`. */
export const t: Readable<Translator> = derived(current, (l) => {
  const fn: Translator = (key, params) => translate(l, key, params);
  return fn;
});
