package desk_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/apptest"
	"innkeep/app/booking"
	"innkeep/app/guest"
	"innkeep/app/property"
	"innkeep/store"
)

// fixture is a small hotel: 2 deluxe rooms (101, 102) and 3 standard
// ones (201-203), one rate plan each, business date 2026-11-26.
type fixture struct {
	s          *apptest.Kit
	clk        *testClock
	a          app.Actor
	hotel      property.Hotel
	dlx, std   property.RoomType
	dlxPlan    property.RatePlan
	stdPlan    property.RatePlan
	roomByName map[string]property.Room
}

func newProperty(t *testing.T) *fixture {
	t.Helper()
	s, clk := newService(t)
	return buildProperty(t, s, clk)
}

func buildProperty(t *testing.T, s *apptest.Kit, clk *testClock) *fixture {
	t.Helper()
	ctx := context.Background()
	p := &fixture{s: s, clk: clk, a: app.SystemActor(), roomByName: map[string]property.Room{}}
	var err error
	p.hotel, err = s.Property.CreateHotel(ctx, p.a, property.HotelInput{Name: "Harbour Inn", TimeZone: "Asia/Shanghai", Currency: "CNY"})
	mustNot(t, err)
	p.dlx, err = s.Property.CreateRoomType(ctx, p.a, p.hotel.ID, property.RoomTypeInput{Code: "DLX", Name: "Deluxe", BedType: "king", MaxAdults: 2, MaxChildren: 1})
	mustNot(t, err)
	p.std, err = s.Property.CreateRoomType(ctx, p.a, p.hotel.ID, property.RoomTypeInput{Code: "STD", Name: "Standard", BedType: "twin", MaxAdults: 2, MaxChildren: 0})
	mustNot(t, err)
	p.dlxPlan, err = s.Property.CreateRatePlan(ctx, p.a, p.hotel.ID, property.RatePlanInput{RoomTypeID: p.dlx.ID, Code: "DLXBAR", Name: "Best available", BaseRate: 60000, WeekendRate: 80000, WeekendDays: []int{5, 6}, IncludedAdults: 2, ExtraChild: 5000})
	mustNot(t, err)
	p.stdPlan, err = s.Property.CreateRatePlan(ctx, p.a, p.hotel.ID, property.RatePlanInput{RoomTypeID: p.std.ID, Code: "STDBAR", Name: "Best available", BaseRate: 40000, IncludedAdults: 2})
	mustNot(t, err)
	for _, r := range []struct {
		n string
		t property.RoomType
	}{{"101", p.dlx}, {"102", p.dlx}, {"201", p.std}, {"202", p.std}, {"203", p.std}} {
		rm, err := s.Property.CreateRoom(ctx, p.a, p.hotel.ID, property.RoomInput{Number: r.n, Floor: int(r.n[0] - '0'), RoomTypeID: r.t.ID})
		mustNot(t, err)
		p.roomByName[r.n] = rm
	}
	if p.hotel.BusinessDate != "2026-11-26" {
		t.Fatalf("business date = %s", p.hotel.BusinessDate)
	}
	return p
}

// book books one room of t for the guest name.
func (p *fixture) book(t *testing.T, typ property.RoomType, plan property.RatePlan, in, out, guestName string) (booking.BookingResult, error) {
	t.Helper()
	return p.s.Booking.Book(context.Background(), p.a, booking.BookingInput{HotelID: p.hotel.ID, CheckIn: in, CheckOut: out,
		Rooms: []booking.RoomRequest{{RoomTypeID: typ.ID, RatePlanID: plan.ID, Adults: 2}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: guestName}}}, "")
}

func (p *fixture) mustBook(t *testing.T, typ property.RoomType, plan property.RatePlan, in, out, guest string) booking.Reservation {
	t.Helper()
	res, err := p.book(t, typ, plan, in, out, guest)
	mustNot(t, err)
	return res.Reservations[0]
}

func (p *fixture) available(t *testing.T, in, out string) map[string]int {
	t.Helper()
	av, err := p.s.Booking.Availability(context.Background(), p.a, p.hotel.ID, booking.AvailabilityQuery{CheckIn: in, CheckOut: out, Adults: 2})
	mustNot(t, err)
	got := map[string]int{}
	for _, ta := range av.RoomTypes {
		got[ta.RoomType.Code] = ta.Available
	}
	return got
}

