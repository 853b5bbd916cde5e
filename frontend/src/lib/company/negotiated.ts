// The negotiated rate plan of a company chosen on a booking: the booking
// flow switches the chosen rooms of the plan's room type to it, at the
// price the availability search quoted for it.

import type { Availability, PlanAvailability } from '../api/booking';
import type { DraftRoom } from '../booking/draft';

/** Negotiated is what choosing a company with a negotiated plan does to the rooms. */
export interface Negotiated {
  /** The rooms, those of the plan's room type now on the plan. */
  rooms: DraftRoom[];
  /** The plan as the search quoted it; null when the search did not show it (another room type). */
  plan: PlanAvailability | null;
  /** How many rooms are on the plan now. */
  onPlan: number;
  /** The plan was quoted but is not bookable for the stay: the rooms keep their plans. */
  unavailable: boolean;
}

/**
 * useNegotiated returns the rooms with the plan planId chosen for every room
 * of its room type, when the availability search quoted the plan as
 * bookable; otherwise the rooms unchanged.
 */
export function useNegotiated(rooms: DraftRoom[], availability: Availability | null, planId: string): Negotiated {
  for (const t of availability?.room_types ?? []) {
    const plan = t.rate_plans.find((p) => p.rate_plan_id === planId);
    if (!plan) continue;
    if (!plan.bookable) {
      return { rooms, plan, onPlan: rooms.filter((r) => r.rate_plan_id === planId).length, unavailable: true };
    }
    const out = rooms.map((r) =>
      r.room_type_id === t.room_type.id && r.rate_plan_id !== planId ? { ...r, rate_plan_id: planId, planName: plan.name, total: plan.total } : r,
    );
    return { rooms: out, plan, onPlan: out.filter((r) => r.rate_plan_id === planId).length, unavailable: false };
  }
  return { rooms, plan: null, onPlan: 0, unavailable: false };
}
