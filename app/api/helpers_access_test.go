package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"innkeep/app/access"
	"innkeep/app/api"
	"innkeep/app/apptest"
	"innkeep/app/setup"
)

// clock is the kit's settable clock: sessions and lockouts run on it.
type clock = apptest.Clock

type testDesk struct {
	h   *api.Handler
	svc *apptest.Kit
	clk *clock
}

// newDesk opens a new data folder that is not set up yet.
func newDesk(t *testing.T) *testDesk {
	t.Helper()
	// The clock starts at the wall clock's second: the cookie's Max-Age is
	// counted from the wall clock.
	k := apptest.NewDesk(t, apptest.Options{Clock: apptest.NewClock(time.Now().UTC().Truncate(time.Second))})
	return &testDesk{h: api.New(api.Config{Desk: k.Desk}), svc: k, clk: k.Clock}
}

// Credentials used throughout the access tests.
const (
	adminName     = "alice"
	adminPassword = "correct horse battery"
	staffPassword = "staff passphrase 2026"
)

// defaultRemote is the client address of requests that do not name one
// (httptest's own).
const defaultRemote = "192.0.2.1:1234"

// setupBody is a valid first-run form.
const setupBody = `{"hotel": {"name": "Harbour Inn", "time_zone": "Asia/Shanghai", "currency": "CNY"},
 "admin": {"username": "alice", "display_name": "Alice Chen", "email": "alice@example.com",
           "phone": "+86 138 0000 1234", "password": "correct horse battery"}}`

// request is one request to the API.
type request struct {
	method string
	path   string
	body   string            // sent as application/json unless header says otherwise; "" sends none
	token  string            // sent as Authorization: Bearer
	cookie string            // sent as the session cookie
	csrf   string            // sent as X-CSRF-Token
	header map[string]string // more headers
	remote string            // RemoteAddr; defaultRemote when ""
}

func (r request) String() string { return r.method + " " + r.path }

// reply is what the API answered.
type reply struct {
	status int
	header http.Header
	body   string
	res    *http.Response
}

// do serves one request. Every body that comes back is scanned for
// password hashes: none may ever leave the server.
func (d *testDesk) do(t *testing.T, r request) reply {
	t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req := httptest.NewRequest(r.method, r.path, body)
	sent := []byte(r.body)
	if r.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	if r.cookie != "" {
		req.AddCookie(&http.Cookie{Name: api.SessionCookie, Value: r.cookie})
	}
	if r.csrf != "" {
		req.Header.Set(api.CSRFHeader, r.csrf)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	req.RemoteAddr = defaultRemote
	if r.remote != "" {
		req.RemoteAddr = r.remote
	}
	rec := httptest.NewRecorder()
	pattern := d.h.Pattern(req)
	d.h.ServeHTTP(rec, req)
	res := rec.Result()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	checkContract(t, pattern, req, sent, res, b)
	out := reply{status: res.StatusCode, header: res.Header, body: string(b), res: res}
	if leak := secretLeak(out.body); leak != "" {
		t.Errorf("%s: the response holds %s: %.300s", r, leak, out.body)
	}
	return out
}

// secretLeak names the password material in body, or returns "". The name
// password_hash may appear only as a redacted field of an audit entry (in
// JSON, or in the CSV export with its quotes doubled).
func secretLeak(body string) string {
	body = strings.ReplaceAll(body, `""`, `"`)
	if strings.Contains(body, "$argon2") {
		return "a password hash"
	}
	if strings.Count(body, `"password_hash"`) != strings.Count(body, `"password_hash":"[secret]"`) {
		return "a password_hash field"
	}
	return ""
}

// envelope decodes the error envelope of the reply.
func (r reply) envelope(t *testing.T) (code, message string) {
	t.Helper()
	return envelope(t, r.body)
}

// decode decodes the JSON body of the reply into v.
func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("body is not the expected JSON: %v: %.300s", err, r.body)
	}
}

// sessionCookie returns the session cookie that the reply sets, or nil.
func (r reply) sessionCookie() *http.Cookie {
	for _, c := range r.res.Cookies() {
		if c.Name == api.SessionCookie {
			return c
		}
	}
	return nil
}

// want fails the test unless the reply has the status.
func (r reply) want(t *testing.T, status int) reply {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d: %.300s", r.status, status, r.body)
	}
	return r
}

// setUp runs the first-run setup through the API.
func (d *testDesk) setUp(t *testing.T) setup.SetupResult {
	t.Helper()
	var res setup.SetupResult
	d.do(t, request{method: "POST", path: "/api/v1/setup", body: setupBody}).want(t, http.StatusCreated).decode(t, &res)
	return res
}

// signIn signs in through the API and returns the session.
func (d *testDesk) signIn(t *testing.T, username, password string) access.LoginResult {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	var res access.LoginResult
	d.do(t, request{method: "POST", path: "/api/v1/sessions", body: string(body)}).want(t, http.StatusCreated).decode(t, &res)
	if res.Token == "" || res.CSRFToken == "" {
		t.Fatalf("sign-in of %s returned no token or CSRF token", username)
	}
	return res
}

// addUser creates a user through the API as the holder of token.
func (d *testDesk) addUser(t *testing.T, token string, in access.UserInput) access.UserView {
	t.Helper()
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var u access.UserView
	d.do(t, request{method: "POST", path: "/api/v1/users", body: string(body), token: token}).want(t, http.StatusCreated).decode(t, &u)
	return u
}

// stateHash returns the hash of every document in the store.
func (d *testDesk) stateHash(t *testing.T) string {
	t.Helper()
	h, err := d.svc.DB.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// unknownID stands for any record that does not exist.
const unknownID = "01JUNKNOWN0000000000000000"

var wildcard = regexp.MustCompile(`\{[^}]+\}`)

// concrete returns the path of a route pattern with its wildcards
// replaced by id.
func concrete(path, id string) string { return wildcard.ReplaceAllString(path, id) }

// dummyBody is the body sent to a route in walks over the route table: {}
// for the methods that take one.
func dummyBody(method string) string {
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
		return "{}"
	}
	return ""
}
