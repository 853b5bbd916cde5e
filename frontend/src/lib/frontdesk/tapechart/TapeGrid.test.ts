import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../../App.svelte';
import { clearCredentials, setAuthMode } from '../../api/client';
import { formatDate } from '../../dates';
import { setLocale, translate } from '../../i18n';
import type { TapeBlock } from '../../api/booking';
import { buildRows, type MoveRequest } from './model';
import TapeGrid, { LONG_PRESS_MS, MOUSE_DRAG_PX, TOUCH_SLOP_PX } from './TapeGrid.svelte';
import { BUSINESS_DATE, STD, chart, propertyRoutes, reservation, tapeBlock } from '../../../test/bookingFixtures';
import { fakeApi, signedInRoutes } from '../../../test/fakeApi';

// Moving a booking on the tape chart with a finger, a mouse or a pen. A
// finger must be able to scroll the chart from a block: only a long press
// picks a block up. jsdom has no layout, so the tests give the rows a
// geometry of their own: row index i spans y = TOP + i·ROW_H … + ROW_H, and
// a day is 40 px wide (TapeGrid's width of a day when the track has none).

const TOP = 100;
const ROW_H = 40;
const DAY_PX = 40;
const FROM = '2026-11-30';

/** withBlock is the fixture chart with Wang Fang in room 101, Dec 1–3. */
function withBlock() {
  const c = chart();
  c.rooms.find((r) => r.number === '101')!.blocks = [tapeBlock()];
  return c;
}

/** rowY is the middle of a room's row in the stubbed layout. */
function rowY(number: string): number {
  return TOP + Number(screen.getByTestId(`tape-row-${number}`).dataset.row) * ROW_H + ROW_H / 2;
}

// The grid finds the row under a pointer with document.elementsFromPoint,
// which jsdom lacks.
function stubLayout() {
  Object.defineProperty(document, 'elementsFromPoint', {
    configurable: true,
    value: (_x: number, y: number) => {
      const track = document.querySelector(`[data-row="${Math.floor((y - TOP) / ROW_H)}"] .tc-track`);
      return track ? [track] : [];
    },
  });
}

function renderGrid(canMove = true) {
  const onmove = vi.fn<(m: MoveRequest) => void>();
  const onopen = vi.fn<(b: TapeBlock) => void>();
  const onbook = vi.fn();
  render(TapeGrid, { rows: buildRows(withBlock(), FROM, 14), from: FROM, days: 14, today: BUSINESS_DATE, canBook: true, canMove, onbook, onopen, onmove });
  const block = within(screen.getByTestId('tape-row-101')).getByTestId('tape-block');
  return { onmove, onopen, block, grid: screen.getByTestId('tape-grid') };
}

type Kind = 'touch' | 'mouse' | 'pen';
const POINTER_ID: Record<Kind, number> = { touch: 7, mouse: 1, pen: 3 };

// A pointer at (x, y); pointer events carry the pointer's kind and id.
const at = (kind: Kind, x: number, y: number) => ({ pointerId: POINTER_ID[kind], pointerType: kind, isPrimary: true, button: 0, clientX: x, clientY: y });
const down = (el: Element, kind: Kind, x: number, y: number) => fireEvent.pointerDown(el, { ...at(kind, x, y), buttons: 1 });
const move = (el: Element, kind: Kind, x: number, y: number) => fireEvent.pointerMove(el, { ...at(kind, x, y), buttons: 1 });
const up = (el: Element, kind: Kind, x: number, y: number) => fireEvent.pointerUp(el, at(kind, x, y));

/** touchMove reports whether the page may scroll: the touchmove event was not cancelled. */
const touchMoveScrolls = (el: Element) => el.dispatchEvent(new Event('touchmove', { bubbles: true, cancelable: true }));

/** contextMenuShows reports whether the browser may show its menu: the contextmenu event was not cancelled. */
const contextMenuShows = (el: Element) => el.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));

/** later lets the fake clock run ms, then lets Svelte draw. */
async function later(ms: number) {
  vi.advanceTimersByTime(ms);
  await tick();
}

