import { describe, expect, it } from 'vitest';
import { translate, type Locale, type Translator } from './i18n';
import { bedName, channelName, documentName, housekeepingName, plural, reasonText, reasonsText, statusName } from './labels';
import { BED_TYPES, HOUSEKEEPING } from './api/property';
import { CHANNELS, REASONS, STATUSES, type Status } from './api/booking';
import { ID_DOCUMENT_TYPES } from './api/guests';

const tr = (l: Locale): Translator => (key, params) => translate(l, key, params);
const en = tr('en');
const zh = tr('zh-CN');

describe('reason codes', () => {
  it('translates every code the API sends, in both languages', () => {
    for (const code of REASONS) {
      expect(reasonText(en, code), code).not.toBe(code);
      expect(reasonText(zh, code), code).not.toBe(code);
      expect(reasonText(zh, code)).not.toBe(reasonText(en, code));
    }
  });

  it.each([
    ['sold_out', 'Sold out', '已售罄'],
    ['capacity', 'Too many guests for this room', '超出房间可住人数'],
    ['min_stay', 'Minimum stay not met', '未满足最短入住'],
    ['closed_to_arrival', 'Closed to arrival', '禁止当日入住'],
    ['stop_sell', 'Stop sell', '停售'],
  ])('%s', (code, english, chinese) => {
    expect(reasonText(en, code)).toBe(english);
    expect(reasonText(zh, code)).toBe(chinese);
  });

  it('shows an unknown code as it is', () => {
    expect(reasonText(en, 'new_reason')).toBe('new_reason');
  });

  it('joins several reasons in the language’s way', () => {
    expect(reasonsText(en, ['sold_out', 'min_stay'])).toBe('Sold out, Minimum stay not met');
    expect(reasonsText(zh, ['sold_out', 'min_stay'])).toBe('已售罄、未满足最短入住');
  });
});

describe('names of codes', () => {
  it('names every status, channel, bed, housekeeping state and document', () => {
    const all: [(t: Translator, c: string) => string, readonly string[]][] = [
      [statusName, STATUSES],
      [channelName, CHANNELS],
      [bedName, BED_TYPES],
      [housekeepingName, HOUSEKEEPING],
      [documentName, ID_DOCUMENT_TYPES],
    ];
    for (const [fn, codes] of all) {
      for (const c of codes) {
        expect(fn(en, c), c).not.toBe(c);
        expect(fn(zh, c), c).not.toBe(c);
      }
    }
    expect(statusName(en, 'checked_in')).toBe('In house');
    expect(statusName(zh, 'checked_in')).toBe('在住');
  });

  it('picks the singular or plural message', () => {
    expect(plural(en, 'book.nightsN', 1)).toBe('1 night');
    expect(plural(en, 'book.nightsN', 3)).toBe('3 nights');
    expect(plural(zh, 'book.nightsN', 1)).toBe('1 晚');
  });
});

