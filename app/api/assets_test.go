package api_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestFrontendIsServedWithSPAFallback(t *testing.T) {
	e := newEnv(t, distFS())
	index := "<!doctype html><html><head><script"
	tests := []struct {
		name        string
		method      string
		target      string
		wantStatus  int
		wantType    string
		wantBody    string // prefix; "" for HEAD
		wantCaching string
	}{
		{"root serves index.html", "GET", "/", 200, "text/html; charset=utf-8", index, "no-cache"},
		{"/index.html serves index.html without a redirect", "GET", "/index.html", 200, "text/html; charset=utf-8", index, "no-cache"},
		{"an app route falls back to index.html", "GET", "/bookings/K7", 200, "text/html; charset=utf-8", index, "no-cache"},
		{"a nested app route with a query falls back", "GET", "/rooms/101/edit?tab=rates", 200, "text/html; charset=utf-8", index, "no-cache"},
		{"a folder falls back to index.html", "GET", "/assets/", 200, "text/html; charset=utf-8", index, "no-cache"},
		{"a script is JavaScript and cached for good", "GET", "/assets/index-abc.js", 200, "text/javascript; charset=utf-8", `console.log`, "public, max-age=31536000, immutable"},
		{"a stylesheet is CSS", "GET", "/assets/index-abc.css", 200, "text/css; charset=utf-8", "body{", "public, max-age=31536000, immutable"},
		{"an SVG is image/svg+xml and revalidated", "GET", "/favicon.svg", 200, "image/svg+xml", "<svg", "no-cache"},
		{"a font is font/woff2", "GET", "/assets/font-abc.woff2", 200, "font/woff2", "wOF2", "public, max-age=31536000, immutable"},
		{"a PNG is image/png", "GET", "/assets/logo-abc.png", 200, "image/png", "\x89PNG", "public, max-age=31536000, immutable"},
		{"JSON is application/json", "GET", "/assets/manifest.json", 200, "application/json", "{}", "public, max-age=31536000, immutable"},
		{"text is text/plain", "GET", "/robots.txt", 200, "text/plain; charset=utf-8", "User-agent", "no-cache"},
		{"HEAD of a script has its type", "HEAD", "/assets/index-abc.js", 200, "text/javascript; charset=utf-8", "", "public, max-age=31536000, immutable"},
		{"a missing script is a 404, not the app", "GET", "/assets/index-old.js", 404, "text/plain; charset=utf-8", "404", "no-cache"},
		{"a missing image is a 404", "GET", "/logo.png", 404, "text/plain; charset=utf-8", "404", "no-cache"},
		{"the .keep file is never served", "GET", "/.keep", 404, "text/plain; charset=utf-8", "404", "no-cache"},
		{"dot files in folders are never served", "GET", "/assets/.secret", 404, "text/plain; charset=utf-8", "404", "no-cache"},
		{"a file outside the frontend is not found", "GET", "/main.go", 404, "text/plain; charset=utf-8", "404", "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := e.do(tt.method, tt.target, nil)
			body := readBody(t, res)
			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d: %q", res.StatusCode, tt.wantStatus, body)
			}
			if got := res.Header.Get("Content-Type"); got != tt.wantType {
				t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
			}
			if got := res.Header.Get("Cache-Control"); got != tt.wantCaching {
				t.Errorf("Cache-Control = %q, want %q", got, tt.wantCaching)
			}
			if !strings.HasPrefix(body, tt.wantBody) {
				t.Errorf("body = %q, want it to start with %q", body, tt.wantBody)
			}
		})
	}
}

func TestUnbuiltFrontendServesANotice(t *testing.T) {
	tests := []struct {
		name   string
		assets fs.FS
	}{
		{"dist with only .keep", fstest.MapFS{".keep": {}}},
		{"no assets at all", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.assets)
			for _, target := range []string{"/", "/bookings", "/assets/index.js"} {
				res := e.do("GET", target, nil)
				body := readBody(t, res)
				// 200, not 503: the Wails window shows only the body of a 200.
				if res.StatusCode != 200 {
					t.Fatalf("%s: status = %d", target, res.StatusCode)
				}
				if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
					t.Errorf("%s: Content-Type = %q", target, ct)
				}
				if !strings.Contains(body, "was not built") || !strings.Contains(body, "make build") {
					t.Errorf("%s: body does not say how to build the UI: %s", target, body)
				}
			}
			if res := e.do("GET", "/api/v1/health", nil); res.StatusCode != 200 {
				t.Fatalf("the API does not work without the UI: %d", res.StatusCode)
			}
		})
	}
}