const ghostIn = (number: string) => within(screen.getByTestId(`tape-row-${number}`)).queryByTestId('tape-ghost');

beforeEach(() => {
  setLocale('en', null);
  window.localStorage.clear();
  stubLayout();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  delete (document as { elementsFromPoint?: unknown }).elementsFromPoint;
  clearCredentials();
  setAuthMode(null);
});

describe('TapeGrid by touch', () => {
  it('lets a swipe that starts on a block scroll the chart, and moves nothing', async () => {
    const { block, grid, onmove, onopen } = renderGrid();
    const y = rowY('101');
    await down(block, 'touch', 60, y);
    expect(touchMoveScrolls(block)).toBe(true);
    // The finger goes up the chart, past the slop, before the long press is due.
    await move(block, 'touch', 60, y - TOUCH_SLOP_PX - 1);
    await move(block, 'touch', 60, y - ROW_H);
    expect(touchMoveScrolls(block)).toBe(true);
    await later(LONG_PRESS_MS * 3);
    expect(block.classList.contains('moving')).toBe(false);
    expect(grid.classList.contains('is-moving')).toBe(false);
    expect(screen.queryByTestId('tape-ghost')).toBeNull();
    expect(touchMoveScrolls(block)).toBe(true);
    // The browser that scrolls sends pointercancel; without it, the lift
    // neither drops nor opens anything.
    await up(block, 'touch', 60, y - ROW_H);
    expect(onmove).not.toHaveBeenCalled();
    expect(onopen).not.toHaveBeenCalled();
  });

  it('picks a block up after a long press; the finger moves it to another room and dates', async () => {
    const vibrate = vi.fn(() => true);
    Object.defineProperty(navigator, 'vibrate', { configurable: true, value: vibrate });
    try {
      const { block, grid, onmove, onopen } = renderGrid();
      const y = rowY('101');
      await down(block, 'touch', 60, y);
      // A tremble within the slop does not stop the long press.
      await move(block, 'touch', 60 + TOUCH_SLOP_PX / 2, y);
      await later(LONG_PRESS_MS - 1);
      expect(block.classList.contains('moving')).toBe(false);
      expect(vibrate).not.toHaveBeenCalled();
      await later(1);
      // Picked up: the look of a mouse drag, a buzz, and the page holds still.
      expect(block.classList.contains('moving')).toBe(true);
      expect(grid.classList.contains('is-moving')).toBe(true);
      expect(ghostIn('101')).not.toBeNull();
      expect(vibrate).toHaveBeenCalledWith(10);
      expect(screen.getByText(translate('en', 'tape.touchMoveHelp'))).toBeTruthy();
      expect(touchMoveScrolls(block)).toBe(false);
      // One row down (room 102) and one day later.
      await move(block, 'touch', 60 + DAY_PX / 2, y + ROW_H / 2);
      await move(block, 'touch', 60 + DAY_PX, rowY('102'));
      expect(ghostIn('101')).toBeNull();
      expect(ghostIn('102')).not.toBeNull();
      await up(block, 'touch', 60 + DAY_PX, rowY('102'));
      expect(onopen).not.toHaveBeenCalled();
      expect(onmove).toHaveBeenCalledTimes(1);
      const m = onmove.mock.calls[0]![0];
      expect([m.from.room?.number, m.to.room?.number, m.shift, m.placed.block.reservation_id]).toEqual(['101', '102', 1, 'res-1']);
      expect(block.classList.contains('moving')).toBe(false);
      expect(touchMoveScrolls(block)).toBe(true);
    } finally {
      delete (navigator as { vibrate?: unknown }).vibrate;
    }
  });

  it('drops a picked-up block where it was without a move or opening it', async () => {
    const { block, onmove, onopen } = renderGrid();
    const y = rowY('101');
    await down(block, 'touch', 60, y);
    await later(LONG_PRESS_MS);
    expect(block.classList.contains('moving')).toBe(true);
    await up(block, 'touch', 62, y);
    expect(block.classList.contains('moving')).toBe(false);
    expect(onmove).not.toHaveBeenCalled();
    expect(onopen).not.toHaveBeenCalled();
  });

  it('opens the reservation on a short tap', async () => {
    const { block, onmove, onopen } = renderGrid();
    const y = rowY('101');
    await down(block, 'touch', 60, y);
    await move(block, 'touch', 62, y + 1);
    await later(LONG_PRESS_MS / 4);
    expect(block.classList.contains('moving')).toBe(false);
    await up(block, 'touch', 62, y + 1);
    expect(onopen).toHaveBeenCalledTimes(1);
    expect(onopen.mock.calls[0]![0].reservation_id).toBe('res-1');
    expect(onmove).not.toHaveBeenCalled();
    // The long press that was under way is over.
    await later(LONG_PRESS_MS * 2);
    expect(block.classList.contains('moving')).toBe(false);
  });

  it('forgets a long press on pointercancel', async () => {
    const { block, onmove, onopen } = renderGrid();
    const y = rowY('101');
    await down(block, 'touch', 60, y);
    await later(LONG_PRESS_MS / 2);
    expect(block.classList.contains('moving')).toBe(false);
    await fireEvent.pointerCancel(block, at('touch', 60, y));
    await later(LONG_PRESS_MS * 2);
    expect(block.classList.contains('moving')).toBe(false);
    expect(screen.queryByTestId('tape-ghost')).toBeNull();
    await move(block, 'touch', 60 + DAY_PX, rowY('102'));
    await up(block, 'touch', 60 + DAY_PX, rowY('102'));
    expect(onmove).not.toHaveBeenCalled();
    expect(onopen).not.toHaveBeenCalled();
  });

  it('drops a move that pointercancel ends after the pick-up', async () => {
    const { block, onmove } = renderGrid();
    const y = rowY('101');
    await down(block, 'touch', 60, y);
    await later(LONG_PRESS_MS);
    await move(block, 'touch', 60, rowY('102'));
    expect(ghostIn('102')).not.toBeNull();
    await fireEvent.pointerCancel(block, at('touch', 60, rowY('102')));
    expect(screen.queryByTestId('tape-ghost')).toBeNull();
    expect(block.classList.contains('moving')).toBe(false);
    expect(touchMoveScrolls(block)).toBe(true);
    await up(block, 'touch', 60, rowY('102'));
    expect(onmove).not.toHaveBeenCalled();
  });

  it('leaves a pinch alone: a second finger stops the long press', async () => {
    const { block, onopen } = renderGrid();
    const y = rowY('101');
    await down(block, 'touch', 60, y);
    await fireEvent.pointerDown(block, { ...at('touch', 90, y), pointerId: 8, isPrimary: false });
    await later(LONG_PRESS_MS * 2);
    expect(block.classList.contains('moving')).toBe(false);
    await up(block, 'touch', 60, y);
    expect(onopen).not.toHaveBeenCalled();
  });

  it('keeps the context menu of a long press away while it picks a block up', async () => {
    const { block } = renderGrid();
    expect(contextMenuShows(block)).toBe(true);
    await down(block, 'touch', 60, rowY('101'));
    expect(contextMenuShows(block)).toBe(false);
    await later(LONG_PRESS_MS);
    expect(contextMenuShows(block)).toBe(false);
  });

  it('lets a finger pan from a movable block', () => {
    // jsdom applies no CSS: read the rule that lets a swipe scroll.
    const source = readFileSync(join(import.meta.dirname, 'TapeGrid.svelte'), 'utf8');
    const rule = /\.tc-block\.movable \{([^}]*)\}/.exec(source)?.[1] ?? '';
    expect(rule).toMatch(/touch-action: pan-x pan-y;/);
    const { block } = renderGrid();
    expect(block.classList.contains('movable')).toBe(true);
  });
});

