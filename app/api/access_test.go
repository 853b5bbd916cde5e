package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/api"
	"innkeep/app/audit"
	"innkeep/app/guest"
	"innkeep/app/property"
)

// openBeforeSetup are the routes that answer before the first user exists
// (docs/access.md, "First run"), stated by hand.
var openBeforeSetup = map[string]bool{
	"GET /api/v1/health":       true,
	"GET /api/v1/openapi.json": true,
	"GET /api/v1/setup":        true,
	"POST /api/v1/setup":       true,
	"POST /api/test/upload":    true, // test builds only
}

func TestBeforeSetupOnlyTheSetupRoutesAnswer(t *testing.T) {
	d := newDesk(t)
	for _, rt := range d.h.Routes() {
		key := rt.Method + " " + rt.Path
		t.Run(key, func(t *testing.T) {
			for _, token := range []string{"", "made-up-token"} {
				r := d.do(t, request{method: rt.Method, path: concrete(rt.Path, unknownID), body: dummyBody(rt.Method), token: token})
				if openBeforeSetup[key] {
					if r.status == http.StatusForbidden || r.status >= 500 {
						t.Errorf("status = %d before setup, want it to answer: %s", r.status, r.body)
					}
					continue
				}
				if r.status != http.StatusForbidden {
					t.Fatalf("status = %d before setup, want 403: %s", r.status, r.body)
				}
				if code, msg := r.envelope(t); code != "forbidden" || msg != "Innkeep is not set up yet" {
					t.Errorf("envelope = %q %q, want forbidden \"Innkeep is not set up yet\"", code, msg)
				}
			}
		})
	}
	t.Run("GET /api/v1/setup says setup is needed", func(t *testing.T) {
		if body := d.do(t, request{method: "GET", path: "/api/v1/setup"}).want(t, 200).body; strings.TrimSpace(body) != `{"needed":true}` {
			t.Errorf("body = %s", body)
		}
	})
}

func TestSetupRefusesBadInputAndChangesNothing(t *testing.T) {
	d := newDesk(t)
	initial := d.stateHash(t)
	valid := func(change func(m map[string]map[string]any)) string {
		var m map[string]map[string]any
		if err := json.Unmarshal([]byte(setupBody), &m); err != nil {
			t.Fatal(err)
		}
		change(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	tests := []struct {
		name   string
		body   string
		header map[string]string
		want   string // in the message
	}{
		{"no body", "", nil, "needs a JSON body"},
		{"a number for a string", `{"hotel": {"name": 5}}`, nil, `"hotel.name" must be a string, not number`},
		{"an object for a string", `{"admin": {"username": {}}}`, nil, `"admin.username" must be a string, not object`},
		{"an unknown field", valid(func(m map[string]map[string]any) { m["admin"]["role"] = "root" }), nil, `unknown field "role"`},
		{"an unknown top-level field", `{"hotel": {}, "owner": "x"}`, nil, `unknown field "owner"`},
		{"trailing garbage", setupBody + " x", nil, "data after the JSON value"},
		{"a second JSON value", setupBody + " {}", nil, "data after the JSON value"},
		{"a body that is not JSON", "hotel=Harbour", nil, "not valid JSON"},
		{"a body cut short", `{"hotel": {"name": "Harbour`, nil, "cut short"},
		{"an array", `[]`, nil, "must be a JSON"},
		{"a form's content type", setupBody, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "must be JSON"},
		{"a body over 1 MiB", `{"hotel": {"name": "` + strings.Repeat("a", api.MaxBodyBytes) + `"}}`, nil, "larger than 1048576 bytes"},
		{"a hotel without a name", valid(func(m map[string]map[string]any) { m["hotel"]["name"] = " " }), nil, "hotel name"},
		{"an unknown time zone", valid(func(m map[string]map[string]any) { m["hotel"]["time_zone"] = "Mars/Olympus" }), nil, "time zone"},
		{"an unknown currency", valid(func(m map[string]map[string]any) { m["hotel"]["currency"] = "XYZ" }), nil, "ISO 4217"},
		{"a bad username", valid(func(m map[string]map[string]any) { m["admin"]["username"] = "Al" }), nil, "usernames are 3 to 32"},
		{"a bad email", valid(func(m map[string]map[string]any) { m["admin"]["email"] = "alice at example" }), nil, "not an email address"},
		{"a short password", valid(func(m map[string]map[string]any) { m["admin"]["password"] = "short" }), nil, "at least 10"},
		{"a common password", valid(func(m map[string]map[string]any) { m["admin"]["password"] = "sunshine123" }), nil, "leaked"},
		{"the username in the password", valid(func(m map[string]map[string]any) { m["admin"]["password"] = "alice in wonderland" }), nil, "username"},
	}
	for _, tt := range tests {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			r := d.do(t, request{method: "POST", path: "/api/v1/setup", body: tt.body, header: tt.header})
			if r.status != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400: %.300s", r.status, r.body)
			}
			if code, msg := r.envelope(t); code != "invalid" || !strings.Contains(msg, tt.want) {
				t.Errorf("envelope = %q %q, want invalid naming %q", code, msg, tt.want)
			}
			if h := d.stateHash(t); h != initial {
				t.Error("a refused setup changed the store")
			}
			if _, err := os.Stat(filepath.Join(d.svc.DataDir, app.KeyFileName)); !os.IsNotExist(err) {
				t.Errorf("a refused setup left a data key: %v", err)
			}
			if needed, _ := d.svc.Setup.NeedsSetup(); !needed {
				t.Error("a refused setup made a user")
			}
		})
	}

	t.Run("accepts a valid form once", func(t *testing.T) {
		r := d.do(t, request{method: "POST", path: "/api/v1/setup", body: setupBody}).want(t, http.StatusCreated)
		var res struct {
			Hotel          property.Hotel `json:"hotel"`
			User           map[string]any
			RecoveryPhrase string `json:"recovery_phrase"`
		}
		r.decode(t, &res)
		if groups := strings.Split(res.RecoveryPhrase, "-"); len(groups) != 16 {
			t.Errorf("recovery phrase %q has %d groups, want 16", res.RecoveryPhrase, len(groups))
		}
		if res.Hotel.Name != "Harbour Inn" || res.Hotel.Currency != "CNY" || res.Hotel.ID == "" {
			t.Errorf("hotel = %+v", res.Hotel)
		}
		if res.User["username"] != adminName || fmt.Sprint(res.User["roles"]) != "[system_admin]" || res.User["hotels"] != "all" {
			t.Errorf("user = %v, want alice, system_admin of all hotels", res.User)
		}
		fi, err := os.Stat(filepath.Join(d.svc.DataDir, app.KeyFileName))
		if err != nil {
			t.Fatalf("no data key after setup: %v", err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("data key mode = %v, want 0600", fi.Mode().Perm())
		}
		if body := d.do(t, request{method: "GET", path: "/api/v1/setup"}).want(t, 200).body; strings.TrimSpace(body) != `{"needed":false}` {
			t.Errorf("GET /api/v1/setup after setup = %s", body)
		}
		after := d.stateHash(t)
		again := d.do(t, request{method: "POST", path: "/api/v1/setup", body: strings.Replace(setupBody, "alice", "mallory", -1)}).want(t, http.StatusConflict)
		if code, _ := again.envelope(t); code != "conflict" {
			t.Errorf("second setup: code %q, want conflict", code)
		}
		if d.stateHash(t) != after {
			t.Error("a second setup changed the store")
		}
	})
}

