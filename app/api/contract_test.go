package api_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"

	"innkeep/app/access"
	"innkeep/app/api"
	"innkeep/app/apptest"
	"innkeep/app/audit"
	"innkeep/app/booking"
	"innkeep/app/guest"
	"innkeep/app/property"
)

// The contract: every response that any test of this package gets from
// /api/v1 is checked against the OpenAPI document (status documented,
// body of the documented shape, lists never null), and after the whole
// package ran, every operation must have answered its documented success
// status at least once. So the document cannot promise what the server
// does not do, and the server cannot answer what the document does not say.
var contract struct {
	once   sync.Once
	err    error
	doc    []byte
	v      validator.Validator
	routes []api.Route
	mu     sync.Mutex
	seen   map[string]map[int]bool // "METHOD /path/{id}" → statuses answered
}

// loadContract builds the validator of the production document, once.
func loadContract(t *testing.T) {
	t.Helper()
	contract.once.Do(func() {
		k := apptest.NewDesk(t, apptest.Options{})
		h := api.New(api.Config{Desk: k.Desk})
		contract.routes = h.Routes()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
		contract.doc = rec.Body.Bytes()
		doc, err := libopenapi.NewDocument(contract.doc)
		if err != nil {
			contract.err = err
			return
		}
		v, errs := validator.NewValidator(doc)
		if len(errs) > 0 {
			contract.err = fmt.Errorf("validator: %v", errs)
			return
		}
		contract.v = v
		contract.seen = map[string]map[int]bool{}
	})
	if contract.err != nil {
		t.Fatalf("the OpenAPI document cannot be loaded: %v", contract.err)
	}
}

// checkContract validates one exchange with the API against the document
// and records which operation answered which status. pattern is the
// route's ServeMux pattern ("" for paths no route serves).
func checkContract(t *testing.T, pattern string, req *http.Request, body []byte, res *http.Response, resBody []byte) {
	t.Helper()
	if !strings.HasPrefix(req.URL.Path, "/api/v1/") || pattern == "" {
		return
	}
	loadContract(t)
	if !isProductionPattern(pattern) {
		return
	}
	r := req.Clone(req.Context())
	r.Body = io.NopCloser(bytes.NewReader(body))
	copyRes := *res
	copyRes.Body = io.NopCloser(bytes.NewReader(resBody))
	if res.StatusCode != http.StatusMethodNotAllowed {
		if ok, errs := contract.v.ValidateHttpResponse(r, &copyRes); !ok {
			for _, e := range errs {
				var why []string
				for _, f := range e.SchemaValidationErrors {
					why = append(why, f.FieldPath+": "+f.Reason)
				}
				t.Errorf("contract: %s %s answered %d, which the OpenAPI document does not describe: %s %v\n%.300s",
					req.Method, req.URL.Path, res.StatusCode, e.Message, why, resBody)
			}
		}
	}
	contract.mu.Lock()
	defer contract.mu.Unlock()
	if contract.seen[pattern] == nil {
		contract.seen[pattern] = map[int]bool{}
	}
	contract.seen[pattern][res.StatusCode] = true
}

