import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from '../../App.svelte';
import { clearCredentials, setAuthMode } from '../api/client';
import { setLocale } from '../i18n';
import type { Availability, BookingInput, Modified, ReservationPatch } from '../api/booking';
import { basisPoints, percentOf, type Company } from '../api/companies';
import { AVAILABILITY, PLANS, STD, propertyRoutes, ratePlan, reservation } from '../../test/bookingFixtures';
import { SUNRISE, company, companyRoutes } from '../../test/companyFixtures';
import { DESK_ME, FRONT_DESK_PERMISSIONS, created, fakeApi, routes, signedInRoutes } from '../../test/fakeApi';
import { draftRoom } from '../booking/draft';
import { useNegotiated } from './negotiated';
import { NO_CHANGE_FEE } from '../../test/fixtures';

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

/** CORP is the corporate plan of STD, Acme's negotiated plan. */
const CORP = ratePlan({ id: 'p-std-corp', code: 'STD-CORP', name: 'Corporate' });

/** WITH_CORP is AVAILABILITY with the corporate plan of STD quoted too. */
const WITH_CORP: Availability = {
  ...AVAILABILITY,
  room_types: AVAILABILITY.room_types.map((t) =>
    t.room_type.id === STD.id
      ? { ...t, rate_plans: [...t.rate_plans, { ...t.rate_plans[0]!, rate_plan_id: 'p-std-corp', name: 'Corporate', total: 96000 }] }
      : t,
  ),
};

function open(hash: string, list: Company[], extra: Parameters<typeof fakeApi>[0] = {}, perms?: string[]) {
  window.location.hash = hash;
  const api = fakeApi<string>({
    ...(perms ? signedInRoutes(DESK_ME, { permissions: perms, hotels: 'all' }) : signedInRoutes()),
    ...propertyRoutes(),
    'GET /api/v1/hotels/h-harbour/rate-plans': { rate_plans: [...PLANS, CORP] },
    ...companyRoutes(list, { 'c-acme': 'HX4K2-7QW9T' }),
    ...extra,
  });
  render(App);
  return api;
}

beforeEach(() => {
  setLocale('en', null);
  window.localStorage.clear();
});
afterEach(() => {
  clearCredentials();
  setAuthMode(null);
});

describe('Companies & agents page', () => {
  it('lists and filters the profiles, and shows one with its negotiated plan', async () => {
    const api = open('#/companies', [company(), SUNRISE, company({ id: 'c-old', name: 'Old Corp', archived: true })]);
    const rows = await screen.findAllByTestId('company-row');
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringContaining('Acme Trading'), expect.stringContaining('Sunrise Travel')]);

    await fireEvent.change(screen.getByTestId('companies-kind'), { target: { value: 'travel_agent' } });
    await waitFor(() => expect(screen.getAllByTestId('company-row')).toHaveLength(1));
    expect(api.find('GET /api/v1/hotels/h-harbour/companies').at(-1)?.query.get('kind')).toBe('travel_agent');

    await fireEvent.change(screen.getByTestId('companies-kind'), { target: { value: '' } });
    await fireEvent.click(screen.getByTestId('companies-archived'));
    await waitFor(() => expect(screen.getAllByTestId('company-row')).toHaveLength(3));

    window.location.hash = '#/companies/c-acme';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    const profile = await screen.findByTestId('company-profile');
    expect(within(profile).getByTestId('company-kind').textContent).toBe('Company');
    await waitFor(() => expect(within(profile).getByTestId('company-rate-plan').textContent).toBe('Corporate · Standard Twin'));
  });

  it('creates a travel agent with its commission in percent, and refuses a commission over 100 % before sending', async () => {
    const list = [company()];
    const api = open('#/companies', list);
    await fireEvent.click(await screen.findByTestId('company-new'));
    await fireEvent.change(screen.getByTestId('company-form-kind'), { target: { value: 'travel_agent' } });
    await type(screen.getByTestId('company-form-name'), '  Blue Sky Tours ');
    await type(await screen.findByTestId('company-form-commission'), '120');
    await fireEvent.click(screen.getByTestId('company-form-submit'));
    expect((await screen.findByTestId('company-form-problem')).textContent).toContain('0 to 100');
    expect(api.find('POST /api/v1/hotels/h-harbour/companies')).toHaveLength(0);

    await type(screen.getByTestId('company-form-commission'), '8,5');
    await fireEvent.click(screen.getByTestId('company-form-submit'));
    await screen.findByTestId('company-saved');
    expect(api.find('POST /api/v1/hotels/h-harbour/companies')[0]?.body).toMatchObject({ kind: 'travel_agent', name: 'Blue Sky Tours', commission_bp: 850 });
    expect(screen.getByTestId('company-commission').textContent).toBe('8.5 %');
  });

  it('archives a profile, and says why one that a booking names cannot be deleted', async () => {
    const api = open('#/companies/c-acme', [company()]);
    await fireEvent.click(await screen.findByTestId('company-archive'));
    await screen.findByTestId('company-archived');
    expect(api.find('POST /api/v1/companies/c-acme/archive')).toHaveLength(1);

    await fireEvent.click(screen.getByTestId('company-delete'));
    const dialog = await screen.findByTestId('company-delete-dialog');
    await fireEvent.click(within(dialog).getByTestId('confirm-yes'));
    await waitFor(() => expect(dialog.textContent).toContain('reservation HX4K2-7QW9T names'));
    expect(screen.getByTestId('company-profile')).toBeTruthy();
  });

  it('is offered to users who see companies, read-only for the front desk, and not at all to others', async () => {
    open('#/companies/c-acme', [company()], {}, FRONT_DESK_PERMISSIONS);
    await screen.findByTestId('company-profile');
    expect(screen.getByTestId('nav-companies')).toBeTruthy();
    expect(screen.queryByTestId('company-new')).toBeNull();
    expect(screen.queryByTestId('company-edit')).toBeNull();
    expect(screen.queryByTestId('company-delete')).toBeNull();
  });

  it('is in Chinese too', async () => {
    setLocale('zh-CN', null);
    open('#/companies/c-acme', [company()]);
    expect((await screen.findByTestId('company-kind')).textContent).toBe('公司');
    expect(screen.getByTestId('nav-companies').textContent).toContain('公司与旅行社');
  });
});

