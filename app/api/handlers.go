package api

import (
	"net/http"
)

// health serves GET /api/v1/health.
func (h *Handler) health(w http.ResponseWriter, r *http.Request) error {
	hl, err := h.svc.Ops.Health(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, hl)
}

// openAPI serves GET /api/v1/openapi.json.
func (h *Handler) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(h.openapi)
	return nil
}
