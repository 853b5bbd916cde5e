package api_test

import (
	"fmt"
	"innkeep/app/booking"
	"slices"
	"strings"
	"testing"
)

// A block holds its rooms out of public sale over HTTP, gives them to its
// pick-ups even when the public sees none, and refuses one beyond it.
func TestABlockHoldsItsRoomsOverHTTP(t *testing.T) {
	hd := newHotelDesk(t)
	hotel := "/api/v1/hotels/" + hd.hotel.ID
	var blk booking.Block
	hd.do(t, request{method: "POST", path: hotel + "/blocks", token: hd.token, body: fmt.Sprintf(`{"name":"Acme","room_type_id":%q,"rate_plan_id":%q,"check_in":%q,"check_out":%q,"rooms":1,"release_date":%q}`,
		hd.std.ID, hd.plan2.ID, hd.day(5), hd.day(7), hd.day(3))}).want(t, 201).decode(t, &blk)
	var av booking.Availability
	hd.do(t, request{method: "GET", path: fmt.Sprintf("%s/availability?check_in=%s&check_out=%s&adults=1&room_type=%s", hotel, hd.day(5), hd.day(7), hd.std.ID), token: hd.token}).want(t, 200).decode(t, &av)
	if av.RoomTypes[0].Available != 0 {
		t.Fatalf("standard available under a block of its only room = %d", av.RoomTypes[0].Available)
	}
	// A second block finds no room: 409 naming the night.
	r := hd.do(t, request{method: "POST", path: hotel + "/blocks", token: hd.token, body: fmt.Sprintf(`{"name":"Beta","room_type_id":%q,"rate_plan_id":%q,"check_in":%q,"check_out":%q,"rooms":1,"release_date":%q}`,
		hd.std.ID, hd.plan2.ID, hd.day(6), hd.day(7), hd.day(3))}).want(t, 409)
	if _, msg := r.envelope(t); !strings.Contains(msg, hd.day(6)) {
		t.Errorf("the refusal does not name the night: %q", msg)
	}
	pick := fmt.Sprintf(`{"hotel_id":%q,"check_in":%q,"check_out":%q,"rooms":[{"room_type_id":%q,"rate_plan_id":%q,"adults":1,"block_id":%q}],"guest":{"name":"Li Na"}}`,
		hd.hotel.ID, hd.day(5), hd.day(7), hd.std.ID, hd.plan2.ID, blk.ID)
	var res booking.BookingResult
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", token: hd.token, body: pick}).want(t, 201).decode(t, &res)
	if res.Reservations[0].BlockID != blk.ID {
		t.Errorf("block_id = %q", res.Reservations[0].BlockID)
	}
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", token: hd.token, body: pick}).want(t, 409)
	hd.do(t, request{method: "PATCH", path: "/api/v1/blocks/" + blk.ID, token: hd.token, body: `{"rooms":0}`}).want(t, 400)
	hd.do(t, request{method: "DELETE", path: "/api/v1/blocks/" + blk.ID, token: hd.token}).want(t, 409)
	var tc booking.TapeChart
	hd.do(t, request{method: "GET", path: fmt.Sprintf("%s/tape-chart?from=%s&to=%s", hotel, hd.day(5), hd.day(7)), token: hd.token}).want(t, 200).decode(t, &tc)
	if len(tc.Allotments) != 0 {
		t.Errorf("a fully picked-up block still shows held rooms: %+v", tc.Allotments)
	}
}

