import { NO_CHANGE_FEE } from '../../test/fixtures';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import type { BookingInput, Modified, Reservation } from '../api/booking';
import type { BookingPriceQuery, PriceInput } from '../api/pricing';
import { AVAILABILITY, propertyRoutes, reservation } from '../../test/bookingFixtures';
import { DESK_ME, FRONT_DESK_PERMISSIONS, created, fakeApi, routes, signedInRoutes, type Routes } from '../../test/fakeApi';
import { newPriceForm, priceInput } from './price';

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const TAX = { rate_bp: 600, included: true };

beforeEach(() => {
  setLocale('en', null);
  window.localStorage.clear();
});
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

describe('priceInput', () => {
  const nights = [
    { date: '2026-12-01', price: 58000 },
    { date: '2026-12-02', price: 58000 },
    { date: '2026-12-03', price: 58000 },
  ];
  const form = (over: Partial<ReturnType<typeof newPriceForm>>) => ({ ...newPriceForm(nights, 'CNY'), reason: 'regular guest', ...over });

  it('sends only the nights whose price was changed, and the free nights', () => {
    const f = form({ mode: 'nights', comp: { '2026-12-03': true } });
    f.nightPrices['2026-12-02'] = '480';
    expect(priceInput(f, nights, 'CNY')).toEqual({
      input: { reason: 'regular guest', nights: [{ date: '2026-12-02', price: 48000 }], comp: ['2026-12-03'] },
      problem: null,
    });
  });

  it('sends a stay total and a percent', () => {
    expect(priceInput(form({ mode: 'total', stayTotal: '1,500.50', discount: 'percent', discountPercent: '10' }), nights, 'CNY').input).toEqual({
      reason: 'regular guest',
      stay_total: 150050,
      discount_percent: 10,
    });
  });

  it('leaves the nights already slept alone', () => {
    expect(priceInput(form({ comp: { '2026-12-01': true, '2026-12-02': true } }), nights, 'CNY', '2026-12-02').input?.comp).toEqual(['2026-12-02']);
  });

  it.each([
    ['nothing changed', form({}), 'price.problem.nothing'],
    ['no reason', form({ discount: 'percent', discountPercent: '5', reason: '  ' }), 'price.problem.reason'],
    ['a percent over 100', form({ discount: 'percent', discountPercent: '101' }), 'price.problem.percent'],
    ['an amount that is not one', form({ discount: 'amount', discountAmount: 'ten' }), 'price.problem.amount'],
    ['a total that is not one', form({ mode: 'total', stayTotal: '-5' }), 'price.problem.amount'],
  ])('names what is wrong: %s', (_, f, problem) => {
    expect(priceInput(f, nights, 'CNY')).toEqual({ input: null, problem });
  });
});

function openBooking<const K extends string = never>(perms?: string[], extra: Routes<K> = {} as Routes<K>) {
  window.location.hash = '#/book';
  const withTax = { ...AVAILABILITY, room_types: AVAILABILITY.room_types.map((t) => ({ ...t, rate_plans: t.rate_plans.map((p) => ({ ...p, tax: { ...TAX, net: 109434, tax: 6566, gross: 116000 } })) })) };
  const api = fakeApi<string>({
    ...(perms ? signedInRoutes(DESK_ME, { permissions: perms, hotels: 'all' }) : signedInRoutes()),
    ...propertyRoutes(),
    ...routes({
      'GET /api/v1/hotels/h-harbour/availability': withTax,
      'GET /api/v1/guests': { guests: [] },
      'POST /api/v1/hotels/h-harbour/price-quote': (req) => {
        const q = req.body as BookingPriceQuery;
        expect(q.price?.comp).toEqual(['2026-12-02']);
        return {
          nights: [
            { date: '2026-12-01', price: 58000 },
            { date: '2026-12-02', price: 0, rate_price: 58000, adjusted: 'comp' as const },
          ],
          rate_total: 116000,
          total: 58000,
          currency: 'CNY',
          tax: { ...TAX, net: 54717, tax: 3283, gross: 58000 },
        };
      },
      'POST /api/v1/reservations': (req) => {
        const b = req.body as BookingInput;
        return created('book', {
          code: 'HX4K2-7QW9T',
          reservations: [reservation({ check_in: b.check_in, check_out: b.check_out })],
          tax: { ...TAX, net: 54717, tax: 3283, gross: 58000 },
        });
      },
    }),
    ...extra,
  });
  render(App);
  return api;
}

