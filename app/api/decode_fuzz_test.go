package api

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/apptest"
	"innkeep/app/booking"
	"innkeep/app/guest"
	"innkeep/app/property"
)

// FuzzDecodeJSON feeds request bodies to the decoder of every JSON route:
// whatever the body, it decodes, or it fails with a coded invalid error
// (which the client reads as 400); it never panics.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		``, ` `, `null`, `{}`, `[]`, `"x"`, `1`, `true`, `{"a":1}`, `{} {}`, `{"name":`, `{"name":"Chen"}`,
		`{"username":"alice","password":"correct horse battery"}`,
		`{"hotel_id":"h","check_in":"2026-12-01","check_out":"2026-12-03","rooms":[{"room_type_id":"t","rate_plan_id":"p","adults":2}],"guest":{"name":"Chen Jing"},"source":{"channel":"phone"}}`,
		`{"username":"bob","roles":["front_desk"],"hotels":"all","password":"p"}`, `{"hotels":7}`, `{"hotels":["h1",2]}`,
		`{"number":"101","floor":1e400,"room_type_id":"t"}`, `{"floor":-1}`, `{"floor":"1"}`, "{\"name\":\"\xff\"}",
		`{"rooms":[{"adults":99999999999999999999}]}`, `{"name":"a","name":"b"}`, `{"notes":"\u0000"}`, `[{"a":[[[[[[]]]]]]}]`,
	} {
		f.Add([]byte(seed))
	}
	targets := []func() any{
		func() any { return new(loginBody) },
		func() any { return new(access.UserInput) },
		func() any { return new(booking.BookingInput) },
		func() any { return new(property.RoomInput) },
		func() any { return new(guest.GuestInput) },
		func() any { return new(map[string]any) },
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, target := range targets {
			r := httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			v := target()
			if err := decodeJSON(r, v); err != nil && app.ErrorCode(err) != app.EINVALID {
				t.Fatalf("decode %q into %T: %v, want nil or an invalid error", body, v, err)
			}
		}
	})
}

// FuzzAuditExportFilter feeds query strings to the audit log's CSV export:
// whatever the filter, the export runs, or it fails with a coded invalid
// error before writing anything; it never panics.
func FuzzAuditExportFilter(f *testing.F) {
	for _, seed := range []string{
		"", "user=alice", "action=session.", "action=user.create&entity=user", "from=2026-12-01&to=2026-12-31",
		"from=2026-12-31&to=2026-12-01", "from=2026-13-01", "to=2026-12-01T10:00:00Z", "from=2026-12-01T10:00:00%2B08:00",
		"to=9999-12-31", "from=0001-01-01", "before=x&limit=0", "limit=-1", "limit=1e9", "limit=abc", "user=%00&entity=%ff",
		"from=&to=", "user=a&user=b", "%zz", "from=2026-12-01T25:00:00Z",
	} {
		f.Add(seed)
	}
	k := apptest.NewDesk(f, apptest.Options{})
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, raw string) {
		r := &http.Request{Method: "GET", URL: &url.URL{Path: "/api/v1/audit/export.csv", RawQuery: raw}}
		var q auditQuery
		err := decodeQuery(r, &q)
		if err == nil {
			fl, ferr := q.filter()
			if err = ferr; err == nil {
				var out bytes.Buffer
				_, err = k.Audit.ExportCSV(ctx, app.SystemActor(), fl, &out)
				if err != nil && out.Len() > 0 {
					t.Fatalf("export of %q failed after writing: %v", raw, err)
				}
			}
		}
		if err != nil && app.ErrorCode(err) != app.EINVALID {
			t.Fatalf("export with %q: %v, want nil or an invalid error", raw, err)
		}
	})
}
