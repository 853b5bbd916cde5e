import { fireEvent } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LONG_PRESS_MS, MOUSE_DRAG_PX, PICK_UP_BUZZ_MS, TOUCH_SLOP_PX, dragGesture, type DragGestureOptions } from './dragGesture';

// The drag gesture on a bare element with two items; each pointer kind has
// its own id, as browsers give them.

interface Item {
  el: Element;
  name: string;
}

type Kind = 'touch' | 'mouse' | 'pen';
const POINTER_ID: Record<Kind, number> = { touch: 7, mouse: 1, pen: 3 };
const at = (kind: Kind, x: number, y: number, over: Record<string, unknown> = {}) => ({
  pointerId: POINTER_ID[kind],
  pointerType: kind,
  isPrimary: true,
  button: 0,
  clientX: x,
  clientY: y,
  ...over,
});
const down = (el: Element, kind: Kind, x: number, y: number, over = {}) => fireEvent.pointerDown(el, { ...at(kind, x, y, over), buttons: 1 });
const move = (el: Element, kind: Kind, x: number, y: number) => fireEvent.pointerMove(el, { ...at(kind, x, y), buttons: 1 });
const up = (el: Element, kind: Kind, x: number, y: number) => fireEvent.pointerUp(el, at(kind, x, y));
const cancel = (el: Element, kind: Kind) => fireEvent.pointerCancel(el, at(kind, 0, 0));

/** scrolls reports whether the page may scroll: the touchmove event was not cancelled. */
const scrolls = (el: Element) => el.dispatchEvent(new Event('touchmove', { bubbles: true, cancelable: true }));
/** menuShows reports whether the browser may show its context menu. */
const menuShows = (el: Element) => el.dispatchEvent(new MouseEvent('contextmenu', { bubbles: true, cancelable: true }));

function setUp(options: Partial<DragGestureOptions<Item>> = {}) {
  document.body.innerHTML = '<div id="area"><div data-item="plum"><span id="plum-label"></span></div><div data-item="fig"></div><p id="gap"></p></div>';
  const area = document.getElementById('area')!;
  const plum = area.querySelector('[data-item="plum"]')!;
  const capture = vi.fn();
  Object.defineProperty(plum, 'setPointerCapture', { configurable: true, value: capture });
  const calls = {
    onstart: vi.fn(),
    onmove: vi.fn(),
    ondrop: vi.fn(),
    ontap: vi.fn(),
    oncancel: vi.fn(),
  };
  const grab = (target: EventTarget | null): Item | null => {
    const el = (target as Element | null)?.closest?.('[data-item]');
    return el ? { el, name: el.getAttribute('data-item') ?? '' } : null;
  };
  const action = dragGesture<Item>(area, { grab, ...calls, ...options });
  return { area, plum, label: document.getElementById('plum-label')!, gap: document.getElementById('gap')!, capture, action, grab, ...calls };
}

const names = (fn: ReturnType<typeof vi.fn>) => fn.mock.calls.map((c) => (c[0] as Item).name);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe.each(['mouse', 'pen'] as const)('dragGesture by %s', (kind) => {
  it('takes an item at once, drags it once it went the drag distance, and drops it', async () => {
    const g = setUp();
    const pressed = await down(g.label, kind, 100, 50);
    expect(pressed).toBe(false); // no text selection under a mouse drag
    expect(names(g.onstart)).toEqual(['plum']);
    expect(g.onstart.mock.calls[0]?.[1]).toEqual({ x0: 100, y0: 50, touch: false, moved: false });
    expect(g.capture).toHaveBeenCalledWith(POINTER_ID[kind]);
    await move(g.plum, kind, 100 + MOUSE_DRAG_PX - 1, 50);
    expect(g.onmove).not.toHaveBeenCalled();
    await move(g.plum, kind, 100 + MOUSE_DRAG_PX, 50);
    await move(g.plum, kind, 140, 90);
    expect(g.onmove.mock.calls.map((c) => c[1])).toEqual([
      { x: 100 + MOUSE_DRAG_PX, y: 50, dx: MOUSE_DRAG_PX, dy: 0 },
      { x: 140, y: 90, dx: 40, dy: 40 },
    ]);
    await up(g.plum, kind, 141, 91);
    expect(g.ondrop.mock.calls[0]?.[1]).toEqual({ x: 141, y: 91, dx: 41, dy: 41 });
    expect(g.ontap).not.toHaveBeenCalled();
    // The gesture is over: further moves report nothing.
    await move(g.plum, kind, 200, 200);
    expect(g.onmove).toHaveBeenCalledTimes(2);
  });

  it('calls a press released before the drag distance a tap, with no wait', async () => {
    const g = setUp();
    await down(g.plum, kind, 100, 50);
    await move(g.plum, kind, 102, 51);
    await up(g.plum, kind, 102, 51);
    expect(names(g.ontap)).toEqual(['plum']);
    expect(g.ondrop).not.toHaveBeenCalled();
    expect(g.onmove).not.toHaveBeenCalled();
  });

  it('ends a drag on pointercancel', async () => {
    const g = setUp();
    await down(g.plum, kind, 100, 50);
    await move(g.plum, kind, 140, 50);
    await cancel(g.plum, kind);
    expect(names(g.oncancel)).toEqual(['plum']);
    await up(g.plum, kind, 140, 50);
    expect(g.ondrop).not.toHaveBeenCalled();
    expect(g.ontap).not.toHaveBeenCalled();
  });

  it('leaves the context menu alone', async () => {
    const g = setUp();
    await down(g.plum, kind, 100, 50);
    expect(menuShows(g.plum)).toBe(true);
    expect(scrolls(g.plum)).toBe(true);
  });
});

