import { describe, expect, it } from 'vitest';
import type { TapeBlock } from '../../api/booking';
import {
  blockAt,
  buildRows,
  freeRoomIds,
  laneRows,
  moveCursor,
  occupancyByDate,
  packLanes,
  pickPlan,
  placeAll,
  placeBlock,
  planMove,
  type LaneRow,
  type MoveInput,
} from './model';
import { PLANS, chart } from '../../../test/bookingFixtures';

function block(over: Partial<TapeBlock> = {}): TapeBlock {
  const b: TapeBlock = {
    reservation_id: 'res-1',
    code: 'HX4K2-7QW9T',
    guest_name: 'Wang Fang',
    status: 'confirmed',
    check_in: '2026-12-03',
    check_out: '2026-12-05',
    from: '',
    to: '',
    conflict: false,
    ...over,
  };
  return { ...b, from: over.from ?? b.check_in, to: over.to ?? b.check_out };
}

describe('placeBlock', () => {
  it('puts a stay inside the range at its first night, one column per night', () => {
    expect(placeBlock(block(), '2026-12-01', 14)).toMatchObject({ start: 2, span: 2, clipStart: false, clipEnd: false });
  });

  it('cuts a stay that began before the range, and says so', () => {
    // The server cuts from/to to the range; check_in tells where it began.
    const b = block({ check_in: '2026-11-28', check_out: '2026-12-03', from: '2026-12-01', to: '2026-12-03' });
    expect(placeBlock(b, '2026-12-01', 14)).toMatchObject({ start: 0, span: 2, clipStart: true, clipEnd: false });
  });

  it('cuts a stay that goes on after the range, and says so', () => {
    const b = block({ check_in: '2026-12-13', check_out: '2026-12-20', from: '2026-12-13', to: '2026-12-15' });
    expect(placeBlock(b, '2026-12-01', 14)).toMatchObject({ start: 12, span: 2, clipStart: false, clipEnd: true });
  });

  it('cuts to the range shown even when the server sent more nights', () => {
    const b = block({ check_in: '2026-11-30', check_out: '2026-12-20' });
    expect(placeBlock(b, '2026-12-01', 7)).toMatchObject({ start: 0, span: 7, clipStart: true, clipEnd: true });
  });

  it('leaves out a stay with no night in the range', () => {
    expect(placeBlock(block({ check_in: '2026-11-20', check_out: '2026-12-01' }), '2026-12-01', 14)).toBeNull();
    expect(placeBlock(block({ check_in: '2026-12-15', check_out: '2026-12-16' }), '2026-12-01', 14)).toBeNull();
  });

  it('keeps the conflict flag for the red block', () => {
    expect(placeBlock(block({ conflict: true }), '2026-12-01', 14)?.block.conflict).toBe(true);
  });
});

describe('packLanes', () => {
  it('keeps stays that follow each other in one lane (a departure frees the night)', () => {
    expect(packLanes([{ start: 0, span: 2 }, { start: 2, span: 3 }])).toEqual({ lanes: [0, 0], count: 1 });
  });

  it('stacks overlapping stays (a double booking) in separate lanes', () => {
    expect(packLanes([{ start: 0, span: 3 }, { start: 1, span: 1 }, { start: 3, span: 1 }])).toEqual({ lanes: [0, 1, 0], count: 2 });
  });

  it('has one lane when empty', () => {
    expect(packLanes([])).toEqual({ lanes: [], count: 1 });
  });

  it('reuses the first free lane', () => {
    const { lanes } = packLanes([
      { start: 0, span: 5 },
      { start: 0, span: 2 },
      { start: 2, span: 2 },
    ]);
    expect(lanes).toEqual([0, 1, 1]);
  });
});

