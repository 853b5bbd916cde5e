import { describe, expect, it } from 'vitest';
import { ROUTES, allowed, hasRoute, href, landingRoute, link, navRoutes, parseLocation, parseRoute, routeById } from './routes';

describe('parseRoute', () => {
  it.each([
    ['', 'health'],
    ['#', 'health'],
    ['#/', 'health'],
    ['#/health', 'health'],
    ['#/guests', 'guests'],
    ['#/guests/', 'guests'],
    ['#guests', 'guests'],
    ['#/tape-chart?from=2026-12-01', 'tape-chart'],
    ['#/nowhere', 'health'],
    ['#/users', 'users'],
    ['#/audit?user=bob', 'audit'],
  ])('%j → %s', (hash, want) => {
    expect(parseRoute(hash)).toBe(want);
  });

  it('round-trips every route through href', () => {
    for (const r of ROUTES) {
      expect(parseRoute(href(r.id))).toBe(r.id);
    }
  });

  it('lists the sections in order', () => {
    expect(ROUTES.map((r) => r.id)).toEqual([
      'dashboard',
      'tape-chart',
      'reservations',
      'groups',
      'book',
      'guests',
      'companies',
      'housekeeping',
      'reports',
      'settings',
      'users',
      'roles',
      'audit',
      'account',
      'health',
    ]);
    expect(ROUTES.filter((r) => !r.ready).map((r) => r.id)).toEqual(['reports']);
  });

  it('guards the administration sections by permission', () => {
    expect(routeById('users').permission).toBe('users.view');
    expect(routeById('roles').permission).toBe('roles.view');
    expect(routeById('audit').permission).toBe('audit.view');
    expect(allowed(routeById('account'), new Set())).toBe(true);
    expect(allowed(routeById('health'), new Set())).toBe(true);
    expect(allowed(routeById('users'), new Set(['roles.view']))).toBe(false);
  });

  it('shows in the sidebar only what the user may open', () => {
    expect(navRoutes('admin', new Set()).map((r) => r.id)).toEqual([]);
    expect(navRoutes('admin', new Set(['users.view', 'audit.view'])).map((r) => r.id)).toEqual(['users', 'audit']);
    expect(navRoutes('hidden', new Set()).map((r) => r.id)).toEqual(['account']);
  });
});

describe('booking area routes', () => {
  it('opens the dashboard for users who see reservations, else the first section they may open', () => {
    expect(landingRoute(new Set(['reservations.view']))).toBe('dashboard');
    expect(landingRoute(new Set(['rooms.view', 'hotels.view']))).toBe('housekeeping');
    expect(landingRoute(new Set(['guests.view']))).toBe('guests');
    expect(landingRoute(new Set(['users.view']))).toBe('users');
    expect(landingRoute(new Set())).toBe('health');
  });

  it('opens settings with any one of its permissions', () => {
    const settings = routeById('settings');
    expect(allowed(settings, new Set(['rates.view']))).toBe(true);
    expect(allowed(settings, new Set(['hotels.update']))).toBe(true);
    expect(allowed(settings, new Set(['reservations.view']))).toBe(false);
    expect(allowed(routeById('book'), new Set(['reservations.view']))).toBe(false);
  });

  it('reads the path and the query after the section', () => {
    const loc = parseLocation('#/reservations/01HX%2F9?x=1');
    expect(loc.route).toBe('reservations');
    expect(loc.path).toEqual(['01HX/9']);
    expect(loc.query.get('x')).toBe('1');
    expect(parseLocation('#/book?check_in=2026-12-01&room=r-101').query.get('room')).toBe('r-101');
    expect(parseLocation('#/nowhere/1').path).toEqual([]);
    expect(hasRoute('#/settings/rooms')).toBe(true);
    expect(hasRoute('#/')).toBe(false);
  });

  it('builds links with a path and a query, leaving empty values out', () => {
    expect(link('reservations', ['res 1'])).toBe('#/reservations/res%201');
    expect(link('book', [], { check_in: '2026-12-01', room: undefined, adults: 2, q: '' })).toBe('#/book?check_in=2026-12-01&adults=2');
  });
});
