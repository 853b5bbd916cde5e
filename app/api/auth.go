package api

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"

	"innkeep/app"
	"innkeep/app/access"
)

// SessionCookie is the name of the cookie that carries a browser's session
// token.
const SessionCookie = "innkeep_session"

// CSRFHeader carries the session's CSRF token on state-changing requests
// that are authenticated by the cookie.
const CSRFHeader = "X-CSRF-Token"

// authInfo is what guard learned about the caller of a request.
type authInfo struct {
	token string // the session token
	csrf  string // the session's CSRF token
}

type authKey struct{}

// guard admits r to rt or returns the error to answer with: 403 before
// setup, 401 without a valid session, 403 for a failed Origin or CSRF
// check, a pending password change or a missing permission. It returns the
// request with the actor in its context.
func (h *Handler) guard(w http.ResponseWriter, r *http.Request, rt Route) (*http.Request, error) {
	if !rt.BeforeSetup {
		needed, err := h.svc.Setup.NeedsSetup()
		if err != nil {
			return r, err
		}
		if needed {
			return r, app.E(app.EFORBIDDEN, "api.not_set_up", "Innkeep is not set up yet")
		}
	}
	if changesState(r.Method) && !sameOrigin(r) {
		return r, app.E(app.EFORBIDDEN, "api.cross_site", "the request comes from another site")
	}
	if rt.Permission == PermPublic {
		return r, nil
	}
	token, byCookie := sessionToken(r)
	if token == "" {
		return r, app.E(app.EUNAUTHORIZED, "api.sign_in_first", "sign in first")
	}
	a, csrf, err := h.svc.Access.Authenticate(r.Context(), token, clientOf(r))
	if err != nil {
		if app.ErrorCode(err) == app.EUNAUTHORIZED && byCookie {
			clearSessionCookie(w, r)
		}
		return r, err
	}
	if byCookie && changesState(r.Method) && !access.CheckCSRF(csrf, r.Header.Get(CSRFHeader)) {
		return r, app.E(app.EFORBIDDEN, "api.csrf_missing", "the request lacks this session's CSRF token (header {header})", "header", CSRFHeader)
	}
	if a.MustChangePassword && !rt.DuringPasswordChange {
		return r, app.E(app.EFORBIDDEN, "api.change_password_first", "change your password first")
	}
	if rt.Permission != PermSignedIn {
		if err := a.Require(app.Permission(rt.Permission)); err != nil {
			return r, err
		}
	}
	ctx := app.WithActor(r.Context(), a)
	ctx = context.WithValue(ctx, authKey{}, authInfo{token: token, csrf: csrf})
	return r.WithContext(ctx), nil
}

// actor returns the actor that guard put in the request's context, or the
// anonymous actor of a public route.
func actor(r *http.Request) app.Actor {
	if a, ok := app.ActorFrom(r.Context()); ok {
		return a
	}
	return app.Actor{Address: clientOf(r).Address}
}

func auth(r *http.Request) authInfo {
	ai, _ := r.Context().Value(authKey{}).(authInfo)
	return ai
}

func changesState(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}

// sameOrigin reports whether a browser request comes from this server's
// own pages. Requests without an Origin header (scripts, the desktop
// window on some platforms) pass unless Sec-Fetch-Site says otherwise; the
// CSRF token guards cookie sessions in any case.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" && site != "none" {
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if u.Scheme == "wails" { // the desktop window's own pages
		return true
	}
	return strings.EqualFold(u.Host, r.Host)
}

// sessionToken returns the session token of r from the Authorization
// header (preferred) or the cookie, and whether it came from the cookie.
func sessionToken(r *http.Request) (token string, byCookie bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		if t, ok := strings.CutPrefix(h, "Bearer "); ok {
			return strings.TrimSpace(t), false
		}
		return "", false
	}
	if c, err := r.Cookie(SessionCookie); err == nil {
		return c.Value, true
	}
	return "", false
}

// clientOf describes the client of r: its IP address and user agent. The
// address is written one way for one peer (an IPv4 address arriving as
// IPv4-mapped IPv6 as plain IPv4, without an IPv6 zone), as app/lan counts
// connections, so that the sign-in throttle sees one peer as one address.
func clientOf(r *http.Request) app.Client {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		host = ip.Unmap().WithZone("").String()
	}
	return app.Client{Address: host, UserAgent: r.UserAgent()}
}

func setSessionCookie(w http.ResponseWriter, r *http.Request, token string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: maxAge})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: -1})
}