describe('Company and agent pickers', () => {
  const book = () =>
    routes({
      'GET /api/v1/hotels/h-harbour/availability': WITH_CORP,
      'GET /api/v1/guests': { guests: [] },
      'POST /api/v1/reservations': (req) => {
        const b = req.body as BookingInput;
        return created('book', { code: 'HX4K2-7QW9T', reservations: [reservation({ check_in: b.check_in, check_out: b.check_out })] });
      },
    });

  async function toDetails() {
    await type(await screen.findByTestId('book-check-out'), '2026-12-03');
    await fireEvent.click(screen.getByTestId('book-search'));
    const std = await screen.findByTestId('book-type-STD');
    await fireEvent.click(within(std).getAllByTestId('book-add')[0]!);
    await fireEvent.click(screen.getByTestId('book-next'));
    await type(await screen.findByTestId('book-guest-name'), 'Wang Fang');
    await fireEvent.click(screen.getByTestId('book-next'));
    await screen.findByTestId('book-details');
  }

  it('books with a company, whose negotiated plan is chosen, and an agent; archived profiles are not offered', async () => {
    const api = open('#/book', [company(), SUNRISE, company({ id: 'c-old', name: 'Acme Old', archived: true })], book());
    await toDetails();
    await type(screen.getByTestId('book-company-search'), 'acme');
    const found = await screen.findAllByTestId('book-company-result', {}, { timeout: 2000 });
    expect(found.map((b) => b.textContent)).toEqual([expect.stringContaining('Acme Trading')]);
    await fireEvent.click(found[0]!);
    expect((await screen.findByTestId('book-company-negotiated')).textContent).toContain('Corporate is now chosen for 1 room(s)');
    expect(screen.getByTestId('book-company-chosen').textContent).toContain('Acme Trading');
    expect(api.find('GET /api/v1/hotels/h-harbour/companies')[0]?.query.get('kind')).toBe('company');

    await type(screen.getByTestId('book-agent-search'), 'sun');
    await fireEvent.click((await screen.findAllByTestId('book-agent-result', {}, { timeout: 2000 }))[0]!);
    await fireEvent.click(screen.getByTestId('book-next'));
    expect((await screen.findByTestId('book-review-company')).textContent).toBe('Acme Trading');
    expect(screen.getByTestId('book-review-agent').textContent).toBe('Sunrise Travel');
    await fireEvent.click(await screen.findByTestId('book-confirm'));
    await waitFor(() => expect(api.find('POST /api/v1/reservations')).toHaveLength(1));
    const body = api.find('POST /api/v1/reservations')[0]?.body as BookingInput;
    expect(body).toMatchObject({ company_id: 'c-acme', agent_id: 'c-sun' });
    expect(body.rooms?.[0]?.rate_plan_id).toBe('p-std-corp');
  });

  it('removes a chosen company, and shows no picker to users who cannot see companies', async () => {
    const api = open('#/book', [company()], book());
    await toDetails();
    await type(screen.getByTestId('book-company-search'), 'acme');
    await fireEvent.click((await screen.findAllByTestId('book-company-result', {}, { timeout: 2000 }))[0]!);
    await fireEvent.click(await screen.findByTestId('book-company-remove'));
    expect(screen.getByTestId('book-company-search')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('book-next'));
    await fireEvent.click(await screen.findByTestId('book-confirm'));
    await waitFor(() => expect(api.find('POST /api/v1/reservations')).toHaveLength(1));
    expect(api.find('POST /api/v1/reservations')[0]?.body).not.toHaveProperty('company_id');
  });

  it('hides the pickers without companies.view', async () => {
    open('#/book', [company()], book(), FRONT_DESK_PERMISSIONS.filter((p) => p !== 'companies.view'));
    await toDetails();
    expect(screen.queryByTestId('book-parties')).toBeNull();
    expect(screen.queryByTestId('nav-companies')).toBeNull();
  });

  it('changes and removes the company and agent of a reservation', async () => {
    let r = reservation({ company_id: 'c-acme', company_name: 'Acme Trading', agent_id: 'c-sun', agent_name: 'Sunrise Travel', agent_commission_bp: 1250 });
    const api = open('#/reservations/res-1', [company(), SUNRISE, company({ id: 'c-glob', name: 'Globex', rate_plan_id: '' })], {
      'GET /api/v1/reservations/res-1': () => r,
      'PATCH /api/v1/reservations/res-1': (req: { body: unknown }) => {
        const p = req.body as ReservationPatch;
        if (p.company_id !== undefined) r = { ...r, company_id: p.company_id ?? '', company_name: p.company_id ? 'Globex' : '' };
        if (p.agent_id !== undefined) r = { ...r, agent_id: '', agent_name: '', agent_commission_bp: 0 };
        const m: Modified = { reservation: r, difference: 0, change_fee: NO_CHANGE_FEE };
        return m;
      },
    });
    const parties = await screen.findByTestId('reservation-parties');
    expect(within(parties).getByTestId('reservation-company-name').textContent).toBe('Acme Trading');
    expect(within(parties).getByTestId('reservation-agent-name').textContent).toContain('Sunrise Travel · 12.5 %');

    await fireEvent.click(within(parties).getByTestId('reservation-parties-change'));
    await fireEvent.click(screen.getByTestId('reservation-agent-remove'));
    await screen.findByTestId('reservation-parties-saved');
    expect(api.find('PATCH /api/v1/reservations/res-1')[0]?.body).toEqual({ agent_id: '' });

    await fireEvent.click(screen.getByTestId('reservation-company-remove'));
    await type(await screen.findByTestId('reservation-company-search'), 'glob');
    await fireEvent.click((await screen.findAllByTestId('reservation-company-result', {}, { timeout: 2000 }))[0]!);
    await waitFor(() => expect(api.find('PATCH /api/v1/reservations/res-1')).toHaveLength(3));
    expect(api.find('PATCH /api/v1/reservations/res-1')[2]?.body).toEqual({ company_id: 'c-glob' });
    await waitFor(() => expect(screen.getByTestId('reservation-company-chosen').textContent).toContain('Globex'));
  });
});

