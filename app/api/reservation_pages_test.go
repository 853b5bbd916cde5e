package api_test

import (
	"net/url"
	"strings"
	"testing"

	"innkeep/app/booking"
)

func TestTheReservationListPagesWithACursor(t *testing.T) {
	hd := newHotelDesk(t)
	for d := 1; d <= 5; d++ {
		hd.do(t, request{method: "POST", path: "/api/v1/reservations", token: hd.token, body: hd.bookBody(hd.std, hd.plan2, hd.day(d), hd.day(d+1))}).want(t, 201)
	}
	seen := map[string]bool{}
	cursor, pages := "", 0
	for {
		var page booking.ReservationPage
		hd.do(t, request{method: "GET", token: hd.token,
			path: "/api/v1/reservations?hotel=" + hd.hotel.ID + "&limit=2&cursor=" + url.QueryEscape(cursor)}).want(t, 200).decode(t, &page)
		pages++
		for _, r := range page.Reservations {
			if seen[r.ID] {
				t.Fatalf("reservation %s on two pages", r.Code)
			}
			seen[r.ID] = true
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	if len(seen) != 5 || pages != 3 {
		t.Fatalf("%d reservations on %d pages; want 5 on 3", len(seen), pages)
	}
	r := hd.do(t, request{method: "GET", token: hd.token, path: "/api/v1/reservations?hotel=" + hd.hotel.ID + "&cursor=xyz",
		header: map[string]string{"Accept-Language": "zh-CN"}}).want(t, 400)
	if !strings.Contains(r.body, "booking.cursor_invalid") || !strings.Contains(r.body, "第一页") {
		t.Fatalf("a bad cursor: %s", r.body)
	}
}