describe('dragGesture by touch', () => {
  it('lets a swipe that starts on an item scroll, and takes nothing', async () => {
    const g = setUp();
    const pressed = await down(g.plum, 'touch', 100, 50);
    expect(pressed).toBe(true); // the browser may still pan
    expect(scrolls(g.plum)).toBe(true);
    await move(g.plum, 'touch', 100, 50 - TOUCH_SLOP_PX - 1);
    vi.advanceTimersByTime(LONG_PRESS_MS * 3);
    expect(g.onstart).not.toHaveBeenCalled();
    expect(scrolls(g.plum)).toBe(true);
    await up(g.plum, 'touch', 100, 0);
    expect(g.ontap).not.toHaveBeenCalled();
    expect(g.ondrop).not.toHaveBeenCalled();
  });

  it('picks an item up after a long press, with a buzz, and holds the page still while the finger drags it', async () => {
    const vibrate = vi.fn(() => true);
    Object.defineProperty(navigator, 'vibrate', { configurable: true, value: vibrate });
    try {
      const g = setUp();
      await down(g.plum, 'touch', 100, 50);
      // A tremble within the slop does not stop the long press.
      await move(g.plum, 'touch', 100 + TOUCH_SLOP_PX / 2, 50);
      vi.advanceTimersByTime(LONG_PRESS_MS - 1);
      expect(g.onstart).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(names(g.onstart)).toEqual(['plum']);
      expect(g.onstart.mock.calls[0]?.[1]).toEqual({ x0: 100, y0: 50, touch: true, moved: true });
      expect(vibrate).toHaveBeenCalledWith(PICK_UP_BUZZ_MS);
      expect(g.capture).toHaveBeenCalledWith(POINTER_ID.touch);
      expect(scrolls(g.plum)).toBe(false);
      // Picked up: every move drags, however small.
      await move(g.plum, 'touch', 101, 50);
      await move(g.plum, 'touch', 130, 80);
      expect(g.onmove.mock.calls.map((c) => c[1])).toEqual([
        { x: 101, y: 50, dx: 1, dy: 0 },
        { x: 130, y: 80, dx: 30, dy: 30 },
      ]);
      await up(g.plum, 'touch', 130, 80);
      expect(names(g.ondrop)).toEqual(['plum']);
      expect(g.ontap).not.toHaveBeenCalled();
      expect(scrolls(g.plum)).toBe(true);
    } finally {
      delete (navigator as { vibrate?: unknown }).vibrate;
    }
  });

  it('drops an item picked up and put down where it was, rather than tapping it', async () => {
    const g = setUp();
    await down(g.plum, 'touch', 100, 50);
    vi.advanceTimersByTime(LONG_PRESS_MS);
    await up(g.plum, 'touch', 100, 50);
    expect(g.ondrop.mock.calls[0]?.[1]).toEqual({ x: 100, y: 50, dx: 0, dy: 0 });
    expect(g.ontap).not.toHaveBeenCalled();
  });

  it('calls a finger lifted before the long press a tap, and forgets the long press', async () => {
    const g = setUp();
    await down(g.plum, 'touch', 100, 50);
    await move(g.plum, 'touch', 102, 51);
    vi.advanceTimersByTime(LONG_PRESS_MS / 4);
    await up(g.plum, 'touch', 102, 51);
    expect(names(g.ontap)).toEqual(['plum']);
    vi.advanceTimersByTime(LONG_PRESS_MS * 2);
    expect(g.onstart).not.toHaveBeenCalled();
  });

  it('forgets a long press on pointercancel, and ends a drag after the pick-up', async () => {
    const g = setUp();
    await down(g.plum, 'touch', 100, 50);
    await cancel(g.plum, 'touch');
    vi.advanceTimersByTime(LONG_PRESS_MS * 2);
    expect(g.onstart).not.toHaveBeenCalled();
    expect(g.oncancel).not.toHaveBeenCalled();

    await down(g.plum, 'touch', 100, 50);
    vi.advanceTimersByTime(LONG_PRESS_MS);
    await cancel(g.plum, 'touch');
    expect(names(g.oncancel)).toEqual(['plum']);
    expect(scrolls(g.plum)).toBe(true);
    await up(g.plum, 'touch', 100, 50);
    expect(g.ondrop).not.toHaveBeenCalled();
  });

  it('leaves a pinch alone: a second finger stops the long press', async () => {
    const g = setUp();
    await down(g.plum, 'touch', 100, 50);
    await down(g.plum, 'touch', 130, 50, { pointerId: 8, isPrimary: false });
    vi.advanceTimersByTime(LONG_PRESS_MS * 2);
    expect(g.onstart).not.toHaveBeenCalled();
    await up(g.plum, 'touch', 100, 50);
    expect(g.ontap).not.toHaveBeenCalled();
  });

  it('keeps the context menu of a long press away while it picks an item up or drags it', async () => {
    const g = setUp();
    expect(menuShows(g.plum)).toBe(true);
    await down(g.plum, 'touch', 100, 50);
    expect(menuShows(g.plum)).toBe(false);
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(menuShows(g.plum)).toBe(false);
    await up(g.plum, 'touch', 100, 50);
    expect(menuShows(g.plum)).toBe(true);
  });
});

