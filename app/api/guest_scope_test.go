package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/booking"
	"innkeep/app/guest"
	"innkeep/app/property"
)

// scopeDesk is a hotel desk with a second hotel, B (a room type and a plan),
// and a front-desk user whose scope is hotel B only.
type scopeDesk struct {
	*hotelDesk
	hotelB   property.Hotel
	typeB    property.RoomType
	planB    property.RatePlan
	deskB    string // the B front desk's token
	bookedAt func(t *testing.T, token string, hotel property.Hotel, typ property.RoomType, plan property.RatePlan, guestJSON string) booking.Reservation
}

func newScopeDesk(t *testing.T) *scopeDesk {
	t.Helper()
	hd := newHotelDesk(t)
	sd := &scopeDesk{hotelDesk: hd}
	post := func(path, body string, v any) {
		t.Helper()
		hd.do(t, request{method: "POST", path: path, body: body, token: hd.token}).want(t, 201).decode(t, v)
	}
	post("/api/v1/hotels", `{"name":"Hill Lodge","time_zone":"Asia/Shanghai","currency":"CNY"}`, &sd.hotelB)
	post("/api/v1/hotels/"+sd.hotelB.ID+"/room-types", `{"code":"TWN","name":"Twin","bed_type":"twin","max_adults":2,"max_children":0}`, &sd.typeB)
	post("/api/v1/hotels/"+sd.hotelB.ID+"/rate-plans", fmt.Sprintf(`{"room_type_id":%q,"code":"BAR","name":"Best","base_rate":30000,"included_adults":2}`, sd.typeB.ID), &sd.planB)
	for _, n := range []string{"1", "2", "3"} {
		post("/api/v1/hotels/"+sd.hotelB.ID+"/rooms", fmt.Sprintf(`{"number":%q,"floor":1,"room_type_id":%q}`, n, sd.typeB.ID), &property.Room{})
	}
	hd.addUser(t, hd.token, access.UserInput{Username: "deskb", Roles: []string{access.RoleFrontDesk}, Hotels: app.Hotels(sd.hotelB.ID), Password: staffPassword})
	sd.deskB = hd.signIn(t, "deskb", staffPassword).Token
	sd.bookedAt = func(t *testing.T, token string, hotel property.Hotel, typ property.RoomType, plan property.RatePlan, guestJSON string) booking.Reservation {
		t.Helper()
		body := fmt.Sprintf(`{"hotel_id":%q,"check_in":%q,"check_out":%q,"rooms":[{"room_type_id":%q,"rate_plan_id":%q,"adults":1}],
			"guest":%s,"source":{"channel":"phone"}}`, hotel.ID, hd.day(1), hd.day(2), typ.ID, plan.ID, guestJSON)
		var res booking.BookingResult
		hd.do(t, request{method: "POST", path: "/api/v1/reservations", body: body, token: token}).want(t, http.StatusCreated).decode(t, &res)
		return res.Reservations[0]
	}
	return sd
}

// TestSecurityGuestsOfOtherHotelsAreNotFound: a front desk scoped to hotel
// B meets a guest who stayed only at hotel A as if it did not exist, on
// every guest route — reading, searching, changing, the identity document,
// stays, merging either way, booking — and nothing changes; the
// identity document number never leaves the server.
func TestSecurityGuestsOfOtherHotelsAreNotFound(t *testing.T) {
	sd := newScopeDesk(t)
	const secret = "A-SECRET-4711"
	resA := sd.bookedAt(t, sd.token, sd.hotel, sd.dlx, sd.dlxPlan, `{"name":"Chen Jing","phone":"+86 139 1234 5678"}`)
	guestA := resA.GuestID
	sd.do(t, request{method: "PATCH", path: "/api/v1/guests/" + guestA, token: sd.token,
		body: `{"id_document":{"type":"passport","number":"` + secret + `"}}`}).want(t, http.StatusOK)
	guestB := sd.postGuest(t, sd.deskB, `{"name":"Chen Bo"}`)
	if guestB.HotelID != sd.hotelB.ID {
		t.Fatalf("a guest made by the B desk has hotel %q, want B", guestB.HotelID)
	}

	notFound := []struct {
		name string
		req  request
	}{
		{"reading the guest", request{method: "GET", path: "/api/v1/guests/" + guestA}},
		{"changing the guest", request{method: "PATCH", path: "/api/v1/guests/" + guestA, body: `{"name":"Someone Else"}`}},
		{"changing the identity document", request{method: "PATCH", path: "/api/v1/guests/" + guestA, body: `{"id_document":{"type":"passport","number":"X1"}}`}},
		{"listing the guest's stays", request{method: "GET", path: "/api/v1/guests/" + guestA + "/stays"}},
		{"merging the guest into one's own", request{method: "POST", path: "/api/v1/guests/" + guestB.ID + "/merge", body: `{"duplicate_id":"` + guestA + `"}`}},
		{"merging one's own guest into the guest", request{method: "POST", path: "/api/v1/guests/" + guestA + "/merge", body: `{"duplicate_id":"` + guestB.ID + `"}`}},
		{"booking for the guest", request{method: "POST", path: "/api/v1/reservations", body: fmt.Sprintf(`{"hotel_id":%q,"check_in":%q,"check_out":%q,
			"rooms":[{"room_type_id":%q,"rate_plan_id":%q,"adults":1}],"guest":{"id":%q},"source":{"channel":"phone"}}`,
			sd.hotelB.ID, sd.day(3), sd.day(4), sd.typeB.ID, sd.planB.ID, guestA)}},
	}
	for _, tt := range notFound {
		t.Run(tt.name, func(t *testing.T) {
			before := sd.stateHash(t)
			req := tt.req
			req.token = sd.deskB
			r := sd.do(t, req).want(t, http.StatusNotFound)
			if code, _ := r.envelope(t); code != "not_found" {
				t.Errorf("code = %s, want not_found", code)
			}
			if strings.Contains(r.body, secret) || strings.Contains(r.body, "Chen Jing") {
				t.Errorf("the answer shows hotel A's guest: %s", r.body)
			}
			if sd.stateHash(t) != before {
				t.Error("the refused request changed the store")
			}
		})
	}

	for _, q := range []string{"", "?q=chen", "?q=13912345678"} {
		t.Run("searching "+q+" leaves the guest out", func(t *testing.T) {
			r := sd.do(t, request{method: "GET", path: "/api/v1/guests" + q, token: sd.deskB}).want(t, http.StatusOK)
			if strings.Contains(r.body, guestA) || strings.Contains(r.body, secret) {
				t.Errorf("the search shows hotel A's guest: %s", r.body)
			}
		})
	}

	t.Run("the B desk still sees its own guest, and an administrator both", func(t *testing.T) {
		sd.do(t, request{method: "GET", path: "/api/v1/guests/" + guestB.ID, token: sd.deskB}).want(t, http.StatusOK)
		var g guest.GuestView
		sd.do(t, request{method: "GET", path: "/api/v1/guests/" + guestA, token: sd.token}).want(t, http.StatusOK).decode(t, &g)
		if g.IDDocument.Number != secret {
			t.Errorf("the administrator reads number %q", g.IDDocument.Number)
		}
		var list struct{ Guests []guest.GuestView }
		sd.do(t, request{method: "GET", path: "/api/v1/guests?q=chen", token: sd.deskB}).want(t, http.StatusOK).decode(t, &list)
		if len(list.Guests) != 1 || list.Guests[0].ID != guestB.ID {
			t.Errorf("the B desk's search for chen = %+v, want its own guest only", list.Guests)
		}
	})
}

