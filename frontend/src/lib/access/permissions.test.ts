import { describe, expect, it } from 'vitest';
import { can, columnState, matrixList, rowState, toggle, toggleColumn, toggleRow } from './permissions';

const MODULES = ['hotels', 'rooms', 'users'];
const OPS = ['view', 'create', 'update'];

describe('permission matrix logic', () => {
  it('toggles a whole row on, then off', () => {
    const on = toggleRow(new Set(['rooms.view']), 'rooms', OPS);
    expect(matrixList(on, MODULES, OPS)).toEqual(['rooms.view', 'rooms.create', 'rooms.update']);
    const off = toggleRow(on, 'rooms', OPS);
    expect(matrixList(off, MODULES, OPS)).toEqual([]);
  });

  it('fills a partly ticked column before clearing it', () => {
    const start = new Set(['hotels.view', 'users.create']);
    expect(columnState(start, 'view', MODULES)).toBe('some');
    const on = toggleColumn(start, 'view', MODULES);
    expect(columnState(on, 'view', MODULES)).toBe('all');
    expect(matrixList(on, MODULES, OPS)).toEqual(['hotels.view', 'rooms.view', 'users.view', 'users.create']);
    const off = toggleColumn(on, 'view', MODULES);
    expect(matrixList(off, MODULES, OPS)).toEqual(['users.create']);
  });

  it('reports row states', () => {
    const set = new Set(['hotels.view', 'hotels.create', 'hotels.update', 'rooms.view']);
    expect(rowState(set, 'hotels', OPS)).toBe('all');
    expect(rowState(set, 'rooms', OPS)).toBe('some');
    expect(rowState(set, 'users', OPS)).toBe('none');
  });

  it('toggles one cell without touching the input set', () => {
    const before = new Set(['rooms.view']);
    const after = toggle(before, 'rooms.update');
    expect([...before]).toEqual(['rooms.view']);
    expect(matrixList(after, MODULES, OPS)).toEqual(['rooms.view', 'rooms.update']);
    expect(matrixList(toggle(after, 'rooms.view'), MODULES, OPS)).toEqual(['rooms.update']);
  });

  it('lists module by module in catalog order and drops permissions the matrix does not show', () => {
    const set = new Set(['users.update', 'hotels.create', 'reports.view', 'rooms.view']);
    expect(matrixList(set, MODULES, OPS)).toEqual(['hotels.create', 'rooms.view', 'users.update']);
  });
});

describe('can', () => {
  it('needs every permission asked for', () => {
    const granted = new Set(['users.view', 'roles.view']);
    expect(can(granted, 'users.view')).toBe(true);
    expect(can(granted, 'users.view', 'roles.view')).toBe(true);
    expect(can(granted, 'users.view', 'users.create')).toBe(false);
    expect(can(['audit.view'], 'audit.view')).toBe(true);
  });
});
