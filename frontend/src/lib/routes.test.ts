import { describe, expect, it } from 'vitest';
import { ROUTES, allowed, href, navRoutes, parseRoute, routeById } from './routes';

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
      'guests',
      'housekeeping',
      'reports',
      'settings',
      'users',
      'roles',
      'audit',
      'account',
      'health',
    ]);
    expect(ROUTES.filter((r) => r.ready).map((r) => r.id)).toEqual(['users', 'roles', 'audit', 'account', 'health']);
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