func TestAvailabilityIsTheLeastOverTheNights(t *testing.T) {
	p := newProperty(t)
	p.mustBook(t, p.dlx, p.dlxPlan, "2026-11-27", "2026-11-29", "Wang Fang")
	tests := []struct {
		name    string
		in, out string
		dlx     int
	}{
		{"a stay before the booking has both rooms", "2026-11-26", "2026-11-27", 2},
		{"a stay overlapping one night has one room", "2026-11-28", "2026-12-02", 1},
		{"a stay after the booking has both rooms", "2026-11-29", "2026-11-30", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.available(t, tt.in, tt.out); got["DLX"] != tt.dlx || got["STD"] != 3 {
				t.Errorf("available = %v, want DLX %d, STD 3", got, tt.dlx)
			}
		})
	}
	av, err := p.s.Booking.Availability(context.Background(), p.a, p.hotel.ID, booking.AvailabilityQuery{CheckIn: "2026-11-27", CheckOut: "2026-11-30", Adults: 2, Children: 1})
	mustNot(t, err)
	for _, ta := range av.RoomTypes {
		switch ta.RoomType.Code {
		case "STD":
			if ta.Bookable || !slices.Contains(ta.Reasons, booking.ReasonCapacity) {
				t.Errorf("a child in a room for adults only: %+v", ta.Reasons)
			}
		case "DLX":
			// Fri 27 and Sat 28 are weekend nights; the child costs 50.00 a night.
			pl := ta.RatePlans[0]
			if pl.Total != 85000+85000+65000 || len(pl.Nights) != 3 {
				t.Errorf("DLX price = %+v", pl)
			}
		}
	}
}

func TestBookingsThatCannotBeMadeChangeNothing(t *testing.T) {
	p := newProperty(t)
	p.mustBook(t, p.dlx, p.dlxPlan, "2026-11-27", "2026-11-28", "A")
	p.mustBook(t, p.dlx, p.dlxPlan, "2026-11-27", "2026-11-28", "B")
	before, _ := p.s.DB.StateHash()
	room := func(mod func(*booking.RoomRequest)) []booking.RoomRequest {
		rq := booking.RoomRequest{RoomTypeID: p.std.ID, RatePlanID: p.stdPlan.ID, Adults: 2}
		mod(&rq)
		return []booking.RoomRequest{rq}
	}
	ok := func(mod func(*booking.RoomRequest)) []booking.RoomRequest { return room(mod) }
	none := func(*booking.RoomRequest) {}
	tests := []struct {
		name string
		in   booking.BookingInput
		code string
	}{
		{"reversed dates", booking.BookingInput{CheckIn: "2026-12-03", CheckOut: "2026-12-01", Rooms: ok(none)}, app.EINVALID},
		{"zero nights", booking.BookingInput{CheckIn: "2026-12-01", CheckOut: "2026-12-01", Rooms: ok(none)}, app.EINVALID},
		{"a past date", booking.BookingInput{CheckIn: "2026-11-20", CheckOut: "2026-11-28", Rooms: ok(none)}, app.EINVALID},
		{"a date that does not exist", booking.BookingInput{CheckIn: "2026-02-30", CheckOut: "2026-12-01", Rooms: ok(none)}, app.EINVALID},
		{"too many guests", booking.BookingInput{CheckIn: "2026-12-01", CheckOut: "2026-12-02", Rooms: room(func(r *booking.RoomRequest) { r.Adults = 3 })}, app.EINVALID},
		{"no adult", booking.BookingInput{CheckIn: "2026-12-01", CheckOut: "2026-12-02", Rooms: room(func(r *booking.RoomRequest) { r.Adults = 0 })}, app.EINVALID},
		{"no rooms", booking.BookingInput{CheckIn: "2026-12-01", CheckOut: "2026-12-02"}, app.EINVALID},
		{"an unknown room type", booking.BookingInput{CheckIn: "2026-12-01", CheckOut: "2026-12-02", Rooms: room(func(r *booking.RoomRequest) { r.RoomTypeID = "nope" })}, app.EINVALID},
		{"a plan of another type", booking.BookingInput{CheckIn: "2026-12-01", CheckOut: "2026-12-02", Rooms: room(func(r *booking.RoomRequest) { r.RatePlanID = p.dlxPlan.ID })}, app.EINVALID},
		{"a sold-out night", booking.BookingInput{CheckIn: "2026-11-26", CheckOut: "2026-11-28", Rooms: []booking.RoomRequest{{RoomTypeID: p.dlx.ID, RatePlanID: p.dlxPlan.ID, Adults: 1}}}, app.ECONFLICT},
		{"more rooms than the type has", booking.BookingInput{CheckIn: "2026-12-01", CheckOut: "2026-12-02", Rooms: append(append(ok(none), ok(none)...), append(ok(none), ok(none)...)...)}, app.ECONFLICT},
		{"an unknown channel", booking.BookingInput{CheckIn: "2026-12-01", CheckOut: "2026-12-02", Rooms: ok(none), Source: booking.Source{Channel: "carrier pigeon"}}, app.EINVALID},
		{"a room of another type", booking.BookingInput{CheckIn: "2026-12-01", CheckOut: "2026-12-02", Rooms: room(func(r *booking.RoomRequest) { r.RoomID = p.roomByName["101"].ID })}, app.EINVALID},
	}
	for _, tt := range tests {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			tt.in.HotelID = p.hotel.ID
			tt.in.Guest = booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Li Lei"}}
			_, err := p.s.Booking.Book(context.Background(), p.a, tt.in, "")
			if code(err) != tt.code || app.ErrorMessage(err) == "" {
				t.Fatalf("err = %v, want %s", err, tt.code)
			}
			if after, _ := p.s.DB.StateHash(); after != before {
				t.Error("a refused booking changed the state")
			}
		})
	}
}

