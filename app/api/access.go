package api

import (
	"fmt"
	"net/http"
	"strconv"
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
	return []Route{
		{Method: "GET", Path: "/api/v1/setup", ID: "getSetup", Summary: "Tell whether the first-run setup is still needed.",
			Permission: PermPublic, BeforeSetup: true, Response: setupStatus{}, Handler: h.getSetup},
		{Method: "POST", Path: "/api/v1/setup", ID: "setup", Summary: "Create the first hotel, the first system administrator and the data key.",
			Permission: PermPublic, BeforeSetup: true, Response: setup.SetupResult{}, Handler: h.setup},

		{Method: "POST", Path: "/api/v1/sessions", ID: "login", Summary: "Sign in; returns a session token and sets the session cookie.",
			Permission: PermPublic, Response: access.LoginResult{}, Handler: h.login},
		{Method: "DELETE", Path: "/api/v1/sessions/current", ID: "logout", Summary: "Sign out of this session.",
			Permission: PermSignedIn, DuringPasswordChange: true, Handler: h.logout},

		{Method: "GET", Path: "/api/v1/me", ID: "getMe", Summary: "The signed-in user, with the session's CSRF token.",
			Permission: PermSignedIn, DuringPasswordChange: true, Response: access.Me{}, Handler: h.getMe},
		{Method: "GET", Path: "/api/v1/me/permissions", ID: "getMyPermissions", Summary: "What the signed-in user may do, and in which hotels.",
			Permission: PermSignedIn, DuringPasswordChange: true, Response: permissionsBody{}, Handler: h.getMyPermissions},
		{Method: "PUT", Path: "/api/v1/me/password", ID: "changeMyPassword", Summary: "Change one's password; ends one's other sessions.",
			Permission: PermSignedIn, DuringPasswordChange: true, Handler: h.changeMyPassword},
		{Method: "GET", Path: "/api/v1/me/sessions", ID: "listMySessions", Summary: "One's open sessions on this desk.",
			Permission: PermSignedIn, Response: sessionsBody{}, Handler: h.listMySessions},
		{Method: "DELETE", Path: "/api/v1/me/sessions/{id}", ID: "endMySession", Summary: "End one of one's sessions.",
			Permission: PermSignedIn, Handler: h.endMySession},

		{Method: "GET", Path: "/api/v1/users", ID: "listUsers", Summary: "Users within the caller's hotels.",
			Permission: "users.view", Response: usersBody{}, Handler: h.listUsers},
		{Method: "POST", Path: "/api/v1/users", ID: "createUser", Summary: "Create a user.",
			Permission: "users.create", Response: access.UserView{}, Handler: h.createUser},
		{Method: "GET", Path: "/api/v1/users/{id}", ID: "getUser", Summary: "One user.",
			Permission: "users.view", Response: access.UserView{}, Handler: h.getUser},
		{Method: "PATCH", Path: "/api/v1/users/{id}", ID: "updateUser", Summary: "Change a user's details, roles or hotels.",
			Permission: "users.update", Response: access.UserView{}, Handler: h.updateUser},
		{Method: "POST", Path: "/api/v1/users/{id}/reset-password", ID: "resetPassword", Summary: "Give a user a one-time code to sign in with and choose a new password.",
			Permission: "users.update", Response: oneTimeCodeBody{}, Handler: h.resetPassword},
		{Method: "POST", Path: "/api/v1/users/{id}/disable", ID: "disableUser", Summary: "Disable a user and end their sessions.",
			Permission: "users.update", Response: access.UserView{}, Handler: h.setUserStatus(access.UserDisabled)},
		{Method: "POST", Path: "/api/v1/users/{id}/enable", ID: "enableUser", Summary: "Enable a disabled user.",
			Permission: "users.update", Response: access.UserView{}, Handler: h.setUserStatus(access.UserActive)},

		{Method: "GET", Path: "/api/v1/permissions", ID: "getPermissionCatalogue", Summary: "The modules and operations permissions are made of.",
			Permission: "roles.view", Response: catalogueBody{}, Handler: h.getCatalogue},
		{Method: "GET", Path: "/api/v1/roles", ID: "listRoles", Summary: "Built-in and custom roles.",
			Permission: "roles.view", Response: rolesBody{}, Handler: h.listRoles},
		{Method: "POST", Path: "/api/v1/roles", ID: "createRole", Summary: "Create a custom role.",
			Permission: "roles.create", Response: access.Role{}, Handler: h.createRole},
		{Method: "GET", Path: "/api/v1/roles/{id}", ID: "getRole", Summary: "One role.",
			Permission: "roles.view", Response: access.Role{}, Handler: h.getRole},
		{Method: "PATCH", Path: "/api/v1/roles/{id}", ID: "updateRole", Summary: "Change a custom role.",
			Permission: "roles.update", Response: access.Role{}, Handler: h.updateRole},
		{Method: "DELETE", Path: "/api/v1/roles/{id}", ID: "deleteRole", Summary: "Delete a custom role that nobody holds.",
			Permission: "roles.delete", Handler: h.deleteRole},

		{Method: "GET", Path: "/api/v1/hotels", ID: "listHotels", Summary: "Hotels within the caller's scope.",
			Permission: "hotels.view", Response: hotelsBody{}, Handler: h.listHotelsFiltered},
		{Method: "POST", Path: "/api/v1/hotels", ID: "createHotel", Summary: "Create a hotel.",
			Permission: "hotels.create", Response: property.Hotel{}, Handler: h.createHotel},
		{Method: "GET", Path: "/api/v1/hotels/{id}", ID: "getHotel", Summary: "One hotel.",
			Permission: "hotels.view", Response: property.Hotel{}, Handler: h.getHotel},
		{Method: "PATCH", Path: "/api/v1/hotels/{id}", ID: "updateHotel", Summary: "Change a hotel.",
			Permission: "hotels.update", Response: property.Hotel{}, Handler: h.updateHotel},

		{Method: "GET", Path: "/api/v1/audit", ID: "listAudit", Summary: "Audit entries, newest first, with filters.",
			Permission: "audit.view", Response: audit.Page{}, Handler: h.listAudit},
		{Method: "GET", Path: "/api/v1/audit/export.csv", ID: "exportAudit", Summary: "Audit entries as CSV; the export is audited.",
			Permission: "audit.view", Download: true, Handler: h.exportAudit},
		{Method: "GET", Path: "/api/v1/audit/verify", ID: "verifyAudit", Summary: "Check every desk's audit chain and report the first broken link.",
			Permission: "audit.view", Response: audit.Report{}, Handler: h.verifyAudit},
	}
}

