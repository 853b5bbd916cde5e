import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import type { Housekeeping } from '../api/property';
import { BUSINESS_DATE, HILL, HOTEL, STD, chart, propertyRoutes, reservation, room, tapeBlock } from '../../test/bookingFixtures';
import { NO_CHANGE_FEE, hotel } from '../../test/fixtures';
import { DESK_ME, FRONT_DESK_PERMISSIONS, created, errorResponse, fakeApi, signedInRoutes, type Routes } from '../../test/fakeApi';

function open<const K extends string = never>(hash: string, extra: Routes<K> = {} as Routes<K>) {
  window.location.hash = hash;
  const api = fakeApi<string>({ ...signedInRoutes(), ...propertyRoutes(), ...extra });
  render(App);
  return api;
}

const key = (el: HTMLElement, k: string) => fireEvent.keyDown(el, { key: k });

beforeEach(() => {
  setLocale('en', null);
  window.localStorage.clear();
});
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

describe('Top bar', () => {
  it('lands on the dashboard, shows the business date and switches hotels, remembering the choice', async () => {
    window.location.hash = '';
    fakeApi({
      ...signedInRoutes(),
      ...propertyRoutes(),
      'GET /api/v1/hotels': { hotels: [HILL, HOTEL] },
      'GET /api/v1/hotels/h-hill/tape-chart': chart({ rooms: [] }),
      'GET /api/v1/hotels/h-hill/rooms': { rooms: [] },
      'GET /api/v1/hotels/h-hill/room-types': { room_types: [] },
    });
    render(App);
    expect(await screen.findByTestId('dashboard-page')).toBeTruthy();
    const switcher = (await screen.findByTestId('hotel-switcher')) as HTMLSelectElement;
    expect(switcher.value).toBe('h-harbour');
    expect(screen.getByTestId('business-date').dataset.date).toBe(BUSINESS_DATE);
    expect(screen.getByTestId('business-date').textContent).toContain('Dec 1, 2026');
    await fireEvent.change(switcher, { target: { value: 'h-hill' } });
    expect(window.localStorage.getItem('innkeep.hotel')).toBe('h-hill');
    await waitFor(() => expect(screen.getByTestId('business-date').dataset.date).toBe('2026-12-03'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Hill Lodge');
  });

  it('finds reservations as one types, and opens one with Enter', async () => {
    const api = open('#/health', {
      'GET /api/v1/reservations': (req) => ({ reservations: req.query.get('q') === 'Wang' ? [reservation()] : [] }),
      'GET /api/v1/reservations/res-1': reservation(),
    });
    const input = await screen.findByTestId('quick-search');
    // "/" jumps to the search box.
    await fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: 'Wang' } });
    const result = await screen.findByTestId('quick-search-result', {}, { timeout: 2000 });
    expect(result.textContent).toContain('HX4K2-7QW9T');
    expect(api.find('GET /api/v1/reservations')[0]?.query.get('hotel')).toBe('h-harbour');
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(window.location.hash).toBe('#/reservations/res-1'));
  });

  it('lists search results in the server’s order: today’s arrival before a guest in house and past stays', async () => {
    open('#/health', {
      'GET /api/v1/reservations': {
        reservations: [
          reservation({ id: 'r-today', code: 'TODAY', guest_name: 'Zhou Ping', check_in: BUSINESS_DATE, check_out: '2026-12-03' }),
          reservation({ id: 'r-in', code: 'INHOUSE', guest_name: 'Zhou Min', status: 'checked_in', check_in: '2026-11-28', check_out: '2026-12-04' }),
          reservation({ id: 'r-old', code: 'OLD', guest_name: 'Zhou Ping', status: 'checked_out', check_in: '2026-10-01', check_out: '2026-10-03' }),
        ],
      },
    });
    const input = await screen.findByTestId('quick-search');
    await fireEvent.input(input, { target: { value: 'Zhou' } });
    await screen.findAllByTestId('quick-search-result', {}, { timeout: 2000 });
    expect(screen.getAllByTestId('quick-search-result').map((r) => r.textContent?.match(/TODAY|INHOUSE|OLD/)?.[0])).toEqual(['TODAY', 'INHOUSE', 'OLD']);
  });

  it('jumps to the search with Ctrl+K', async () => {
    open('#/health');
    const input = await screen.findByTestId('quick-search');
    await fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    expect(document.activeElement).toBe(input);
  });
});

