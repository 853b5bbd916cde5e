package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/property"
)

// outcome is what the access guard does with a request.
type outcome int

const (
	pass   outcome = iota + 1 // let through: the route then answers its passStatus
	unauth                    // 401: sign in first
	forbid                    // 403: not allowed
)

func (o outcome) String() string {
	switch o {
	case pass:
		return "pass"
	case unauth:
		return "401"
	case forbid:
		return "403"
	}
	return fmt.Sprintf("outcome(%d)", int(o))
}

// callers are the columns of the matrix: nobody signed in, then one user
// of each built-in role, with every hotel in scope.
var callers = []string{
	"anonymous",
	access.RoleSystemAdmin,
	access.RoleHotelManager,
	access.RoleFrontDesk,
	access.RoleHousekeeping,
	access.RoleAccountant,
	access.RoleAuditor,
}

// row is one row of the matrix, in the order of callers.
type row [7]outcome

// accessMatrix states by hand who may use each route (docs/access.md). It
// is not derived from the routes' declared permissions, so a route that
// declares the wrong permission fails TestRouteAccessMatrix, and so does a
// route added without a row here.
var accessMatrix = map[string]row{
	// Columns: anonymous, system_admin, hotel_manager, front_desk, housekeeping, accountant, auditor.
	"GET /api/v1/health":                     {pass, pass, pass, pass, pass, pass, pass},
	"GET /api/v1/system/health":              {unauth, pass, forbid, forbid, forbid, forbid, pass},
	"GET /api/v1/openapi.json":               {pass, pass, pass, pass, pass, pass, pass},
	"GET /api/v1/setup":                      {pass, pass, pass, pass, pass, pass, pass},
	"POST /api/v1/setup":                     {pass, pass, pass, pass, pass, pass, pass},
	"POST /api/v1/sessions":                  {pass, pass, pass, pass, pass, pass, pass},
	"DELETE /api/v1/sessions/current":        {unauth, pass, pass, pass, pass, pass, pass},
	"GET /api/v1/me":                         {unauth, pass, pass, pass, pass, pass, pass},
	"GET /api/v1/me/permissions":             {unauth, pass, pass, pass, pass, pass, pass},
	"PUT /api/v1/me/password":                {unauth, pass, pass, pass, pass, pass, pass},
	"GET /api/v1/me/sessions":                {unauth, pass, pass, pass, pass, pass, pass},
	"DELETE /api/v1/me/sessions/{id}":        {unauth, pass, pass, pass, pass, pass, pass},
	"GET /api/v1/users":                      {unauth, pass, pass, forbid, forbid, forbid, pass},
	"POST /api/v1/users":                     {unauth, pass, forbid, forbid, forbid, forbid, forbid},
	"GET /api/v1/users/{id}":                 {unauth, pass, pass, forbid, forbid, forbid, pass},
	"PATCH /api/v1/users/{id}":               {unauth, pass, forbid, forbid, forbid, forbid, forbid},
	"POST /api/v1/users/{id}/reset-password": {unauth, pass, forbid, forbid, forbid, forbid, forbid},
	"POST /api/v1/users/{id}/disable":        {unauth, pass, forbid, forbid, forbid, forbid, forbid},
	"POST /api/v1/users/{id}/enable":         {unauth, pass, forbid, forbid, forbid, forbid, forbid},
	"GET /api/v1/permissions":                {unauth, pass, pass, forbid, forbid, forbid, pass},
	"GET /api/v1/roles":                      {unauth, pass, pass, forbid, forbid, forbid, pass},
	"POST /api/v1/roles":                     {unauth, pass, forbid, forbid, forbid, forbid, forbid},
	"GET /api/v1/roles/{id}":                 {unauth, pass, pass, forbid, forbid, forbid, pass},
	"PATCH /api/v1/roles/{id}":               {unauth, pass, forbid, forbid, forbid, forbid, forbid},
	"DELETE /api/v1/roles/{id}":              {unauth, pass, forbid, forbid, forbid, forbid, forbid},
	"GET /api/v1/hotels":                     {unauth, pass, pass, pass, pass, pass, pass},
	"POST /api/v1/hotels":                    {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"GET /api/v1/hotels/{id}":                {unauth, pass, pass, pass, pass, pass, pass},
	"PATCH /api/v1/hotels/{id}":              {unauth, pass, pass, forbid, forbid, forbid, forbid},
	"GET /api/v1/audit":                      {unauth, pass, pass, forbid, forbid, forbid, pass},
	"GET /api/v1/audit/export.csv":           {unauth, pass, pass, forbid, forbid, forbid, pass},
	"GET /api/v1/audit/verify":               {unauth, pass, pass, forbid, forbid, forbid, pass},
	"GET /api/v1/system/check":               {unauth, pass, forbid, forbid, forbid, forbid, pass},
	// Outside the window it answers 404; TestSaveDownload covers the rest.
	"POST /api/v1/desktop/save": {unauth, pass, pass, pass, pass, pass, pass},
}

// matrices are every part of the matrix: each slice of the API keeps its
// rows next to its own tests.
func matrices() []map[string]row {
	return []map[string]row{accessMatrix, propertyMatrix, guestMatrix, companyMatrix, bookingMatrix, groupMatrix}
}

// testBuildAccess are the rows of routes that only binaries built with the
// tag innkeep_testroutes have; they count only when the route exists.
var testBuildAccess = map[string]row{
	"POST /api/test/upload": {pass, pass, pass, pass, pass, pass, pass},
}

// matrixBody overrides the dummy body of a route in the walk.
var matrixBody = map[string]string{
	// A body of the wrong type answers 400 once the guard let it through,
	// without counting a failed sign-in against the address.
	"POST /api/v1/sessions": `{"username": 5}`,
}

// lastRoutes are walked after every other route: they end the session.
var lastRoutes = []string{"DELETE /api/v1/sessions/current"}

// passStatus is the exact status that each route answers a caller whom
// the guard lets through, in the walk of TestRouteAccessMatrix: every id in
// the path is unknownID and the body is the dummy one, so most routes
// answer what they say of a record that does not exist (404) or of a body
// that says nothing (400). The matrices say who gets through; this says
// what they then get, so a route that answers the wrong thing once the
// guard let the request through fails as well.
var passStatus = map[string]int{
	"GET /api/v1/health":        200,
	"GET /api/v1/system/health": 200,
	"GET /api/v1/openapi.json":  200,
	"GET /api/v1/setup":         200,
	// The walk runs after the setup: a second one is a conflict.
	"POST /api/v1/setup":                             409,
	"POST /api/v1/sessions":                          400,
	"GET /api/v1/me":                                 200,
	"GET /api/v1/me/permissions":                     200,
	"PUT /api/v1/me/password":                        400,
	"GET /api/v1/me/sessions":                        200,
	"DELETE /api/v1/me/sessions/{id}":                404,
	"GET /api/v1/users":                              200,
	"POST /api/v1/users":                             400,
	"GET /api/v1/users/{id}":                         404,
	"PATCH /api/v1/users/{id}":                       404,
	"POST /api/v1/users/{id}/reset-password":         404,
	"POST /api/v1/users/{id}/disable":                404,
	"POST /api/v1/users/{id}/enable":                 404,
	"GET /api/v1/permissions":                        200,
	"GET /api/v1/roles":                              200,
	"POST /api/v1/roles":                             400,
	"GET /api/v1/roles/{id}":                         404,
	"PATCH /api/v1/roles/{id}":                       404,
	"DELETE /api/v1/roles/{id}":                      404,
	"GET /api/v1/hotels":                             200,
	"POST /api/v1/hotels":                            400,
	"GET /api/v1/hotels/{id}":                        404,
	"PATCH /api/v1/hotels/{id}":                      404,
	"GET /api/v1/audit":                              200,
	"GET /api/v1/audit/export.csv":                   200,
	"GET /api/v1/audit/verify":                       200,
	"GET /api/v1/system/check":                       200,
	"GET /api/v1/hotels/{id}/room-types":             404,
	"POST /api/v1/hotels/{id}/room-types":            404,
	"GET /api/v1/room-types/{id}":                    404,
	"PATCH /api/v1/room-types/{id}":                  404,
	"DELETE /api/v1/room-types/{id}":                 404,
	"POST /api/v1/room-types/{id}/photos":            400,
	"DELETE /api/v1/room-types/{id}/photos/{photo}":  404,
	"GET /api/v1/photos/{id}":                        404,
	"GET /api/v1/photos/{id}/thumbnail":              404,
	"GET /api/v1/hotels/{id}/rooms":                  404,
	"POST /api/v1/hotels/{id}/rooms":                 404,
	"POST /api/v1/hotels/{id}/rooms/bulk":            400,
	"GET /api/v1/rooms/{id}":                         404,
	"PATCH /api/v1/rooms/{id}":                       404,
	"DELETE /api/v1/rooms/{id}":                      404,
	"POST /api/v1/rooms/{id}/housekeeping":           400,
	"POST /api/v1/rooms/{id}/out-of-order":           400,
	"DELETE /api/v1/rooms/{id}/out-of-order/{oid}":   404,
	"GET /api/v1/hotels/{id}/rate-plans":             404,
	"POST /api/v1/hotels/{id}/rate-plans":            404,
	"GET /api/v1/rate-plans/{id}":                    404,
	"PATCH /api/v1/rate-plans/{id}":                  404,
	"DELETE /api/v1/rate-plans/{id}":                 404,
	"GET /api/v1/hotels/{id}/rate-calendar":          404,
	"PUT /api/v1/hotels/{id}/rate-calendar":          404,
	"PUT /api/v1/hotels/{id}/inventory":              404,
	"GET /api/v1/guests":                             200,
	"POST /api/v1/guests":                            400,
	"GET /api/v1/guests/{id}":                        404,
	"PATCH /api/v1/guests/{id}":                      404,
	"GET /api/v1/guests/{id}/stays":                  404,
	"POST /api/v1/guests/{id}/merge":                 400,
	"GET /api/v1/hotels/{id}/availability":           404,
	"POST /api/v1/reservations":                      400,
	"GET /api/v1/reservations":                       200,
	"GET /api/v1/reservations/{id}":                  404,
	"PATCH /api/v1/reservations/{id}":                404,
	"POST /api/v1/reservations/{id}/modify-quote":    404,
	"GET /api/v1/reservations/{id}/cancellation-fee": 404,
	"POST /api/v1/reservations/{id}/price":           400,
	"POST /api/v1/reservations/{id}/price-quote":     400,
	"POST /api/v1/hotels/{id}/price-quote":           400,
	"POST /api/v1/reservations/{id}/cancel":          404,
	"POST /api/v1/reservations/{id}/confirm":         404,
	"POST /api/v1/reservations/{id}/assign":          400,
	"POST /api/v1/reservations/{id}/check-in":        404,
	"POST /api/v1/reservations/{id}/check-out":       404,
	"POST /api/v1/reservations/{id}/no-show":         404,
	"POST /api/v1/reservations/{id}/reinstate":       400,
	"POST /api/v1/reservations/{id}/new-code":        404,
	"GET /api/v1/hotels/{id}/conflicts":              404,
	"POST /api/v1/hotels/{id}/night-audit":           400,
	// The first caller through makes the demo hotel; see passStatusAs.
	"POST /api/v1/demo":                  201,
	"GET /api/v1/hotels/{id}/tape-chart": 400,
	// Outside the window it answers 404 (checked to be its own, not the router's).
	"POST /api/v1/desktop/save":       404,
	"DELETE /api/v1/sessions/current": 204,
	// Only in binaries built with the tag innkeep_testroutes.
	"POST /api/test/upload": 201,
}

// passStatusAs overrides passStatus for one caller of a route, where the
// answer depends on who asks.
var passStatusAs = map[string]map[string]int{
	// The callers walk in the order of callers: the administrator made the
	// demo hotel (201), so for the manager it is already there.
	"POST /api/v1/demo": {access.RoleHotelManager: http.StatusConflict},
}

func TestRouteAccessMatrix(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)

	// One session per caller; the anonymous caller has none.
	tokens := map[string]string{"anonymous": ""}
	tokens[access.RoleSystemAdmin] = d.signIn(t, adminName, adminPassword).Token
	names := map[string]string{
		access.RoleHotelManager: "manager",
		access.RoleFrontDesk:    "desk",
		access.RoleHousekeeping: "keeper",
		access.RoleAccountant:   "counter",
		access.RoleAuditor:      "auditor",
	}
	for _, role := range callers[2:] {
		d.addUser(t, tokens[access.RoleSystemAdmin], access.UserInput{Username: names[role], Roles: []string{role}, Hotels: app.AllHotels, Password: staffPassword})
	}
	for _, role := range callers[2:] {
		tokens[role] = d.signIn(t, names[role], staffPassword).Token
	}

	routes := d.h.Routes()
	matrix := map[string]row{}
	for _, part := range matrices() {
		for k, v := range part {
			if _, dup := matrix[k]; dup {
				t.Errorf("route %s has two rows", k)
			}
			matrix[k] = v
		}
	}
	present := map[string]bool{}
	for _, rt := range routes {
		present[rt.Method+" "+rt.Path] = true
	}
	for k, v := range testBuildAccess {
		if present[k] {
			matrix[k] = v
		}
	}

	t.Run("every route has a row and every row a route", func(t *testing.T) {
		for k := range present {
			if _, ok := matrix[k]; !ok {
				t.Errorf("route %s has no row in accessMatrix: decide who may use it", k)
			}
		}
		for _, part := range matrices() {
			for k := range part {
				if !present[k] {
					t.Errorf("the matrix names %s, which is not a route", k)
				}
			}
		}
	})

	// Routes that end the session go last.
	sort.SliceStable(routes, func(i, j int) bool {
		return !slices.Contains(lastRoutes, routes[i].Method+" "+routes[i].Path) &&
			slices.Contains(lastRoutes, routes[j].Method+" "+routes[j].Path)
	})
	for col, caller := range callers {
		t.Run(caller, func(t *testing.T) {
			for _, rt := range routes {
				key := rt.Method + " " + rt.Path
				row, ok := matrix[key]
				if !ok {
					continue // reported above
				}
				want, ok := wantStatus(key, caller, row[col])
				if !ok {
					continue // reported below
				}
				body, ok := matrixBody[key]
				if !ok {
					body = dummyBody(rt.Method)
				}
				r := d.do(t, request{method: rt.Method, path: concrete(rt.Path, unknownID), body: body, token: tokens[caller]})
				if r.status != want {
					t.Errorf("%s as %s: %d, want %d (%s): %.200s", key, caller, r.status, want, row[col], r.body)
					continue
				}
				checkMatrixAnswer(t, key, caller, r)
			}
		})
	}

	t.Run("every route that lets a caller through has its exact status", func(t *testing.T) {
		for key, row := range matrix {
			for col, caller := range callers {
				if _, ok := wantStatus(key, caller, row[col]); !ok {
					t.Errorf("%s lets %s through but passStatus has no status for it", key, caller)
				}
			}
		}
		for key, status := range passStatus {
			row, ok := matrix[key]
			if !ok {
				if _, test := testBuildAccess[key]; !test {
					t.Errorf("passStatus names %s, which has no row in the matrix", key)
				}
				continue
			}
			if !slices.Contains(row[:], pass) {
				t.Errorf("passStatus names %s, which lets nobody through", key)
			}
			if status == http.StatusMethodNotAllowed || status >= 500 || status < 200 {
				t.Errorf("passStatus says %s answers %d: that is a broken route, never an expected answer", key, status)
			}
		}
		for key, byCaller := range passStatusAs {
			for caller := range byCaller {
				if row, ok := matrix[key]; !ok || !slices.Contains(callers, caller) || row[slices.Index(callers, caller)] != pass {
					t.Errorf("passStatusAs names %s as %s, which the matrix does not let through", key, caller)
				}
			}
		}
	})
}

