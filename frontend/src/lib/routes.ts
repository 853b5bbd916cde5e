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
  | 'users'
  | 'roles'
  | 'audit'
  | 'account'
  | 'health';

/**
 * NavGroup places a route in the sidebar: the daily work, administration,
 * the system section at the bottom, or nowhere (reached from the user menu).
 */
export type NavGroup = 'main' | 'admin' | 'system' | 'hidden';

export interface Route {
  id: RouteId;
  label: MessageKey;
  /** Only sections with a page render it; the others show a placeholder. */
  ready: boolean;
  group: NavGroup;
  /** The permission a user needs to see the section; none means everyone signed in. */
  permission?: string;
}

/** ROUTES lists the sections in sidebar order. */
export const ROUTES: readonly Route[] = [
  { id: 'dashboard', label: 'nav.dashboard', ready: false, group: 'main' },
  { id: 'tape-chart', label: 'nav.tapeChart', ready: false, group: 'main' },
  { id: 'reservations', label: 'nav.reservations', ready: false, group: 'main' },
  { id: 'guests', label: 'nav.guests', ready: false, group: 'main' },
  { id: 'housekeeping', label: 'nav.housekeeping', ready: false, group: 'main' },
  { id: 'reports', label: 'nav.reports', ready: false, group: 'main' },
  { id: 'settings', label: 'nav.settings', ready: false, group: 'main' },
  { id: 'users', label: 'nav.users', ready: true, group: 'admin', permission: 'users.view' },
  { id: 'roles', label: 'nav.roles', ready: true, group: 'admin', permission: 'roles.view' },
  { id: 'audit', label: 'nav.audit', ready: true, group: 'admin', permission: 'audit.view' },
  { id: 'account', label: 'nav.account', ready: true, group: 'hidden' },
  { id: 'health', label: 'nav.health', ready: true, group: 'system' },
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

/** allowed reports whether a user with permissions may open route. */
export function allowed(route: Route, permissions: ReadonlySet<string>): boolean {
  return route.permission === undefined || permissions.has(route.permission);
}

/** navRoutes returns the sidebar entries of group that a user with permissions may open. */
export function navRoutes(group: NavGroup, permissions: ReadonlySet<string>): Route[] {
  return ROUTES.filter((r) => r.group === group && allowed(r, permissions));
}
