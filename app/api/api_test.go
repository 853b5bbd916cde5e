package api_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"innkeep/app"
	"innkeep/app/api"
	"innkeep/app/desk"
	"innkeep/app/ops"
	"innkeep/store"
)

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// distFS is a built frontend as Vite lays it out.
func distFS() fs.FS {
	return fstest.MapFS{
		".keep":                    {Data: nil},
		"index.html":               {Data: []byte(`<!doctype html><html><head><script type="module" src="/assets/index-abc.js"></script></head><body><div id="app"></div></body></html>`)},
		"favicon.svg":              {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
		"assets/index-abc.js":      {Data: []byte(`console.log("innkeep")`)},
		"assets/index-abc.css":     {Data: []byte(`body{margin:0}`)},
		"assets/font-abc.woff2":    {Data: []byte("wOF2")},
		"assets/logo-abc.png":      {Data: []byte("\x89PNG\r\n\x1a\n")},
		"assets/.secret":           {Data: []byte("no")},
		"assets/manifest.json":     {Data: []byte(`{}`)},
		"robots.txt":               {Data: []byte("User-agent: *\n")},
		"locales/zh-CN/readme.txt": {Data: []byte("你好")},
	}
}

// env is a handler on a real store in a temporary folder.
type env struct {
	h   *api.Handler
	db  *store.DB
	svc *desk.Desk
	log *syncBuffer
}

// newEnv opens a store with the kinds hotel and room, and returns the
// handler for it with the frontend in assets and the extra routes.
func newEnv(t *testing.T, assets fs.FS, routes ...api.Route) *env {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "innkeep.db"), store.Options{
		Kinds:  []store.Kind{{Name: "hotel"}, {Name: "room"}},
		NoSync: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	logs := &syncBuffer{}
	svc := desk.New(desk.Config{DB: db, DataDir: dir,
		Facts: ops.Facts{DataDir: dir, Mode: ops.ModeServe, Started: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC), Version: "0.1.0"}})
	h := api.New(api.Config{
		Desk:   svc,
		Logger: slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Assets: assets,
		Routes: routes,
	})
	return &env{h: h, db: db, svc: svc, log: logs}
}

// do serves one request and returns the response.
func (e *env) do(method, target string, body io.Reader) *http.Response {
	req := httptest.NewRequest(method, target, body)
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec.Result()
}