describe('Tape chart', () => {
  const withBlocks = () => {
    const c = chart();
    c.rooms[0]!.blocks = [tapeBlock({ reservation_id: 'res-1' })]; // room 101
    c.rooms[2]!.blocks = [
      // In house since before the range: the server cuts it to the range's first night.
      tapeBlock({ reservation_id: 'a', code: 'A', guest_name: 'Li Wei', conflict: true, status: 'checked_in', check_in: '2026-11-28', from: '2026-11-30' }),
      tapeBlock({ reservation_id: 'b', code: 'B', guest_name: 'Chen Jing', conflict: true }),
    ];
    c.rooms[2]!.out_of_order = [{ id: 'o', from: '2026-12-05', to: '2026-12-08', reason: 'paint' }];
    c.unassigned = [tapeBlock({ reservation_id: 'u', code: 'U', guest_name: 'Zhao Xin', status: 'tentative', room_type_id: 't-std' })];
    c.conflicts = [{ room_id: 'r-201', date: '2026-12-01', reservations: ['a', 'b'] }];
    return c;
  };

  it('shows rooms by type under the unassigned row, blocks by status and conflicts in red', async () => {
    const api = open('#/tape-chart', { 'GET /api/v1/hotels/h-harbour/tape-chart': withBlocks() });
    const grid = await screen.findByTestId('tape-grid');
    const q = api.find('GET /api/v1/hotels/h-harbour/tape-chart')[0]?.query;
    expect([q?.get('from'), q?.get('to')]).toEqual(['2026-11-30', '2026-12-14']);
    const rows = [...grid.querySelectorAll('[data-testid^="tape-row-"], [data-testid^="tape-type-"]')].map((e) => (e as HTMLElement).dataset.testid);
    expect(rows).toEqual(['tape-row-unassigned', 'tape-type-DLX', 'tape-row-201', 'tape-type-STD', 'tape-row-101', 'tape-row-102']);
    const conflicted = within(screen.getByTestId('tape-row-201')).getAllByTestId('tape-block');
    expect(conflicted.map((b) => b.classList.contains('conflict'))).toEqual([true, true]);
    expect(conflicted[0]?.classList.contains('clip-start')).toBe(true);
    expect(conflicted[1]?.classList.contains('clip-start')).toBe(false);
    expect(within(screen.getByTestId('tape-row-201')).getByTestId('tape-ooo').getAttribute('title')).toBe('paint');
    expect(within(screen.getByTestId('tape-row-unassigned')).getByTestId('tape-block').classList.contains('status-tentative')).toBe(true);
    expect(screen.getByTestId('tape-conflicts').textContent).toContain('Double bookings: 1');
    expect(grid.querySelectorAll('.tc-day')).toHaveLength(14);
  });

  it('shows 30 days, remembers it, and moves through the dates', async () => {
    const api = open('#/tape-chart');
    await screen.findByTestId('tape-grid');
    await fireEvent.click(screen.getByTestId('tape-days-30'));
    await waitFor(() => expect(screen.getByTestId('tape-grid').querySelectorAll('.tc-day')).toHaveLength(30));
    expect(window.localStorage.getItem('innkeep.tape.days')).toBe('30');
    await fireEvent.click(screen.getByTestId('tape-forward'));
    await waitFor(() => expect(api.find('GET /api/v1/hotels/h-harbour/tape-chart').at(-1)?.query.get('from')).toBe('2026-12-07'));
    await fireEvent.click(screen.getByTestId('tape-today'));
    await waitFor(() => expect(api.find('GET /api/v1/hotels/h-harbour/tape-chart').at(-1)?.query.get('from')).toBe('2026-11-30'));
  });

  it('books an empty cell with the keyboard: that room, that date', async () => {
    open('#/tape-chart');
    const grid = await screen.findByTestId('tape-grid');
    grid.focus();
    // Rows: unassigned, 201, 101, 102. Down twice to 101, right twice to Dec 2.
    for (const k of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight']) await key(grid, k);
    expect(screen.getByTestId('tape-cursor').textContent).toBe('Room 101, Wed, Dec 2: free');
    await key(grid, 'Enter');
    expect(window.location.hash).toBe('#/book?check_in=2026-12-02&check_out=2026-12-03&room_type=t-std&room=r-101');
  });

  it('opens a booking with Enter', async () => {
    open('#/tape-chart', { 'GET /api/v1/hotels/h-harbour/tape-chart': withBlocks(), 'GET /api/v1/reservations/res-1': reservation() });
    const grid = await screen.findByTestId('tape-grid');
    grid.focus();
    for (const k of ['ArrowDown', 'ArrowDown', 'ArrowRight']) await key(grid, k);
    expect(screen.getByTestId('tape-cursor').textContent).toContain('Wang Fang');
    await key(grid, 'Enter');
    expect(window.location.hash).toBe('#/reservations/res-1');
  });

  it('moves a booking to another room with the keyboard, and asks first', async () => {
    const api = open('#/tape-chart', {
      'GET /api/v1/hotels/h-harbour/tape-chart': withBlocks(),
      'GET /api/v1/reservations/res-1': reservation({ room_id: 'r-101' }),
      'POST /api/v1/reservations/res-1/assign': () => reservation({ room_id: 'r-102' }),
    });
    const grid = await screen.findByTestId('tape-grid');
    grid.focus();
    for (const k of ['ArrowDown', 'ArrowDown', 'ArrowRight', ' ', 'ArrowDown']) await key(grid, k);
    expect(within(screen.getByTestId('tape-row-102')).getByTestId('tape-ghost')).toBeTruthy();
    await key(grid, 'Enter');
    const dialog = await screen.findByTestId('move-dialog');
    expect(dialog.textContent).toContain('Room move (same dates, same price)');
    expect(within(dialog).getByTestId('move-to').textContent).toContain('Room 102');
    expect((await within(dialog).findByTestId('move-difference')).textContent).toContain('CN¥0.00');
    await fireEvent.click(within(dialog).getByTestId('move-confirm'));
    expect((await screen.findByTestId('tape-notice')).textContent).toContain('Wang Fang moved to Room 102.');
    expect(api.find('POST /api/v1/reservations/res-1/assign')[0]?.body).toEqual({ room_id: 'r-102', reason: 'Moved on the tape chart' });
  });

  it('says a room is taken when the booking is dropped on it, before pricing or moving anything', async () => {
    const c = withBlocks();
    c.rooms[1]!.blocks = [tapeBlock({ reservation_id: 'res-9', code: 'R9', guest_name: 'Sun Li', check_in: '2026-12-02', check_out: '2026-12-04', from: '2026-12-02', to: '2026-12-04' })];
    const api = open('#/tape-chart', { 'GET /api/v1/hotels/h-harbour/tape-chart': c });
    const grid = await screen.findByTestId('tape-grid');
    grid.focus();
    // Wang Fang in 101 (Dec 1–3) onto 102, where Sun Li stays Dec 2–4.
    for (const k of ['ArrowDown', 'ArrowDown', 'ArrowRight', ' ', 'ArrowDown', 'Enter']) await key(grid, k);
    expect((await screen.findByTestId('move-refused')).textContent).toContain('That room is taken on those nights');
    expect(screen.queryByTestId('move-confirm')).toBeNull();
    expect(api.find('GET /api/v1/reservations/res-1')).toHaveLength(0);
    expect(api.find('GET /api/v1/hotels/h-harbour/availability')).toHaveLength(0);
  });

  it('leaves no earlier success message standing when a later move fails', async () => {
    let fail = false;
    open('#/tape-chart', {
      'GET /api/v1/hotels/h-harbour/tape-chart': withBlocks(),
      'GET /api/v1/reservations/res-1': reservation({ room_id: 'r-101' }),
      'POST /api/v1/reservations/res-1/assign': () => (fail ? errorResponse(409, 'conflict', 'Room 102 is taken.') : reservation({ room_id: 'r-102' })),
    });
    const grid = await screen.findByTestId('tape-grid');
    grid.focus();
    for (const k of ['ArrowDown', 'ArrowDown', 'ArrowRight', ' ', 'ArrowDown', 'Enter']) await key(grid, k);
    await fireEvent.click(await screen.findByTestId('move-confirm'));
    expect((await screen.findByTestId('tape-notice')).textContent).toContain('moved to Room 102');
    fail = true;
    grid.focus();
    // The cursor is on 102 where the move ended; the chart still shows the booking in 101.
    for (const k of ['ArrowUp', ' ', 'ArrowDown', 'Enter']) await key(grid, k);
    const dialog = await screen.findByTestId('move-dialog');
    await waitFor(() => expect((within(dialog).getByTestId('move-confirm') as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(within(dialog).getByTestId('move-confirm'));
    expect((await within(dialog).findByTestId('move-error')).textContent).toContain('Room 102 is taken.');
    expect(screen.queryByTestId('tape-notice')).toBeNull();
  });

  it('moves dates with the keyboard: the price of the new stay, then PATCH', async () => {
    const api = open('#/tape-chart', {
      'GET /api/v1/hotels/h-harbour/tape-chart': withBlocks(),
      'GET /api/v1/reservations/res-1': reservation({ room_id: 'r-101' }),
      'GET /api/v1/hotels/h-harbour/availability': {
        check_in: '2026-12-02',
        check_out: '2026-12-04',
        nights: 2,
        currency: 'CNY',
        room_types: [
          {
            room_type: STD,
            available: 1,
            bookable: true,
            reasons: [],
            rate_plans: [{ rate_plan_id: 'p-std-bar', name: 'BAR', bookable: true, reasons: [], nights: [], total: 126000 }],
          },
        ],
      },
      'PATCH /api/v1/reservations/res-1': () => ({ reservation: reservation({ check_in: '2026-12-02', check_out: '2026-12-04', total: 126000 }), difference: 10000, change_fee: NO_CHANGE_FEE }),
    });
    const grid = await screen.findByTestId('tape-grid');
    grid.focus();
    for (const k of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'm', 'ArrowRight', 'Enter']) await key(grid, k);
    const dialog = await screen.findByTestId('move-dialog');
    expect((await within(dialog).findByTestId('move-difference')).textContent).toContain('+CN¥100.00');
    expect(api.find('GET /api/v1/hotels/h-harbour/availability')[0]?.query.get('check_in')).toBe('2026-12-02');
    await fireEvent.click(within(dialog).getByTestId('move-confirm'));
    expect((await screen.findByTestId('tape-notice')).textContent).toContain('+CN¥100.00');
    expect(api.find('PATCH /api/v1/reservations/res-1')[0]?.body).toEqual({ check_in: '2026-12-02', check_out: '2026-12-04', room_id: 'r-101' });
  });

  it('refuses to move a guest in house to other dates', async () => {
    open('#/tape-chart', { 'GET /api/v1/hotels/h-harbour/tape-chart': withBlocks() });
    const grid = await screen.findByTestId('tape-grid');
    grid.focus();
    // Row 201, first day shown: Li Wei, in house.
    for (const k of ['ArrowDown', ' ', 'ArrowRight', 'Enter']) await key(grid, k);
    expect((await screen.findByTestId('move-refused')).textContent).toContain('The guest is in house');
  });

  it('cancels a keyboard move with Escape', async () => {
    open('#/tape-chart', { 'GET /api/v1/hotels/h-harbour/tape-chart': withBlocks() });
    const grid = await screen.findByTestId('tape-grid');
    grid.focus();
    for (const k of ['ArrowDown', 'ArrowDown', 'ArrowRight', ' ', 'ArrowDown']) await key(grid, k);
    expect(screen.getByTestId('tape-ghost')).toBeTruthy();
    await key(grid, 'Escape');
    await tick();
    expect(screen.queryByTestId('tape-ghost')).toBeNull();
    expect(screen.queryByTestId('move-dialog')).toBeNull();
  });

  it('renders 200 rooms × 30 days', async () => {
    const c = chart();
    c.rooms = Array.from({ length: 200 }, (_, i) => ({
      id: `r-${i}`,
      number: String(100 + i),
      floor: 1 + Math.floor(i / 20),
      room_type_id: i % 2 ? 't-std' : 't-dlx',
      housekeeping: 'clean',
      blocks: Array.from({ length: 6 }, (_, j) =>
        tapeBlock({ reservation_id: `res-${i}-${j}`, code: `C${i}-${j}`, check_in: `2026-12-${String(1 + j * 5).padStart(2, '0')}`, check_out: `2026-12-${String(4 + j * 5).padStart(2, '0')}`, from: `2026-12-${String(1 + j * 5).padStart(2, '0')}`, to: `2026-12-${String(4 + j * 5).padStart(2, '0')}` }),
      ),
      out_of_order: [],
    }));
    window.localStorage.setItem('innkeep.tape.days', '30');
    open('#/tape-chart', { 'GET /api/v1/hotels/h-harbour/tape-chart': c });
    // The wait only bounds a hang; how fast it draws is for benchmarks.
    await screen.findByTestId('tape-row-299', {}, { timeout: 60000 });
    expect(screen.getAllByTestId('tape-block')).toHaveLength(1200);
  }, 60_000);
});

describe('Dashboard', () => {
  it('shows today’s arrivals, departures, in-house, occupancy and rooms to clean', async () => {
    const c = chart({ from: BUSINESS_DATE, to: '2026-12-02' });
    c.rooms[0]!.blocks = [tapeBlock({ status: 'checked_in', check_in: '2026-11-29', from: BUSINESS_DATE, to: '2026-12-02' })];
    open('#/dashboard', {
      'GET /api/v1/hotels/h-harbour/tape-chart': c,
      'GET /api/v1/hotels/h-harbour/rooms': (req) => ({
        rooms: req.query.get('housekeeping') === 'dirty' ? [room({ id: 'r-102', number: '102', housekeeping: 'dirty' })] : [],
      }),
      'GET /api/v1/reservations': (req) =>
        req.query.get('status') === 'checked_in'
          ? { reservations: [reservation({ id: 'r-in', code: 'IN', status: 'checked_in', check_in: '2026-11-29', check_out: BUSINESS_DATE })] }
          : {
              reservations: [
                reservation({ id: 'r-arr', code: 'ARR', guest_name: 'Arriving Guest' }),
                reservation({ id: 'r-in', code: 'IN', status: 'checked_in', check_in: '2026-11-29', check_out: BUSINESS_DATE }),
                reservation({ id: 'r-stay', code: 'STAY', status: 'checked_in', check_in: '2026-11-29', check_out: '2026-12-05' }),
              ],
            },
    });
    await waitFor(() => expect(screen.getByTestId('stat-arrivals').textContent).toContain('1'));
    expect(within(screen.getByTestId('arrivals-list')).getByTestId('arrival-row').getAttribute('href')).toBe('#/reservations/r-arr');
    expect(within(screen.getByTestId('departures-list')).getAllByTestId('departure-row').map((a) => a.dataset.code)).toEqual(['IN']);
    expect(screen.getByTestId('stat-in-house').textContent).toContain('1');
    expect(screen.getByTestId('stat-occupancy').textContent).toContain('33%');
    expect(screen.getByTestId('stat-occupancy').textContent).toContain('1 of 3 rooms');
    expect(within(screen.getByTestId('dirty-list')).getByTestId('dirty-room').textContent).toContain('102');
  });

  it('counts a booking without a room in the occupancy', async () => {
    const c = chart({ from: BUSINESS_DATE, to: '2026-12-02' });
    c.rooms[0]!.blocks = [tapeBlock({ status: 'checked_in', check_in: '2026-11-29', from: BUSINESS_DATE, to: '2026-12-02' })];
    c.unassigned = [
      tapeBlock({ reservation_id: 'u', code: 'U', status: 'confirmed', check_in: BUSINESS_DATE, from: BUSINESS_DATE, to: '2026-12-02' }),
      tapeBlock({ reservation_id: 'x', code: 'X', status: 'cancelled', check_in: BUSINESS_DATE, from: BUSINESS_DATE, to: '2026-12-02' }),
    ];
    open('#/dashboard', { 'GET /api/v1/hotels/h-harbour/tape-chart': c, 'GET /api/v1/reservations': { reservations: [] } });
    await waitFor(() => expect(screen.getByTestId('stat-occupancy').textContent).toContain('2 of 3 rooms'));
    expect(screen.getByTestId('stat-occupancy').textContent).toContain('67%');
  });

  it('loads the demo hotel into an empty install and switches to it', async () => {
    let demo = false;
    const DEMO = hotel({ id: 'h-demo', name: 'Innkeep Demo Hotel' });
    const api = open('#/dashboard', {
      'GET /api/v1/hotels': () => ({ hotels: demo ? [HOTEL, DEMO] : [HOTEL] }),
      'GET /api/v1/hotels/h-harbour/tape-chart': chart({ rooms: [] }),
      'GET /api/v1/reservations': { reservations: [] },
      'POST /api/v1/demo': () => {
        demo = true;
        return created('loadDemo', DEMO);
      },
      'GET /api/v1/hotels/h-demo/tape-chart': chart(),
    });
    await fireEvent.click(await screen.findByTestId('load-demo'));
    await waitFor(() => expect((screen.getByTestId('hotel-switcher') as HTMLSelectElement).value).toBe('h-demo'));
    expect(api.find('POST /api/v1/demo')).toHaveLength(1);
    expect(window.localStorage.getItem('innkeep.hotel')).toBe('h-demo');
    expect(await screen.findByRole('heading', { level: 1, name: 'Innkeep Demo Hotel' })).toBeTruthy();
  });

  it('runs the night audit for the business date and shows the exceptions', async () => {
    let date = BUSINESS_DATE;
    const api = open('#/dashboard', {
      'GET /api/v1/hotels': () => ({ hotels: [{ ...HOTEL, business_date: date }] }),
      'GET /api/v1/reservations': { reservations: [] },
      'POST /api/v1/hotels/h-harbour/night-audit': () => {
        date = '2026-12-02';
        return {
          business_date: BUSINESS_DATE,
          new_business_date: '2026-12-02',
          already_done: false,
          no_shows: [reservation({ status: 'no_show' })],
          expired_holds: [reservation({ id: 'res-hold', code: 'HOLD-1', status: 'cancelled' })],
          due_out: [],
          in_house: 4,
        };
      },
    });
    await fireEvent.click(await screen.findByTestId('night-audit'));
    await fireEvent.click(await screen.findByTestId('night-audit-confirm'));
    const result = await screen.findByTestId('night-audit-result');
    expect(result.textContent).toContain('The business date is now');
    expect(screen.getByTestId('night-audit-no-shows').textContent).toBe('1');
    // A hold never confirmed lapsed: listed as expired, not as a no-show.
    expect(screen.getByTestId('night-audit-expired-holds').textContent).toBe('1');
    expect(screen.getByTestId('night-audit-expired-hold').textContent).toContain('HOLD-1');
    expect(screen.getByTestId('night-audit-expired-hold').textContent).toContain('Hold expired');
    expect(api.find('POST /api/v1/hotels/h-harbour/night-audit')[0]?.body).toEqual({ business_date: BUSINESS_DATE });
    await fireEvent.click(screen.getByTestId('night-audit-done'));
    await waitFor(() => expect(screen.getByTestId('business-date').dataset.date).toBe('2026-12-02'));
  });

  it('shows the new business date’s arrivals as soon as the night audit is done, without a reload', async () => {
    let date = BUSINESS_DATE;
    open('#/dashboard', {
      'GET /api/v1/hotels': () => ({ hotels: [{ ...HOTEL, business_date: date }] }),
      'GET /api/v1/reservations': (req) => ({
        reservations: req.query.get('status') ? [] : [reservation({ id: 'r-tomorrow', code: 'TMRW', check_in: '2026-12-02', check_out: '2026-12-04' })],
      }),
      'POST /api/v1/hotels/h-harbour/night-audit': () => {
        date = '2026-12-02';
        return { business_date: BUSINESS_DATE, new_business_date: '2026-12-02', already_done: false, no_shows: [], expired_holds: [], due_out: [], in_house: 0 };
      },
    });
    await screen.findByTestId('arrivals-list');
    expect(screen.queryAllByTestId('arrival-row')).toHaveLength(0);
    await fireEvent.click(await screen.findByTestId('night-audit'));
    await fireEvent.click(await screen.findByTestId('night-audit-confirm'));
    await screen.findByTestId('night-audit-result');
    // Still showing the result, the page behind is already on the new date.
    await waitFor(() => expect(screen.getAllByTestId('arrival-row').map((a) => a.dataset.code)).toEqual(['TMRW']));
    expect(screen.getByTestId('dashboard-page').querySelector('.subtitle')?.textContent).toContain('Dec 2, 2026');
    expect(screen.getByTestId('night-audit-dialog').textContent).toContain('Dec 1, 2026');
  });

  it('leaves a lapsed hold out of today’s arrivals', async () => {
    open('#/dashboard', {
      'GET /api/v1/reservations': (req) => ({
        reservations: req.query.get('status')
          ? []
          : [
              reservation({ id: 'r-live', code: 'LIVE', check_in: BUSINESS_DATE, check_out: '2026-12-03' }),
              reservation({ id: 'r-lapsed', code: 'LAPSED', status: 'tentative', hold_lapsed: true, check_in: BUSINESS_DATE, check_out: '2026-12-03' }),
            ],
      }),
    });
    await screen.findByTestId('arrivals-list');
    await waitFor(() => expect(screen.getAllByTestId('arrival-row').map((a) => a.dataset.code)).toEqual(['LIVE']));
  });

  it('shows what desks that worked apart left to resolve, in the reader’s language', async () => {
    const conflicts = {
      room_nights: [{ room_id: 'r-101', date: BUSINESS_DATE, reservations: ['a', 'b'] }],
      oversold: [],
      rules: [
        { rule: 'room_number' as const, value: '301', ids: ['r1', 'r2'] },
        { rule: 'no_administrator' as const, value: 'alice', ids: ['u1'] },
      ],
      broken: [],
    };
    open('#/dashboard', { 'GET /api/v1/reservations': { reservations: [] }, 'GET /api/v1/hotels/h-harbour/conflicts': conflicts });
    const banner = await screen.findByTestId('conflicts-banner');
    expect(within(banner).getByTestId('conflicts-double-bookings').textContent).toContain('1 room-nights held twice');
    expect(within(banner).getAllByTestId('conflicts-rule').map((li) => li.dataset.rule)).toEqual(['room_number', 'no_administrator']);
    expect(banner.textContent).toContain('Room number 301 is used by 2 rooms');
    expect(banner.textContent).toContain('alice is kept as one');
    expect(banner.textContent).not.toContain('every former one is disabled');
    setLocale('zh-CN', null);
    await waitFor(() => expect(screen.getByTestId('conflicts-banner').textContent).toContain('房号 301 被 2 间客房同时使用'));
  });

  it('lists reservations whose merged state breaks their rules, linked to their pages', async () => {
    const conflicts = {
      room_nights: [],
      oversold: [],
      rules: [],
      broken: [
        { reservation_id: 'res-1', code: 'K7Q2M', guest_name: 'Lin Wei', status: 'checked_in', check_in: '2026-12-03', check_out: '2026-12-05', reason: 'in_house_before_arrival' as const },
        { reservation_id: 'res-1', code: 'K7Q2M', guest_name: 'Lin Wei', status: 'checked_in', check_in: '2026-12-03', check_out: '2026-12-05', reason: 'in_house_no_room' as const },
      ],
    };
    open('#/dashboard', { 'GET /api/v1/reservations': { reservations: [] }, 'GET /api/v1/hotels/h-harbour/conflicts': conflicts });
    const banner = await screen.findByTestId('conflicts-banner');
    const items = within(banner).getAllByTestId('conflicts-broken');
    expect(items.map((li) => li.dataset.reason)).toEqual(['in_house_before_arrival', 'in_house_no_room']);
    expect(items[0]!.textContent).toContain('Lin Wei is in house but the stay starts on 2026-12-03');
    expect(within(items[1]!).getByRole('link', { name: 'K7Q2M' }).getAttribute('href')).toBe('#/reservations/res-1');
    setLocale('zh-CN', null);
    await waitFor(() => expect(screen.getAllByTestId('conflicts-broken')[1]!.textContent).toContain('Lin Wei 已入住但没有房间'));
  });

  it('says how to get an administrator back when every former one is disabled', async () => {
    const conflicts = { room_nights: [], oversold: [], rules: [{ rule: 'no_administrator' as const, value: '', ids: [] }], broken: [] };
    open('#/dashboard', { 'GET /api/v1/reservations': { reservations: [] }, 'GET /api/v1/hotels/h-harbour/conflicts': conflicts });
    const banner = await screen.findByTestId('conflicts-banner');
    expect(banner.textContent).toContain('innkeep user enable NAME');
  });

  it('shows no conflicts banner when the desks agree', async () => {
    open('#/dashboard', {
      'GET /api/v1/reservations': { reservations: [] },
      'GET /api/v1/hotels/h-harbour/conflicts': { room_nights: [], oversold: [], rules: [], broken: [] },
    });
    await screen.findByTestId('arrivals-list');
    await tick();
    expect(screen.queryByTestId('conflicts-banner')).toBeNull();
  });

  it('has no night audit without night_audit.approve, even with reservations.approve', async () => {
    window.location.hash = '#/dashboard';
    const permissions = [...FRONT_DESK_PERMISSIONS.filter((p) => p !== 'night_audit.approve'), 'reservations.approve'];
    fakeApi({ ...signedInRoutes(DESK_ME, { permissions, hotels: 'all' }), ...propertyRoutes(), 'GET /api/v1/reservations': { reservations: [] } });
    render(App);
    await screen.findByTestId('dashboard-page');
    expect(screen.queryByTestId('night-audit')).toBeNull();
    expect(screen.queryByTestId('load-demo')).toBeNull();
  });

  it('offers the night audit to the front desk, whose clerk is the night auditor of a small hotel', async () => {
    window.location.hash = '#/dashboard';
    fakeApi({ ...signedInRoutes(DESK_ME, { permissions: FRONT_DESK_PERMISSIONS, hotels: 'all' }), ...propertyRoutes(), 'GET /api/v1/reservations': { reservations: [] } });
    render(App);
    await screen.findByTestId('dashboard-page');
    expect(await screen.findByTestId('night-audit')).toBeTruthy();
  });
});

describe('Housekeeping board', () => {
  it('groups rooms by floor, marks occupancy, and sets a state with a tap', async () => {
    const c = chart({ from: BUSINESS_DATE, to: '2026-12-02' });
    c.rooms[0]!.blocks = [tapeBlock({ status: 'checked_in', check_in: '2026-11-30' })];
    const api = open('#/housekeeping', {
      'GET /api/v1/hotels/h-harbour/tape-chart': c,
      'POST /api/v1/rooms/r-102/housekeeping': (req) =>
        room({ id: 'r-102', number: '102', housekeeping: (req.body as { status: Housekeeping }).status }),
    });
    const tile = await screen.findByTestId('hk-tile-102');
    expect(within(screen.getByTestId('housekeeping-page')).getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['Floor 1', 'Floor 2']);
    await waitFor(() => expect(screen.getByTestId('hk-tile-101').textContent).toContain('Occupied'));
    expect(tile.textContent).toContain('Vacant');
    expect(tile.dataset.status).toBe('dirty');
    await fireEvent.click(tile);
    await fireEvent.click(await screen.findByTestId('hk-set-clean'));
    await waitFor(() => expect(screen.getByTestId('hk-tile-102').dataset.status).toBe('clean'));
    expect(api.find('POST /api/v1/rooms/r-102/housekeeping')[0]?.body).toEqual({ status: 'clean' });
    await fireEvent.click(screen.getByTestId('hk-filter-inspected'));
    expect(screen.queryByTestId('hk-tile-102')).toBeNull();
    expect(screen.getByTestId('hk-tile-201')).toBeTruthy();
  });
});

describe('Reservations list', () => {
  it('lists the stays not over yet, filters them, and opens one', async () => {
    const api = open('#/reservations', {
      'GET /api/v1/reservations': (req) => ({
        reservations: req.query.get('status') === 'tentative' ? [] : [reservation(), reservation({ id: 'res-2', code: 'ZZ9ZZ-9ZZZZ', guest_name: 'Li Wei', room_id: 'r-101' })],
      }),
    });
    const rows = await screen.findAllByTestId('reservation-row');
    expect(rows.map((r) => r.dataset.code)).toEqual(['HX4K2-7QW9T', 'ZZ9ZZ-9ZZZZ']);
    const first = api.find('GET /api/v1/reservations')[0]?.query;
    expect([first?.get('hotel'), first?.get('from')]).toEqual(['h-harbour', BUSINESS_DATE]);
    await waitFor(() => expect(rows[1]?.textContent).toContain('101'));
    await fireEvent.change(screen.getByTestId('res-filter-status'), { target: { value: 'tentative' } });
    await fireEvent.click(screen.getByTestId('res-filter-apply'));
    await waitFor(() => expect(screen.queryAllByTestId('reservation-row')).toHaveLength(0));
    expect(api.find('GET /api/v1/reservations').at(-1)?.query.get('status')).toBe('tentative');
    await fireEvent.click(screen.getByTestId('res-filter-clear'));
    await fireEvent.click((await screen.findAllByTestId('reservation-row'))[1]!);
    expect(window.location.hash).toBe('#/reservations/res-2');
  });

  it('shows a hold whose time has passed as lapsed, whatever its stored status says', async () => {
    open('#/reservations', {
      'GET /api/v1/reservations': {
        reservations: [reservation(), reservation({ id: 'res-2', code: 'HELD1-00000', status: 'tentative', hold_lapsed: true })],
      },
    });
    const rows = await screen.findAllByTestId('reservation-row');
    expect(rows.map((r) => within(r).queryByTestId('status-lapsed') !== null)).toEqual([false, true]);
    expect(within(rows[1]!).getByTestId('status-lapsed').textContent).toBe('Hold lapsed');
  });
});