// A group action that one room cannot take answers the error naming the
// room, and changes no room.
func TestAGroupActionIsAllOrNothingOverHTTP(t *testing.T) {
	hd := newHotelDesk(t)
	var res booking.BookingResult
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", token: hd.token, body: fmt.Sprintf(`{"hotel_id":%q,"check_in":%q,"check_out":%q,
		"rooms":[{"room_type_id":%q,"rate_plan_id":%q,"adults":1},{"room_type_id":%q,"rate_plan_id":%q,"adults":1}],"guest":{"name":"Li Na"},
		"group":{"name":"Acme","contact":{"name":"Li Na"}}}`, hd.hotel.ID, hd.day(2), hd.day(4), hd.dlx.ID, hd.dlxPlan.ID, hd.std.ID, hd.plan2.ID)}).want(t, 201).decode(t, &res)
	// The standard room is taken the night after: the group cannot move by one.
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", token: hd.token, body: hd.bookBody(hd.std, hd.plan2, hd.day(4), hd.day(5))}).want(t, 201)
	group := "/api/v1/groups/" + res.Reservations[0].GroupID
	r := hd.do(t, request{method: "POST", path: group + "/move", token: hd.token, body: `{"days":1}`}).want(t, 409)
	if _, msg := r.envelope(t); !strings.Contains(msg, res.Code) || !strings.Contains(msg, "Standard") {
		t.Errorf("the refusal does not name the room: %q", msg)
	}
	var g booking.GroupDetail
	hd.do(t, request{method: "GET", path: group, token: hd.token}).want(t, 200).decode(t, &g)
	for _, rv := range g.Reservations {
		if rv.CheckIn != hd.day(2) {
			t.Errorf("%s moved to %s though the group could not move", rv.ID, rv.CheckIn)
		}
	}
	if g.Group.Name != "Acme" || g.Rooms != 2 {
		t.Errorf("group = %+v", g.GroupSummary)
	}
}

// A booking picked up from a group's block joins the group as one naming
// it does; one naming another group is refused and books nothing.
func TestABookingFromAGroupsBlockJoinsItsGroupOverHTTP(t *testing.T) {
	hd := newHotelDesk(t)
	hotel := "/api/v1/hotels/" + hd.hotel.ID
	group := func(name string, day int) string {
		var res booking.BookingResult
		hd.do(t, request{method: "POST", path: "/api/v1/reservations", token: hd.token, body: fmt.Sprintf(`{"hotel_id":%q,"check_in":%q,"check_out":%q,
			"rooms":[{"room_type_id":%q,"rate_plan_id":%q,"adults":1}],"guest":{"name":"Li Na"},"group":{"name":%q}}`,
			hd.hotel.ID, hd.day(day), hd.day(day+1), hd.dlx.ID, hd.dlxPlan.ID, name)}).want(t, 201).decode(t, &res)
		return res.Reservations[0].GroupID
	}
	acme, beta := group("Acme", 2), group("Beta", 3)
	var blk booking.Block
	hd.do(t, request{method: "POST", path: hotel + "/blocks", token: hd.token, body: fmt.Sprintf(`{"group_id":%q,"room_type_id":%q,"rate_plan_id":%q,"check_in":%q,"check_out":%q,"rooms":1,"release_date":%q}`,
		acme, hd.std.ID, hd.plan2.ID, hd.day(5), hd.day(7), hd.day(3))}).want(t, 201).decode(t, &blk)
	pick := func(groupID string) string {
		return fmt.Sprintf(`{"hotel_id":%q,"check_in":%q,"check_out":%q,"rooms":[{"room_type_id":%q,"rate_plan_id":%q,"adults":1,"block_id":%q}],"guest":{"name":"Zhao Lei"},"group_id":%q}`,
			hd.hotel.ID, hd.day(5), hd.day(7), hd.std.ID, hd.plan2.ID, blk.ID, groupID)
	}
	r := hd.do(t, request{method: "POST", path: "/api/v1/reservations", token: hd.token, body: pick(beta)}).want(t, 400)
	if code, msg := r.envelope(t); code != "invalid" || !strings.Contains(msg, "another group") {
		t.Errorf("another group: %s %q", code, msg)
	}
	var res booking.BookingResult
	hd.do(t, request{method: "POST", path: "/api/v1/reservations", token: hd.token, body: pick("")}).want(t, 201).decode(t, &res)
	var g booking.GroupDetail
	hd.do(t, request{method: "GET", path: "/api/v1/groups/" + acme, token: hd.token}).want(t, 200).decode(t, &g)
	if res.Reservations[0].GroupID != acme || !slices.Contains(g.Group.Codes, res.Code) || g.Rooms != 2 {
		t.Errorf("booked in group %q; the group's codes %v, rooms %d", res.Reservations[0].GroupID, g.Group.Codes, g.Rooms)
	}
}
