package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"innkeep/app"
	"innkeep/app/ops"
)

// Permission names what a caller must be allowed to do to use a route: one
// of the two below, or an application permission "module.operation".
type Permission string

// Permissions that are not application permissions.
const (
	PermPublic   Permission = "public"    // anyone who can reach the server
	PermSignedIn Permission = "signed_in" // any signed-in user
)

// Permissions lists every permission that a route may declare.
func Permissions() []Permission {
	out := []Permission{PermPublic, PermSignedIn}
	for _, p := range app.AllPermissions() {
		out = append(out, Permission(p))
	}
	return out
}

// Route is one endpoint of the API.
type Route struct {
	Method     string     // GET, POST, PUT, PATCH or DELETE (a GET route also answers HEAD)
	Path       string     // a ServeMux path under /api/, e.g. "/api/v1/rooms/{id}"
	ID         string     // the OpenAPI operationId, e.g. "getHealth"
	Summary    string     // one line for the OpenAPI document
	Permission Permission // required
	// BeforeSetup routes answer before the first user exists; all others
	// answer 403 until then.
	BeforeSetup bool
	// DuringPasswordChange routes stay open to a session that must change
	// its password first (after an admin's reset).
	DuringPasswordChange bool
	// MaxBody bounds the request body in bytes; zero means MaxBodyBytes.
	MaxBody int64
	// Download GET routes answer a file (a CSV export, a PDF): the desktop
	// window may save them with POST /api/v1/desktop/save.
	Download bool
	// NoReplay POST routes ignore Idempotency-Key: each call acts anew
	// (a Save dialog must open every time).
	NoReplay bool
	// Endpoint is the route's contract (body, query, answer, status) and
	// its code; see JSON and Raw. A non-nil error of its handler is written
	// as the error envelope with the status of its code; the handler must
	// not have written anything then.
	Endpoint Endpoint
}

// pattern returns the ServeMux pattern of rt, e.g. "GET /api/v1/health".
func (rt Route) pattern() string { return rt.Method + " " + rt.Path }

// validate reports what is wrong with rt.
func (rt Route) validate() error {
	switch rt.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return fmt.Errorf("route %q: method %q is not supported", rt.pattern(), rt.Method)
	}
	if !strings.HasPrefix(rt.Path, "/api/") {
		return fmt.Errorf("route %q: path is not under /api/", rt.pattern())
	}
	if rt.ID == "" || rt.Summary == "" || rt.Endpoint.serve == nil || rt.Endpoint.Status == 0 {
		return fmt.Errorf("route %q: ID, Summary and Endpoint are required", rt.pattern())
	}
	if rt.Endpoint.Request != nil && (rt.Method == http.MethodGet || rt.Method == http.MethodDelete) {
		return fmt.Errorf("route %q: a %s takes no body", rt.pattern(), rt.Method)
	}
	if hasBody := rt.Endpoint.Response != nil || rt.Endpoint.ContentType != ""; hasBody == (rt.Endpoint.Status == http.StatusNoContent) {
		return fmt.Errorf("route %q: status %d with a body is %v; 204 goes with no body, and only it", rt.pattern(), rt.Endpoint.Status, hasBody)
	}
	for _, p := range Permissions() {
		if rt.Permission == p {
			return nil
		}
	}
	return fmt.Errorf("route %q: permission %q is not one of %v", rt.pattern(), rt.Permission, Permissions())
}

// route wraps rt.Endpoint: it bounds the request body (its size, and for
// uploads the time it may take to arrive) and translates the returned error
// into the error envelope.
func (h *Handler) route(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(MaxBodyBytes)
		if rt.MaxBody > 0 {
			limit = rt.MaxBody
		}
		if limit > MaxBodyBytes {
			bodyDeadline(w, r, h.timeouts.upload)
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Add("Vary", "Accept-Language") // messages and names follow it
		r, err := h.guard(w, r, rt)
		if err == nil {
			if key := r.Header.Get("Idempotency-Key"); key != "" && rt.Method == http.MethodPost && !rt.NoReplay {
				err = h.idempotent(w, r, rt, key)
			} else {
				err = rt.Endpoint.Serve(w, r)
			}
		}
		if err != nil {
			h.error(w, r, err)
		}
	})
}

// builtinRoutes returns the route table of the binary: the production
// routes, then those of test builds (see testRoutes).
func (h *Handler) builtinRoutes() []Route {
	return slices.Concat(h.productionRoutes(), h.systemRoutes(), testRoutes())
}

// productionRoutes returns the production route table.
func (h *Handler) productionRoutes() []Route {
	return append([]Route{
		{Method: "GET", Path: "/api/v1/health", ID: "getHealth", Summary: "Report that this node answers: its status only.",
			Permission: PermPublic, BeforeSetup: true,
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (ops.Status, error) { return h.svc.Ops.Status(r.Context()) })},
		{Method: "GET", Path: "/api/v1/system/health", ID: "getSystemHealth", Summary: "Report the state of this node: version, mode, node id, data folder, store, free disk space, and the changes of other desks it refuses.",
			Permission: "system.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (ops.Health, error) {
				return h.svc.Ops.Health(r.Context(), actor(r))
			})},
		{Method: "GET", Path: "/api/v1/openapi.json", ID: "getOpenAPI", Summary: "This API's OpenAPI 3.1 document.",
			Permission: PermPublic, BeforeSetup: true,
			Endpoint: Raw(http.StatusOK, "application/json", func(w http.ResponseWriter, _ *http.Request, _ None) error {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(h.openapi)
				return nil
			})},
	}, slices.Concat(h.accessRoutes(), h.propertyRoutes(), h.guestRoutes(), h.companyRoutes(), h.bookingRoutes(), h.groupRoutes(), h.desktopRoutes())...)
}

// writeJSON writes v as the JSON body of a response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
	return nil
}