async function toReview() {
  await type(await screen.findByTestId('book-check-out'), '2026-12-03');
  await fireEvent.click(screen.getByTestId('book-search'));
  const std = await screen.findByTestId('book-type-STD');
  expect(within(std).getByTestId('book-plan-tax').dataset.tax).toBe('6566');
  await fireEvent.click(within(std).getByTestId('book-add'));
  await fireEvent.click(screen.getByTestId('book-next'));
  await type(await screen.findByTestId('book-guest-name'), 'Wang Fang');
  await type(screen.getByTestId('book-guest-phone'), '+86 139 0000 1111');
  await fireEvent.click(screen.getByTestId('book-next'));
  await screen.findByTestId('book-details');
  await fireEvent.click(screen.getByTestId('book-next'));
  return screen.findByTestId('book-review');
}

describe('Booking review: adjust price', () => {
  it('lets a manager give a night free with a reason, shows the new total and tax, and books it', async () => {
    const api = openBooking();
    const review = await toReview();
    expect(within(review).getByTestId('book-review-tax').dataset.gross).toBe('116000');
    await fireEvent.click(within(review).getByTestId('book-price-adjust'));
    const dialog = await screen.findByTestId('book-price-dialog');
    const comps = within(dialog).getAllByTestId('price-comp');
    await fireEvent.click(comps[1]!);
    expect(within(dialog).getByTestId('book-price-problem').textContent).toBe('Say why the price changes.');
    expect((within(dialog).getByTestId('book-price-apply') as HTMLButtonElement).disabled).toBe(true);
    await type(within(dialog).getByTestId('price-reason'), 'anniversary');
    await fireEvent.click(within(dialog).getByTestId('book-price-preview-button'));
    expect((await within(dialog).findByTestId('book-price-new-total')).textContent).toContain('580.00');
    expect(within(dialog).getByTestId('book-price-tax').dataset.tax).toBe('3283');
    await fireEvent.click(within(dialog).getByTestId('book-price-apply'));
    await waitFor(() => expect(screen.queryByTestId('book-price-dialog')).toBeNull());
    expect(within(review).getByTestId('book-review-total').textContent).toContain('580.00');
    expect(within(review).getByTestId('book-review-adjusted')).toBeTruthy();
    expect(within(review).getByTestId('book-review-tax').dataset.gross).toBe('58000');

    await fireEvent.click(screen.getByTestId('book-confirm'));
    await screen.findByTestId('book-done');
    expect(screen.getByTestId('book-done-tax').dataset.gross).toBe('58000');
    const sent = api.calls.find((c) => c.method === 'POST' && c.path === '/api/v1/reservations')?.body as BookingInput;
    expect(sent.rooms?.[0]?.price).toEqual({ reason: 'anniversary', comp: ['2026-12-02'], expected_total: 58000 });
  });

  it('puts the plan\'s price and tax back on undo', async () => {
    openBooking();
    const review = await toReview();
    await fireEvent.click(within(review).getByTestId('book-price-adjust'));
    const dialog = await screen.findByTestId('book-price-dialog');
    await fireEvent.click(within(dialog).getAllByTestId('price-comp')[1]!);
    await type(within(dialog).getByTestId('price-reason'), 'anniversary');
    await fireEvent.click(within(dialog).getByTestId('book-price-preview-button'));
    await within(dialog).findByTestId('book-price-new-total');
    await fireEvent.click(within(dialog).getByTestId('book-price-apply'));
    await waitFor(() => expect(within(review).getByTestId('book-review-tax').dataset.gross).toBe('58000'));
    await fireEvent.click(within(review).getByTestId('book-price-undo'));
    await waitFor(() => expect(within(review).queryByTestId('book-review-adjusted')).toBeNull());
    expect(within(review).getByTestId('book-review-total').textContent).toContain('1,160.00');
    expect(within(review).getByTestId('book-review-tax').dataset.gross).toBe('116000');
  });

  it('does not offer a price change to the front desk', async () => {
    openBooking(FRONT_DESK_PERMISSIONS);
    const review = await toReview();
    expect(within(review).queryByTestId('book-price-adjust')).toBeNull();
  });
});

const adjusted = reservation({
  nights: [
    { date: '2026-12-01', price: 48000, rate_price: 58000, adjusted: 'override' },
    { date: '2026-12-02', price: 0, rate_price: 58000, adjusted: 'comp' },
  ],
  total: 48000,
  tax: { ...TAX, net: 45283, tax: 2717, gross: 48000 },
  price_history: [{ at: '2026-11-30T08:00:00Z', by: 'manager', comp: ['2026-12-02'], nights: [{ date: '2026-12-01', price: 48000 }], reason: 'complaint', before: 116000, after: 48000 }],
});

