import { describe, expect, it } from 'vitest';
import type { Refusal } from '../api/system';
import { translate, type Locale } from '../i18n';
import { formatAhead, refusalText } from './refusal';

const drift: Refusal = {
  origin: 'deskb',
  seq: 12,
  reason: 'clock_ahead',
  message: 'remote clock is ahead of this computer’s clock by 9m0s, more than the 5m0s allowed',
  at: '2026-11-26T12:00:00Z',
  count: 3,
  ahead_ms: 9 * 60_000,
};

describe('refusalText', () => {
  it.each([
    ['en', 'Desk deskb’s clock is 9 minutes ahead of this desk’s.'],
    ['zh-CN', '前台 deskb 的时钟比本前台快 9分钟。'],
  ] as const)('says how far ahead a desk’s clock is in %s', (lang: Locale, start) => {
    const text = refusalText(drift, (k, p) => translate(lang, k, p), lang, (k) => k);
    expect(text.startsWith(start)).toBe(true);
  });

  it('names the change a gap waits for, and the kind of an append-only record', () => {
    const en = (k: Parameters<typeof translate>[1], p?: Parameters<typeof translate>[2]) => translate('en', k, p);
    expect(refusalText({ ...drift, reason: 'gap', ahead_ms: undefined, expected_seq: 7 }, en, 'en', (k) => k)).toContain('its change 7');
    expect(refusalText({ ...drift, reason: 'append_only', kind: 'audit' }, en, 'en', () => 'Audit entry')).toContain('(Audit entry)');
  });

  it('shows the store’s message for a reason it does not know', () => {
    const r = { ...drift, reason: 'newer_reason' } as unknown as Refusal;
    expect(refusalText(r, (k, p) => translate('en', k, p), 'en', (k) => k)).toBe(drift.message);
  });
});

describe('formatAhead', () => {
  it.each([
    [9 * 60_000, 'en', '9 minutes'],
    [90 * 60_000, 'en', '2 hours'],
    [42_000, 'en', '42 seconds'],
    [9 * 60_000, 'zh-CN', '9分钟'],
  ] as const)('words %d ms in %s', (ms, lang: Locale, want) => {
    expect(formatAhead(ms, lang)).toBe(want);
  });
});