func TestOnlyOneOfAHundredRacersGetsTheLastRoom(t *testing.T) {
	p := newProperty(t)
	p.mustBook(t, p.dlx, p.dlxPlan, "2026-12-10", "2026-12-12", "first")
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, lost := 0, 0
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := p.book(t, p.dlx, p.dlxPlan, "2026-12-11", "2026-12-13", fmt.Sprintf("racer %d", i))
			mu.Lock()
			defer mu.Unlock()
			switch code(err) {
			case "":
				won++
			case app.ECONFLICT:
				lost++
			default:
				t.Errorf("racer %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	if won != 1 || lost != 99 {
		t.Fatalf("%d won and %d lost, want 1 and 99", won, lost)
	}
	c, err := p.s.Booking.ConflictsOf(context.Background(), p.a, p.hotel.ID, "", "")
	mustNot(t, err)
	if len(c.Oversold) != 0 || len(c.RoomNights) != 0 {
		t.Errorf("conflicts from one desk: %+v", c)
	}
}

func TestIdempotencyKeyMakesRetriesSafe(t *testing.T) {
	p := newProperty(t)
	in := booking.BookingInput{HotelID: p.hotel.ID, CheckIn: "2026-12-01", CheckOut: "2026-12-03",
		Rooms: []booking.RoomRequest{{RoomTypeID: p.std.ID, RatePlanID: p.stdPlan.ID, Adults: 1}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Retry"}}}
	first, err := p.s.Booking.Book(context.Background(), p.a, in, "key-1")
	mustNot(t, err)
	again, err := p.s.Booking.Book(context.Background(), p.a, in, "key-1")
	mustNot(t, err)
	if again.Code != first.Code || again.Reservations[0].ID != first.Reservations[0].ID {
		t.Errorf("a retry made a new booking: %s vs %s", again.Code, first.Code)
	}
	if got := p.available(t, "2026-12-01", "2026-12-02")["STD"]; got != 2 {
		t.Errorf("STD available = %d, want 2 (one booking)", got)
	}
	in.CheckOut = "2026-12-04"
	if _, err := p.s.Booking.Book(context.Background(), p.a, in, "key-1"); code(err) != app.ECONFLICT {
		t.Errorf("another request with the same key: %v", err)
	}
}

func TestAStayFromBookingToCheckOut(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	r := p.mustBook(t, p.dlx, p.dlxPlan, "2026-11-26", "2026-11-28", "Zhang Wei")
	if len(r.Code) != 11 || r.Total != 60000+80000 {
		t.Fatalf("booked %+v", r)
	}
	m, err := p.s.Booking.ModifyReservation(ctx, p.a, r.ID, booking.ReservationPatch{CheckOut: ref("2026-11-30")})
	mustNot(t, err)
	if m.Difference != 80000+60000 || m.Reservation.Total != 280000 {
		t.Errorf("modify: difference %d total %d", m.Difference, m.Reservation.Total)
	}
	room := p.roomByName["101"]
	_, err = p.s.Property.SetHousekeeping(ctx, p.a, room.ID, property.RoomDirty)
	mustNot(t, err)
	if _, err := p.s.Booking.CheckInReservation(ctx, p.a, r.ID, booking.CheckInInput{RoomID: room.ID}); code(err) != app.ECONFLICT {
		t.Errorf("check-in to a dirty room: %v", err)
	}
	in, err := p.s.Booking.CheckInReservation(ctx, p.a, r.ID, booking.CheckInInput{RoomID: room.ID, OverrideReason: "guest agreed, cleaning now"})
	mustNot(t, err)
	if in.Status != booking.StatusCheckedIn || in.RoomID != room.ID {
		t.Fatalf("checked in: %+v", in)
	}
	moved, err := p.s.Booking.AssignRoom(ctx, p.a, r.ID, booking.AssignInput{RoomID: p.roomByName["102"].ID, Reason: "noise"})
	mustNot(t, err)
	if len(moved.RoomHistory) != 2 || moved.RoomHistory[1].Reason != "noise" {
		t.Errorf("room history = %+v", moved.RoomHistory)
	}
	// The next morning the guest leaves early: the remaining nights free up.
	_, err = p.s.Booking.NightAudit(ctx, p.a, p.hotel.ID, "2026-11-26")
	mustNot(t, err)
	out, err := p.s.Booking.CheckOutReservation(ctx, p.a, r.ID)
	mustNot(t, err)
	if out.CheckOut != "2026-11-27" || out.Total != 60000 || len(out.Nights) != 1 {
		t.Errorf("early check-out: %+v", out)
	}
	if got := p.available(t, "2026-11-27", "2026-11-30")["DLX"]; got != 2 {
		t.Errorf("DLX available after the early departure = %d, want 2", got)
	}
	rm, err := p.s.Property.GetRoom(ctx, p.a, p.roomByName["102"].ID)
	mustNot(t, err)
	if rm.Housekeeping != property.RoomDirty {
		t.Errorf("the room after check-out is %s", rm.Housekeeping)
	}
}

func TestCancellationFollowsThePolicy(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	// Default policy: free until 24 hours before 14:00 on arrival, Shanghai time.
	r := p.mustBook(t, p.std, p.stdPlan, "2026-11-28", "2026-11-30", "Early")
	q, err := p.s.Booking.CancellationFee(ctx, p.a, r.ID)
	mustNot(t, err)
	if q.Fee != 0 || q.FreeUntil.Format(time.RFC3339) != "2026-11-27T06:00:00Z" {
		t.Errorf("preview = %+v", q)
	}
	p.clk.Add(22 * time.Hour) // 2026-11-27 07:00 UTC: inside 24 hours
	q, err = p.s.Booking.CancellationFee(ctx, p.a, r.ID)
	mustNot(t, err)
	if q.Fee != 40000 {
		t.Errorf("fee = %d, want the first night", q.Fee)
	}
	if _, err := p.s.Booking.CancelReservation(ctx, p.a, r.ID, booking.CancelInput{ExpectedFee: ref(int64(0))}); code(err) != app.ECONFLICT {
		t.Errorf("cancel with a stale preview: %v", err)
	}
	c, err := p.s.Booking.CancelReservation(ctx, p.a, r.ID, booking.CancelInput{Reason: "flight cancelled", ExpectedFee: ref(q.Fee)})
	mustNot(t, err)
	if c.Status != booking.StatusCancelled || c.Cancellation.Fee != 40000 {
		t.Errorf("cancelled: %+v", c)
	}
	if got := p.available(t, "2026-11-28", "2026-11-30")["STD"]; got != 3 {
		t.Errorf("a cancellation did not free the room: %d", got)
	}
}

func TestATentativeHoldExpires(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	res, err := p.s.Booking.Book(ctx, p.a, booking.BookingInput{HotelID: p.hotel.ID, CheckIn: "2026-12-01", CheckOut: "2026-12-02", Status: booking.StatusTentative, HoldMinutes: 15,
		Rooms: []booking.RoomRequest{{RoomTypeID: p.dlx.ID, RatePlanID: p.dlxPlan.ID, Adults: 1}, {RoomTypeID: p.dlx.ID, RatePlanID: p.dlxPlan.ID, Adults: 1}},
		Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Group"}}}, "")
	mustNot(t, err)
	if _, err := p.book(t, p.dlx, p.dlxPlan, "2026-12-01", "2026-12-02", "Waiting"); code(err) != app.ECONFLICT {
		t.Fatalf("a held room was sold: %v", err)
	}
	p.clk.Add(16 * time.Minute)
	if _, err := p.s.Booking.ConfirmReservation(ctx, p.a, res.Reservations[0].ID); code(err) != app.ECONFLICT {
		t.Errorf("confirming an expired hold: %v", err)
	}
	if _, err := p.book(t, p.dlx, p.dlxPlan, "2026-12-01", "2026-12-02", "Waiting"); err != nil {
		t.Errorf("an expired hold still holds: %v", err)
	}
}

func TestNightAuditRunsOncePerDate(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	guest := p.mustBook(t, p.std, p.stdPlan, "2026-11-26", "2026-11-27", "Never came")
	stay := p.mustBook(t, p.dlx, p.dlxPlan, "2026-11-26", "2026-11-28", "Came")
	_, err := p.s.Booking.CheckInReservation(ctx, p.a, stay.ID, booking.CheckInInput{})
	mustNot(t, err)
	if _, err := p.s.Booking.NightAudit(ctx, p.a, p.hotel.ID, "2026-11-27"); code(err) != app.EINVALID {
		t.Errorf("auditing a future date: %v", err)
	}
	res, err := p.s.Booking.NightAudit(ctx, p.a, p.hotel.ID, "2026-11-26")
	mustNot(t, err)
	if res.AlreadyDone || res.NewBusinessDate != "2026-11-27" || len(res.NoShows) != 1 || res.NoShows[0].ID != guest.ID || res.InHouse != 1 {
		t.Fatalf("audit = %+v", res)
	}
	again, err := p.s.Booking.NightAudit(ctx, p.a, p.hotel.ID, "2026-11-26")
	mustNot(t, err)
	if !again.AlreadyDone || again.NewBusinessDate != "2026-11-27" {
		t.Errorf("second audit = %+v", again)
	}
	h, _ := p.s.Property.GetHotel(ctx, p.a, p.hotel.ID)
	if h.BusinessDate != "2026-11-27" {
		t.Errorf("business date = %s", h.BusinessDate)
	}
}

func TestTapeChartShowsBlocksAndTheUnassigned(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	a := p.mustBook(t, p.dlx, p.dlxPlan, "2026-11-26", "2026-11-29", "Assigned")
	_, err := p.s.Booking.AssignRoom(ctx, p.a, a.ID, booking.AssignInput{RoomID: p.roomByName["102"].ID})
	mustNot(t, err)
	p.mustBook(t, p.std, p.stdPlan, "2026-11-27", "2026-12-05", "Floating")
	cancelled := p.mustBook(t, p.std, p.stdPlan, "2026-11-28", "2026-11-30", "Cancelled")
	_, err = p.s.Booking.CancelReservation(ctx, p.a, cancelled.ID, booking.CancelInput{Reason: "plans changed"})
	mustNot(t, err)
	tc, err := p.s.Booking.TapeChartOf(ctx, p.a, p.hotel.ID, "2026-11-26", "2026-12-03")
	mustNot(t, err)
	if len(tc.Dates) != 7 || len(tc.Rooms) != 5 || tc.Rooms[0].Number != "101" {
		t.Fatalf("chart: %d dates, %d rooms", len(tc.Dates), len(tc.Rooms))
	}
	if b := tc.Rooms[1].Blocks; len(b) != 1 || b[0].From != "2026-11-26" || b[0].To != "2026-11-29" || b[0].GuestName != "Assigned" {
		t.Errorf("room 102 blocks = %+v", b)
	}
	if u := tc.Unassigned; len(u) != 1 || u[0].To != "2026-12-03" || u[0].RoomTypeID != p.std.ID || u[0].GuestName != "Floating" {
		t.Errorf("unassigned (a cancelled booking is not shown) = %+v", u)
	}
	if len(tc.Conflicts) != 0 {
		t.Errorf("conflicts from one desk = %+v", tc.Conflicts)
	}

	// A chart that starts inside a stay begins the block at its first date.
	tc, err = p.s.Booking.TapeChartOf(ctx, p.a, p.hotel.ID, "2026-11-28", "2026-12-01")
	mustNot(t, err)
	if b := tc.Rooms[1].Blocks; len(b) != 1 || b[0].From != "2026-11-28" || b[0].To != "2026-11-29" || b[0].CheckIn != "2026-11-26" {
		t.Errorf("room 102 from inside the stay = %+v", b)
	}
}

// TestDoubleBookingsMadeApartAreSurfacedNotLost books the last room on two
// desks cut off from each other, then lets them replicate: both bookings
// stay, and both desks list the same conflicts.
func TestDoubleBookingsMadeApartAreSurfacedNotLost(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	a := p.s
	bdb, dir := apptest.OpenStore(t, "", false)
	b := apptest.OnStore(bdb, dir, apptest.Options{Clock: p.clk})
	sync2 := func() {
		for _, pair := range [][2]*store.DB{{a.DB, bdb}, {bdb, a.DB}} {
			have, _ := pair[1].VersionVector()
			ops, err := pair[0].OpsSince(have, 1<<20)
			mustNot(t, err)
			_, err = pair[1].ApplyRemote(ops)
			mustNot(t, err)
		}
	}
	sync2()
	p.mustBook(t, p.dlx, p.dlxPlan, "2026-12-01", "2026-12-03", "On A")
	r, err := a.Booking.GetReservation(ctx, p.a, p.mustBook(t, p.dlx, p.dlxPlan, "2026-12-01", "2026-12-02", "Also on A").ID)
	mustNot(t, err)
	_, err = a.Booking.AssignRoom(ctx, p.a, r.ID, booking.AssignInput{RoomID: p.roomByName["101"].ID})
	mustNot(t, err)
	// Desk B, cut off, sells the same room type and room.
	resB, err := b.Booking.Book(ctx, p.a, booking.BookingInput{HotelID: p.hotel.ID, CheckIn: "2026-12-01", CheckOut: "2026-12-02",
		Rooms: []booking.RoomRequest{{RoomTypeID: p.dlx.ID, RatePlanID: p.dlxPlan.ID, Adults: 1, RoomID: p.roomByName["101"].ID}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "On B"}}}, "")
	mustNot(t, err)
	sync2()
	ha, _ := a.DB.StateHash()
	hb, _ := bdb.StateHash()
	if ha != hb {
		t.Fatal("the desks did not converge")
	}
	for name, s := range map[string]*apptest.Kit{"A": a, "B": b} {
		c, err := s.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "", "")
		mustNot(t, err)
		if len(c.Oversold) != 1 || c.Oversold[0].Date != "2026-12-01" || c.Oversold[0].Held != 3 || c.Oversold[0].Sellable != 2 {
			t.Errorf("desk %s oversold = %+v", name, c.Oversold)
		}
		if len(c.RoomNights) != 1 || len(c.RoomNights[0].Reservations) != 2 {
			t.Errorf("desk %s room nights = %+v", name, c.RoomNights)
		}
	}
	for name, s := range map[string]*apptest.Kit{"A": a, "B": b} {
		tc, err := s.Booking.TapeChartOf(ctx, p.a, p.hotel.ID, "2026-11-30", "2026-12-03")
		mustNot(t, err)
		if len(tc.Conflicts) != 1 || tc.Conflicts[0].Date != "2026-12-01" || tc.Conflicts[0].RoomID != p.roomByName["101"].ID || len(tc.Conflicts[0].Reservations) != 2 {
			t.Errorf("desk %s tape chart conflicts = %+v", name, tc.Conflicts)
		}
		red := 0
		for _, room := range tc.Rooms {
			for _, bl := range room.Blocks {
				if bl.Conflict {
					red++
				}
			}
		}
		if red != 2 {
			t.Errorf("desk %s shows %d blocks in conflict, want 2", name, red)
		}
	}
	got, err := a.Booking.GetReservation(ctx, p.a, resB.Reservations[0].ID)
	if err != nil || got.GuestName != "On B" {
		t.Errorf("desk B's booking is not on desk A: %v", err)
	}
	// Resolving is an ordinary change: move B's guest to 102... which A's
	// other guest holds, so cancel A's second booking instead.
	_, err = a.Booking.CancelReservation(ctx, p.a, r.ID, booking.CancelInput{Reason: "double booking"})
	mustNot(t, err)
	sync2()
	c, _ := b.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "", "")
	if len(c.Oversold)+len(c.RoomNights) != 0 {
		t.Errorf("after resolving: %+v", c)
	}
}

// TestConcurrentChangesNeverHoldARoomTwice runs random bookings,
// changes, cancellations and moves from many goroutines, then checks the
// invariants against the stored state: no room-night is held twice and no
// room type is sold above its rooms.
func TestConcurrentChangesNeverHoldARoomTwice(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	dates := []string{"2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"}
	types := []struct {
		t    property.RoomType
		plan property.RatePlan
	}{{p.dlx, p.dlxPlan}, {p.std, p.stdPlan}}
	var ids sync.Map
	var wg sync.WaitGroup
	var okOps, refused int64
	var mu sync.Mutex
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(g), 7))
			for i := 0; i < 40; i++ {
				in := rng.IntN(len(dates) - 1)
				out := in + 1 + rng.IntN(len(dates)-in-1)
				ty := types[rng.IntN(2)]
				var err error
				var anyID string
				ids.Range(func(k, _ any) bool {
					anyID = k.(string)
					return rng.IntN(3) != 0
				})
				switch op := rng.IntN(5); {
				case op <= 1 || anyID == "":
					var res booking.BookingResult
					res, err = p.s.Booking.Book(ctx, p.a, booking.BookingInput{HotelID: p.hotel.ID, CheckIn: dates[in], CheckOut: dates[out],
						Rooms: []booking.RoomRequest{{RoomTypeID: ty.t.ID, RatePlanID: ty.plan.ID, Adults: 1}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "G"}}}, "")
					if err == nil {
						ids.Store(res.Reservations[0].ID, true)
					}
				case op == 2:
					_, err = p.s.Booking.ModifyReservation(ctx, p.a, anyID, booking.ReservationPatch{CheckIn: &dates[in], CheckOut: &dates[out]})
				case op == 3:
					_, err = p.s.Booking.CancelReservation(ctx, p.a, anyID, booking.CancelInput{})
				default:
					r, gerr := p.s.Booking.GetReservation(ctx, p.a, anyID)
					if gerr != nil {
						t.Error(gerr)
						return
					}
					var candidates []string
					for _, rm := range p.roomByName {
						if rm.RoomTypeID == r.RoomTypeID {
							candidates = append(candidates, rm.ID)
						}
					}
					slices.Sort(candidates)
					_, err = p.s.Booking.AssignRoom(ctx, p.a, anyID, booking.AssignInput{RoomID: candidates[rng.IntN(len(candidates))]})
				}
				mu.Lock()
				switch code(err) {
				case "":
					okOps++
				case app.ECONFLICT:
					refused++
				default:
					t.Errorf("unexpected error: %v", err)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if okOps < 20 || refused == 0 {
		t.Fatalf("%d changes made and %d refused: the test did not reach the limits", okOps, refused)
	}
	c, err := p.s.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "", "")
	mustNot(t, err)
	if len(c.Oversold) != 0 || len(c.RoomNights) != 0 {
		t.Fatalf("conflicts from one desk: %+v", c)
	}
	// The same invariants, recomputed from the documents themselves.
	list, err := p.s.Booking.ListReservations(ctx, p.a, booking.ReservationFilter{HotelID: p.hotel.ID, Limit: 1000})
	mustNot(t, err)
	held := map[string]int{}
	roomNight := map[string]string{}
	for _, r := range list {
		if r.Status != booking.StatusConfirmed {
			continue
		}
		for d := r.CheckIn; d < r.CheckOut; d = next(d) {
			held[r.RoomTypeID+d]++
			if r.RoomID != "" {
				if other, ok := roomNight[r.RoomID+d]; ok {
					t.Errorf("room %s held by %s and %s on %s", r.RoomID, other, r.ID, d)
				}
				roomNight[r.RoomID+d] = r.ID
			}
		}
	}
	for k, n := range held {
		limit := 3
		if strings.HasPrefix(k, p.dlx.ID) {
			limit = 2
		}
		if n > limit {
			t.Errorf("%s sold %d times", k, n)
		}
	}
}

