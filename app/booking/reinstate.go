package booking

import (
	"context"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"strings"
	"time"
	"unicode/utf8"
)

// ReinstateInput undoes a cancellation or a no-show.
type ReinstateInput struct {
	Reason string `json:"reason"` // required: why the stay comes back
}

// Reinstated is a reservation put back, and what that did.
type Reinstated struct {
	Reservation Reservation `json:"reservation"`
	// RoomReleased names the room the stay had and no longer has: it was
	// taken since, so the stay waits for a room of its type.
	RoomReleased string `json:"room_released,omitempty"`
	// Waived lists the reversing entries appended to the fees.
	Waived []Fee `json:"waived"`
	// NightsDropped lists the nights before the business date the stay no
	// longer has: they went by while it was cancelled or a no-show.
	NightsDropped []string `json:"nights_dropped"`
}

// ReinstateReservation puts a cancelled or no-show reservation back to
// confirmed when a room of its type is free on each of its remaining
// nights (from the business date on): its room when that is still free,
// else none, the stay waiting for a room of its type (RoomReleased says
// which it lost). Nights before the business date are dropped with their
// prices. Every cancellation or no-show fee still standing is waived by a
// reversing entry. A guest in house or checked out whose stay one desk's
// night audit made a no-show while another desk checked the guest in
// keeps the stay; reinstating only waives that no-show fee. The reason is required (EINVALID); a reservation of
// another status, a stay already over, or a night sold out is ECONFLICT and
// changes nothing. It needs reservations.update; the change is audited
// with the reason.
func (s *Service) ReinstateReservation(ctx context.Context, a app.Actor, id string, in ReinstateInput) (Reinstated, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Reinstated{}, err
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" || utf8.RuneCountInString(reason) > 500 {
		return Reinstated{}, app.E(app.EINVALID, "booking.reinstate_needs_reason", "reinstating needs a reason (at most 500 characters)")
	}
	var out Reinstated
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, h, err := reservationWithHotel(tx, a, id)
		if err != nil {
			return err
		}
		if holdLapsed(before, s.Now(), h.BusinessDate) {
			return app.E(app.ECONFLICT, "booking.reinstate_hold", "this was a tentative hold that was never confirmed: book the stay again")
		}
		if (before.Status == StatusCheckedIn || before.Status == StatusCheckedOut) && lastFee(before, FeeNoShow) != nil {
			// The guest came: one desk's night audit made the stay a
			// no-show while another checked the guest in, and the check-in
			// held (integrity.go). Reinstating waives the fee it left.
			r, now := before, s.Now()
			f := lastFee(before, FeeNoShow)
			w := Fee{ID: app.NewID(now), Kind: f.Kind, Amount: -f.Amount, Currency: f.Currency, At: now, By: a.Username, Reason: reason, Waives: f.ID}
			r.Fees = append(append([]Fee{}, before.Fees...), w)
			r.UpdatedAt = now
			if err := Reservations.Put(tx, id, r); err != nil {
				return err
			}
			out = Reinstated{Reservation: r, Waived: []Fee{w}, NightsDropped: []string{}}
			return s.Audit.Record(tx, a, "reservation.reinstate", "reservation", id, before, map[string]any{"reservation": r, "reason": reason})
		}
		if before.Status != StatusCancelled && before.Status != StatusNoShow {
			return app.E(app.ECONFLICT, "booking.cannot_reinstate", "only a cancelled or no-show reservation can be reinstated; this one is {status}", "status", statusWord(before.Status))
		}
		if !before.HoldUntil.IsZero() || (before.Cancellation != nil && before.Cancellation.Reason == ReasonHoldExpired) {
			// A hold was never guaranteed: reinstating it would confirm
			// a stay, at its old prices, that nobody confirmed.
			return app.E(app.ECONFLICT, "booking.reinstate_hold", "this was a tentative hold that was never confirmed: book the stay again")
		}
		if before.CheckOut <= h.BusinessDate {
			return app.E(app.ECONFLICT, "booking.reinstate_stay_over", "the stay ended on {check_out}, before the business date {business_date}: there is nothing left to reinstate",
				"check_out", before.CheckOut, "business_date", h.BusinessDate)
		}
		r := before
		r.RoomHistory = append([]RoomMove{}, before.RoomHistory...)
		out = Reinstated{Waived: []Fee{}, NightsDropped: []string{}}
		if r.CheckIn < h.BusinessDate {
			kept := []NightPrice{}
			var total int64
			for _, n := range r.Nights {
				if n.Date < h.BusinessDate {
					out.NightsDropped = append(out.NightsDropped, n.Date)
					continue
				}
				kept = append(kept, n)
				total += n.Price
			}
			r.CheckIn, r.Nights, r.Total = h.BusinessDate, kept, total
		}
		nights := app.Nights(r.CheckIn, r.CheckOut)
		t, _, err := typeAndPlan(tx, h.ID, r.RoomTypeID, r.RatePlanID)
		if err != nil {
			// The type or the plan it was sold on is gone: the stay could
			// not be changed afterwards. Book it again instead.
			return app.E(app.ECONFLICT, "booking.reinstate_plan_gone", "the room type or rate plan of this stay no longer exists: book the stay again")
		}
		occ, err := loadOccupancy(tx, h.ID, []string{t.ID}, nights)
		if err != nil {
			return err
		}
		lapsed, err := lapsedHolds(tx, h.ID, s.Now())
		if err != nil {
			return err
		}
		occ.forget(lapsed)
		// The same rule as a change of the stay: from its block while the
		// block still holds a room for it, else from public sale, leaving
		// the rooms other blocks hold alone.
		if err := s.roomsForChange(tx, h, occ, lapsed, before, &r, t, stay{checkIn: r.CheckIn, checkOut: r.CheckOut, nights: nights}); err != nil {
			return err
		}
		if r.RoomID != "" {
			if _, err := roomForStay(tx, h.ID, r.RoomID, t.ID, nights, r.ID, s.Now()); err != nil {
				if app.ErrorCode(err) != app.ECONFLICT {
					return err
				}
				if rm, err := property.Rooms.Get(tx, r.RoomID); err == nil {
					out.RoomReleased = rm.Number
				} else {
					out.RoomReleased = r.RoomID
				}
				r.RoomID = "" // the history keeps the room it had
			}
		}
		now := s.Now()
		for _, kind := range []string{FeeCancellation, FeeNoShow} {
			if f := lastFee(r, kind); f != nil {
				w := Fee{ID: app.NewID(now), Kind: f.Kind, Amount: -f.Amount, Currency: f.Currency, At: now, By: a.Username, Reason: reason, Waives: f.ID}
				r.Fees = append(append([]Fee{}, r.Fees...), w)
				out.Waived = append(out.Waived, w)
			}
		}
		r.Status, r.Cancellation, r.HoldUntil, r.UpdatedAt = StatusConfirmed, nil, time.Time{}, now
		if err := Reservations.Put(tx, id, r); err != nil {
			return err
		}
		out.Reservation = r
		return s.Audit.Record(tx, a, "reservation.reinstate", "reservation", id, before,
			map[string]any{"reservation": r, "reason": reason, "room_released": out.RoomReleased, "nights_dropped": out.NightsDropped})
	})
	return out, err
}
