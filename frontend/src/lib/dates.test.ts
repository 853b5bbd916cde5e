import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dateRange, daysBetween, isDate, monthGrid, weekday } from './dates';
import { formatMoney, formatSignedMoney, moneyInput, parseMoney } from './money';

describe('stay dates', () => {
  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(dateRange('2026-12-30', '2027-01-01')).toEqual(['2026-12-30', '2026-12-31']);
  });

  it('tells real dates', () => {
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
    expect(isDate('2026-2-1')).toBe(false);
  });

  it('lays out a month Monday first', () => {
    const weeks = monthGrid('2026-12-15');
    expect(weekday('2026-12-01')).toBe(2);
    expect(weeks[0]).toEqual([null, '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-01');
  });
});

describe('money', () => {
  it('reads typed amounts as minor units', () => {
    expect(parseMoney('580', 'CNY')).toBe(58000);
    expect(parseMoney('1,280.5', 'CNY')).toBe(128050);
    expect(parseMoney('580.123', 'CNY')).toBeNull();
    expect(parseMoney('abc', 'CNY')).toBeNull();
    expect(parseMoney('5800', 'JPY')).toBe(5800);
    expect(moneyInput(58000, 'CNY')).toBe('580.00');
  });

  it('writes amounts in the locale, differences with a sign', () => {
    expect(formatMoney(58000, 'CNY', 'zh-CN')).toBe('¥580.00');
    expect(formatSignedMoney(2000, 'CNY', 'zh-CN')).toBe('+¥20.00');
    expect(formatSignedMoney(-500, 'CNY', 'zh-CN')).toBe('−¥5.00');
  });
});
