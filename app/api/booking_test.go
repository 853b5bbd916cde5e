package api_test

import (
	"fmt"
	"innkeep/app/booking"
	"innkeep/app/guest"
	"innkeep/app/property"
	"strings"
	"testing"
	"time"
)

// hotelDesk is a desk set up with a hotel of two room types (one room
// each) and a rate plan per type, signed in as the administrator.
type hotelDesk struct {
	*testDesk
	token          string
	hotel          property.Hotel
	dlx, std       property.RoomType
	dlxPlan, plan2 property.RatePlan
	room1, room2   property.Room
}

func newHotelDesk(t *testing.T) *hotelDesk {
	t.Helper()
	d := newDesk(t)
	setup := d.setUp(t)
	hd := &hotelDesk{testDesk: d, hotel: setup.Hotel, token: d.signIn(t, adminName, adminPassword).Token}
	post := func(path, body string, v any) {
		t.Helper()
		hd.do(t, request{method: "POST", path: path, body: body, token: hd.token}).want(t, 201).decode(t, v)
	}
	h := "/api/v1/hotels/" + hd.hotel.ID
	post(h+"/room-types", `{"code":"DLX","name":"Deluxe","bed_type":"king","max_adults":2,"max_children":1}`, &hd.dlx)
	post(h+"/room-types", `{"code":"STD","name":"Standard","bed_type":"twin","max_adults":2,"max_children":0}`, &hd.std)
	post(h+"/rate-plans", fmt.Sprintf(`{"room_type_id":%q,"code":"DBAR","name":"Best","base_rate":50000,"included_adults":2}`, hd.dlx.ID), &hd.dlxPlan)
	post(h+"/rate-plans", fmt.Sprintf(`{"room_type_id":%q,"code":"SBAR","name":"Best","base_rate":30000,"included_adults":2}`, hd.std.ID), &hd.plan2)
	post(h+"/rooms", fmt.Sprintf(`{"number":"101","floor":1,"room_type_id":%q}`, hd.dlx.ID), &hd.room1)
	post(h+"/rooms", fmt.Sprintf(`{"number":"201","floor":2,"room_type_id":%q}`, hd.std.ID), &hd.room2)
	return hd
}

// day returns the business date plus n days.
func (hd *hotelDesk) day(n int) string {
	d, _ := time.Parse(time.DateOnly, hd.hotel.BusinessDate)
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}

func (hd *hotelDesk) bookBody(typ property.RoomType, plan property.RatePlan, in, out string) string {
	return fmt.Sprintf(`{"hotel_id":%q,"check_in":%q,"check_out":%q,"rooms":[{"room_type_id":%q,"rate_plan_id":%q,"adults":2}],
		"guest":{"name":"Chen Jing","phone":"+86 139 1234 5678"},"source":{"channel":"phone"}}`, hd.hotel.ID, in, out, typ.ID, plan.ID)
}

