// Rate-plan policies in words: what a charge costs, which cancellation tier
// applies and why (docs/booking.md, "Policies and fees").

import type { Locale, Translator } from '../i18n';
import { formatMoney } from '../money';
import type { components } from '../api/schema';

export type Charge = components['schemas']['Charge'];
export type Policy = components['schemas']['Policy'];
export type PolicyTier = components['schemas']['PolicyTier'];

/** chargeWords names a charge: "50 % of the total", "The first night", "¥80.00"… */
export function chargeWords(t: Translator, c: Charge, currency: string, locale: Locale): string {
  switch (c.fee) {
    case 'percent':
      return t('policy.charge.percent', { percent: c.percent ?? 0 });
    case 'nights':
      return t('policy.charge.nights', { nights: c.nights ?? 0 });
    case 'amount':
      return t('policy.charge.amount', { amount: formatMoney(c.amount ?? 0, currency, locale) });
    case 'first_night':
      return t('policy.charge.first_night');
    case 'full':
      return t('policy.charge.full');
    case 'none':
      return t('policy.charge.none');
  }
  return c.fee;
}

/** whenWords says when a cancellation is made: "cancelled 30 h before arrival" (or after). */
export function whenWords(t: Translator, hoursBefore: number): string {
  return hoursBefore >= 0 ? t('policy.before', { hours: hoursBefore }) : t('policy.after', { hours: -hoursBefore });
}

/** nowWords says when a cancellation made now would be: "if cancelled now, 30 h before arrival" (or after). */
export function nowWords(t: Translator, hoursBefore: number): string {
  return hoursBefore >= 0 ? t('policy.nowBefore', { hours: hoursBefore }) : t('policy.nowAfter', { hours: -hoursBefore });
}

/** CHARGE_KINDS names each kind of charge, for a choice of one. */
export const CHARGE_KINDS = {
  none: 'policy.kind.none',
  percent: 'policy.kind.percent',
  first_night: 'policy.kind.first_night',
  nights: 'policy.kind.nights',
  full: 'policy.kind.full',
  amount: 'policy.kind.amount',
} as const;

/** FEE_KINDS names each kind of recorded fee. */
export const FEE_KINDS = { cancellation: 'fees.kind.cancellation', no_show: 'fees.kind.no_show', change: 'fees.kind.change' } as const;
