// Every keyboard shortcut of the app, in one place: the handlers read their
// keys from here, and the "?" overlay (ShortcutsHelp.svelte) lists them from
// here, so the list and the keys cannot drift apart.

import type { MessageKey } from '../i18n';
import type { Action } from '../booking/actions';
import { routeById } from '../routes';
import { GO_KEYS, typingTarget } from './shortcuts';

/** HELP_KEY opens the list of shortcuts (Shift+/ on most keyboards). */
export const HELP_KEY = '?';
/** SEARCH_KEY moves to the quick search; SEARCH_CHORD_KEY does with Ctrl or ⌘. */
export const SEARCH_KEY = '/';
export const SEARCH_CHORD_KEY = 'k';

/**
 * RESERVATION_KEYS are the single keys of a reservation's page: each runs
 * the action of its button when the button is shown. They are none of the
 * second keys of GO_KEYS, and none of the keys the quick search takes.
 */
export const RESERVATION_KEYS: Readonly<Record<string, Extract<Action, 'check-in' | 'check-out' | 'modify' | 'cancel'>>> = {
  i: 'check-in',
  o: 'check-out',
  c: 'modify',
  x: 'cancel',
};

const RESERVATION_LABEL: Record<(typeof RESERVATION_KEYS)[string], MessageKey> = {
  'check-in': 'res.action.checkIn',
  'check-out': 'res.action.checkOut',
  modify: 'res.action.modify',
  cancel: 'res.action.cancel',
};

/** KeyEventLike is what the shortcut handlers read of a key event. */
export type KeyEventLike = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'> & { isComposing?: boolean };

/** dialogOpen reports whether a dialog is open: its keys are its own then. */
export function dialogOpen(): boolean {
  return document.querySelector('[role="dialog"]') !== null;
}

/** isHelpKey reports whether e asks for the list of shortcuts. */
export function isHelpKey(e: KeyEventLike): boolean {
  return e.key === HELP_KEY && !e.ctrlKey && !e.metaKey && !e.altKey && !e.isComposing && !typingTarget(e.target) && !dialogOpen();
}

/**
 * reservationKey returns the action that e asks for on a reservation's
 * page, when it is one of available: never while typing in a field, with a
 * modifier (Ctrl+C copies), or while a dialog is open.
 */
export function reservationKey(e: KeyEventLike, available: readonly Action[]): Action | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typingTarget(e.target) || dialogOpen()) return null;
  const action = RESERVATION_KEYS[e.key.toLowerCase()];
  return action && available.includes(action) ? action : null;
}

/**
 * advancesOnEnter reports whether Enter in e moves a step form on: not in
 * a text area, a list, a button or a link (they have their own Enter), not
 * in a form of its own (it submits), not while an input method composes,
 * and not when a field took the key already.
 */
export function advancesOnEnter(e: KeyEventLike & Pick<KeyboardEvent, 'defaultPrevented' | 'shiftKey'>): boolean {
  if (e.key !== 'Enter' || e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return false;
  const el = e.target instanceof Element ? e.target : null;
  if (el?.closest('textarea, select, button, a, [role="combobox"], [contenteditable="true"], form')) return false;
  return !dialogOpen();
}

/** Key is one key to press; a Chord is pressed together, a sequence one after another. */
export interface ShortcutItem {
  /** Keys pressed one after another ("g" then "d"); each may hold modifiers ("Ctrl+K"). */
  keys: string[];
  label: MessageKey;
}

/** ShortcutGroup is a heading of the overlay and its shortcuts. */
export interface ShortcutGroup {
  title: MessageKey;
  items: ShortcutItem[];
}

/**
 * SHORTCUTS lists every shortcut of the app by where it works. The keys of
 * the handlers above, of GO_KEYS and of the quick search come from the
 * same constants.
 */
export function shortcutGroups(): ShortcutGroup[] {
  return [
    {
      title: 'keys.group.anywhere',
      items: [
        { keys: [HELP_KEY], label: 'keys.help' },
        { keys: [SEARCH_KEY], label: 'keys.search' },
        { keys: [`Ctrl+${SEARCH_CHORD_KEY.toUpperCase()}`], label: 'keys.search' },
        ...Object.entries(GO_KEYS).map(([k, route]) => ({ keys: ['g', k], label: routeById(route).label })),
        { keys: ['Esc'], label: 'keys.closeDialog' },
      ],
    },
    {
      title: 'keys.group.reservation',
      items: Object.entries(RESERVATION_KEYS).map(([k, action]) => ({ keys: [k.toUpperCase()], label: RESERVATION_LABEL[action] })),
    },
    {
      title: 'keys.group.booking',
      items: [{ keys: ['Enter'], label: 'keys.nextStep' }],
    },
    {
      title: 'keys.group.tapeChart',
      items: [
        { keys: ['←↑→↓'], label: 'keys.tapeMove' },
        { keys: ['Enter'], label: 'keys.tapeOpen' },
        { keys: ['M'], label: 'keys.tapeGrab' },
        { keys: ['Space'], label: 'keys.tapeGrab' },
        { keys: ['Esc'], label: 'keys.tapeDrop' },
      ],
    },
  ];
}
