import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import CancelDialog from './CancelDialog.svelte';
import FeesList from './FeesList.svelte';
import ModifyDialog from './ModifyDialog.svelte';
import ReinstateAction from './ReinstateAction.svelte';
import RatePlanForm from '../property/RatePlanForm.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import type { CancellationQuote, Fee, Modified } from '../api/booking';
import type { Policy } from './policyWords';
import App from '../../App.svelte';
import { DLX, PLANS, STD, propertyRoutes, ratePlan, reservation } from '../../test/bookingFixtures';
import { errorResponse, fakeApi, signedInRoutes } from '../../test/fakeApi';

// The policy of these tests: 50 % from 7 days before arrival, the first
// night from 48 hours; a no-show costs the full stay; changes are free
// until 72 hours before arrival, then 80.00.
const TIERED: Policy = {
  non_refundable: false,
  cancellation: [
    { from_hours: 168, charge: { fee: 'percent', percent: 50 } },
    { from_hours: 48, charge: { fee: 'first_night' } },
  ],
  no_show: { fee: 'full' },
  change: { free_hours: 72, charge: { fee: 'amount', amount: 8000 } },
};

// Cancelled 30 hours before an arrival of 3 Dec 14:00 (Shanghai): the
// first night is due; free cancellation ended 26 Nov 14:00.
const FIRST_NIGHT: CancellationQuote = {
  fee: 58000,
  currency: 'CNY',
  policy: TIERED,
  arrival: '2026-12-03T06:00:00Z',
  hours_before: 30,
  tier: TIERED.cancellation[1],
  free_until: '2026-11-26T06:00:00Z',
};

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

beforeEach(() => {
  setLocale('en', null);
  window.localStorage.clear();
});
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

function cancel(quote: CancellationQuote) {
  const api = fakeApi({
    'GET /api/v1/reservations/res-1/cancellation-fee': quote,
    'POST /api/v1/reservations/res-1/cancel': () => reservation({ status: 'cancelled' }),
  });
  render(CancelDialog, { props: { reservation: reservation(), timeZone: 'Asia/Shanghai', onsaved: vi.fn(), onclose: () => {} } });
  return api;
}

describe('CancelDialog', () => {
  it('names the tier that applies, how long before arrival, and when free cancellation ended', async () => {
    cancel({ ...FIRST_NIGHT, next_tier: undefined });
    const tier = (await screen.findByTestId('cancel-tier')).textContent ?? '';
    expect(tier).toContain('The first night — if cancelled now, 30 h before arrival');
    expect(tier).not.toContain('free until'); // said once, below
    expect(screen.getByTestId('cancel-free-until').textContent).toContain('Free cancellation ended');
    expect(screen.getByTestId('cancel-fee').dataset.fee).toBe('58000');
    expect(screen.getByTestId('cancel-policy').textContent).toContain('From 168 h before arrival: 50 % of the total');
    expect(screen.getByTestId('cancel-policy').textContent).toContain('No-show: The full stay');
  });

  it('says when the next tier starts while cancelling is still free, in Chinese too', async () => {
    setLocale('zh-CN', null);
    cancel({ ...FIRST_NIGHT, fee: 0, hours_before: 200, tier: undefined, next_tier: TIERED.cancellation[0], next_tier_at: '2026-11-26T06:00:00Z' });
    expect((await screen.findByTestId('cancel-tier')).textContent).toContain('免费（现在取消：抵店前 200 小时）');
    expect(screen.getByTestId('cancel-next-tier').textContent).toContain('总价的 50%');
  });

  it('shows a non-refundable rate as such and charges the full stay', async () => {
    const api = cancel({ fee: 116000, currency: 'CNY', policy: { ...TIERED, non_refundable: true, cancellation: [] }, arrival: '2026-12-03T06:00:00Z', hours_before: 500, non_refundable: true });
    expect((await screen.findByTestId('cancel-non-refundable')).textContent).toContain('Non-refundable rate');
    expect(screen.queryByTestId('cancel-tier')).toBeNull();
    await fireEvent.click(screen.getByTestId('cancel-confirm'));
    await waitFor(() => expect(api.find('POST /api/v1/reservations/res-1/cancel')[0]?.body).toEqual({ reason: '', expected_fee: 116000 }));
  });
});

