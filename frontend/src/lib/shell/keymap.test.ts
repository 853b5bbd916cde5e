import { describe, expect, it } from 'vitest';
import { HELP_KEY, RESERVATION_KEYS, SEARCH_CHORD_KEY, SEARCH_KEY, advancesOnEnter, reservationKey } from './keymap';
import { GO_KEYS } from './shortcuts';

const ev = (key: string, target: EventTarget | null = document.body, over: Partial<KeyboardEvent> = {}) =>
  ({ key, target, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, defaultPrevented: false, isComposing: false, ...over }) as KeyboardEvent;

describe('keymap', () => {
  it('gives the reservation page keys that no other shortcut takes', () => {
    const taken = new Set([...Object.keys(GO_KEYS), 'g', SEARCH_KEY, HELP_KEY, SEARCH_CHORD_KEY]);
    for (const k of Object.keys(RESERVATION_KEYS)) expect(taken.has(k), k).toBe(false);
  });

  it('runs an action only when it is offered, and never in a field', () => {
    expect(reservationKey(ev('i'), ['check-in', 'cancel'])).toBe('check-in');
    expect(reservationKey(ev('I'), ['check-in'])).toBe('check-in');
    expect(reservationKey(ev('o'), ['check-in'])).toBeNull();
    expect(reservationKey(ev('i', document.createElement('input')), ['check-in'])).toBeNull();
    expect(reservationKey(ev('c', document.body, { ctrlKey: true }), ['modify'])).toBeNull();
  });

  it('moves a step form on with Enter, but not from a text area, a button or a form of its own', () => {
    const form = document.createElement('form');
    const inForm = form.appendChild(document.createElement('input'));
    const loose = document.createElement('input');
    expect(advancesOnEnter(ev('Enter', loose))).toBe(true);
    expect(advancesOnEnter(ev('Enter', document.createElement('textarea')))).toBe(false);
    expect(advancesOnEnter(ev('Enter', document.createElement('button')))).toBe(false);
    expect(advancesOnEnter(ev('Enter', inForm))).toBe(false);
    expect(advancesOnEnter(ev('Enter', loose, { defaultPrevented: true }))).toBe(false);
    expect(advancesOnEnter(ev('Enter', loose, { isComposing: true }))).toBe(false);
    expect(advancesOnEnter(ev('a', loose))).toBe(false);
  });
});
