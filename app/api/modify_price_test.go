package api_test

import (
	"fmt"
	"slices"
	"testing"

	"innkeep/app/booking"
	"innkeep/app/property"
)

func TestAChangeRepricesOnlyTheNightsItChangesAndTheQuoteShowsEachNight(t *testing.T) {
	hd := newHotelDesk(t)
	var room102 property.Room
	hd.do(t, request{method: "POST", path: "/api/v1/hotels/" + hd.hotel.ID + "/rooms", body: fmt.Sprintf(`{"number":"102","floor":1,"room_type_id":%q}`, hd.dlx.ID), token: hd.token}).want(t, 201).decode(t, &room102)
	var res booking.BookingResult
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: hd.bookBody(hd.dlx, hd.dlxPlan, hd.day(1), hd.day(4)), token: hd.token}).want(t, 201).decode(t, &res)
	r := res.Reservations[0]
	// A guest in house since the day before yesterday's business date.
	walkIn := hd.bookBody(hd.std, hd.plan2, hd.day(0), hd.day(3))
	walkIn = walkIn[:len(walkIn)-1] + `,"walk_in":true}`
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: walkIn, token: hd.token}).want(t, 201).decode(t, &res)
	inHouse := res.Reservations[0]
	hd.do(t, request{method: "POST", path: "/api/v1/hotels/" + hd.hotel.ID + "/night-audit", body: fmt.Sprintf(`{"business_date":%q}`, hd.day(0)), token: hd.token}).want(t, 200)

	// The rates go up after both were booked.
	hd.do(t, request{method: "PATCH", path: "/api/v1/rate-plans/" + hd.dlxPlan.ID, body: `{"base_rate":70000}`, token: hd.token}).want(t, 200)
	hd.do(t, request{method: "PATCH", path: "/api/v1/rate-plans/" + hd.plan2.ID, body: `{"base_rate":40000}`, token: hd.token}).want(t, 200)

	prices := func(ns []booking.NightPrice) []int64 {
		var out []int64
		for _, n := range ns {
			out = append(out, n.Price)
		}
		return out
	}
	steps := []struct {
		name  string
		id    string
		patch string
		want  []int64
	}{
		{"the requests alone change no price", r.ID, `{"special_requests":"late arrival"}`, []int64{50000, 50000, 50000}},
		{"a move to another room of the type changes no price", r.ID, fmt.Sprintf(`{"room_id":%q}`, room102.ID), []int64{50000, 50000, 50000}},
		{"one more night is the only night at today's rate", r.ID, fmt.Sprintf(`{"check_out":%q}`, hd.day(5)), []int64{50000, 50000, 50000, 70000}},
		{"a change of the party reprices every night", r.ID, `{"adults":1}`, []int64{70000, 70000, 70000, 70000}},
		{"the requests of a guest in house change no price", inHouse.ID, `{"special_requests":"extra towels"}`, []int64{30000, 30000, 30000}},
		{"a change of the party in house keeps the night slept", inHouse.ID, `{"adults":1}`, []int64{30000, 40000, 40000}},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			var before booking.Reservation
			hd.do(t, request{method: "GET", path: "/api/v1/reservations/" + s.id, token: hd.token}).want(t, 200).decode(t, &before)
			var q, m booking.Modified
			hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + s.id + "/modify-quote", body: s.patch, token: hd.token}).want(t, 200).decode(t, &q)
			var unchanged booking.Reservation
			hd.do(t, request{method: "GET", path: "/api/v1/reservations/" + s.id, token: hd.token}).want(t, 200).decode(t, &unchanged)
			if unchanged.UpdatedAt != before.UpdatedAt || !slices.Equal(prices(unchanged.Nights), prices(before.Nights)) {
				t.Error("the quote changed the reservation")
			}
			hd.do(t, request{method: "PATCH", path: "/api/v1/reservations/" + s.id, body: s.patch, token: hd.token}).want(t, 200).decode(t, &m)
			for _, got := range []booking.Modified{q, m} {
				if !slices.Equal(prices(got.Reservation.Nights), s.want) {
					t.Errorf("prices = %v, want %v", prices(got.Reservation.Nights), s.want)
				}
				// Per night, the price before and after.
				for i, n := range got.Nights {
					var old int64
					if i < len(before.Nights) {
						old = before.Nights[i].Price
					}
					if i >= len(s.want) || n.Date != got.Reservation.Nights[i].Date || n.Old != old || n.New != s.want[i] {
						t.Errorf("night %d = %+v, want %d → %v", i, n, old, s.want)
					}
				}
				if len(got.Nights) != len(s.want) {
					t.Errorf("the quote lists %d nights, want %d", len(got.Nights), len(s.want))
				}
			}
		})
	}
}
