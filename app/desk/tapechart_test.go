package desk_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/apptest"
	"innkeep/app/booking"
	"innkeep/app/guest"
	"innkeep/app/property"
	"innkeep/store"
)

// chartCells returns who the chart shows in each room on each night:
// "room|night" -> the reservations there, sorted.
func chartCells(tc booking.TapeChart) map[string][]string {
	cells := map[string][]string{}
	for _, rm := range tc.Rooms {
		for _, b := range rm.Blocks {
			for _, n := range app.Nights(b.From, b.To) {
				cells[rm.ID+"|"+n] = append(cells[rm.ID+"|"+n], b.ReservationID)
			}
		}
	}
	for _, ids := range cells {
		slices.Sort(ids)
	}
	return cells
}

func TestMovingAGuestInHouseKeepsTheNightsSleptInTheOldRoom(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	r := p.mustBook(t, p.std, p.stdPlan, "2026-11-26", "2026-11-29", "Moved")
	old, moved := p.roomByName["201"], p.roomByName["202"]
	_, err := p.s.Booking.CheckInReservation(ctx, p.a, r.ID, booking.CheckInInput{RoomID: old.ID})
	mustNot(t, err)
	// Another guest slept in 202 on the first night and left.
	other := p.mustBook(t, p.std, p.stdPlan, "2026-11-26", "2026-11-27", "Left")
	_, err = p.s.Booking.CheckInReservation(ctx, p.a, other.ID, booking.CheckInInput{RoomID: moved.ID})
	mustNot(t, err)
	_, err = p.s.Booking.NightAudit(ctx, p.a, p.hotel.ID, "2026-11-26")
	mustNot(t, err)
	_, err = p.s.Booking.CheckOutReservation(ctx, p.a, other.ID)
	mustNot(t, err)
	// A night later the guest moves to 202 from tonight (the 27th).
	_, err = p.s.Booking.AssignRoom(ctx, p.a, r.ID, booking.AssignInput{RoomID: moved.ID, Reason: "noisy"})
	mustNot(t, err)

	tc, err := p.s.Booking.TapeChartOf(ctx, p.a, p.hotel.ID, "2026-11-25", "2026-12-01")
	mustNot(t, err)
	cells := chartCells(tc)
	want := map[string][]string{
		old.ID + "|2026-11-26":   {r.ID},
		moved.ID + "|2026-11-26": {other.ID},
		moved.ID + "|2026-11-27": {r.ID},
		moved.ID + "|2026-11-28": {r.ID},
	}
	if fmt.Sprint(cells) != fmt.Sprint(want) {
		t.Errorf("chart cells = %v\nwant %v", cells, want)
	}
	for _, rm := range tc.Rooms {
		for _, b := range rm.Blocks {
			if b.Conflict {
				t.Errorf("block %+v in room %s is flagged a double booking", b, rm.Number)
			}
		}
	}
	if len(tc.Conflicts) != 0 {
		t.Errorf("chart conflicts = %+v", tc.Conflicts)
	}
	c, err := p.s.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "2026-11-25", "2026-12-01")
	mustNot(t, err)
	if len(c.RoomNights) != 0 {
		t.Errorf("conflicts = %+v", c.RoomNights)
	}
	// The room the guest left is free from tonight, and another guest may
	// take it.
	next := p.mustBook(t, p.std, p.stdPlan, "2026-11-27", "2026-11-29", "Next")
	_, err = p.s.Booking.CheckInReservation(ctx, p.a, next.ID, booking.CheckInInput{RoomID: old.ID, OverrideReason: "cleaned by hand"})
	mustNot(t, err)
}

