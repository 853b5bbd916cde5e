import type { MessageKey } from './i18n';

/** RouteId names a section of the app; the hash is `#/<id>`. */
export type RouteId =
  | 'dashboard'
  | 'tape-chart'
  | 'reservations'
  | 'guests'
  | 'housekeeping'
  | 'reports'
  | 'settings'
  | 'health';

export interface Route {
  id: RouteId;
  label: MessageKey;
  /** Only sections with a page render it; the others show a placeholder. */
  ready: boolean;
}

/** ROUTES lists the sections in sidebar order. */
export const ROUTES: readonly Route[] = [
  { id: 'dashboard', label: 'nav.dashboard', ready: false },
  { id: 'tape-chart', label: 'nav.tapeChart', ready: false },
  { id: 'reservations', label: 'nav.reservations', ready: false },
  { id: 'guests', label: 'nav.guests', ready: false },
  { id: 'housekeeping', label: 'nav.housekeeping', ready: false },
  { id: 'reports', label: 'nav.reports', ready: false },
  { id: 'settings', label: 'nav.settings', ready: false },
  { id: 'health', label: 'nav.health', ready: true },
];

/** DEFAULT_ROUTE is shown for an empty or unknown hash. */
export const DEFAULT_ROUTE: RouteId = 'health';

/** href returns the link to a section. */
export function href(id: RouteId): string {
  return `#/${id}`;
}

/**
 * parseRoute reads a location hash ("#/guests", "#/guests/", "#guests") and
 * returns its section, or DEFAULT_ROUTE when there is none.
 */
export function parseRoute(hash: string): RouteId {
  const path = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  const found = ROUTES.find((r) => r.id === path);
  return found ? found.id : DEFAULT_ROUTE;
}

/** routeById returns the route description of id. */
export function routeById(id: RouteId): Route {
  const found = ROUTES.find((r) => r.id === id);
  if (!found) {
    throw new Error(`unknown route ${id}`);
  }
  return found;
}
