// The price change form's pure logic: what a person fills in, turned into
// the PriceInput the API takes (docs/booking.md "Price control"), or the
// reason it cannot be sent yet.

import type { MessageKey } from '../i18n';
import type { NightPrice } from '../api/booking';
import type { PriceInput } from '../api/pricing';
import { moneyInput, parseMoney } from '../money';

/** MARK names the mark of a night whose price was set by hand, as the UI shows it. */
export const MARK = { override: 'price.mark.override', comp: 'price.mark.comp', discount: 'price.mark.discount' } as const satisfies Record<string, MessageKey>;

/** PriceForm is what the price change form holds, as typed. */
export interface PriceForm {
  /** none: prices as they are; nights: a price per night; total: one total for the stay. */
  mode: 'none' | 'nights' | 'total';
  /** The typed price of each night, by date (mode nights). */
  nightPrices: Record<string, string>;
  stayTotal: string;
  /** The nights given free, by date. */
  comp: Record<string, boolean>;
  discount: 'none' | 'amount' | 'percent';
  discountAmount: string;
  discountPercent: string;
  reason: string;
}

/** newPriceForm starts a form over nights: each night's price field shows its agreed price. */
export function newPriceForm(nights: NightPrice[], currency: string): PriceForm {
  return {
    mode: 'none',
    nightPrices: Object.fromEntries(nights.map((n) => [n.date, moneyInput(n.price, currency)])),
    stayTotal: moneyInput(
      nights.reduce((s, n) => s + n.price, 0),
      currency,
    ),
    comp: {},
    discount: 'none',
    discountAmount: '',
    discountPercent: '',
    reason: '',
  };
}

/** ratePrice is the rate plan's price of a night: its own when set by hand, else its agreed price. */
export function ratePrice(n: NightPrice): number {
  return n.adjusted ? (n.rate_price ?? n.price) : n.price;
}

/**
 * priceInput turns form f over nights (those before slept cannot change)
 * into a PriceInput, or names what is missing or wrong. Night prices are
 * sent only for nights whose typed price differs from the agreed one.
 */
export function priceInput(f: PriceForm, nights: NightPrice[], currency: string, slept = ''): { input: PriceInput | null; problem: MessageKey | null } {
  const input: PriceInput = { reason: f.reason.trim() };
  const fail = (problem: MessageKey) => ({ input: null, problem });
  const open = nights.filter((n) => n.date >= slept);
  if (f.mode === 'nights') {
    const changed: { date: string; price: number }[] = [];
    for (const n of open) {
      if (f.comp[n.date]) continue;
      const price = parseMoney(f.nightPrices[n.date] ?? '', currency);
      if (price === null) return fail('price.problem.amount');
      if (price !== n.price) changed.push({ date: n.date, price });
    }
    if (changed.length > 0) input.nights = changed;
  } else if (f.mode === 'total') {
    const total = parseMoney(f.stayTotal, currency);
    if (total === null) return fail('price.problem.amount');
    input.stay_total = total;
  }
  const comp = open.filter((n) => f.comp[n.date]).map((n) => n.date);
  if (comp.length > 0) input.comp = comp;
  if (f.discount === 'amount') {
    const amount = parseMoney(f.discountAmount, currency);
    if (amount === null || amount <= 0) return fail('price.problem.amount');
    input.discount_amount = amount;
  } else if (f.discount === 'percent') {
    const pct = Number(f.discountPercent.trim());
    if (f.discountPercent.trim() === '' || !Number.isInteger(pct) || pct < 0 || pct > 100) return fail('price.problem.percent');
    input.discount_percent = pct;
  }
  if (!input.nights && input.stay_total === undefined && !input.comp && input.discount_amount === undefined && input.discount_percent === undefined) {
    return fail('price.problem.nothing');
  }
  if (!input.reason) return fail('price.problem.reason');
  return { input, problem: null };
}