func readBody(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// envelope decodes an error envelope strictly: no other members.
func envelope(t *testing.T, body string) (code, message string) {
	t.Helper()
	var env struct {
		Error struct {
			Code    string         `json:"code"`
			Key     string         `json:"key"`
			Params  map[string]any `json:"params"`
			Message string         `json:"message"`
		} `json:"error"`
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		t.Fatalf("body is not an error envelope: %v: %s", err, body)
	}
	return env.Error.Code, env.Error.Message
}

func put(t *testing.T, db *store.DB, kind, id string) {
	t.Helper()
	err := db.Update("test", func(tx *store.Tx) error {
		return tx.Put(kind, id, map[string]json.RawMessage{"name": json.RawMessage(`"x"`)})
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestHealthSaysOnlyThatTheNodeAnswers(t *testing.T) {
	e := newEnv(t, distFS())
	put(t, e.db, "hotel", "h1")
	put(t, e.db, "room", "101")

	res := e.do("GET", "/api/v1/health", nil)
	body := readBody(t, res)
	if res.StatusCode != 200 {
		t.Fatalf("status = %d: %s", res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
	// The exact shape: the status and nothing of the node, its files or
	// its records.
	if body != `{"status":"ok"}`+"\n" {
		t.Fatalf("health = %s, want {\"status\":\"ok\"} only", body)
	}
}

func TestHealthOfClosedStoreIsUnavailable(t *testing.T) {
	e := newEnv(t, distFS())
	e.db.Close()
	res := e.do("GET", "/api/v1/health", nil)
	body := readBody(t, res)
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 503: %s", res.StatusCode, body)
	}
	if code, _ := envelope(t, body); code != "unavailable" {
		t.Fatalf("code = %q, want unavailable", code)
	}
}

// failing returns a route that fails with err.
func failing(path string, err error) api.Route {
	return api.Route{
		Method: "GET", Path: path, ID: "fail" + path, Summary: "test: fails", Permission: api.PermPublic, BeforeSetup: true,
		Endpoint: api.Raw(http.StatusOK, "application/json", func(w http.ResponseWriter, r *http.Request, _ api.None) error { return err }),
	}
}

func TestErrorsBecomeEnvelopesWithTheirStatus(t *testing.T) {
	tests := []struct {
		name       string
		err        error
		wantStatus int
		wantCode   string
		wantMsg    string
	}{
		{"invalid is 400", app.Errorf(app.EINVALID, "nights must be positive"), 400, "invalid", "nights must be positive"},
		{"unauthorized is 401", app.Errorf(app.EUNAUTHORIZED, "sign in first"), 401, "unauthorized", "sign in first"},
		{"forbidden is 403", app.Errorf(app.EFORBIDDEN, "not your hotel"), 403, "forbidden", "not your hotel"},
		{"not_found is 404", app.Errorf(app.ENOTFOUND, "no booking K7"), 404, "not_found", "no booking K7"},
		{"conflict is 409", app.Errorf(app.ECONFLICT, "room 101 is taken on 2026-12-01"), 409, "conflict", "room 101 is taken on 2026-12-01"},
		{"unavailable is 503", app.Errorf(app.EUNAVAILABLE, "the store is closed"), 503, "unavailable", "the store is closed"},
		{"rate_limited is 429", app.Errorf(app.ERATELIMITED, "too many attempts"), 429, "rate_limited", "too many attempts"},
		{"internal is 500 and says no more", app.Errorf(app.EINTERNAL, "nil pointer in folio.go:12"), 500, "internal", "internal error"},
		{"a wrapped store error keeps its code", fmt.Errorf("load: %w", store.Errorf(store.ENOTFOUND, "no room r9")), 404, "not_found", "no room r9"},
		{"a plain error is internal and hidden", errors.New("open /var/secret: permission denied"), 500, "internal", "internal error"},
	}
	var routes []api.Route
	for i, tt := range tests {
		routes = append(routes, failing(fmt.Sprintf("/api/test/fail%d", i), tt.err))
	}
	e := newEnv(t, distFS(), routes...)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do("GET", fmt.Sprintf("/api/test/fail%d", i), nil)
			body := readBody(t, res)
			if res.StatusCode != tt.wantStatus {
				t.Errorf("status = %d, want %d", res.StatusCode, tt.wantStatus)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
			code, msg := envelope(t, body)
			if code != tt.wantCode || msg != tt.wantMsg {
				t.Errorf("envelope = %q %q, want %q %q", code, msg, tt.wantCode, tt.wantMsg)
			}
		})
	}
	t.Run("internal errors are logged with their details", func(t *testing.T) {
		if !strings.Contains(e.log.String(), "open /var/secret: permission denied") {
			t.Fatalf("log lacks the internal error's details:\n%s", e.log.String())
		}
	})
}

func TestPanicIsRecoveredAsInternalError(t *testing.T) {
	boom := api.Route{
		Method: "GET", Path: "/api/test/panic", ID: "panic", Summary: "test: panics", Permission: api.PermPublic, BeforeSetup: true,
		Endpoint: api.Raw(http.StatusOK, "application/json", func(w http.ResponseWriter, r *http.Request, _ api.None) error { panic("folio total went negative") }),
	}
	e := newEnv(t, distFS(), boom)
	res := e.do("GET", "/api/test/panic", nil)
	body := readBody(t, res)
	if res.StatusCode != 500 {
		t.Fatalf("status = %d, want 500", res.StatusCode)
	}
	if code, msg := envelope(t, body); code != "internal" || msg != "internal error" {
		t.Fatalf("envelope = %q %q, want internal / internal error", code, msg)
	}
	if strings.Contains(body, "negative") {
		t.Fatalf("the panic's value reached the client: %s", body)
	}
	logs := e.log.String()
	for _, want := range []string{"panic serving request", "folio total went negative", "goroutine", `"status":500`} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
	// The handler still serves after a panic.
	if res := e.do("GET", "/api/v1/health", nil); res.StatusCode != 200 {
		t.Fatalf("health after panic = %d", res.StatusCode)
	}
}

func TestPanicAfterWritingKeepsTheResponse(t *testing.T) {
	late := api.Route{
		Method: "GET", Path: "/api/test/late-panic", ID: "latePanic", Summary: "test: panics late", Permission: api.PermPublic, BeforeSetup: true,
		Endpoint: api.Raw(http.StatusOK, "application/json", func(w http.ResponseWriter, r *http.Request, _ api.None) error {
			w.WriteHeader(http.StatusAccepted)
			_, _ = io.WriteString(w, "partial")
			panic("late")
		}),
	}
	e := newEnv(t, distFS(), late)
	res := e.do("GET", "/api/test/late-panic", nil)
	if body := readBody(t, res); res.StatusCode != http.StatusAccepted || body != "partial" {
		t.Fatalf("got %d %q, want the 202 already written and no envelope appended", res.StatusCode, body)
	}
}

func TestRequestBodyIsLimited(t *testing.T) {
	echo := api.Route{
		Method: "POST", Path: "/api/test/echo", ID: "echo", Summary: "test: reads the body", Permission: api.PermPublic, BeforeSetup: true,
		Endpoint: api.Raw(http.StatusOK, "application/json", func(w http.ResponseWriter, r *http.Request, _ api.None) error {
			b, err := io.ReadAll(r.Body)
			if err != nil {
				return err
			}
			w.WriteHeader(http.StatusCreated)
			_, _ = fmt.Fprint(w, len(b))
			return nil
		}),
	}
	e := newEnv(t, distFS(), echo)
	tests := []struct {
		name       string
		size       int
		wantStatus int
	}{
		{"a body at the limit is read", api.MaxBodyBytes, 201},
		{"a body over the limit is invalid", api.MaxBodyBytes + 1, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do("POST", "/api/test/echo", bytes.NewReader(make([]byte, tt.size)))
			body := readBody(t, res)
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", res.StatusCode, tt.wantStatus, body)
			}
			if tt.wantStatus == 400 {
				code, msg := envelope(t, body)
				if code != "invalid" || !strings.Contains(msg, "larger than 1048576 bytes") {
					t.Fatalf("envelope = %q %q", code, msg)
				}
			}
		})
	}
}

func TestUnknownAPIPathsAndMethodsGetJSONErrors(t *testing.T) {
	e := newEnv(t, distFS())
	tests := []struct {
		name       string
		method     string
		target     string
		wantStatus int
		wantCode   string
		wantAllow  string
	}{
		{"unknown API path is a JSON 404", "GET", "/api/v1/nope", 404, "not_found", ""},
		{"unknown API version is a JSON 404", "GET", "/api/v2/health", 404, "not_found", ""},
		{"bare /api/ is a JSON 404", "GET", "/api/", 404, "not_found", ""},
		{"POST to a GET route is a JSON 405", "POST", "/api/v1/health", 405, "invalid", "GET, HEAD"},
		{"DELETE to a GET route is a JSON 405", "DELETE", "/api/v1/openapi.json", 405, "invalid", "GET, HEAD"},
		{"POST to a page is a JSON 405", "POST", "/rooms", 405, "invalid", "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(tt.method, tt.target, nil)
			body := readBody(t, res)
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %s", res.StatusCode, tt.wantStatus, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if code, msg := envelope(t, body); code != tt.wantCode || msg == "" {
				t.Errorf("envelope = %q %q, want code %q and a message", code, msg, tt.wantCode)
			}
			if got := res.Header.Get("Allow"); got != tt.wantAllow {
				t.Errorf("Allow = %q, want %q", got, tt.wantAllow)
			}
		})
	}
}

