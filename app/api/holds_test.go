package api_test

import (
	"fmt"
	"innkeep/app/booking"
	"innkeep/app/property"
	"slices"
	"strings"
	"testing"
	"time"
)

// holdBody books room of typ for the stay as a tentative hold of minutes.
func (hd *hotelDesk) holdBody(typ property.RoomType, plan property.RatePlan, room property.Room, in, out string, minutes int) string {
	body := strings.Replace(hd.bookBody(typ, plan, in, out), `"adults":2}`, fmt.Sprintf(`"adults":2,"room_id":%q}`, room.ID), 1)
	return strings.Replace(body, `"source"`, fmt.Sprintf(`"status":"tentative","hold_minutes":%d,"source"`, minutes), 1)
}

func TestALapsedHoldFreesItsRoomForEveryReaderWithoutAWrite(t *testing.T) {
	hd := newHotelDesk(t)
	var held booking.BookingResult
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: hd.holdBody(hd.dlx, hd.dlxPlan, hd.room1, hd.day(0), hd.day(2), 5), token: hd.token}).want(t, 201).decode(t, &held)
	hold := held.Reservations[0]

	type seen struct {
		Available  int    // Deluxe rooms free for the stay
		Blocks     int    // blocks in room 101's row of the tape chart (the dashboard's occupancy)
		Conflicts  int    // room-night conflicts and oversold nights
		HoldLapsed bool   // the hold's view, and its row in the list, say it lapsed
		Status     string // the hold's status as shown
	}
	read := func() seen {
		t.Helper()
		var s seen
		var av booking.Availability
		hd.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/hotels/%s/availability?check_in=%s&check_out=%s&adults=2&room_type=%s", hd.hotel.ID, hd.day(0), hd.day(2), hd.dlx.ID), token: hd.token}).want(t, 200).decode(t, &av)
		s.Available = av.RoomTypes[0].Available
		var tc booking.TapeChart
		hd.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/hotels/%s/tape-chart?from=%s&to=%s", hd.hotel.ID, hd.day(0), hd.day(2)), token: hd.token}).want(t, 200).decode(t, &tc)
		for _, rm := range tc.Rooms {
			if rm.ID == hd.room1.ID {
				s.Blocks = len(rm.Blocks)
			}
		}
		var c booking.Conflicts
		hd.do(t, request{method: "GET", path: "/api/v1/hotels/" + hd.hotel.ID + "/conflicts", token: hd.token}).want(t, 200).decode(t, &c)
		s.Conflicts = len(c.RoomNights) + len(c.Oversold)
		var r booking.Reservation
		hd.do(t, request{method: "GET", path: "/api/v1/reservations/" + hold.ID, token: hd.token}).want(t, 200).decode(t, &r)
		s.HoldLapsed, s.Status = r.HoldLapsed, r.Status
		var list struct{ Reservations []booking.Reservation }
		hd.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/reservations?hotel=%s&from=%s&to=%s", hd.hotel.ID, hd.day(-1), hd.day(1)), token: hd.token}).want(t, 200).decode(t, &list)
		if i := slices.IndexFunc(list.Reservations, func(x booking.Reservation) bool { return x.ID == hold.ID }); i < 0 || list.Reservations[i].HoldLapsed != r.HoldLapsed {
			t.Errorf("the list shows the hold otherwise than its view")
		}
		return s
	}

	if live, want := read(), (seen{Available: 0, Blocks: 1, Status: booking.StatusTentative}); live != want {
		t.Fatalf("a live hold: %+v, want %+v", live, want)
	}
	hd.clk.Add(5 * time.Minute)
	before := hd.stateHash(t)
	if lapsed, want := read(), (seen{Available: 1, Blocks: 0, HoldLapsed: true, Status: booking.StatusTentative}); lapsed != want {
		t.Errorf("a lapsed hold: %+v, want %+v", lapsed, want)
	}
	if hd.stateHash(t) != before {
		t.Errorf("reading a lapsed hold changed the store")
	}

	// Another guest takes the room.
	body := strings.Replace(hd.bookBody(hd.dlx, hd.dlxPlan, hd.day(0), hd.day(2)), `"adults":2}`, fmt.Sprintf(`"adults":2,"room_id":%q}`, hd.room1.ID), 1)
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: body, token: hd.token}).want(t, 201)
	var r booking.Reservation
	hd.do(t, request{method: "GET", path: "/api/v1/reservations/" + hold.ID, token: hd.token}).want(t, 200).decode(t, &r)
	if r.Status != booking.StatusTentative || r.Cancellation != nil || !r.HoldLapsed {
		t.Errorf("the lapsed hold after the room was booked: %s %+v (lapsed %v), want tentative and lapsed, never written down as cancelled", r.Status, r.Cancellation, r.HoldLapsed)
	}
}

func TestTheNightAuditLapsesUnconfirmedHoldsAndNoShowsConfirmedArrivals(t *testing.T) {
	hd := newHotelDesk(t)
	var held, booked booking.BookingResult
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: hd.holdBody(hd.std, hd.plan2, hd.room2, hd.day(0), hd.day(1), 120), token: hd.token}).want(t, 201).decode(t, &held)
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: hd.bookBody(hd.dlx, hd.dlxPlan, hd.day(0), hd.day(1)), token: hd.token}).want(t, 201).decode(t, &booked)
	hold, confirmed := held.Reservations[0], booked.Reservations[0]

	var audit booking.NightAuditResult
	hd.do(t, request{method: "POST", path: "/api/v1/hotels/" + hd.hotel.ID + "/night-audit", body: fmt.Sprintf(`{"business_date":%q}`, hd.day(0)), token: hd.token}).want(t, 200).decode(t, &audit)
	ids := func(rs []booking.Reservation) []string {
		out := []string{}
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	if got := ids(audit.NoShows); !slices.Equal(got, []string{confirmed.ID}) {
		t.Errorf("no-shows = %v, want only the confirmed booking %s", got, confirmed.ID)
	}
	if got := ids(audit.ExpiredHolds); !slices.Equal(got, []string{hold.ID}) {
		t.Errorf("expired holds = %v, want the hold %s", got, hold.ID)
	}
	for _, tt := range []struct {
		name, id, status, reason string
		lapsed                   bool
	}{
		{"the unconfirmed hold reads lapsed, its status untouched", hold.ID, booking.StatusTentative, "", true},
		{"the confirmed booking is a no-show", confirmed.ID, booking.StatusNoShow, "", false},
	} {
		var r booking.Reservation
		hd.do(t, request{method: "GET", path: "/api/v1/reservations/" + tt.id, token: hd.token}).want(t, 200).decode(t, &r)
		reason := ""
		if r.Cancellation != nil {
			reason = r.Cancellation.Reason
		}
		if r.Status != tt.status || reason != tt.reason || r.HoldLapsed != tt.lapsed {
			t.Errorf("%s: %s %q (lapsed %v), want %s %q (lapsed %v)", tt.name, r.Status, reason, r.HoldLapsed, tt.status, tt.reason, tt.lapsed)
		}
	}
}
