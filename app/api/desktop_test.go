package api_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/api"
	"innkeep/app/audit"
)

// savedFile is what a Saver was asked to save.
type savedFile struct {
	name string
	data []byte
}

// saver stands in for the window's native Save dialog: it answers path (or
// "" for a cancelled dialog) or err, and records what it was given.
type saver struct {
	mu    sync.Mutex
	path  string
	err   error
	files []savedFile
}

func (s *saver) SaveAs(_ context.Context, name string, data []byte) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files = append(s.files, savedFile{name, append([]byte(nil), data...)})
	return s.path, s.err
}

func TestSaveDownload(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	d.addUser(t, admin, access.UserInput{Username: "fiona", Roles: []string{access.RoleFrontDesk}, Password: staffPassword})
	frontDesk := d.signIn(t, "fiona", staffPassword).Token
	window := &saver{}
	d.h = api.New(api.Config{Desk: d.svc.Desk, Saver: window})

	const export = `{"url": "/api/v1/audit/export.csv?action=session.login", "filename": "innkeep-audit.csv"}`
	tests := []struct {
		name      string
		token     string
		body      string
		path      string // what the dialog answers
		saveErr   error
		status    int
		code      string // of the error envelope
		wantSaved *api.SaveResult
		wantFile  string // a line the saved file holds
	}{
		{name: "saves the download where the dialog says", token: admin, body: export, path: "/home/alice/audit.csv", status: 200,
			wantSaved: &api.SaveResult{Saved: true, Path: "/home/alice/audit.csv"}, wantFile: "session.login"},
		{name: "a cancelled dialog saves nothing", token: admin, body: export, path: "", status: 200,
			wantSaved: &api.SaveResult{Saved: false}, wantFile: "session.login"},
		{name: "the download's own refusal comes back", token: frontDesk, body: export, status: 403, code: "forbidden"},
		{name: "signed-out callers are refused", body: export, status: 401, code: "unauthorized"},
		{name: "another host is refused", token: admin, body: `{"url": "http://192.0.2.9/api/v1/audit/export.csv", "filename": "a.csv"}`, status: 400, code: "invalid"},
		{name: "a path outside the API is refused", token: admin, body: `{"url": "/index.html", "filename": "a.csv"}`, status: 400, code: "invalid"},
		{name: "a route that is not a GET is refused", token: admin, body: `{"url": "/api/v1/desktop/save", "filename": "a.csv"}`, status: 400, code: "invalid"},
		{name: "an unknown API path is refused", token: admin, body: `{"url": "/api/v1/nothing-here", "filename": "a.csv"}`, status: 400, code: "invalid"},
		{name: "a file name with a folder is refused", token: admin, body: `{"url": "/api/v1/audit/export.csv", "filename": "../a.csv"}`, status: 400, code: "invalid"},
		{name: "an empty file name is refused", token: admin, body: `{"url": "/api/v1/audit/export.csv", "filename": ""}`, status: 400, code: "invalid"},
		{name: "a path with dots is refused", token: admin, body: `{"url": "/api/v1/./audit/export.csv", "filename": "a.csv"}`, status: 400, code: "invalid"},
		{name: "a GET route that is not a download is refused", token: admin, body: `{"url": "/api/v1/me", "filename": "me.json"}`, status: 400, code: "invalid"},
		{name: "the download's own bad-input error comes back", token: admin, body: `{"url": "/api/v1/audit/export.csv?from=2026-12-31&to=2026-01-01", "filename": "a.csv"}`, status: 400, code: "invalid"},
		{name: "a right-to-left override in the file name is refused", token: admin, body: `{"url": "/api/v1/audit/export.csv", "filename": "exe.\u202ecsv"}`, status: 400, code: "invalid"},
		{name: "a failed write says why", token: admin, body: export, saveErr: errors.New("disk full"), status: 503, code: "unavailable"},
		{name: "a second dialog waits for the first", token: admin, body: export, saveErr: app.Errorf(app.ECONFLICT, "a Save dialog is open already"), status: 409, code: "conflict"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			window.path, window.err, window.files = tt.path, tt.saveErr, nil
			r := d.do(t, request{method: "POST", path: "/api/v1/desktop/save", token: tt.token, body: tt.body}).want(t, tt.status)
			if tt.code != "" {
				if code, msg := r.envelope(t); code != tt.code {
					t.Errorf("error %s %q, want code %s", code, msg, tt.code)
				}
			}
			if tt.wantSaved != nil {
				var got api.SaveResult
				r.decode(t, &got)
				if got != *tt.wantSaved {
					t.Errorf("result = %+v, want %+v", got, *tt.wantSaved)
				}
			}
			if tt.wantFile == "" {
				if len(window.files) != 0 && tt.saveErr == nil {
					t.Errorf("the dialog opened for a refused request: %+v", window.files)
				}
				return
			}
			if len(window.files) != 1 {
				t.Fatalf("the dialog opened %d times, want once", len(window.files))
			}
			f := window.files[0]
			if f.name != "innkeep-audit.csv" {
				t.Errorf("the dialog proposed %q", f.name)
			}
			if !strings.Contains(string(f.data), tt.wantFile) {
				t.Errorf("the saved file lacks %q: %.300s", tt.wantFile, f.data)
			}
		})
	}

	t.Run("every call opens the dialog, even with an Idempotency-Key", func(t *testing.T) {
		window.path, window.err, window.files = "/home/alice/audit.csv", nil, nil
		for range 2 {
			d.do(t, request{method: "POST", path: "/api/v1/desktop/save", token: admin, body: export,
				header: map[string]string{"Idempotency-Key": "same-key"}}).want(t, http.StatusOK)
		}
		if len(window.files) != 2 {
			t.Errorf("the dialog opened %d times for two calls", len(window.files))
		}
	})

	t.Run("the export is audited as the caller", func(t *testing.T) {
		var list struct {
			Entries []audit.Entry `json:"entries"`
		}
		d.do(t, request{method: "GET", path: "/api/v1/audit?action=audit.export", token: admin}).want(t, http.StatusOK).decode(t, &list)
		if len(list.Entries) < 2 || list.Entries[0].Username != adminName {
			t.Errorf("export entries = %+v", list.Entries)
		}
	})

	t.Run("outside the window it is not found", func(t *testing.T) {
		d.h = api.New(api.Config{Desk: d.svc.Desk})
		r := d.do(t, request{method: "POST", path: "/api/v1/desktop/save", token: admin, body: export}).want(t, http.StatusNotFound)
		if _, msg := r.envelope(t); !strings.Contains(msg, "desktop window") {
			t.Errorf("message = %q", msg)
		}
	})
}