describe('Reservations list', () => {
  it('shows the company and the agent a reservation was booked with', async () => {
    open('#/reservations', [company()], {
      'GET /api/v1/reservations': {
        reservations: [reservation({ company_id: 'c-acme', company_name: 'Acme Trading', agent_id: 'c-sun', agent_name: 'Sunrise Travel' }), reservation({ id: 'res-2', code: 'HX4K2-ZZZZZ' })],
      },
    });
    const shown = await screen.findAllByTestId('reservations-row-company');
    expect(shown.map((e) => e.textContent)).toEqual(['· Acme Trading · Sunrise Travel']);
  });
});

describe('negotiated plans and commissions', () => {
  const std = WITH_CORP.room_types[0]!;
  const dlx = WITH_CORP.room_types[1]!;
  it('puts the rooms of the plan’s type on it, at its quoted price, and leaves the others', () => {
    const rooms = [draftRoom(std, std.rate_plans[0]!, 2, 0), draftRoom(dlx, dlx.rate_plans[0]!, 2, 0)];
    const n = useNegotiated(rooms, WITH_CORP, 'p-std-corp');
    expect(n.onPlan).toBe(1);
    expect(n.rooms[0]).toMatchObject({ rate_plan_id: 'p-std-corp', planName: 'Corporate', total: 96000 });
    expect(n.rooms[1]).toBe(rooms[1]);
  });
  it('leaves the rooms when the plan is not bookable or not quoted', () => {
    const rooms = [draftRoom(dlx, dlx.rate_plans[0]!, 2, 0)];
    expect(useNegotiated(rooms, WITH_CORP, 'p-dlx-bar')).toMatchObject({ rooms, unavailable: true });
    expect(useNegotiated(rooms, WITH_CORP, 'p-elsewhere')).toMatchObject({ rooms, plan: null, onPlan: 0 });
    expect(useNegotiated(rooms, null, 'p-std-corp').rooms).toBe(rooms);
  });
  it('reads a commission in percent as basis points and back', () => {
    expect(basisPoints('12.5')).toBe(1250);
    expect(basisPoints('8,25')).toBe(825);
    expect(basisPoints('')).toBe(0);
    expect(basisPoints('1.234')).toBeNaN();
    expect(basisPoints('-1')).toBeNaN();
    expect(percentOf(1250)).toBe('12.5');
  });
});
