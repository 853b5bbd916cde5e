package api_test

import (
	"fmt"
	"innkeep/app/booking"
	"innkeep/app/property"
	"testing"
)

func TestPoliciesAndFeesThroughTheAPI(t *testing.T) {
	hd := newHotelDesk(t)
	// The plan's own policy: 50 % from a year before arrival, the first
	// night from 48 hours; changes cost 80.00 from a year before.
	var plan property.RatePlan
	hd.do(t, request{method: "PATCH", path: "/api/v1/rate-plans/" + hd.dlxPlan.ID, token: hd.token, body: `{"policy":{
		"cancellation":[{"from_hours":8760,"charge":{"fee":"percent","percent":50}},{"from_hours":48,"charge":{"fee":"first_night"}}],
		"no_show":{"fee":"full"},"change":{"free_hours":8760,"charge":{"fee":"amount","amount":8000}}}}`}).want(t, 200).decode(t, &plan)
	if plan.Policy == nil || len(plan.Policy.Cancellation) != 2 {
		t.Fatalf("the plan's policy = %+v", plan.Policy)
	}
	hd.do(t, request{method: "PATCH", path: "/api/v1/rate-plans/" + hd.dlxPlan.ID, token: hd.token,
		body: `{"policy":{"cancellation":[{"from_hours":24,"charge":{"fee":"percent","percent":50}},{"from_hours":48,"charge":{"fee":"first_night"}}]}}`}).want(t, 400)

	var res booking.BookingResult
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: hd.bookBody(hd.dlx, hd.dlxPlan, hd.day(10), hd.day(12)), token: hd.token}).want(t, 201).decode(t, &res)
	r := res.Reservations[0]
	if r.Policy == nil || r.Policy.Change.Charge.Amount != 8000 {
		t.Fatalf("the booking records the policy %+v, want the plan's", r.Policy)
	}

	// The change fee, quoted then charged, guarded like a cancellation.
	var m booking.Modified
	hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + r.ID + "/modify-quote", token: hd.token, body: fmt.Sprintf(`{"check_out":%q}`, hd.day(13))}).want(t, 200).decode(t, &m)
	if !m.ChangeFee.Applies || m.ChangeFee.Fee != 8000 {
		t.Fatalf("the quote's change fee = %+v, want 8000", m.ChangeFee)
	}
	before := hd.stateHash(t)
	hd.do(t, request{method: "PATCH", path: "/api/v1/reservations/" + r.ID, token: hd.token, body: fmt.Sprintf(`{"check_out":%q,"expected_change_fee":0}`, hd.day(13))}).want(t, 409)
	if hd.stateHash(t) != before {
		t.Fatal("a change refused for its fee changed the store")
	}
	hd.do(t, request{method: "PATCH", path: "/api/v1/reservations/" + r.ID, token: hd.token, body: fmt.Sprintf(`{"check_out":%q,"expected_change_fee":8000}`, hd.day(13))}).want(t, 200).decode(t, &m)

	// The cancellation fee: the tier in force and the next one.
	var q booking.CancellationQuote
	hd.do(t, request{method: "GET", path: "/api/v1/reservations/" + r.ID + "/cancellation-fee", token: hd.token}).want(t, 200).decode(t, &q)
	if q.Tier == nil || q.Tier.FromHours != 8760 || q.Fee != m.Reservation.Total/2 || q.NextTier == nil || q.NextTier.FromHours != 48 || q.NextTierAt.IsZero() {
		t.Fatalf("the cancellation quote = %+v, want 50 %% of %d and the first night next", q, m.Reservation.Total)
	}
	var cancelled booking.Reservation
	hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + r.ID + "/cancel", token: hd.token, body: fmt.Sprintf(`{"reason":"plans changed","expected_fee":%d}`, q.Fee)}).want(t, 200).decode(t, &cancelled)
	if n := len(cancelled.Fees); n != 2 || cancelled.Fees[1].Kind != booking.FeeCancellation || cancelled.Fees[1].Amount != q.Fee {
		t.Fatalf("fees after the cancellation = %+v", cancelled.Fees)
	}

	// Reinstating needs a reason, then waives the cancellation fee.
	before = hd.stateHash(t)
	hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + r.ID + "/reinstate", token: hd.token, body: `{"reason":""}`}).want(t, 400)
	if hd.stateHash(t) != before {
		t.Fatal("a reinstatement without a reason changed the store")
	}
	var back booking.Reinstated
	hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + r.ID + "/reinstate", token: hd.token, body: `{"reason":"the guest called back"}`}).want(t, 200).decode(t, &back)
	if back.Reservation.Status != booking.StatusConfirmed || len(back.Waived) != 1 || back.Waived[0].Amount != -q.Fee {
		t.Errorf("reinstated: %s, waived %+v", back.Reservation.Status, back.Waived)
	}
	hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + r.ID + "/reinstate", token: hd.token, body: `{"reason":"again"}`}).want(t, 409)

	// The plan goes back to the hotel's policy; the booking keeps its own.
	var hotels property.RatePlan
	hd.do(t, request{method: "PATCH", path: "/api/v1/rate-plans/" + hd.dlxPlan.ID, token: hd.token, body: `{"use_hotel_policy":true}`}).want(t, 200).decode(t, &hotels)
	if hotels.Policy != nil {
		t.Errorf("the plan still has its own policy: %+v", hotels.Policy)
	}
	hd.do(t, request{method: "GET", path: "/api/v1/reservations/" + r.ID + "/cancellation-fee", token: hd.token}).want(t, 200).decode(t, &q)
	if q.Tier == nil || q.Tier.FromHours != 8760 {
		t.Errorf("the booking's quote after the plan changed: %+v, want its agreed tiers", q)
	}
}