// TestTapeChartShowsEachNightInItsRoomAndFlagsExactlyTheListedConflicts
// books, checks in and moves guests at random on two desks cut off from
// each other (so that double bookings happen), then checks that the chart
// shows every reservation's nights in the rooms a model of the moves
// expects, that its conflicts are the conflicts route's, and that a block
// is flagged exactly when one of its nights is in a listed conflict.
func TestTapeChartShowsEachNightInItsRoomAndFlagsExactlyTheListedConflicts(t *testing.T) {
	conflicts := 0
	for seed := uint64(1); seed <= 12; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			p := newProperty(t)
			ctx := context.Background()
			rng := rand.New(rand.NewPCG(seed, 7))
			bdb, dir := apptest.OpenStore(t, "", false)
			b := apptest.OnStore(bdb, dir, apptest.Options{Clock: p.clk})
			sync2 := func() {
				for _, pair := range [][2]*store.DB{{p.s.DB, bdb}, {bdb, p.s.DB}} {
					have, _ := pair[1].VersionVector()
					ops, err := pair[0].OpsSince(have, 1<<20)
					mustNot(t, err)
					_, err = pair[1].ApplyRemote(ops)
					mustNot(t, err)
				}
			}
			sync2()
			desks := []*apptest.Kit{p.s, b}
			std := []property.Room{p.roomByName["201"], p.roomByName["202"], p.roomByName["203"]}
			type held struct {
				desk  int
				in    string
				out   string
				night map[string]string // night -> room
			}
			model := map[string]*held{}
			var ids []string
			businessDate := "2026-11-26"
			dates := app.Nights("2026-11-26", "2026-12-02")
			// Each desk works on its own reservations only, so that what
			// replicates never overwrites the other desk's.
			play := func(steps int) {
				for range steps {
					d := rng.IntN(2)
					s := desks[d]
					switch rng.IntN(3) {
					case 0: // book, maybe with a room
						i := rng.IntN(len(dates) - 1)
						in := max(dates[i], businessDate)
						out := dates[min(len(dates)-1, i+1+rng.IntN(3))]
						if out <= in {
							continue
						}
						room := ""
						if rng.IntN(2) == 0 {
							room = std[rng.IntN(len(std))].ID
						}
						res, err := s.Booking.Book(ctx, p.a, booking.BookingInput{HotelID: p.hotel.ID, CheckIn: in, CheckOut: out,
							Rooms: []booking.RoomRequest{{RoomTypeID: p.std.ID, RatePlanID: p.stdPlan.ID, Adults: 1, RoomID: room}},
							Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Guest"}}}, "")
						if err != nil {
							continue
						}
						r := res.Reservations[0]
						h := &held{desk: d, in: in, out: out, night: map[string]string{}}
						for _, n := range app.Nights(in, out) {
							h.night[n] = room
						}
						model[r.ID] = h
						ids = append(ids, r.ID)
					case 1: // check in or move
						mine := []string{}
						for _, id := range ids {
							if model[id].desk == d {
								mine = append(mine, id)
							}
						}
						if len(mine) == 0 {
							continue
						}
						id := mine[rng.IntN(len(mine))]
						r, err := s.Booking.GetReservation(ctx, p.a, id)
						mustNot(t, err)
						room := std[rng.IntN(len(std))].ID
						from := r.CheckIn
						if r.Status == booking.StatusConfirmed && r.CheckIn == businessDate {
							_, err = s.Booking.CheckInReservation(ctx, p.a, id, booking.CheckInInput{RoomID: room, OverrideReason: "test"})
						} else {
							if r.Status == booking.StatusCheckedIn {
								from = max(from, businessDate)
							}
							_, err = s.Booking.AssignRoom(ctx, p.a, id, booking.AssignInput{RoomID: room})
						}
						if err != nil {
							continue
						}
						for n := range model[id].night {
							if n >= from {
								model[id].night[n] = room
							}
						}
					case 2: // nothing: let time pass on this desk
					}
				}
			}
			play(20)
			sync2()
			play(20)
			sync2()
			_, err := p.s.Booking.NightAudit(ctx, p.a, p.hotel.ID, businessDate)
			mustNot(t, err)
			sync2()
			businessDate = "2026-11-27"
			play(25)
			sync2()

			tc, err := p.s.Booking.TapeChartOf(ctx, p.a, p.hotel.ID, "2026-11-26", "2026-12-02")
			mustNot(t, err)
			c, err := b.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "2026-11-26", "2026-12-02")
			mustNot(t, err)
			if fmt.Sprint(tc.Conflicts) != fmt.Sprint(c.RoomNights) {
				t.Errorf("chart conflicts = %v\nroute's = %v", tc.Conflicts, c.RoomNights)
			}
			// What the model expects: active reservations in their rooms.
			want := map[string][]string{}
			for _, id := range ids {
				r, err := p.s.Booking.GetReservation(ctx, p.a, id)
				mustNot(t, err)
				if !booking.HoldsInventory(r.Status) && r.Status != booking.StatusCheckedOut {
					continue
				}
				for n, room := range model[id].night {
					if room != "" {
						want[room+"|"+n] = append(want[room+"|"+n], id)
					}
				}
			}
			for _, ids := range want {
				slices.Sort(ids)
			}
			if got := chartCells(tc); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("chart cells = %v\nmodel's = %v", got, want)
			}
			listed := map[string]bool{} // reservation|room|night
			for _, cf := range c.RoomNights {
				for _, id := range cf.Reservations {
					listed[id+"|"+cf.RoomID+"|"+cf.Date] = true
				}
			}
			doubles := 0
			for _, rm := range tc.Rooms {
				for _, bl := range rm.Blocks {
					inOne := false
					for _, n := range app.Nights(bl.From, bl.To) {
						inOne = inOne || listed[bl.ReservationID+"|"+rm.ID+"|"+n]
					}
					if bl.Conflict != inOne {
						t.Errorf("block %+v of room %s: flagged %v, in a listed conflict %v", bl, rm.Number, bl.Conflict, inOne)
					}
					if bl.Conflict {
						doubles++
					}
				}
			}
			t.Logf("%d reservations, %d conflicts, %d flagged blocks", len(ids), len(c.RoomNights), doubles)
			conflicts += len(c.RoomNights)
		})
	}
	if conflicts == 0 {
		t.Error("no seed made a double booking; the test checks nothing")
	}
}