func next(d string) string {
	t, _ := time.Parse(time.DateOnly, d)
	return t.AddDate(0, 0, 1).Format(time.DateOnly)
}
func ref[T any](v T) *T { return &v }

func TestTheDemoHotelIsFullAndConsistent(t *testing.T) {
	s, _ := newService(t)
	ctx := context.Background()
	a := app.SystemActor()
	h, err := s.Booking.LoadDemo(ctx, a)
	mustNot(t, err)
	if _, err := s.Booking.LoadDemo(ctx, a); code(err) != app.ECONFLICT {
		t.Errorf("a second demo hotel: %v", err)
	}
	rooms, err := s.Property.ListRooms(ctx, a, h.ID, property.RoomFilter{})
	mustNot(t, err)
	types, err := s.Property.ListRoomTypes(ctx, a, h.ID, property.RoomTypeFilter{})
	mustNot(t, err)
	if len(rooms) != 40 || len(types) != 5 {
		t.Errorf("%d rooms in %d types, want 40 in 5", len(rooms), len(types))
	}
	list, err := s.Booking.ListReservations(ctx, a, booking.ReservationFilter{HotelID: h.ID, Limit: 1000})
	mustNot(t, err)
	statuses := map[string]int{}
	for _, r := range list {
		statuses[r.Status]++
	}
	if len(list) < 300 || statuses[booking.StatusCheckedIn] == 0 || statuses[booking.StatusCheckedOut] == 0 || statuses[booking.StatusConfirmed] == 0 {
		t.Errorf("%d reservations: %v", len(list), statuses)
	}
	c, err := s.Booking.ConflictsOf(ctx, a, h.ID, "2000-01-01", "2100-01-01")
	mustNot(t, err)
	if len(c.Oversold)+len(c.RoomNights) != 0 {
		t.Errorf("the demo hotel has conflicts: %+v", c)
	}
	mustNot(t, s.DB.Check())
}

