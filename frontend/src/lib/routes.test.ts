import { describe, expect, it } from 'vitest';
import { ROUTES, href, parseRoute } from './routes';

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
  ])('%j → %s', (hash, want) => {
    expect(parseRoute(hash)).toBe(want);
  });

  it('round-trips every route through href', () => {
    for (const r of ROUTES) {
      expect(parseRoute(href(r.id))).toBe(r.id);
    }
  });

  it('lists the sidebar sections in order with only health ready', () => {
    expect(ROUTES.map((r) => r.id)).toEqual([
      'dashboard',
      'tape-chart',
      'reservations',
      'guests',
      'housekeeping',
      'reports',
      'settings',
      'health',
    ]);
    expect(ROUTES.filter((r) => r.ready).map((r) => r.id)).toEqual(['health']);
  });
});
