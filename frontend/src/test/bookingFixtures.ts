// Sample property and bookings for the booking area's tests, shaped as the
// API sends them (docs/booking.md).

import type { HotelInfo, RatePlan, Room, RoomType } from '../lib/api/property';
import type { Availability, Reservation, TapeBlock, TapeChart } from '../lib/api/booking';
import type { Guest } from '../lib/api/guests';
import { routes } from './fakeApi';
import { hotel } from './fixtures';

export const BUSINESS_DATE = '2026-12-01';

export const HOTEL: HotelInfo = hotel({ business_date: BUSINESS_DATE });

export const HILL: HotelInfo = { ...HOTEL, id: 'h-hill', name: 'Hill Lodge', business_date: '2026-12-03' };

export const STD: RoomType = {
  id: 't-std',
  hotel_id: 'h-harbour',
  code: 'STD',
  name: 'Standard Twin',
  bed_type: 'twin',
  area_m2: 24,
  max_adults: 2,
  max_children: 1,
  amenities: ['wifi'],
  descriptions: {},
  photos: [],
  created_at: '2026-11-01T08:00:00Z',
  updated_at: '2026-11-01T08:00:00Z',
};

export const DLX: RoomType = { ...STD, id: 't-dlx', code: 'DLX', name: 'Deluxe King', bed_type: 'king', max_adults: 3 };

/** room builds room 101 (STD, clean) as GET /api/v1/hotels/{id}/rooms sends it, unless over says otherwise. */
export function room(over: Partial<Room> = {}): Room {
  return {
    id: 'r-101',
    hotel_id: 'h-harbour',
    number: '101',
    floor: 1,
    room_type_id: 't-std',
    features: [],
    housekeeping: 'clean',
    out_of_order: [],
    created_at: '2026-11-01T08:00:00Z',
    updated_at: '2026-11-01T08:00:00Z',
    ...over,
  };
}

export const ROOMS: Room[] = [
  room(),
  room({ id: 'r-102', number: '102', housekeeping: 'dirty' }),
  room({ id: 'r-201', number: '201', floor: 2, room_type_id: 't-dlx', housekeeping: 'inspected' }),
];

/** ratePlan builds STD's best available rate as GET /api/v1/hotels/{id}/rate-plans sends it, unless over says otherwise. */
export function ratePlan(over: Partial<RatePlan> = {}): RatePlan {
  return {
    id: 'p-std-bar',
    hotel_id: 'h-harbour',
    room_type_id: 't-std',
    code: 'STD-BAR',
    name: 'Best available rate',
    base_rate: 58000,
    weekend_rate: 0,
    weekend_days: [5, 6],
    included_adults: 2,
    extra_adult: 0,
    extra_child: 0,
    min_stay: 0,
    max_stay: 0,
    seasons: [],
    created_at: '2026-11-01T08:00:00Z',
    updated_at: '2026-11-01T08:00:00Z',
    ...over,
  };
}

export const PLANS: RatePlan[] = [ratePlan(), ratePlan({ id: 'p-dlx-bar', room_type_id: 't-dlx', code: 'DLX-BAR', base_rate: 88000 })];

/** AVAILABILITY is two nights from the business date: STD bookable, DLX not (min stay). */
export const AVAILABILITY: Availability = {
  check_in: '2026-12-01',
  check_out: '2026-12-03',
  nights: 2,
  currency: 'CNY',
  room_types: [
    {
      room_type: STD,
      available: 2,
      bookable: true,
      reasons: [],
      rate_plans: [
        {
          rate_plan_id: 'p-std-bar',
          name: 'Best available rate',
          bookable: true,
          reasons: [],
          nights: [
            { date: '2026-12-01', price: 58000 },
            { date: '2026-12-02', price: 58000 },
          ],
          total: 116000,
        },
      ],
    },
    {
      room_type: DLX,
      available: 1,
      bookable: false,
      reasons: ['min_stay'],
      rate_plans: [
        {
          rate_plan_id: 'p-dlx-bar',
          name: 'Best available rate',
          bookable: false,
          reasons: ['min_stay'],
          nights: [
            { date: '2026-12-01', price: 88000 },
            { date: '2026-12-02', price: 88000 },
          ],
          total: 176000,
        },
      ],
    },
  ],
};

