// dragGesture: a Svelte action that turns pointer and touch input on the
// items inside an element into drag gestures, the same way for every kind of
// pointer a desk may have:
//
//   - A mouse or a pen takes an item at once (onstart); once it has gone
//     DRAG_PX it drags it (onmove) and releasing drops it (ondrop).
//     Releasing before that is a click (ontap).
//   - A finger must rest on an item for LONG_PRESS_MS to pick it up
//     (onstart, with a short buzz); from then on the item follows the
//     finger and lifting it drops the item. A finger that moves more than
//     TOUCH_SLOP_PX first is a swipe: the browser scrolls and nothing is
//     picked up. Lifting the finger before the long press is a tap
//     (ontap). A second finger (a pinch, a two-finger pan) cancels the
//     long press.
//   - pointercancel (the browser took the gesture over) ends it (oncancel).
//
// While a finger drags an item, the page must not scroll under it: the
// action cancels touchmove with a listener that is not passive and is there
// before the touch starts, so that the browser waits for it (it cancels
// nothing otherwise, and swipes scroll as usual). It also keeps the context
// menu of a long press away while it picks up or drags an item.
//
// Listeners sit on the element (the items inside may come and go); the
// pointer is captured by the item taken, so that its moves keep coming.

import type { ActionReturn } from 'svelte/action';

/**
 * LONG_PRESS_MS is how long a finger must rest on an item to pick it up. A
 * finger that moves more than TOUCH_SLOP_PX (in CSS pixels) before that is a
 * swipe: it scrolls and picks nothing up.
 */
export const LONG_PRESS_MS = 400;
export const TOUCH_SLOP_PX = 8;
/** MOUSE_DRAG_PX is how far a mouse or pen must go before a press on an item becomes a drag. */
export const MOUSE_DRAG_PX = 5;
/** PICK_UP_BUZZ_MS is the vibration that tells a finger it picked an item up. */
export const PICK_UP_BUZZ_MS = 10;

/** Grabbed is what a press takes: at least the element that gets the pointer. */
export interface Grabbed {
  el: Element;
}

/** Hold says where and how an item was taken. */
export interface Hold {
  /** Where the pointer went down, in client coordinates. */
  x0: number;
  y0: number;
  /** A finger (picked up by a long press) rather than a mouse or a pen. */
  touch: boolean;
  /** The item already follows the pointer (a finger's pick-up); false until a mouse or pen went DRAG_PX. */
  moved: boolean;
}

/** Position is where the pointer is, and how far it went since it took the item. */
export interface Position {
  x: number;
  y: number;
  dx: number;
  dy: number;
}

/** DragGestureOptions configure dragGesture. */
export interface DragGestureOptions<G extends Grabbed> {
  /**
   * grab returns the item a press on target takes, or null when there is
   * none there (the press is then left to the browser).
   */
  grab: (target: EventTarget | null) => G | null;
  /** enabled turns the gesture off (false) without removing the action. */
  enabled?: boolean;
  longPressMs?: number;
  touchSlopPx?: number;
  dragPx?: number;
  /** onstart: the item is taken (a mouse or pen at once, a finger after the long press). */
  onstart?: (item: G, hold: Hold) => void;
  /** onmove: the item follows the pointer. */
  onmove?: (item: G, at: Position) => void;
  /** ondrop: the pointer let a dragged item go. */
  ondrop?: (item: G, at: Position) => void;
  /** ontap: a click, or a finger lifted before the long press. */
  ontap?: (item: G) => void;
  /** oncancel: the browser ended the gesture (pointercancel) after onstart. */
  oncancel?: (item: G) => void;
}

interface Press<G> {
  id: number;
  x0: number;
  y0: number;
  item: G;
  timer: ReturnType<typeof setTimeout>;
}

interface Drag<G> {
  id: number;
  x0: number;
  y0: number;
  item: G;
  moved: boolean;
  touch: boolean;
}

/**
 * dragGesture listens on node for presses on the items that options.grab
 * finds, and reports them as drag gestures (see the top of this file). It
 * returns the action's update and destroy; destroy forgets a long press under
 * way.
 */
