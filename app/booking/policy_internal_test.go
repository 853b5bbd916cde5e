package booking

import (
	"context"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/audit"
	"innkeep/app/property"
)

// tiered is the policy of the tests: 50 % from 7 days before arrival, the
// first night from 48 hours, the full total from arrival; no-show costs
// the full total; changes are free until 72 hours before arrival, then
// 50.00.
func tiered() *property.Policy {
	return &property.Policy{
		Cancellation: []property.PolicyTier{
			{FromHours: 168, Charge: property.Charge{Fee: property.ChargePercent, Percent: 50}},
			{FromHours: 48, Charge: property.Charge{Fee: property.ChargeFirstNight}},
			{FromHours: 0, Charge: property.Charge{Fee: property.ChargeFull}},
		},
		NoShow: property.Charge{Fee: property.ChargeFull},
		Change: property.ChangePolicy{FreeHours: 72, Charge: property.Charge{Fee: property.ChargeAmount, Amount: 5000}},
	}
}

// setPolicy gives d's rate plan policy p.
func (d *holdDesk) setPolicy(t *testing.T, p *property.Policy) {
	t.Helper()
	if _, err := d.s.property.UpdateRatePlan(context.Background(), d.a, d.plan.ID, property.RatePlanPatch{Policy: p}); err != nil {
		t.Fatal(err)
	}
}

func TestTheCancellationFeeIsTheTierInForceAtEachBoundary(t *testing.T) {
	// The hotel is in Asia/Shanghai and checks in at 14:00: a stay of the
	// 10th arrives at 06:00 UTC. Nights of 400.00 and 600.00.
	h := property.Hotel{TimeZone: "Asia/Shanghai", CheckInTime: "14:00"}
	arrival := time.Date(2026, 12, 10, 6, 0, 0, 0, time.UTC)
	r := Reservation{Status: StatusConfirmed, CheckIn: "2026-12-10", CheckOut: "2026-12-12", Currency: "CNY",
		Nights: []NightPrice{{Date: "2026-12-10", Price: 40000}, {Date: "2026-12-11", Price: 60000}}, Total: 100000}
	tests := []struct {
		name     string
		before   time.Duration // how long before arrival the guest cancels
		fee      int64
		tier     int // the tier in force, -1: none
		nextTier int // the tier that starts next, -1: none
	}{
		{"free more than 7 days before", 168*time.Hour + time.Second, 0, -1, 0},
		{"50 % from exactly 7 days before", 168 * time.Hour, 50000, 0, 1},
		{"50 % until the last second before 48 hours", 48*time.Hour + time.Second, 50000, 0, 1},
		{"the first night from exactly 48 hours before", 48 * time.Hour, 40000, 1, 2},
		{"the first night an hour before arrival", time.Hour, 40000, 1, 2},
		{"the full total from arrival on", 0, 100000, 2, -1},
		{"the full total after arrival", -5 * time.Hour, 100000, 2, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := *tiered()
			q := cancellationQuote(h, p, r, arrival.Add(-tt.before))
			if q.Fee != tt.fee {
				t.Errorf("fee = %d, want %d", q.Fee, tt.fee)
			}
			if got := tierIndex(p, q.Tier); got != tt.tier {
				t.Errorf("tier = %d, want %d", got, tt.tier)
			}
			if got := tierIndex(p, q.NextTier); got != tt.nextTier {
				t.Errorf("next tier = %d, want %d", got, tt.nextTier)
			}
			if want := arrival.Add(-168 * time.Hour); !q.FreeUntil.Equal(want) {
				t.Errorf("free until %v, want %v", q.FreeUntil, want)
			}
			if !q.Arrival.Equal(arrival) {
				t.Errorf("arrival %v, want %v", q.Arrival, arrival)
			}
		})
	}
	t.Run("a tentative hold cancels free at any time", func(t *testing.T) {
		held := r
		held.Status = StatusTentative
		if q := cancellationQuote(h, *tiered(), held, arrival); q.Fee != 0 || !q.Hold {
			t.Errorf("fee %d, hold %v; want 0 and a hold", q.Fee, q.Hold)
		}
	})
}

// tierIndex returns the index of tier in p's cancellation tiers, -1 for nil.
func tierIndex(p property.Policy, tier *property.PolicyTier) int {
	if tier == nil {
		return -1
	}
	for i, t := range p.Cancellation {
		if t == *tier {
			return i
		}
	}
	return -2
}

