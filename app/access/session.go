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

	// MinSessionIdle and MinSessionMax are the shortest session limits
	// that may be configured.
	MinSessionIdle = time.Minute
	MinSessionMax  = time.Minute

	// touchEvery bounds how often a session's last use is written.
	touchEvery = time.Minute
)

// Validate returns EINVALID for limits that cannot be meant: an idle limit
// under MinSessionIdle, an absolute limit under MinSessionMax, or an idle
// limit longer than the absolute one. Zero values stand for the defaults.
func (c SessionConfig) Validate() error {
	if c.Idle != 0 && c.Idle < MinSessionIdle {
		return app.E(app.EINVALID, "access.session_idle_too_short", "the idle limit of sessions must be at least {min} (got {value})", "min", MinSessionIdle.String(), "value", c.Idle.String())
	}
	if c.Max != 0 && c.Max < MinSessionMax {
		return app.E(app.EINVALID, "access.session_max_too_short", "the absolute limit of sessions must be at least {min} (got {value})", "min", MinSessionMax.String(), "value", c.Max.String())
	}
	if c.idle() > c.max() {
		return app.E(app.EINVALID, "access.session_idle_over_max", "the idle limit of sessions ({idle}) is longer than their absolute limit ({max})", "idle", c.idle().String(), "max", c.max().String())
	}
	return nil
}