describe.each(['mouse', 'pen'] as const)('TapeGrid by %s', (kind) => {
  it('drags a block after a few pixels, at once, and drops it on another room and dates', async () => {
    const { block, grid, onmove, onopen } = renderGrid();
    const y = rowY('101');
    await down(block, kind, 60, y);
    // No long press: the block is taken at once.
    expect(block.classList.contains('moving')).toBe(true);
    expect(grid.classList.contains('is-moving')).toBe(true);
    await move(block, kind, 60 + MOUSE_DRAG_PX - 1, y);
    expect(screen.queryByTestId('tape-ghost')).toBeNull();
    await move(block, kind, 60 + DAY_PX, rowY('102'));
    expect(ghostIn('102')).not.toBeNull();
    await up(block, kind, 60 + DAY_PX, rowY('102'));
    expect(onopen).not.toHaveBeenCalled();
    expect(onmove).toHaveBeenCalledTimes(1);
    const m = onmove.mock.calls[0]![0];
    expect([m.from.room?.number, m.to.room?.number, m.shift]).toEqual(['101', '102', 1]);
  });

  it('opens the reservation on a click without a drag, with no wait', async () => {
    const { block, onmove, onopen } = renderGrid();
    const y = rowY('101');
    await down(block, kind, 60, y);
    await move(block, kind, 62, y);
    await up(block, kind, 62, y);
    expect(onopen).toHaveBeenCalledTimes(1);
    expect(onmove).not.toHaveBeenCalled();
  });

  it('cancels a drag on pointercancel', async () => {
    const { block, onmove } = renderGrid();
    await down(block, kind, 60, rowY('101'));
    await move(block, kind, 60, rowY('102'));
    await fireEvent.pointerCancel(block, at(kind, 60, rowY('102')));
    expect(screen.queryByTestId('tape-ghost')).toBeNull();
    await up(block, kind, 60, rowY('102'));
    expect(onmove).not.toHaveBeenCalled();
  });
});

