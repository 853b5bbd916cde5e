import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import type { Block, GroupDetail, GroupResult, GroupSummary } from '../api/groups';
import type { BookingInput, Reservation } from '../api/booking';
import { AVAILABILITY, chart, propertyRoutes, reservation } from '../../test/bookingFixtures';
import { created, errorResponse, fakeApi, signedInRoutes, type Routes } from '../../test/fakeApi';
import { buildBookingRequest, newDraft } from './draft';
import { presetGroup } from './groupDraft';

const GROUP = {
  id: 'grp-1',
  hotel_id: 'h-harbour',
  name: 'Acme offsite',
  contact: { name: 'Li Na', phone: '+86 138 0000 0000', email: 'li@acme.example' },
  codes: ['HX4K2-7QW9T'],
  notes: '',
  created_at: '2026-11-20T08:00:00Z',
  updated_at: '2026-11-20T08:00:00Z',
};

const STATUSES = { tentative: 0, confirmed: 2, checked_in: 0, checked_out: 0, cancelled: 0, no_show: 0 };

function summary(over: Partial<GroupSummary> = {}): GroupSummary {
  return { group: GROUP, rooms: 2, check_in: '2026-12-01', check_out: '2026-12-03', statuses: STATUSES, ...over };
}

function rooms(): Reservation[] {
  return [
    reservation({ id: 'res-1', group_id: 'grp-1' }),
    reservation({ id: 'res-2', group_id: 'grp-1', room_type_id: 't-std', rate_plan_id: 'p-std', guest_name: 'Zhao Lei' }),
  ];
}

function detail(over: Partial<GroupDetail> = {}): GroupDetail {
  return { ...summary(), reservations: rooms(), blocks: [], ...over };
}

function block(over: Partial<Block> = {}): Block {
  return {
    id: 'blk-1',
    hotel_id: 'h-harbour',
    group_id: 'grp-1',
    name: 'Acme rooms',
    room_type_id: 't-dlx',
    rate_plan_id: 'p-dlx',
    check_in: '2026-12-10',
    check_out: '2026-12-12',
    rooms: 3,
    release_date: '2026-12-05',
    notes: '',
    created_at: '2026-11-20T08:00:00Z',
    updated_at: '2026-11-20T08:00:00Z',
    released: false,
    picked_up: 1,
    nights: [
      { date: '2026-12-10', rooms: 3, picked_up: 1, held: 2 },
      { date: '2026-12-11', rooms: 3, picked_up: 0, held: 3 },
    ],
    ...over,
  };
}

function result(over: Partial<GroupResult> = {}): GroupResult {
  return { reservations: rooms(), fee: 0, difference: 0, currency: 'CNY', ...over };
}

function open<const K extends string = never>(hash: string, extra: Routes<K> = {} as Routes<K>) {
  window.location.hash = hash;
  const api = fakeApi<string>({ ...signedInRoutes(), ...propertyRoutes(), ...extra });
  render(App);
  return api;
}

beforeEach(() => {
  setLocale('en', null);
  window.localStorage.clear();
});
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

