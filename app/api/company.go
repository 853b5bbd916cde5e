package api

import (
	"net/http"

	"innkeep/app/company"
)

// companiesBody is the answer of the profile list (named for the OpenAPI
// document).
type companiesBody struct {
	Companies []company.Profile `json:"companies"`
}

// companyRoutes are the routes of the company and travel agent profiles
// (docs/booking.md, "Companies and travel agents"). Archiving changes a
// profile: it needs companies.update.
func (h *Handler) companyRoutes() []Route {
	id := func(r *http.Request) string { return r.PathValue("id") }
	c := h.svc.Company
	return []Route{
		{Method: "GET", Path: "/api/v1/hotels/{id}/companies", ID: "listCompanies", Summary: "A hotel's companies and travel agents, by name; search by name or tax id.",
			Permission: "companies.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q companiesQuery) (companiesBody, error) {
				list, err := c.ListProfiles(r.Context(), actor(r), id(r), company.Filter{Q: q.Q, Kind: q.Kind, Archived: q.Archived, Limit: q.Limit})
				return companiesBody{Companies: list}, err
			})},
		{Method: "POST", Path: "/api/v1/hotels/{id}/companies", ID: "createCompany", Summary: "Create a company or travel agent profile.",
			Permission: "companies.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in company.ProfileInput, _ None) (company.Profile, error) {
				return c.CreateProfile(r.Context(), actor(r), id(r), in)
			})},
		{Method: "GET", Path: "/api/v1/companies/{id}", ID: "getCompany", Summary: "One company or travel agent profile.",
			Permission: "companies.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (company.Profile, error) {
				return c.GetProfile(r.Context(), actor(r), id(r))
			})},
		{Method: "PATCH", Path: "/api/v1/companies/{id}", ID: "updateCompany", Summary: "Change a profile; reservations keep the names they were booked with.",
			Permission: "companies.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p company.ProfilePatch, _ None) (company.Profile, error) {
				return c.UpdateProfile(r.Context(), actor(r), id(r), p)
			})},
		{Method: "POST", Path: "/api/v1/companies/{id}/archive", ID: "archiveCompany", Summary: "Archive a profile: it can no longer be chosen on a booking.",
			Permission: "companies.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (company.Profile, error) {
				return c.SetArchived(r.Context(), actor(r), id(r), true)
			})},
		{Method: "POST", Path: "/api/v1/companies/{id}/unarchive", ID: "unarchiveCompany", Summary: "Bring an archived profile back.",
			Permission: "companies.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (company.Profile, error) {
				return c.SetArchived(r.Context(), actor(r), id(r), false)
			})},
		{Method: "DELETE", Path: "/api/v1/companies/{id}", ID: "deleteCompany", Summary: "Delete a profile that no reservation names (409 naming one otherwise: archive it).",
			Permission: "companies.delete",
			Endpoint: JSON(http.StatusNoContent, func(r *http.Request, _ None, _ None) (None, error) {
				return None{}, c.DeleteProfile(r.Context(), actor(r), id(r))
			})},
	}
}

// companiesQuery is the query of the profile list.
type companiesQuery struct {
	Q        string `query:"q" doc:"Words of the name, or the start of the tax id."`
	Kind     string `query:"kind" enum:"company,travel_agent" doc:"Only this kind of profile."`
	Archived bool   `query:"archived" doc:"List archived profiles too."`
	Limit    int    `query:"limit" default:"200" doc:"At most this many (200 when left out, at most 1000)."`
}
