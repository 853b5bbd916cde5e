// The types and pure logic of ListEditor.svelte, the list-and-edit building
// block of the settings and administration pages.

import type { MessageKey } from '../i18n';

/**
 * EditorState is what the add/edit dialog shows: a new item, or an item to
 * change or only to look at.
 */
export type EditorState<T> = { mode: 'create'; item: null } | { mode: 'edit' | 'view'; item: T };

/**
 * Report says how a confirmed action runs and where its failure shows:
 * "dialog" runs it in the question's dialog, which stays open on a failure
 * and shows it; "list" closes the dialog at once, keeps the item's row busy
 * while the action runs and shows a failure above the list.
 */
export type Report = 'dialog' | 'list';

/** ConfirmRequest is a yes/no question about an item, and what yes does. */
export interface ConfirmRequest<T> {
  /** The item the question is about; its row's buttons are busy meanwhile. */
  item: T | null;
  title: string;
  body: string;
  /** The label of the yes button. */
  confirm: string;
  danger?: boolean;
  /** The dialog's data-testid (default "confirm-dialog"). */
  testid?: string;
  /** The yes button's data-testid (default "confirm-yes"). */
  yesTestid?: string;
  run: () => Promise<unknown>;
  report?: Report;
}

/** RemoveAction is how the list deletes an item, asking first. */
export interface RemoveAction<T> {
  run: (item: T) => Promise<unknown>;
  title: (item: T) => string;
  body: string;
  /** The yes button's label (default: Delete). */
  confirm?: string;
  testid?: string;
  yesTestid?: string;
  report?: Report;
}

/** CreateAction is the list's "New …" button. */
export interface CreateAction {
  label: string;
  testid: string;
  disabled?: boolean;
}

/** EditorDialog describes the add/edit dialog. */
export interface EditorDialog<T> {
  testid: string;
  wide?: boolean;
  title: (state: EditorState<T>) => string;
}

/** Column is a heading of the table. */
export interface Column {
  label: string;
  /** A class for the heading cell ("num" right-aligns it). */
  class?: string;
}

/** Group shows part of the items as a table of its own, under a heading. */
export interface Group<T> {
  title: string;
  help?: string;
  /** The table's data-testid. */
  testid?: string;
  filter: (item: T) => boolean;
  sort?: (a: T, b: T) => number;
  empty: string;
}

/** LoadError says how a failed load is shown: a heading over the error, and its test id. */
export interface LoadError {
  heading: MessageKey;
  testid: string;
}

/**
 * ListControl is what a page's snippets may do with the list: open the
 * dialog, put and drop items, ask before an action, run an action with the
 * row busy and its failure shown, reload.
 */
export interface ListControl<T> {
  /** The items, as loaded and changed since. */
  readonly items: readonly T[];
  /** create opens the dialog for a new item. */
  create(): void;
  /** edit opens the dialog to change item. */
  edit(item: T): void;
  /** view opens the dialog to look at item. */
  view(item: T): void;
  /** close closes the dialog. */
  close(): void;
  /** put adds item or replaces the one with its key, keeping the dialog open. */
  put(item: T): void;
  /** saved puts item and closes the dialog. */
  saved(item: T): void;
  /** drop takes item out of the list. */
  drop(item: T): void;
  /** remove asks whether to delete item, and drops it once deleted. */
  remove(item: T): void;
  /** confirm asks a yes/no question; yes runs the request's action. */
  confirm(request: ConfirmRequest<T>): void;
  /**
   * run runs fn with item's row busy; a failure shows above the list
   * (the action error) and run resolves either way.
   */
  run(item: T | null, fn: () => Promise<unknown>): Promise<void>;
  /** busy reports whether an action on item is under way. */
  busy(item: T): boolean;
  /** reload loads the list again; a failure shows as the load error. */
  reload(): Promise<void>;
}

/**
 * upsert returns items with item in place of the one with the same key, or
 * added at the end; sorted by sort when given.
 */
export function upsert<T>(items: readonly T[], item: T, key: (item: T) => string, sort?: (a: T, b: T) => number): T[] {
  const k = key(item);
  const i = items.findIndex((x) => key(x) === k);
  const out = i >= 0 ? items.map((x, j) => (j === i ? item : x)) : [...items, item];
  return sort ? out.sort(sort) : out;
}

/** without returns items without the one with item's key. */
export function without<T>(items: readonly T[], item: T, key: (item: T) => string): T[] {
  const k = key(item);
  return items.filter((x) => key(x) !== k);
}