func TestBookingThroughTheAPI(t *testing.T) {
	hd := newHotelDesk(t)
	var av booking.Availability
	hd.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/hotels/%s/availability?check_in=%s&check_out=%s&adults=2", hd.hotel.ID, hd.day(1), hd.day(4)), token: hd.token}).want(t, 200).decode(t, &av)
	if av.Nights != 3 || len(av.RoomTypes) != 2 || av.RoomTypes[0].Available != 1 || av.RoomTypes[0].RatePlans[0].Total != 150000 {
		t.Fatalf("availability = %+v", av)
	}

	body := hd.bookBody(hd.dlx, hd.dlxPlan, hd.day(1), hd.day(4))
	var first, retry booking.BookingResult
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: body, token: hd.token, header: map[string]string{"Idempotency-Key": "k1"}}).want(t, 201).decode(t, &first)
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: body, token: hd.token, header: map[string]string{"Idempotency-Key": "k1"}}).want(t, 201).decode(t, &retry)
	if retry.Code != first.Code {
		t.Errorf("a retry with the same Idempotency-Key booked again: %s, %s", first.Code, retry.Code)
	}
	r := first.Reservations[0]
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: body, token: hd.token}).want(t, 409)

	var list struct{ Reservations []booking.Reservation }
	for _, q := range []string{first.Code, "chen", "1234 5678"} {
		hd.do(t, request{method: "GET", path: "/api/v1/reservations?hotel=" + hd.hotel.ID + "&q=" + strings.ReplaceAll(q, " ", "%20"), token: hd.token}).want(t, 200).decode(t, &list)
		if len(list.Reservations) != 1 || list.Reservations[0].ID != r.ID {
			t.Errorf("search %q found %d", q, len(list.Reservations))
		}
	}

	var m booking.Modified
	hd.do(t, request{method: "PATCH", path: "/api/v1/reservations/" + r.ID, body: fmt.Sprintf(`{"check_out":%q}`, hd.day(5)), token: hd.token}).want(t, 200).decode(t, &m)
	if m.Difference != 50000 {
		t.Errorf("difference = %d", m.Difference)
	}
	var fee booking.CancellationQuote
	hd.do(t, request{method: "GET", path: "/api/v1/reservations/" + r.ID + "/cancellation-fee", token: hd.token}).want(t, 200).decode(t, &fee)
	var cancelled booking.Reservation
	hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + r.ID + "/cancel", body: fmt.Sprintf(`{"reason":"changed plans","expected_fee":%d}`, fee.Fee), token: hd.token}).want(t, 200).decode(t, &cancelled)
	if cancelled.Status != booking.StatusCancelled {
		t.Errorf("status = %s", cancelled.Status)
	}

	// A walk-in for tonight, then check-out.
	walkIn := strings.Replace(hd.bookBody(hd.std, hd.plan2, hd.day(0), hd.day(1)), `"source"`, `"walk_in":true,"source"`, 1)
	walkIn = strings.Replace(walkIn, `"channel":"phone"`, `"channel":"walk_in"`, 1)
	var w booking.BookingResult
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: walkIn, token: hd.token}).want(t, 201).decode(t, &w)
	if w.Reservations[0].Status != booking.StatusCheckedIn || w.Reservations[0].RoomID != hd.room2.ID {
		t.Fatalf("walk-in = %+v", w.Reservations[0])
	}
	var tc booking.TapeChart
	hd.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/hotels/%s/tape-chart?from=%s&to=%s", hd.hotel.ID, hd.day(0), hd.day(14)), token: hd.token}).want(t, 200).decode(t, &tc)
	if len(tc.Rooms) != 2 || len(tc.Rooms[1].Blocks) != 1 {
		t.Errorf("tape chart = %+v", tc.Rooms)
	}
	hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + w.Reservations[0].ID + "/check-out", token: hd.token}).want(t, 200)
	var audit booking.NightAuditResult
	hd.do(t, request{method: "POST", path: "/api/v1/hotels/" + hd.hotel.ID + "/night-audit", body: fmt.Sprintf(`{"business_date":%q}`, hd.day(0)), token: hd.token}).want(t, 200).decode(t, &audit)
	if audit.NewBusinessDate != hd.day(1) {
		t.Errorf("night audit = %+v", audit)
	}
	var c booking.Conflicts
	hd.do(t, request{method: "GET", path: "/api/v1/hotels/" + hd.hotel.ID + "/conflicts", token: hd.token}).want(t, 200).decode(t, &c)
	if len(c.Oversold)+len(c.RoomNights) != 0 {
		t.Errorf("conflicts = %+v", c)
	}
}

