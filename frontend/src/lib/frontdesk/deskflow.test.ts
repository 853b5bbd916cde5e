import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import type { BulkRoomsInput, Room } from '../api/property';
import type { GuestInput } from '../api/guests';
import { BUSINESS_DATE, chart, guest, propertyRoutes, reservation, room } from '../../test/bookingFixtures';
import { DESK_ME, FRONT_DESK_PERMISSIONS, created, errorResponse, fakeApi, signedInRoutes, type Routes } from '../../test/fakeApi';
import { RESERVATION_KEYS, shortcutGroups } from '../shell/keymap';
import { GO_KEYS } from '../shell/shortcuts';
import { bulkRoomNumbers } from '../property/bulkRooms';
import { HOTEL_POLICY } from '../../test/fixtures';

function open<const K extends string = never>(hash: string, extra: Routes<K> = {} as Routes<K>, signedIn = signedInRoutes()) {
  window.location.hash = hash;
  const api = fakeApi<string>({ ...signedIn, ...propertyRoutes(), ...extra });
  render(App);
  return api;
}

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const key = (el: Element | Document, k: string, extra: KeyboardEventInit = {}) => fireEvent.keyDown(el, { key: k, ...extra });

beforeEach(() => {
  setLocale('en', null);
  window.localStorage.clear();
});
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

describe('Dashboard lists', () => {
  const arriving = reservation({ id: 'r-arr', code: 'ARR', guest_name: 'Arriving Guest', room_id: 'r-101' });
  const leaving = reservation({ id: 'r-out', code: 'OUT', status: 'checked_in', check_in: '2026-11-29', check_out: BUSINESS_DATE, room_id: '' });
  const lists = (checkedIn: boolean) => ({
    'GET /api/v1/reservations': () => ({
      reservations: checkedIn ? [{ ...arriving, status: 'checked_in' as const }, leaving] : [arriving, leaving],
    }),
  });

  it('show each stay’s room and check a guest in from the list, then refresh it', async () => {
    let checkedIn = false;
    const api = open('#/dashboard', {
      ...lists(false),
      'GET /api/v1/reservations': () => lists(checkedIn)['GET /api/v1/reservations'](),
      'POST /api/v1/reservations/r-arr/check-in': () => {
        checkedIn = true;
        return { ...arriving, status: 'checked_in' as const };
      },
    });
    const arrivals = await screen.findByTestId('arrivals-list');
    await waitFor(() => expect(within(arrivals).getByTestId('desk-row-room').textContent).toBe('Room 101'));
    const departures = screen.getByTestId('departures-list');
    expect(within(departures).getByTestId('desk-row-room').textContent).toBe('No room yet');
    expect(within(departures).getByTestId('desk-check-out')).toBeTruthy();

    await fireEvent.click(within(arrivals).getByTestId('desk-check-in'));
    const dialog = await screen.findByTestId('check-in-dialog');
    // Another row's button waits while a dialog is open: no second action at once.
    expect((within(departures).getByTestId('desk-check-out') as HTMLButtonElement).disabled).toBe(true);
    const confirm = (await within(dialog).findByTestId('check-in-confirm')) as HTMLButtonElement;
    await waitFor(() => expect(confirm.disabled).toBe(false));
    await fireEvent.click(confirm);
    await waitFor(() => expect(screen.queryByTestId('check-in-dialog')).toBeNull());
    expect(api.find('POST /api/v1/reservations/r-arr/check-in')).toHaveLength(1);
    expect(api.find('POST /api/v1/reservations/r-arr/check-in')[0]?.body).toMatchObject({ room_id: 'r-101' });
    // The list is read again: the arrival is checked in and offers no button.
    await waitFor(() => expect(within(screen.getByTestId('arrivals-list')).queryByTestId('desk-check-in')).toBeNull());
  });

  it('check a guest out after asking', async () => {
    const api = open('#/dashboard', { ...lists(false), 'POST /api/v1/reservations/r-out/check-out': { ...leaving, status: 'checked_out' as const } });
    const departures = await screen.findByTestId('departures-list');
    await fireEvent.click(await within(departures).findByTestId('desk-check-out'));
    await fireEvent.click(within(await screen.findByTestId('check-out-dialog')).getByTestId('confirm-yes'));
    await waitFor(() => expect(api.find('POST /api/v1/reservations/r-out/check-out')).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('check-out-dialog')).toBeNull());
  });

  it('offer no buttons to a user who may not change reservations', async () => {
    const permissions = FRONT_DESK_PERMISSIONS.filter((p) => p !== 'reservations.update');
    open('#/dashboard', lists(false), signedInRoutes(DESK_ME, { permissions, hotels: 'all' }));
    const arrivals = await screen.findByTestId('arrivals-list');
    await waitFor(() => expect(within(arrivals).getByTestId('desk-row-room').textContent).toBe('Room 101'));
    expect(screen.queryByTestId('desk-check-in')).toBeNull();
    expect(screen.queryByTestId('desk-check-out')).toBeNull();
  });
});

