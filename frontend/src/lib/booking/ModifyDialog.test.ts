import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ModifyDialog from './ModifyDialog.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import type { Modified, Reservation } from '../api/booking';
import { DLX, PLANS, STD, reservation } from '../../test/bookingFixtures';
import { fakeApi } from '../../test/fakeApi';
import { NO_CHANGE_FEE } from '../../test/fixtures';

// A guest in house since 2026-11-30 (the business date is 2026-12-01),
// going from two adults to three: the night slept keeps its price, the
// others are priced at today's rate, and a night is added.
const inHouse = reservation({
  status: 'checked_in',
  check_in: '2026-11-30',
  check_out: '2026-12-02',
  nights: [
    { date: '2026-11-30', price: 58000 },
    { date: '2026-12-01', price: 58000 },
  ],
  total: 116000,
});
const quoted: Modified = {
  reservation: { ...inHouse, adults: 3, check_out: '2026-12-03', nights: [], total: 58000 + 2 * 73000 },
  difference: 58000 + 2 * 73000 - 116000,
  change_fee: NO_CHANGE_FEE,
  nights: [
    { date: '2026-11-30', old: 58000, new: 58000, change: 'kept' },
    { date: '2026-12-01', old: 58000, new: 73000, change: 'repriced' },
    { date: '2026-12-02', old: 0, new: 73000, change: 'added' },
  ],
};

function open(r: Reservation) {
  const api = fakeApi({
    'POST /api/v1/reservations/res-1/modify-quote': () => quoted,
    'PATCH /api/v1/reservations/res-1': () => quoted,
  });
  const onsaved = vi.fn();
  render(ModifyDialog, { props: { reservation: r, types: [DLX, STD], plans: PLANS, businessDate: '2026-12-01', onsaved, onclose: () => {} } });
  return { api, onsaved };
}

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

/** nights returns the rows of the per-night preview: date, old, new, change. */
async function nights() {
  const table = await screen.findByTestId('modify-nights');
  return within(table)
    .getAllByTestId('modify-night')
    .map((row) => [row.dataset.date, ...[...row.querySelectorAll('td')].slice(1).map((td) => td.textContent?.trim())]);
}

beforeEach(() => window.localStorage.clear());
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

describe('ModifyDialog', () => {
  it('shows each night’s booked and new price before a change is saved', async () => {
    setLocale('en', null);
    const { api, onsaved } = open(inHouse);
    await type(screen.getByTestId('modify-adults'), '3');
    await type(screen.getByTestId('modify-check-out'), '2026-12-03');
    expect((screen.getByTestId('modify-save') as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(screen.getByTestId('modify-preview'));
    expect(await nights()).toEqual([
      ['2026-11-30', 'CN¥580.00', 'CN¥580.00', 'Unchanged'],
      ['2026-12-01', 'CN¥580.00', 'CN¥730.00', 'At today’s rate'],
      ['2026-12-02', '—', 'CN¥730.00', 'New night'],
    ]);
    expect(screen.getByTestId('modify-difference').textContent).toContain('+CN¥880.00');
    expect(api.find('POST /api/v1/reservations/res-1/modify-quote')[0]?.body).toEqual({ check_out: '2026-12-03', adults: 3 });
    expect(api.find('PATCH /api/v1/reservations/res-1')).toHaveLength(0);
    await fireEvent.click(screen.getByTestId('modify-save'));
    await vi.waitFor(() => expect(onsaved).toHaveBeenCalledWith(quoted));
    expect(api.find('PATCH /api/v1/reservations/res-1')[0]?.body).toEqual({ check_out: '2026-12-03', adults: 3, expected_change_fee: 0 });
  });

  it('names each night’s change in Chinese', async () => {
    setLocale('zh-CN', null);
    open(inHouse);
    await type(screen.getByTestId('modify-adults'), '3');
    await fireEvent.click(screen.getByTestId('modify-preview'));
    const rows = await nights();
    expect(rows.map((r) => r[3])).toEqual(['不变', '按今日价格', '新增一晚']);
    expect(screen.getByTestId('modify-nights').textContent).toContain('原价');
    expect(screen.getByTestId('modify-nights').textContent).toContain('新价');
  });

  it('says a change of the requests alone does not touch the price', async () => {
    setLocale('en', null);
    const { api } = open(reservation());
    await type(screen.getByTestId('modify-requests'), 'High floor');
    expect(screen.queryByTestId('modify-preview')).toBeNull();
    expect(screen.getByText('This change does not affect the price.')).toBeTruthy();
    expect((screen.getByTestId('modify-save') as HTMLButtonElement).disabled).toBe(false);
    expect(api.calls).toHaveLength(0);
  });

  it('says why Save waits: the new price is to be shown first', async () => {
    setLocale('en', null);
    open(inHouse);
    await type(screen.getByTestId('modify-adults'), '3');
    expect((screen.getByTestId('modify-save') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('modify-needs-preview').textContent).toContain('Show the new price first');
    await fireEvent.click(screen.getByTestId('modify-preview'));
    await nights();
    expect(screen.queryByTestId('modify-needs-preview')).toBeNull();
    expect((screen.getByTestId('modify-save') as HTMLButtonElement).disabled).toBe(false);
  });

  it('keeps Save off for a change the server refuses, and says what to do, in Chinese too', async () => {
    setLocale('zh-CN', null);
    fakeApi({
      'POST /api/v1/reservations/res-1/modify-quote': () =>
        new Response(JSON.stringify({ error: { code: 'invalid', key: 'booking.too_many_guests', message: '客人过多' } }), { status: 400, headers: { 'Content-Type': 'application/json' } }),
    });
    render(ModifyDialog, { props: { reservation: inHouse, types: [DLX, STD], plans: PLANS, businessDate: '2026-12-01', onsaved: vi.fn(), onclose: () => {} } });
    await type(screen.getByTestId('modify-adults'), '9');
    await fireEvent.click(screen.getByTestId('modify-preview'));
    await screen.findByTestId('modify-error');
    expect((screen.getByTestId('modify-save') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('modify-needs-preview').textContent).toContain('无法按当前内容保存');
  });
});