func TestBadBookingRequestsAreRefusedAndChangeNothing(t *testing.T) {
	hd := newHotelDesk(t)
	before := hd.stateHash(t)
	ok := hd.bookBody(hd.dlx, hd.dlxPlan, hd.day(1), hd.day(3))
	tests := []struct {
		name, method, path, body string
		status                   int
		says                     string
	}{
		{"reversed dates", "POST", "/api/v1/reservations", hd.bookBody(hd.dlx, hd.dlxPlan, hd.day(3), hd.day(1)), 400, "after check_in"},
		{"zero nights", "POST", "/api/v1/reservations", hd.bookBody(hd.dlx, hd.dlxPlan, hd.day(2), hd.day(2)), 400, "after check_in"},
		{"a past date", "POST", "/api/v1/reservations", hd.bookBody(hd.dlx, hd.dlxPlan, hd.day(-2), hd.day(1)), 400, "past"},
		{"too many guests", "POST", "/api/v1/reservations", strings.Replace(ok, `"adults":2`, `"adults":9`, 1), 400, "at most"},
		{"adults as text", "POST", "/api/v1/reservations", strings.Replace(ok, `"adults":2`, `"adults":"two"`, 1), 400, "adults"},
		{"an unknown field", "POST", "/api/v1/reservations", strings.Replace(ok, `"hotel_id"`, `"hotel":1,"hotel_id"`, 1), 400, "unknown field"},
		{"an unknown hotel", "POST", "/api/v1/reservations", strings.Replace(ok, hd.hotel.ID, unknownID, 1), 404, "not found"},
		{"no guest", "POST", "/api/v1/reservations", strings.Replace(ok, `"name":"Chen Jing"`, `"name":""`, 1), 400, "guest"},
		{"availability with reversed dates", "GET", fmt.Sprintf("/api/v1/hotels/%s/availability?check_in=%s&check_out=%s", hd.hotel.ID, hd.day(3), hd.day(1)), "", 400, "after check_in"},
		{"availability with a bad number", "GET", fmt.Sprintf("/api/v1/hotels/%s/availability?check_in=%s&check_out=%s&adults=x", hd.hotel.ID, hd.day(1), hd.day(3)), "", 400, "whole number"},
		{"an unknown reservation", "POST", "/api/v1/reservations/" + unknownID + "/check-in", "", 404, "not found"},
		{"a tape chart too long", "GET", fmt.Sprintf("/api/v1/hotels/%s/tape-chart?from=%s&to=%s", hd.hotel.ID, hd.day(0), hd.day(100)), "", 400, "at most"},
		{"a night audit of a future date", "POST", "/api/v1/hotels/" + hd.hotel.ID + "/night-audit", fmt.Sprintf(`{"business_date":%q}`, hd.day(3)), 400, "cannot be audited"},
	}
	for _, tt := range tests {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			r := hd.do(t, request{method: tt.method, path: tt.path, body: tt.body, token: hd.token}).want(t, tt.status)
			if _, msg := r.envelope(t); !strings.Contains(msg, tt.says) {
				t.Errorf("message %q does not say %q", msg, tt.says)
			}
			if after := hd.stateHash(t); after != before {
				t.Error("a refused request changed the state")
			}
		})
	}
}

func TestCreatingRequestsWithAnIdempotencyKeyRunOnce(t *testing.T) {
	hd := newHotelDesk(t)
	key := map[string]string{"Idempotency-Key": "guest-1"}
	var first, again guest.GuestView
	hd.do(t, request{method: "POST", path: "/api/v1/guests", body: `{"name":"Retry Guest"}`, token: hd.token, header: key}).want(t, 201).decode(t, &first)
	r := hd.do(t, request{method: "POST", path: "/api/v1/guests", body: `{"name":"Retry Guest"}`, token: hd.token, header: key}).want(t, 201)
	r.decode(t, &again)
	if again.ID != first.ID || r.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("the retry made guest %s after %s", again.ID, first.ID)
	}
	hd.do(t, request{method: "POST", path: "/api/v1/guests", body: `{"name":"Someone Else"}`, token: hd.token, header: key}).want(t, 409)
	var list struct{ Guests []guest.GuestView }
	hd.do(t, request{method: "GET", path: "/api/v1/guests?q=retry", token: hd.token}).want(t, 200).decode(t, &list)
	if len(list.Guests) != 1 {
		t.Errorf("%d guests named Retry, want 1", len(list.Guests))
	}
}