describe('Tape chart page by touch', () => {
  it('asks to confirm a move made by a long press, with the new room and dates, and cancelling changes nothing', async () => {
    window.location.hash = '#/tape-chart';
    const api = fakeApi({
      ...signedInRoutes(),
      ...propertyRoutes(),
      'GET /api/v1/hotels/h-harbour/tape-chart': withBlock(),
      'GET /api/v1/reservations/res-1': reservation({ room_id: 'r-101' }),
      'GET /api/v1/hotels/h-harbour/availability': {
        check_in: '2026-12-02',
        check_out: '2026-12-04',
        nights: 2,
        currency: 'CNY',
        room_types: [
          {
            room_type: STD,
            available: 1,
            bookable: true,
            reasons: [],
            rate_plans: [{ rate_plan_id: 'p-std-bar', name: 'BAR', bookable: true, reasons: [], nights: [], total: 126000 }],
          },
        ],
      },
    });
    // The page loads with real timers; the long press runs on the fake clock.
    vi.useRealTimers();
    render(App);
    const row = await screen.findByTestId('tape-row-101', {}, { timeout: 3000 });
    const block = within(row).getByTestId('tape-block');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const y = rowY('101');
    // A quick swipe towards room 102 scrolls and asks nothing.
    await down(block, 'touch', 60, y);
    await move(block, 'touch', 60 + DAY_PX, rowY('102'));
    await up(block, 'touch', 60 + DAY_PX, rowY('102'));
    await later(LONG_PRESS_MS * 2);
    expect(screen.queryByTestId('move-dialog')).toBeNull();
    // Touch and hold, then the same way.
    await down(block, 'touch', 60, y);
    await later(LONG_PRESS_MS);
    await move(block, 'touch', 60 + DAY_PX, rowY('102'));
    await up(block, 'touch', 60 + DAY_PX, rowY('102'));
    vi.useRealTimers();

    const dialog = await screen.findByTestId('move-dialog');
    const to = within(dialog).getByTestId('move-to').textContent ?? '';
    expect(to).toContain('Room 102');
    expect(to).toContain(formatDate('2026-12-02', 'en'));
    expect(to).toContain(formatDate('2026-12-04', 'en'));
    expect((await within(dialog).findByTestId('move-difference')).textContent).toContain('+CN¥100.00');
    await fireEvent.click(within(dialog).getByTestId('move-cancel'));
    expect(screen.queryByTestId('move-dialog')).toBeNull();
    expect(api.calls.filter((c) => c.method !== 'GET')).toEqual([]);
    expect(within(screen.getByTestId('tape-row-101')).getByTestId('tape-block')).toBeTruthy();
  });
});
