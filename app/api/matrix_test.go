package api_test

import (
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
	pass   outcome = iota + 1 // let through: a 2xx, or a 4xx about the dummy input (400, 404, 409)
	unauth                    // 401: sign in first
	forbid                    // 403: not allowed
	broken                    // anything else (5xx, 405): never expected
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
	return "broken"
}

// outcomeOf classifies a status.
func outcomeOf(status int) outcome {
	switch {
	case status == http.StatusUnauthorized:
		return unauth
	case status == http.StatusForbidden:
		return forbid
	case status == http.StatusMethodNotAllowed || status >= 500:
		return broken
	case status >= 200 && status < 500:
		return pass
	}
	return broken
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
	// Outside the window it answers 404; TestSaveDownload covers the rest.
	"POST /api/v1/desktop/save": {unauth, pass, pass, pass, pass, pass, pass},
}

// matrices are every part of the matrix: each slice of the API keeps its
// rows next to its own tests.
func matrices() []map[string]row {
	return []map[string]row{accessMatrix, propertyMatrix, guestMatrix, bookingMatrix}
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
				body, ok := matrixBody[key]
				if !ok {
					body = dummyBody(rt.Method)
				}
				r := d.do(t, request{method: rt.Method, path: concrete(rt.Path, unknownID), body: body, token: tokens[caller]})
				got, want := outcomeOf(r.status), row[col]
				if got != want {
					t.Errorf("%s as %s: %d (%s), want %s: %.200s", key, caller, r.status, got, want, r.body)
					continue
				}
				if got == forbid {
					// The refusal comes from the permission check, not from
					// something the request lacked.
					if code, msg := r.envelope(t); code != "forbidden" || !strings.Contains(msg, "you do not have the permission") {
						t.Errorf("%s as %s: 403 %q %q, want a missing permission", key, caller, code, msg)
					}
				}
			}
		})
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