describe('ModifyDialog', () => {
  it('asks for the change to be shown again when its fee moved since the preview', async () => {
    const quoted: Modified = {
      reservation: reservation({ check_out: '2026-12-04' }),
      difference: 58000,
      nights: [],
      change_fee: { fee: 0, currency: 'CNY', applies: true, charge: { fee: 'amount', amount: 8000 }, free_until: '2026-12-01T03:00:00Z' },
    };
    fakeApi({
      'POST /api/v1/reservations/res-1/modify-quote': () => quoted,
      'PATCH /api/v1/reservations/res-1': () =>
        new Response(JSON.stringify({ error: { code: 'conflict', key: 'booking.change_fee_changed', message: 'the change fee is now 8000, not 0; look at the change again' } }), {
          status: 409,
          headers: { 'Content-Type': 'application/json' },
        }),
    });
    render(ModifyDialog, { props: { reservation: reservation(), types: [DLX, STD], plans: PLANS, businessDate: '2026-12-01', onsaved: vi.fn(), onclose: () => {} } });
    await type(screen.getByTestId('modify-check-out'), '2026-12-04');
    await fireEvent.click(screen.getByTestId('modify-preview'));
    expect((await screen.findByTestId('modify-change-fee')).textContent).toContain('No change fee');
    await fireEvent.click(screen.getByTestId('modify-save'));
    expect((await screen.findByTestId('modify-error')).textContent).toContain('the change fee is now 8000');
    expect(screen.queryByTestId('modify-change-fee')).toBeNull();
    expect((screen.getByTestId('modify-save') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the change fee before saving and sends it as the one agreed', async () => {
    const quoted: Modified = {
      reservation: reservation({ check_out: '2026-12-04' }),
      difference: 58000,
      nights: [],
      change_fee: { fee: 8000, currency: 'CNY', applies: true, charge: { fee: 'amount', amount: 8000 }, free_until: '2026-11-28T06:00:00Z' },
    };
    const api = fakeApi({ 'POST /api/v1/reservations/res-1/modify-quote': () => quoted, 'PATCH /api/v1/reservations/res-1': () => quoted });
    const onsaved = vi.fn();
    render(ModifyDialog, { props: { reservation: reservation(), types: [DLX, STD], plans: PLANS, businessDate: '2026-12-01', timeZone: 'Asia/Shanghai', onsaved, onclose: () => {} } });
    await type(screen.getByTestId('modify-check-out'), '2026-12-04');
    await fireEvent.click(screen.getByTestId('modify-preview'));
    const note = await screen.findByTestId('modify-change-fee');
    expect(note.textContent).toContain('this change costs CN¥80.00');
    await fireEvent.click(screen.getByTestId('modify-save'));
    await vi.waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(api.find('PATCH /api/v1/reservations/res-1')[0]?.body).toEqual({ check_out: '2026-12-04', expected_change_fee: 8000 });
  });
});

const FEES: Fee[] = [
  { id: 'f1', kind: 'cancellation', amount: 58000, currency: 'CNY', at: '2026-12-01T02:00:00Z', by: 'desk', reason: 'plans changed',
    rule: { hours_before: 30, from_hours: 48, charge: { fee: 'first_night' } } },
  { id: 'f2', kind: 'cancellation', amount: -58000, currency: 'CNY', at: '2026-12-01T03:00:00Z', by: 'manager', reason: 'the guest called back', waives: 'f1' },
];

describe('FeesList', () => {
  it('lists each fee with its rule, a reversal as waived, and the net due', () => {
    render(FeesList, { props: { fees: FEES, currency: 'CNY', timeZone: 'Asia/Shanghai' } });
    const rows = screen.getAllByTestId('fee-row');
    expect(rows.map((r) => r.dataset.amount)).toEqual(['58000', '-58000']);
    expect(rows[0]?.textContent).toContain('The first night');
    expect(rows[0]?.textContent).toContain('cancelled 30 h before arrival');
    expect(rows[1]?.textContent).toContain('Waived');
    expect(screen.getByTestId('fees-net').dataset.net).toBe('0');
  });

  it('says when there are none', () => {
    render(FeesList, { props: { fees: undefined, currency: 'CNY' } });
    expect(screen.getByTestId('reservation-fees').textContent).toContain('No fees charged.');
  });
});

describe('ReinstateAction', () => {
  const cancelled = reservation({ status: 'cancelled', check_in: '2026-12-02', check_out: '2026-12-04', fees: FEES.slice(0, 1) });

  it('asks for a reason, shows the fee it waives, and says the room was lost', async () => {
    const api = fakeApi({
      'POST /api/v1/reservations/res-1/reinstate': () => ({
        reservation: { ...cancelled, status: 'confirmed' as const, room_id: '' },
        room_released: '101',
        waived: FEES.slice(1),
        nights_dropped: [],
      }),
    });
    const onsaved = vi.fn();
    render(ReinstateAction, { props: { reservation: cancelled, businessDate: '2026-12-01', onsaved } });
    await fireEvent.click(screen.getByTestId('action-reinstate'));
    expect(screen.getByTestId('reinstate-waives').textContent).toContain('CN¥580.00');
    await fireEvent.click(screen.getByTestId('reinstate-confirm'));
    expect(screen.getByTestId('reinstate-problem').textContent).toContain('Give a reason');
    expect(api.calls).toHaveLength(0);
    await type(screen.getByTestId('reinstate-reason'), 'the guest called back');
    await fireEvent.click(screen.getByTestId('reinstate-confirm'));
    await vi.waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(onsaved.mock.calls[0]?.[1]).toContain('Room 101 was taken');
    expect(api.find('POST /api/v1/reservations/res-1/reinstate')[0]?.body).toEqual({ reason: 'the guest called back' });
  });

  it('shows the refusal of a sold-out night, in Chinese', async () => {
    setLocale('zh-CN', null);
    fakeApi({ 'POST /api/v1/reservations/res-1/reinstate': () => errorResponse(409, 'conflict', '2026-12-02 没有空余的豪华大床房') });
    render(ReinstateAction, { props: { reservation: cancelled, businessDate: '2026-12-01', onsaved: vi.fn() } });
    await fireEvent.click(screen.getByTestId('action-reinstate'));
    await type(screen.getByTestId('reinstate-reason'), '客人回电');
    await fireEvent.click(screen.getByTestId('reinstate-confirm'));
    expect((await screen.findByTestId('reinstate-error')).textContent).toContain('2026-12-02');
  });

  it('is not offered for a stay that is over or still active', () => {
    render(ReinstateAction, { props: { reservation: { ...cancelled, check_out: '2026-12-01' }, businessDate: '2026-12-01', onsaved: vi.fn() } });
    render(ReinstateAction, { props: { reservation: reservation(), businessDate: '2026-12-01', onsaved: vi.fn() } });
    expect(screen.queryByTestId('action-reinstate')).toBeNull();
  });
});

describe('RatePlanForm policy', () => {
  function form(plan = ratePlan({ policy: TIERED })) {
    const api = fakeApi({ 'PATCH /api/v1/rate-plans/p-std-bar': (req) => ({ ...plan, ...(req.body as object) }) });
    const onsaved = vi.fn();
    render(RatePlanForm, { props: { hotelId: 'h-harbour', currency: 'CNY', types: [STD, DLX], plan, onsaved, oncancel: () => {} } });
    return { api, onsaved };
  }

  it('sends the plan’s own tiers', async () => {
    const { api, onsaved } = form();
    expect(screen.getAllByTestId('policy-tier')).toHaveLength(2);
    await type(screen.getAllByTestId('policy-tier-hours')[1]!, '24');
    await fireEvent.click(screen.getByTestId('rate-plan-form-submit'));
    await vi.waitFor(() => expect(onsaved).toHaveBeenCalled());
    const body = api.find('PATCH /api/v1/rate-plans/p-std-bar')[0]?.body as { policy: Policy };
    expect(body.policy.cancellation).toEqual([
      { from_hours: 168, charge: { fee: 'percent', percent: 50 } },
      { from_hours: 24, charge: { fee: 'first_night' } },
    ]);
    expect(body.policy.change).toEqual({ free_hours: 72, charge: { fee: 'amount', amount: 8000 } });
  });

  it('refuses tiers out of order before sending', async () => {
    const { api } = form();
    await type(screen.getAllByTestId('policy-tier-hours')[1]!, '200');
    await fireEvent.click(screen.getByTestId('rate-plan-form-submit'));
    expect((await screen.findByTestId('rate-plan-form-problem')).textContent).toContain('fewer hours before arrival');
    expect(api.calls).toHaveLength(0);
  });

  it('goes back to the hotel’s policy', async () => {
    const { api, onsaved } = form();
    await fireEvent.click(screen.getByTestId('policy-use-hotel'));
    await fireEvent.click(screen.getByTestId('rate-plan-form-submit'));
    await vi.waitFor(() => expect(onsaved).toHaveBeenCalled());
    expect(api.find('PATCH /api/v1/rate-plans/p-std-bar')[0]?.body).toMatchObject({ use_hotel_policy: true });
  });
});

describe('the reservation page', () => {
  it('lists the fees and reinstates a cancelled stay', async () => {
    const cancelled = reservation({ status: 'cancelled', check_in: '2026-12-02', check_out: '2026-12-04', fees: FEES.slice(0, 1) });
    window.location.hash = `#/reservations/${cancelled.id}`;
    fakeApi<string>({
      ...signedInRoutes(),
      ...propertyRoutes(),
      [`GET /api/v1/reservations/${cancelled.id}`]: cancelled,
      [`POST /api/v1/reservations/${cancelled.id}/reinstate`]: () => ({
        reservation: { ...cancelled, status: 'confirmed' as const, fees: FEES },
        waived: FEES.slice(1),
        nights_dropped: [],
      }),
    });
    render(App);
    expect((await screen.findAllByTestId('fee-row')).map((r) => r.dataset.kind)).toEqual(['cancellation']);
    await fireEvent.click(screen.getByTestId('action-reinstate'));
    await type(screen.getByTestId('reinstate-reason'), 'the guest called back');
    await fireEvent.click(screen.getByTestId('reinstate-confirm'));
    await waitFor(() => expect(screen.getByTestId('reservation-status').dataset.status).toBe('confirmed'));
    expect(screen.getByTestId('reservation-notice').textContent).toContain('Reinstated.');
    expect(screen.getAllByTestId('fee-row')).toHaveLength(2);
    expect(screen.getByTestId('fees-net').dataset.net).toBe('0');
    expect(screen.queryByTestId('action-reinstate')).toBeNull();
  });
});
