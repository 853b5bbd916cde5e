import { describe, expect, it } from 'vitest';
import { attemptFor, buildBookingRequest, detailsProblem, draftRoom, draftTotal, guestProblem, newDraft, searchProblem, type BookingDraft } from './draft';
import { AVAILABILITY } from '../../test/bookingFixtures';

function draft(over: Partial<BookingDraft> = {}): BookingDraft {
  const d = newDraft('h-harbour', '2026-12-01');
  const std = AVAILABILITY.room_types[0]!;
  return {
    ...d,
    checkOut: '2026-12-03',
    rooms: [draftRoom(std, std.rate_plans[0]!, 2, 0)],
    guest: { mode: 'new', name: ' Wang Fang ', phone: '+86 139', email: '', nationality: 'cn', id_document: { type: 'passport', number: ' E123 ' } },
    ...over,
  };
}

describe('searchProblem', () => {
  it.each([
    [{ checkIn: '', checkOut: '2026-12-03' }, 'book.problem.dates'],
    [{ checkIn: '2026-12-03', checkOut: '2026-12-03' }, 'book.problem.order'],
    [{ checkIn: '2026-11-30', checkOut: '2026-12-03' }, 'book.problem.past'],
    [{ checkIn: '2026-12-01', checkOut: '2027-06-01' }, 'book.problem.long'],
    [{ adults: 0 }, 'book.problem.adults'],
    [{ children: -1 }, 'book.problem.children'],
  ])('%j → %s', (over, want) => {
    expect(searchProblem({ checkIn: '2026-12-01', checkOut: '2026-12-02', adults: 2, children: 0, ...over }, '2026-12-01')).toBe(want);
  });

  it('accepts a stay from the business date', () => {
    expect(searchProblem({ checkIn: '2026-12-01', checkOut: '2026-12-02', adults: 1, children: 0 }, '2026-12-01')).toBeNull();
  });
});

describe('guest and details', () => {
  it('needs a name for a new guest, or a chosen one', () => {
    expect(guestProblem({ mode: 'new', name: ' ', phone: '', email: '', nationality: '', id_document: { type: '', number: '' } })).toBe('book.problem.guestName');
    expect(guestProblem({ mode: 'existing', id: 'g-1', name: 'Li Wei', phone: '' })).toBeNull();
    expect(guestProblem({ mode: 'new', name: 'A', phone: '', email: 'not-an-email', nationality: '', id_document: { type: '', number: '' } })).toBe('book.problem.email');
    expect(guestProblem({ mode: 'new', name: 'A', phone: '', email: '', nationality: '', id_document: { type: '', number: '123' } })).toBe('book.problem.documentType');
  });

  it('needs the name of an online travel agency', () => {
    expect(detailsProblem({ channel: 'ota', ota: '' })).toBe('book.problem.ota');
    expect(detailsProblem({ channel: 'ota', ota: 'Ctrip' })).toBeNull();
    expect(detailsProblem({ channel: 'phone', ota: '' })).toBeNull();
  });
});

describe('buildBookingRequest', () => {
  it('sends the rooms, the stay, a new guest cleaned up and the source', () => {
    expect(buildBookingRequest(draft({ specialRequests: ' late arrival ' }), '2026-12-01')).toEqual({
      hotel_id: 'h-harbour',
      rooms: [{ room_type_id: 't-std', rate_plan_id: 'p-std-bar', adults: 2, children: 0 }],
      check_in: '2026-12-01',
      check_out: '2026-12-03',
      guest: { name: 'Wang Fang', phone: '+86 139', email: '', nationality: 'CN', id_document: { type: 'passport', number: 'E123' } },
      special_requests: 'late arrival',
      source: { channel: 'phone' },
      status: 'confirmed',
      walk_in: false,
    });
  });

  it('sends only the id of an existing guest, and the room to assign', () => {
    const d = draft({ guest: { mode: 'existing', id: 'g-7', name: 'Li Wei', phone: '' } });
    d.rooms[0] = { ...d.rooms[0]!, room_id: 'r-101' };
    const body = buildBookingRequest(d, '2026-12-01');
    expect(body.guest).toEqual({ id: 'g-7' });
    expect(body.rooms?.[0]?.room_id).toBe('r-101');
  });

  it('holds a tentative booking for the chosen minutes', () => {
    const body = buildBookingRequest(draft({ status: 'tentative', holdMinutes: 45 }), '2026-12-01');
    expect(body.status).toBe('tentative');
    expect(body.hold_minutes).toBe(45);
  });

  it('names the online travel agency', () => {
    expect(buildBookingRequest(draft({ channel: 'ota', ota: ' Ctrip ' }), '2026-12-01').source).toEqual({ channel: 'ota', ota: 'Ctrip' });
  });

  it('books a walk-in from the business date, confirmed, as a walk-in', () => {
    const body = buildBookingRequest(draft({ walkIn: true, checkIn: '2026-12-05', status: 'tentative' }), '2026-12-01');
    expect(body).toMatchObject({ walk_in: true, check_in: '2026-12-01', status: 'confirmed', source: { channel: 'walk_in' } });
    expect(body.hold_minutes).toBeUndefined();
  });

  it('adds up the quoted totals', () => {
    const std = AVAILABILITY.room_types[0]!;
    expect(draftTotal(draft({ rooms: [draftRoom(std, std.rate_plans[0]!, 2, 0), draftRoom(std, std.rate_plans[0]!, 1, 0)] }))).toBe(232000);
  });

  it('keeps a room’s party within its type', () => {
    const std = AVAILABILITY.room_types[0]!;
    expect(draftRoom(std, std.rate_plans[0]!, 4, 3)).toMatchObject({ adults: 2, children: 1 });
  });
});

describe('attemptFor (the Idempotency-Key)', () => {
  const body = buildBookingRequest(draft(), '2026-12-01');

  it('makes a version 4 UUID for a new attempt', () => {
    expect(attemptFor(null, body).key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps the key when the same booking is sent again (double click, retry)', () => {
    const first = attemptFor(null, body);
    expect(attemptFor(first, structuredClone(body))).toBe(first);
  });

  it('takes a new key when the booking changed', () => {
    const first = attemptFor(null, body, () => 'k1');
    const second = attemptFor(first, { ...body, check_out: '2026-12-04' }, () => 'k2');
    expect(second.key).toBe('k2');
  });
});
