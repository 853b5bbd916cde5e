import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import type { BookingInput } from '../api/booking';
import { AVAILABILITY, BUSINESS_DATE, guest, propertyRoutes, reservation } from '../../test/bookingFixtures';
import { created, fakeApi, routes, signedInRoutes, type Routes } from '../../test/fakeApi';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function open<const K extends string = never>(hash: string, extra: Routes<K> = {} as Routes<K>) {
  window.location.hash = hash;
  const api = fakeApi<string>({
    ...signedInRoutes(),
    ...propertyRoutes(),
    ...routes({
      'GET /api/v1/hotels/h-harbour/availability': AVAILABILITY,
      'GET /api/v1/guests': { guests: [] },
      'POST /api/v1/reservations': (req) => {
        const b = req.body as BookingInput;
        return created('book', { code: 'HX4K2-7QW9T', reservations: [reservation({ check_in: b.check_in, check_out: b.check_out })] });
      },
    }),
    ...extra,
  });
  render(App);
  return api;
}

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

async function searchTwoNights() {
  await type(await screen.findByTestId('book-check-out'), '2026-12-03');
  await fireEvent.click(screen.getByTestId('book-search'));
  return screen.findByTestId('book-type-STD');
}

async function toReview(name = 'Wang Fang') {
  await fireEvent.click(within(await searchTwoNights()).getByTestId('book-add'));
  await fireEvent.click(screen.getByTestId('book-next'));
  await type(await screen.findByTestId('book-guest-name'), name);
  await type(screen.getByTestId('book-guest-phone'), '+86 139 0000 1111');
  await fireEvent.click(screen.getByTestId('book-next'));
  await screen.findByTestId('book-details');
  await fireEvent.click(screen.getByTestId('book-next'));
  return screen.findByTestId('book-review');
}

beforeEach(() => {
  setLocale('en', null);
  window.localStorage.clear();
});
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