func TestANonRefundableRateChargesTheFullTotalEvenLongBeforeArrival(t *testing.T) {
	ctx := context.Background()
	d := newHoldDesk(t)
	d.setPolicy(t, &property.Policy{NonRefundable: true})
	r := d.book(t, StatusConfirmed, "2027-03-01", "2027-03-03", 0)
	q, err := d.s.CancellationFee(ctx, d.a, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if q.Fee != r.Total || !q.NonRefundable || !q.FreeUntil.IsZero() {
		t.Fatalf("quote %+v: want the full total %d, non-refundable, never free", q, r.Total)
	}
	got, err := d.s.CancelReservation(ctx, d.a, r.ID, CancelInput{Reason: "plans changed", ExpectedFee: &q.Fee})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Fees) != 1 || got.Fees[0].Kind != FeeCancellation || got.Fees[0].Amount != r.Total || !got.Fees[0].Rule.NonRefundable || got.Fees[0].Reason != "plans changed" {
		t.Errorf("fees = %+v, want one non-refundable cancellation fee of %d", got.Fees, r.Total)
	}
}

func TestTheAgreedPolicyHoldsWhenThePlansPolicyChangesLater(t *testing.T) {
	ctx := context.Background()
	d := newHoldDesk(t)
	d.setPolicy(t, tiered())
	agreed := d.book(t, StatusConfirmed, "2027-03-01", "2027-03-03", 0)
	d.setPolicy(t, &property.Policy{NonRefundable: true})
	q, err := d.s.CancellationFee(ctx, d.a, agreed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if q.Fee != 0 || q.NonRefundable {
		t.Errorf("the stay booked under the tiers costs %d (non-refundable %v) to cancel; want free", q.Fee, q.NonRefundable)
	}
	if _, err := d.s.CancelReservation(ctx, d.a, agreed.ID, CancelInput{}); err != nil {
		t.Fatal(err)
	}
	later := d.book(t, StatusConfirmed, "2027-03-01", "2027-03-03", 0)
	if q, err := d.s.CancellationFee(ctx, d.a, later.ID); err != nil || q.Fee != later.Total {
		t.Errorf("a stay booked after the change costs %d (%v); want the full total %d", q.Fee, err, later.Total)
	}
}

func TestAReservationStoredBeforePoliciesTakesItsPlansCurrentPolicy(t *testing.T) {
	d := newHoldDesk(t)
	d.setPolicy(t, &property.Policy{NonRefundable: true})
	r := d.bookPriced(t, StatusConfirmed, "2027-03-01", "2027-03-03", 50000) // written without a policy
	q, err := d.s.CancellationFee(context.Background(), d.a, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if q.Fee != 100000 || !q.NonRefundable {
		t.Errorf("fee %d, non-refundable %v; want the plan's: 100000, non-refundable", q.Fee, q.NonRefundable)
	}
}

func TestANoShowIsChargedItsPolicysFee(t *testing.T) {
	ctx := context.Background()
	for _, by := range []string{"by hand", "by the night audit"} {
		t.Run(by, func(t *testing.T) {
			d := newHoldDesk(t)
			d.setPolicy(t, &property.Policy{NoShow: property.Charge{Fee: property.ChargeFirstNight}})
			r := d.book(t, StatusConfirmed, "2026-11-26", "2026-11-28", 0)
			if by == "by hand" {
				if _, err := d.s.NoShowReservation(ctx, d.a, r.ID); err != nil {
					t.Fatal(err)
				}
			} else if _, err := d.s.NightAudit(ctx, d.a, d.hotel.ID, "2026-11-26"); err != nil {
				t.Fatal(err)
			}
			got, err := d.s.GetReservation(ctx, d.a, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != StatusNoShow || len(got.Fees) != 1 || got.Fees[0].Kind != FeeNoShow || got.Fees[0].Amount != r.Nights[0].Price ||
				got.Fees[0].Rule.Charge.Fee != property.ChargeFirstNight || got.Fees[0].By == "" {
				t.Errorf("status %s, fees %+v; want a no-show charged the first night, %d", got.Status, got.Fees, r.Nights[0].Price)
			}
		})
	}
}

func TestATentativeHoldMarkedANoShowIsChargedNothing(t *testing.T) {
	d := newHoldDesk(t)
	d.setPolicy(t, &property.Policy{NoShow: property.Charge{Fee: property.ChargeFull}})
	r := d.book(t, StatusTentative, "2026-11-26", "2026-11-28", 600)
	got, err := d.s.NoShowReservation(context.Background(), d.a, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != StatusNoShow || len(got.Fees) != 0 {
		t.Errorf("status %s, fees %+v; want a no-show with no fee", got.Status, got.Fees)
	}
}

func TestAChangeOfDatesCostsTheChangeFeeOnceFreeChangesEnd(t *testing.T) {
	ctx := context.Background()
	d := newHoldDesk(t)
	d.setPolicy(t, tiered())
	// Arrival 2026-12-01 14:00 Shanghai = 06:00 UTC; free changes end
	// 72 hours before, 2026-11-28 06:00 UTC.
	r := d.book(t, StatusConfirmed, "2026-12-01", "2026-12-03", 0)
	later := func(s string) *string { return &s }
	dates := ReservationPatch{CheckIn: later("2026-12-02"), CheckOut: later("2026-12-04")}
	m, err := d.s.QuoteModification(ctx, d.a, r.ID, dates)
	if err != nil {
		t.Fatal(err)
	}
	if m.ChangeFee.Fee != 0 || !m.ChangeFee.Applies {
		t.Errorf("before free changes end: %+v; want free, under the policy", m.ChangeFee)
	}
	d.advance(2*24*time.Hour + 21*time.Hour) // 2026-11-28 06:00 UTC
	m, err = d.s.QuoteModification(ctx, d.a, r.ID, dates)
	if err != nil {
		t.Fatal(err)
	}
	if m.ChangeFee.Fee != 5000 {
		t.Fatalf("change fee %d once free changes ended; want 5000", m.ChangeFee.Fee)
	}
	if m, err := d.s.QuoteModification(ctx, d.a, r.ID, ReservationPatch{SpecialRequests: later("quiet room")}); err != nil || m.ChangeFee.Applies || m.ChangeFee.Fee != 0 {
		t.Errorf("new requests: %+v (%v); want no change fee", m.ChangeFee, err)
	}
	hash := d.hash(t)
	zero := int64(0)
	dates.ExpectedChangeFee = &zero
	if _, err := d.s.ModifyReservation(ctx, d.a, r.ID, dates); app.ErrorCode(err) != app.ECONFLICT || !hasKey(err, "booking.change_fee_changed") {
		t.Fatalf("a change expecting no fee: %v; want ECONFLICT change_fee_changed", err)
	}
	if d.hash(t) != hash {
		t.Fatal("a refused change changed the store")
	}
	fee := int64(5000)
	dates.ExpectedChangeFee = &fee
	m, err = d.s.ModifyReservation(ctx, d.a, r.ID, dates)
	if err != nil {
		t.Fatal(err)
	}
	if f := m.Reservation.Fees; len(f) != 1 || f[0].Kind != FeeChange || f[0].Amount != 5000 || f[0].Rule.Charge.Fee != property.ChargeAmount {
		t.Errorf("fees = %+v; want one change fee of 5000", f)
	}
}

func TestReinstating(t *testing.T) {
	ctx := context.Background()
	reinstate := func(d *holdDesk, id, reason string) (Reinstated, error) {
		return d.s.ReinstateReservation(ctx, d.a, id, ReinstateInput{Reason: reason})
	}
	t.Run("puts a cancelled stay back in its room and waives its fee by a new entry", func(t *testing.T) {
		d := newHoldDesk(t)
		d.setPolicy(t, &property.Policy{NonRefundable: true})
		r := d.book(t, StatusConfirmed, "2026-12-01", "2026-12-03", 0)
		cancelled, err := d.s.CancelReservation(ctx, d.a, r.ID, CancelInput{Reason: "plans changed"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := reinstate(d, r.ID, "the guest called back")
		if err != nil {
			t.Fatal(err)
		}
		res := got.Reservation
		if res.Status != StatusConfirmed || res.RoomID != d.room.ID || res.Cancellation != nil || got.RoomReleased != "" {
			t.Errorf("reinstated: status %s, room %q, cancellation %v, released %q; want confirmed in room 101", res.Status, res.RoomID, res.Cancellation, got.RoomReleased)
		}
		if len(res.Fees) != 2 || res.Fees[0].ID != cancelled.Fees[0].ID || res.Fees[0].Amount != r.Total || res.Fees[1].Amount != -r.Total || res.Fees[1].Waives != res.Fees[0].ID || res.Fees[1].Reason != "the guest called back" {
			t.Errorf("fees = %+v; want the fee kept and a reversal of it", res.Fees)
		}
		page, err := auditOf(d.s).List(ctx, d.a, audit.Filter{Action: "reservation.reinstate"})
		if err != nil || len(page.Entries) != 1 {
			t.Errorf("audit entries of the reinstatement: %d (%v); want 1", len(page.Entries), err)
		}
	})
	t.Run("leaves the stay without a room when its room was taken", func(t *testing.T) {
		d := newHoldDesk(t)
		if _, err := d.s.property.CreateRoom(ctx, d.a, d.hotel.ID, property.RoomInput{Number: "102", Floor: 1, RoomTypeID: d.rt.ID}); err != nil {
			t.Fatal(err)
		}
		r := d.book(t, StatusConfirmed, "2026-12-01", "2026-12-03", 0)
		if _, err := d.s.CancelReservation(ctx, d.a, r.ID, CancelInput{}); err != nil {
			t.Fatal(err)
		}
		d.book(t, StatusConfirmed, "2026-12-02", "2026-12-04", 0) // room 101 again
		got, err := reinstate(d, r.ID, "the guest called back")
		if err != nil {
			t.Fatal(err)
		}
		if got.Reservation.RoomID != "" || got.RoomReleased != "101" || got.Reservation.Status != StatusConfirmed {
			t.Errorf("room %q, released %q, status %s; want unassigned, room 101 released, confirmed", got.Reservation.RoomID, got.RoomReleased, got.Reservation.Status)
		}
	})
	refusals := []struct {
		name   string
		setUp  func(t *testing.T, d *holdDesk, r Reservation)
		reason string
		code   string
		key    string
	}{
		{"a sold-out night is refused", func(t *testing.T, d *holdDesk, r Reservation) {
			d.book(t, StatusConfirmed, "2026-12-02", "2026-12-03", 0)
		}, "the guest called back", app.ECONFLICT, "booking.no_room_free"},
		{"a night whose room a block holds is refused", func(t *testing.T, d *holdDesk, r Reservation) {
			if _, err := d.s.CreateBlock(ctx, d.a, d.hotel.ID, BlockInput{Name: "Acme", RoomTypeID: d.rt.ID, RatePlanID: d.plan.ID,
				CheckIn: "2026-12-02", CheckOut: "2026-12-03", Rooms: 1, ReleaseDate: "2026-12-01"}); err != nil {
				t.Fatal(err)
			}
		}, "the guest called back", app.ECONFLICT, "booking.no_room_free"},
		{"a reason is required", func(*testing.T, *holdDesk, Reservation) {}, "  ", app.EINVALID, "booking.reinstate_needs_reason"},
		{"a stay that is over is refused", func(t *testing.T, d *holdDesk, r Reservation) {
			for _, date := range []string{"2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"} {
				if _, err := d.s.NightAudit(ctx, d.a, d.hotel.ID, date); err != nil {
					t.Fatal(err)
				}
			}
		}, "the guest called back", app.ECONFLICT, "booking.reinstate_stay_over"},
	}
	for _, tt := range refusals {
		t.Run(tt.name+" and changes nothing", func(t *testing.T) {
			d := newHoldDesk(t)
			r := d.book(t, StatusConfirmed, "2026-12-01", "2026-12-03", 0)
			if _, err := d.s.CancelReservation(ctx, d.a, r.ID, CancelInput{}); err != nil {
				t.Fatal(err)
			}
			tt.setUp(t, d, r)
			hash := d.hash(t)
			_, err := reinstate(d, r.ID, tt.reason)
			if app.ErrorCode(err) != tt.code || !hasKey(err, tt.key) {
				t.Fatalf("reinstate: %v; want %s %s", err, tt.code, tt.key)
			}
			if d.hash(t) != hash {
				t.Error("a refused reinstatement changed the store")
			}
		})
	}
	t.Run("a confirmed stay cannot be reinstated", func(t *testing.T) {
		d := newHoldDesk(t)
		r := d.book(t, StatusConfirmed, "2026-12-01", "2026-12-03", 0)
		if _, err := reinstate(d, r.ID, "why not"); app.ErrorCode(err) != app.ECONFLICT {
			t.Errorf("reinstate a confirmed stay: %v; want ECONFLICT", err)
		}
	})
}