func TestBadBodiesAreRefusedWithAClearMessageAndChangeNothing(t *testing.T) {
	d := newDesk(t)
	setup := d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	var role access.Role
	d.do(t, request{method: "POST", path: "/api/v1/roles", token: admin, body: `{"name": "Night auditor", "permissions": ["reports.view"]}`}).want(t, 201).decode(t, &role)

	routes := []struct {
		method, path string
		wrongType    string // a body with a field of the wrong type
		wantType     string // in the message about it
	}{
		{"POST", "/api/v1/sessions", `{"username": 5, "password": "x"}`, `"username" must be a string, not number`},
		{"PUT", "/api/v1/me/password", `{"current_password": "x", "new_password": true}`, `"new_password" must be a string, not bool`},
		{"POST", "/api/v1/users", `{"username": "bob", "roles": "front_desk"}`, `"roles" must be an array, not string`},
		{"PATCH", "/api/v1/users/" + setup.User.ID, `{"hotels": 5}`, `hotels must be "all" or a list of hotel ids`},
		{"POST", "/api/v1/roles", `{"name": "X", "permissions": {"users.view": true}}`, `"permissions" must be an array, not object`},
		{"PATCH", "/api/v1/roles/" + role.ID, `{"name": ["Night"]}`, `"name" must be a string, not array`},
		{"POST", "/api/v1/hotels", `{"name": "Bay", "time_zone": "UTC", "currency": 978}`, `"currency" must be a string, not number`},
		{"PATCH", "/api/v1/hotels/" + setup.Hotel.ID, `{"time_zone": false}`, `"time_zone" must be a string, not bool`},
	}
	bodies := []struct {
		name   string
		body   string
		header map[string]string
		want   string
	}{
		{"no body", "", nil, "needs a JSON body"},
		{"a blank body", "  \n", nil, "needs a JSON body"},
		{"an unknown field", `{"is_admin": true}`, nil, `unknown field "is_admin"`},
		{"trailing garbage", `{} x`, nil, "data after the JSON value"},
		{"two JSON values", `{} {}`, nil, "data after the JSON value"},
		{"broken JSON", `{"name" "x"}`, nil, "not valid JSON"},
		{"a body cut short", `{"name": "x`, nil, "cut short"},
		{"an array", `[{}]`, nil, "must be a JSON"},
		{"a string", `"{}"`, nil, "must be a JSON"},
		{"a plain-text body", `{}`, map[string]string{"Content-Type": "text/plain"}, "must be JSON"},
		{"a body over 1 MiB", `{"name": "` + strings.Repeat("x", api.MaxBodyBytes) + `"}`, nil, "larger than 1048576 bytes"},
	}
	for _, rt := range routes {
		cases := append(slices.Clone(bodies), struct {
			name   string
			body   string
			header map[string]string
			want   string
		}{"a field of the wrong type", rt.wrongType, nil, rt.wantType})
		for _, tt := range cases {
			t.Run(rt.method+" "+rt.path+" refuses "+tt.name, func(t *testing.T) {
				before := d.stateHash(t)
				r := d.do(t, request{method: rt.method, path: rt.path, body: tt.body, header: tt.header, token: admin})
				if r.status != http.StatusBadRequest {
					t.Fatalf("status = %d, want 400: %.300s", r.status, r.body)
				}
				if code, msg := r.envelope(t); code != "invalid" || !strings.Contains(msg, tt.want) {
					t.Errorf("envelope = %q %q, want invalid naming %q", code, msg, tt.want)
				}
				if d.stateHash(t) != before {
					t.Error("the refused request changed the store")
				}
			})
		}
	}
	t.Run("the session survives the refusals", func(t *testing.T) {
		d.do(t, request{method: "GET", path: "/api/v1/me", token: admin}).want(t, 200)
	})
}

