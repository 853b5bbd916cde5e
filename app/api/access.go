package api

import (
	"fmt"
	"net/http"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/audit"
	"innkeep/app/property"
	"innkeep/app/setup"
)

// Response bodies of the access routes (named for the OpenAPI document).
type (
	setupStatus struct {
		Needed bool `json:"needed"`
	}
	permissionsBody struct {
		Permissions []app.Permission `json:"permissions"`
		Hotels      app.HotelScope   `json:"hotels"`
	}
	catalogueBody struct {
		Modules    []string `json:"modules"`
		Operations []string `json:"operations"`
	}
	sessionsBody struct {
		Sessions []access.SessionView `json:"sessions"`
	}
	usersBody struct {
		Users []access.UserView `json:"users"`
	}
	rolesBody struct {
		Roles []access.Role `json:"roles"`
	}
	hotelsBody struct {
		Hotels []property.Hotel `json:"hotels"`
	}
	loginBody struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	passwordBody struct {
		CurrentPassword string `json:"current_password"`
		NewPassword     string `json:"new_password"`
	}
	oneTimeCodeBody struct {
		OneTimeCode string `json:"one_time_code"`
	}
)

// accessRoutes are the routes of setup, sessions, accounts, roles, hotels
// and the audit log (docs/access.md).
func (h *Handler) accessRoutes() []Route {
	id := func(r *http.Request) string { return r.PathValue("id") }
	return []Route{
		{Method: "GET", Path: "/api/v1/setup", ID: "getSetup", Summary: "Tell whether the first-run setup is still needed.",
			Permission: PermPublic, BeforeSetup: true,
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (setupStatus, error) {
				needed, err := h.svc.Setup.NeedsSetup()
				return setupStatus{Needed: needed}, err
			})},
		{Method: "POST", Path: "/api/v1/setup", ID: "setup", Summary: "Create the first hotel, the first system administrator and the data key.",
			Permission: PermPublic, BeforeSetup: true,
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in setup.SetupInput, _ None) (setup.SetupResult, error) {
				return h.svc.Setup.Setup(r.Context(), in, clientOf(r))
			})},

		{Method: "POST", Path: "/api/v1/sessions", ID: "login", Summary: "Sign in; returns a session token and sets the session cookie.",
			Permission: PermPublic, Endpoint: JSONWith(http.StatusCreated, h.login)},
		{Method: "DELETE", Path: "/api/v1/sessions/current", ID: "logout", Summary: "Sign out of this session.",
			Permission: PermSignedIn, DuringPasswordChange: true,
			Endpoint: JSONWith(http.StatusNoContent, func(w http.ResponseWriter, r *http.Request, _ None, _ None) (None, error) {
				if err := h.svc.Access.Logout(r.Context(), actor(r), auth(r).token); err != nil {
					return None{}, err
				}
				clearSessionCookie(w, r)
				return None{}, nil
			})},

		{Method: "GET", Path: "/api/v1/me", ID: "getMe", Summary: "The signed-in user, with the session's CSRF token.",
			Permission: PermSignedIn, DuringPasswordChange: true,
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (access.Me, error) {
				return h.svc.Access.Me(r.Context(), actor(r), auth(r).csrf)
			})},
		{Method: "GET", Path: "/api/v1/me/permissions", ID: "getMyPermissions", Summary: "What the signed-in user may do, and in which hotels.",
			Permission: PermSignedIn, DuringPasswordChange: true,
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (permissionsBody, error) {
				perms, scope := h.svc.Access.MyPermissions(actor(r))
				return permissionsBody{Permissions: perms, Hotels: scope}, nil
			})},
		{Method: "PUT", Path: "/api/v1/me/password", ID: "changeMyPassword", Summary: "Change one's password; ends one's other sessions.",
			Permission: PermSignedIn, DuringPasswordChange: true,
			Endpoint: JSON(http.StatusNoContent, func(r *http.Request, in passwordBody, _ None) (None, error) {
				return None{}, h.svc.Access.ChangePassword(r.Context(), actor(r), in.CurrentPassword, in.NewPassword)
			})},
		{Method: "GET", Path: "/api/v1/me/sessions", ID: "listMySessions", Summary: "One's open sessions on this desk.",
			Permission: PermSignedIn,
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (sessionsBody, error) {
				list, err := h.svc.Access.MySessions(r.Context(), actor(r))
				return sessionsBody{Sessions: list}, err
			})},
		{Method: "DELETE", Path: "/api/v1/me/sessions/{id}", ID: "endMySession", Summary: "End one of one's sessions.",
			Permission: PermSignedIn,
			Endpoint: JSON(http.StatusNoContent, func(r *http.Request, _ None, _ None) (None, error) {
				return None{}, h.svc.Access.EndMySession(r.Context(), actor(r), id(r))
			})},

		{Method: "GET", Path: "/api/v1/users", ID: "listUsers", Summary: "Users within the caller's hotels.",
			Permission: "users.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (usersBody, error) {
				list, err := h.svc.Access.ListUsers(r.Context(), actor(r))
				return usersBody{Users: list}, err
			})},
		{Method: "POST", Path: "/api/v1/users", ID: "createUser", Summary: "Create a user.",
			Permission: "users.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in access.UserInput, _ None) (access.UserView, error) {
				return h.svc.Access.CreateUser(r.Context(), actor(r), in)
			})},
		{Method: "GET", Path: "/api/v1/users/{id}", ID: "getUser", Summary: "One user.",
			Permission: "users.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (access.UserView, error) {
				return h.svc.Access.GetUser(r.Context(), actor(r), id(r))
			})},
		{Method: "PATCH", Path: "/api/v1/users/{id}", ID: "updateUser", Summary: "Change a user's details, roles or hotels.",
			Permission: "users.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p access.UserPatch, _ None) (access.UserView, error) {
				return h.svc.Access.UpdateUser(r.Context(), actor(r), id(r), p)
			})},
		{Method: "POST", Path: "/api/v1/users/{id}/reset-password", ID: "resetPassword", Summary: "Give a user a one-time code to sign in with and choose a new password.",
			Permission: "users.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (oneTimeCodeBody, error) {
				code, err := h.svc.Access.ResetPassword(r.Context(), actor(r), id(r))
				return oneTimeCodeBody{OneTimeCode: code}, err
			})},
		{Method: "POST", Path: "/api/v1/users/{id}/disable", ID: "disableUser", Summary: "Disable a user and end their sessions.",
			Permission: "users.update", Endpoint: h.setUserStatus(access.UserDisabled)},
		{Method: "POST", Path: "/api/v1/users/{id}/enable", ID: "enableUser", Summary: "Enable a disabled user.",
			Permission: "users.update", Endpoint: h.setUserStatus(access.UserActive)},

		{Method: "GET", Path: "/api/v1/permissions", ID: "getPermissionCatalogue", Summary: "The modules and operations permissions are made of.",
			Permission: "roles.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (catalogueBody, error) {
				return catalogueBody{Modules: app.Modules, Operations: app.Operations}, nil
			})},
		{Method: "GET", Path: "/api/v1/roles", ID: "listRoles", Summary: "Built-in and custom roles.",
			Permission: "roles.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (rolesBody, error) {
				list, err := h.svc.Access.ListRoles(r.Context(), actor(r))
				return rolesBody{Roles: list}, err
			})},
		{Method: "POST", Path: "/api/v1/roles", ID: "createRole", Summary: "Create a custom role.",
			Permission: "roles.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in access.RoleInput, _ None) (access.Role, error) {
				return h.svc.Access.CreateRole(r.Context(), actor(r), in)
			})},
		{Method: "GET", Path: "/api/v1/roles/{id}", ID: "getRole", Summary: "One role.",
			Permission: "roles.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (access.Role, error) {
				return h.svc.Access.GetRole(r.Context(), actor(r), id(r))
			})},
		{Method: "PATCH", Path: "/api/v1/roles/{id}", ID: "updateRole", Summary: "Change a custom role.",
			Permission: "roles.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p access.RolePatch, _ None) (access.Role, error) {
				return h.svc.Access.UpdateRole(r.Context(), actor(r), id(r), p)
			})},
		{Method: "DELETE", Path: "/api/v1/roles/{id}", ID: "deleteRole", Summary: "Delete a custom role that nobody holds.",
			Permission: "roles.delete",
			Endpoint: JSON(http.StatusNoContent, func(r *http.Request, _ None, _ None) (None, error) {
				return None{}, h.svc.Access.DeleteRole(r.Context(), actor(r), id(r))
			})},

		{Method: "GET", Path: "/api/v1/hotels", ID: "listHotels", Summary: "Hotels within the caller's scope, by name, address or stars.",
			Permission: "hotels.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q hotelsQuery) (hotelsBody, error) {
				list, err := h.svc.Property.FindHotels(r.Context(), actor(r), property.HotelFilter{Q: q.Q, Stars: q.Stars})
				return hotelsBody{Hotels: list}, err
			})},
		{Method: "POST", Path: "/api/v1/hotels", ID: "createHotel", Summary: "Create a hotel.",
			Permission: "hotels.create",
			Endpoint: JSON(http.StatusCreated, func(r *http.Request, in property.HotelInput, _ None) (property.Hotel, error) {
				return h.svc.Property.CreateHotel(r.Context(), actor(r), in)
			})},
		{Method: "GET", Path: "/api/v1/hotels/{id}", ID: "getHotel", Summary: "One hotel.",
			Permission: "hotels.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (property.Hotel, error) {
				return h.svc.Property.GetHotel(r.Context(), actor(r), id(r))
			})},
		{Method: "PATCH", Path: "/api/v1/hotels/{id}", ID: "updateHotel", Summary: "Change a hotel.",
			Permission: "hotels.update",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, p property.HotelPatch, _ None) (property.Hotel, error) {
				return h.svc.Property.UpdateHotel(r.Context(), actor(r), id(r), p)
			})},

		{Method: "GET", Path: "/api/v1/audit", ID: "listAudit", Summary: "Audit entries, newest first, with filters.",
			Permission: "audit.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, q auditQuery) (auditPageBody, error) {
				f, err := q.filter()
				if err != nil {
					return auditPageBody{}, err
				}
				page, err := h.svc.Audit.List(r.Context(), actor(r), f)
				if err != nil {
					return auditPageBody{}, err
				}
				return h.auditPage(r, page), nil
			})},
		{Method: "GET", Path: "/api/v1/audit/export.csv", ID: "exportAudit", Summary: "Audit entries as CSV; the export is audited.",
			Permission: "audit.view", Download: true, Endpoint: Raw(http.StatusOK, "text/csv", h.exportAudit)},
		{Method: "GET", Path: "/api/v1/audit/verify", ID: "verifyAudit", Summary: "Check every desk's audit chain and report the first broken link.",
			Permission: "audit.view",
			Endpoint: JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (audit.Report, error) {
				return h.svc.Audit.Verify(r.Context())
			})},
	}
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request, in loginBody, _ None) (access.LoginResult, error) {
	res, err := h.svc.Access.Login(r.Context(), in.Username, in.Password, clientOf(r))
	if err != nil { // h.error sets Retry-After for 429 and 503
		return res, err
	}
	setSessionCookie(w, r, res.Token, int(res.ExpiresAt.Sub(h.svc.Env.Now())/time.Second))
	return res, nil
}

