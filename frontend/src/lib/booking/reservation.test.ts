import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import type { Modified, Reservation } from '../api/booking';
import { BUSINESS_DATE, chart, propertyRoutes, reservation } from '../../test/bookingFixtures';
import { FRONT_DESK_PERMISSIONS, errorResponse, fakeApi, signedInRoutes, DESK_ME, type Routes } from '../../test/fakeApi';
import { HOTEL_POLICY, NO_CHANGE_FEE } from '../../test/fixtures';

function open<const K extends string = never>(r: Reservation, extra: Routes<K> = {} as Routes<K>, perms?: string[]) {
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

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const status = () => screen.getByTestId('reservation-status').dataset.status;

beforeEach(() => {
  setLocale('en', null);
  window.localStorage.clear();
});
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

describe('Reservation page', () => {
  it('shows the stay, the nightly prices and the room history', async () => {
    open(reservation({ room_id: 'r-101', room_history: [{ room_id: 'r-101', from: BUSINESS_DATE, at: '2026-11-20T08:00:00Z', by: 'alice' }] }));
    expect((await screen.findByTestId('reservation-code')).textContent).toBe('HX4K2-7QW9T');
    expect(screen.getByTestId('reservation-status').textContent).toBe('Confirmed');
    await waitFor(() => expect(screen.getByTestId('reservation-room').textContent).toBe('101'));
    expect(within(screen.getByTestId('reservation-nights')).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByTestId('reservation-total').textContent).toContain('1,160.00');
    expect(screen.getByTestId('reservation-history').textContent).toContain('101');
  });

  it('shows a hold whose time has passed as lapsed, its stored status kept', async () => {
    open(reservation({ status: 'tentative', hold_until: '2026-12-01T02:00:00Z', hold_lapsed: true }));
    expect((await screen.findByTestId('reservation-status')).textContent).toBe('Hold lapsed');
    expect(status()).toBe('tentative');
  });

  it('says when another booking has its code after a merge, and gives this one a new code', async () => {
    const r = reservation();
    const api = open(r, {
      'GET /api/v1/hotels/h-harbour/conflicts': { room_nights: [], oversold: [], rules: [{ rule: 'confirmation_code' as const, value: r.code, ids: [r.id, 'res-other'] }] },
      [`POST /api/v1/reservations/${r.id}/new-code`]: { code: 'NEW00-00001', reservations: [{ ...r, code: 'NEW00-00001' }] },
    });
    const shared = await screen.findByTestId('reservation-shared-code');
    expect(shared.textContent).toContain('Another booking has this confirmation code too');
    await fireEvent.click(within(shared).getByTestId('reservation-new-code'));
    await waitFor(() => expect(screen.getByTestId('reservation-code').textContent).toBe('NEW00-00001'));
    expect(screen.getByTestId('reservation-notice').textContent).toContain('NEW00-00001');
    expect(screen.queryByTestId('reservation-shared-code')).toBeNull();
    expect(api.find(`POST /api/v1/reservations/${r.id}/new-code`)).toHaveLength(1);
  });

  it('offers the actions of an arrival of the business date', async () => {
    open(reservation());
    const actions = await screen.findByTestId('reservation-actions');
    expect([...actions.querySelectorAll('button')].map((b) => b.dataset.testid)).toEqual([
      'action-check-in',
      'action-modify',
      'action-assign',
      'action-no-show',
      'action-cancel',
    ]);
  });

  it('shows no actions to a user who may not change reservations', async () => {
    open(reservation(), {}, FRONT_DESK_PERMISSIONS.filter((p) => p !== 'reservations.update'));
    await screen.findByTestId('reservation-code');
    expect(screen.queryByTestId('reservation-actions')).toBeNull();
  });

  it('cancels with the previewed fee', async () => {
    const api = open(reservation(), {
      'GET /api/v1/reservations/res-1/cancellation-fee': {
        fee: 58000,
        free_until: '2026-11-30T06:00:00Z',
        policy: HOTEL_POLICY, arrival: '2026-12-01T06:00:00Z', hours_before: 3, tier: HOTEL_POLICY.cancellation[0],
        currency: 'CNY',
      },
      'POST /api/v1/reservations/res-1/cancel': () =>
        reservation({ status: 'cancelled', cancellation: { at: '2026-12-01T03:00:00Z', fee: 58000, reason: 'Plans changed' } }),
    });
    await fireEvent.click(await screen.findByTestId('action-cancel'));
    expect((await screen.findByTestId('cancel-fee')).textContent).toContain('580.00');
    expect(screen.getByTestId('cancel-free-until').textContent).toContain('Free cancellation ended at');
    expect(screen.getByTestId('cancel-free-until').textContent).toContain('2:00');
    await type(screen.getByTestId('cancel-reason'), 'Plans changed');
    expect(screen.getByTestId('cancel-confirm').textContent).toContain('Cancel and charge');
    await fireEvent.click(screen.getByTestId('cancel-confirm'));
    await waitFor(() => expect(status()).toBe('cancelled'));
    expect(api.find('POST /api/v1/reservations/res-1/cancel')[0]?.body).toEqual({ reason: 'Plans changed', expected_fee: 58000 });
    expect(screen.getByTestId('reservation-cancellation-fee').textContent).toContain('580.00');
    expect(screen.queryByTestId('cancel-dialog')).toBeNull();
  });

  it('shows the refusal when the fee changed since the preview', async () => {
    open(reservation(), {
      'GET /api/v1/reservations/res-1/cancellation-fee': { fee: 0, free_until: '2026-12-02T06:00:00Z', policy: HOTEL_POLICY, arrival: '2026-12-03T06:00:00Z', hours_before: 30, currency: 'CNY' },
      'POST /api/v1/reservations/res-1/cancel': () => errorResponse(409, 'conflict', 'the cancellation fee is now 58000, not 0; preview it again'),
    });
    await fireEvent.click(await screen.findByTestId('action-cancel'));
    await screen.findByTestId('cancel-fee');
    expect(screen.getByTestId('cancel-confirm').textContent).toContain('Cancel free of charge');
    await fireEvent.click(screen.getByTestId('cancel-confirm'));
    expect((await screen.findByTestId('cancel-error')).textContent).toContain('the cancellation fee is now 58000');
    expect(status()).toBe('confirmed');
  });

  it('needs a reason to check in to a room that is not clean', async () => {
    const api = open(reservation({ room_id: 'r-102' }), {
      'POST /api/v1/reservations/res-1/check-in': () => reservation({ room_id: 'r-102', status: 'checked_in', checked_in_at: '2026-12-01T07:00:00Z' }),
    });
    await fireEvent.click(await screen.findByTestId('action-check-in'));
    const dialog = await screen.findByTestId('check-in-dialog');
    await waitFor(() => expect((within(dialog).getByTestId('check-in-room') as HTMLSelectElement).value).toBe('r-102'));
    expect(dialog.textContent).toContain('Room 102 is Dirty');
    await fireEvent.click(screen.getByTestId('check-in-confirm'));
    expect(dialog.textContent).toContain('Give a reason to check in to a room that is not clean');
    expect(api.find('POST /api/v1/reservations/res-1/check-in')).toHaveLength(0);
    await type(screen.getByTestId('check-in-override'), 'Guest agreed; cleaning in progress');
    await fireEvent.click(screen.getByTestId('check-in-confirm'));
    await waitFor(() => expect(status()).toBe('checked_in'));
    expect(api.find('POST /api/v1/reservations/res-1/check-in')[0]?.body).toEqual({ room_id: 'r-102', override_reason: 'Guest agreed; cleaning in progress' });
  });

  it('checks in to a clean room without a reason', async () => {
    const api = open(reservation(), {
      'POST /api/v1/reservations/res-1/check-in': () => reservation({ room_id: 'r-101', status: 'checked_in' }),
    });
    await fireEvent.click(await screen.findByTestId('action-check-in'));
    await waitFor(() => expect((screen.getByTestId('check-in-room') as HTMLSelectElement).value).toBe('r-101'));
    await fireEvent.click(screen.getByTestId('check-in-confirm'));
    await waitFor(() => expect(status()).toBe('checked_in'));
    expect(api.find('POST /api/v1/reservations/res-1/check-in')[0]?.body).toEqual({ room_id: 'r-101' });
  });

  it('shows the price difference before a change is saved', async () => {
    const modified: Modified = {
      reservation: reservation({ check_out: '2026-12-04', total: 174000 }),
      difference: 58000,
      change_fee: NO_CHANGE_FEE,
      nights: [
        { date: '2026-12-01', old: 58000, new: 58000, change: 'kept' },
        { date: '2026-12-02', old: 58000, new: 58000, change: 'kept' },
        { date: '2026-12-03', old: 0, new: 58000, change: 'added' },
      ],
    };
    const api = open(reservation(), {
      'POST /api/v1/reservations/res-1/modify-quote': () => modified,
      'PATCH /api/v1/reservations/res-1': () => modified,
    });
    await fireEvent.click(await screen.findByTestId('action-modify'));
    await type(await screen.findByTestId('modify-check-out'), '2026-12-04');
    expect((screen.getByTestId('modify-save') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('modify-preview'));
    expect((await screen.findByTestId('modify-difference')).textContent).toContain('+CN¥580.00');
    expect(api.find('POST /api/v1/reservations/res-1/modify-quote')[0]?.body).toEqual({ check_out: '2026-12-04' });
    await fireEvent.click(screen.getByTestId('modify-save'));
    expect((await screen.findByTestId('reservation-notice')).textContent).toContain('+CN¥580.00');
    expect(api.find('PATCH /api/v1/reservations/res-1')[0]?.body).toEqual({ check_out: '2026-12-04', expected_change_fee: 0 });
  });

  it('assigns a free room of the type, and shows the API’s refusal inline', async () => {
    const busy = chart({ from: '2026-12-01', to: '2026-12-03' });
    busy.rooms[0]!.blocks = [
      { reservation_id: 'other', code: 'X', guest_name: 'Li Wei', status: 'confirmed', check_in: '2026-12-01', check_out: '2026-12-02', from: '2026-12-01', to: '2026-12-02', conflict: false },
    ];
    let refuse = true;
    const api = open(reservation(), {
      'GET /api/v1/hotels/h-harbour/tape-chart': busy,
      'POST /api/v1/reservations/res-1/assign': () =>
        refuse ? errorResponse(409, 'conflict', 'room 102 is taken on 2026-12-02') : reservation({ room_id: 'r-102' }),
    });
    await fireEvent.click(await screen.findByTestId('action-assign'));
    const select = (await screen.findByTestId('assign-room')) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe('r-102'));
    // 101 is taken for the stay; 201 is of another type and not offered.
    expect([...select.options].map((o) => [o.value, o.disabled])).toEqual([
      ['', true],
      ['r-102', false],
      ['r-101', true],
    ]);
    await fireEvent.click(screen.getByTestId('assign-save'));
    expect((await screen.findByTestId('assign-error')).textContent).toContain('room 102 is taken on 2026-12-02');
    refuse = false;
    await fireEvent.click(screen.getByTestId('assign-save'));
    await waitFor(() => expect(screen.getByTestId('reservation-room').textContent).toBe('102'));
    expect(api.find('POST /api/v1/reservations/res-1/assign')[1]?.body).toEqual({ room_id: 'r-102', reason: '' });
  });

  it('confirms a tentative hold', async () => {
    const api = open(reservation({ status: 'tentative', check_in: '2026-12-05', check_out: '2026-12-06', hold_until: '2026-12-01T08:00:00Z' }), {
      'POST /api/v1/reservations/res-1/confirm': () => reservation({ status: 'confirmed', check_in: '2026-12-05', check_out: '2026-12-06' }),
    });
    await fireEvent.click(await screen.findByTestId('action-confirm'));
    await fireEvent.click(within(await screen.findByTestId('confirm-hold-dialog')).getByTestId('confirm-yes'));
    await waitFor(() => expect(status()).toBe('confirmed'));
    expect(api.find('POST /api/v1/reservations/res-1/confirm')).toHaveLength(1);
  });

  it('checks a guest in house out, and marks a no-show', async () => {
    open(reservation({ status: 'checked_in', room_id: 'r-101', check_in: '2026-11-30' }), {
      'POST /api/v1/reservations/res-1/check-out': () => reservation({ status: 'checked_out', room_id: 'r-101', check_in: '2026-11-30' }),
    });
    expect((await screen.findByTestId('reservation-actions')).textContent).not.toContain('Cancel');
    await fireEvent.click(screen.getByTestId('action-check-out'));
    const dialog = await screen.findByTestId('check-out-dialog');
    expect(dialog.textContent).toContain('the remaining nights are released');
    await fireEvent.click(within(dialog).getByTestId('confirm-yes'));
    await waitFor(() => expect(status()).toBe('checked_out'));
    expect(screen.queryByTestId('reservation-actions')).toBeNull();
  });

  it('marks a no-show', async () => {
    const api = open(reservation(), {
      'POST /api/v1/reservations/res-1/no-show': () => reservation({ status: 'no_show' }),
    });
    await fireEvent.click(await screen.findByTestId('action-no-show'));
    await fireEvent.click(within(await screen.findByTestId('no-show-dialog')).getByTestId('confirm-yes'));
    await waitFor(() => expect(status()).toBe('no_show'));
    expect(api.find('POST /api/v1/reservations/res-1/no-show')).toHaveLength(1);
  });

  it('says when the reservation cannot be found', async () => {
    window.location.hash = '#/reservations/nope';
    fakeApi({ ...signedInRoutes(), ...propertyRoutes() });
    render(App);
    expect((await screen.findByTestId('reservation-error')).textContent).toContain('Could not load the reservation');
  });
});
