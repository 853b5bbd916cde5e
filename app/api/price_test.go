package api_test

import (
	"fmt"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/booking"
)

func TestAManagerChangesTheAgreedPriceAndTheDeskSeesTaxEverywhere(t *testing.T) {
	hd := newHotelDesk(t)
	// 6% tax on top of the prices.
	hd.do(t, request{method: "PATCH", path: "/api/v1/hotels/" + hd.hotel.ID, body: `{"tax":{"rate_bp":600,"included":false}}`, token: hd.token}).want(t, 200)
	hd.addUser(t, hd.token, access.UserInput{Username: "desk", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: staffPassword})
	desk := hd.signIn(t, "desk", staffPassword).Token

	var av booking.Availability
	hd.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/hotels/%s/availability?check_in=%s&check_out=%s&adults=2&room_type=%s", hd.hotel.ID, hd.day(1), hd.day(3), hd.dlx.ID), token: desk}).want(t, 200).decode(t, &av)
	if got := av.RoomTypes[0].RatePlans[0].Tax; got.Net != 100000 || got.Tax != 6000 || got.Gross != 106000 {
		t.Errorf("availability tax = %+v, want 100000 + 6000", got)
	}

	// Booking with a complimentary night: the desk may not, the manager may.
	priced := strings.Replace(hd.bookBody(hd.dlx, hd.dlxPlan, hd.day(1), hd.day(3)), `"adults":2}`,
		fmt.Sprintf(`"adults":2,"price":{"comp":[%q],"reason":"loyalty"}}`, hd.day(2)), 1)
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: priced, token: desk}).want(t, 403)
	var list struct{ Reservations []booking.Reservation }
	hd.do(t, request{method: "GET", path: "/api/v1/reservations?hotel=" + hd.hotel.ID, token: hd.token}).want(t, 200).decode(t, &list)
	if len(list.Reservations) != 0 {
		t.Fatalf("the refused booking left %d reservations", len(list.Reservations))
	}
	quote := fmt.Sprintf(`{"room_type_id":%q,"rate_plan_id":%q,"check_in":%q,"check_out":%q,"adults":2,"price":{"comp":[%q],"reason":"loyalty"}}`,
		hd.dlx.ID, hd.dlxPlan.ID, hd.day(1), hd.day(3), hd.day(2))
	hd.do(t, request{method: "POST", path: "/api/v1/hotels/" + hd.hotel.ID + "/price-quote", body: quote, token: desk}).want(t, 403)
	var bq booking.BookingPriceQuote
	hd.do(t, request{method: "POST", path: "/api/v1/hotels/" + hd.hotel.ID + "/price-quote", body: quote, token: hd.token}).want(t, 200).decode(t, &bq)
	if bq.RateTotal != 100000 || bq.Total != 50000 || bq.Tax.Gross != 53000 {
		t.Errorf("booking quote = %+v, want 100000 at the rate, 50000 agreed, 53000 with tax", bq)
	}
	var res booking.BookingResult
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: priced, token: hd.token}).want(t, 201).decode(t, &res)
	r := res.Reservations[0]
	if r.Total != bq.Total || r.Nights[1].Adjusted != booking.AdjustedComp || r.Nights[1].RatePrice != 50000 || res.Tax == nil || res.Tax.Gross != 53000 {
		t.Errorf("booked %+v (tax %+v), want the quoted price", r, res.Tax)
	}

	// Afterwards: the desk may not change the price; the manager previews it, then changes it.
	body := `{"stay_total":80000,"reason":"rate match"}`
	for _, path := range []string{"/price", "/price-quote"} {
		hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + r.ID + path, body: body, token: desk}).want(t, 403)
	}
	var q, m booking.Modified
	hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + r.ID + "/price-quote", body: body, token: hd.token}).want(t, 200).decode(t, &q)
	var same booking.Reservation
	hd.do(t, request{method: "GET", path: "/api/v1/reservations/" + r.ID, token: desk}).want(t, 200).decode(t, &same)
	if same.Total != 50000 || same.UpdatedAt != r.UpdatedAt {
		t.Errorf("the preview changed the reservation: %+v", same)
	}
	hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + r.ID + "/price", body: fmt.Sprintf(`{"stay_total":80000,"reason":"rate match","expected_total":%d}`, q.Reservation.Total), token: hd.token}).want(t, 200).decode(t, &m)
	if m.Reservation.Total != 80000 || m.Difference != 30000 || len(m.Nights) != 2 || m.Nights[1].Old != 0 || m.Nights[1].New != 40000 {
		t.Errorf("change = %+v, want 80000 over the two nights", m)
	}
	var got booking.Reservation
	hd.do(t, request{method: "GET", path: "/api/v1/reservations/" + r.ID, token: desk}).want(t, 200).decode(t, &got)
	if got.Total != 80000 || len(got.PriceHistory) != 2 || got.PriceHistory[1].Reason != "rate match" || got.Tax == nil || got.Tax.Tax != 4800 || got.Tax.Gross != 84800 {
		t.Errorf("reservation = total %d, history %+v, tax %+v", got.Total, got.PriceHistory, got.Tax)
	}

	// Bad input: a clear error, nothing changed.
	for _, bad := range []struct {
		body   string
		status int
		key    string
	}{
		{`{"stay_total":1}`, 400, "booking.price_reason_required"},
		{`{"discount_percent":101,"reason":"x"}`, 400, "booking.price_percent"},
		{fmt.Sprintf(`{"comp":[%q],"reason":"x"}`, hd.day(9)), 400, "booking.price_night_not_in_stay"},
		{`{"discount_percent":10,"reason":"x","expected_total":1}`, 409, "booking.price_total_changed"},
	} {
		resp := hd.do(t, request{method: "POST", path: "/api/v1/reservations/" + r.ID + "/price", body: bad.body, token: hd.token}).want(t, bad.status)
		if !strings.Contains(string(resp.body), bad.key) {
			t.Errorf("%s: %s, want %s", bad.body, resp.body, bad.key)
		}
	}
	hd.do(t, request{method: "GET", path: "/api/v1/reservations/" + r.ID, token: desk}).want(t, 200).decode(t, &same)
	if same.Total != 80000 || len(same.PriceHistory) != 2 {
		t.Errorf("a refused change changed the reservation: %+v", same)
	}
}
