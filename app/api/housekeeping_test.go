package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/property"
)

// TestSecurityHousekeepingSetsRoomStatusButCannotChangeRooms: the built-in
// housekeeping role sets a room's housekeeping status, and nothing else of
// the rooms: editing room types, renumbering rooms, out-of-order periods
// and photos answer 403 and change nothing. The front desk still sets the
// status.
func TestSecurityHousekeepingSetsRoomStatusButCannotChangeRooms(t *testing.T) {
	hd := newHotelDesk(t)
	hd.addUser(t, hd.token, access.UserInput{Username: "keeper", Roles: []string{access.RoleHousekeeping}, Hotels: app.AllHotels, Password: staffPassword})
	hd.addUser(t, hd.token, access.UserInput{Username: "desk", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: staffPassword})
	keeper := hd.signIn(t, "keeper", staffPassword).Token
	desk := hd.signIn(t, "desk", staffPassword).Token

	var r property.Room
	hd.do(t, request{method: "POST", path: "/api/v1/rooms/" + hd.room1.ID + "/housekeeping", body: `{"status":"dirty"}`, token: keeper}).want(t, http.StatusOK).decode(t, &r)
	if r.Housekeeping != "dirty" {
		t.Fatalf("housekeeping set the status to %q, want dirty", r.Housekeeping)
	}
	hd.do(t, request{method: "POST", path: "/api/v1/rooms/" + hd.room1.ID + "/housekeeping", body: `{"status":"clean"}`, token: desk}).want(t, http.StatusOK).decode(t, &r)
	if r.Housekeeping != "clean" {
		t.Fatalf("the front desk set the status to %q, want clean", r.Housekeeping)
	}

	refused := []request{
		{method: "PATCH", path: "/api/v1/room-types/" + hd.dlx.ID, body: `{"name":"Broom cupboard"}`},
		{method: "PATCH", path: "/api/v1/rooms/" + hd.room1.ID, body: `{"number":"999"}`},
		{method: "PATCH", path: "/api/v1/rooms/" + hd.room1.ID, body: `{"housekeeping":"inspected"}`},
		{method: "POST", path: "/api/v1/rooms/" + hd.room1.ID + "/out-of-order", body: fmt.Sprintf(`{"from":%q,"to":%q,"reason":"none"}`, hd.day(1), hd.day(3))},
		{method: "POST", path: "/api/v1/room-types/" + hd.dlx.ID + "/photos", body: propJPEG(t, 40, 30), header: map[string]string{"Content-Type": "image/jpeg"}},
	}
	for _, req := range refused {
		t.Run(req.String(), func(t *testing.T) {
			before := hd.stateHash(t)
			req.token = keeper
			hd.do(t, req).want(t, http.StatusForbidden)
			if hd.stateHash(t) != before {
				t.Error("a refused request changed the store")
			}
		})
	}
}