func TestDeletingTheRoomAFutureBookingNeedsIsRefused(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	// One room of its own type, and a booking of the type waiting for it.
	ste, err := p.s.Property.CreateRoomType(ctx, p.a, p.hotel.ID, property.RoomTypeInput{Code: "STE", Name: "Suite", BedType: "king", MaxAdults: 2})
	mustNot(t, err)
	plan, err := p.s.Property.CreateRatePlan(ctx, p.a, p.hotel.ID, property.RatePlanInput{RoomTypeID: ste.ID, Code: "STEBAR", Name: "Best available", BaseRate: 90000, IncludedAdults: 2})
	mustNot(t, err)
	room, err := p.s.Property.CreateRoom(ctx, p.a, p.hotel.ID, property.RoomInput{Number: "301", Floor: 3, RoomTypeID: ste.ID})
	mustNot(t, err)
	r := p.mustBook(t, ste, plan, "2026-12-10", "2026-12-12", "Waiting")
	if r.RoomID != "" {
		t.Fatalf("the booking has room %s", r.RoomID)
	}
	before, _ := p.s.DB.StateHash()
	err = p.s.Property.DeleteRoom(ctx, p.a, room.ID)
	if code(err) != app.ECONFLICT || !strings.Contains(err.Error(), r.Code) {
		t.Fatalf("delete = %v, want a conflict naming %s", err, r.Code)
	}
	if after, _ := p.s.DB.StateHash(); after != before {
		t.Error("a refused delete changed the store")
	}
	// A second room of the type may go while the first is enough.
	spare, err := p.s.Property.CreateRoom(ctx, p.a, p.hotel.ID, property.RoomInput{Number: "302", Floor: 3, RoomTypeID: ste.ID})
	mustNot(t, err)
	mustNot(t, p.s.Property.DeleteRoom(ctx, p.a, spare.ID))
	// Once the booking is cancelled, the room may go.
	_, err = p.s.Booking.CancelReservation(ctx, p.a, r.ID, booking.CancelInput{Reason: "plans changed"})
	mustNot(t, err)
	mustNot(t, p.s.Property.DeleteRoom(ctx, p.a, room.ID))
}
