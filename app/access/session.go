package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"innkeep/app"
	"innkeep/store"
	"slices"
	"strings"
	"time"
)

// SessionConfig bounds the life of sessions.
type SessionConfig struct {
	Idle time.Duration // ends a session unused this long; default 30 minutes
	Max  time.Duration // ends a session this long after sign-in; default 12 hours
}

// Default session limits and sign-in throttles.
const (
	DefaultSessionIdle = 30 * time.Minute
	DefaultSessionMax  = 12 * time.Hour

	// LockoutFailures failed sign-ins in a row lock a username for
	// LockoutPeriod, whether or not it exists.
	LockoutFailures = 5
	LockoutPeriod   = 15 * time.Minute
	// AddressFailures failed sign-ins from one address within
	// AddressWindow, across any usernames, slow that address down.
	AddressFailures = 20
	AddressWindow   = 15 * time.Minute

	// touchEvery bounds how often a session's last use is written.
	touchEvery = time.Minute
)

func (c SessionConfig) idle() time.Duration {
	if c.Idle > 0 {
		return c.Idle
	}
	return DefaultSessionIdle
}

func (c SessionConfig) max() time.Duration {
	if c.Max > 0 {
		return c.Max
	}
	return DefaultSessionMax
}

// Local spaces of this desk (never replicated).
const (
	sessionSpace = "session" // token hash -> session
	signinSpace  = "signin"  // "user:NAME" or "addr:IP" -> counter
)

// session is a sign-in session as this desk keeps it, under the SHA-256 of
// its token. The token itself is never stored.
type session struct {
	ID         string    `json:"id"`
	UserID     string    `json:"user_id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeen   time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	CSRF       string    `json:"csrf"`
	Address    string    `json:"address"`
	UserAgent  string    `json:"user_agent"`
	MustChange bool      `json:"must_change_password"`
}

// SessionView is a session as its owner sees it.
type SessionView struct {
	ID         string    `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	Address    string    `json:"address"`
	UserAgent  string    `json:"user_agent"`
	Current    bool      `json:"current"`
}

// Me is the signed-in user as the UI sees them.
type Me struct {
	UserView
	CSRFToken string `json:"csrf_token"`
}

// LoginResult is what a successful sign-in returns. Token is shown once.
type LoginResult struct {
	Token              string    `json:"token"`
	CSRFToken          string    `json:"csrf_token"`
	ExpiresAt          time.Time `json:"expires_at"`
	IdleTimeoutSeconds int       `json:"idle_timeout_seconds"`
	MustChangePassword bool      `json:"must_change_password"`
	User               Me        `json:"user"`
}

