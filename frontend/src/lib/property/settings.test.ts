import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import type { OutOfOrderInput, RatePlan, Room, RoomType } from '../api/property';
import { HOTEL, PLANS, STD, propertyRoutes, ratePlan, room } from '../../test/bookingFixtures';
import { created, fakeApi, signedInRoutes, type Routes } from '../../test/fakeApi';

function open<const K extends string = never>(hash: string, extra: Routes<K> = {} as Routes<K>) {
  window.location.hash = hash;
  const api = fakeApi<string>({ ...signedInRoutes(), ...propertyRoutes(), ...extra });
  render(App);
  return api;
}

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const choose = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

beforeEach(() => {
  setLocale('en', null);
  window.localStorage.clear();
});
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

describe('Property settings', () => {
  it('saves the hotel’s details and cancellation policy', async () => {
    const api = open('#/settings/hotel', {
      'PATCH /api/v1/hotels/h-harbour': (req) => ({ ...HOTEL, ...(req.body as object) }),
    });
    await type(await screen.findByTestId('hotel-form-address'), '2 Harbour Road');
    await choose(screen.getByTestId('hotel-form-stars'), '4');
    await type(screen.getByTestId('hotel-form-check-in'), '15:00');
    await type(screen.getByTestId('hotel-form-tax'), '6.5');
    await type(screen.getByTestId('hotel-form-free-hours'), '48');
    await choose(screen.getByTestId('hotel-form-fee'), 'percent');
    await type(await screen.findByTestId('hotel-form-percent'), '50');
    await fireEvent.click(screen.getByTestId('hotel-form-submit'));
    await screen.findByTestId('hotel-form-saved');
    expect(api.find('PATCH /api/v1/hotels/h-harbour')[0]?.body).toEqual({
      name: 'Harbour Inn',
      address: '2 Harbour Road',
      star_rating: 4,
      phone: '',
      email: '',
      check_in_time: '15:00',
      check_out_time: '12:00',
      tax: { rate_bp: 650, included: true },
      cancellation: { free_hours: 48, fee: 'percent', percent: 50 },
      booking_horizon_days: 1096,
    });
  });

  it('sets how far ahead the hotel takes bookings, within 1 to 3653 days', async () => {
    const api = open('#/settings/hotel', {
      'PATCH /api/v1/hotels/h-harbour': (req) => ({ ...HOTEL, ...(req.body as object) }),
    });
    const horizon = (await screen.findByTestId('hotel-form-horizon')) as HTMLInputElement;
    expect(horizon.value).toBe('1096');
    await type(horizon, '4000');
    await fireEvent.click(screen.getByTestId('hotel-form-submit'));
    expect(await screen.findByText('Bookings are taken 1 to 3653 days ahead.')).toBeTruthy();
    expect(api.find('PATCH /api/v1/hotels/h-harbour')).toHaveLength(0);
    await type(horizon, '365');
    await fireEvent.click(screen.getByTestId('hotel-form-submit'));
    await screen.findByTestId('hotel-form-saved');
    expect(api.find('PATCH /api/v1/hotels/h-harbour')[0]?.body).toMatchObject({ booking_horizon_days: 365 });
  });

  it('creates a room type, then offers its photos', async () => {
    const api = open('#/settings/room-types', {
      'POST /api/v1/hotels/h-harbour/room-types': (req) => created('createRoomType', { ...STD, ...(req.body as Partial<RoomType>), id: 't-new', photos: [] }),
    });
    await fireEvent.click(await screen.findByTestId('room-type-create'));
    await type(screen.getByTestId('room-type-form-code'), 'fam');
    await type(screen.getByTestId('room-type-form-name'), 'Family Room');
    await choose(screen.getByTestId('room-type-form-bed'), 'double');
    await type(screen.getByTestId('room-type-form-adults'), '3');
    await type(screen.getByTestId('room-type-form-children'), '2');
    await type(screen.getByTestId('room-type-form-amenities'), 'wifi, bathtub，crib');
    await fireEvent.click(screen.getByTestId('room-type-form-submit'));
    expect(await screen.findByTestId('room-type-photos')).toBeTruthy();
    const [req] = api.find('POST /api/v1/hotels/h-harbour/room-types');
    expect(req?.body).toMatchObject({ code: 'FAM', name: 'Family Room', bed_type: 'double', max_adults: 3, max_children: 2, amenities: ['wifi', 'bathtub', 'crib'] });
    expect(req?.headers.get('Idempotency-Key')).toBeTruthy();
    expect(screen.getByTestId('room-type-row-FAM')).toBeTruthy();
  });

  it('lists rooms in natural order and creates one, its floor from its number', async () => {
    const api = open('#/settings/rooms', {
      'GET /api/v1/hotels/h-harbour/rooms': {
        rooms: ['10', '9', '101'].map((n) => room({ id: `r-${n}`, number: n })),
      },
      'POST /api/v1/hotels/h-harbour/rooms': (req) => created('createRoom', room({ ...(req.body as Partial<Room>), id: 'r-new' })),
    });
    await screen.findByTestId('room-row-101');
    const numbers = [...screen.getByTestId('settings-rooms').querySelectorAll('[data-testid^="room-row-"]')].map((r) => (r as HTMLElement).dataset.testid);
    expect(numbers).toEqual(['room-row-9', 'room-row-10', 'room-row-101']);
    await fireEvent.click(screen.getByTestId('room-create'));
    await type(screen.getByTestId('room-form-number'), '305');
    await choose(screen.getByTestId('room-form-type'), 't-std');
    await waitFor(() => expect((screen.getByTestId('room-form-floor') as HTMLInputElement).value).toBe('3'));
    await fireEvent.click(screen.getByTestId('room-form-submit'));
    await screen.findByTestId('room-row-305');
    expect(api.find('POST /api/v1/hotels/h-harbour/rooms')[0]?.body).toEqual({ number: '305', floor: 3, room_type_id: 't-std', features: [] });
  });

  it('takes a room out of order', async () => {
    const api = open('#/settings/rooms', {
      'POST /api/v1/rooms/r-101/out-of-order': (req) =>
        created('addOutOfOrder', room({ out_of_order: [{ id: 'o1', ...(req.body as Required<OutOfOrderInput>) }] })),
    });
    await fireEvent.click(within(await screen.findByTestId('room-row-101')).getByTestId('room-ooo'));
    await type(screen.getByTestId('ooo-to'), '2026-12-04');
    await type(screen.getByTestId('ooo-reason'), 'New carpet');
    await fireEvent.click(screen.getByTestId('ooo-add'));
    expect((await screen.findByTestId('ooo-row')).textContent).toContain('New carpet');
    expect(api.find('POST /api/v1/rooms/r-101/out-of-order')[0]?.body).toEqual({ from: '2026-12-01', to: '2026-12-04', reason: 'New carpet' });
  });

  it('creates a rate plan with a season, amounts in minor units', async () => {
    const api = open('#/settings/rate-plans', {
      'POST /api/v1/hotels/h-harbour/rate-plans': (req) => created('createRatePlan', ratePlan({ ...(req.body as Partial<RatePlan>), id: 'p-new' })),
    });
    await screen.findByTestId('rate-plan-row-STD-BAR');
    await fireEvent.click(screen.getByTestId('rate-plan-create'));
    await choose(screen.getByTestId('rate-plan-form-type'), 't-std');
    await type(screen.getByTestId('rate-plan-form-code'), 'adv');
    await type(screen.getByTestId('rate-plan-form-name'), 'Advance purchase');
    await type(screen.getByTestId('rate-plan-form-base'), '520');
    await type(screen.getByTestId('rate-plan-form-weekend'), '600.50');
    await type(screen.getByTestId('rate-plan-form-min-stay'), '2');
    await fireEvent.click(screen.getByTestId('rate-plan-season-add'));
    await type(screen.getByTestId('season-name'), 'Spring Festival');
    await type(screen.getByTestId('season-from'), '2027-01-20');
    await type(screen.getByTestId('season-to'), '2027-02-20');
    await type(screen.getByTestId('season-rate'), '800');
    await fireEvent.click(screen.getByTestId('rate-plan-form-submit'));
    await screen.findByTestId('rate-plan-row-ADV');
    expect(api.find('POST /api/v1/hotels/h-harbour/rate-plans')[0]?.body).toEqual({
      room_type_id: 't-std',
      code: 'ADV',
      name: 'Advance purchase',
      base_rate: 52000,
      weekend_rate: 60050,
      weekend_days: [5, 6],
      included_adults: 2,
      extra_adult: 0,
      extra_child: 0,
      min_stay: 2,
      max_stay: 0,
      seasons: [{ name: 'Spring Festival', from: '2027-01-20', to: '2027-02-20', rate: 80000, weekend_rate: 0 }],
    });
  });

  it('changes a rate plan without sending its room type, which a change cannot carry', async () => {
    const api = open('#/settings/rate-plans', {
      'PATCH /api/v1/rate-plans/p-std-bar': (req) => ratePlan({ ...(req.body as Partial<RatePlan>) }),
    });
    const row = await screen.findByTestId('rate-plan-row-STD-BAR');
    await fireEvent.click(within(row).getByTestId('rate-plan-edit'));
    await type(screen.getByTestId('rate-plan-form-name'), 'Flexible rate');
    await fireEvent.click(screen.getByTestId('rate-plan-form-submit'));
    await waitFor(() => expect(api.find('PATCH /api/v1/rate-plans/p-std-bar')).toHaveLength(1));
    const body = api.find('PATCH /api/v1/rate-plans/p-std-bar')[0]?.body;
    expect(body).toMatchObject({ code: 'STD-BAR', name: 'Flexible rate', base_rate: 58000 });
    expect(body).not.toHaveProperty('room_type_id');
  });

  it('refuses an amount that is not money', async () => {
    const api = open('#/settings/rate-plans');
    await screen.findByTestId('rate-plan-row-STD-BAR');
    await fireEvent.click(screen.getByTestId('rate-plan-create'));
    await type(screen.getByTestId('rate-plan-form-code'), 'X');
    await type(screen.getByTestId('rate-plan-form-name'), 'X');
    await type(screen.getByTestId('rate-plan-form-base'), 'cheap');
    await fireEvent.click(screen.getByTestId('rate-plan-form-submit'));
    expect(screen.getByTestId('rate-plan-form-problem').textContent).toContain('Enter amounts as numbers');
    expect(api.find('POST /api/v1/hotels/h-harbour/rate-plans')).toHaveLength(0);
  });

  it('sets rates and restrictions on a range of weekdays, clears others, and caps inventory', async () => {
    const days = Array.from({ length: 31 }, (_, i) => ({
      date: `2026-12-${String(i + 1).padStart(2, '0')}`,
      price: 58000,
      min_stay: i === 4 ? 2 : 0,
      max_stay: 0,
      closed_to_arrival: false,
      closed_to_departure: false,
      stop_sell: i === 5,
    }));
    const api = open('#/settings/rate-calendar?plan=p-std-bar', {
      'GET /api/v1/hotels/h-harbour/rate-calendar': { from: '2026-12-01', to: '2027-01-01', rate_plans: [{ rate_plan_id: 'p-std-bar', days }], inventory: [{ room_type_id: 't-std', days: days.map((d) => ({ date: d.date, cap: d.date === '2026-12-10' ? 1 : null })) }] },
      'PUT /api/v1/hotels/h-harbour/rate-calendar': { from: '2026-12-04', to: '2026-12-12', dates: ['2026-12-04', '2026-12-05', '2026-12-11'] },
      'PUT /api/v1/hotels/h-harbour/inventory': { from: '2026-12-04', to: '2026-12-12', dates: ['2026-12-04'] },
    });
    const dec5 = await screen.findByTestId('calendar-day-2026-12-05');
    await waitFor(() => expect(dec5.textContent).toContain('Min 2'));
    expect(screen.getByTestId('calendar-day-2026-12-06').textContent).toContain('Stop');
    expect(screen.getByTestId('calendar-day-2026-12-10').textContent).toContain('Cap 1');
    expect(api.find('GET /api/v1/hotels/h-harbour/rate-calendar')[0]?.query.get('rate_plan')).toBe('p-std-bar');
    // A range by clicking one day and shift-clicking another.
    await fireEvent.click(screen.getByTestId('calendar-day-2026-12-04'));
    await fireEvent.click(screen.getByTestId('calendar-day-2026-12-11'), { shiftKey: true });
    expect((screen.getByTestId('calendar-from') as HTMLInputElement).value).toBe('2026-12-04');
    expect((screen.getByTestId('calendar-to') as HTMLInputElement).value).toBe('2026-12-12');
    await fireEvent.click(screen.getByTestId('calendar-weekday-5'));
    await fireEvent.click(screen.getByTestId('calendar-weekday-6'));
    await type(screen.getByTestId('calendar-rate'), '688');
    await choose(screen.getByTestId('calendar-cta'), 'on');
    await fireEvent.click(screen.getByTestId('calendar-clear-stop_sell'));
    await fireEvent.click(screen.getByTestId('calendar-apply'));
    expect((await screen.findByTestId('calendar-result')).textContent).toContain('Dates changed: 3.');
    expect(api.find('PUT /api/v1/hotels/h-harbour/rate-calendar')[0]?.body).toEqual({
      rate_plan_id: 'p-std-bar',
      from: '2026-12-04',
      to: '2026-12-12',
      weekdays: [5, 6],
      set: { rate: 68800, closed_to_arrival: true },
      clear: ['stop_sell'],
    });
    await type(screen.getByTestId('calendar-cap'), '3');
    await fireEvent.click(screen.getByTestId('calendar-cap-apply'));
    await waitFor(() => expect(api.find('PUT /api/v1/hotels/h-harbour/inventory')).toHaveLength(1));
    expect(api.find('PUT /api/v1/hotels/h-harbour/inventory')[0]?.body).toEqual({ room_type_id: 't-std', from: '2026-12-04', to: '2026-12-12', cap: 3 });
    await fireEvent.click(screen.getByTestId('calendar-cap-lift'));
    await waitFor(() => expect(api.find('PUT /api/v1/hotels/h-harbour/inventory')).toHaveLength(2));
    expect(api.find('PUT /api/v1/hotels/h-harbour/inventory')[1]?.body).toMatchObject({ cap: null });
  });

  it('shows only the sections the user may open, read-only without change rights', async () => {
    window.location.hash = '#/settings';
    fakeApi({ ...signedInRoutes(undefined, { permissions: ['hotels.view', 'rates.view', 'rooms.view'], hotels: 'all' }), ...propertyRoutes() });
    render(App);
    await screen.findByTestId('settings-page');
    expect((screen.getByTestId('hotel-form-address') as HTMLInputElement).closest('fieldset')?.disabled).toBe(true);
    expect(screen.queryByTestId('hotel-form-submit')).toBeNull();
    await fireEvent.click(screen.getByTestId('settings-tab-rate-plans'));
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(await screen.findByTestId(`rate-plan-row-${PLANS[0]!.code}`)).toBeTruthy();
    expect(screen.queryByTestId('rate-plan-create')).toBeNull();
  });
});