describe('buildRows', () => {
  const c = chart({
    rooms: [
      { id: 'r-10', number: '10', floor: 0, room_type_id: 't-std', housekeeping: 'clean', blocks: [], out_of_order: [] },
      { id: 'r-9', number: '9', floor: 0, room_type_id: 't-std', housekeeping: 'clean', blocks: [], out_of_order: [] },
      {
        id: 'r-201',
        number: '201',
        floor: 2,
        room_type_id: 't-dlx',
        housekeeping: 'dirty',
        blocks: [block({ reservation_id: 'a', conflict: true }), block({ reservation_id: 'b', conflict: true, check_in: '2026-12-04' })],
        out_of_order: [{ id: 'o1', from: '2026-11-25', to: '2026-12-03', reason: 'paint' }],
      },
      { id: 'r-x', number: '1', floor: 1, room_type_id: 't-gone', housekeeping: 'clean', blocks: [], out_of_order: [] },
    ],
    unassigned: [block({ reservation_id: 'u1', room_type_id: 't-std' }), block({ reservation_id: 'u2', room_type_id: 't-dlx' })],
  });
  const rows = buildRows(c, '2026-12-01', 14);

  it('puts the unassigned row on top, then the types with their rooms in natural order', () => {
    expect(rows.map((r) => (r.kind === 'type' ? `type:${r.code}` : r.kind === 'room' ? r.room?.number : 'unassigned'))).toEqual([
      'unassigned',
      'type:DLX',
      '201',
      'type:STD',
      '9',
      '10',
      'type:',
      '1',
    ]);
    expect(laneRows(rows).map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('stacks a double booking in two lanes, both in red', () => {
    const r201 = rows.find((r) => r.kind === 'room' && r.room?.number === '201') as LaneRow;
    expect(r201.lanes).toBe(2);
    expect(r201.placed.every((p) => p.block.conflict)).toBe(true);
  });

  it('cuts out-of-order periods to the range', () => {
    const r201 = rows.find((r) => r.kind === 'room' && r.room?.number === '201') as LaneRow;
    expect(r201.ooo).toEqual([{ id: 'o1', start: 0, span: 2, reason: 'paint' }]);
  });

  it('filters by room type, the unassigned row too', () => {
    const only = buildRows(c, '2026-12-01', 14, 't-std');
    expect(only.filter((r) => r.kind === 'room').map((r) => (r as LaneRow).room?.number)).toEqual(['9', '10']);
    expect((only[0] as LaneRow).placed.map((p) => p.block.reservation_id)).toEqual(['u1']);
  });

  it('counts the rooms held each night, a booking without a room as one room held', () => {
    const occ = occupancyByDate(rows, 14);
    // Room 201 (double-booked, one room) and the two bookings not yet given a room.
    expect(occ.slice(0, 6)).toEqual([0, 0, 3, 3, 0, 0]);
  });

  it('does not count a cancelled booking without a room', () => {
    const one = buildRows(chart({ rooms: [], unassigned: [block({ reservation_id: 'x', status: 'cancelled' })] }), '2026-12-01', 14);
    expect(occupancyByDate(one, 14).slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('placeAll and blockAt', () => {
  it('finds the block under a cell', () => {
    const { placed } = placeAll([block()], '2026-12-01', 14);
    const row: LaneRow = { kind: 'room', key: 'r', index: 0, room: null, typeId: 't', placed, lanes: 1, ooo: [] };
    expect(blockAt(row, 1)).toBeNull();
    expect(blockAt(row, 2)?.block.reservation_id).toBe('res-1');
    expect(blockAt(row, 3)?.block.reservation_id).toBe('res-1');
    expect(blockAt(row, 4)).toBeNull();
  });
});

describe('moveCursor', () => {
  it.each([
    ['ArrowRight', { row: 2, col: 4 }],
    ['ArrowLeft', { row: 2, col: 2 }],
    ['ArrowDown', { row: 3, col: 3 }],
    ['ArrowUp', { row: 1, col: 3 }],
    ['Home', { row: 2, col: 0 }],
    ['End', { row: 2, col: 13 }],
    ['PageDown', { row: 4, col: 3 }],
    ['PageUp', { row: 0, col: 3 }],
  ])('%s moves the cursor', (key, want) => {
    expect(moveCursor({ row: 2, col: 3 }, key, 5, 14)).toEqual(want);
  });

  it('stays inside the grid at its edges', () => {
    expect(moveCursor({ row: 0, col: 0 }, 'ArrowLeft', 5, 14)).toEqual({ row: 0, col: 0 });
    expect(moveCursor({ row: 0, col: 0 }, 'ArrowUp', 5, 14)).toEqual({ row: 0, col: 0 });
    expect(moveCursor({ row: 4, col: 13 }, 'ArrowRight', 5, 14)).toEqual({ row: 4, col: 13 });
    expect(moveCursor({ row: 4, col: 13 }, 'ArrowDown', 5, 14)).toEqual({ row: 4, col: 13 });
  });

  it('ignores other keys', () => {
    expect(moveCursor({ row: 0, col: 0 }, 'a', 5, 14)).toBeNull();
  });
});

describe('planMove', () => {
  const std101 = { id: 'r-101', room_type_id: 't-std' };
  const std102 = { id: 'r-102', room_type_id: 't-std' };
  const dlx201 = { id: 'r-201', room_type_id: 't-dlx' };
  const base: MoveInput = { block: block(), typeId: 't-std', fromRoomId: 'r-101', toRoom: std102, shift: 0, ratePlanId: 'p-std-bar', plans: PLANS };

  it('assigns when only the room changes, within the type', () => {
    expect(planMove(base)).toEqual({ kind: 'assign', roomId: 'r-102', checkIn: '2026-12-03', checkOut: '2026-12-05' });
  });

  it('assigns an unassigned booking dropped on a room of its type', () => {
    expect(planMove({ ...base, fromRoomId: '', toRoom: std101 })).toMatchObject({ kind: 'assign', roomId: 'r-101' });
  });

  it('changes the reservation when the dates move, keeping the length of stay', () => {
    expect(planMove({ ...base, toRoom: std101, shift: 2 })).toEqual({
      kind: 'patch',
      patch: { check_in: '2026-12-05', check_out: '2026-12-07', room_id: 'r-101' },
      checkIn: '2026-12-05',
      checkOut: '2026-12-07',
      typeChanged: false,
    });
  });

  it('refuses a room taken on the new nights, or out of order then, before any price is asked', () => {
    const taken = { ...std102, blocks: [block({ reservation_id: 'other', check_in: '2026-12-04', check_out: '2026-12-06' })], out_of_order: [] };
    expect(planMove({ ...base, toRoom: taken })).toEqual({ kind: 'invalid', reason: 'occupied' });
    // Moving the dates onto the other stay's nights is refused too; clear of them, it is a move.
    expect(planMove({ ...base, toRoom: taken, shift: 1 })).toEqual({ kind: 'invalid', reason: 'occupied' });
    expect(planMove({ ...base, toRoom: taken, shift: -1 })).toMatchObject({ kind: 'patch' });
    // A cancelled stay does not hold the room; the booking's own block does not count against itself.
    const free = { ...std102, blocks: [block({ reservation_id: 'gone', status: 'cancelled' }), block()], out_of_order: [] };
    expect(planMove({ ...base, toRoom: free })).toMatchObject({ kind: 'assign' });
    const broken = { ...std102, blocks: [], out_of_order: [{ id: 'o', from: '2026-12-04', to: '2026-12-05', reason: 'leak' }] };
    expect(planMove({ ...base, toRoom: broken })).toEqual({ kind: 'invalid', reason: 'out_of_order' });
  });

  it('moves dates and room at once', () => {
    expect(planMove({ ...base, shift: -1 })).toMatchObject({
      kind: 'patch',
      patch: { check_in: '2026-12-02', check_out: '2026-12-04', room_id: 'r-102' },
    });
  });

  it('changes the type, with a plan of the new type, for a room of another type', () => {
    expect(planMove({ ...base, toRoom: dlx201 })).toMatchObject({
      kind: 'patch',
      patch: { room_id: 'r-201', room_type_id: 't-dlx', rate_plan_id: 'p-dlx-bar' },
      typeChanged: true,
    });
  });

  it('refuses a type without a rate plan', () => {
    expect(planMove({ ...base, toRoom: dlx201, plans: [] })).toEqual({ kind: 'invalid', reason: 'no_plan' });
  });

  it('does nothing when dropped where it was', () => {
    expect(planMove({ ...base, toRoom: std101 })).toEqual({ kind: 'none' });
    expect(planMove({ ...base, fromRoomId: '', toRoom: null })).toEqual({ kind: 'none' });
  });

  it('moves the dates of an unassigned booking within its row', () => {
    expect(planMove({ ...base, fromRoomId: '', toRoom: null, shift: 1 })).toMatchObject({
      kind: 'patch',
      patch: { check_in: '2026-12-04', check_out: '2026-12-06' },
    });
  });

  it('cannot take a room away by dropping on the unassigned row', () => {
    expect(planMove({ ...base, toRoom: null })).toEqual({ kind: 'invalid', reason: 'unassign' });
  });

  it('moves a guest in house to another room of the type only', () => {
    const inHouse = { ...base, block: block({ status: 'checked_in' }) };
    expect(planMove(inHouse)).toMatchObject({ kind: 'assign', roomId: 'r-102' });
    expect(planMove({ ...inHouse, shift: 1 })).toEqual({ kind: 'invalid', reason: 'in_house_dates' });
    expect(planMove({ ...inHouse, toRoom: dlx201 })).toEqual({ kind: 'invalid', reason: 'in_house_type' });
  });

  it('leaves departed, cancelled and no-show bookings alone', () => {
    for (const status of ['checked_out', 'cancelled', 'no_show'] as const) {
      expect(planMove({ ...base, block: block({ status }) })).toEqual({ kind: 'invalid', reason: 'not_movable' });
    }
  });
});

describe('pickPlan', () => {
  it('prefers the plan of the new type with the same name', () => {
    const plans = [...PLANS, { ...PLANS[1]!, id: 'p-dlx-aaa', code: 'AAA', name: 'Advance purchase' }];
    expect(pickPlan(plans, 't-dlx', 'p-std-bar')?.id).toBe('p-dlx-bar');
    expect(pickPlan(plans, 't-dlx')?.id).toBe('p-dlx-aaa');
    expect(pickPlan(plans, 't-none')).toBeNull();
  });
});

describe('freeRoomIds', () => {
  it('lists rooms no other active booking holds and not out of order', () => {
    const c = chart({ from: '2026-12-01', to: '2026-12-03' });
    c.rooms[0]!.blocks = [block({ reservation_id: 'me', check_in: '2026-12-01', check_out: '2026-12-03' })];
    c.rooms[1]!.blocks = [block({ reservation_id: 'other', check_in: '2026-12-02', check_out: '2026-12-04' })];
    c.rooms[2]!.out_of_order = [{ id: 'o', from: '2026-12-02', to: '2026-12-05', reason: 'leak' }];
    expect([...freeRoomIds(c, 'me')]).toEqual(['r-101']);
    c.rooms[1]!.blocks[0]!.status = 'checked_out';
    expect([...freeRoomIds(c, 'me')].sort()).toEqual(['r-101', 'r-102']);
  });
});
