import { get } from 'svelte/store';
import { afterEach, describe, expect, it } from 'vitest';
import {
  LOCALES,
  LOCALE_NAMES,
  STORAGE_KEY,
  detectLocale,
  dictionaries,
  isMessageKey,
  locale,
  localeFromLanguage,
  rememberLocale,
  setLocale,
  t,
  translate,
  type StorageLike,
} from './i18n';
import { areas as enAreas, en } from './locales/en';
import { areas as zhAreas, zhCN } from './locales/zh-CN';

function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => (k in data ? (data[k] ?? null) : null),
    setItem: (k, v) => {
      data[k] = String(v);
    },
  };
}

const brokenStorage: StorageLike = {
  getItem: () => {
    throw new Error('storage disabled');
  },
  setItem: () => {
    throw new Error('storage disabled');
  },
};

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('dictionaries', () => {
  it('has exactly the same keys in every locale', () => {
    const enKeys = Object.keys(en).sort();
    expect(enKeys.length).toBeGreaterThan(20);
    for (const code of LOCALES) {
      expect(Object.keys(dictionaries[code]).sort(), code).toEqual(enKeys);
    }
    expect(Object.keys(zhCN).sort()).toEqual(enKeys);
  });

  it('keeps each key in one area, the same area in every locale', () => {
    const seen = new Map<string, string>();
    for (const [area, messages] of Object.entries(enAreas)) {
      for (const key of Object.keys(messages)) {
        expect(seen.get(key), `${key} is in ${seen.get(key)} and ${area}`).toBeUndefined();
        seen.set(key, area);
      }
    }
    expect(seen.size).toBe(Object.keys(en).length);
    expect(Object.keys(zhAreas)).toEqual(Object.keys(enAreas));
    for (const [area, messages] of Object.entries(zhAreas)) {
      expect(Object.keys(messages).sort(), area).toEqual(Object.keys(enAreas[area as keyof typeof enAreas]).sort());
    }
  });

  it('has no empty or blank messages', () => {
    for (const code of LOCALES) {
      for (const [key, message] of Object.entries(dictionaries[code])) {
        expect(typeof message, `${code} ${key}`).toBe('string');
        expect(message.trim(), `${code} ${key}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in every locale', () => {
    for (const key of Object.keys(en)) {
      if (!isMessageKey(key)) throw new Error(key);
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('translates the Chinese UI (not a copy of the English)', () => {
    expect(zhCN['health.nodeId']).toBe('节点 ID');
    expect(en['health.nodeId']).toBe('Node ID');
    const same = Object.keys(en).filter((k) => isMessageKey(k) && en[k] === zhCN[k]);
    // Only the product name and the title pattern may stay identical.
    expect(same.sort()).toEqual(['app.documentTitle', 'app.name']);
  });

  it('names each locale in its own language', () => {
    expect(LOCALE_NAMES).toEqual({ en: 'English', 'zh-CN': '简体中文' });
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'health.sizeExact', { count: '32,768' })).toBe('32,768 bytes');
    expect(translate('zh-CN', 'health.errorCode', { code: 'not_found', status: 404 })).toBe(
      '错误代码：not_found（HTTP 404）',
    );
  });

  it('leaves unknown placeholders alone', () => {
    expect(translate('en', 'health.lastChecked')).toBe('Last checked at {time}');
    expect(translate('en', 'health.lastChecked', { other: 1 })).toBe('Last checked at {time}');
  });

  it('tells message keys from other strings', () => {
    expect(isMessageKey('kind.hotel')).toBe(true);
    expect(isMessageKey('kind.spaceship')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
  });
});

describe('locale defaults', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['ZH_cn', 'zh-CN'],
    ['en-US', 'en'],
    ['en', 'en'],
    ['fr-FR', 'en'],
    ['zu', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    [null, 'en'],
  ] as const)('maps navigator.language %j to %s', (tag, want) => {
    expect(localeFromLanguage(tag)).toBe(want);
  });

  it('prefers a remembered choice over the browser language', () => {
    expect(detectLocale(memoryStorage({ [STORAGE_KEY]: 'en' }), 'zh-CN')).toBe('en');
    expect(detectLocale(memoryStorage({ [STORAGE_KEY]: 'zh-CN' }), 'en-US')).toBe('zh-CN');
  });

  it('ignores an invalid remembered value', () => {
    expect(detectLocale(memoryStorage({ [STORAGE_KEY]: 'klingon' }), 'zh-CN')).toBe('zh-CN');
    expect(detectLocale(memoryStorage({ [STORAGE_KEY]: 'zh' }), 'en-GB')).toBe('en');
  });

  it('falls back to the browser language without storage', () => {
    expect(detectLocale(null, 'zh-CN')).toBe('zh-CN');
    expect(detectLocale(brokenStorage, 'zh-CN')).toBe('zh-CN');
    expect(detectLocale(memoryStorage(), 'de')).toBe('en');
  });
});

describe('locale persistence', () => {
  afterEach(() => {
    setLocale('en', null);
    window.localStorage.clear();
  });

  it('remembers the choice under innkeep.lang', () => {
    const storage = memoryStorage();
    rememberLocale(storage, 'zh-CN');
    expect(storage.data).toEqual({ 'innkeep.lang': 'zh-CN' });
    expect(detectLocale(storage, 'en-US')).toBe('zh-CN');
  });

  it('does not throw when storage is unavailable', () => {
    expect(() => rememberLocale(brokenStorage, 'zh-CN')).not.toThrow();
  });

  it('setLocale updates the stores and localStorage', () => {
    setLocale('zh-CN');
    expect(get(locale)).toBe('zh-CN');
    expect(get(t)('nav.health')).toBe('系统状态');
    expect(window.localStorage.getItem('innkeep.lang')).toBe('zh-CN');

    setLocale('en');
    expect(get(locale)).toBe('en');
    expect(get(t)('nav.health')).toBe('System health');
    expect(window.localStorage.getItem('innkeep.lang')).toBe('en');
  });
});