describe('dragGesture options', () => {
  it('ignores other buttons and presses beside the items', async () => {
    const g = setUp();
    await down(g.plum, 'mouse', 100, 50, { button: 2 });
    await down(g.gap, 'mouse', 100, 50);
    await down(g.gap, 'touch', 100, 50);
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(g.onstart).not.toHaveBeenCalled();
    expect(menuShows(g.gap)).toBe(true);
  });

  it('does nothing while disabled, and a long press under way stops when it is turned off', async () => {
    const g = setUp({ enabled: false });
    await down(g.plum, 'mouse', 100, 50);
    expect(g.onstart).not.toHaveBeenCalled();
    g.action.update?.({ grab: g.grab, onstart: g.onstart });
    await down(g.plum, 'touch', 100, 50);
    g.action.update?.({ grab: g.grab, onstart: g.onstart, enabled: false });
    vi.advanceTimersByTime(LONG_PRESS_MS * 2);
    expect(g.onstart).not.toHaveBeenCalled();
    g.action.update?.({ grab: g.grab, onstart: g.onstart });
    await up(g.plum, 'touch', 100, 50);
    await down(g.plum, 'mouse', 100, 50);
    expect(names(g.onstart)).toEqual(['plum']);
  });

  it('takes its own thresholds', async () => {
    const g = setUp({ longPressMs: 1000, touchSlopPx: 30, dragPx: 20 });
    await down(g.plum, 'touch', 100, 50);
    await move(g.plum, 'touch', 125, 50);
    vi.advanceTimersByTime(LONG_PRESS_MS);
    expect(g.onstart).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1000 - LONG_PRESS_MS);
    expect(g.onstart).toHaveBeenCalledTimes(1);
    await up(g.plum, 'touch', 125, 50);

    await down(g.plum, 'mouse', 100, 50);
    await move(g.plum, 'mouse', 119, 50);
    expect(g.onmove).not.toHaveBeenCalled();
    await move(g.plum, 'mouse', 120, 50);
    expect(g.onmove).toHaveBeenCalledTimes(1);
  });

  it('stops listening when destroyed, and forgets a long press under way', async () => {
    const g = setUp();
    await down(g.plum, 'touch', 100, 50);
    g.action.destroy?.();
    vi.advanceTimersByTime(LONG_PRESS_MS * 2);
    expect(g.onstart).not.toHaveBeenCalled();
    await down(g.plum, 'mouse', 100, 50);
    expect(g.onstart).not.toHaveBeenCalled();
    expect(menuShows(g.plum)).toBe(true);
  });
});