describe('Keys on a reservation', () => {
  function openReservation(over = {}) {
    return open('#/reservations/res-1', {
      'GET /api/v1/reservations/res-1': reservation(over),
      'GET /api/v1/reservations/res-1/cancellation-fee': { fee: 0, free_until: '2026-11-29T06:00:00Z', policy: HOTEL_POLICY, currency: 'CNY', arrival: '2026-12-01T06:00:00Z', hours_before: 72 },
    });
  }

  it('open check-in, change and cancel, and only the actions shown', async () => {
    openReservation();
    await screen.findByTestId('action-check-in');
    await key(document.body, 'o'); // not in house: no check-out
    expect(screen.queryByRole('dialog')).toBeNull();
    await key(document.body, 'i');
    expect(await screen.findByTestId('check-in-dialog')).toBeTruthy();
    // A key in the open dialog is the dialog's.
    await key(screen.getByTestId('check-in-dialog'), 'x');
    expect(screen.queryByTestId('cancel-dialog')).toBeNull();
    await key(screen.getByTestId('check-in-dialog'), 'Escape');
    await waitFor(() => expect(screen.queryByTestId('check-in-dialog')).toBeNull());
    await key(document.body, 'C');
    expect(await screen.findByTestId('modify-dialog')).toBeTruthy();
    await key(screen.getByTestId('modify-dialog'), 'Escape');
    await waitFor(() => expect(screen.queryByTestId('modify-dialog')).toBeNull());
    await key(document.body, 'x');
    expect(await screen.findByTestId('cancel-dialog')).toBeTruthy();
  });

  it('never fire while typing or with a modifier', async () => {
    openReservation();
    await screen.findByTestId('action-check-in');
    await key(screen.getByTestId('quick-search'), 'i');
    await key(document.body, 'i', { ctrlKey: true });
    await key(document.body, 'c', { metaKey: true });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('check out a guest in house with O', async () => {
    openReservation({ status: 'checked_in', room_id: 'r-101' });
    await screen.findByTestId('action-check-out');
    await key(document.body, 'i');
    expect(screen.queryByRole('dialog')).toBeNull();
    await key(document.body, 'o');
    expect(await screen.findByTestId('check-out-dialog')).toBeTruthy();
  });
});

describe('The list of shortcuts', () => {
  it('opens with ?, lists every key the handlers use, traps the focus and closes with Esc', async () => {
    open('#/dashboard', { 'GET /api/v1/reservations': { reservations: [] } });
    await screen.findByTestId('dashboard-page');
    await key(screen.getByTestId('quick-search'), '?');
    expect(screen.queryByTestId('shortcuts-help')).toBeNull(); // typed into the search
    await key(document.body, '?', { shiftKey: true });
    const help = await screen.findByTestId('shortcuts-help');
    const text = help.textContent ?? '';
    for (const [k, route] of Object.entries(GO_KEYS)) expect(text, `g ${k} (${route})`).toMatch(new RegExp(`g\\s*then\\s*${k}`));
    for (const k of Object.keys(RESERVATION_KEYS)) expect(within(help).getAllByText(k.toUpperCase()).length).toBeGreaterThan(0);
    expect(text).toContain('Check in');
    expect(text).toContain('Next step');
    const lines = within(help).getAllByTestId('shortcut');
    expect(lines).toHaveLength(shortcutGroups().reduce((n, g) => n + g.items.length, 0));
    expect(help.contains(document.activeElement)).toBe(true);
    const closeButtons = within(help).getAllByRole('button');
    closeButtons.at(-1)!.focus();
    await key(help, 'Tab');
    expect(help.contains(document.activeElement)).toBe(true);
    await key(help, 'Escape');
    await waitFor(() => expect(screen.queryByTestId('shortcuts-help')).toBeNull());
  });

  it('speaks Chinese', async () => {
    setLocale('zh-CN', null);
    open('#/dashboard', { 'GET /api/v1/reservations': { reservations: [] } });
    await screen.findByTestId('dashboard-page');
    await key(document.body, '?');
    const help = await screen.findByTestId('shortcuts-help');
    expect(help.textContent).toContain('键盘快捷键');
    expect(help.textContent).toContain('办理入住');
  });
});

describe('Enter in the booking form', () => {
  it('moves to the next step when the step is complete, not from a text area, and books once', async () => {
    let answer: (r: Response) => void = () => {};
    const api = open('#/book', {
      'GET /api/v1/hotels/h-harbour/availability': (await import('../../test/bookingFixtures')).AVAILABILITY,
      'GET /api/v1/guests': { guests: [] },
      'POST /api/v1/reservations': () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    });
    await type(await screen.findByTestId('book-check-out'), '2026-12-03');
    // Enter in the search form searches (the form's own submit), it does not move on.
    await fireEvent.submit(screen.getByTestId('book-search-form'));
    await fireEvent.click(within(await screen.findByTestId('book-type-STD')).getByTestId('book-add'));
    await key(document.body, 'Enter');
    const name = await screen.findByTestId('book-guest-name');
    await key(name, 'Enter');
    expect(screen.getByTestId('book-problem').textContent).toContain('guest’s name');
    expect(screen.getByTestId('book-step').dataset.step).toBe('guest');
    await type(name, 'Wang Fang');
    await key(name, 'Enter', { isComposing: true } as KeyboardEventInit); // an input method choosing a word
    expect(screen.getByTestId('book-step').dataset.step).toBe('guest');
    await key(name, 'Enter');
    const requests = await screen.findByTestId('book-requests');
    await key(requests, 'Enter');
    expect(screen.getByTestId('book-step').dataset.step).toBe('details');
    await key(document.body, 'Enter');
    await screen.findByTestId('book-review');
    await key(document.body, 'Enter');
    await key(document.body, 'Enter');
    await waitFor(() => expect(api.find('POST /api/v1/reservations')).toHaveLength(1));
    answer(created('book', { code: 'HX4K2-7QW9T', reservations: [reservation()] }));
    await waitFor(() => expect(screen.queryByTestId('book-review')).toBeNull());
    expect(api.find('POST /api/v1/reservations')).toHaveLength(1);
  });
});

describe('Rooms in bulk', () => {
  it('previews the numbers, refuses a range that is not one, and adds them all', async () => {
    const api = open('#/settings/rooms', {
      'POST /api/v1/hotels/h-harbour/rooms/bulk': (req) => {
        const b = req.body as BulkRoomsInput;
        const rooms: Room[] = bulkRoomNumbers(b.from ?? '', b.to ?? '').numbers.map((n) => room({ id: `r-${n}`, number: n, floor: b.floor ?? 0, room_type_id: b.room_type_id ?? '' }));
        return created('createRooms', { rooms });
      },
    });
    await fireEvent.click(await screen.findByTestId('bulk-rooms-open'));
    const dialog = await screen.findByTestId('bulk-rooms-dialog');
    const submit = within(dialog).getByTestId('bulk-rooms-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    await type(within(dialog).getByTestId('bulk-rooms-from'), '99');
    await type(within(dialog).getByTestId('bulk-rooms-to'), '101');
    expect(within(dialog).getByTestId('bulk-rooms-preview').textContent).toContain('as many in each');
    expect(submit.disabled).toBe(true);
    await type(within(dialog).getByTestId('bulk-rooms-from'), '301');
    await type(within(dialog).getByTestId('bulk-rooms-to'), '320');
    expect(within(dialog).getByTestId('bulk-rooms-preview').textContent).toContain('20 rooms: 301, 302, 303 … 319, 320');
    expect((within(dialog).getByTestId('bulk-rooms-floor') as HTMLInputElement).value).toBe('3');
    expect(submit.textContent).toContain('Add 20 rooms');
    await fireEvent.click(submit);
    await waitFor(() => expect(screen.queryByTestId('bulk-rooms-dialog')).toBeNull());
    expect(api.find('POST /api/v1/hotels/h-harbour/rooms/bulk')[0]?.body).toMatchObject({ from: '301', to: '320', floor: 3, room_type_id: 't-dlx' });
    expect(screen.getByTestId('bulk-rooms-done').textContent).toContain('20 rooms added');
    expect(await screen.findByTestId('room-row-320')).toBeTruthy();
  });

  it('shows the server’s refusal and adds nothing', async () => {
    open('#/settings/rooms', {
      'POST /api/v1/hotels/h-harbour/rooms/bulk': errorResponse(409, 'conflict', 'the hotel has a room 101 already'),
    });
    await fireEvent.click(await screen.findByTestId('bulk-rooms-open'));
    const dialog = await screen.findByTestId('bulk-rooms-dialog');
    await type(within(dialog).getByTestId('bulk-rooms-from'), '100');
    await type(within(dialog).getByTestId('bulk-rooms-to'), '102');
    await fireEvent.click(within(dialog).getByTestId('bulk-rooms-submit'));
    expect((await within(dialog).findByTestId('bulk-rooms-error')).textContent).toContain('room 101 already');
    expect(screen.queryByTestId('room-row-100')).toBeNull();
  });
});

describe('Guests without a booking', () => {
  it('are made with the booking flow’s checks, at the current hotel', async () => {
    const made = guest({ id: 'g-9', name: 'Li Na', phone: '', id_document: { type: '', number: '' } });
    const api = open('#/guests', {
      'GET /api/v1/guests': { guests: [] },
      'POST /api/v1/guests': () => created('createGuest', made),
      'GET /api/v1/guests/g-9': made,
      'GET /api/v1/guests/g-9/stays': { stays: [] },
    });
    await fireEvent.click(await screen.findByTestId('guest-new'));
    const form = await screen.findByTestId('guest-form');
    await fireEvent.submit(form);
    expect(screen.getByTestId('guest-form-problem').textContent).toContain('Enter the guest’s name');
    await type(within(form).getByTestId('guest-form-name'), 'Li Na');
    await type(within(form).getByTestId('guest-form-email'), 'not-an-email');
    await fireEvent.submit(form);
    expect(screen.getByTestId('guest-form-problem').textContent).toContain('email address does not look right');
    await type(within(form).getByTestId('guest-form-doc-number'), 'E1');
    await type(within(form).getByTestId('guest-form-email'), 'li@example.com');
    await fireEvent.submit(form);
    expect(screen.getByTestId('guest-form-problem').textContent).toBeTruthy(); // a number without its kind
    expect(api.find('POST /api/v1/guests')).toHaveLength(0);
    await type(within(form).getByTestId('guest-form-doc-number'), '');
    await fireEvent.submit(form);
    await screen.findByTestId('guest-created');
    expect(api.find('POST /api/v1/guests')).toHaveLength(1);
    expect(api.find('POST /api/v1/guests')[0]?.body as GuestInput).toMatchObject({ name: 'Li Na', email: 'li@example.com', hotel_id: 'h-harbour' });
    expect(screen.getByTestId('guest-profile').textContent).toContain('Li Na');
    expect(window.location.hash).toBe('#/guests/g-9');
  });

  it('are not offered to a user who may not create them', async () => {
    const permissions = FRONT_DESK_PERMISSIONS.filter((p) => p !== 'guests.create');
    open('#/guests', { 'GET /api/v1/guests': { guests: [] } }, signedInRoutes(DESK_ME, { permissions, hotels: 'all' }));
    await screen.findByTestId('guests-page');
    expect(screen.queryByTestId('guest-new')).toBeNull();
  });
});

describe('The reservation list', () => {
  it('loads the next page after the last, and says how many are shown', async () => {
    const page1 = [reservation({ id: 'a', code: 'A' }), reservation({ id: 'b', code: 'B' })];
    const page2 = [reservation({ id: 'c', code: 'C' })];
    const api = open('#/reservations', {
      'GET /api/v1/reservations': (req) => (req.query.get('cursor') === 'k2' ? { reservations: page2 } : { reservations: page1, next: 'k2' }),
    });
    await waitFor(() => expect(screen.getAllByTestId('reservation-row')).toHaveLength(2));
    expect(screen.getByTestId('reservations-count').textContent).toContain('2 shown, more to load');
    await fireEvent.click(screen.getByTestId('reservations-more'));
    await waitFor(() => expect(screen.getAllByTestId('reservation-row').map((r) => r.dataset.code)).toEqual(['A', 'B', 'C']));
    expect(screen.getByTestId('reservations-count').textContent).toContain('3 shown');
    expect(screen.queryByTestId('reservations-more')).toBeNull();
    const more = api.find('GET /api/v1/reservations').at(-1)!;
    expect(more.query.get('cursor')).toBe('k2');
    expect(more.query.get('hotel')).toBe('h-harbour');
    expect(more.query.get('limit')).toBe('200');
  });
});
