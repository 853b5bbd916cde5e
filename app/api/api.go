// Package api is the HTTP edge of Innkeep: one http.Handler that serves the
// REST API under /api/v1 and the embedded frontend. The same handler serves
// the desktop window (as the Wails asset server's handler) and the LAN
// (`innkeep serve`), so the UI has one code path.
//
// Every route is declared in one table (see Route) with its permission, its
// summary and its response schema; the OpenAPI document at
// /api/v1/openapi.json is built from that table. Errors of the domain are
// translated here, and only here, into HTTP statuses and the envelope
//
//	{"error":{"code":"conflict","message":"room 101 is taken on 2026-12-01"}}
package api

import (
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"time"

	"innkeep/app"
	"innkeep/app/desk"
)

// MaxBodyBytes bounds the body of every API request. Reading past it fails,
// and the handler answers 400 invalid.
const MaxBodyBytes = 1 << 20

// Config configures New.
type Config struct {
	// Desk is the domain the routes run on. Required.
	Desk *desk.Desk
	// Logger receives one line per request and the details of internal
	// errors and panics. Nil discards them.
	Logger *slog.Logger
	// Assets is the built frontend (the contents of frontend/dist). When it
	// is nil or has no index.html, pages get a short notice that the UI was
	// not built, and the API works as usual.
	Assets fs.FS
	// Saver saves downloads where the person at the desk chooses: the
	// desktop window's native dialog. Nil outside the window, where
	// POST /api/v1/desktop/save answers not_found.
	Saver Saver
	// BodyTimeout bounds the time a client has to send the body of a
	// request, UploadTimeout that of an upload (a route whose MaxBody is
	// over MaxBodyBytes), both from when the request arrived; a body that
	// comes later is answered 408 and changes nothing. WriteTimeout bounds
	// each write of an answer: a client that stops reading is cut off.
	// Zero means DefaultBodyTimeout, DefaultUploadTimeout and
	// DefaultWriteTimeout; tests set shorter ones.
	BodyTimeout, UploadTimeout, WriteTimeout time.Duration
	// Routes are added to the built-in routes. Tests use them to reach
	// behaviour that no production route has (a panic, a large body).
	Routes []Route
}

// Handler serves the API and the frontend. Build it with New.
type Handler struct {
	svc      *desk.Desk
	tr       *app.Translator // messages in the request's language
	logger   *slog.Logger
	assets   *assets
	routes   []Route
	mux      *http.ServeMux
	openapi  []byte
	keys     keyLocks // Idempotency-Key locks
	saver    Saver
	timeouts timeouts
}

// New returns the handler for cfg. It panics when the route table is
// malformed (a route without a permission, a pattern registered twice): the
// table is fixed when the program is written, and the tests build it.
func New(cfg Config) *Handler {
	if cfg.Desk == nil {
		panic("api.New: Config.Desk is nil")
	}
	h := &Handler{
		svc:    cfg.Desk,
		logger: cfg.Logger,
		assets: newAssets(cfg.Assets),
		mux:    http.NewServeMux(),
		saver:  cfg.Saver,

		timeouts: newTimeouts(cfg),
	}
	if h.logger == nil {
		h.logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	tr, err := app.NewTranslator(append(desk.Translations(), Messages())...)
	if err != nil {
		panic("api.New: " + err.Error())
	}
	h.tr, h.assets.tr = tr, tr
	h.routes = append(h.builtinRoutes(), cfg.Routes...)
	for _, rt := range h.routes {
		if err := rt.validate(); err != nil {
			panic("api.New: " + err.Error())
		}
	}
	doc, err := openAPIDocument(h.routes, h.svc.Ops.Version())
	if err != nil {
		panic("api.New: " + err.Error())
	}
	h.openapi = doc

	// One pattern per route; then, for each path, a method-less pattern that
	// answers 405 for the other methods (Go's own 405 is plain text);
	// then /api/ for unknown API paths, and / for the frontend.
	methods := map[string][]string{}
	var paths []string
	for _, rt := range h.routes {
		h.mux.Handle(rt.pattern(), h.route(rt))
		if methods[rt.Path] == nil {
			paths = append(paths, rt.Path)
		}
		methods[rt.Path] = append(methods[rt.Path], rt.Method)
	}
	for _, p := range paths {
		h.mux.Handle(p, h.methodNotAllowed(methods[p]))
	}
	h.mux.Handle("/api/", http.HandlerFunc(h.apiNotFound))
	h.mux.Handle("/", h.assets)
	return h
}

// Routes returns the route table: the built-in routes, then Config.Routes.
func (h *Handler) Routes() []Route { return slices.Clone(h.routes) }

// Pattern returns the ServeMux pattern that r is routed to, such as
// "GET /api/v1/health", "/api/" for an unknown API path, or "/" for the
// frontend. Tests use it to check the route table against the router.
func (h *Handler) Pattern(r *http.Request) string {
	_, p := h.mux.Handler(r)
	return p
}

// ServeHTTP serves r. Every response gets the security headers; every
// request is logged with its status and duration; a panic in any handler is
// logged with its stack and answered with a 500 internal error when nothing
// was written yet. A request's body must arrive, and each part of its
// answer be taken in, within the timeouts of Config.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	w, r = h.withDeadlines(w, r)
	setSecurityHeaders(w.Header())
	if r.TLS != nil { // came over HTTPS (innkeep serve --tls): browsers keep to HTTPS for a year
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
	}
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			h.logger.ErrorContext(r.Context(), "panic serving request",
				"method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !sw.wroteHeader {
				h.writeError(sw, r, http.StatusInternalServerError, app.E(app.EINTERNAL, "app.internal", "internal error"))
			}
		}
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelWarn
		}
		h.logger.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", sw.status),
			slog.Duration("duration", time.Since(start)),
			slog.String("remote", r.RemoteAddr),
		)
	}()
	h.mux.ServeHTTP(sw, r)
}

// setSecurityHeaders sets the headers that every response carries. The CSP
// allows only this origin: no inline scripts or styles, no eval, no frames.
func setSecurityHeaders(hd http.Header) {
	hd.Set("Content-Security-Policy", ContentSecurityPolicy)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "no-referrer")
}

// ContentSecurityPolicy is the value of the Content-Security-Policy header of
// every response.
const ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; " +
	"connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"

// statusWriter remembers the status of a response.
type statusWriter struct {
	http.ResponseWriter
	status      int
	wroteHeader bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = http.StatusOK, true
	}
	return w.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