describe('Groups page', () => {
  it('lists the groups and the blocks with their pick-up per night, and books from a block', async () => {
    open('#/groups', {
      'GET /api/v1/hotels/h-harbour/groups': { groups: [summary()] },
      'GET /api/v1/hotels/h-harbour/blocks': { blocks: [block()] },
    });
    const row = await screen.findByTestId('group-row');
    expect(row.textContent).toContain('Acme offsite');
    expect(row.querySelector('a')?.getAttribute('href')).toBe('#/groups/grp-1');
    const nights = await screen.findAllByTestId('block-night');
    expect(nights.map((n) => [n.dataset.picked, n.dataset.held])).toEqual([
      ['1', '2'],
      ['0', '3'],
    ]);
    const href = screen.getByTestId('block-book').getAttribute('href') ?? '';
    expect(href).toContain('#/book?');
    const q = new URLSearchParams(href.split('?')[1]);
    expect([q.get('block'), q.get('room_type'), q.get('check_in'), q.get('check_out')]).toEqual(['blk-1', 't-dlx', '2026-12-10', '2026-12-12']);
  });

  it('holds a block, and shows why one is refused', async () => {
    let created = 0;
    const api = open('#/groups', {
      'GET /api/v1/hotels/h-harbour/groups': { groups: [] },
      'GET /api/v1/hotels/h-harbour/blocks': { blocks: [] },
      'POST /api/v1/hotels/h-harbour/blocks': () =>
        created++ === 0 ? errorResponse(409, 'conflict', 'Deluxe King has 1 rooms free on 2026-12-08; the block needs 3') : block(),
    });
    await screen.findByTestId('groups-empty');
    await fireEvent.click(screen.getByTestId('block-create'));
    expect(await screen.findByTestId('block-problem')).toBeTruthy();
    expect(api.find('POST /api/v1/hotels/h-harbour/blocks')).toHaveLength(0);
    await fireEvent.input(screen.getByTestId('block-name'), { target: { value: 'Acme rooms' } });
    await fireEvent.change(screen.getByTestId('block-type'), { target: { value: 't-dlx' } });
    await fireEvent.input(screen.getByTestId('block-rooms'), { target: { value: '3' } });
    await fireEvent.click(screen.getByTestId('block-create'));
    expect((await screen.findByTestId('block-error')).textContent).toContain('2026-12-08');
    await fireEvent.click(screen.getByTestId('block-create'));
    expect((await screen.findByTestId('groups-notice')).textContent).toContain('Acme rooms');
    const body = api.find('POST /api/v1/hotels/h-harbour/blocks')[1]?.body as Record<string, unknown>;
    expect(body).toMatchObject({ name: 'Acme rooms', room_type_id: 't-dlx', rooms: 3, check_in: '2026-12-08', check_out: '2026-12-10', release_date: '2026-12-04' });
    expect(body.rate_plan_id).not.toBe('');
  });
});

