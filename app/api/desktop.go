package api

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"path"
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
		Summary: "In the desktop window: fetch a download of this API (a GET route marked as one, with the caller's own session and permissions) and save it through the native Save dialog. " +
			"Answers the download's own error when it fails, conflict while another Save dialog is open, and not_found outside the window.",
		Permission: PermSignedIn, NoReplay: true, Endpoint: Manual[SaveRequest, SaveResult](http.StatusOK, h.saveDownload),
	}}
}

// errNotADownload answers a save of anything but a download route.
var errNotADownload = app.E(app.EINVALID, "api.save_not_a_download", "url must be the path of a download of this API, such as /api/v1/audit/export.csv?user=anna")

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
		return app.E(app.ENOTFOUND, "api.save_outside_window", "saving to a file is done by the desktop window; in a browser, the download link saves the file")
	}
	if err := checkFilename(in.Filename); err != nil {
		return err
	}
	target, err := url.Parse(in.URL)
	if err != nil || target.Scheme != "" || target.Host != "" || target.User != nil || target.Opaque != "" ||
		!strings.HasPrefix(target.Path, "/api/v1/") || path.Clean(target.Path) != target.Path {
		return errNotADownload
	}
	// The inner request keeps the caller's cancellation, not what the
	// outer one learned about the caller: it is checked again from its
	// own headers.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := context.AfterFunc(r.Context(), cancel)
	defer stop()
	got := &bufferWriter{header: http.Header{}, limit: MaxSavedBytes}
	inner, err := http.NewRequestWithContext(context.WithValue(ctx, downloadFailureKey{}, &got.failed), http.MethodGet, target.RequestURI(), nil)
	if err != nil {
		return errNotADownload
	}
	if rt, ok := h.routeOf(inner); !ok || !rt.Download {
		return errNotADownload
	}
	inner.RemoteAddr = r.RemoteAddr
	inner.Host = r.Host
	for _, name := range []string{"Authorization", "Cookie", "Origin", "Accept-Language", "User-Agent"} {
		if v := r.Header.Values(name); len(v) > 0 {
			inner.Header[name] = v
		}
	}
	h.ServeHTTP(got, inner)
	switch {
	case got.status == 0:
		return app.Errorf(app.EINTERNAL, "%s answered nothing", target.Path)
	case got.status != http.StatusOK:
		if got.status < 400 {
			return app.Errorf(app.EINTERNAL, "%s answered %d", target.Path, got.status)
		}
		// The download's own error envelope, as it gave it.
		for k, v := range got.header {
			w.Header()[k] = v
		}
		w.WriteHeader(got.status)
		_, _ = w.Write(got.body.Bytes())
		return nil
	case got.overflow:
		return app.E(app.EINVALID, "api.save_too_large", "the download is larger than {mib} MiB; narrow it down (with its filters) and save again", "mib", MaxSavedBytes>>20)
	case got.failed != nil:
		return app.E(app.EUNAVAILABLE, "api.save_download_failed", "the download failed before its end, and nothing was saved: {reason}", "reason", got.failed)
	}
	p, err := h.saver.SaveAs(r.Context(), in.Filename, got.body.Bytes())
	if err != nil {
		if app.ErrorCode(err) == app.EINTERNAL {
			// Not one of ours: the file system's, which the person can act on.
			return app.E(app.EUNAVAILABLE, "api.save_failed", "the file could not be saved: {reason}", "reason", err.Error())
		}
		return err
	}
	return writeJSON(w, http.StatusOK, SaveResult{Saved: p != "", Path: p})
}

// routeOf returns the route that serves r, if any.
func (h *Handler) routeOf(r *http.Request) (Route, bool) {
	p := h.Pattern(r)
	for _, rt := range h.routes {
		if rt.pattern() == p {
			return rt, true
		}
	}
	return Route{}, false
}

// downloadFailureKey marks, in a request's context, where a download that
// fails after its first bytes records why (see failDownload).
type downloadFailureKey struct{}

// failDownload ends a download that failed after its first bytes were
// written, so that the client does not keep a cut file as if whole: a save
// by the desktop window learns it through the request's context; a
// net/http server aborts the response, which browsers report as a failed
// download. In the window's web view (neither) the cut stands, as the log
// and the export's audit entry say.
func failDownload(r *http.Request, err error) {
	if sink, ok := r.Context().Value(downloadFailureKey{}).(*error); ok {
		*sink = err
		return
	}
	if r.Context().Value(http.ServerContextKey) != nil {
		panic(http.ErrAbortHandler)
	}
}

// countingWriter counts the body bytes written through it.
type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}

// checkFilename accepts a plain file name that every desktop system can
// store: no folders, no control or formatting characters (such as
// right-to-left overrides), none of <>:"|?*, no trailing dot or space, at
// most 200 bytes of UTF-8.
func checkFilename(name string) error {
	bad := name == "" || len(name) > 200 || !utf8.ValidString(name) ||
		strings.ContainsAny(name, `/\<>:"|?*`) || strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") ||
		strings.IndexFunc(name, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }) >= 0
	if bad {
		return app.E(app.EINVALID, "api.save_bad_filename", "filename must be a plain file name (no folders; none of <>:\"|?* or control characters; no trailing dot or space; at most 200 bytes)")
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
	failed   error // set by failDownload
}

func (b *bufferWriter) Header() http.Header { return b.header }

func (b *bufferWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferWriter) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	if b.overflow || b.body.Len()+len(p) > b.limit {
		b.overflow = true
		return 0, http.ErrContentLength
	}
	return b.body.Write(p)
}