// counter counts failed sign-ins of a username or an address.
type counter struct {
	Failures    int       `json:"failures"`
	Since       time.Time `json:"since"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

func randomToken() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func tokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// errSignIn is the one answer to every failed sign-in: it never tells
// whether the username exists or is locked.
func errSignIn() error {
	return app.E(app.EUNAUTHORIZED, "access.sign_in_failed", "Invalid username or password, or the account is locked for a while.")
}

// Login checks a username and password and opens a session. Wrong
// credentials, unknown, disabled and locked users all get the same
// EUNAUTHORIZED; LockoutFailures failures in a row lock the username for
// LockoutPeriod. An address with AddressFailures failures within
// AddressWindow gets ERATELIMITED until the window passes; RetryAfter
// tells how long. Every attempt is audited.
func (s *Service) Login(ctx context.Context, username, password string, c app.Client) (LoginResult, error) {
	now := s.Now()
	name := app.FoldKey(username)
	if name == "" || len(name) > 64 {
		return LoginResult{}, errSignIn()
	}
	attempt := app.Actor{Username: name, Address: c.Address}

	var u User
	var found, locked bool
	err := s.DB.View(func(tx *store.Tx) error {
		var addr counter
		if ok, err := app.GetLocal(tx, signinSpace, "addr:"+c.Address, &addr); err != nil {
			return err
		} else if ok && addr.Failures >= AddressFailures && now.Before(addr.Since.Add(AddressWindow)) {
			return &RateLimitError{RetryAfter: addr.Since.Add(AddressWindow).Sub(now)}
		}
		var uc counter
		if _, err := app.GetLocal(tx, signinSpace, "user:"+name, &uc); err != nil {
			return err
		}
		locked = now.Before(uc.LockedUntil)
		var err error
		u, err = userByName(tx, name)
		if err == nil {
			found = true
		} else if app.ErrorCode(err) != app.ENOTFOUND {
			return err
		}
		return nil
	})
	if err != nil {
		return LoginResult{}, err
	}

	// Hash whatever happens, so that timing tells nothing.
	hash := dummyHash
	if found {
		hash = u.PasswordHash
	}
	ok, err := VerifyPassword(hash, password)
	if err != nil {
		return LoginResult{}, err
	}
	if !ok && found && u.MustChangePassword {
		ok, _ = VerifyPassword(hash, strings.ToUpper(strings.TrimSpace(password)))
	}
	if !ok || !found || locked || u.Status != UserActive {
		reason := "wrong password"
		switch {
		case locked:
			reason = "locked"
		case !found:
			reason = "unknown user"
		case ok:
			reason = "disabled"
		}
		if err := s.failLogin(name, c, now, found, u.ID, reason, locked); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, errSignIn()
	}

	token := randomToken()
	se := session{ID: randomToken()[:16], UserID: u.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(s.Sessions.max()),
		CSRF: randomToken(), Address: c.Address, UserAgent: app.Truncate(c.UserAgent, 256), MustChange: u.MustChangePassword}
	actor := attempt
	actor.UserID, actor.Username, actor.SessionID = u.ID, u.Username, se.ID
	err = s.DB.Update(actor.String(), func(tx *store.Tx) error {
		if err := app.PutLocal(tx, sessionSpace, tokenKey(token), se); err != nil {
			return err
		}
		if err := tx.LocalDelete(signinSpace, "user:"+name); err != nil {
			return err
		}
		return s.Audit.Record(tx, actor, "session.login", "session", se.ID, nil, map[string]any{"address": c.Address, "user_agent": se.UserAgent})
	})
	if err != nil {
		return LoginResult{}, err
	}
	return LoginResult{Token: token, CSRFToken: se.CSRF, ExpiresAt: se.ExpiresAt, IdleTimeoutSeconds: int(s.Sessions.idle() / time.Second),
		MustChangePassword: se.MustChange, User: Me{UserView: s.ViewOf(u), CSRFToken: se.CSRF}}, nil
}

// failLogin counts a failed sign-in against the username and the address,
// locks the username at the threshold, and audits both.
func (s *Service) failLogin(name string, c app.Client, now time.Time, found bool, userID, reason string, locked bool) error {
	attempt := app.Actor{Username: name, Address: c.Address}
	if found {
		attempt.UserID = userID
	}
	return s.DB.Update(attempt.String(), func(tx *store.Tx) error {
		var addr counter
		if _, err := app.GetLocal(tx, signinSpace, "addr:"+c.Address, &addr); err != nil {
			return err
		}
		if !now.Before(addr.Since.Add(AddressWindow)) {
			addr = counter{Since: now}
		}
		addr.Failures++
		if err := app.PutLocal(tx, signinSpace, "addr:"+c.Address, addr); err != nil {
			return err
		}
		var uc counter
		if _, err := app.GetLocal(tx, signinSpace, "user:"+name, &uc); err != nil {
			return err
		}
		if uc.Failures == 0 {
			uc.Since = now
		}
		uc.Failures++
		lockNow := !locked && uc.Failures >= LockoutFailures
		if lockNow {
			uc.LockedUntil = now.Add(LockoutPeriod)
			uc.Failures = 0
		}
		if err := app.PutLocal(tx, signinSpace, "user:"+name, uc); err != nil {
			return err
		}
		if err := s.Audit.Record(tx, attempt, "session.login_failed", "session", "", nil, map[string]any{"reason": reason}); err != nil {
			return err
		}
		if lockNow {
			return s.Audit.Record(tx, attempt, "session.lockout", "user", userID, nil, map[string]any{"locked_until": uc.LockedUntil, "username": name})
		}
		return nil
	})
}

// RateLimitError is an ERATELIMITED error that says when to try again. Its
// message is an *app.Error with a key and the minutes to wait as a
// parameter, reached by errors.As through Unwrap, so that the edges can
// show it in the reader's language.
type RateLimitError struct {
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string { return "rate limited: " + e.ErrorMessage() }

func (e *RateLimitError) ErrorCode() string { return app.ERATELIMITED }

func (e *RateLimitError) ErrorMessage() string { return e.message().Message }

// Unwrap returns the message of e as an *app.Error (code ERATELIMITED).
func (e *RateLimitError) Unwrap() error { return e.message() }

func (e *RateLimitError) message() *app.Error {
	return app.E(app.ERATELIMITED, "access.too_many_sign_ins", "Too many failed sign-ins from this computer; try again in {minutes} minutes.",
		"minutes", int(e.RetryAfter.Minutes())+1)
}

// Authenticate returns the actor of a session token. Unknown, expired and
// idle sessions, and sessions of disabled users, answer EUNAUTHORIZED (and
// an ended session is removed).
func (s *Service) Authenticate(ctx context.Context, token string, c app.Client) (app.Actor, string, error) {
	now := s.Now()
	key := tokenKey(token)
	ended := app.E(app.EUNAUTHORIZED, "access.session_ended", "your session has ended; sign in again")
	var se session
	var u User
	var a app.Actor
	var expired bool
	err := s.DB.View(func(tx *store.Tx) error {
		ok, err := app.GetLocal(tx, sessionSpace, key, &se)
		if err != nil || !ok {
			return app.FirstErr(err, ended)
		}
		if !now.Before(se.ExpiresAt) || !now.Before(se.LastSeen.Add(s.Sessions.idle())) {
			expired = true
			return nil
		}
		u, err = Users.Get(tx, se.UserID)
		if err != nil || u.Status != UserActive {
			expired = app.ErrorCode(err) == app.ENOTFOUND || err == nil
			return app.FirstErr(err, nil)
		}
		perms, err := permissionsOf(tx, u.Roles)
		if err != nil {
			return err
		}
		a = app.Actor{UserID: u.ID, Username: u.Username, Address: c.Address, SessionID: se.ID, Perms: perms, Hotels: u.Hotels, MustChangePassword: se.MustChange}
		return nil
	})
	if err != nil {
		return app.Actor{}, "", err
	}
	if expired {
		_ = s.DB.Update("system", func(tx *store.Tx) error { return tx.LocalDelete(sessionSpace, key) })
		return app.Actor{}, "", ended
	}
	if now.Sub(se.LastSeen) >= touchEvery {
		se.LastSeen = now
		err := s.DB.Update(a.String(), func(tx *store.Tx) error {
			if tx.LocalGet(sessionSpace, key) == nil {
				return ended // signed out meanwhile
			}
			return app.PutLocal(tx, sessionSpace, key, se)
		})
		if err != nil {
			return app.Actor{}, "", err
		}
	}
	return a, se.CSRF, nil
}

// CheckCSRF reports whether got is the CSRF token of the session.
func CheckCSRF(want, got string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, a app.Actor, token string) error {
	return s.DB.Update(a.String(), func(tx *store.Tx) error {
		if err := tx.LocalDelete(sessionSpace, tokenKey(token)); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "session.logout", "session", a.SessionID, nil, nil)
	})
}

// endSessions removes every session of user id except the one with public
// id except.
func (s *Service) endSessions(tx *store.Tx, userID, except string) error {
	var keys []string
	err := tx.LocalScan(sessionSpace, "", func(k string, v []byte) error {
		var se session
		if json.Unmarshal(v, &se) == nil && se.UserID == userID && se.ID != except {
			keys = append(keys, k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := tx.LocalDelete(sessionSpace, k); err != nil {
			return err
		}
	}
	return nil
}

// Me returns the signed-in user with the session's CSRF token.
func (s *Service) Me(ctx context.Context, a app.Actor, csrf string) (Me, error) {
	var u User
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		u, err = Users.Get(tx, a.UserID)
		return app.NotFound(err, "user", a.UserID)
	})
	return Me{UserView: s.ViewOf(u), CSRFToken: csrf}, err
}

// MyPermissions returns what the actor may do.
func (s *Service) MyPermissions(a app.Actor) ([]app.Permission, app.HotelScope) {
	if a.MustChangePassword {
		return []app.Permission{}, a.Hotels
	}
	return a.Perms.Sorted(), a.Hotels
}

// MySessions lists the actor's open sessions on this desk, newest first.
func (s *Service) MySessions(ctx context.Context, a app.Actor) ([]SessionView, error) {
	now := s.Now()
	out := []SessionView{}
	err := s.DB.View(func(tx *store.Tx) error {
		return tx.LocalScan(sessionSpace, "", func(_ string, v []byte) error {
			var se session
			if json.Unmarshal(v, &se) != nil || se.UserID != a.UserID {
				return nil
			}
			if !now.Before(se.ExpiresAt) || !now.Before(se.LastSeen.Add(s.Sessions.idle())) {
				return nil
			}
			out = append(out, SessionView{ID: se.ID, CreatedAt: se.CreatedAt, LastSeenAt: se.LastSeen, ExpiresAt: se.ExpiresAt,
				Address: se.Address, UserAgent: se.UserAgent, Current: se.ID == a.SessionID})
			return nil
		})
	})
	slices.SortFunc(out, func(x, y SessionView) int { return y.CreatedAt.Compare(x.CreatedAt) })
	return out, err
}

// EndMySession ends one of the actor's own sessions by its public id.
func (s *Service) EndMySession(ctx context.Context, a app.Actor, id string) error {
	return s.DB.Update(a.String(), func(tx *store.Tx) error {
		var key string
		err := tx.LocalScan(sessionSpace, "", func(k string, v []byte) error {
			var se session
			if json.Unmarshal(v, &se) == nil && se.UserID == a.UserID && se.ID == id {
				key = k
			}
			return nil
		})
		if err != nil {
			return err
		}
		if key == "" {
			return app.E(app.ENOTFOUND, "access.session_not_found", "session \"{id}\" not found", "id", id)
		}
		if err := tx.LocalDelete(sessionSpace, key); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "session.end", "session", id, nil, nil)
	})
}

// ChangePassword sets a new password for the actor after checking the
// current one (or the one-time code after a reset), and ends the actor's
// other sessions.
func (s *Service) ChangePassword(ctx context.Context, a app.Actor, current, next string) error {
	var u User
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		u, err = Users.Get(tx, a.UserID)
		return app.NotFound(err, "user", a.UserID)
	})
	if err != nil {
		return err
	}
	ok, err := VerifyPassword(u.PasswordHash, current)
	if err == nil && !ok && u.MustChangePassword {
		ok, err = VerifyPassword(u.PasswordHash, strings.ToUpper(strings.TrimSpace(current)))
	}
	if err != nil {
		return err
	}
	if !ok {
		return app.E(app.EINVALID, "access.wrong_current_password", "the current password is wrong")
	}
	if current == next {
		return app.E(app.EINVALID, "access.password_unchanged", "the new password must differ from the current one")
	}
	if err := CheckPasswordPolicy(u.Username, next); err != nil {
		return err
	}
	hash, err := HashPassword(next, DefaultArgon2)
	if err != nil {
		return err
	}
	return s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := Users.Get(tx, a.UserID)
		if err != nil {
			return app.NotFound(err, "user", a.UserID)
		}
		after := before
		after.PasswordHash, after.MustChangePassword, after.UpdatedAt = hash, false, s.Now()
		if err := Users.Put(tx, a.UserID, after); err != nil {
			return err
		}
		if err := s.endSessions(tx, a.UserID, a.SessionID); err != nil {
			return err
		}
		if err := s.clearMustChange(tx, a.SessionID); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "user.change_password", "user", a.UserID, before, after)
	})
}

// clearMustChange lifts the password-change restriction of the session
// with public id.
func (s *Service) clearMustChange(tx *store.Tx, id string) error {
	var key string
	var found session
	err := tx.LocalScan(sessionSpace, "", func(k string, v []byte) error {
		var se session
		if json.Unmarshal(v, &se) == nil && se.ID == id {
			key, found = k, se
		}
		return nil
	})
	if err != nil || key == "" {
		return err
	}
	found.MustChange = false
	return app.PutLocal(tx, sessionSpace, key, found)
}
