package api

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"innkeep/app"
)

// Saver saves a file where the person at the desk chooses. The desktop
// window provides one (its native "Save as" dialog); `innkeep serve` has
// none, because there a browser downloads files itself.
type Saver interface {
	// SaveAs asks where to save a file named name and writes data there. It
	// returns the path written, or "" when the person cancelled. It blocks
	// while the dialog is open.
	SaveAs(ctx context.Context, name string, data []byte) (path string, err error)
}

// MaxSavedBytes bounds a download saved through the desktop window.
const MaxSavedBytes = 64 << 20

// SaveRequest asks the desktop window to save an API download.
type SaveRequest struct {
	// URL is the API path (with its query) of a GET route that answers
	// the file, e.g. "/api/v1/audit/export.csv?user=anna".
	URL string `json:"url"`
	// Filename is the name the dialog proposes.
	Filename string `json:"filename"`
}

// SaveResult tells where a download went.
type SaveResult struct {
	Saved bool   `json:"saved"`          // false: the person cancelled the dialog
	Path  string `json:"path,omitempty"` // where the file was written
}

func (h *Handler) desktopRoutes() []Route {
	return []Route{{
		Method: http.MethodPost, Path: "/api/v1/desktop/save", ID: "saveDownload",
		Summary: "In the desktop window: fetch an API download (a GET route, with the caller's own session and permissions) and save it through the native Save dialog. " +
			"Answers the download's own error when it fails, and not_found outside the window.",
		Permission: PermSignedIn, Response: SaveResult{}, Handler: h.saveDownload,
	}}
}

// saveDownload runs the download named by the body through this handler,
// as the caller (same credentials, same address), so its permissions,
// auditing and errors are exactly those of the route itself; then it hands
// the bytes to the Saver.
func (h *Handler) saveDownload(w http.ResponseWriter, r *http.Request) error {
	var in SaveRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if h.saver == nil {
		return app.Errorf(app.ENOTFOUND, "saving to a file is done by the desktop window; in a browser, the download link saves the file")
	}
	if err := checkFilename(in.Filename); err != nil {
		return err
	}
	target, err := url.Parse(in.URL)
	if err != nil || target.Scheme != "" || target.Host != "" || target.User != nil || !strings.HasPrefix(target.Path, "/api/v1/") {
		return app.Errorf(app.EINVALID, "url must be a path of this API, such as /api/v1/audit/export.csv")
	}
	inner, err := http.NewRequestWithContext(r.Context(), http.MethodGet, target.RequestURI(), nil)
	if err != nil {
		return app.Errorf(app.EINVALID, "url must be a path of this API, such as /api/v1/audit/export.csv")
	}
	if p := h.Pattern(inner); !strings.HasPrefix(p, http.MethodGet+" ") {
		return app.Errorf(app.EINVALID, "%s is not a download of this API", target.Path)
	}
	inner.RemoteAddr = r.RemoteAddr
	inner.Host = r.Host
	for _, name := range []string{"Authorization", "Cookie", "Origin", "Accept-Language", "User-Agent"} {
		if v := r.Header.Values(name); len(v) > 0 {
			inner.Header[name] = v
		}
	}
	got := &bufferWriter{header: http.Header{}, limit: MaxSavedBytes}
	h.ServeHTTP(got, inner)
	if got.status != http.StatusOK {
		// The download's own answer (its error envelope), as it gave it.
		for k, v := range got.header {
			w.Header()[k] = v
		}
		w.WriteHeader(got.status)
		_, _ = w.Write(got.body.Bytes())
		return nil
	}
	if got.overflow {
		return app.Errorf(app.EINVALID, "the download is larger than %d MiB", MaxSavedBytes>>20)
	}
	path, err := h.saver.SaveAs(r.Context(), in.Filename, got.body.Bytes())
	if err != nil {
		return app.Errorf(app.EINTERNAL, "the file could not be saved: %v", err)
	}
	return writeJSON(w, http.StatusOK, SaveResult{Saved: path != "", Path: path})
}

// checkFilename accepts a plain file name: no folders, no control
// characters, at most 200 bytes of UTF-8.
func checkFilename(name string) error {
	bad := name == "" || name == "." || name == ".." || len(name) > 200 || !utf8.ValidString(name) ||
		strings.ContainsAny(name, `/\`) || strings.IndexFunc(name, unicode.IsControl) >= 0
	if bad {
		return app.Errorf(app.EINVALID, "filename must be a plain file name (no folders or control characters, at most 200 bytes)")
	}
	return nil
}

// bufferWriter is an http.ResponseWriter that keeps the response in memory,
// up to limit bytes of body.
type bufferWriter struct {
	header   http.Header
	status   int
	body     bytes.Buffer
	limit    int
	overflow bool
}

func (b *bufferWriter) Header() http.Header { return b.header }

func (b *bufferWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferWriter) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	if b.body.Len()+len(p) > b.limit {
		b.overflow = true
		return 0, http.ErrContentLength
	}
	return b.body.Write(p)
}
