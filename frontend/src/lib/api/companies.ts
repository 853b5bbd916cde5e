// Types and calls of the company and travel agent API (docs/booking.md,
// "Companies and travel agents"): profiles per hotel, chosen on bookings.

import { call, type RequestOptions } from './client';
import { enumValues, type QueryParams, type Schemas } from './operations';

/** Company is a company or travel agent profile. */
export type Company = Schemas['Profile'];

/** CompanyKind is company or travel_agent. */
export type CompanyKind = Company['kind'];

/** COMPANY_KINDS are the kinds of profile, in the order forms offer them. */
export const COMPANY_KINDS = enumValues<CompanyKind>({ company: true, travel_agent: true });

/** CompanyInput is the body of creating a profile. */
export type CompanyInput = Schemas['ProfileInput'];

/** CompanyPatch is the body of PATCH /api/v1/companies/{id}. */
export type CompanyPatch = Schemas['ProfilePatch'];

/** CompanyFilter narrows the list: words of the name or a tax id, a kind, archived ones too. */
export type CompanyFilter = QueryParams<'listCompanies'>;

export const listCompanies = (hotelID: string, f: CompanyFilter = {}, o?: RequestOptions) =>
  call('listCompanies', { path: { id: hotelID }, query: { ...f, q: f.q || undefined, kind: f.kind || undefined } }, o).then((r) => r.companies);
export const getCompany = (id: string, o?: RequestOptions) => call('getCompany', { path: { id } }, o);
export const createCompany = (hotelID: string, body: CompanyInput) => call('createCompany', { path: { id: hotelID }, body });
export const updateCompany = (id: string, body: CompanyPatch) => call('updateCompany', { path: { id }, body });
export const archiveCompany = (id: string) => call('archiveCompany', { path: { id } });
export const unarchiveCompany = (id: string) => call('unarchiveCompany', { path: { id } });
export const deleteCompany = (id: string) => call('deleteCompany', { path: { id } });

/** percentOf shows basis points as a percent: 1250 → "12.5". */
export function percentOf(bp: number): string {
  return String(Math.round(bp) / 100);
}

/** basisPoints reads a percent typed by a person ("12.5", "12,5") as basis points; NaN when it is not a number. */
export function basisPoints(percent: string): number {
  const s = percent.trim().replace(',', '.');
  if (s === '') return 0;
  if (!/^\d+(\.\d{0,2})?$/.test(s)) return NaN;
  return Math.round(Number(s) * 100);
}

/** ratePlanName returns the name of rate plan id (a negotiated plan the availability search did not show). */
export const ratePlanName = (id: string, o?: RequestOptions) => call('getRatePlan', { path: { id } }, o).then((p) => p.name);