func TestABodyWithAStrayClosingBracketIsRefused(t *testing.T) {
	d := newDesk(t)
	setup := d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	tests := []struct {
		name, method, path, body string
	}{
		{"a brace after a user's changes", "PATCH", "/api/v1/users/" + setup.User.ID, `{"display_name": "Alice C."}}`},
		{"a bracket after a hotel's changes", "PATCH", "/api/v1/hotels/" + setup.Hotel.ID, `{"name": "Harbour"}]`},
		{"a brace after a new hotel", "POST", "/api/v1/hotels", `{"name": "Bay", "time_zone": "UTC", "currency": "EUR"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := d.stateHash(t)
			r := d.do(t, request{method: tt.method, path: tt.path, body: tt.body, token: admin})
			if r.status != http.StatusBadRequest {
				t.Errorf("status = %d, want 400 for data after the JSON value: %.300s", r.status, r.body)
			} else if code, msg := r.envelope(t); code != "invalid" || !strings.Contains(msg, "data after the JSON value") {
				t.Errorf("envelope = %q %q", code, msg)
			}
			if d.stateHash(t) != before {
				t.Error("the malformed request changed the store")
			}
		})
	}
}

func TestABodyOfAnotherKindIsNamedPlainly(t *testing.T) {
	d := newDesk(t)
	tests := []struct{ name, body string }{
		{"an array", `[]`},
		{"a string", `"hotel"`},
		{"a number", `42`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := d.do(t, request{method: "POST", path: "/api/v1/setup", body: tt.body}).want(t, http.StatusBadRequest)
			if _, msg := r.envelope(t); msg != "the body must be a JSON object" {
				t.Errorf("message = %q, want %q", msg, "the body must be a JSON object")
			}
		})
	}
}

func TestSignInSetsAStrictHttpOnlySessionCookie(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	r := d.do(t, request{method: "POST", path: "/api/v1/sessions", body: `{"username": "alice", "password": "correct horse battery"}`}).want(t, http.StatusCreated)
	var res struct {
		Token              string    `json:"token"`
		CSRFToken          string    `json:"csrf_token"`
		ExpiresAt          time.Time `json:"expires_at"`
		IdleTimeoutSeconds int       `json:"idle_timeout_seconds"`
		MustChangePassword *bool     `json:"must_change_password"`
		User               struct {
			Username  string `json:"username"`
			CSRFToken string `json:"csrf_token"`
		} `json:"user"`
	}
	r.decode(t, &res)
	c := r.sessionCookie()
	tests := []struct {
		name string
		ok   bool
	}{
		{"the body has a token of 256 bits", len(res.Token) == 43},
		{"the body has a CSRF token", res.CSRFToken != "" && res.CSRFToken != res.Token},
		{"the user carries the same CSRF token", res.User.Username == adminName && res.User.CSRFToken == res.CSRFToken},
		{"the session lasts 12 hours at most", res.ExpiresAt.Equal(d.clk.Now().Add(12 * time.Hour))},
		{"the idle timeout is 30 minutes", res.IdleTimeoutSeconds == 1800},
		{"no password change is due", res.MustChangePassword != nil && !*res.MustChangePassword},
		{"the cookie is set", c != nil},
		{"the cookie holds the token", c != nil && c.Value == res.Token},
		{"the cookie is HttpOnly", c != nil && c.HttpOnly},
		{"the cookie is SameSite=Strict", c != nil && c.SameSite == http.SameSiteStrictMode},
		{"the cookie's path is /", c != nil && c.Path == "/"},
		{"the cookie is not Secure without TLS", c != nil && !c.Secure},
		{"the cookie ends with the session", c != nil && c.MaxAge > 12*3600-60 && c.MaxAge <= 12*3600},
		{"the response is not cached", r.header.Get("Cache-Control") == "no-store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.ok {
				t.Errorf("no: cookie %v, body %s", c, r.body)
			}
		})
	}
}

func TestFailedSignInsAllLookTheSame(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	dora := d.addUser(t, admin, access.UserInput{Username: "dora", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: staffPassword})
	d.do(t, request{method: "POST", path: "/api/v1/users/" + dora.ID + "/disable", token: admin}).want(t, 200)

	tests := []struct {
		name, username, password string
	}{
		{"a wrong password", adminName, "not the password"},
		{"an unknown user", "nobody", adminPassword},
		{"a disabled user with the right password", "dora", staffPassword},
		{"an empty username", "", adminPassword},
		{"a username too long to exist", strings.Repeat("a", 100), adminPassword},
	}
	var first string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]string{"username": tt.username, "password": tt.password})
			r := d.do(t, request{method: "POST", path: "/api/v1/sessions", body: string(body)}).want(t, http.StatusUnauthorized)
			if code, msg := r.envelope(t); code != "unauthorized" || msg != "Invalid username or password, or the account is locked for a while." {
				t.Errorf("envelope = %q %q", code, msg)
			}
			if first == "" {
				first = r.body
			} else if r.body != first {
				t.Errorf("body = %s, want the same as for a wrong password: %s", r.body, first)
			}
			if r.sessionCookie() != nil {
				t.Error("a failed sign-in set the session cookie")
			}
		})
	}
}

// auditActions returns the audit entries whose action starts with prefix,
// newest first, as the holder of token reads them.
func auditActions(t *testing.T, d *testDesk, token, prefix string) []audit.Entry {
	t.Helper()
	var page audit.Page
	d.do(t, request{method: "GET", path: "/api/v1/audit?limit=500&action=" + prefix, token: token}).want(t, 200).decode(t, &page)
	return page.Entries
}

func TestFiveFailuresLockTheUsername(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	d.addUser(t, admin, access.UserInput{Username: "bob", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: staffPassword})

	login := func(user, pass, remote string) reply {
		body, _ := json.Marshal(map[string]string{"username": user, "password": pass})
		return d.do(t, request{method: "POST", path: "/api/v1/sessions", body: string(body), remote: remote})
	}
	var wrongBody string
	for i := range access.LockoutFailures {
		// From several addresses: the lock is the username's.
		r := login("bob", "not the password", fmt.Sprintf("203.0.113.%d:1000", i+1)).want(t, http.StatusUnauthorized)
		wrongBody = r.body
	}
	t.Run("the right password fails while locked, with the same answer", func(t *testing.T) {
		r := login("bob", staffPassword, "203.0.113.99:1000").want(t, http.StatusUnauthorized)
		if r.body != wrongBody {
			t.Errorf("body = %s, want %s", r.body, wrongBody)
		}
	})
	t.Run("other users are not locked", func(t *testing.T) {
		login(adminName, adminPassword, "203.0.113.99:1000").want(t, http.StatusCreated)
	})
	t.Run("an unknown username locks the same way", func(t *testing.T) {
		for range access.LockoutFailures {
			login("ghost", "not the password", "203.0.113.50:1000").want(t, http.StatusUnauthorized)
		}
	})
	t.Run("failures and lockouts are in the audit log", func(t *testing.T) {
		entries := auditActions(t, d, admin, "session.")
		count := map[string]int{}
		for _, e := range entries {
			count[e.Action+" "+e.Username]++
			if e.Action == "session.login_failed" && e.Username == "bob" && e.Address == "" {
				t.Errorf("failed sign-in without an address: %+v", e)
			}
		}
		want := map[string]int{
			"session.login_failed bob":   access.LockoutFailures + 1,
			"session.lockout bob":        1,
			"session.login_failed ghost": access.LockoutFailures,
			"session.lockout ghost":      1,
		}
		for k, n := range want {
			if count[k] != n {
				t.Errorf("%d entries %q, want %d (all: %v)", count[k], k, n, count)
			}
		}
		var reasons []string
		for _, e := range entries {
			if e.Action == "session.login_failed" && e.Username == "bob" {
				reasons = append(reasons, string(e.After["reason"]))
			}
		}
		if !slices.Contains(reasons, `"locked"`) || !slices.Contains(reasons, `"wrong password"`) {
			t.Errorf("reasons = %v, want a wrong password and a locked account", reasons)
		}
	})
	t.Run("the lock lifts after 15 minutes", func(t *testing.T) {
		d.clk.Add(access.LockoutPeriod + time.Second)
		login("bob", staffPassword, "203.0.113.99:1000").want(t, http.StatusCreated)
	})
}

func TestAnAddressWithTwentyFailuresIsRateLimited(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	const remote = "198.51.100.7:4000"
	login := func(user, pass, remote string) reply {
		body, _ := json.Marshal(map[string]string{"username": user, "password": pass})
		return d.do(t, request{method: "POST", path: "/api/v1/sessions", body: string(body), remote: remote})
	}
	for i := range access.AddressFailures {
		login(fmt.Sprintf("guess%02d", i), "not the password", remote).want(t, http.StatusUnauthorized)
	}
	t.Run("the address gets 429 with Retry-After, even with the right password", func(t *testing.T) {
		r := login(adminName, adminPassword, remote).want(t, http.StatusTooManyRequests)
		if code, msg := r.envelope(t); code != "rate_limited" || !strings.Contains(msg, "try again") {
			t.Errorf("envelope = %q %q", code, msg)
		}
		secs, err := strconv.Atoi(r.header.Get("Retry-After"))
		if err != nil || secs < 1 || secs > int(access.AddressWindow/time.Second)+1 {
			t.Errorf("Retry-After = %q, want seconds up to the window's end", r.header.Get("Retry-After"))
		}
		if r.sessionCookie() != nil {
			t.Error("a refused sign-in set the cookie")
		}
	})
	t.Run("another address signs in", func(t *testing.T) {
		login(adminName, adminPassword, "198.51.100.8:4000").want(t, http.StatusCreated)
	})
	t.Run("the address signs in once the window passed", func(t *testing.T) {
		d.clk.Add(access.AddressWindow)
		login(adminName, adminPassword, remote).want(t, http.StatusCreated)
	})
}

func TestCookieSessionsNeedTheCSRFTokenAndTheSameOrigin(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	s := d.signIn(t, adminName, adminPassword)
	// POST /api/v1/roles with {} is refused as invalid (400) once the guard
	// let it through, and changes nothing.
	tests := []struct {
		name   string
		req    request
		status int
		want   string // in the message of a refusal
	}{
		{"a cookie POST without the CSRF token is refused", request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token}, 403, "CSRF"},
		{"a cookie POST with a wrong CSRF token is refused", request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token, csrf: "wrong"}, 403, "CSRF"},
		{"a cookie POST with another token's value is refused", request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token, csrf: s.Token}, 403, "CSRF"},
		{"a cookie POST with the CSRF token passes", request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token, csrf: s.CSRFToken}, 400, ""},
		{"a cookie PATCH without the CSRF token is refused", request{method: "PATCH", path: "/api/v1/roles/" + unknownID, body: "{}", cookie: s.Token}, 403, "CSRF"},
		{"a cookie PUT without the CSRF token is refused", request{method: "PUT", path: "/api/v1/me/password", body: "{}", cookie: s.Token}, 403, "CSRF"},
		{"a cookie DELETE without the CSRF token is refused", request{method: "DELETE", path: "/api/v1/sessions/current", cookie: s.Token}, 403, "CSRF"},
		{"a cookie POST from another site is refused", request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token, csrf: s.CSRFToken,
			header: map[string]string{"Origin": "http://evil.example"}}, 403, "another site"},
		{"a cookie POST from this server's own page passes", request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token, csrf: s.CSRFToken,
			header: map[string]string{"Origin": "http://example.com"}}, 400, ""},
		{"a cookie POST from the same host on another port is refused", request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token, csrf: s.CSRFToken,
			header: map[string]string{"Origin": "http://example.com:8080"}}, 403, "another site"},
		{"a cookie POST with an opaque origin is refused", request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token, csrf: s.CSRFToken,
			header: map[string]string{"Origin": "null"}}, 403, "another site"},
		{"a cookie POST marked cross-site is refused", request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token, csrf: s.CSRFToken,
			header: map[string]string{"Sec-Fetch-Site": "cross-site"}}, 403, "another site"},
		{"a cookie POST marked same-site is refused", request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token, csrf: s.CSRFToken,
			header: map[string]string{"Sec-Fetch-Site": "same-site"}}, 403, "another site"},
		{"a cookie POST marked same-origin passes", request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token, csrf: s.CSRFToken,
			header: map[string]string{"Sec-Fetch-Site": "same-origin"}}, 400, ""},
		{"a sign-in from another site is refused", request{method: "POST", path: "/api/v1/sessions", body: `{"username": "alice", "password": "correct horse battery"}`,
			header: map[string]string{"Origin": "http://evil.example"}}, 403, "another site"},
		{"a bearer POST needs no CSRF token", request{method: "POST", path: "/api/v1/roles", body: "{}", token: s.Token}, 400, ""},
		{"a bearer PUT needs no CSRF token", request{method: "PUT", path: "/api/v1/me/password", body: "{}", token: s.Token}, 400, ""},
		{"a cookie GET needs no CSRF token", request{method: "GET", path: "/api/v1/me", cookie: s.Token}, 200, ""},
		{"a cookie GET with a wrong CSRF token still reads", request{method: "GET", path: "/api/v1/roles", cookie: s.Token, csrf: "wrong"}, 200, ""},
		{"a cookie with a made-up token is not a session", request{method: "GET", path: "/api/v1/me", cookie: "made-up"}, 401, "session has ended"},
		{"a bearer with a made-up token is not a session", request{method: "GET", path: "/api/v1/me", token: "made-up"}, 401, "session has ended"},
		{"a malformed Authorization header is no session", request{method: "GET", path: "/api/v1/me", header: map[string]string{"Authorization": "Basic " + s.Token}}, 401, "sign in first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := d.stateHash(t)
			r := d.do(t, tt.req)
			if r.status != tt.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.want != "" {
				if _, msg := r.envelope(t); !strings.Contains(msg, tt.want) {
					t.Errorf("message = %q, want it to name %q", msg, tt.want)
				}
			}
			if tt.status >= 400 && d.stateHash(t) != before {
				t.Error("a refused request changed the store")
			}
		})
	}
	t.Run("the session is still open after the refusals", func(t *testing.T) {
		d.do(t, request{method: "GET", path: "/api/v1/me", cookie: s.Token}).want(t, 200)
	})
}

func TestSessionsEndWhenIdleOrTooOld(t *testing.T) {
	type step struct {
		wait   time.Duration
		status int
	}
	tests := []struct {
		name     string
		config   access.SessionConfig
		wantIdle int // idle_timeout_seconds at sign-in
		steps    []step
	}{
		{"a session idle for 31 minutes ends", access.SessionConfig{}, 1800,
			[]step{{31 * time.Minute, 401}}},
		{"a session idle for 29 minutes goes on", access.SessionConfig{}, 1800,
			[]step{{29 * time.Minute, 200}, {29 * time.Minute, 200}, {31 * time.Minute, 401}}},
		{"a session in use ends 12 hours after sign-in", access.SessionConfig{}, 1800,
			append(slices.Repeat([]step{{25 * time.Minute, 200}}, 28), step{19 * time.Minute, 200}, step{time.Minute, 401})},
		{"a configured idle limit applies", access.SessionConfig{Idle: 5 * time.Minute}, 300,
			[]step{{4 * time.Minute, 200}, {4 * time.Minute, 200}, {6 * time.Minute, 401}}},
		{"a configured absolute limit applies", access.SessionConfig{Max: time.Hour}, 1800,
			[]step{{25 * time.Minute, 200}, {25 * time.Minute, 200}, {10 * time.Minute, 401}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDesk(t)
			d.svc.Access.Sessions = tt.config
			d.setUp(t)
			s := d.signIn(t, adminName, adminPassword)
			if s.IdleTimeoutSeconds != tt.wantIdle {
				t.Errorf("idle_timeout_seconds = %d, want %d", s.IdleTimeoutSeconds, tt.wantIdle)
			}
			var elapsed time.Duration
			for i, st := range tt.steps {
				d.clk.Add(st.wait)
				elapsed += st.wait
				r := d.do(t, request{method: "GET", path: "/api/v1/me", cookie: s.Token})
				if r.status != st.status {
					t.Fatalf("step %d, %v after sign-in: status %d, want %d: %s", i, elapsed, r.status, st.status, r.body)
				}
				if st.status != 401 {
					continue
				}
				if code, msg := r.envelope(t); code != "unauthorized" || !strings.Contains(msg, "sign in again") {
					t.Errorf("envelope = %q %q", code, msg)
				}
				if c := r.sessionCookie(); c == nil || c.Value != "" || c.MaxAge >= 0 || c.Path != "/" {
					t.Errorf("the ended session's cookie is not cleared: %v", c)
				}
				// The session is gone for good, by any means.
				d.do(t, request{method: "GET", path: "/api/v1/me", token: s.Token}).want(t, 401)
			}
		})
	}
}

func TestSignOutEndsTheSession(t *testing.T) {
	tests := []struct {
		name string
		out  func(s access.LoginResult) request
	}{
		{"by bearer token", func(s access.LoginResult) request {
			return request{method: "DELETE", path: "/api/v1/sessions/current", token: s.Token}
		}},
		{"by cookie with the CSRF token", func(s access.LoginResult) request {
			return request{method: "DELETE", path: "/api/v1/sessions/current", cookie: s.Token, csrf: s.CSRFToken}
		}},
	}
	d := newDesk(t)
	d.setUp(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := d.signIn(t, adminName, adminPassword)
			other := d.signIn(t, adminName, adminPassword)
			r := d.do(t, tt.out(s)).want(t, http.StatusNoContent)
			if r.body != "" {
				t.Errorf("body = %q, want none", r.body)
			}
			if c := r.sessionCookie(); c == nil || c.Value != "" || c.MaxAge >= 0 || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
				t.Errorf("the cookie is not cleared: %v", c)
			}
			d.do(t, request{method: "GET", path: "/api/v1/me", token: s.Token}).want(t, 401)
			d.do(t, request{method: "GET", path: "/api/v1/me", cookie: s.Token}).want(t, 401)
			d.do(t, tt.out(s)).want(t, 401)
			d.do(t, request{method: "GET", path: "/api/v1/me", token: other.Token}).want(t, 200)
		})
	}
	t.Run("sign-out is audited", func(t *testing.T) {
		admin := d.signIn(t, adminName, adminPassword).Token
		if n := len(auditActions(t, d, admin, "session.logout")); n != len(tests) {
			t.Errorf("%d session.logout entries, want %d", n, len(tests))
		}
	})
}

func TestChangingThePasswordEndsTheOtherSessions(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	current := d.signIn(t, adminName, adminPassword)
	other := d.signIn(t, adminName, adminPassword)
	const newPassword = "a brand new passphrase"

	// Every refused change changes nothing, but a wrong current password
	// is a guess: it is counted and audited like a failed sign-in.
	refused := []struct {
		name, body, want string
	}{
		{"a missing current password", `{"new_password": "a brand new passphrase"}`, "current password"},
		{"the same password again", `{"current_password": "correct horse battery", "new_password": "correct horse battery"}`, "must differ"},
		{"a short new password", `{"current_password": "correct horse battery", "new_password": "short"}`, "at least 10"},
		{"a new password with the username", `{"current_password": "correct horse battery", "new_password": "alice rules forever"}`, "username"},
		{"a common new password", `{"current_password": "correct horse battery", "new_password": "sunshine123"}`, "leaked"},
	}
	for _, tt := range refused {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			before := d.stateHash(t)
			r := d.do(t, request{method: "PUT", path: "/api/v1/me/password", body: tt.body, cookie: current.Token, csrf: current.CSRFToken}).want(t, 400)
			if _, msg := r.envelope(t); !strings.Contains(msg, tt.want) {
				t.Errorf("message = %q, want it to name %q", msg, tt.want)
			}
			if d.stateHash(t) != before {
				t.Error("a refused change changed the store")
			}
			d.do(t, request{method: "GET", path: "/api/v1/me", token: other.Token}).want(t, 200)
		})
	}
	t.Run("refuses a wrong current password, and records it", func(t *testing.T) {
		failedBefore := len(auditActions(t, d, other.Token, "session.login_failed"))
		r := d.do(t, request{method: "PUT", path: "/api/v1/me/password", body: `{"current_password": "not it at all", "new_password": "a brand new passphrase"}`,
			cookie: current.Token, csrf: current.CSRFToken}).want(t, 400)
		if _, msg := r.envelope(t); !strings.Contains(msg, "current password is wrong") {
			t.Errorf("message = %q, want it to say the current password is wrong", msg)
		}
		if n := len(auditActions(t, d, other.Token, "session.login_failed")); n != failedBefore+1 {
			t.Errorf("%d failed attempts recorded, want %d", n, failedBefore+1)
		}
		d.do(t, request{method: "GET", path: "/api/v1/me", token: other.Token}).want(t, 200)
	})

	body := fmt.Sprintf(`{"current_password": %q, "new_password": %q}`, adminPassword, newPassword)
	d.do(t, request{method: "PUT", path: "/api/v1/me/password", body: body, cookie: current.Token, csrf: current.CSRFToken}).want(t, http.StatusNoContent)
	tests := []struct {
		name   string
		req    request
		status int
	}{
		{"the session that changed it goes on", request{method: "GET", path: "/api/v1/me", cookie: current.Token}, 200},
		{"the other session ended", request{method: "GET", path: "/api/v1/me", token: other.Token}, 401},
		{"the old password fails", request{method: "POST", path: "/api/v1/sessions", body: fmt.Sprintf(`{"username": "alice", "password": %q}`, adminPassword)}, 401},
		{"the new password signs in", request{method: "POST", path: "/api/v1/sessions", body: fmt.Sprintf(`{"username": "alice", "password": %q}`, newPassword)}, 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d.do(t, tt.req).want(t, tt.status)
		})
	}
}

// duringPasswordChange are the routes a session opened with a one-time
// code may use (docs/access.md, "Who am I"), stated by hand; public routes
// stay public.
var duringPasswordChange = map[string]bool{
	"GET /api/v1/me":                  true,
	"GET /api/v1/me/permissions":      true,
	"PUT /api/v1/me/password":         true,
	"DELETE /api/v1/sessions/current": true,
}

var publicRoutes = map[string]bool{
	"GET /api/v1/health":       true,
	"GET /api/v1/openapi.json": true,
	"GET /api/v1/setup":        true,
	"POST /api/v1/setup":       true,
	"POST /api/v1/sessions":    true,
	"POST /api/test/upload":    true, // test builds only
}

func TestAResetPasswordMustBeChangedFirst(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	bob := d.addUser(t, admin, access.UserInput{Username: "bob", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: staffPassword})
	before := d.signIn(t, "bob", staffPassword)

	var reset struct {
		OneTimeCode string `json:"one_time_code"`
	}
	d.do(t, request{method: "POST", path: "/api/v1/users/" + bob.ID + "/reset-password", token: admin}).want(t, 200).decode(t, &reset)
	if !regexp.MustCompile(`^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$`).MatchString(reset.OneTimeCode) {
		t.Fatalf("one-time code = %q, want three groups of four", reset.OneTimeCode)
	}
	t.Run("the reset ends the user's sessions", func(t *testing.T) {
		d.do(t, request{method: "GET", path: "/api/v1/me", token: before.Token}).want(t, 401)
	})
	t.Run("the old password fails", func(t *testing.T) {
		d.do(t, request{method: "POST", path: "/api/v1/sessions", body: `{"username": "bob", "password": "staff passphrase 2026"}`}).want(t, 401)
	})

	s := d.signIn(t, "bob", reset.OneTimeCode)
	spare := d.signIn(t, "bob", reset.OneTimeCode)
	if !s.MustChangePassword || !s.User.MustChangePassword {
		t.Fatalf("a sign-in with the one-time code does not demand a new password: %+v", s)
	}
	for _, rt := range d.h.Routes() {
		key := rt.Method + " " + rt.Path
		if key == "DELETE /api/v1/sessions/current" {
			continue // below, with the spare session
		}
		t.Run("before the change, "+key, func(t *testing.T) {
			r := d.do(t, request{method: rt.Method, path: concrete(rt.Path, unknownID), body: dummyBody(rt.Method), token: s.Token})
			var msg string
			if r.status >= 400 {
				_, msg = r.envelope(t)
			}
			switch {
			case publicRoutes[key]:
				if msg == "change your password first" || r.status >= 500 {
					t.Errorf("status = %d %q, want a public route to stay public", r.status, msg)
				}
			case duringPasswordChange[key]:
				if r.status == 401 || r.status == 403 || r.status >= 500 {
					t.Errorf("status = %d, want it open during the change: %s", r.status, r.body)
				}
			case r.status != 403 || msg != "change your password first":
				t.Errorf("status = %d %q, want 403 \"change your password first\"", r.status, msg)
			}
		})
	}
	t.Run("before the change, no permission is granted", func(t *testing.T) {
		var p struct {
			Permissions []string `json:"permissions"`
		}
		d.do(t, request{method: "GET", path: "/api/v1/me/permissions", token: s.Token}).want(t, 200).decode(t, &p)
		if p.Permissions == nil || len(p.Permissions) != 0 {
			t.Errorf("permissions = %v, want []", p.Permissions)
		}
	})
	t.Run("before the change, sign-out works", func(t *testing.T) {
		d.do(t, request{method: "DELETE", path: "/api/v1/sessions/current", token: spare.Token}).want(t, 204)
		d.do(t, request{method: "GET", path: "/api/v1/me", token: spare.Token}).want(t, 401)
	})

	body := fmt.Sprintf(`{"current_password": %q, "new_password": "lighthouse keeper 1987"}`, reset.OneTimeCode)
	d.do(t, request{method: "PUT", path: "/api/v1/me/password", body: body, token: s.Token}).want(t, 204)
	after := []struct {
		name   string
		req    request
		status int
	}{
		{"after the change, the session works for the role's routes", request{method: "GET", path: "/api/v1/hotels", token: s.Token}, 200},
		{"after the change, the role's limits still hold", request{method: "GET", path: "/api/v1/users", token: s.Token}, 403},
		{"after the change, the code no longer signs in", request{method: "POST", path: "/api/v1/sessions", body: fmt.Sprintf(`{"username": "bob", "password": %q}`, reset.OneTimeCode)}, 401},
	}
	for _, tt := range after {
		t.Run(tt.name, func(t *testing.T) {
			d.do(t, tt.req).want(t, tt.status)
		})
	}
	t.Run("after the change, permissions are granted", func(t *testing.T) {
		var p struct {
			Permissions []string `json:"permissions"`
		}
		d.do(t, request{method: "GET", path: "/api/v1/me/permissions", token: s.Token}).want(t, 200).decode(t, &p)
		if !slices.Contains(p.Permissions, "reservations.create") {
			t.Errorf("permissions = %v, want a front desk's", p.Permissions)
		}
	})
	t.Run("after the change, the new password signs in without restriction", func(t *testing.T) {
		s2 := d.signIn(t, "bob", "lighthouse keeper 1987")
		if s2.MustChangePassword {
			t.Error("the new password's session still demands a change")
		}
	})
}

func TestMeHasTheCSRFTokenAndNoSecrets(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	s := d.signIn(t, adminName, adminPassword)
	var me map[string]any
	d.do(t, request{method: "GET", path: "/api/v1/me", cookie: s.Token}).want(t, 200).decode(t, &me)
	var keys []string
	for k := range me {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"created_at", "csrf_token", "display_name", "email", "hotels", "id", "must_change_password", "phone", "roles", "status", "updated_at", "username"}
	if !slices.Equal(keys, want) {
		t.Errorf("members = %v, want %v", keys, want)
	}
	if me["csrf_token"] != s.CSRFToken {
		t.Errorf("csrf_token = %v, want the session's", me["csrf_token"])
	}
	if me["phone"] != "+86 138 0000 1234" {
		t.Errorf("phone = %v, want it decrypted", me["phone"])
	}
}

func TestNoResponseRevealsASecret(t *testing.T) {
	d := newDesk(t)
	setup := d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword)
	bob := d.addUser(t, admin.Token, access.UserInput{Username: "bob", Phone: "+1 555 0100", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: staffPassword})
	var reset struct {
		OneTimeCode string `json:"one_time_code"`
	}
	d.do(t, request{method: "POST", path: "/api/v1/users/" + bob.ID + "/reset-password", token: admin.Token}).want(t, 200).decode(t, &reset)
	bs := d.signIn(t, "bob", reset.OneTimeCode)
	d.do(t, request{method: "PUT", path: "/api/v1/me/password", token: bs.Token,
		body: fmt.Sprintf(`{"current_password": %q, "new_password": "lighthouse keeper 1987"}`, reset.OneTimeCode)}).want(t, 204)

	secrets := map[string]string{
		"the admin's password":     adminPassword,
		"bob's first password":     staffPassword,
		"bob's new password":       "lighthouse keeper 1987",
		"the one-time code":        reset.OneTimeCode,
		"the recovery phrase":      setup.RecoveryPhrase,
		"the admin's token":        admin.Token,
		"the admin's CSRF token":   admin.CSRFToken,
		"bob's token":              bs.Token,
		"bob's CSRF token":         bs.CSRFToken,
		"bob's phone as encrypted": "enc:v1:",
	}
	var guest guest.GuestView
	d.do(t, request{method: "POST", path: "/api/v1/guests", token: admin.Token,
		body: `{"name": "Secret Keeper", "id_document": {"type": "passport", "number": "P1234567"}}`}).want(t, 201).decode(t, &guest)
	ids := map[string]string{"users": bob.ID, "roles": access.RoleFrontDesk, "hotels": setup.Hotel.ID, "guests": guest.ID}
	var gets int
	for _, rt := range d.h.Routes() {
		if rt.Method != "GET" {
			continue
		}
		path := rt.Path
		for prefix, id := range ids {
			if strings.HasPrefix(path, "/api/v1/"+prefix+"/{") {
				path = concrete(path, id)
			}
		}
		t.Run(rt.Method+" "+rt.Path, func(t *testing.T) {
			r := d.do(t, request{method: "GET", path: path, token: admin.Token}) // do scans for password hashes
			if r.status != 200 && !strings.Contains(path, "{") && r.status != 400 {
				t.Fatalf("status = %d: %s", r.status, r.body)
			}
			gets++
			for name, secret := range secrets {
				if strings.Contains(r.body, secret) && !(rt.Path == "/api/v1/me" && secret == admin.CSRFToken) {
					t.Errorf("the response holds %s", name)
				}
			}
		})
	}
	t.Run("the audit log records the secrets' changes as redacted", func(t *testing.T) {
		body := d.do(t, request{method: "GET", path: "/api/v1/audit?limit=500", token: admin.Token}).want(t, 200).body
		if !strings.Contains(body, `"password_hash":"[secret]"`) {
			t.Error("the audit log does not show that a password changed")
		}
	})
	if gets == 0 {
		t.Fatal("no GET route was read")
	}
}

func TestSecurityHeadersOnAPIResponses(t *testing.T) {
	fresh := newDesk(t)
	d := newDesk(t)
	d.setUp(t)
	s := d.signIn(t, adminName, adminPassword)
	tests := []struct {
		name   string
		d      *testDesk
		req    request
		status int
	}{
		{"before setup", fresh, request{method: "GET", path: "/api/v1/me"}, 403},
		{"a sign-in", d, request{method: "POST", path: "/api/v1/sessions", body: `{"username": "alice", "password": "correct horse battery"}`}, 201},
		{"a failed sign-in", d, request{method: "POST", path: "/api/v1/sessions", body: `{"username": "alice", "password": "not the password"}`}, 401},
		{"a read", d, request{method: "GET", path: "/api/v1/me", token: s.Token}, 200},
		{"no session", d, request{method: "GET", path: "/api/v1/users"}, 401},
		{"a missing CSRF token", d, request{method: "POST", path: "/api/v1/roles", body: "{}", cookie: s.Token}, 403},
		{"bad input", d, request{method: "POST", path: "/api/v1/roles", body: "[", token: s.Token}, 400},
		{"an unknown record", d, request{method: "GET", path: "/api/v1/users/" + unknownID, token: s.Token}, 404},
		{"a CSV export", d, request{method: "GET", path: "/api/v1/audit/export.csv", token: s.Token}, 200},
		{"a sign-out", d, request{method: "DELETE", path: "/api/v1/sessions/current", token: s.Token}, 204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.d.do(t, tt.req).want(t, tt.status)
			checks := []struct{ header, want string }{
				{"Content-Security-Policy", "frame-ancestors 'none'"},
				{"Content-Security-Policy", "default-src 'self'"},
				{"X-Content-Type-Options", "nosniff"},
				{"X-Frame-Options", "DENY"},
				{"Referrer-Policy", "no-referrer"},
				{"Cache-Control", "no-store"},
			}
			for _, c := range checks {
				if got := r.header.Get(c.header); !strings.Contains(got, c.want) {
					t.Errorf("%s = %q, want %q", c.header, got, c.want)
				}
			}
		})
	}
}

// TestAUserOutsideTheCallersHotelsReadsAsMissing ensures that nothing in
// the answer — status, code, key or parameters — tells a user outside the
// caller's hotels from one that does not exist.
func TestAUserOutsideTheCallersHotelsReadsAsMissing(t *testing.T) {
	d := newDesk(t)
	res := d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	var second struct{ ID string }
	d.do(t, request{method: "POST", path: "/api/v1/hotels", token: admin,
		body: `{"name":"Garden Inn","time_zone":"Asia/Shanghai","currency":"CNY"}`}).want(t, 201).decode(t, &second)
	d.addUser(t, admin, access.UserInput{Username: "mona", Roles: []string{access.RoleHotelManager}, Hotels: app.Hotels(second.ID), Password: staffPassword})
	manager := d.signIn(t, "mona", staffPassword).Token

	type answer struct {
		Error struct {
			Code   string         `json:"code"`
			Key    string         `json:"key"`
			Params map[string]any `json:"params"`
		} `json:"error"`
	}
	probe := func(id string) answer {
		var a answer
		d.do(t, request{method: "GET", path: "/api/v1/users/" + id, token: manager}).want(t, 404).decode(t, &a)
		return a
	}
	outside, missing := probe(res.User.ID), probe("01JNOSUCHUSER0000000000000")
	if outside.Error.Code != missing.Error.Code || outside.Error.Key != missing.Error.Key || len(outside.Error.Params) != len(missing.Error.Params) ||
		outside.Error.Params["kind"] != missing.Error.Params["kind"] {
		t.Errorf("a user outside the caller's hotels answers %+v, a missing one %+v: they must read the same", outside.Error, missing.Error)
	}
}