func isProductionPattern(pattern string) bool {
	for _, rt := range contract.routes {
		if rt.Method+" "+rt.Path == pattern {
			return true
		}
	}
	return false
}

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && contract.v != nil {
		var missing []string
		for _, rt := range contract.routes {
			if !contract.seen[rt.Method+" "+rt.Path][rt.Endpoint.Status] {
				var got []int
				for st := range contract.seen[rt.Method+" "+rt.Path] {
					got = append(got, st)
				}
				sort.Ints(got)
				missing = append(missing, fmt.Sprintf("%s %s (%s): never answered %d; answered %v", rt.Method, rt.Path, rt.ID, rt.Endpoint.Status, got))
			}
		}
		if len(missing) > 0 {
			slices.Sort(missing)
			fmt.Fprintf(os.Stderr, "FAIL: the contract test: operations whose documented success no test reached:\n  %s\n", strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

// TestTheOpenAPIDocumentIsValid checks the document with an OpenAPI 3.1
// validator, not only as JSON.
func TestTheOpenAPIDocumentIsValid(t *testing.T) {
	loadContract(t)
	doc, err := libopenapi.NewDocument(contract.doc)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		for _, e := range verrs {
			t.Errorf("%s: %s (line %d)", e.Message, e.Reason, e.SpecLine)
		}
	}
}

// TestEveryOperationAnswersAsDocumented walks a hotel's first day through
// the API and calls every operation of the route table at least once with
// a request that succeeds; every answer is checked against the OpenAPI
// document (see checkContract). A route added without a step here fails it.
func TestEveryOperationAnswersAsDocumented(t *testing.T) {
	hd := newHotelDesk(t)
	hd.h = api.New(api.Config{Desk: hd.svc.Desk, Saver: &saver{path: "/home/alice/audit.csv"}})
	covered := map[string]bool{}
	tok := hd.token
	call := func(id string, r request, status int, v any) reply {
		t.Helper()
		if r.token == "" && r.cookie == "" {
			r.token = tok
		}
		got := hd.do(t, r).want(t, status)
		if v != nil {
			got.decode(t, v)
		}
		covered[id] = true
		return got
	}
	hotel := "/api/v1/hotels/" + hd.hotel.ID

	call("getHealth", request{method: "GET", path: "/api/v1/health"}, 200, nil)
	call("getSystemHealth", request{method: "GET", path: "/api/v1/system/health"}, 200, nil)
	call("getOpenAPI", request{method: "GET", path: "/api/v1/openapi.json"}, 200, nil)
	call("getSetup", request{method: "GET", path: "/api/v1/setup"}, 200, nil)
	covered["setup"], covered["login"] = true, true // newHotelDesk did both, through do
	call("getMe", request{method: "GET", path: "/api/v1/me"}, 200, nil)
	call("getMyPermissions", request{method: "GET", path: "/api/v1/me/permissions"}, 200, nil)

	// Accounts and roles.
	call("getPermissionCatalogue", request{method: "GET", path: "/api/v1/permissions"}, 200, nil)
	var role access.Role
	call("createRole", request{method: "POST", path: "/api/v1/roles", body: `{"name":"Night clerk","permissions":["reservations.view"]}`}, 201, &role)
	call("listRoles", request{method: "GET", path: "/api/v1/roles"}, 200, nil)
	call("getRole", request{method: "GET", path: "/api/v1/roles/" + role.ID}, 200, nil)
	call("updateRole", request{method: "PATCH", path: "/api/v1/roles/" + role.ID, body: `{"description":"Works nights"}`}, 200, nil)
	var user access.UserView
	call("createUser", request{method: "POST", path: "/api/v1/users", body: `{"username":"nina","display_name":"Nina","roles":["front_desk"],"hotels":"all","password":"` + staffPassword + `"}`}, 201, &user)
	call("listUsers", request{method: "GET", path: "/api/v1/users"}, 200, nil)
	call("getUser", request{method: "GET", path: "/api/v1/users/" + user.ID}, 200, nil)
	call("updateUser", request{method: "PATCH", path: "/api/v1/users/" + user.ID, body: `{"roles":["front_desk","` + role.ID + `"]}`}, 200, nil)
	call("disableUser", request{method: "POST", path: "/api/v1/users/" + user.ID + "/disable"}, 200, nil)
	call("enableUser", request{method: "POST", path: "/api/v1/users/" + user.ID + "/enable"}, 200, nil)
	call("resetPassword", request{method: "POST", path: "/api/v1/users/" + user.ID + "/reset-password"}, 200, nil)
	call("updateUser", request{method: "PATCH", path: "/api/v1/users/" + user.ID, body: `{"roles":["front_desk"]}`}, 200, nil)
	call("deleteRole", request{method: "DELETE", path: "/api/v1/roles/" + role.ID}, 204, nil)

	// The property.
	call("listHotels", request{method: "GET", path: "/api/v1/hotels?stars=0,5"}, 200, nil)
	call("getHotel", request{method: "GET", path: hotel}, 200, nil)
	call("updateHotel", request{method: "PATCH", path: hotel, body: `{"star_rating":4}`}, 200, nil)
	var second property.Hotel
	call("createHotel", request{method: "POST", path: "/api/v1/hotels", body: `{"name":"Garden Inn","time_zone":"Asia/Shanghai","currency":"CNY"}`}, 201, &second)
	call("listRoomTypes", request{method: "GET", path: hotel + "/room-types?q=deluxe"}, 200, nil)
	var rt property.RoomType
	call("createRoomType", request{method: "POST", path: hotel + "/room-types", body: `{"code":"FAM","name":"Family","bed_type":"twin","max_adults":4,"max_children":2}`}, 201, &rt)
	call("getRoomType", request{method: "GET", path: "/api/v1/room-types/" + rt.ID}, 200, nil)
	call("updateRoomType", request{method: "PATCH", path: "/api/v1/room-types/" + rt.ID, body: `{"name":"Family room"}`}, 200, nil)
	var photo property.Photo
	call("addRoomTypePhoto", request{method: "POST", path: "/api/v1/room-types/" + rt.ID + "/photos", body: propJPEG(t, 64, 48),
		header: map[string]string{"Content-Type": "image/jpeg"}}, 201, &photo)
	call("getPhoto", request{method: "GET", path: "/api/v1/photos/" + photo.ID}, 200, nil)
	call("getPhotoThumbnail", request{method: "GET", path: "/api/v1/photos/" + photo.ID + "/thumbnail"}, 200, nil)
	call("deleteRoomTypePhoto", request{method: "DELETE", path: "/api/v1/room-types/" + rt.ID + "/photos/" + photo.ID}, 204, nil)
	var room property.Room
	call("createRoom", request{method: "POST", path: hotel + "/rooms", body: fmt.Sprintf(`{"number":"301","floor":3,"room_type_id":%q}`, rt.ID)}, 201, &room)
	call("createRooms", request{method: "POST", path: hotel + "/rooms/bulk", body: fmt.Sprintf(`{"from":"311","to":"313","floor":3,"room_type_id":%q}`, hd.std.ID)}, 201, nil)
	call("listRooms", request{method: "GET", path: hotel + "/rooms?floor=3&housekeeping=clean"}, 200, nil)
	call("getRoom", request{method: "GET", path: "/api/v1/rooms/" + room.ID}, 200, nil)
	call("updateRoom", request{method: "PATCH", path: "/api/v1/rooms/" + room.ID, body: `{"features":["balcony"]}`}, 200, nil)
	call("setHousekeeping", request{method: "POST", path: "/api/v1/rooms/" + room.ID + "/housekeeping", body: `{"status":"dirty"}`}, 200, nil)
	var ooo property.Room
	call("addOutOfOrder", request{method: "POST", path: "/api/v1/rooms/" + room.ID + "/out-of-order", body: fmt.Sprintf(`{"from":%q,"to":%q,"reason":"paint"}`, hd.day(10), hd.day(12))}, 201, &ooo)
	call("removeOutOfOrder", request{method: "DELETE", path: "/api/v1/rooms/" + room.ID + "/out-of-order/" + ooo.OutOfOrder[0].ID}, 200, nil)
	var plan property.RatePlan
	call("createRatePlan", request{method: "POST", path: hotel + "/rate-plans", body: fmt.Sprintf(`{"room_type_id":%q,"code":"FBAR","name":"Family best","base_rate":80000,"included_adults":2}`, rt.ID)}, 201, &plan)
	call("listRatePlans", request{method: "GET", path: hotel + "/rate-plans?room_type=" + rt.ID}, 200, nil)
	call("getRatePlan", request{method: "GET", path: "/api/v1/rate-plans/" + plan.ID}, 200, nil)
	call("updateRatePlan", request{method: "PATCH", path: "/api/v1/rate-plans/" + plan.ID, body: `{"name":"Family flexible","policy":{"cancellation":[{"from_hours":168,"charge":{"fee":"percent","percent":50}},{"from_hours":48,"charge":{"fee":"first_night"}}],"no_show":{"fee":"full"},"change":{"free_hours":72,"charge":{"fee":"amount","amount":5000}}}}`}, 200, nil)
	call("setRateCalendar", request{method: "PUT", path: hotel + "/rate-calendar", body: fmt.Sprintf(`{"rate_plan_id":%q,"from":%q,"to":%q,"set":{"rate":90000}}`, plan.ID, hd.day(1), hd.day(3))}, 200, nil)
	call("setInventory", request{method: "PUT", path: hotel + "/inventory", body: fmt.Sprintf(`{"room_type_id":%q,"from":%q,"to":%q,"cap":1}`, rt.ID, hd.day(1), hd.day(3))}, 200, nil)
	call("getRateCalendar", request{method: "GET", path: fmt.Sprintf("%s/rate-calendar?from=%s&to=%s", hotel, hd.day(0), hd.day(7))}, 200, nil)

	companyWalk(hd, call)

	// Guests and bookings.
	var g, dup guest.GuestView
	call("createGuest", request{method: "POST", path: "/api/v1/guests", body: `{"name":"Wang Fang","phone":"+86 139 0000 1111"}`}, 201, &g)
	call("createGuest", request{method: "POST", path: "/api/v1/guests", body: `{"name":"Wang Fang","email":"fang@example.com"}`}, 201, &dup)
	call("listGuests", request{method: "GET", path: "/api/v1/guests?q=wang"}, 200, nil)
	call("getGuest", request{method: "GET", path: "/api/v1/guests/" + g.ID}, 200, nil)
	call("updateGuest", request{method: "PATCH", path: "/api/v1/guests/" + g.ID, body: `{"nationality":"CN"}`}, 200, nil)
	call("mergeGuest", request{method: "POST", path: "/api/v1/guests/" + g.ID + "/merge", body: fmt.Sprintf(`{"duplicate_id":%q}`, dup.ID)}, 200, nil)
	call("getAvailability", request{method: "GET", path: fmt.Sprintf("%s/availability?check_in=%s&check_out=%s&adults=2", hotel, hd.day(0), hd.day(2))}, 200, nil)
	book := func(typ property.RoomType, plan property.RatePlan, in, out, extra string) booking.Reservation {
		var res booking.BookingResult
		call("book", request{method: "POST", path: "/api/v1/reservations", body: fmt.Sprintf(`{"hotel_id":%q,"check_in":%q,"check_out":%q,
			"rooms":[{"room_type_id":%q,"rate_plan_id":%q,"adults":2}],"guest":{"id":%q},"source":{"channel":"phone"}%s}`,
			hd.hotel.ID, in, out, typ.ID, plan.ID, g.ID, extra)}, 201, &res)
		return res.Reservations[0]
	}
	arriving := book(hd.std, hd.plan2, hd.day(0), hd.day(2), "")
	held := book(hd.std, hd.plan2, hd.day(3), hd.day(4), `,"status":"tentative","hold_minutes":60`)
	noShow := book(hd.dlx, hd.dlxPlan, hd.day(0), hd.day(1), "")
	var firstPage booking.ReservationPage
	call("listReservations", request{method: "GET", path: "/api/v1/reservations?hotel=" + hd.hotel.ID + "&limit=1"}, 200, &firstPage)
	call("listReservations", request{method: "GET", path: "/api/v1/reservations?hotel=" + hd.hotel.ID + "&limit=1&cursor=" + firstPage.Next}, 200, nil)
	call("listReservations", request{method: "GET", path: "/api/v1/reservations?hotel=" + hd.hotel.ID + "&status=confirmed&limit=10"}, 200, nil)
	call("getReservation", request{method: "GET", path: "/api/v1/reservations/" + arriving.ID}, 200, nil)
	call("listGuestStays", request{method: "GET", path: "/api/v1/guests/" + g.ID + "/stays"}, 200, nil)
	call("quoteModification", request{method: "POST", path: "/api/v1/reservations/" + arriving.ID + "/modify-quote", body: `{"adults":1}`}, 200, nil)
	call("modifyReservation", request{method: "PATCH", path: "/api/v1/reservations/" + arriving.ID, body: `{"special_requests":"late arrival"}`}, 200, nil)
	call("quotePrice", request{method: "POST", path: "/api/v1/reservations/" + arriving.ID + "/price-quote", body: `{"discount_percent":10,"reason":"regular guest"}`}, 200, nil)
	call("adjustPrice", request{method: "POST", path: "/api/v1/reservations/" + arriving.ID + "/price", body: fmt.Sprintf(`{"comp":[%q],"reason":"birthday"}`, hd.day(1))}, 200, nil)
	call("quoteBookingPrice", request{method: "POST", path: hotel + "/price-quote", body: fmt.Sprintf(`{"room_type_id":%q,"rate_plan_id":%q,"check_in":%q,"check_out":%q,"adults":2,"price":{"stay_total":100000,"reason":"long stay"}}`, hd.std.ID, hd.plan2.ID, hd.day(5), hd.day(8))}, 200, nil)
	call("confirmReservation", request{method: "POST", path: "/api/v1/reservations/" + held.ID + "/confirm"}, 200, nil)
	call("previewCancellation", request{method: "GET", path: "/api/v1/reservations/" + held.ID + "/cancellation-fee"}, 200, nil)
	call("cancelReservation", request{method: "POST", path: "/api/v1/reservations/" + held.ID + "/cancel", body: `{"reason":"changed plans"}`}, 200, nil)
	call("reinstateReservation", request{method: "POST", path: "/api/v1/reservations/" + held.ID + "/reinstate", body: `{"reason":"the guest called back"}`}, 200, nil)
	call("assignRoom", request{method: "POST", path: "/api/v1/reservations/" + arriving.ID + "/assign", body: fmt.Sprintf(`{"room_id":%q}`, hd.room2.ID)}, 200, nil)
	call("checkIn", request{method: "POST", path: "/api/v1/reservations/" + arriving.ID + "/check-in"}, 200, nil)
	call("getTapeChart", request{method: "GET", path: fmt.Sprintf("%s/tape-chart?from=%s&to=%s", hotel, hd.day(0), hd.day(7))}, 200, nil)
	call("getConflicts", request{method: "GET", path: fmt.Sprintf("%s/conflicts?from=%s&to=%s", hotel, hd.day(0), hd.day(7))}, 200, nil)
	call("noShow", request{method: "POST", path: "/api/v1/reservations/" + noShow.ID + "/no-show"}, 200, nil)
	call("newConfirmationCode", request{method: "POST", path: "/api/v1/reservations/" + noShow.ID + "/new-code"}, 200, nil)

	// Groups and blocks.
	var grp booking.BookingResult
	groupBody := func(in, out, rooms, extra string) string {
		return fmt.Sprintf(`{"hotel_id":%q,"check_in":%q,"check_out":%q,"rooms":[%s],"guest":{"id":%q}%s}`, hd.hotel.ID, in, out, rooms, g.ID, extra)
	}
	dlxRoom := fmt.Sprintf(`{"room_type_id":%q,"rate_plan_id":%q,"adults":1}`, hd.dlx.ID, hd.dlxPlan.ID)
	stdRoom := fmt.Sprintf(`{"room_type_id":%q,"rate_plan_id":%q,"adults":1}`, hd.std.ID, hd.plan2.ID)
	call("book", request{method: "POST", path: "/api/v1/reservations", body: groupBody(hd.day(0), hd.day(1), dlxRoom,
		`,"group":{"name":"Acme offsite","contact":{"name":"Li Na","phone":"+86 138 0000 0000","email":"li@acme.example"}}`)}, 201, &grp)
	group := "/api/v1/groups/" + grp.Reservations[0].GroupID
	call("checkInGroup", request{method: "POST", path: group + "/check-in", body: `{"override_reason":"guests waiting"}`}, 200, nil)
	call("book", request{method: "POST", path: "/api/v1/reservations", body: groupBody(hd.day(20), hd.day(22), dlxRoom+","+stdRoom,
		fmt.Sprintf(`,"group_id":%q`, grp.Reservations[0].GroupID))}, 201, nil)
	call("listGroups", request{method: "GET", path: hotel + "/groups"}, 200, nil)
	call("getGroup", request{method: "GET", path: group}, 200, nil)
	call("updateGroup", request{method: "PATCH", path: group, body: `{"name":"Acme board","contact":{"name":"Li Na","phone":"+86 138 0000 0001","email":""}}`}, 200, nil)
	call("quoteGroupMove", request{method: "POST", path: group + "/move-quote", body: `{"days":1}`}, 200, nil)
	call("moveGroup", request{method: "POST", path: group + "/move", body: `{"days":1}`}, 200, nil)
	var fee booking.GroupResult
	call("quoteGroupCancel", request{method: "POST", path: group + "/cancel-quote"}, 200, &fee)
	call("cancelGroup", request{method: "POST", path: group + "/cancel", body: fmt.Sprintf(`{"reason":"trip off","expected_fee":%d}`, fee.Fee)}, 200, nil)
	var blk booking.Block
	call("createBlock", request{method: "POST", path: hotel + "/blocks", body: fmt.Sprintf(`{"group_id":%q,"room_type_id":%q,"rate_plan_id":%q,"check_in":%q,"check_out":%q,"rooms":1,"release_date":%q}`,
		grp.Reservations[0].GroupID, hd.std.ID, hd.plan2.ID, hd.day(30), hd.day(32), hd.day(25))}, 201, &blk)
	call("listBlocks", request{method: "GET", path: hotel + "/blocks"}, 200, nil)
	call("book", request{method: "POST", path: "/api/v1/reservations", body: groupBody(hd.day(30), hd.day(31),
		fmt.Sprintf(`{"room_type_id":%q,"rate_plan_id":%q,"adults":1,"block_id":%q}`, hd.std.ID, hd.plan2.ID, blk.ID), "")}, 201, nil)
	call("getBlock", request{method: "GET", path: "/api/v1/blocks/" + blk.ID}, 200, nil)
	call("updateBlock", request{method: "PATCH", path: "/api/v1/blocks/" + blk.ID, body: `{"notes":"coach arrives at noon"}`}, 200, nil)
	call("releaseBlock", request{method: "POST", path: "/api/v1/blocks/" + blk.ID + "/release"}, 200, nil)
	var spare booking.Block
	call("createBlock", request{method: "POST", path: hotel + "/blocks", body: fmt.Sprintf(`{"name":"Spare","room_type_id":%q,"rate_plan_id":%q,"check_in":%q,"check_out":%q,"rooms":1,"release_date":%q}`,
		hd.std.ID, hd.plan2.ID, hd.day(40), hd.day(41), hd.day(35))}, 201, &spare)
	call("deleteBlock", request{method: "DELETE", path: "/api/v1/blocks/" + spare.ID}, 204, nil)
	call("checkOut", request{method: "POST", path: "/api/v1/reservations/" + arriving.ID + "/check-out"}, 200, nil)
	call("nightAudit", request{method: "POST", path: hotel + "/night-audit", body: fmt.Sprintf(`{"business_date":%q}`, hd.day(0))}, 200, nil)
	call("loadDemo", request{method: "POST", path: "/api/v1/demo"}, 201, nil)

	// Clean-ups the property allows once nothing uses the parts.
	call("deleteRatePlan", request{method: "DELETE", path: "/api/v1/rate-plans/" + plan.ID}, 204, nil)
	call("deleteRoom", request{method: "DELETE", path: "/api/v1/rooms/" + room.ID}, 204, nil)
	call("deleteRoomType", request{method: "DELETE", path: "/api/v1/room-types/" + rt.ID}, 204, nil)

	// The audit log, a download saved through the window, sessions.
	call("listAudit", request{method: "GET", path: "/api/v1/audit?action=reservation.&limit=5"}, 200, nil)
	call("verifyAudit", request{method: "GET", path: "/api/v1/audit/verify"}, 200, nil)
	call("checkSystem", request{method: "GET", path: "/api/v1/system/check"}, 200, nil)
	call("exportAudit", request{method: "GET", path: "/api/v1/audit/export.csv?entity=hotel"}, 200, nil)
	call("saveDownload", request{method: "POST", path: "/api/v1/desktop/save", body: `{"url":"/api/v1/audit/export.csv?entity=hotel","filename":"audit.csv"}`}, 200, nil)
	other := hd.signIn(t, adminName, adminPassword)
	var mine struct{ Sessions []access.SessionView }
	call("listMySessions", request{method: "GET", path: "/api/v1/me/sessions"}, 200, &mine)
	for _, s := range mine.Sessions {
		if !s.Current {
			call("endMySession", request{method: "DELETE", path: "/api/v1/me/sessions/" + s.ID}, 204, nil)
			break
		}
	}
	call("changeMyPassword", request{method: "PUT", path: "/api/v1/me/password", body: `{"current_password":"` + adminPassword + `","new_password":"a brand new passphrase"}`}, 204, nil)
	_ = other
	call("logout", request{method: "DELETE", path: "/api/v1/sessions/current"}, 204, nil)

	// Every action the walk wrote to the audit log has a name people read,
	// in Chinese too.
	var log struct {
		Entries []struct {
			Action     string `json:"action"`
			ActionName string `json:"action_name"`
		} `json:"entries"`
	}
	hd.do(t, request{method: "GET", path: "/api/v1/audit?limit=500", token: hd.signIn(t, adminName, "a brand new passphrase").Token,
		header: map[string]string{"Accept-Language": "zh-CN"}}).want(t, 200).decode(t, &log)
	for _, e := range log.Entries {
		if _, ok := audit.ActionName(e.Action); !ok || e.ActionName == e.Action || e.ActionName == "" {
			t.Errorf("the action %s has no name (%q): add it to app/audit/actions.go", e.Action, e.ActionName)
		}
	}
	if len(log.Entries) < 40 {
		t.Errorf("the walk wrote only %d audit entries", len(log.Entries))
	}

	for _, rt := range hd.h.Routes() {
		if !covered[rt.ID] && strings.HasPrefix(rt.Path, "/api/v1/") {
			t.Errorf("no step calls %s (%s %s)", rt.ID, rt.Method, rt.Path)
		}
	}
}