func (h *Handler) setUserStatus(status string) Endpoint {
	return JSON(http.StatusOK, func(r *http.Request, _ None, _ None) (access.UserView, error) {
		return h.svc.Access.SetUserStatus(r.Context(), actor(r), r.PathValue("id"), status)
	})
}

// auditEntryView is an audit entry with the name of its action in the
// reader's language ("办理退房" for reservation.check_out).
type auditEntryView struct {
	audit.Entry
	ActionName string `json:"action_name"`
}

// auditPageBody is a page of the audit log as the API answers it.
type auditPageBody struct {
	Entries    []auditEntryView `json:"entries"`
	NextBefore string           `json:"next_before"`
}

// auditPage names the actions of page in the language of r.
func (h *Handler) auditPage(r *http.Request, page audit.Page) auditPageBody {
	lang := app.Lang(r.Header.Get("Accept-Language"))
	out := auditPageBody{Entries: make([]auditEntryView, len(page.Entries)), NextBefore: page.NextBefore}
	for i, e := range page.Entries {
		w, _ := audit.ActionName(e.Action)
		out.Entries[i] = auditEntryView{Entry: e, ActionName: h.tr.Text(lang, w.Key, w.English, nil)}
	}
	return out
}

// auditQuery is the query of the audit log's list and export.
type auditQuery struct {
	User   string `query:"user" doc:"A username or user id."`
	Action string `query:"action" doc:"An action, or its prefix ending in a dot (session.)."`
	Entity string `query:"entity" doc:"A kind of record (user, hotel…)."`
	From   string `query:"from" doc:"A date (YYYY-MM-DD) or an RFC 3339 time."`
	To     string `query:"to" doc:"A date (up to its end) or an RFC 3339 time."`
	Before string `query:"before" doc:"The next_before of the previous page."`
	Limit  int    `query:"limit" min:"1" doc:"Entries per page (at most 500)."`
}