describe('Booking flow', () => {
  it('searches availability and says why a type cannot be booked', async () => {
    const api = open('#/book');
    const std = await searchTwoNights();
    const q = api.find('GET /api/v1/hotels/h-harbour/availability')[0]?.query;
    expect(Object.fromEntries(q ?? [])).toEqual({ check_in: BUSINESS_DATE, check_out: '2026-12-03', adults: '2', children: '0' });
    expect(std.textContent).toContain('2 available');
    expect(within(std).getByTestId('book-plan-total').textContent).toContain('1,160.00');
    const dlx = screen.getByTestId('book-type-DLX');
    expect(within(dlx).getByTestId('book-type-reasons').textContent).toContain('Not bookable: Minimum stay not met');
    expect((within(dlx).getByTestId('book-add') as HTMLButtonElement).disabled).toBe(true);
  });

  it('refuses a search that ends before it starts', async () => {
    const api = open('#/book');
    await type(await screen.findByTestId('book-check-out'), '2026-11-30');
    await fireEvent.click(screen.getByTestId('book-search'));
    expect((await screen.findByTestId('book-problem')).textContent).toContain('The check-out must be after the check-in.');
    expect(api.find('GET /api/v1/hotels/h-harbour/availability')).toHaveLength(0);
  });

  it('books two rooms for a new guest, with an Idempotency-Key, and shows the code', async () => {
    const api = open('#/book');
    const std = await searchTwoNights();
    await fireEvent.click(within(std).getByTestId('book-add'));
    await fireEvent.click(within(std).getByTestId('book-add'));
    expect(screen.getAllByTestId('book-room')).toHaveLength(2);
    // Only two STD rooms are free: a third cannot be added.
    expect((within(std).getByTestId('book-add') as HTMLButtonElement).disabled).toBe(true);
    await type(screen.getAllByTestId('book-room-adults')[1]!, '1');
    expect(screen.getByTestId('book-total').textContent).toContain('2,320.00');
    await fireEvent.click(screen.getByTestId('book-next'));

    // The guest step wants a name.
    await fireEvent.click(await screen.findByTestId('book-next'));
    expect(screen.getByTestId('book-problem').textContent).toContain('Enter the guest’s name');
    await type(screen.getByTestId('book-guest-name'), ' Wang Fang ');
    await type(screen.getByTestId('book-guest-email'), 'wang@example.com');
    await fireEvent.change(screen.getByTestId('book-guest-doc-type'), { target: { value: 'passport' } });
    await type(screen.getByTestId('book-guest-doc-number'), 'E12345678');
    await fireEvent.click(screen.getByTestId('book-next'));

    // Details: an OTA booking needs the OTA's name.
    await fireEvent.change(await screen.findByTestId('book-channel'), { target: { value: 'ota' } });
    await fireEvent.click(screen.getByTestId('book-next'));
    expect(screen.getByTestId('book-problem').textContent).toContain('Name the online travel agency.');
    await type(screen.getByTestId('book-ota'), 'Ctrip');
    await type(screen.getByTestId('book-requests'), 'High floor');
    await fireEvent.click(screen.getByTestId('book-next'));

    const review = await screen.findByTestId('book-review');
    expect(review.textContent).toContain('Wang Fang');
    expect(within(review).getByTestId('book-review-total').textContent).toContain('2,320.00');
    await fireEvent.click(screen.getByTestId('book-confirm'));

    expect((await screen.findByTestId('book-code')).textContent).toBe('HX4K2-7QW9T');
    const [req] = api.find('POST /api/v1/reservations');
    expect(req?.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(req?.headers.get('X-CSRF-Token')).toBe('csrf-from-me');
    expect(req?.body).toEqual({
      hotel_id: 'h-harbour',
      rooms: [
        { room_type_id: 't-std', rate_plan_id: 'p-std-bar', adults: 2, children: 0 },
        { room_type_id: 't-std', rate_plan_id: 'p-std-bar', adults: 1, children: 0 },
      ],
      check_in: BUSINESS_DATE,
      check_out: '2026-12-03',
      guest: { name: 'Wang Fang', phone: '', email: 'wang@example.com', nationality: '', id_document: { type: 'passport', number: 'E12345678' } },
      special_requests: 'High floor',
      source: { channel: 'ota', ota: 'Ctrip' },
      status: 'confirmed',
      walk_in: false,
    });
    expect(screen.getByTestId('book-open').getAttribute('href')).toBe('#/reservations/res-1');
    // One reservation without a room yet: the link names the reservation, not a "room 1".
    expect(screen.getByTestId('book-open').textContent).toBe('Open the reservation');
  });

  it('keeps what was entered when going back through the steps, and starts afresh for another booking', async () => {
    open('#/book');
    await fireEvent.click(within(await searchTwoNights()).getByTestId('book-add'));
    await fireEvent.click(screen.getByTestId('book-next'));
    await type(await screen.findByTestId('book-guest-name'), 'Li Lei');
    await fireEvent.click(screen.getByTestId('book-next'));
    await type(await screen.findByTestId('book-requests'), 'Quiet room');
    await fireEvent.click(screen.getByTestId('book-back'));
    expect((await screen.findByTestId('book-guest-name') as HTMLInputElement).value).toBe('Li Lei');
    await fireEvent.click(screen.getByTestId('book-back'));
    expect(screen.getByTestId('book-step').dataset.step).toBe('rooms');
    expect(screen.getAllByTestId('book-room')).toHaveLength(1);
    expect(screen.getByTestId('book-type-STD')).toBeTruthy();
    expect((screen.getByTestId('book-check-out') as HTMLInputElement).value).toBe('2026-12-03');
    await fireEvent.click(screen.getByTestId('book-next'));
    await fireEvent.click(await screen.findByTestId('book-next'));
    expect((await screen.findByTestId('book-requests') as HTMLTextAreaElement).value).toBe('Quiet room');
    await fireEvent.click(screen.getByTestId('book-next'));
    expect((await screen.findByTestId('book-review-guest')).textContent).toBe('Li Lei');
    await fireEvent.click(screen.getByTestId('book-confirm'));
    await fireEvent.click(await screen.findByTestId('book-another'));
    expect(screen.getByTestId('book-step').dataset.step).toBe('rooms');
    expect(screen.queryAllByTestId('book-room')).toHaveLength(0);
    expect(screen.queryByTestId('book-type-STD')).toBeNull();
    expect((screen.getByTestId('book-check-out') as HTMLInputElement).value).toBe('2026-12-02');
  });

  it('books once on a double click', async () => {
    const api = open('#/book');
    await toReview();
    const confirm = screen.getByTestId('book-confirm');
    void fireEvent.click(confirm);
    await fireEvent.click(confirm);
    await screen.findByTestId('book-code');
    expect(api.find('POST /api/v1/reservations')).toHaveLength(1);
  });

  it('retries a failed attempt with the same key, so that it cannot book twice', async () => {
    let first = true;
    const api = open('#/book', {
      'POST /api/v1/reservations': () => {
        if (first) {
          first = false;
          throw new TypeError('Failed to fetch');
        }
        return created('book', { code: 'HX4K2-7QW9T', reservations: [reservation()] });
      },
    });
    await toReview();
    await fireEvent.click(screen.getByTestId('book-confirm'));
    expect((await screen.findByTestId('book-error')).textContent).toContain('Cannot reach the Innkeep service');
    await fireEvent.click(screen.getByTestId('book-confirm'));
    await screen.findByTestId('book-code');
    const [a, b] = api.find('POST /api/v1/reservations');
    expect(a?.headers.get('Idempotency-Key')).toMatch(UUID);
    expect(b?.headers.get('Idempotency-Key')).toBe(a?.headers.get('Idempotency-Key'));
  });

  it('shows the API’s refusal in the review step', async () => {
    open('#/book', {
      'POST /api/v1/reservations': () =>
        new Response(JSON.stringify({ error: { code: 'conflict', message: 'no Standard Twin room is free on 2026-12-02' } }), {
          status: 409,
          headers: { 'Content-Type': 'application/json' },
        }),
    });
    await toReview();
    await fireEvent.click(screen.getByTestId('book-confirm'));
    expect((await screen.findByTestId('book-error')).textContent).toContain('no Standard Twin room is free on 2026-12-02');
    expect(screen.getByTestId('book-review')).toBeTruthy();
  });

  it('books an existing guest by id', async () => {
    const api = open('#/book', {
      'GET /api/v1/guests': { guests: [guest({ id: 'g-9', name: 'Li Wei', phone: '+86 138', id_document: { type: '', number: '' } })] },
    });
    await fireEvent.click(within(await searchTwoNights()).getByTestId('book-add'));
    await fireEvent.click(screen.getByTestId('book-next'));
    await type(await screen.findByTestId('book-guest-search'), 'Li W');
    await fireEvent.click(await screen.findByTestId('book-guest-search-result', {}, { timeout: 2000 }));
    expect(screen.getByTestId('book-guest-selected').textContent).toContain('Li Wei');
    expect(api.find('GET /api/v1/guests')[0]?.query.get('q')).toBe('Li W');
    await fireEvent.click(screen.getByTestId('book-next'));
    await fireEvent.click(await screen.findByTestId('book-next'));
    await fireEvent.click(await screen.findByTestId('book-confirm'));
    await screen.findByTestId('book-code');
    expect((api.find('POST /api/v1/reservations')[0]?.body as BookingInput).guest).toEqual({ id: 'g-9' });
  });

  it('holds a tentative booking', async () => {
    const api = open('#/book');
    await fireEvent.click(within(await searchTwoNights()).getByTestId('book-add'));
    await fireEvent.click(screen.getByTestId('book-next'));
    await type(await screen.findByTestId('book-guest-name'), 'Chen Jing');
    await fireEvent.click(screen.getByTestId('book-next'));
    await fireEvent.click(await screen.findByTestId('book-status-tentative'));
    await type(screen.getByTestId('book-hold'), '60');
    await fireEvent.click(screen.getByTestId('book-next'));
    await fireEvent.click(await screen.findByTestId('book-confirm'));
    await screen.findByTestId('book-code');
    expect(api.find('POST /api/v1/reservations')[0]?.body).toMatchObject({ status: 'tentative', hold_minutes: 60 });
  });

  it('books a walk-in from the business date and checks in', async () => {
    const api = open('#/book?walk_in=1');
    expect(await screen.findByRole('heading', { level: 1, name: 'Walk-in' })).toBeTruthy();
    expect((screen.getByTestId('book-check-in') as HTMLInputElement).disabled).toBe(true);
    // The search runs at once for one night from today.
    const std = await screen.findByTestId('book-type-STD');
    expect(api.find('GET /api/v1/hotels/h-harbour/availability')[0]?.query.get('check_in')).toBe(BUSINESS_DATE);
    await fireEvent.click(within(std).getByTestId('book-add'));
    await fireEvent.click(screen.getByTestId('book-next'));
    await type(await screen.findByTestId('book-guest-name'), 'Walk In');
    await fireEvent.click(screen.getByTestId('book-next'));
    expect(screen.queryByTestId('book-status-tentative')).toBeNull();
    await fireEvent.click(await screen.findByTestId('book-next'));
    expect(screen.getByTestId('book-confirm').textContent).toContain('Book and check in');
    await fireEvent.click(screen.getByTestId('book-confirm'));
    await screen.findByTestId('book-code');
    expect(api.find('POST /api/v1/reservations')[0]?.body).toMatchObject({
      walk_in: true,
      check_in: BUSINESS_DATE,
      status: 'confirmed',
      source: { channel: 'walk_in' },
    });
  });

  it('tells which room a walk-in was given, in English and in Chinese', async () => {
    for (const [lang, given, link] of [
      ['en', 'Room given: 102', 'Open the reservation for room 102'],
      ['zh-CN', '已分配房间：102', '查看 102 号房的预订'],
    ] as const) {
      setLocale(lang, null);
      open('#/book?walk_in=1', {
        'POST /api/v1/reservations': (req) => {
          const b = req.body as BookingInput;
          return created('book', { code: 'WALK1-2345Q', reservations: [reservation({ status: 'checked_in', room_id: 'r-102', check_in: b.check_in, check_out: b.check_out })] });
        },
      });
      await fireEvent.click(within(await screen.findByTestId('book-type-STD')).getByTestId('book-add'));
      await fireEvent.click(screen.getByTestId('book-next'));
      await type(await screen.findByTestId('book-guest-name'), 'Walk In');
      await fireEvent.click(screen.getByTestId('book-next'));
      await fireEvent.click(await screen.findByTestId('book-next'));
      await fireEvent.click(screen.getByTestId('book-confirm'));
      expect((await screen.findByTestId('book-room-given')).textContent).toBe(given);
      expect(screen.getByTestId('book-open').textContent).toBe(link);
      cleanup();
    }
  });

  it('assigns the room of the tape chart cell the flow began on', async () => {
    const api = open('#/book?check_in=2026-12-01&check_out=2026-12-03&room_type=t-std&room=r-101');
    expect((await screen.findByTestId('book-preset-room')).textContent).toContain('Room 101');
    expect(api.find('GET /api/v1/hotels/h-harbour/availability')[0]?.query.get('room_type')).toBe('t-std');
    await fireEvent.click(within(await screen.findByTestId('book-type-STD')).getByTestId('book-add'));
    expect(screen.getByTestId('book-room').textContent).toContain('Room 101 will be assigned.');
    await fireEvent.click(screen.getByTestId('book-next'));
    await type(await screen.findByTestId('book-guest-name'), 'Zhang Min');
    await fireEvent.click(screen.getByTestId('book-next'));
    await fireEvent.click(await screen.findByTestId('book-next'));
    await fireEvent.click(await screen.findByTestId('book-confirm'));
    await screen.findByTestId('book-code');
    await waitFor(() => expect(api.find('POST /api/v1/reservations')).toHaveLength(1));
    expect((api.find('POST /api/v1/reservations')[0]?.body as BookingInput).rooms?.[0]).toMatchObject({ room_id: 'r-101' });
  });

  it('speaks Chinese', async () => {
    setLocale('zh-CN', null);
    open('#/book');
    const std = await searchTwoNights();
    expect(std.textContent).toContain('可订 2 间');
    expect(screen.getByTestId('book-type-DLX').textContent).toContain('不可预订：未满足最短入住');
  });
});
