package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"innkeep/app"
)

// errorEnvelope is the body of every error response.
type errorEnvelope struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
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
	default:
		return http.StatusInternalServerError
	}
}

// error writes err as the error envelope. Internal errors are logged with
// their details and reach the client as "internal error" only. A request
// body over MaxBodyBytes is an invalid request.
func (h *Handler) error(w http.ResponseWriter, r *http.Request, err error) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		err = app.Errorf(app.EINVALID, "the request body is larger than %d bytes", tooLarge.Limit)
	}
	code, msg := app.ErrorCode(err), app.ErrorMessage(err)
	if code == app.EINTERNAL {
		h.logger.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeError(w, statusOf(code), code, msg)
}

// writeError writes the error envelope with the given status.
func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Cache-Control", "no-store")
	_ = writeJSON(w, status, errorEnvelope{Error: errorBody{Code: code, Message: message}})
}

// apiNotFound answers every /api/ path that no route serves.
func (h *Handler) apiNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, app.ENOTFOUND, fmt.Sprintf("no API endpoint %s", r.URL.Path))
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
		writeError(w, http.StatusMethodNotAllowed, app.EINVALID,
			fmt.Sprintf("method %s is not allowed on %s (allowed: %s)", r.Method, r.URL.Path, allow))
	})
}