// wantStatus returns the exact status that caller gets from the route key in
// the walk of TestRouteAccessMatrix, given the matrix's outcome for them,
// and false when the tables do not say.
func wantStatus(key, caller string, o outcome) (int, bool) {
	switch o {
	case unauth:
		return http.StatusUnauthorized, true
	case forbid:
		return http.StatusForbidden, true
	case pass:
		if s, ok := passStatusAs[key][caller]; ok {
			return s, true
		}
		s, ok := passStatus[key]
		return s, ok
	}
	return 0, false
}

// errorCodeOf is the error code that goes with each error status.
var errorCodeOf = map[int]string{
	http.StatusBadRequest:   "invalid",
	http.StatusUnauthorized: "unauthorized",
	http.StatusForbidden:    "forbidden",
	http.StatusNotFound:     "not_found",
	http.StatusConflict:     "conflict",
}

// checkMatrixAnswer checks that an error answer of the walk says what its
// status says: a 403 comes from the permission check, not from something
// the request lacked, and a 404 comes from the route's handler, not from a
// router that does not know the path.
func checkMatrixAnswer(t *testing.T, key, caller string, r reply) {
	t.Helper()
	if r.status < 400 {
		return
	}
	var env struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(r.body), &env); err != nil {
		t.Errorf("%s as %s: %d with a body that is not an error envelope: %v: %.200s", key, caller, r.status, err, r.body)
		return
	}
	code, msg := env.Error.Code, env.Error.Message
	if want := errorCodeOf[r.status]; code != want {
		t.Errorf("%s as %s: %d with code %q, want %q: %s", key, caller, r.status, code, want, msg)
	}
	switch r.status {
	case http.StatusForbidden:
		if !strings.Contains(msg, "you do not have the permission") {
			t.Errorf("%s as %s: 403 %q, want a missing permission", key, caller, msg)
		}
	case http.StatusNotFound:
		if strings.HasPrefix(msg, "no API endpoint") {
			t.Errorf("%s as %s: 404 from the router (%q), want the route's own answer", key, caller, msg)
		}
	}
}

