import type { MessageKey } from './i18n';

/** RouteId names a section of the app; the hash is `#/<id>`. */
export type RouteId =
  | 'dashboard'
  | 'tape-chart'
  | 'reservations'
  | 'groups'
  | 'book'
  | 'guests'
  | 'companies'
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
  /** Or: any one of these permissions opens the section. */
  anyPermission?: readonly string[];
}

/** ROUTES lists the sections in sidebar order. */
export const ROUTES: readonly Route[] = [
  { id: 'dashboard', label: 'nav.dashboard', ready: true, group: 'main', permission: 'reservations.view' },
  { id: 'tape-chart', label: 'nav.tapeChart', ready: true, group: 'main', permission: 'reservations.view' },
  { id: 'reservations', label: 'nav.reservations', ready: true, group: 'main', permission: 'reservations.view' },
  { id: 'groups', label: 'nav.groups', ready: true, group: 'main', permission: 'reservations.view' },
  { id: 'book', label: 'nav.book', ready: true, group: 'hidden', permission: 'reservations.create' },
  { id: 'guests', label: 'nav.guests', ready: true, group: 'main', permission: 'guests.view' },
  { id: 'companies', label: 'nav.companies', ready: true, group: 'main', permission: 'companies.view' },
  { id: 'housekeeping', label: 'nav.housekeeping', ready: true, group: 'main', permission: 'rooms.view' },
  { id: 'reports', label: 'nav.reports', ready: false, group: 'main' },
  {
    id: 'settings',
    label: 'nav.settings',
    ready: true,
    group: 'main',
    anyPermission: ['hotels.update', 'rooms.view', 'rates.view'],
  },
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
  if (route.permission !== undefined && !permissions.has(route.permission)) return false;
  if (route.anyPermission && !route.anyPermission.some((p) => permissions.has(p))) return false;
  return true;
}

/**
 * landingRoute is where a signed-in user starts: the dashboard for users
 * who see reservations, else the first section of the sidebar they may open.
 */
export function landingRoute(permissions: ReadonlySet<string>): RouteId {
  if (allowed(routeById('dashboard'), permissions)) return 'dashboard';
  const first = ROUTES.find((r) => r.ready && r.group !== 'hidden' && r.group !== 'system' && allowed(r, permissions));
  return first ? first.id : DEFAULT_ROUTE;
}

/** hasRoute reports whether hash names a known section ("#/guests/…" does; "#/" and "#/x" do not). */
export function hasRoute(hash: string): boolean {
  const path = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return ROUTES.some((r) => r.id === path);
}

/** Location is a parsed hash: the section, the path segments after it, and the query. */
export interface Location {
  route: RouteId;
  /** Segments after the section: "#/reservations/01H…" gives ["01H…"]. */
  path: string[];
  query: URLSearchParams;
}

/** parseLocation reads "#/settings/rooms?x=1" as {route: settings, path: [rooms], query: x=1}. */
export function parseLocation(hash: string): Location {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const pathPart = q >= 0 ? body.slice(0, q) : body;
  const query = new URLSearchParams(q >= 0 ? body.slice(q + 1) : '');
  const parts = pathPart.split('/').filter((p) => p !== '').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { route: parseRoute(hash), path: hasRoute(hash) ? parts.slice(1) : [], query };
}

/** link builds a hash link to a section with path segments and a query. */
export function link(id: RouteId, path: readonly string[] = [], query?: Record<string, string | number | undefined>): string {
  let out = `#/${id}`;
  for (const p of path) out += `/${encodeURIComponent(p)}`;
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
    const qs = q.toString();
    if (qs) out += `?${qs}`;
  }
  return out;
}

/** navRoutes returns the sidebar entries of group that a user with permissions may open. */
export function navRoutes(group: NavGroup, permissions: ReadonlySet<string>): Route[] {
  return ROUTES.filter((r) => r.group === group && allowed(r, permissions));
}
