// Types and calls of price control and tax (docs/booking.md "Price
// control", "Tax"): a price change of a reservation or of a room being
// booked, previewed before it is saved, and the tax in a price.

import { call } from './client';
import type { Schemas } from './operations';

type S = Schemas;

/** PriceInput is a price change: night prices or a stay total, complimentary nights, a discount, and the reason. */
export type PriceInput = S['PriceInput'];
/** PriceAdjustment is one price change in a reservation's history. */
export type PriceAdjustment = S['PriceAdjustment'];
/** TaxBreakdown is the tax in a price: net, tax and gross, at the hotel's rate. */
export type TaxBreakdown = S['TaxBreakdown'];
export type BookingPriceQuery = S['BookingPriceQueryInput'];
export type BookingPriceQuote = S['BookingPriceQuote'];

/** PRICING is the permission that price changes need. */
export const PRICING = 'pricing.approve';

/** quotePrice answers what adjustPrice would do, per night the price before and after, and saves nothing. */
export const quotePrice = (id: string, body: PriceInput) => call('quotePrice', { path: { id }, body });
/** adjustPrice saves a price change; expected_total (the previewed total) makes it refuse a reservation changed meanwhile. */
export const adjustPrice = (id: string, body: PriceInput) => call('adjustPrice', { path: { id }, body });
/** quoteBookingPrice prices one room of a booking with a price change, before it is booked. */
export const quoteBookingPrice = (hotelId: string, body: BookingPriceQuery) => call('quoteBookingPrice', { path: { id: hotelId }, body });