/** reservation builds a reservation of STD for two nights from the business date. */
export function reservation(over: Partial<Reservation> = {}): Reservation {
  return {
    id: 'res-1',
    hotel_id: 'h-harbour',
    code: 'HX4K2-7QW9T',
    status: 'confirmed',
    room_type_id: 't-std',
    room_id: '',
    rate_plan_id: 'p-std-bar',
    check_in: '2026-12-01',
    check_out: '2026-12-03',
    adults: 2,
    children: 0,
    guest_id: 'g-1',
    guest_name: 'Wang Fang',
    guest_phone: '+86 139 0000 1111',
    special_requests: '',
    source: { channel: 'phone' },
    nights: [
      { date: '2026-12-01', price: 58000 },
      { date: '2026-12-02', price: 58000 },
    ],
    total: 116000,
    currency: 'CNY',
    room_history: [],
    cancellation: null,
    created_at: '2026-11-20T08:00:00Z',
    updated_at: '2026-11-20T08:00:00Z',
    ...over,
  };
}

/** chart builds a tape chart of ROOMS from the business date for 14 days. */
export function chart(over: Partial<TapeChart> = {}): TapeChart {
  const dates = Array.from({ length: 14 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`);
  return {
    from: '2026-12-01',
    to: '2026-12-15',
    dates,
    rooms: ROOMS.map((r) => ({
      id: r.id,
      number: r.number,
      floor: r.floor,
      room_type_id: r.room_type_id,
      housekeeping: r.housekeeping,
      blocks: [],
      out_of_order: [],
    })),
    unassigned: [],
    conflicts: [],
    allotments: [],
    room_types: [
      { id: 't-dlx', code: 'DLX', name: 'Deluxe King' },
      { id: 't-std', code: 'STD', name: 'Standard Twin' },
    ],
    ...over,
  };
}

/** propertyRoutes answers the calls every booking page makes for HOTEL. */
export function propertyRoutes() {
  return routes({
    'GET /api/v1/hotels': { hotels: [HOTEL] },
    'GET /api/v1/hotels/h-harbour': HOTEL,
    'GET /api/v1/hotels/h-harbour/room-types': { room_types: [DLX, STD] },
    'GET /api/v1/hotels/h-harbour/rooms': { rooms: ROOMS },
    'GET /api/v1/hotels/h-harbour/rate-plans': { rate_plans: PLANS },
    'GET /api/v1/hotels/h-harbour/tape-chart': chart(),
  });
}

/** guest builds guest g-1 (Wang Fang, the guest of reservation()) as GET /api/v1/guests/{id} sends it, unless over says otherwise. */
export function guest(over: Partial<Guest> = {}): Guest {
  return {
    id: 'g-1',
    hotel_id: 'h-harbour',
    name: 'Wang Fang',
    phone: '+86 139 0000 1111',
    email: '',
    nationality: 'CN',
    id_document: { type: 'passport', number: 'E123' },
    notes: '',
    merged_into: '',
    created_at: '2026-11-20T08:00:00Z',
    updated_at: '2026-11-20T08:00:00Z',
    ...over,
  };
}

/** tapeBlock builds the tape chart block of reservation() (Wang Fang, Dec 1–3), unless over says otherwise. */
export function tapeBlock(over: Partial<TapeBlock> = {}): TapeBlock {
  return {
    reservation_id: 'res-1',
    code: 'HX4K2-7QW9T',
    guest_name: 'Wang Fang',
    status: 'confirmed',
    check_in: '2026-12-01',
    check_out: '2026-12-03',
    from: '2026-12-01',
    to: '2026-12-03',
    conflict: false,
    ...over,
  };
}
