import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import type { Guest } from '../api/guests';
import { guest, propertyRoutes, reservation } from '../../test/bookingFixtures';
import { fakeApi, signedInRoutes } from '../../test/fakeApi';

beforeEach(() => {
  setLocale('en', null);
  window.localStorage.clear();
});
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

describe('Guests page', () => {
  it('searches, opens a profile with its stays, edits it and merges a duplicate', async () => {
    let g1 = guest({});
    const dup = guest({ id: 'g-2', name: 'Wang  Fang', phone: '' });
    window.location.hash = '#/guests';
    const api = fakeApi({
      ...signedInRoutes(),
      ...propertyRoutes(),
      'GET /api/v1/guests': (req) => ({ guests: req.query.get('q') === 'Wang' || !req.query.get('q') ? [g1, dup] : [] }),
      'GET /api/v1/guests/g-1': () => g1,
      'GET /api/v1/guests/g-1/stays': { stays: [reservation({ status: 'checked_out' })] },
      'PATCH /api/v1/guests/g-1': (req) => (g1 = { ...g1, ...(req.body as Partial<Guest>) }),
      'POST /api/v1/guests/g-1/merge': () => g1,
    });
    render(App);
    const rows = await screen.findAllByTestId('guest-row');
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining('Wang Fang'), expect.stringContaining('Wang  Fang')]);
    window.location.hash = '#/guests/g-1';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    const profile = await screen.findByTestId('guest-profile');
    expect(profile.textContent).toContain('Passport · E123');
    expect((await screen.findByTestId('guest-stays')).textContent).toContain('HX4K2-7QW9T');

    await fireEvent.click(screen.getByTestId('guest-edit'));
    await fireEvent.input(screen.getByTestId('guest-form-email'), { target: { value: 'wang@example.com' } });
    await fireEvent.click(screen.getByTestId('guest-form-submit'));
    await screen.findByTestId('guest-saved');
    expect(api.find('PATCH /api/v1/guests/g-1')[0]?.body).toMatchObject({ email: 'wang@example.com', name: 'Wang Fang' });

    await fireEvent.input(screen.getByTestId('guest-merge-search'), { target: { value: 'Wang' } });
    const candidates = await screen.findAllByTestId('guest-merge-search-result', {}, { timeout: 2000 });
    // The profile itself is not offered as its own duplicate.
    expect(candidates).toHaveLength(1);
    await fireEvent.click(candidates[0]!);
    await fireEvent.click(within(await screen.findByTestId('guest-merge-dialog')).getByTestId('confirm-yes'));
    await waitFor(() => expect(api.find('POST /api/v1/guests/g-1/merge')).toHaveLength(1));
    expect(api.find('POST /api/v1/guests/g-1/merge')[0]?.body).toEqual({ duplicate_id: 'g-2' });
  });
});
