// The part of the Web Storage API that remembered choices (language, hotel) use.

/** StorageLike is the part of the Web Storage API that remembered choices use. */
export type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * browserStorage returns the page's localStorage, or null where there is
 * none or it may not be used (a browser that blocks it throws on access).
 */
export function browserStorage(): StorageLike | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}