func TestHotelManagerSeesOnlyTheirHotels(t *testing.T) {
	d := newDesk(t)
	setup := d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	hotelA := setup.Hotel.ID

	var hotelB property.Hotel
	d.do(t, request{method: "POST", path: "/api/v1/hotels", token: admin,
		body: `{"name": "Bay Hotel", "time_zone": "Europe/Paris", "currency": "EUR"}`}).want(t, http.StatusCreated).decode(t, &hotelB)
	d.addUser(t, admin, access.UserInput{Username: "mona", Roles: []string{access.RoleHotelManager}, Hotels: app.Hotels(hotelA), Password: staffPassword})
	mona := d.signIn(t, "mona", staffPassword).Token

	tests := []struct {
		name   string
		req    request
		status int
	}{
		{"reads their own hotel", request{method: "GET", path: "/api/v1/hotels/" + hotelA}, 200},
		{"gets 404 for another hotel", request{method: "GET", path: "/api/v1/hotels/" + hotelB.ID}, 404},
		{"cannot change another hotel", request{method: "PATCH", path: "/api/v1/hotels/" + hotelB.ID, body: `{"name": "Mine now"}`}, 404},
		{"changes their own hotel", request{method: "PATCH", path: "/api/v1/hotels/" + hotelA, body: `{"name": "Harbour Inn & Spa"}`}, 200},
		{"gets 404 for an administrator of every hotel", request{method: "GET", path: "/api/v1/users/" + setup.User.ID}, 404},
		{"cannot add a hotel without seeing every hotel", request{method: "POST", path: "/api/v1/hotels", body: `{"name": "Third", "time_zone": "UTC", "currency": "EUR"}`}, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.token = mona
			r := d.do(t, tt.req)
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.status == 404 && strings.Contains(r.body, "Bay Hotel") {
				t.Errorf("the 404 names the other hotel: %s", r.body)
			}
		})
	}

	t.Run("lists only their hotel", func(t *testing.T) {
		var list struct{ Hotels []property.Hotel }
		d.do(t, request{method: "GET", path: "/api/v1/hotels", token: mona}).want(t, 200).decode(t, &list)
		var ids []string
		for _, h := range list.Hotels {
			ids = append(ids, h.ID)
		}
		if !slices.Equal(ids, []string{hotelA}) {
			t.Errorf("hotels = %v, want only %s", ids, hotelA)
		}
	})
	t.Run("the administrator lists both", func(t *testing.T) {
		var list struct{ Hotels []property.Hotel }
		d.do(t, request{method: "GET", path: "/api/v1/hotels", token: admin}).want(t, 200).decode(t, &list)
		if len(list.Hotels) != 2 {
			t.Errorf("hotels = %s, want two", fmt.Sprint(list.Hotels))
		}
	})
	t.Run("lists no user beyond their hotel", func(t *testing.T) {
		var list struct{ Users []access.UserView }
		d.do(t, request{method: "GET", path: "/api/v1/users", token: mona}).want(t, 200).decode(t, &list)
		for _, u := range list.Users {
			if u.Username == adminName {
				t.Errorf("a manager of one hotel sees %s, who has every hotel", u.Username)
			}
		}
	})
}
