package booking

import (
	"context"
	"strings"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/guest"
	"innkeep/app/property"
)

// storeHash returns the state hash of s's store.
func storeHash(t *testing.T, s *Service) string {
	t.Helper()
	h, err := s.DB.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// The limits of what a block may give, and of what a change or a
// reinstatement may take, when blocks hold more than the hotel has free.

func TestABlockGivesNoRoomTheHotelNoLongerHas(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	b := d.block(t, 3, "2026-12-01", "2026-12-03", "2026-11-30")
	for _, n := range []string{"101", "102"} {
		if _, err := d.s.property.AddOutOfOrder(ctx, d.a, d.rooms[n].ID, property.OutOfOrderInput{From: "2026-12-01", To: "2026-12-03", Reason: "leak"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.bookFromBlock(b.ID, 1, "2026-12-01", "2026-12-03"); err != nil {
		t.Fatalf("the first pick-up, into room 103: %v", err)
	}
	left := func() int {
		av, err := d.s.Availability(ctx, d.a, d.hotel.ID, AvailabilityQuery{CheckIn: "2026-12-01", CheckOut: "2026-12-03", Adults: 1, RoomType: d.rt.ID, Block: b.ID})
		if err != nil {
			t.Fatal(err)
		}
		return av.RoomTypes[0].Available
	}
	if got := left(); got != 0 {
		t.Errorf("rooms the block may still give: %d; want 0 (it holds two more, but the hotel has no room left)", got)
	}
	hash := storeHash(t, d.s)
	if _, err := d.bookFromBlock(b.ID, 1, "2026-12-01", "2026-12-03"); app.ErrorCode(err) != app.ECONFLICT || !strings.Contains(err.Error(), "no Deluxe room is free on 2026-12-01") {
		t.Fatalf("a second pick-up with every other room out of order: %v; want conflict: no Deluxe room is free on 2026-12-01", err)
	}
	if storeHash(t, d.s) != hash {
		t.Error("a refused pick-up changed the store")
	}
}

func TestAChangeThatSellsNothingNewWorksWhenBlocksHoldMoreThanIsFree(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	res, err := d.s.Book(ctx, d.a, BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-12-01", CheckOut: "2026-12-03", Rooms: []RoomRequest{d.dlx()},
		Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Wang Fang"}}}, "")
	if err != nil {
		t.Fatal(err)
	}
	id := res.Reservations[0].ID
	d.block(t, 2, "2026-12-01", "2026-12-03", "2026-11-30")
	if _, err := d.s.property.AddOutOfOrder(ctx, d.a, d.rooms["101"].ID, property.OutOfOrderInput{From: "2026-12-01", To: "2026-12-03", Reason: "leak"}); err != nil {
		t.Fatal(err)
	}
	requests, room := "a quiet room", d.rooms["102"].ID
	for _, p := range []ReservationPatch{{SpecialRequests: &requests}, {RoomID: &room}} {
		if _, err := d.s.ModifyReservation(ctx, d.a, id, p); err != nil {
			t.Errorf("a change that sells no new night (%+v): %v", p, err)
		}
	}
	// Moving to a night the stay does not hold still needs a free room.
	checkOut := "2026-12-04"
	if _, err := d.s.ModifyReservation(ctx, d.a, id, ReservationPatch{CheckOut: &checkOut}); err != nil {
		t.Errorf("an extra night with rooms free on it: %v", err)
	}
}

func TestAReinstatedPickUpTakesAPublicRoomWhenItsBlockIsFull(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	b := d.block(t, 1, "2026-12-01", "2026-12-03", "2026-11-30")
	first, err := d.bookFromBlock(b.ID, 1, "2026-12-01", "2026-12-03")
	if err != nil {
		t.Fatal(err)
	}
	a := first.Reservations[0]
	if _, err := d.s.CancelReservation(ctx, d.a, a.ID, CancelInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.bookFromBlock(b.ID, 1, "2026-12-01", "2026-12-03"); err != nil {
		t.Fatal(err)
	}
	got, err := d.s.ReinstateReservation(ctx, d.a, a.ID, ReinstateInput{Reason: "the guest called back"})
	if err != nil {
		t.Fatalf("reinstate with the block full and public rooms free: %v", err)
	}
	if got.Reservation.Status != StatusConfirmed || got.Reservation.BlockID != "" {
		t.Errorf("reinstated: status %s, block %q; want confirmed, out of the full block", got.Reservation.Status, got.Reservation.BlockID)
	}
}

func TestAStayThatCannotComeBackIsNotReinstated(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		make func(t *testing.T, d *holdDesk) Reservation // a cancelled or no-show stay
		key  string
	}{
		{"a hold cancelled by hand was never confirmed", func(t *testing.T, d *holdDesk) Reservation {
			r := d.book(t, StatusTentative, "2026-12-01", "2026-12-03", 120)
			if _, err := d.s.CancelReservation(ctx, d.a, r.ID, CancelInput{}); err != nil {
				t.Fatal(err)
			}
			return r
		}, "booking.reinstate_hold"},
		{"a hold that lapsed was never confirmed", func(t *testing.T, d *holdDesk) Reservation {
			r := d.book(t, StatusTentative, "2026-12-01", "2026-12-03", 60)
			d.advance(2 * time.Hour)
			if _, err := d.s.NightAudit(ctx, d.a, d.hotel.ID, "2026-11-26"); err != nil {
				t.Fatal(err)
			}
			got, err := d.s.GetReservation(ctx, d.a, r.ID)
			if err != nil || got.Status != StatusTentative || !got.HoldLapsed {
				t.Fatalf("the lapsed hold after the audit: %s (lapsed %v), %v; want tentative, lapsed", got.Status, got.HoldLapsed, err)
			}
			return r
		}, "booking.reinstate_hold"},
		{"the rate plan it was sold on is gone", func(t *testing.T, d *holdDesk) Reservation {
			r := d.book(t, StatusConfirmed, "2026-12-01", "2026-12-03", 0)
			if _, err := d.s.CancelReservation(ctx, d.a, r.ID, CancelInput{}); err != nil {
				t.Fatal(err)
			}
			if err := d.s.property.DeleteRatePlan(ctx, d.a, d.plan.ID); err != nil {
				t.Fatal(err)
			}
			return r
		}, "booking.reinstate_plan_gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newHoldDesk(t)
			r := tt.make(t, d)
			hash := d.hash(t)
			_, err := d.s.ReinstateReservation(ctx, d.a, r.ID, ReinstateInput{Reason: "the guest called back"})
			if app.ErrorCode(err) != app.ECONFLICT || !hasKey(err, tt.key) {
				t.Fatalf("reinstate: %v; want conflict %s", err, tt.key)
			}
			if d.hash(t) != hash {
				t.Error("a refused reinstatement changed the store")
			}
		})
	}
}

func TestReasonsAreCountedInCharactersNotBytes(t *testing.T) {
	d := newHoldDesk(t)
	ctx := context.Background()
	reason := strings.Repeat("客人改期", 100) // 400 characters, 1200 bytes
	r := d.book(t, StatusConfirmed, "2026-12-01", "2026-12-03", 0)
	if _, err := d.s.CancelReservation(ctx, d.a, r.ID, CancelInput{Reason: reason}); err != nil {
		t.Fatalf("cancel with a 400-character Chinese reason: %v", err)
	}
	if _, err := d.s.ReinstateReservation(ctx, d.a, r.ID, ReinstateInput{Reason: reason}); err != nil {
		t.Fatalf("reinstate with a 400-character Chinese reason: %v", err)
	}
}
