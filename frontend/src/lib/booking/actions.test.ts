import { describe, expect, it } from 'vitest';
import { availableActions } from './actions';

describe('availableActions', () => {
  const bd = '2026-12-01';
  it.each([
    [{ status: 'tentative', check_in: '2026-12-05', room_id: '' }, ['confirm', 'modify', 'assign', 'cancel']],
    [{ status: 'confirmed', check_in: bd, room_id: '' }, ['check-in', 'modify', 'assign', 'no-show', 'cancel']],
    [{ status: 'confirmed', check_in: '2026-12-05', room_id: 'r-1' }, ['modify', 'move', 'cancel']],
    [{ status: 'confirmed', check_in: '2026-11-30', room_id: 'r-1' }, ['modify', 'move', 'no-show', 'cancel']],
    [{ status: 'checked_in', check_in: '2026-11-30', room_id: 'r-1' }, ['check-out', 'move', 'modify']],
    [{ status: 'checked_out', check_in: '2026-11-30', room_id: 'r-1' }, []],
    [{ status: 'cancelled', check_in: bd, room_id: '' }, []],
    [{ status: 'no_show', check_in: bd, room_id: '' }, []],
  ] as const)('%j', (r, want) => {
    expect(availableActions(r, bd)).toEqual(want);
  });
});
