package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/guest"
)

// guestDesk is a desk that is set up, with a signed-in front-desk user and
// a housekeeper; it returns the desk and the two users' tokens.
func guestDesk(t *testing.T) (d *testDesk, frontDesk, keeper string) {
	t.Helper()
	d = newDesk(t)
	d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	d.addUser(t, admin, access.UserInput{Username: "desk", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: staffPassword})
	d.addUser(t, admin, access.UserInput{Username: "keeper", Roles: []string{access.RoleHousekeeping}, Hotels: app.AllHotels, Password: staffPassword})
	return d, d.signIn(t, "desk", staffPassword).Token, d.signIn(t, "keeper", staffPassword).Token
}

// postGuest creates a guest through the API.
func (d *testDesk) postGuest(t *testing.T, token, body string) guest.GuestView {
	t.Helper()
	var g guest.GuestView
	d.do(t, request{method: "POST", path: "/api/v1/guests", body: body, token: token}).want(t, http.StatusCreated).decode(t, &g)
	return g
}

func TestGuestRoutes(t *testing.T) {
	d, front, _ := guestDesk(t)
	ana := d.postGuest(t, front, `{"name": "Ana Souza", "phone": "+55 11 98765-4321", "email": "ana@example.com",
		"nationality": "br", "id_document": {"type": "passport", "number": "FZ123456"}, "notes": "Late arrival"}`)
	if ana.ID == "" || ana.Nationality != "BR" || ana.IDDocument != (guest.IDDocument{Type: "passport", Number: "FZ123456"}) {
		t.Fatalf("created %+v", ana)
	}
	d.clk.Add(time.Second)
	dup := d.postGuest(t, front, `{"name": "A. Souza", "email": "a.souza@example.com"}`)

	t.Run("GET /guests/{id} returns the guest with the document number", func(t *testing.T) {
		var g guest.GuestView
		d.do(t, request{method: "GET", path: "/api/v1/guests/" + ana.ID, token: front}).want(t, 200).decode(t, &g)
		if g != ana {
			t.Errorf("got %+v, want %+v", g, ana)
		}
		if r := d.do(t, request{method: "GET", path: "/api/v1/guests/" + ana.ID, token: front}); !strings.Contains(r.body, `"id_document":{"type":"passport","number":"FZ123456"}`) {
			t.Errorf("the body does not hold id_document as {type, number}: %s", r.body)
		}
	})

	t.Run("GET /guests searches by name, phone and email", func(t *testing.T) {
		for _, q := range []string{"souza", "ana sou", "5511987", "ANA@example.com"} {
			var list struct{ Guests []guest.GuestView }
			d.do(t, request{method: "GET", path: "/api/v1/guests?q=" + url.QueryEscape(q), token: front}).want(t, 200).decode(t, &list)
			if len(list.Guests) == 0 || list.Guests[len(list.Guests)-1].ID != ana.ID {
				t.Errorf("q=%q found %+v, want Ana", q, list.Guests)
			}
		}
		var all struct{ Guests []guest.GuestView }
		d.do(t, request{method: "GET", path: "/api/v1/guests", token: front}).want(t, 200).decode(t, &all)
		if len(all.Guests) != 2 || all.Guests[0].ID != dup.ID {
			t.Errorf("the list without q = %+v, want both, newest first", all.Guests)
		}
	})

	t.Run("PATCH /guests/{id} changes the fields given", func(t *testing.T) {
		var g guest.GuestView
		d.do(t, request{method: "PATCH", path: "/api/v1/guests/" + ana.ID, token: front,
			body: `{"notes": "Late arrival, around 23:00", "id_document": {"number": "FZ654321"}}`}).want(t, 200).decode(t, &g)
		if g.Notes != "Late arrival, around 23:00" || g.IDDocument.Number != "FZ654321" || g.IDDocument.Type != "passport" || g.Email != ana.Email {
			t.Errorf("after the patch: %+v", g)
		}
	})

	t.Run("POST /guests/{id}/merge merges the duplicate", func(t *testing.T) {
		var g guest.GuestView
		d.do(t, request{method: "POST", path: "/api/v1/guests/" + ana.ID + "/merge", token: front,
			body: `{"duplicate_id": "` + dup.ID + `"}`}).want(t, 200).decode(t, &g)
		if g.ID != ana.ID || g.MergedInto != "" {
			t.Errorf("merge returned %+v, want the kept guest", g)
		}
		var old guest.GuestView
		d.do(t, request{method: "GET", path: "/api/v1/guests/" + dup.ID, token: front}).want(t, 200).decode(t, &old)
		if old.MergedInto != ana.ID {
			t.Errorf("the duplicate reads %+v, want merged_into %s", old, ana.ID)
		}
	})

	t.Run("GET /guests/{id}/stays lists the stays", func(t *testing.T) {
		r := d.do(t, request{method: "GET", path: "/api/v1/guests/" + ana.ID + "/stays", token: front}).want(t, 200)
		if strings.TrimSpace(r.body) != `{"stays":[]}` {
			t.Errorf("stays of a guest without reservations = %s", r.body)
		}
	})
}