function openReservation<const K extends string = never>(r: Reservation, extra: Routes<K> = {} as Routes<K>, perms?: string[]) {
  window.location.hash = `#/reservations/${r.id}`;
  const api = fakeApi<string>({
    ...(perms ? signedInRoutes(DESK_ME, { permissions: perms, hotels: 'all' }) : signedInRoutes()),
    ...propertyRoutes(),
    [`GET /api/v1/reservations/${r.id}`]: r,
    ...extra,
  });
  render(App);
  return api;
}

describe('Reservation price panel', () => {
  it('shows each night at the rate and as agreed, the tax and every price change', async () => {
    openReservation(adjusted, {}, FRONT_DESK_PERMISSIONS);
    const panel = await screen.findByTestId('price-panel');
    const rows = within(panel).getAllByTestId('price-night');
    expect(rows.map((r) => [r.dataset.date, r.dataset.adjusted])).toEqual([
      ['2026-12-01', 'override'],
      ['2026-12-02', 'comp'],
    ]);
    expect(rows[0]!.textContent).toContain('580.00');
    expect(rows[0]!.textContent).toContain('480.00');
    expect(rows[1]!.textContent).toContain('Complimentary');
    expect(within(panel).getByTestId('price-tax').dataset.tax).toBe('2717');
    const history = within(panel).getByTestId('price-history-entry');
    expect(history.textContent).toContain('complaint');
    expect(history.textContent).toContain('manager');
    // The front desk may see the price, not change it.
    expect(within(panel).queryByTestId('price-adjust')).toBeNull();
  });

  it('previews a discount night by night, then saves exactly the previewed total', async () => {
    const after: Modified = {
      reservation: {
        ...adjusted,
        nights: [{ date: '2026-12-01', price: 43200, rate_price: 58000, adjusted: 'override' }, adjusted.nights[1]!],
        total: 43200,
        discount_percent: 10,
        tax: { ...TAX, net: 40755, tax: 2445, gross: 43200 },
        price_history: [...(adjusted.price_history ?? []), { at: '2026-12-01T08:00:00Z', by: 'admin', discount_percent: 10, reason: 'loyalty', before: 48000, after: 43200 }],
      },
      difference: -4800,
      change_fee: NO_CHANGE_FEE,
      nights: [
        { date: '2026-12-01', old: 48000, new: 43200, change: 'repriced', rate_price: 58000, adjusted: 'override' },
        { date: '2026-12-02', old: 0, new: 0, change: 'kept', rate_price: 58000, adjusted: 'comp' },
      ],
    };
    const api = openReservation(adjusted, {
      'POST /api/v1/reservations/res-1/price-quote': () => after,
      'POST /api/v1/reservations/res-1/price': () => after,
    });
    await fireEvent.click(await screen.findByTestId('price-adjust'));
    const dialog = await screen.findByTestId('price-dialog');
    await fireEvent.change(within(dialog).getByTestId('price-discount'), { target: { value: 'percent' } });
    await type(within(dialog).getByTestId('price-discount-percent'), '10');
    await type(within(dialog).getByTestId('price-reason'), 'loyalty');
    expect((within(dialog).getByTestId('price-save') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(within(dialog).getByTestId('price-preview-button'));
    expect((await within(dialog).findByTestId('price-new-total')).textContent).toContain('432.00');
    expect(within(dialog).getAllByTestId('price-preview-night')).toHaveLength(2);
    expect(within(dialog).getByTestId('price-preview-tax').dataset.gross).toBe('43200');
    await fireEvent.click(within(dialog).getByTestId('price-save'));
    await waitFor(() => expect(screen.queryByTestId('price-dialog')).toBeNull());
    const saved = api.calls.find((c) => c.path === '/api/v1/reservations/res-1/price')?.body as PriceInput;
    expect(saved).toEqual({ reason: 'loyalty', discount_percent: 10, expected_total: 43200 });
    expect(screen.getByTestId('price-total').textContent).toContain('432.00');
    expect(screen.getByTestId('price-discount-in-force').textContent).toContain('10%');
    expect(screen.getAllByTestId('price-history-entry')).toHaveLength(2);
  });

  it('offers no price change for a stay that is over', async () => {
    openReservation({ ...adjusted, status: 'checked_out' });
    await screen.findByTestId('price-panel');
    expect(screen.queryByTestId('price-adjust')).toBeNull();
  });
});
