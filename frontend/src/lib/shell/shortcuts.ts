import type { RouteId } from '../routes';

/**
 * GO_KEYS are the two-key shortcuts "g then <key>" that jump to a section,
 * as in many web apps: g d dashboard, g t tape chart, and so on.
 */
export const GO_KEYS: Readonly<Record<string, RouteId>> = {
  d: 'dashboard',
  t: 'tape-chart',
  r: 'reservations',
  b: 'book',
  g: 'guests',
  h: 'housekeeping',
  s: 'settings',
  a: 'audit',
};

/** GO_WINDOW_MS is how long after "g" the second key counts. */
export const GO_WINDOW_MS = 1500;

/** typingTarget reports whether a key event goes to a field that takes text. */
export function typingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * createGoShortcuts returns a key handler: after "g", a key of GO_KEYS within
 * GO_WINDOW_MS returns its section; every other key returns null. Keys with
 * modifiers and keys typed into fields never count.
 */
export function createGoShortcuts(now: () => number = () => Date.now()) {
  let armedAt = -Infinity;
  return (e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): RouteId | null => {
    if (e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) {
      armedAt = -Infinity;
      return null;
    }
    const key = e.key.toLowerCase();
    if (now() - armedAt <= GO_WINDOW_MS && key in GO_KEYS) {
      armedAt = -Infinity;
      return GO_KEYS[key] ?? null;
    }
    armedAt = key === 'g' ? now() : -Infinity;
    return null;
  };
}