func TestRateCalendarRestrictionsForbidTheStays(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	set := func(from, to string, s property.RateDaySet) {
		t.Helper()
		_, err := p.s.Property.SetRateCalendar(ctx, p.a, p.hotel.ID, property.RateCalendarChange{RatePlanID: p.stdPlan.ID, From: from, To: to, Set: s})
		mustNot(t, err)
	}
	yes, two := true, 2
	set("2026-12-05", "2026-12-06", property.RateDaySet{ClosedToDeparture: &yes})
	set("2026-12-10", "2026-12-11", property.RateDaySet{ClosedToArrival: &yes, MinStay: &two})
	set("2026-12-15", "2026-12-16", property.RateDaySet{StopSell: &yes})
	tests := []struct {
		name, in, out string
		reasons       []string
	}{
		{"leaving on a day closed to departure", "2026-12-03", "2026-12-05", []string{booking.ReasonClosedToDeparture}},
		{"staying over a day closed to departure", "2026-12-04", "2026-12-06", nil},
		{"arriving on a day closed to arrival, one night", "2026-12-10", "2026-12-11", []string{booking.ReasonClosedToArrival, booking.ReasonMinStay}},
		{"a night of stop-sell", "2026-12-14", "2026-12-17", []string{booking.ReasonStopSell}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			av, err := p.s.Booking.Availability(ctx, p.a, p.hotel.ID, booking.AvailabilityQuery{CheckIn: tt.in, CheckOut: tt.out, Adults: 1, RoomType: p.std.ID})
			mustNot(t, err)
			got := av.RoomTypes[0].RatePlans[0].Reasons
			if len(got) == 0 {
				got = nil
			}
			if !slices.Equal(got, tt.reasons) {
				t.Errorf("reasons = %v, want %v", got, tt.reasons)
			}
			_, err = p.book(t, p.std, p.stdPlan, tt.in, tt.out, "Restricted")
			if (len(tt.reasons) > 0) != (code(err) == app.ECONFLICT) {
				t.Errorf("booking: %v", err)
			}
		})
	}
}
