package api_test

import (
	"net/http"
	"strings"
	"testing"

	"innkeep/app/booking"
	"innkeep/app/property"
)

// TestSecurityStaysCannotBeBookedBeyondTheHotelsHorizon: arrivals lie at
// most booking_horizon_days (three years unless the hotel says otherwise)
// after the business date, in bookings, changes and availability searches;
// a refused request changes nothing. The hotel's settings change the
// horizon, within 1 to 3653 days.
func TestSecurityStaysCannotBeBookedBeyondTheHotelsHorizon(t *testing.T) {
	hd := newHotelDesk(t)
	if hd.hotel.BookingHorizonDays != property.DefaultBookingHorizonDays {
		t.Errorf("a new hotel's horizon is %d days, want %d", hd.hotel.BookingHorizonDays, property.DefaultBookingHorizonDays)
	}
	book := func(in, out string) reply {
		return hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: hd.bookBody(hd.dlx, hd.dlxPlan, in, out), token: hd.token})
	}
	refused := func(t *testing.T, r reply) {
		t.Helper()
		if r.status != http.StatusBadRequest {
			t.Fatalf("status %d, want 400: %.300s", r.status, r.body)
		}
		if code, msg := r.envelope(t); code != "invalid" || !strings.Contains(msg, "too far ahead") {
			t.Errorf("answer %s %q, want invalid: too far ahead", code, msg)
		}
	}

	var made booking.BookingResult
	book(hd.day(1096), hd.day(1097)).want(t, http.StatusCreated).decode(t, &made)
	before := hd.stateHash(t)
	t.Run("an arrival in the year 9999", func(t *testing.T) { refused(t, book("9999-12-01", "9999-12-02")) })
	t.Run("an arrival a day past the horizon", func(t *testing.T) { refused(t, book(hd.day(1097), hd.day(1098))) })
	t.Run("an availability search past the horizon", func(t *testing.T) {
		refused(t, hd.do(t, request{method: "GET", path: "/api/v1/hotels/" + hd.hotel.ID + "/availability?check_in=9999-01-01&check_out=9999-01-02&adults=1", token: hd.token}))
	})
	t.Run("moving a stay past the horizon", func(t *testing.T) {
		refused(t, hd.do(t, request{method: "PATCH", path: "/api/v1/reservations/" + made.Reservations[0].ID,
			body: `{"check_in":"` + hd.day(2000) + `","check_out":"` + hd.day(2001) + `"}`, token: hd.token}))
	})
	if hd.stateHash(t) != before {
		t.Error("a refused booking changed the store")
	}

	h := "/api/v1/hotels/" + hd.hotel.ID
	for _, days := range []string{"0", "-1", "3654"} {
		r := hd.do(t, request{method: "PATCH", path: h, body: `{"booking_horizon_days":` + days + `}`, token: hd.token}).want(t, http.StatusBadRequest)
		if code, _ := r.envelope(t); code != "invalid" {
			t.Errorf("a horizon of %s days: %s", days, code)
		}
	}
	var hotel property.Hotel
	hd.do(t, request{method: "PATCH", path: h, body: `{"booking_horizon_days":30}`, token: hd.token}).want(t, http.StatusOK).decode(t, &hotel)
	if hotel.BookingHorizonDays != 30 {
		t.Fatalf("horizon = %d, want 30", hotel.BookingHorizonDays)
	}
	refused(t, book(hd.day(31), hd.day(32)))
	book(hd.day(30), hd.day(31)).want(t, http.StatusCreated)
	// A stay booked before the horizon was shortened keeps its dates
	// through other changes.
	hd.do(t, request{method: "PATCH", path: "/api/v1/reservations/" + made.Reservations[0].ID,
		body: `{"check_out":"` + hd.day(1098) + `"}`, token: hd.token}).want(t, http.StatusOK)
}
