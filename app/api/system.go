package api

import (
	"net/http"

	"innkeep/app"
	"innkeep/app/ops"
)

// systemRoutes are the routes of the desk's own state beyond health: the
// check of the store, the audit log, the key file, permissions and disk.
func (h *Handler) systemRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/system/check", ID: "checkSystem",
			Summary:    "Check the store, the audit log and its op log, the key file, the data folder's permissions and free space; list what is wrong and what to do.",
			Permission: "system.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (ops.CheckReport, error) {
				rep, err := h.svc.Check.Check(r.Context(), actor(r))
				if err != nil {
					return ops.CheckReport{}, err
				}
				lang := app.Lang(r.Header.Get("Accept-Language"))
				for i, f := range rep.Findings {
					rep.Findings[i] = f.In(h.tr, lang)
				}
				return rep, nil
			})},
	}
}
