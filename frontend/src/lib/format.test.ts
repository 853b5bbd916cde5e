import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatNumber } from './format';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1,023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [32768, '32 KB'],
    [1048575, '1 MB'],
    [1048576, '1 MB'],
    [5 * 1024 * 1024 + 300 * 1024, '5.3 MB'],
    [3 * 1024 ** 3, '3 GB'],
    [2 * 1024 ** 4, '2 TB'],
  ])('%d bytes in en is %s', (bytes, want) => {
    expect(formatBytes(bytes, 'en')).toBe(want);
  });

  it('uses the locale', () => {
    expect(formatBytes(32768, 'zh-CN')).toBe('32 KB');
    expect(formatBytes(1536, 'zh-CN')).toBe('1.5 KB');
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %d', (bytes) => {
    expect(formatBytes(bytes, 'en')).toBe('–');
  });
});

describe('formatNumber', () => {
  it('groups digits', () => {
    expect(formatNumber(32768, 'en')).toBe('32,768');
    expect(formatNumber(32768, 'zh-CN')).toBe('32,768');
  });
});

describe('formatDateTime', () => {
  it('formats an RFC 3339 timestamp in the given zone', () => {
    expect(formatDateTime('2026-11-26T10:00:00Z', 'en', 'UTC')).toBe('Nov 26, 2026, 10:00:00 AM');
    expect(formatDateTime('2026-11-26T10:00:00Z', 'zh-CN', 'UTC')).toBe('2026年11月26日 10:00:00');
  });

  it('returns an invalid timestamp unchanged', () => {
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});