func TestGuestRoutesRefuseBadInput(t *testing.T) {
	d, front, keeper := guestDesk(t)
	g := d.postGuest(t, front, `{"name": "Bad Input Target"}`)
	other := d.postGuest(t, front, `{"name": "Another Guest"}`)
	unknown := "/api/v1/guests/" + unknownID

	tests := []struct {
		name   string
		req    request
		status int
		msg    string
	}{
		{"a guest without a name", request{method: "POST", path: "/api/v1/guests", body: `{"phone": "123"}`}, 400, "name is required"},
		{"an unknown field", request{method: "POST", path: "/api/v1/guests", body: `{"name": "X", "vip": true}`}, 400, "unknown field"},
		{"a name that is not a string", request{method: "POST", path: "/api/v1/guests", body: `{"name": 7}`}, 400, `"name"`},
		{"a bad nationality", request{method: "POST", path: "/api/v1/guests", body: `{"name": "X", "nationality": "Brazil"}`}, 400, "ISO 3166-1"},
		{"a bad document type", request{method: "POST", path: "/api/v1/guests", body: `{"name": "X", "id_document": {"type": "visa", "number": "1"}}`}, 400, "identity document type"},
		{"a bad email on a change", request{method: "PATCH", path: "/api/v1/guests/" + g.ID, body: `{"email": "x@"}`}, 400, "email"},
		{"a change of an unknown guest", request{method: "PATCH", path: unknown, body: `{"name": "X"}`}, 404, "not found"},
		{"an unknown guest", request{method: "GET", path: unknown}, 404, "not found"},
		{"the stays of an unknown guest", request{method: "GET", path: unknown + "/stays"}, 404, "not found"},
		{"a merge into itself", request{method: "POST", path: "/api/v1/guests/" + g.ID + "/merge", body: `{"duplicate_id": "` + g.ID + `"}`}, 400, "itself"},
		{"a merge without a duplicate", request{method: "POST", path: "/api/v1/guests/" + g.ID + "/merge", body: `{}`}, 400, "duplicate_id"},
		{"a merge of an unknown duplicate", request{method: "POST", path: "/api/v1/guests/" + g.ID + "/merge", body: `{"duplicate_id": "` + unknownID + `"}`}, 404, "not found"},
		{"an overlong search", request{method: "GET", path: "/api/v1/guests?q=" + strings.Repeat("a", 201)}, 400, "at most 200"},
		{"housekeeping may not read guests", request{method: "GET", path: "/api/v1/guests/" + g.ID, token: keeper}, 403, "guests.view"},
		{"housekeeping may not merge", request{method: "POST", path: "/api/v1/guests/" + g.ID + "/merge", token: keeper, body: `{"duplicate_id": "` + other.ID + `"}`}, 403, "guests.update"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.req.token == "" {
				tt.req.token = front
			}
			before := d.stateHash(t)
			r := d.do(t, tt.req).want(t, tt.status)
			if _, msg := r.envelope(t); !strings.Contains(msg, tt.msg) {
				t.Errorf("message %q does not mention %q", msg, tt.msg)
			}
			if d.stateHash(t) != before {
				t.Error("the refused request changed the store")
			}
		})
	}
}

func TestGuestDocumentNumberWithoutTheDataKeyIs503(t *testing.T) {
	d, front, _ := guestDesk(t)
	d.svc.Keys.Set(nil)
	before := d.stateHash(t)
	r := d.do(t, request{method: "POST", path: "/api/v1/guests", token: front,
		body: `{"name": "No Key", "id_document": {"type": "passport", "number": "NK000001"}}`}).want(t, http.StatusServiceUnavailable)
	if code, msg := r.envelope(t); code != "unavailable" || !strings.Contains(msg, "data key is missing") {
		t.Errorf("error %q %q, want unavailable naming the missing data key", code, msg)
	}
	if d.stateHash(t) != before {
		t.Error("the refused guest changed the store")
	}
}
