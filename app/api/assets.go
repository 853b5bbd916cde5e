package api

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"

	"innkeep/app"
)

// assets serves the built frontend: files as they are, and index.html for
// every other page path so that the single-page app can route it.
type assets struct {
	fsys  fs.FS  // nil when the UI was not built
	index []byte // index.html
	tr    *app.Translator
}

// newAssets returns the handler of the frontend in fsys. When fsys has no
// index.html (frontend/dist holds only .keep), every page is a short notice
// that the UI was not built.
func newAssets(fsys fs.FS) *assets {
	if fsys == nil {
		return &assets{}
	}
	index, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		return &assets{}
	}
	return &assets{fsys: fsys, index: index}
}

// notBuiltPage is served for every page when the frontend was not built.
// It is a 200, not a 503: the Wails window shows the body of 200 responses
// only.
const notBuiltPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Innkeep: user interface not built</title></head>
<body>
<h1>The Innkeep user interface was not built</h1>
<p>This binary was built without the web interface (frontend/dist has no index.html).
The API works: see <a href="/api/v1/health">/api/v1/health</a>.</p>
<p>To build the interface and embed it, run <code>make build</code> in the source tree
(it runs <code>npm ci &amp;&amp; npm run build</code> in frontend/, then <code>go build</code>).</p>
</body>
</html>
`

// ServeHTTP serves GET and HEAD; other methods get 405.
//
//   - A path naming a file of the frontend serves that file with the content
//     type of its extension; files under /assets/ (named by their hash) may
//     be cached for a year, everything else must be revalidated.
//   - A missing path whose last element has an extension (a missing script
//     or image) is a 404, so that a broken link does not load the app twice.
//   - Any other path serves index.html, and the app routes it.
//   - Dot files (such as dist/.keep) are never served.
func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeErrorIn(a.tr, w, r, http.StatusMethodNotAllowed, app.E(app.EINVALID, "api.method_not_allowed",
			"method {method} is not allowed on {path} (allowed: {allowed})", "method", r.Method, "path", r.URL.Path, "allowed", "GET, HEAD"))
		return
	}
	if a.fsys == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = io.WriteString(w, notBuiltPage)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || name == "index.html" {
		a.serveIndex(w, r)
		return
	}
	hidden := strings.HasPrefix(name, ".") || strings.Contains(name, "/.")
	if !hidden {
		if f, err := a.fsys.Open(name); err == nil {
			defer f.Close()
			if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
				if rs, ok := f.(io.ReadSeeker); ok {
					a.serveFile(w, r, name, st.ModTime(), rs)
					return
				}
			}
		} else if !errors.Is(err, fs.ErrNotExist) {
			http.Error(w, "cannot read "+name, http.StatusInternalServerError)
			return
		}
	}
	if hidden || path.Ext(name) != "" {
		w.Header().Set("Cache-Control", "no-cache")
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	a.serveIndex(w, r)
}

// serveIndex serves index.html, which must never be cached: it names the
// hashed files of the current build.
func (a *assets) serveIndex(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(a.index))
}

// serveFile serves one file of the frontend.
func (a *assets) serveFile(w http.ResponseWriter, r *http.Request, name string, mod time.Time, rs io.ReadSeeker) {
	if ct := contentType(name); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if strings.HasPrefix(name, "assets/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	http.ServeContent(w, r, name, mod, rs)
}

// contentType returns the content type for a file name. The common web types
// are fixed here so that they do not depend on the host's mime.types; other
// extensions fall back to the mime package, then to sniffing.
func contentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".woff2":
		return "font/woff2"
	case ".woff":
		return "font/woff"
	case ".webmanifest":
		return "application/manifest+json"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	return mime.TypeByExtension(path.Ext(name))
}
