// Fixtures of the company and travel agent API: profiles of HOTEL, and
// fake routes that keep them in memory as the server does.

import type { Company, CompanyInput, CompanyPatch } from '../lib/api/companies';
import { created, errorResponse, routes } from './fakeApi';

/** company builds Acme Trading, a company of h-harbour with the negotiated plan p-std-corp, unless over says otherwise. */
export function company(over: Partial<Company> = {}): Company {
  return {
    id: 'c-acme',
    hotel_id: 'h-harbour',
    kind: 'company',
    name: 'Acme Trading',
    tax_id: '91310000MA1',
    address: '88 Nanjing Road',
    contact_name: 'Li Na',
    contact_phone: '+86 21 5555 0101',
    contact_email: 'sales@acme.example',
    rate_plan_id: 'p-std-corp',
    commission_bp: 0,
    notes: '',
    archived: false,
    created_at: '2026-11-20T08:00:00Z',
    updated_at: '2026-11-20T08:00:00Z',
    ...over,
  };
}

/** SUNRISE is a travel agent of h-harbour earning 12.5 %. */
export const SUNRISE: Company = company({ id: 'c-sun', kind: 'travel_agent', name: 'Sunrise Travel', tax_id: '', rate_plan_id: '', commission_bp: 1250 });

/**
 * companyRoutes answers the company routes of h-harbour from a list kept
 * in memory: the list filters by q, kind and archived as the server does,
 * and a profile named by a booking (inUse) cannot be deleted.
 */
export function companyRoutes(list: Company[], inUse: Record<string, string> = {}) {
  const byId = (id: string) => list.find((c) => c.id === id);
  const replace = (c: Company) => {
    const i = list.findIndex((x) => x.id === c.id);
    list[i] = c;
    return c;
  };
  const one = (path: string) => path.split('/')[4] ?? '';
  const r = routes({
    'GET /api/v1/hotels/h-harbour/companies': (req) => {
      const q = (req.query.get('q') ?? '').toLowerCase();
      const kind = req.query.get('kind');
      const archived = req.query.get('archived') === 'true';
      return {
        companies: list
          .filter((c) => (!q || c.name.toLowerCase().includes(q) || c.tax_id.toLowerCase().startsWith(q)) && (!kind || c.kind === kind) && (archived || !c.archived))
          .sort((a, b) => a.name.localeCompare(b.name)),
      };
    },
    'POST /api/v1/hotels/h-harbour/companies': (req) => {
      const b = req.body as CompanyInput;
      const c = company({ ...b, id: `c-${list.length + 1}`, kind: b.kind ?? 'company', name: b.name ?? '' });
      list.push(c);
      return created('createCompany', c);
    },
  });
  const each = Object.fromEntries(
    list.flatMap((c) => [
      [`GET /api/v1/companies/${c.id}`, (req: { path: string }) => byId(one(req.path))],
      [`PATCH /api/v1/companies/${c.id}`, (req: { path: string; body: unknown }) => replace({ ...byId(one(req.path))!, ...(req.body as CompanyPatch as Partial<Company>) })],
      [`POST /api/v1/companies/${c.id}/archive`, (req: { path: string }) => replace({ ...byId(one(req.path))!, archived: true })],
      [`POST /api/v1/companies/${c.id}/unarchive`, (req: { path: string }) => replace({ ...byId(one(req.path))!, archived: false })],
      [
        `DELETE /api/v1/companies/${c.id}`,
        (req: { path: string }) => {
          const id = one(req.path);
          const code = inUse[id];
          if (code) return errorResponse(409, 'conflict', `reservation ${code} names "${byId(id)?.name}"; archive the profile instead`);
          list.splice(
            list.findIndex((x) => x.id === id),
            1,
          );
          return undefined;
        },
      ],
    ]),
  );
  return { ...r, ...each };
}