describe('Group page', () => {
  it('checks in the selected rooms only', async () => {
    const api = open('#/groups/grp-1', {
      'GET /api/v1/groups/grp-1': detail(),
      'POST /api/v1/groups/grp-1/check-in': result({ reservations: [rooms()[1]!] }),
    });
    const boxes = await screen.findAllByTestId('group-select');
    expect(screen.getByTestId('group-add-rooms').getAttribute('href')).toContain('group=grp-1');
    await fireEvent.click(boxes[1]!);
    expect(screen.getByTestId('group-selection').textContent).toContain('1 rooms selected');
    await fireEvent.click(screen.getByTestId('group-check-in'));
    await fireEvent.click(await screen.findByTestId('group-check-in-confirm'));
    expect((await screen.findByTestId('group-notice')).textContent).toContain('1 rooms checked in');
    expect(api.find('POST /api/v1/groups/grp-1/check-in')[0]?.body).toEqual({ reservation_ids: ['res-2'], override_reason: '' });
  });

  it('moves the dates after a preview, and shows the room that blocks a move', async () => {
    let moves = 0;
    const api = open('#/groups/grp-1', {
      'GET /api/v1/groups/grp-1': detail(),
      'POST /api/v1/groups/grp-1/move-quote': result({ difference: 12000, changes: [] }),
      'POST /api/v1/groups/grp-1/move': () =>
        moves++ === 0 ? errorResponse(409, 'conflict', 'HX4K2-7QW9T Standard Twin (Zhao Lei): no Standard Twin room is free on 2026-12-04') : result(),
    });
    await fireEvent.click(await screen.findByTestId('group-move'));
    expect((screen.getByTestId('group-move-confirm') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(screen.getByTestId('group-move-days'), { target: { value: '2' } });
    await fireEvent.click(screen.getByTestId('group-move-preview'));
    expect((await screen.findByTestId('group-move-difference')).textContent).toContain('120.00');
    await fireEvent.click(screen.getByTestId('group-move-confirm'));
    expect((await screen.findByTestId('group-action-error')).textContent).toContain('Zhao Lei');
    expect(screen.queryByTestId('group-notice')).toBeNull();
    await fireEvent.click(screen.getByTestId('group-move-confirm'));
    expect((await screen.findByTestId('group-notice')).textContent).toContain('2 stays moved');
    expect(api.find('POST /api/v1/groups/grp-1/move')[1]?.body).toEqual({ reservation_ids: [], days: 2, expected_fee: 0 });
  });

  it('shows the change fee of a move, room by room, and moves only at that fee', async () => {
    const [one, two] = rooms() as [Reservation, Reservation];
    const change = (r: Reservation, fee: number) => ({
      reservation: { ...r, check_in: '2026-12-02', check_out: '2026-12-04' },
      difference: 0,
      nights: [],
      change_fee: { fee, currency: 'CNY', applies: true, charge: { fee: 'amount' as const, amount: 5000 } },
    });
    const api = open('#/groups/grp-1', {
      'GET /api/v1/groups/grp-1': detail(),
      'POST /api/v1/groups/grp-1/move-quote': result({ fee: 10000, changes: [change(one, 5000), change(two, 5000)] }),
      'POST /api/v1/groups/grp-1/move': result({ fee: 10000 }),
    });
    await fireEvent.click(await screen.findByTestId('group-move'));
    await fireEvent.click(screen.getByTestId('group-move-preview'));
    const fee = await screen.findByTestId('group-move-fee');
    expect(fee.textContent).toContain('100.00');
    expect(fee.dataset.fee).toBe('10000');
    expect(within(screen.getByTestId('group-move-changes')).getAllByText(/50\.00/)).toHaveLength(2);
    expect(screen.getByTestId('group-move-confirm').textContent).toContain('100.00');
    await fireEvent.click(screen.getByTestId('group-move-confirm'));
    expect((await screen.findByTestId('group-notice')).textContent).toContain('2 stays moved');
    expect(api.find('POST /api/v1/groups/grp-1/move')[0]?.body).toEqual({ reservation_ids: [], days: 1, expected_fee: 10000 });
  });

  it('cancels with the previewed fee', async () => {
    const api = open('#/groups/grp-1', {
      'GET /api/v1/groups/grp-1': detail(),
      'POST /api/v1/groups/grp-1/cancel-quote': result({
        fee: 58000,
        fees: [
          { reservation_id: 'res-1', code: 'HX4K2-7QW9T', fee: 58000 },
          { reservation_id: 'res-2', code: 'HX4K2-7QW9T', fee: 0 },
        ],
      }),
      'POST /api/v1/groups/grp-1/cancel': result({ fee: 58000 }),
    });
    await fireEvent.click(await screen.findByTestId('group-select-all'));
    await fireEvent.click(screen.getByTestId('group-cancel'));
    expect((await screen.findByTestId('group-cancel-fee')).textContent).toContain('580.00');
    expect(screen.getByTestId('group-cancel-confirm').textContent).toContain('580.00');
    await fireEvent.input(screen.getByTestId('group-cancel-reason'), { target: { value: 'Trip off' } });
    await fireEvent.click(screen.getByTestId('group-cancel-confirm'));
    expect((await screen.findByTestId('group-notice')).textContent).toContain('2 rooms cancelled');
    expect(api.find('POST /api/v1/groups/grp-1/cancel')[0]?.body).toEqual({ reservation_ids: ['res-1', 'res-2'], reason: 'Trip off', expected_fee: 58000 });
  });
});

describe('Reservation page', () => {
  it('links a room of a group to its group', async () => {
    open('#/reservations/res-1', {
      'GET /api/v1/reservations/res-1': reservation({ group_id: 'grp-1' }),
      'GET /api/v1/groups/grp-1': detail(),
    });
    const el = await screen.findByTestId('reservation-group');
    await waitFor(() => expect(el.textContent).toContain('Acme offsite'));
    expect(within(el).getByRole('link').getAttribute('href')).toBe('#/groups/grp-1');
  });
});

describe('Tape chart', () => {
  it('shows what each block holds per night', async () => {
    open('#/tape-chart', {
      'GET /api/v1/hotels/h-harbour/tape-chart': chart({
        allotments: [{ block_id: 'blk-1', name: 'Acme rooms', room_type_id: 't-dlx', nights: [{ date: '2026-12-02', rooms: 3, picked_up: 1, held: 2 }] }],
      }),
    });
    const night = await screen.findByTestId('tape-allotment-night');
    expect(night.textContent).toContain('Held for block Acme rooms: 2');
  });
});

describe('Booking flow', () => {
  it('sends a group with several rooms, and block_id for rooms of the block’s type', () => {
    const d = newDraft('h-harbour', '2026-12-01');
    Object.assign(d, presetGroup(new URLSearchParams('block=blk-1&block_name=Acme'), 't-dlx'));
    d.rooms = [
      { key: 'a', room_type_id: 't-dlx', rate_plan_id: 'p-dlx', adults: 2, children: 0, typeName: 'Deluxe', planName: 'Best', total: 1 },
      { key: 'b', room_type_id: 't-std', rate_plan_id: 'p-std', adults: 1, children: 0, typeName: 'Standard', planName: 'Best', total: 1 },
    ];
    d.guest = { mode: 'existing', id: 'g-1', name: 'Wang Fang', phone: '' };
    d.group = { name: ' Acme ', contactName: 'Li Na', contactPhone: '', contactEmail: '' };
    const body = buildBookingRequest(d, '2026-12-01');
    expect(body.rooms?.map((r) => r.block_id)).toEqual(['blk-1', undefined]);
    expect(body.group).toEqual({ name: 'Acme', contact: { name: 'Li Na', phone: '', email: '' }, notes: '' });
    d.group.name = '';
    expect(buildBookingRequest(d, '2026-12-01').group).toBeUndefined();
  });
});

describe('Booking flow with a group', () => {
  function openBook(hash: string) {
    return open(hash, {
      'GET /api/v1/hotels/h-harbour/availability': AVAILABILITY,
      'GET /api/v1/guests': { guests: [] },
      'POST /api/v1/reservations': () => created('book', { code: 'HX4K2-7QW9T', reservations: [reservation()] }),
    });
  }
  const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

  async function toDetails(rooms: number) {
    await type(await screen.findByTestId('book-check-out'), '2026-12-03');
    await fireEvent.click(screen.getByTestId('book-search'));
    const std = await screen.findByTestId('book-type-STD');
    for (let i = 0; i < rooms; i++) await fireEvent.click(within(std).getByTestId('book-add'));
    await fireEvent.click(screen.getByTestId('book-next'));
    await type(await screen.findByTestId('book-guest-name'), 'Li Na');
    await fireEvent.click(screen.getByTestId('book-next'));
    return screen.findByTestId('book-details');
  }

  it('asks for a group name and contact when several rooms are booked, and sends them', async () => {
    const api = openBook('#/book');
    await toDetails(2);
    await type(screen.getByTestId('book-group-name'), 'Acme offsite');
    await type(screen.getByTestId('book-group-contact'), 'Li Na');
    await type(screen.getByTestId('book-group-email'), 'li@');
    expect(screen.getByTestId('book-group-email-problem')).toBeTruthy();
    await type(screen.getByTestId('book-group-email'), 'li@acme.example');
    await fireEvent.click(screen.getByTestId('book-next'));
    await fireEvent.click(await screen.findByTestId('book-confirm'));
    await screen.findByTestId('book-code');
    expect((api.find('POST /api/v1/reservations')[0]?.body as BookingInput).group).toEqual({
      name: 'Acme offsite',
      contact: { name: 'Li Na', phone: '', email: 'li@acme.example' },
      notes: '',
    });
  });

  it('asks for no group for one room', async () => {
    openBook('#/book');
    await toDetails(1);
    expect(screen.queryByTestId('book-group')).toBeNull();
  });

  it('books from a block: availability asks for the block, and its rooms carry block_id', async () => {
    const api = openBook('#/book?check_in=2026-12-01&check_out=2026-12-03&room_type=t-std&block=blk-1&block_name=Acme%20rooms');
    await toDetails(1);
    expect(screen.getByTestId('book-from-block').textContent).toContain('Acme rooms');
    expect(api.find('GET /api/v1/hotels/h-harbour/availability')[0]?.query.get('block')).toBe('blk-1');
    await fireEvent.click(screen.getByTestId('book-next'));
    await fireEvent.click(await screen.findByTestId('book-confirm'));
    await screen.findByTestId('book-code');
    expect((api.find('POST /api/v1/reservations')[0]?.body as BookingInput).rooms?.[0]?.block_id).toBe('blk-1');
  });
});
