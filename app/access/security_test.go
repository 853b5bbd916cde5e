package access_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/apptest"
	"innkeep/app/property"
	"innkeep/app/setup"
)

const adminPassword = "correct horse battery"

// newKit sets up a desk with the admin alice and returns it with the
// admin signed in.
func newKit(t *testing.T, o apptest.Options) (*apptest.Kit, app.Actor) {
	t.Helper()
	k := apptest.NewDesk(t, o)
	ctx := context.Background()
	if _, err := k.Setup.Setup(ctx, setup.SetupInput{
		Hotel: property.HotelInput{Name: "Harbour Inn", TimeZone: "UTC", Currency: "EUR"},
		Admin: access.UserInput{Username: "alice", Password: adminPassword},
	}, app.Client{Address: "10.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	res, err := k.Access.Login(ctx, "alice", adminPassword, app.Client{Address: "10.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := k.Access.Authenticate(ctx, res.Token, app.Client{Address: "10.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	return k, a
}

func TestSecuritySignInDoesTheSameWorkOnEveryPath(t *testing.T) {
	k, admin := newKit(t, apptest.Options{})
	ctx := context.Background()
	for _, name := range []string{"bob", "carol", "dave", "erin"} {
		if _, err := k.Access.CreateUser(ctx, admin, access.UserInput{Username: name, Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: "staff passphrase 2026"}); err != nil {
			t.Fatal(err)
		}
	}
	carol, _ := findUser(t, k, admin, "carol")
	if _, err := k.Access.SetUserStatus(ctx, admin, carol, access.UserDisabled); err != nil {
		t.Fatal(err)
	}
	dave, _ := findUser(t, k, admin, "dave")
	code, err := k.Access.ResetPassword(ctx, admin, dave)
	if err != nil {
		t.Fatal(err)
	}
	for range access.LockoutFailures {
		_, _ = k.Access.Login(ctx, "erin", "not the password", app.Client{Address: "10.0.0.9"})
	}

	var runs atomic.Int32
	k.Access.Hasher.Observe(func(int) { runs.Add(1) })
	paths := []struct {
		name, user, password string
		ok                   bool
	}{
		{"the right password", "bob", "staff passphrase 2026", true},
		{"a wrong password", "bob", "not the password", false},
		{"an unknown username", "nobody", "not the password", false},
		{"a disabled account", "carol", "staff passphrase 2026", false},
		{"a locked account", "erin", "staff passphrase 2026", false},
		{"a pending reset and a wrong code", "dave", "not the code", false},
		{"a pending reset and the code in lower case", "dave", " " + strings.ToLower(code) + " ", true},
	}
	for _, p := range paths {
		t.Run(p.name+" takes one argon2 run", func(t *testing.T) {
			runs.Store(0)
			_, err := k.Access.Login(ctx, p.user, p.password, app.Client{Address: "10.0.0.2"})
			if (err == nil) != p.ok {
				t.Fatalf("err = %v, want success %v", err, p.ok)
			}
			if n := runs.Load(); n != 1 {
				t.Errorf("%d argon2 runs, want 1", n)
			}
		})
	}
}

// findUser returns the id of the user named name.
func findUser(t *testing.T, k *apptest.Kit, a app.Actor, name string) (string, bool) {
	t.Helper()
	users, err := k.Access.ListUsers(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Username == name {
			return u.ID, true
		}
	}
	t.Fatalf("no user %s", name)
	return "", false
}

func TestSecurityEveryArgon2UseWaitsForTheHasher(t *testing.T) {
	k, admin := newKit(t, apptest.Options{})
	ctx := context.Background()
	// One slot, taken by a sign-in held inside its hash: every other use
	// of argon2 waits its short turn and gives up busy.
	h := access.NewHasher(1, 50*time.Millisecond)
	k.Access.Hasher = h
	release := make(chan struct{})
	held := make(chan struct{})
	var once sync.Once
	h.Observe(func(int) { once.Do(func() { close(held) }); <-release })
	done := make(chan error, 1)
	go func() {
		_, err := k.Access.Login(ctx, "alice", adminPassword, app.Client{Address: "10.0.0.1"})
		done <- err
	}()
	select {
	case <-held:
	case <-time.After(time.Minute):
		t.Fatal("the sign-in never reached its hash")
	}
	busy := func(name string, err error) {
		t.Helper()
		var be *access.BusyError
		if !errors.As(err, &be) || app.ErrorCode(err) != app.EUNAVAILABLE || be.RetryAfterSeconds() < 1 {
			t.Errorf("%s while busy: %v, want a BusyError (unavailable)", name, err)
		}
	}
	_, err := k.Access.Login(ctx, "alice", adminPassword, app.Client{Address: "10.0.0.3"})
	busy("sign-in", err)
	_, err = k.Access.CreateUser(ctx, admin, access.UserInput{Username: "bob", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: "staff passphrase 2026"})
	busy("a new user's password", err)
	_, err = k.Access.ResetPassword(ctx, admin, admin.UserID)
	busy("a reset code", err)
	busy("a password change", k.Access.ChangePassword(ctx, admin, adminPassword, "another passphrase 77"))
	close(release)
	if err := <-done; err != nil {
		t.Errorf("the sign-in that held the slot: %v", err)
	}
}

func TestSecurityAShortIdleLimitKeepsAnActiveSessionAndEndsAnIdleOne(t *testing.T) {
	k, _ := newKit(t, apptest.Options{Session: access.SessionConfig{Idle: access.MinSessionIdle, Max: time.Hour}})
	ctx := context.Background()
	c := app.Client{Address: "10.0.0.1"}
	res, err := k.Access.Login(ctx, "alice", adminPassword, c)
	if err != nil {
		t.Fatal(err)
	}
	// Used every two thirds of the idle limit for five minutes: never idle
	// for the limit, so it stays.
	for i := range 8 {
		k.Clock.Add(access.MinSessionIdle * 2 / 3)
		if _, _, err := k.Access.Authenticate(ctx, res.Token, c); err != nil {
			t.Fatalf("use %d, %s after the previous one: %v", i+1, access.MinSessionIdle*2/3, err)
		}
	}
	k.Clock.Add(access.MinSessionIdle)
	if _, _, err := k.Access.Authenticate(ctx, res.Token, c); app.ErrorCode(err) != app.EUNAUTHORIZED {
		t.Errorf("after the idle limit unused: %v, want unauthorized", err)
	}
}

func TestSessionLimitsThatCannotBeMeantAreRefused(t *testing.T) {
	tests := []struct {
		name string
		c    access.SessionConfig
		key  string
	}{
		{"the defaults", access.SessionConfig{}, ""},
		{"a minute idle", access.SessionConfig{Idle: time.Minute}, ""},
		{"a negative idle limit", access.SessionConfig{Idle: -time.Minute}, "access.session_idle_too_short"},
		{"four seconds idle", access.SessionConfig{Idle: 4 * time.Second}, "access.session_idle_too_short"},
		{"a negative absolute limit", access.SessionConfig{Max: -time.Hour}, "access.session_max_too_short"},
		{"idle longer than the absolute limit", access.SessionConfig{Idle: 2 * time.Hour, Max: time.Hour}, "access.session_idle_over_max"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate()
			var e *app.Error
			if tt.key == "" && err != nil || tt.key != "" && (!asAppError(err, &e) || e.Key != tt.key) {
				t.Errorf("Validate() = %v, want %q", err, tt.key)
			}
		})
	}
}

// TestSecurityAResetDuringAPasswordChangeWins: an administrator resets
// bob's password while bob's change, with the old password, is being
// checked; the change must not overwrite the reset (and so lift the
// one-time code) with a password checked against a hash that is gone.
func TestSecurityAResetDuringAPasswordChangeWins(t *testing.T) {
	k, admin := newKit(t, apptest.Options{})
	ctx := context.Background()
	const bobPassword = "staff passphrase 2026"
	if _, err := k.Access.CreateUser(ctx, admin, access.UserInput{Username: "bob", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: bobPassword}); err != nil {
		t.Fatal(err)
	}
	res, err := k.Access.Login(ctx, "bob", bobPassword, app.Client{Address: "10.0.0.2"})
	if err != nil {
		t.Fatal(err)
	}
	bob, _, err := k.Access.Authenticate(ctx, res.Token, app.Client{Address: "10.0.0.2"})
	if err != nil {
		t.Fatal(err)
	}
	// The reset runs while bob's current password is being hashed (the
	// first argon2 run from here on); its own run must not reset again.
	var started atomic.Bool
	var code string
	var resetErr error
	k.Access.Hasher.Observe(func(int) {
		if started.CompareAndSwap(false, true) {
			code, resetErr = k.Access.ResetPassword(ctx, admin, bob.UserID)
		}
	})
	err = k.Access.ChangePassword(ctx, bob, bobPassword, "a brand new passphrase")
	k.Access.Hasher.Observe(nil)
	if resetErr != nil {
		t.Fatal(resetErr)
	}
	if app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("the change after a reset: %v, want conflict", err)
	}
	if _, err := k.Access.Login(ctx, "bob", "a brand new passphrase", app.Client{Address: "10.0.0.2"}); err == nil {
		t.Error("the change overwrote the reset")
	}
	if r, err := k.Access.Login(ctx, "bob", code, app.Client{Address: "10.0.0.2"}); err != nil || !r.MustChangePassword {
		t.Errorf("the one-time code of the reset: %v (must change: %v), want a session that must change the password", err, r.MustChangePassword)
	}
}
