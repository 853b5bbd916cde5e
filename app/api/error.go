package api

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"innkeep/app"
)

// errorEnvelope is the body of every error response.
type errorEnvelope struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code    string         `json:"code"`
	Key     string         `json:"key,omitempty"`
	Params  map[string]any `json:"params,omitempty"`
	Message string         `json:"message"`
}

// statusOf maps an error code to its HTTP status. Unknown codes are 500.
func statusOf(code string) int {
	switch code {
	case app.EINVALID:
		return http.StatusBadRequest
	case app.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case app.EFORBIDDEN:
		return http.StatusForbidden
	case app.ENOTFOUND:
		return http.StatusNotFound
	case app.ECONFLICT:
		return http.StatusConflict
	case app.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	case app.ERATELIMITED:
		return http.StatusTooManyRequests
	case app.EDISKFULL:
		return http.StatusInsufficientStorage
	default:
		return http.StatusInternalServerError
	}
}

// error writes err as the error envelope, in the language of the
// request's Accept-Language: its code, its message key and parameters, and
// the message. Internal errors are logged with their details and reach the
// client as "internal error" only. A request body over MaxBodyBytes is an
// invalid request; one that did not arrive before its deadline is an
// invalid request answered 408 Request Timeout. A write that the disk had
// no room for is disk_full, 507 Insufficient Storage.
func (h *Handler) error(w http.ResponseWriter, r *http.Request, err error) {
	var tooLarge *http.MaxBytesError
	status := 0
	switch {
	case errors.As(err, &tooLarge):
		err = app.E(app.EINVALID, "api.body_too_large", "the request body is larger than {limit} bytes", "limit", tooLarge.Limit)
	case bodyTimedOut(err):
		err, status = errBodyTimeout(), http.StatusRequestTimeout
	}
	// A busy hasher (503) and a throttled address (429) say when to
	// come back.
	var ra interface{ RetryAfterSeconds() int }
	if errors.As(err, &ra) {
		w.Header().Set("Retry-After", strconv.Itoa(ra.RetryAfterSeconds()))
	}
	code := app.ErrorCode(err)
	switch code {
	case app.EINTERNAL:
		h.logger.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		err = app.E(app.EINTERNAL, "app.internal", "internal error")
	case app.EDISKFULL:
		h.logger.ErrorContext(r.Context(), "the disk is full", "method", r.Method, "path", r.URL.Path, "err", err)
		if e := (*app.Error)(nil); !errors.As(err, &e) || e.Key == "" {
			err = app.DiskFull() // the store's error, in English only
		}
	}
	if status == 0 {
		status = statusOf(code)
	}
	h.writeError(w, r, status, err)
}

// writeError writes err (which carries a code) as the error envelope with
// the given status, in the request's language.
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, status int, err error) {
	writeErrorIn(h.tr, w, r, status, err)
}

// writeErrorIn is writeError with the translator tr.
func writeErrorIn(tr *app.Translator, w http.ResponseWriter, r *http.Request, status int, err error) {
	lang := app.Lang(r.Header.Get("Accept-Language"))
	body := errorBody{Code: app.ErrorCode(err), Message: tr.Message(lang, err)}
	var e *app.Error
	if errors.As(err, &e) && e.Key != "" {
		body.Key = e.Key
		if len(e.Params) > 0 {
			body.Params = tr.Params(lang, e.Params)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Language", lang)
	if !slices.Contains(w.Header().Values("Vary"), "Accept-Language") {
		w.Header().Add("Vary", "Accept-Language")
	}
	_ = writeJSON(w, status, errorEnvelope{Error: body})
}

// apiNotFound answers every /api/ path that no route serves.
func (h *Handler) apiNotFound(w http.ResponseWriter, r *http.Request) {
	h.writeError(w, r, http.StatusNotFound, app.E(app.ENOTFOUND, "api.no_endpoint", "no API endpoint {path}", "path", r.URL.Path))
}

// methodNotAllowed answers the methods that no route of a path serves, with
// 405, an Allow header and an "invalid" envelope.
func (h *Handler) methodNotAllowed(methods []string) http.Handler {
	allowed := append([]string(nil), methods...)
	for _, m := range methods {
		if m == http.MethodGet {
			allowed = append(allowed, http.MethodHead)
		}
	}
	allow := strings.Join(allowed, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		h.writeError(w, r, http.StatusMethodNotAllowed, app.E(app.EINVALID, "api.method_not_allowed",
			"method {method} is not allowed on {path} (allowed: {allowed})", "method", r.Method, "path", r.URL.Path, "allowed", allow))
	})
}
