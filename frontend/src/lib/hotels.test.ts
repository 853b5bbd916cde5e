import { get } from 'svelte/store';
import { describe, expect, it } from 'vitest';
import { HOTEL_KEY, createHotels, pickHotel, rememberHotel, rememberedHotel, type StorageLike } from './hotels';
import { HILL, HOTEL } from '../test/bookingFixtures';
import { fakeApi } from '../test/fakeApi';

function memory(initial: Record<string, string> = {}): StorageLike & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

const broken: StorageLike = {
  getItem: () => {
    throw new Error('denied');
  },
  setItem: () => {
    throw new Error('denied');
  },
};

describe('pickHotel', () => {
  it('takes the remembered hotel when the user still sees it', () => {
    expect(pickHotel([HOTEL, HILL], 'h-hill')?.id).toBe('h-hill');
  });

  it('falls back to the first by name', () => {
    expect(pickHotel([HILL, HOTEL], 'h-gone')?.id).toBe('h-harbour');
    expect(pickHotel([HILL, HOTEL], null)?.id).toBe('h-harbour');
    expect(pickHotel([], 'h-hill')).toBeNull();
  });
});

describe('remembering the hotel', () => {
  it('stores the choice under innkeep.hotel', () => {
    const s = memory();
    rememberHotel(s, 'h-hill');
    expect(s.data[HOTEL_KEY]).toBe('h-hill');
    expect(rememberedHotel(s)).toBe('h-hill');
  });

  it('survives storage that refuses', () => {
    expect(() => rememberHotel(broken, 'h-hill')).not.toThrow();
    expect(rememberedHotel(broken)).toBeNull();
  });
});

describe('createHotels', () => {
  it('loads the hotels and opens the remembered one', async () => {
    fakeApi({ 'GET /api/v1/hotels': { hotels: [HOTEL, HILL] } });
    const hotels = createHotels(memory({ [HOTEL_KEY]: 'h-hill' }));
    await hotels.load();
    const s = get(hotels);
    expect(s.hotels.map((h) => h.id)).toEqual(['h-harbour', 'h-hill']);
    expect(s.current?.id).toBe('h-hill');
    expect(s.loaded).toBe(true);
  });

  it('remembers a choice, and keeps it when the list is reloaded', async () => {
    fakeApi({ 'GET /api/v1/hotels': { hotels: [HOTEL, HILL] } });
    const storage = memory();
    const hotels = createHotels(storage);
    await hotels.load();
    expect(get(hotels).current?.id).toBe('h-harbour');
    hotels.choose('h-hill');
    expect(get(hotels).current?.id).toBe('h-hill');
    expect(storage.data[HOTEL_KEY]).toBe('h-hill');
    await hotels.refresh();
    expect(get(hotels).current?.id).toBe('h-hill');
    // A fresh start (a reload of the page) opens it again.
    const again = createHotels(storage);
    await again.load();
    expect(get(again).current?.id).toBe('h-hill');
  });

  it('ignores a choice of a hotel it does not know', async () => {
    fakeApi({ 'GET /api/v1/hotels': { hotels: [HOTEL] } });
    const hotels = createHotels(memory());
    await hotels.load();
    hotels.choose('h-nowhere');
    expect(get(hotels).current?.id).toBe('h-harbour');
  });

  it('replaces a changed hotel (a new business date after the night audit)', async () => {
    fakeApi({ 'GET /api/v1/hotels': { hotels: [HOTEL] } });
    const hotels = createHotels(memory());
    await hotels.load();
    hotels.replace({ ...HOTEL, business_date: '2026-12-02' });
    expect(get(hotels).current?.business_date).toBe('2026-12-02');
  });

  it('keeps the error of a failed load', async () => {
    fakeApi({});
    const hotels = createHotels(memory());
    await hotels.load();
    expect(get(hotels).error).toBeTruthy();
    expect(get(hotels).current).toBeNull();
  });
});
