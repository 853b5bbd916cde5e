import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../i18n';
import ListEditorHarness, { type Fruit } from '../../test/ListEditorHarness.svelte';
import { ApiError } from '../api/client';
import type { ListControl } from './listEditor';
import { upsert, without } from './listEditor';

// ListEditor is the list-and-edit block of the settings and administration
// pages; a page of fruits drives it here.

const WORDS = { title: 'Fruits', empty: 'No fruit yet', name: 'Name', create: 'New fruit', edit: 'Edit', del: 'Delete', save: 'Save' };
const FRUITS: Fruit[] = [
  { id: 'f-apple', name: 'apple', kind: 'pome' },
  { id: 'f-cherry', name: 'cherry', kind: 'drupe' },
];

/** deferred is a promise with its resolve and reject outside. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function names(): string[] {
  return screen.queryAllByTestId(/^fruit-row-/).map((r) => r.textContent?.replace(/(Edit|Delete)/g, '').trim() ?? '');
}

function page(props: Partial<Parameters<typeof ListEditorHarness>[1]> = {}) {
  let control: ListControl<Fruit> | undefined;
  render(ListEditorHarness, { load: async () => FRUITS, words: WORDS, oncontrol: (c) => (control = c), ...props });
  return { control: () => control! };
}

beforeEach(() => {
  setLocale('en', null);
});

describe('ListEditor', () => {
  it('says it is loading, then lists the items with their actions', async () => {
    const load = deferred<Fruit[]>();
    page({ load: () => load.promise });
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(screen.queryByTestId('fruits-table')).toBeNull();
    load.resolve(FRUITS);
    expect(await screen.findByTestId('fruit-row-f-apple')).toBeTruthy();
    expect(names()).toEqual(['apple', 'cherry']);
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Fruits');
    const heads = within(screen.getByTestId('fruits-table')).getAllByRole('columnheader');
    expect(heads.map((h) => h.textContent)).toEqual(['Name', 'Actions']);
    expect(within(screen.getByTestId('fruit-row-f-apple')).getByTestId('fruit-edit')).toBeTruthy();
  });

  it('says when the list is empty, across every column', async () => {
    page({ load: async () => [] });
    const cell = await screen.findByText('No fruit yet');
    expect(cell.getAttribute('colspan')).toBe('2');
  });

  it('has no actions column when the page gives no row actions', async () => {
    page({ actions: false, load: async () => [] });
    const cell = await screen.findByText('No fruit yet');
    expect(cell.getAttribute('colspan')).toBe('1');
    expect(within(screen.getByTestId('fruits-table')).getAllByRole('columnheader')).toHaveLength(1);
  });

  it('shows a failed load under its heading, instead of the list', async () => {
    page({ load: async () => Promise.reject(new ApiError(503, 'unavailable', 'the store is closed')) });
    const alert = await screen.findByTestId('fruits-error');
    expect(alert.textContent).toContain('Loading…');
    expect(screen.getByTestId('fruits-error-message').textContent).toBe('the store is closed');
    expect(screen.queryByTestId('fruits-table')).toBeNull();
  });

  it('offers "New" only to those who may create, and adds the new item in order', async () => {
    page();
    await screen.findByTestId('fruit-row-f-apple');
    await fireEvent.click(screen.getByTestId('fruit-create'));
    const dialog = screen.getByTestId('fruit-dialog');
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe('New fruit');
    await fireEvent.input(within(dialog).getByTestId('fruit-name'), { target: { value: 'banana' } });
    await fireEvent.click(within(dialog).getByTestId('fruit-save'));
    expect(screen.queryByTestId('fruit-dialog')).toBeNull();
    expect(names()).toEqual(['apple', 'banana', 'cherry']);
  });

  it('hides "New" from those who may not create', async () => {
    page({ canCreate: false });
    await screen.findByTestId('fruit-row-f-apple');
    expect(screen.queryByTestId('fruit-create')).toBeNull();
  });

  it('edits an item in place', async () => {
    page();
    const cherry = await screen.findByTestId('fruit-row-f-cherry');
    await fireEvent.click(within(cherry).getByTestId('fruit-edit'));
    const dialog = screen.getByTestId('fruit-dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe('cherry');
    await fireEvent.input(within(dialog).getByTestId('fruit-name'), { target: { value: 'acerola' } });
    await fireEvent.click(within(dialog).getByTestId('fruit-save'));
    expect(names()).toEqual(['acerola', 'apple']);
  });

  it('asks before deleting, and keeps a refusal in the question', async () => {
    const run = vi.fn(async (f: Fruit) => {
      if (f.id === 'f-apple') throw new ApiError(409, 'conflict', 'apple is in a pie');
    });
    page({ remove: { run, title: (f) => `Delete ${f.name}?`, body: 'It goes for good.' } });
    await fireEvent.click(within(await screen.findByTestId('fruit-row-f-apple')).getByTestId('fruit-delete'));
    const dialog = screen.getByTestId('confirm-dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe('Delete apple?');
    expect(dialog.textContent).toContain('It goes for good.');
    await fireEvent.click(within(dialog).getByTestId('confirm-yes'));
    expect((await screen.findByTestId('confirm-dialog-error')).textContent).toContain('apple is in a pie');
    expect(screen.getByTestId('confirm-dialog')).toBeTruthy();
    expect(names()).toEqual(['apple', 'cherry']);
    await fireEvent.click(within(screen.getByTestId('confirm-dialog')).getByText('Cancel'));

    await fireEvent.click(within(screen.getByTestId('fruit-row-f-cherry')).getByTestId('fruit-delete'));
    await fireEvent.click(screen.getByTestId('confirm-yes'));
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(names()).toEqual(['apple']);
    expect(run.mock.calls.map(([f]) => f.id)).toEqual(['f-apple', 'f-cherry']);
  });

  it('runs an action reported on the list with the row busy, and shows its failure above the list', async () => {
    const remove = deferred<void>();
    page({
      remove: { run: () => remove.promise, title: () => 'Sure?', body: 'Really.', testid: 'fruit-confirm', yesTestid: 'fruit-yes', report: 'list' },
    });
    const apple = await screen.findByTestId('fruit-row-f-apple');
    await fireEvent.click(within(apple).getByTestId('fruit-delete'));
    await fireEvent.click(within(screen.getByTestId('fruit-confirm')).getByTestId('fruit-yes'));
    // The question is gone at once; the row waits for the answer.
    expect(screen.queryByTestId('fruit-confirm')).toBeNull();
    expect((within(apple).getByTestId('fruit-edit') as HTMLButtonElement).disabled).toBe(true);
    expect((within(screen.getByTestId('fruit-row-f-cherry')).getByTestId('fruit-edit') as HTMLButtonElement).disabled).toBe(false);
    remove.reject(new ApiError(409, 'conflict', 'apple is in a pie'));
    expect((await screen.findByTestId('fruits-action-error')).textContent).toContain('apple is in a pie');
    expect((within(apple).getByTestId('fruit-edit') as HTMLButtonElement).disabled).toBe(false);
    expect(names()).toEqual(['apple', 'cherry']);
  });

  it('lets the page put, drop, run and reload through its control', async () => {
    let calls = 0;
    const { control } = page({
      load: async () => {
        calls++;
        return calls === 1 ? FRUITS : [{ id: 'f-fig', name: 'fig' }];
      },
    });
    await screen.findByTestId('fruit-row-f-apple');
    const list = control();
    list.put({ id: 'f-apple', name: 'apricot' });
    list.drop(FRUITS[1]!);
    await waitFor(() => expect(names()).toEqual(['apricot']));
    expect(list.items.map((f) => f.name)).toEqual(['apricot']);
    await list.run(null, async () => {
      throw new Error('no more fruit');
    });
    expect((await screen.findByTestId('fruits-action-error')).textContent).toContain('no more fruit');
    await list.reload();
    await waitFor(() => expect(names()).toEqual(['fig']));
  });

  it('shows groups as tables of their own, and only the items the filter keeps', async () => {
    page({
      load: async () => [...FRUITS, { id: 'f-plum', name: 'plum', kind: 'drupe' }, { id: 'f-date', name: 'date', kind: 'drupe' }],
      filter: (f) => f.name !== 'date',
      groups: [
        { title: 'Stone fruit', help: 'With a stone.', testid: 'drupes', filter: (f) => f.kind === 'drupe', sort: (a, b) => b.name.localeCompare(a.name), empty: 'None' },
        { title: 'Pomes', testid: 'pomes', filter: (f) => f.kind === 'pome', empty: 'None' },
        { title: 'Berries', testid: 'berries', filter: (f) => f.kind === 'berry', empty: 'No berries' },
      ],
    });
    const drupes = await screen.findByTestId('drupes');
    expect(within(drupes).getAllByTestId(/^fruit-row-/).map((r) => r.dataset.testid)).toEqual(['fruit-row-f-plum', 'fruit-row-f-cherry']);
    expect(within(screen.getByTestId('pomes')).getAllByTestId(/^fruit-row-/)).toHaveLength(1);
    expect(screen.getByTestId('berries').textContent).toContain('No berries');
    expect(screen.getByText('With a stone.')).toBeTruthy();
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['Fruits', 'Stone fruit', 'Pomes', 'Berries']);
  });
});

describe('upsert and without', () => {
  const key = (f: Fruit) => f.id;
  it('replace an item by key, or add it, keeping the order asked for', () => {
    expect(upsert(FRUITS, { id: 'f-cherry', name: 'morello' }, key).map((f) => f.name)).toEqual(['apple', 'morello']);
    expect(upsert(FRUITS, { id: 'f-banana', name: 'banana' }, key).map((f) => f.name)).toEqual(['apple', 'cherry', 'banana']);
    expect(upsert(FRUITS, { id: 'f-banana', name: 'banana' }, key, (a, b) => a.name.localeCompare(b.name)).map((f) => f.name)).toEqual([
      'apple',
      'banana',
      'cherry',
    ]);
    expect(FRUITS.map((f) => f.name)).toEqual(['apple', 'cherry']);
  });

  it('take an item out by key', () => {
    expect(without(FRUITS, { id: 'f-apple', name: '' }, key).map((f) => f.id)).toEqual(['f-cherry']);
    expect(without(FRUITS, { id: 'f-none', name: '' }, key)).toHaveLength(2);
  });
});