export function dragGesture<G extends Grabbed>(node: HTMLElement, options: DragGestureOptions<G>): ActionReturn<DragGestureOptions<G>> {
  let o = options;
  let press: Press<G> | null = null;
  let drag: Drag<G> | null = null;

  const longPress = () => o.longPressMs ?? LONG_PRESS_MS;
  const slop = () => o.touchSlopPx ?? TOUCH_SLOP_PX;
  const dragPx = () => o.dragPx ?? MOUSE_DRAG_PX;

  function position(e: PointerEvent, from: { x0: number; y0: number }): Position {
    return { x: e.clientX, y: e.clientY, dx: e.clientX - from.x0, dy: e.clientY - from.y0 };
  }

  function take(item: G, id: number, x0: number, y0: number, moved: boolean, touch: boolean) {
    try {
      item.el.setPointerCapture(id);
    } catch {
      // Not every environment supports capture; the moves still reach node.
    }
    drag = { id, x0, y0, item, moved, touch };
    o.onstart?.(item, { x0, y0, touch, moved });
  }

  function cancelPress() {
    if (press) clearTimeout(press.timer);
    press = null;
  }

  /** pickUp turns the long press of finger id into a drag: from now on the item follows the finger. */
  function pickUp(id: number) {
    const p = press;
    if (!p || p.id !== id) return;
    press = null;
    // Picked up counts as moved: lifting the finger drops the item (where
    // it was: no change) instead of tapping it.
    take(p.item, p.id, p.x0, p.y0, true, true);
    navigator.vibrate?.(PICK_UP_BUZZ_MS);
  }

  /**
   * touchDown starts a long press. It does not prevent the default: until
   * the item is picked up the browser may pan (the items should allow it in
   * CSS with touch-action), and then sends pointercancel.
   */
  function touchDown(e: PointerEvent) {
    if (press) {
      // A second finger: a pinch or a two-finger pan, never a drag.
      cancelPress();
      return;
    }
    const item = o.grab(e.target);
    if (!item) return;
    const id = e.pointerId;
    press = { id, x0: e.clientX, y0: e.clientY, item, timer: setTimeout(() => pickUp(id), longPress()) };
  }

  function onpointerdown(e: PointerEvent) {
    if (e.button !== 0 || o.enabled === false || drag) return;
    if (e.pointerType === 'touch') {
      touchDown(e);
      return;
    }
    const item = o.grab(e.target);
    if (!item) return;
    e.preventDefault();
    take(item, e.pointerId, e.clientX, e.clientY, false, false);
  }

  function onpointermove(e: PointerEvent) {
    const p = press;
    if (p && e.pointerId === p.id) {
      // Moving away before the item is picked up is a swipe: the browser scrolls.
      if (Math.hypot(e.clientX - p.x0, e.clientY - p.y0) > slop()) cancelPress();
      return;
    }
    const d = drag;
    if (!d || e.pointerId !== d.id) return;
    const at = position(e, d);
    if (!d.moved && Math.hypot(at.dx, at.dy) < dragPx()) return;
    d.moved = true;
    o.onmove?.(d.item, at);
  }

  function onpointerup(e: PointerEvent) {
    const p = press;
    if (p && e.pointerId === p.id) {
      // Lifted before the long press: a tap.
      cancelPress();
      o.ontap?.(p.item);
      return;
    }
    const d = drag;
    if (!d || e.pointerId !== d.id) return;
    drag = null;
    if (d.moved) o.ondrop?.(d.item, position(e, d));
    else o.ontap?.(d.item);
  }

  function onpointercancel(e: PointerEvent) {
    if (press && e.pointerId === press.id) cancelPress();
    const d = drag;
    if (d && e.pointerId === d.id) {
      drag = null;
      o.oncancel?.(d.item);
    }
  }

  // A long press also asks for the context menu (and text selection) on
  // touch screens: not while it picks up or drags an item.
  function oncontextmenu(e: MouseEvent) {
    if (press || drag?.touch) e.preventDefault();
  }

  function ontouchmove(e: TouchEvent) {
    if (drag?.touch && e.cancelable) e.preventDefault();
  }

  node.addEventListener('pointerdown', onpointerdown);
  node.addEventListener('pointermove', onpointermove);
  node.addEventListener('pointerup', onpointerup);
  node.addEventListener('pointercancel', onpointercancel);
  node.addEventListener('contextmenu', oncontextmenu);
  node.addEventListener('touchmove', ontouchmove, { passive: false });

  return {
    update(next) {
      o = next;
      if (o.enabled === false) cancelPress();
    },
    destroy() {
      cancelPress();
      node.removeEventListener('pointerdown', onpointerdown);
      node.removeEventListener('pointermove', onpointermove);
      node.removeEventListener('pointerup', onpointerup);
      node.removeEventListener('pointercancel', onpointercancel);
      node.removeEventListener('contextmenu', oncontextmenu);
      node.removeEventListener('touchmove', ontouchmove);
    },
  };
}