// filter returns the audit filter of q.
func (q auditQuery) filter() (audit.Filter, error) {
	f := audit.Filter{User: q.User, Action: q.Action, Entity: q.Entity, Before: q.Before, Limit: q.Limit}
	var err error
	if f.From, err = parseWhen(q.From, false); err != nil {
		return f, err
	}
	f.To, err = parseWhen(q.To, true)
	return f, err
}

// parseWhen parses a date (YYYY-MM-DD, the whole day in UTC; as an upper
// bound, up to its end) or an RFC 3339 time. "" is the zero time.
func parseWhen(s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		if end {
			return d.AddDate(0, 0, 1), nil
		}
		return d, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, app.E(app.EINVALID, "api.not_a_time", "\"{value}\" is neither a date (2026-12-01) nor an RFC 3339 time", "value", s)
	}
	return t.UTC(), nil
}

func (h *Handler) exportAudit(w http.ResponseWriter, r *http.Request, q auditQuery) error {
	f, err := q.filter()
	if err != nil {
		return err
	}
	a := actor(r)
	if err := a.Require(app.Perm("audit", "view")); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="innkeep-audit-%s.csv"`, time.Now().UTC().Format("20060102-150405")))
	cw := &countingWriter{ResponseWriter: w}
	if _, err := h.svc.Audit.ExportCSV(r.Context(), a, f, cw); err != nil {
		if cw.n == 0 {
			w.Header().Del("Content-Disposition")
			return err
		}
		h.logger.ErrorContext(r.Context(), "audit export failed", "err", err)
		failDownload(r, err)
	}
	return nil
}
