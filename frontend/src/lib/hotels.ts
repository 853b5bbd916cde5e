// The hotel the desk works on: the list of hotels the user sees, the
// current one (remembered in localStorage), and its business date. Every
// page of the booking area works on the current hotel.

import { getContext, setContext } from 'svelte';
import { get, writable, type Readable } from 'svelte/store';
import { listHotelInfos, type HotelInfo } from './api/property';
import { browserStorage, type StorageLike } from './storage';

/** HOTEL_KEY is the localStorage key of the chosen hotel. */
export const HOTEL_KEY = 'innkeep.hotel';

export type { StorageLike } from './storage';

/**
 * pickHotel returns the hotel to work on: the remembered one when the user
 * still sees it, else the first by name; null when there is none.
 */
export function pickHotel<H extends { id: string; name: string }>(hotels: readonly H[], remembered: string | null): H | null {
  const found = remembered ? hotels.find((h) => h.id === remembered) : undefined;
  if (found) return found;
  return [...hotels].sort((a, b) => a.name.localeCompare(b.name))[0] ?? null;
}

/** rememberedHotel reads the remembered hotel id; storage failures read as none. */
export function rememberedHotel(storage: StorageLike | null): string | null {
  try {
    return storage?.getItem(HOTEL_KEY) ?? null;
  } catch {
    return null;
  }
}

/** rememberHotel stores the choice; failures are ignored (it then lasts for this page). */
export function rememberHotel(storage: StorageLike | null, id: string): void {
  try {
    storage?.setItem(HOTEL_KEY, id);
  } catch {
    // See rememberedHotel.
  }
}

export interface HotelsState {
  hotels: HotelInfo[];
  current: HotelInfo | null;
  loading: boolean;
  /** The list was loaded at least once. */
  loaded: boolean;
  error: unknown;
}

/** Hotels is the store of the hotels and the current one. */
export interface Hotels extends Readable<HotelsState> {
  /** load fetches the hotels and picks the current one. */
  load(): Promise<void>;
  /** choose makes hotel id current and remembers it. */
  choose(id: string): void;
  /** refresh reloads the hotels (after a night audit, a settings change…), keeping the choice. */
  refresh(): Promise<void>;
  /** replace puts a changed hotel into the list. */
  replace(hotel: HotelInfo): void;
  /** clear forgets the hotels (signed out). */
  clear(): void;
}

/** createHotels returns an empty store that remembers the choice in storage. */
export function createHotels(storage: StorageLike | null = browserStorage()): Hotels {
  const store = writable<HotelsState>({ hotels: [], current: null, loading: false, loaded: false, error: null });

  async function load(): Promise<void> {
    store.update((s) => ({ ...s, loading: true, error: null }));
    try {
      const hotels = [...(await listHotelInfos())].sort((a, b) => a.name.localeCompare(b.name));
      const keep = get(store).current?.id ?? rememberedHotel(storage);
      const current = pickHotel(hotels, keep);
      store.set({ hotels, current, loading: false, loaded: true, error: null });
    } catch (err) {
      store.update((s) => ({ ...s, loading: false, error: err }));
    }
  }

  return {
    subscribe: store.subscribe,
    load,
    refresh: load,
    choose(id) {
      const hotel = get(store).hotels.find((h) => h.id === id);
      if (!hotel) return;
      rememberHotel(storage, id);
      store.update((s) => ({ ...s, current: hotel }));
    },
    replace(hotel) {
      store.update((s) => ({
        ...s,
        hotels: s.hotels.map((h) => (h.id === hotel.id ? hotel : h)),
        current: s.current?.id === hotel.id ? hotel : s.current,
      }));
    },
    clear() {
      store.set({ hotels: [], current: null, loading: false, loaded: false, error: null });
    },
  };
}

const KEY = Symbol('innkeep.hotels');

/** provideHotels makes h available to the components below the caller. */
export function provideHotels(h: Hotels): Hotels {
  return setContext(KEY, h);
}

/** useHotels returns the hotels store provided by an ancestor. */
export function useHotels(): Hotels {
  const h = getContext<Hotels | undefined>(KEY);
  if (!h) throw new Error('useHotels: no hotels provided');
  return h;
}