func TestHeadOfAGetRouteHasNoBody(t *testing.T) {
	e := newEnv(t, distFS())
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	req, _ := http.NewRequest("HEAD", srv.URL+"/api/v1/health", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("HEAD status = %d", res.StatusCode)
	}
	if b, _ := io.ReadAll(res.Body); len(b) != 0 {
		t.Fatalf("HEAD body = %q", b)
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	boom := api.Route{
		Method: "GET", Path: "/api/test/panic", ID: "panic", Summary: "test: panics", Permission: api.PermPublic, BeforeSetup: true,
		Endpoint: api.Raw(http.StatusOK, "application/json", func(w http.ResponseWriter, r *http.Request, _ api.None) error { panic("x") }),
	}
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
	}
	built := newEnv(t, distFS(), boom)
	notBuilt := newEnv(t, fstest.MapFS{".keep": {}})
	tests := []struct {
		name   string
		e      *env
		method string
		target string
	}{
		{"API success", built, "GET", "/api/v1/health"},
		{"API error", built, "GET", "/api/v1/nope"},
		{"API 405", built, "PUT", "/api/v1/health"},
		{"recovered panic", built, "GET", "/api/test/panic"},
		{"index page", built, "GET", "/"},
		{"SPA fallback", built, "GET", "/bookings/K7"},
		{"asset", built, "GET", "/assets/index-abc.js"},
		{"missing asset", built, "GET", "/assets/gone.js"},
		{"UI not built page", notBuilt, "GET", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.e.do(tt.method, tt.target, nil)
			for k, v := range want {
				if got := res.Header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
		})
	}
}

func TestRequestsAreLogged(t *testing.T) {
	e := newEnv(t, distFS())
	req := httptest.NewRequest("GET", "/api/v1/nope?secret=1", nil)
	req.RemoteAddr = "192.0.2.7:5555"
	e.h.ServeHTTP(httptest.NewRecorder(), req)

	var rec map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(e.log.String()), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err == nil && r["msg"] == "request" {
			rec = r
		}
	}
	if rec == nil {
		t.Fatalf("no request line in the log:\n%s", e.log.String())
	}
	if rec["method"] != "GET" || rec["path"] != "/api/v1/nope" || rec["status"] != float64(404) || rec["remote"] != "192.0.2.7:5555" {
		t.Errorf("request line = %v", rec)
	}
	if _, ok := rec["duration"]; !ok {
		t.Errorf("request line has no duration: %v", rec)
	}
	if strings.Contains(e.log.String(), "secret=1") {
		t.Errorf("the query string was logged")
	}
}