// TestSecurityAMergeNeverRewritesAnotherHotelsReservations: a guest who
// stayed at hotels A and B is seen by the B desk (a stay at B), but the B
// desk may not merge it into another profile: the merge would move its
// hotel A reservation. It may merge a duplicate of its own hotel into it.
func TestSecurityAMergeNeverRewritesAnotherHotelsReservations(t *testing.T) {
	sd := newScopeDesk(t)
	both := sd.bookedAt(t, sd.token, sd.hotel, sd.dlx, sd.dlxPlan, `{"name":"Wang Li"}`).GuestID
	sd.bookedAt(t, sd.token, sd.hotelB, sd.typeB, sd.planB, `{"id":"`+both+`"}`)
	own := sd.postGuest(t, sd.deskB, `{"name":"Wang L."}`)
	sd.bookedAt(t, sd.deskB, sd.hotelB, sd.typeB, sd.planB, `{"id":"`+own.ID+`"}`)

	sd.do(t, request{method: "GET", path: "/api/v1/guests/" + both, token: sd.deskB}).want(t, http.StatusOK)
	before := sd.stateHash(t)
	r := sd.do(t, request{method: "POST", path: "/api/v1/guests/" + own.ID + "/merge", token: sd.deskB,
		body: `{"duplicate_id":"` + both + `"}`}).want(t, http.StatusForbidden)
	if code, _ := r.envelope(t); code != "forbidden" {
		t.Errorf("code = %s, want forbidden", code)
	}
	if sd.stateHash(t) != before {
		t.Error("the refused merge changed the store")
	}

	var kept guest.GuestView
	sd.do(t, request{method: "POST", path: "/api/v1/guests/" + both + "/merge", token: sd.deskB,
		body: `{"duplicate_id":"` + own.ID + `"}`}).want(t, http.StatusOK).decode(t, &kept)
	var stays struct{ Stays []booking.Reservation }
	sd.do(t, request{method: "GET", path: "/api/v1/guests/" + both + "/stays", token: sd.token}).want(t, http.StatusOK).decode(t, &stays)
	if len(stays.Stays) != 3 {
		b, _ := json.Marshal(stays)
		t.Errorf("after the merge the kept guest has %d stays, want 3: %s", len(stays.Stays), b)
	}
}

// TestAGuestIsCreatedAtAHotelOfTheCallersScope: a caller with one hotel
// creates guests there; one with several must name the hotel, and only one
// of theirs.
func TestAGuestIsCreatedAtAHotelOfTheCallersScope(t *testing.T) {
	sd := newScopeDesk(t)
	sd.addUser(t, sd.token, access.UserInput{Username: "desk2", Roles: []string{access.RoleFrontDesk}, Hotels: app.Hotels(sd.hotel.ID, sd.hotelB.ID), Password: staffPassword})
	two := sd.signIn(t, "desk2", staffPassword).Token
	before := sd.stateHash(t)
	r := sd.do(t, request{method: "POST", path: "/api/v1/guests", body: `{"name":"No Hotel"}`, token: two}).want(t, http.StatusBadRequest)
	if code, msg := r.envelope(t); code != "invalid" || !strings.Contains(msg, "hotel") {
		t.Errorf("answer %s %q, want invalid naming the hotel", code, msg)
	}
	sd.do(t, request{method: "POST", path: "/api/v1/guests", body: `{"name":"Elsewhere","hotel_id":"` + sd.hotel.ID + `"}`, token: sd.deskB}).want(t, http.StatusNotFound)
	if sd.stateHash(t) != before {
		t.Error("a refused guest changed the store")
	}
	if g := sd.postGuest(t, two, `{"name":"At A","hotel_id":"`+sd.hotel.ID+`"}`); g.HotelID != sd.hotel.ID {
		t.Errorf("hotel = %q, want A", g.HotelID)
	}
}
