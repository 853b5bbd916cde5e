package desk_test

import (
	"context"
	"testing"
	"time"

	"innkeep/app/apptest"
	"innkeep/app/booking"
	"innkeep/app/guest"
	"innkeep/app/property"
	"innkeep/store"
)

// apart is desk A (the fixture's) and desk B, a second store that shares
// A's clock and starts from A's state, then works cut off from it.
type apart struct {
	*fixture
	b *apptest.Kit
}

func newApart(t *testing.T) *apart {
	t.Helper()
	p := newProperty(t)
	bdb, dir := apptest.OpenStore(t, "", false)
	d := &apart{fixture: p, b: apptest.OnStore(bdb, dir, apptest.Options{Clock: p.clk})}
	d.meet(t, false)
	return d
}

// meet lets the desks exchange every op they lack: A's to B then B's to
// A, or the other way round when bFirst.
func (d *apart) meet(t *testing.T, bFirst bool) {
	t.Helper()
	pairs := [][2]*store.DB{{d.s.DB, d.b.DB}, {d.b.DB, d.s.DB}}
	if bFirst {
		pairs[0], pairs[1] = pairs[1], pairs[0]
	}
	for _, pair := range pairs {
		have, err := pair[1].VersionVector()
		mustNot(t, err)
		ops, err := pair[0].OpsSince(have, 1<<20)
		mustNot(t, err)
		_, err = pair[1].ApplyRemote(ops)
		mustNot(t, err)
	}
	ha, err := d.s.DB.StateHash()
	mustNot(t, err)
	hb, err := d.b.DB.StateHash()
	mustNot(t, err)
	if ha != hb {
		t.Fatal("the desks did not converge")
	}
}

func (d *apart) desks() map[string]*apptest.Kit { return map[string]*apptest.Kit{"A": d.s, "B": d.b} }

// TestAConfirmationMadeApartIsNeverOverriddenByAHoldLapsing: desk B
// confirms a hold in time while desk A, cut off, sees it lapse, books its
// room type and runs the night audit later (later stamps). When they
// meet, in either order, the booking is confirmed on both desks and holds
// its room: nothing wrote the lapse down as a cancellation.
func TestAConfirmationMadeApartIsNeverOverriddenByAHoldLapsing(t *testing.T) {
	for _, bFirst := range []bool{false, true} {
		name := map[bool]string{false: "A's ops arrive first", true: "B's ops arrive first"}[bFirst]
		t.Run(name, func(t *testing.T) {
			d := newApart(t)
			ctx := context.Background()
			res, err := d.s.Booking.Book(ctx, d.a, booking.BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-11-26", CheckOut: "2026-11-28", Status: booking.StatusTentative, HoldMinutes: 30,
				Rooms: []booking.RoomRequest{{RoomTypeID: d.dlx.ID, RatePlanID: d.dlxPlan.ID, Adults: 2}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Held"}}}, "")
			mustNot(t, err)
			hold := res.Reservations[0]
			d.meet(t, false)

			d.clk.Add(10 * time.Minute)
			_, err = d.b.Booking.ConfirmReservation(ctx, d.a, hold.ID) // in time, on B
			mustNot(t, err)

			d.clk.Add(time.Hour) // on A the hold has lapsed
			d.mustBook(t, d.dlx, d.dlxPlan, "2026-11-26", "2026-11-27", "Walked up")
			_, err = d.s.Booking.NightAudit(ctx, d.a, d.hotel.ID, "2026-11-26")
			mustNot(t, err)

			d.meet(t, bFirst)
			for name, k := range d.desks() {
				r, err := k.Booking.GetReservation(ctx, d.a, hold.ID)
				mustNot(t, err)
				if r.Status != booking.StatusNoShow && r.Status != booking.StatusConfirmed || r.HoldLapsed || (r.Cancellation != nil) {
					t.Errorf("desk %s: the hold B confirmed reads %s (lapsed %v, cancellation %+v), want it confirmed (or a no-show of the audited night)", name, r.Status, r.HoldLapsed, r.Cancellation)
				}
			}
		})
	}
}

// TestTwoDesksAuditingOneNightApartWriteOneRecord: two desks cut off from
// each other run the night audit of the same hotel and date. When they
// meet, in either order, there is one record of that audit, under the id
// made of the hotel and the date, the business date moved one day, and the
// no-show is charged once.
func TestTwoDesksAuditingOneNightApartWriteOneRecord(t *testing.T) {
	for _, bFirst := range []bool{false, true} {
		name := map[bool]string{false: "A's ops arrive first", true: "B's ops arrive first"}[bFirst]
		t.Run(name, func(t *testing.T) {
			d := newApart(t)
			ctx := context.Background()
			_, err := d.s.Property.UpdateRatePlan(ctx, d.a, d.dlxPlan.ID, property.RatePlanPatch{Policy: &property.Policy{NoShow: property.Charge{Fee: property.FeeFirstNight}}})
			mustNot(t, err)
			gone := d.mustBook(t, d.dlx, d.dlxPlan, "2026-11-26", "2026-11-28", "Never came")
			d.meet(t, false)

			d.clk.Add(20 * time.Hour)
			for _, k := range d.desks() {
				_, err := k.Booking.NightAudit(ctx, d.a, d.hotel.ID, "2026-11-26")
				mustNot(t, err)
				d.clk.Add(time.Minute)
			}
			d.meet(t, bFirst)
			for name, k := range d.desks() {
				var records []booking.NightAudit
				mustNot(t, k.DB.View(func(tx *store.Tx) error {
					return booking.NightAudits.ForEach(tx, func(_ string, n booking.NightAudit) error {
						records = append(records, n)
						return nil
					})
				}))
				if len(records) != 1 || records[0].ID != booking.NightAuditID(d.hotel.ID, "2026-11-26") || records[0].NewBusinessDate != "2026-11-27" {
					t.Errorf("desk %s holds night-audit records %+v, want one, %s", name, records, booking.NightAuditID(d.hotel.ID, "2026-11-26"))
				}
				h, err := k.Property.GetHotel(ctx, d.a, d.hotel.ID)
				mustNot(t, err)
				if h.BusinessDate != "2026-11-27" {
					t.Errorf("desk %s works on %s, want 2026-11-27", name, h.BusinessDate)
				}
				r, err := k.Booking.GetReservation(ctx, d.a, gone.ID)
				mustNot(t, err)
				if r.Status != booking.StatusNoShow || len(r.Fees) != 1 || r.Fees[0].ID != gone.ID+"/no_show/2026-11-26" {
					t.Errorf("desk %s: the no-show reads %s with fees %+v, want one no-show fee under the audit's id", name, r.Status, r.Fees)
				}
				again, err := k.Booking.NightAudit(ctx, d.a, d.hotel.ID, "2026-11-26")
				mustNot(t, err)
				if !again.AlreadyDone || len(again.NoShows) != 1 || again.NoShows[0].ID != gone.ID {
					t.Errorf("desk %s: auditing the night again = %+v, want already done with the recorded no-show", name, again)
				}
			}
		})
	}
}
