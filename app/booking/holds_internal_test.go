package booking

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/audit"
	"innkeep/app/guest"
	"innkeep/store"
)

// holdDesk is a hotel of one room type with one room (101) and a rate
// plan, on a clock the test moves, from 2026-11-26 09:00 UTC (the business
// date is 2026-11-26).
type holdDesk struct {
	*propInternal

	mu  sync.Mutex
	now time.Time
}

func (d *holdDesk) clock() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.now
}

func (d *holdDesk) advance(by time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.now = d.now.Add(by)
}

func newHoldDesk(t *testing.T) *holdDesk {
	t.Helper()
	d := &holdDesk{now: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	d.propInternal = newPropInternalAt(t, d.clock)
	return d
}

// book books room 101 from checkIn to checkOut as status (held for
// holdMinutes when tentative).
func (d *holdDesk) book(t *testing.T, status, checkIn, checkOut string, holdMinutes int) Reservation {
	t.Helper()
	res, err := d.s.Book(context.Background(), d.a, BookingInput{HotelID: d.hotel.ID, CheckIn: checkIn, CheckOut: checkOut,
		Rooms:  []RoomRequest{{RoomTypeID: d.rt.ID, RatePlanID: d.plan.ID, Adults: 2, RoomID: d.room.ID}},
		Guest:  BookingGuest{GuestInput: guest.GuestInput{Name: "Wei Zhang"}},
		Status: status, HoldMinutes: holdMinutes}, "")
	if err != nil {
		t.Fatalf("book %s %s–%s: %v", status, checkIn, checkOut, err)
	}
	return res.Reservations[0]
}

func (d *holdDesk) hash(t *testing.T) string {
	t.Helper()
	h, err := d.s.DB.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// reads is what every reader of the hotel sees of room 101 on the nights
// 2026-11-26 and 27.
type reads struct {
	available    int    // rooms of the type free for the stay
	charted      int    // blocks on the tape chart, in rows and unassigned
	occupied     bool   // room 101 shows a block that holds it tonight (the dashboard's occupancy)
	holding      bool   // the room counts as held for an out-of-order change
	roomConflict int    // room-night conflicts
	oversold     int    // oversold type-nights
	holdLapsed   bool   // the hold's view says it lapsed
	status       string // the hold's status as shown
}

func (d *holdDesk) read(t *testing.T, holdID string) reads {
	t.Helper()
	ctx := context.Background()
	var got reads
	av, err := d.s.Availability(ctx, d.a, d.hotel.ID, AvailabilityQuery{CheckIn: "2026-11-26", CheckOut: "2026-11-28", Adults: 2})
	if err != nil {
		t.Fatal(err)
	}
	got.available = av.RoomTypes[0].Available
	tc, err := d.s.TapeChartOf(ctx, d.a, d.hotel.ID, "2026-11-26", "2026-11-28")
	if err != nil {
		t.Fatal(err)
	}
	got.charted = len(tc.Unassigned)
	for _, rm := range tc.Rooms {
		got.charted += len(rm.Blocks)
		for _, b := range rm.Blocks {
			if rm.ID == d.room.ID && HoldsInventory(b.Status) && b.From <= "2026-11-26" && b.To > "2026-11-26" {
				got.occupied = true
			}
		}
	}
	if err := d.s.DB.View(func(tx *store.Tx) error {
		_, got.holding, err = d.s.HoldingRoom(tx, d.hotel.ID, d.room.ID, "2026-11-26")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	c, err := d.s.ConflictsOf(ctx, d.a, d.hotel.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	got.roomConflict, got.oversold = len(c.RoomNights), len(c.Oversold)
	r, err := d.s.GetReservation(ctx, d.a, holdID)
	if err != nil {
		t.Fatal(err)
	}
	got.holdLapsed, got.status = r.HoldLapsed, r.Status
	list, err := d.s.ListReservations(ctx, d.a, ReservationFilter{HotelID: d.hotel.ID, From: "2026-11-25", To: "2026-11-27"})
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(list, func(x Reservation) bool { return x.ID == holdID }); i < 0 || list[i].HoldLapsed != r.HoldLapsed {
		t.Errorf("the list shows the hold otherwise than its view (lapsed %v)", r.HoldLapsed)
	}
	return got
}

func TestALapsedHoldStopsCountingWhenItLapsesWithoutAWrite(t *testing.T) {
	d := newHoldDesk(t)
	hold := d.book(t, StatusTentative, "2026-11-26", "2026-11-28", 30)

	live := d.read(t, hold.ID)
	if want := (reads{available: 0, charted: 1, occupied: true, holding: true, status: StatusTentative}); live != want {
		t.Fatalf("a live hold reads %+v, want %+v", live, want)
	}

	d.advance(30 * time.Minute) // hold_until: the hold lapses now
	before := d.hash(t)
	lapsed := d.read(t, hold.ID)
	if want := (reads{available: 1, charted: 0, occupied: false, holding: false, holdLapsed: true, status: StatusTentative}); lapsed != want {
		t.Errorf("a lapsed hold reads %+v, want %+v", lapsed, want)
	}
	if after := d.hash(t); after != before {
		t.Errorf("reading a lapsed hold changed the store")
	}

	// Another booking takes the room; the hold is never written down as
	// cancelled (a cancellation could override another desk's
	// confirmation in a merge): it stays tentative and reads lapsed.
	d.book(t, StatusConfirmed, "2026-11-26", "2026-11-28", 0)
	r, err := d.s.GetReservation(context.Background(), d.a, hold.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != StatusTentative || r.Cancellation != nil || !r.HoldLapsed {
		t.Errorf("the lapsed hold after a booking = %s %+v (lapsed %v), want tentative and lapsed", r.Status, r.Cancellation, r.HoldLapsed)
	}
}

func TestALapsedHoldIsNoConflictWithTheBookingThatTookItsRoom(t *testing.T) {
	d := newHoldDesk(t)
	hold := d.book(t, StatusTentative, "2026-11-26", "2026-11-28", 30)
	// A desk cut off from this one booked the same room meanwhile; its
	// booking arrived by replication (written as it was made there).
	other := Reservation{ID: app.NewID(d.clock()), HotelID: d.hotel.ID, Code: "OTHER-00001", Status: StatusConfirmed, RoomTypeID: d.rt.ID, RatePlanID: d.plan.ID,
		RoomID: d.room.ID, CheckIn: "2026-11-26", CheckOut: "2026-11-28", Adults: 2, GuestName: "Li Na", Currency: "CNY", RoomHistory: []RoomMove{}}
	if err := d.s.DB.Update("test", func(tx *store.Tx) error { return Reservations.Create(tx, other.ID, other) }); err != nil {
		t.Fatal(err)
	}
	if live := d.read(t, hold.ID); live.roomConflict != 2 || live.oversold != 2 {
		t.Fatalf("a live hold and a booking of its room: %d room-night conflicts and %d oversold nights, want 2 and 2", live.roomConflict, live.oversold)
	}

	d.advance(31 * time.Minute)
	before := d.hash(t)
	lapsed := d.read(t, hold.ID)
	if want := (reads{available: 0, charted: 1, occupied: true, holding: true, holdLapsed: true, status: StatusTentative}); lapsed != want {
		t.Errorf("after the hold lapsed: %+v, want %+v", lapsed, want)
	}
	if d.hash(t) != before {
		t.Errorf("reading a lapsed hold changed the store")
	}
}

func TestTheNightAuditExpiresUnconfirmedHoldsAndNoShowsConfirmedArrivals(t *testing.T) {
	tests := []struct {
		name        string
		status      string
		holdMinutes int
		lapse       time.Duration // how far the clock moves before the audit
		wantStatus  string
		wantReason  string
		wantNoShow  bool
	}{
		{"a lapsed hold arriving today is listed lapsed, not cancelled", StatusTentative, 30, time.Hour, StatusTentative, "", false},
		{"a live hold arriving today lapses with the day, unconfirmed", StatusTentative, MaxHoldMinutes, time.Hour, StatusTentative, "", false},
		{"a confirmed booking not arrived is a no-show", StatusConfirmed, 0, time.Hour, StatusNoShow, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newHoldDesk(t)
			r := d.book(t, tt.status, "2026-11-26", "2026-11-27", tt.holdMinutes)
			d.advance(tt.lapse)
			res, err := d.s.NightAudit(context.Background(), d.a, d.hotel.ID, "2026-11-26")
			if err != nil {
				t.Fatal(err)
			}
			got, err := d.s.GetReservation(context.Background(), d.a, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			reason := ""
			if got.Cancellation != nil {
				reason = got.Cancellation.Reason
			}
			if got.Status != tt.wantStatus || reason != tt.wantReason {
				t.Errorf("after the audit: %s %q, want %s %q", got.Status, reason, tt.wantStatus, tt.wantReason)
			}
			if got.HoldLapsed != (tt.status == StatusTentative) {
				t.Errorf("after the audit the reservation reads lapsed %v", got.HoldLapsed)
			}
			noShow := slices.ContainsFunc(res.NoShows, func(x Reservation) bool { return x.ID == r.ID })
			expired := slices.ContainsFunc(res.ExpiredHolds, func(x Reservation) bool { return x.ID == r.ID })
			if noShow != tt.wantNoShow || expired == tt.wantNoShow {
				t.Errorf("the audit lists it among no-shows %v and expired holds %v", noShow, expired)
			}
			page, err := auditOf(d.s).List(context.Background(), d.a, audit.Filter{Action: "reservation.no_show"})
			if err != nil {
				t.Fatal(err)
			}
			logged := slices.ContainsFunc(page.Entries, func(e audit.Entry) bool { return e.EntityID == r.ID })
			if logged != tt.wantNoShow {
				t.Errorf("the audit log records a no-show: %v, want %v", logged, tt.wantNoShow)
			}
		})
	}
}

// TestALapsedHoldDoesNotKeepItsRoomFromAnAssignmentOrAChange: the desk's
// own writes see a lapsed hold as holding nothing too, before anything has
// written it down: a booking that arrived by replication, without a room,
// is given the lapsed hold's room, and its stay is changed onto nights the
// hold had.
func TestALapsedHoldDoesNotKeepItsRoomFromAnAssignmentOrAChange(t *testing.T) {
	d := newHoldDesk(t)
	d.book(t, StatusTentative, "2026-11-26", "2026-11-28", 30)
	other := Reservation{ID: app.NewID(d.clock()), HotelID: d.hotel.ID, Code: "OTHER-00002", Status: StatusConfirmed, RoomTypeID: d.rt.ID, RatePlanID: d.plan.ID,
		CheckIn: "2026-11-26", CheckOut: "2026-11-27", Adults: 2, GuestName: "Li Na", Currency: "CNY", RoomHistory: []RoomMove{},
		Nights: []NightPrice{{Date: "2026-11-26", Price: 50000}}, Total: 50000}
	if err := d.s.DB.Update("test", func(tx *store.Tx) error { return Reservations.Create(tx, other.ID, other) }); err != nil {
		t.Fatal(err)
	}
	if _, err := d.s.AssignRoom(context.Background(), d.a, other.ID, AssignInput{RoomID: d.room.ID}); app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("assigning the room of a live hold: %v, want conflict", err)
	}

	d.advance(30 * time.Minute) // the hold lapses
	r, err := d.s.AssignRoom(context.Background(), d.a, other.ID, AssignInput{RoomID: d.room.ID})
	if err != nil {
		t.Fatalf("assigning the room of a lapsed hold: %v", err)
	}
	if r.RoomID != d.room.ID {
		t.Fatalf("room = %q, want %q", r.RoomID, d.room.ID)
	}
	out := "2026-11-28"
	if _, err := d.s.ModifyReservation(context.Background(), d.a, other.ID, ReservationPatch{CheckOut: &out}); err != nil {
		t.Errorf("extending onto a lapsed hold's night: %v", err)
	}
}