func (h *Handler) getSetup(w http.ResponseWriter, r *http.Request) error {
	needed, err := h.svc.Setup.NeedsSetup()
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, setupStatus{Needed: needed})
}

func (h *Handler) setup(w http.ResponseWriter, r *http.Request) error {
	var in setup.SetupInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := h.svc.Setup.Setup(r.Context(), in, clientOf(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, res)
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) error {
	var in loginBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	res, err := h.svc.Access.Login(r.Context(), in.Username, in.Password, clientOf(r))
	if rl, ok := err.(*access.RateLimitError); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(rl.RetryAfter/time.Second)+1))
	}
	if err != nil {
		return err
	}
	setSessionCookie(w, r, res.Token, int(res.ExpiresAt.Sub(h.svc.Env.Now())/time.Second))
	return writeJSON(w, http.StatusCreated, res)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Access.Logout(r.Context(), actor(r), auth(r).token); err != nil {
		return err
	}
	clearSessionCookie(w, r)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) getMe(w http.ResponseWriter, r *http.Request) error {
	me, err := h.svc.Access.Me(r.Context(), actor(r), auth(r).csrf)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, me)
}

func (h *Handler) getMyPermissions(w http.ResponseWriter, r *http.Request) error {
	perms, scope := h.svc.Access.MyPermissions(actor(r))
	return writeJSON(w, http.StatusOK, permissionsBody{Permissions: perms, Hotels: scope})
}