// touchEvery returns how often a session's last use is written to the
// store: a quarter of the idle limit, at most touchEvery. Between writes
// the service keeps the last use in memory, so that idle time is measured
// exactly while it runs; after a restart a session may end up to a quarter
// of the idle limit early.
func (c SessionConfig) touchEvery() time.Duration {
	return min(touchEvery, c.idle()/4)
}

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
// EUNAUTHORIZED, after the same work (one argon2 run). An address with
// AddressFailures failures within AddressWindow gets ERATELIMITED until the
// window passes (RateLimitError tells how long), without any hashing. When
// too many passwords are being checked at once it returns a BusyError
// (EUNAVAILABLE) and counts nothing. Every other attempt is audited.
//
// Each attempt is counted before its password is checked, in one write
// transaction with the check of the limits, so that attempts made at once
// cannot all pass the limits: at most LockoutFailures guesses of a
// username, and AddressFailures guesses from an address, are ever checked
// against the real hash in a window. The attempt that reaches
// LockoutFailures locks the username for LockoutPeriod unless it is the
// right password; a successful sign-in clears the username's count and
// takes its own attempt off the address's count.
func (s *Service) Login(ctx context.Context, username, password string, c app.Client) (LoginResult, error) {
	name := app.FoldKey(username)
	if name == "" || len(name) > 64 {
		return LoginResult{}, errSignIn()
	}
	// A first look without writing, so that an address over its limit
	// is answered at once instead of queueing for the hasher.
	err := s.DB.View(func(tx *store.Tx) error {
		_, err := addressCount(tx, c.Address, s.Now())
		return err
	})
	if err != nil {
		return LoginResult{}, err
	}

	// One argon2 run on every path: unknown and locked users are checked
	// against a dummy hash, a pending one-time code in its normal form
	// only.
	r, ok, err := s.checkAttempt(ctx, name, c.Address, func(r reservation) (string, string) {
		if !r.check {
			return dummyHash, password
		}
		if r.user.MustChangePassword {
			return r.user.PasswordHash, normalCode(password)
		}
		return r.user.PasswordHash, password
	})
	if err != nil {
		return LoginResult{}, err
	}
	u := r.user
	if ok && r.check && !u.AdminLostAt.IsZero() {
		// The account a merge keeps as administrator signs in (see
		// fallbackAdmin).
		if err := s.DB.View(func(tx *store.Tx) error {
			var err error
			u, err = effective(tx, u)
			return err
		}); err != nil {
			return LoginResult{}, err
		}
	}
	if !ok || !r.check || u.Status != UserActive {
		reason := "wrong password"
		switch {
		case r.locked:
			reason = "locked"
		case !r.found:
			reason = "unknown user"
		case ok:
			reason = "disabled"
		}
		if err := s.failLogin(name, c, r, reason); err != nil {
			return LoginResult{}, err
		}
		return LoginResult{}, errSignIn()
	}

	now := s.Now()
	token := randomToken()
	se := session{ID: randomToken()[:16], UserID: u.ID, CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(s.Sessions.max()),
		CSRF: randomToken(), Address: c.Address, UserAgent: app.Truncate(c.UserAgent, 256), MustChange: u.MustChangePassword}
	actor := app.Actor{Username: name, Address: c.Address}
	actor.UserID, actor.Username, actor.SessionID = u.ID, u.Username, se.ID
	err = s.DB.Update(actor.String(), func(tx *store.Tx) error {
		if err := app.PutLocal(tx, sessionSpace, tokenKey(token), se); err != nil {
			return err
		}
		if err := release(tx, name, c.Address, r); err != nil {
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

// normalCode returns a one-time code as OneTimeCode writes it: without the
// spaces around it, in upper case.
func normalCode(code string) string { return strings.ToUpper(strings.TrimSpace(code)) }

// reservation is a sign-in attempt as it was counted before its password
// was checked.
type reservation struct {
	user        User
	found       bool      // the username exists
	locked      bool      // the username was locked: the password is not checked
	check       bool      // check the password against the user's hash
	lockedNow   bool      // this attempt reached LockoutFailures and locked the username
	lockedUntil time.Time // the lock this attempt set
	addrSince   time.Time // the start of the address's window this attempt was counted in
}

// addressCount returns the address's failure counter for now (a fresh one
// when its window has passed), or a RateLimitError when the address has
// used up its failures.
func addressCount(tx *store.Tx, address string, now time.Time) (counter, error) {
	var addr counter
	if _, err := app.GetLocal(tx, signinSpace, "addr:"+address, &addr); err != nil {
		return addr, err
	}
	if !now.Before(addr.Since.Add(AddressWindow)) {
		addr = counter{Since: now}
	}
	if addr.Failures >= AddressFailures {
		return addr, &RateLimitError{RetryAfter: addr.Since.Add(AddressWindow).Sub(now)}
	}
	return addr, nil
}

// reserve counts a sign-in attempt of the username name from address as a
// failure before its password is checked, in one write transaction, and
// says whether the password may be checked. It returns a RateLimitError
// when the address has used up its failures (and counts nothing then).
func (s *Service) reserve(name, address string, now time.Time) (reservation, error) {
	var r reservation
	err := s.DB.Update("system", func(tx *store.Tx) error {
		r = reservation{}
		addr, err := addressCount(tx, address, now)
		if err != nil {
			return err
		}
		addr.Failures++
		r.addrSince = addr.Since
		if err := app.PutLocal(tx, signinSpace, "addr:"+address, addr); err != nil {
			return err
		}
		var uc counter
		if _, err := app.GetLocal(tx, signinSpace, "user:"+name, &uc); err != nil {
			return err
		}
		if !uc.LockedUntil.IsZero() && !now.Before(uc.LockedUntil) {
			uc = counter{} // a lock that has passed starts the count anew
		}
		r.locked = now.Before(uc.LockedUntil)
		if !r.locked {
			if uc.Failures == 0 {
				uc.Since = now
			}
			uc.Failures++
			if uc.Failures >= LockoutFailures {
				uc.Failures = 0
				uc.LockedUntil = now.Add(LockoutPeriod)
				r.lockedNow, r.lockedUntil = true, uc.LockedUntil
			}
			if err := app.PutLocal(tx, signinSpace, "user:"+name, uc); err != nil {
				return err
			}
		}
		r.user, err = userByName(tx, name)
		switch {
		case err == nil:
			r.found = true
		case app.ErrorCode(err) != app.ENOTFOUND:
			return err
		}
		r.check = r.found && !r.locked
		return nil
	})
	return r, err
}

// failLogin audits a failed sign-in, and the lockout when the attempt set
// one that still stands (a right password given at the same time may have
// lifted it).
func (s *Service) failLogin(name string, c app.Client, r reservation, reason string) error {
	attempt := app.Actor{Username: name, Address: c.Address}
	if r.found {
		attempt.UserID = r.user.ID
	}
	return s.DB.Update(attempt.String(), func(tx *store.Tx) error {
		if err := s.Audit.Record(tx, attempt, "session.login_failed", "session", "", nil, map[string]any{"reason": reason}); err != nil {
			return err
		}
		if !r.lockedNow {
			return nil
		}
		var uc counter
		if _, err := app.GetLocal(tx, signinSpace, "user:"+name, &uc); err != nil {
			return err
		}
		if !uc.LockedUntil.Equal(r.lockedUntil) {
			return nil
		}
		return s.Audit.Record(tx, attempt, "session.lockout", "user", r.user.ID, nil, map[string]any{"locked_until": r.lockedUntil, "username": name})
	})
}

// checkAttempt checks a password for the username name from address: it
// takes a slot of the hasher (so that an attempt that finds the hasher
// busy counts for nothing), counts the attempt (reserve), then runs argon2
// once on the hash and candidate that pick returns for the reservation.
// The slot is given back on every path.
func (s *Service) checkAttempt(ctx context.Context, name, address string, pick func(reservation) (hash, candidate string)) (reservation, bool, error) {
	free, err := s.Hasher.acquire(ctx)
	if err != nil {
		return reservation{}, false, err
	}
	defer free()
	r, err := s.reserve(name, address, s.Now())
	if err != nil {
		return r, false, err
	}
	hash, candidate := pick(r)
	var ok bool
	s.Hasher.argon2(func() { ok, err = VerifyPassword(hash, candidate) })
	return r, ok, err
}

// release undoes what reserve counted for an attempt whose password was
// right: the username's failures are cleared, and the address's count
// loses this attempt (when its window is still the one it was counted in).
func release(tx *store.Tx, name, address string, r reservation) error {
	if err := tx.LocalDelete(signinSpace, "user:"+name); err != nil {
		return err
	}
	var addr counter
	if ok, err := app.GetLocal(tx, signinSpace, "addr:"+address, &addr); err != nil {
		return err
	} else if ok && addr.Failures > 0 && addr.Since.Equal(r.addrSince) {
		addr.Failures--
		return app.PutLocal(tx, signinSpace, "addr:"+address, addr)
	}
	return nil
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

// RetryAfterSeconds returns the whole seconds to wait, at least 1.
func (e *RateLimitError) RetryAfterSeconds() int {
	return max(1, int((e.RetryAfter+time.Second-1)/time.Second))
}

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
		if !now.Before(se.ExpiresAt) || !now.Before(s.lastSeen(key, se.LastSeen).Add(s.Sessions.idle())) {
			expired = true
			return nil
		}
		u, err = Users.Get(tx, se.UserID)
		if err == nil {
			u, err = effective(tx, u)
		}
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
		s.forget(key)
		_ = s.DB.Update("system", func(tx *store.Tx) error { return tx.LocalDelete(sessionSpace, key) })
		return app.Actor{}, "", ended
	}
	s.used(key, now)
	if now.Sub(se.LastSeen) >= s.Sessions.touchEvery() {
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

// lastSeen returns the last use of the session with token hash key: the
// later of stored (what the store holds) and what this process saw.
func (s *Service) lastSeen(key string, stored time.Time) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.lastUse[key]; ok && t.After(stored) {
		return t
	}
	return stored
}

// used notes that the session with token hash key was used at now. Entries
// of sessions idle past the limit are dropped as the map grows.
func (s *Service) used(key string, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastUse == nil {
		s.lastUse = map[string]time.Time{}
	}
	if len(s.lastUse) >= 1024 {
		for k, t := range s.lastUse {
			if !now.Before(t.Add(s.Sessions.idle())) {
				delete(s.lastUse, k)
			}
		}
	}
	s.lastUse[key] = now
}

// forget drops what this process saw of the session with token hash key.
func (s *Service) forget(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.lastUse, key)
}

// CheckCSRF reports whether got is the CSRF token of the session.
func CheckCSRF(want, got string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, a app.Actor, token string) error {
	s.forget(tokenKey(token))
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
		return tx.LocalScan(sessionSpace, "", func(k string, v []byte) error {
			var se session
			if json.Unmarshal(v, &se) != nil || se.UserID != a.UserID {
				return nil
			}
			se.LastSeen = s.lastSeen(k, se.LastSeen)
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
	if current == "" {
		// Not a guess: nothing to count.
		return app.E(app.EINVALID, "access.current_password_missing", "enter the current password")
	}
	if u.MustChangePassword {
		current = normalCode(current)
	}
	// The current password is guessed no faster here than at sign-in: the
	// attempt is counted against the username and the address before it
	// is checked, and wrong ones lock the username like wrong sign-ins.
	// A right one is uncounted at once, whatever becomes of the change.
	name := app.FoldKey(u.Username)
	var checked string // the hash the current password was checked against
	r, ok, err := s.checkAttempt(ctx, name, a.Address, func(r reservation) (string, string) {
		if r.check && r.user.ID == u.ID {
			checked = r.user.PasswordHash
			return checked, current
		}
		return dummyHash, current
	})
	if err != nil {
		return err
	}
	if !ok || checked == "" {
		if err := s.failLogin(name, app.Client{Address: a.Address}, r, "wrong current password"); err != nil {
			return err
		}
		if r.locked || r.lockedNow {
			return app.E(app.EINVALID, "access.password_change_locked",
				"too many wrong passwords: the account is locked for {minutes} minutes; sign-in is locked too", "minutes", int(LockoutPeriod/time.Minute))
		}
		return app.E(app.EINVALID, "access.wrong_current_password", "the current password is wrong")
	}
	if err := s.DB.Update("system", func(tx *store.Tx) error { return release(tx, name, a.Address, r) }); err != nil {
		return err
	}
	if current == next {
		return app.E(app.EINVALID, "access.password_unchanged", "the new password must differ from the current one")
	}
	if err := s.CheckPassword(ctx, u.Username, next); err != nil {
		return err
	}
	hash, err := s.Hasher.Hash(ctx, next)
	if err != nil {
		return err
	}
	return s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := Users.Get(tx, a.UserID)
		if err != nil {
			return app.NotFound(err, "user", a.UserID)
		}
		if before.PasswordHash != checked {
			// Reset or changed since the current password was checked.
			return app.E(app.ECONFLICT, "access.password_changed_meanwhile", "the password was changed or reset meanwhile; nothing was changed")
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