func (h *Handler) changeMyPassword(w http.ResponseWriter, r *http.Request) error {
	var in passwordBody
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := h.svc.Access.ChangePassword(r.Context(), actor(r), in.CurrentPassword, in.NewPassword); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) listMySessions(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.Access.MySessions(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, sessionsBody{Sessions: list})
}

func (h *Handler) endMySession(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Access.EndMySession(r.Context(), actor(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) listUsers(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.Access.ListUsers(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, usersBody{Users: list})
}

func (h *Handler) createUser(w http.ResponseWriter, r *http.Request) error {
	var in access.UserInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := h.svc.Access.CreateUser(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, u)
}

func (h *Handler) getUser(w http.ResponseWriter, r *http.Request) error {
	u, err := h.svc.Access.GetUser(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (h *Handler) updateUser(w http.ResponseWriter, r *http.Request) error {
	var p access.UserPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	u, err := h.svc.Access.UpdateUser(r.Context(), actor(r), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (h *Handler) resetPassword(w http.ResponseWriter, r *http.Request) error {
	code, err := h.svc.Access.ResetPassword(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, oneTimeCodeBody{OneTimeCode: code})
}

func (h *Handler) setUserStatus(status string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := h.svc.Access.SetUserStatus(r.Context(), actor(r), r.PathValue("id"), status)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, u)
	}
}

func (h *Handler) getCatalogue(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, catalogueBody{Modules: app.Modules, Operations: app.Operations})
}

func (h *Handler) listRoles(w http.ResponseWriter, r *http.Request) error {
	list, err := h.svc.Access.ListRoles(r.Context(), actor(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rolesBody{Roles: list})
}

func (h *Handler) createRole(w http.ResponseWriter, r *http.Request) error {
	var in access.RoleInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	role, err := h.svc.Access.CreateRole(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, role)
}

func (h *Handler) getRole(w http.ResponseWriter, r *http.Request) error {
	role, err := h.svc.Access.GetRole(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, role)
}

func (h *Handler) updateRole(w http.ResponseWriter, r *http.Request) error {
	var p access.RolePatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	role, err := h.svc.Access.UpdateRole(r.Context(), actor(r), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, role)
}

func (h *Handler) deleteRole(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.Access.DeleteRole(r.Context(), actor(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *Handler) createHotel(w http.ResponseWriter, r *http.Request) error {
	var in property.HotelInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	hotel, err := h.svc.Property.CreateHotel(r.Context(), actor(r), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, hotel)
}

func (h *Handler) getHotel(w http.ResponseWriter, r *http.Request) error {
	hotel, err := h.svc.Property.GetHotel(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, hotel)
}

func (h *Handler) updateHotel(w http.ResponseWriter, r *http.Request) error {
	var p property.HotelPatch
	if err := decodeJSON(r, &p); err != nil {
		return err
	}
	hotel, err := h.svc.Property.UpdateHotel(r.Context(), actor(r), r.PathValue("id"), p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, hotel)
}

// auditFilter reads the audit filters from the query string.
func auditFilter(r *http.Request) (audit.Filter, error) {
	q := r.URL.Query()
	f := audit.Filter{User: q.Get("user"), Action: q.Get("action"), Entity: q.Get("entity"), Before: q.Get("before")}
	var err error
	if f.From, err = parseWhen(q.Get("from"), false); err != nil {
		return f, err
	}
	if f.To, err = parseWhen(q.Get("to"), true); err != nil {
		return f, err
	}
	if l := q.Get("limit"); l != "" {
		if f.Limit, err = strconv.Atoi(l); err != nil || f.Limit < 1 {
			return f, app.Errorf(app.EINVALID, "limit must be a positive whole number")
		}
	}
	return f, nil
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
		return time.Time{}, app.Errorf(app.EINVALID, "%q is neither a date (2026-12-01) nor an RFC 3339 time", s)
	}
	return t.UTC(), nil
}

func (h *Handler) listAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	page, err := h.svc.Audit.List(r.Context(), actor(r), f)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, page)
}

func (h *Handler) exportAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r)
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

func (h *Handler) verifyAudit(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.svc.Audit.Verify(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}
