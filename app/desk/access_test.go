package desk_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/apptest"
	"innkeep/app/property"
	"innkeep/app/setup"
)

// testClock is the kit's settable clock, for session expiry and lockouts.
type testClock = apptest.Clock

func newClock() *testClock          { return apptest.NewClock(apptest.Start) }
func client(addr string) app.Client { return app.Client{Address: addr, UserAgent: "test"} }
func mustNot(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
func code(err error) string { return app.ErrorCode(err) }

// newService opens a service on a new data folder with the domain's kinds.
func newService(t *testing.T) (*apptest.Kit, *testClock) {
	t.Helper()
	k := apptest.NewDesk(t, apptest.Options{})
	return k, k.Clock
}

const adminPassword = "correct horse battery"

// setUp runs the first-run setup and signs the admin in.
func setUp(t *testing.T, s *apptest.Kit) (setup.SetupResult, app.Actor) {
	t.Helper()
	res, err := s.Setup.Setup(context.Background(), setup.SetupInput{
		Hotel: property.HotelInput{Name: "Harbour Inn", TimeZone: "Asia/Shanghai", Currency: "cny"},
		Admin: access.UserInput{Username: "alice", DisplayName: "Alice Chen", Email: "alice@example.com", Phone: "+86 138 0000 1234", Password: adminPassword},
	}, client("10.0.0.1"))
	mustNot(t, err)
	return res, signIn(t, s, "alice", adminPassword)
}

func signIn(t *testing.T, s *apptest.Kit, user, pass string) app.Actor {
	t.Helper()
	res, err := s.Access.Login(context.Background(), user, pass, client("10.0.0.1"))
	mustNot(t, err)
	a, _, err := s.Access.Authenticate(context.Background(), res.Token, client("10.0.0.1"))
	mustNot(t, err)
	return a
}

func TestSetupRunsOnceAndMakesTheKey(t *testing.T) {
	s, _ := newService(t)
	needed, _ := s.Setup.NeedsSetup()
	if !needed {
		t.Fatal("a new store does not need setup")
	}
	bad := []struct {
		name string
		in   setup.SetupInput
		want string
	}{
		{"a hotel without a name", setup.SetupInput{Hotel: property.HotelInput{TimeZone: "UTC", Currency: "EUR"}, Admin: access.UserInput{Username: "alice", Password: adminPassword}}, "hotel name"},
		{"an unknown time zone", setup.SetupInput{Hotel: property.HotelInput{Name: "H", TimeZone: "Mars/Olympus", Currency: "EUR"}, Admin: access.UserInput{Username: "alice", Password: adminPassword}}, "time zone"},
		{"an unknown currency", setup.SetupInput{Hotel: property.HotelInput{Name: "H", TimeZone: "UTC", Currency: "XYZ"}, Admin: access.UserInput{Username: "alice", Password: adminPassword}}, "ISO 4217"},
		{"a short password", setup.SetupInput{Hotel: property.HotelInput{Name: "H", TimeZone: "UTC", Currency: "EUR"}, Admin: access.UserInput{Username: "alice", Password: "short"}}, "at least 10"},
		{"a common password", setup.SetupInput{Hotel: property.HotelInput{Name: "H", TimeZone: "UTC", Currency: "EUR"}, Admin: access.UserInput{Username: "alice", Password: "sunshine123"}}, "leaked"},
		{"the username in the password", setup.SetupInput{Hotel: property.HotelInput{Name: "H", TimeZone: "UTC", Currency: "EUR"}, Admin: access.UserInput{Username: "alice", Password: "alice-in-wonderland"}}, "username"},
		{"a bad username", setup.SetupInput{Hotel: property.HotelInput{Name: "H", TimeZone: "UTC", Currency: "EUR"}, Admin: access.UserInput{Username: "A", Password: adminPassword}}, "usernames"},
	}
	for _, tt := range bad {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			_, err := s.Setup.Setup(context.Background(), tt.in, client("x"))
			if code(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), tt.want) {
				t.Fatalf("err = %v, want invalid about %q", err, tt.want)
			}
			if _, err := os.Stat(filepath.Join(s.DataDir, app.KeyFileName)); !os.IsNotExist(err) {
				t.Error("a refused setup left a key file")
			}
			if st, _ := s.DB.Stats(); st.Documents != 0 {
				t.Errorf("a refused setup stored %d documents", st.Documents)
			}
		})
	}
	res, _ := setUp(t, s)
	if len(strings.Split(res.RecoveryPhrase, "-")) != 16 || res.User.Roles[0] != access.RoleSystemAdmin || res.Hotel.Currency != "CNY" {
		t.Errorf("setup result = %+v", res)
	}
	if _, err := os.Stat(filepath.Join(s.DataDir, app.KeyFileName)); err != nil {
		t.Errorf("no key file: %v", err)
	}
	_, err := s.Setup.Setup(context.Background(), setup.SetupInput{Hotel: property.HotelInput{Name: "H", TimeZone: "UTC", Currency: "EUR"},
		Admin: access.UserInput{Username: "mallory", Password: adminPassword}}, client("x"))
	if code(err) != app.ECONFLICT {
		t.Errorf("second setup: %v, want conflict", err)
	}
}

func TestSignInFailuresLookAlikeAndLockTheUsername(t *testing.T) {
	s, clk := newService(t)
	setUp(t, s)
	ctx := context.Background()
	_, err := s.Access.Login(ctx, "alice", "wrong password!", client("10.0.0.2"))
	wrong := app.ErrorMessage(err)
	_, err = s.Access.Login(ctx, "nobody", "wrong password!", client("10.0.0.2"))
	if app.ErrorMessage(err) != wrong || code(err) != app.EUNAUTHORIZED {
		t.Errorf("unknown user: %q, wrong password: %q; they must look alike", app.ErrorMessage(err), wrong)
	}
	for i := 0; i < access.LockoutFailures-1; i++ {
		_, _ = s.Access.Login(ctx, "alice", "wrong password!", client("10.0.0.2"))
	}
	// Locked now: even the right password fails, with the same message.
	_, err = s.Access.Login(ctx, "alice", adminPassword, client("10.0.0.3"))
	if code(err) != app.EUNAUTHORIZED || app.ErrorMessage(err) != wrong {
		t.Fatalf("locked account: %v", err)
	}
	clk.Add(access.LockoutPeriod + time.Second)
	if _, err := s.Access.Login(ctx, "alice", adminPassword, client("10.0.0.3")); err != nil {
		t.Fatalf("after the lockout: %v", err)
	}
}

func TestAnAddressFailingAcrossUsernamesIsSlowedDown(t *testing.T) {
	s, clk := newService(t)
	setUp(t, s)
	ctx := context.Background()
	for i := 0; i < access.AddressFailures; i++ {
		_, _ = s.Access.Login(ctx, "user"+string(rune('a'+i)), "wrong password!", client("10.9.9.9"))
	}
	_, err := s.Access.Login(ctx, "alice", adminPassword, client("10.9.9.9"))
	if code(err) != app.ERATELIMITED {
		t.Fatalf("err = %v, want rate_limited", err)
	}
	if _, err := s.Access.Login(ctx, "alice", adminPassword, client("10.0.0.7")); err != nil {
		t.Errorf("another address is not slowed: %v", err)
	}
	clk.Add(access.AddressWindow)
	if _, err := s.Access.Login(ctx, "alice", adminPassword, client("10.9.9.9")); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

func TestSessionsExpireWhenIdleAndAtTheirLimit(t *testing.T) {
	s, clk := newService(t)
	s.Access.Sessions = access.SessionConfig{Idle: 30 * time.Minute, Max: 2 * time.Hour}
	setUp(t, s)
	ctx := context.Background()
	res, err := s.Access.Login(ctx, "alice", adminPassword, client("a"))
	mustNot(t, err)
	auth := func() error { _, _, err := s.Access.Authenticate(ctx, res.Token, client("a")); return err }

	clk.Add(29 * time.Minute)
	mustNot(t, auth()) // used: the idle clock restarts
	for i := 0; i < 3; i++ {
		clk.Add(29 * time.Minute)
		mustNot(t, auth())
	}
	clk.Add(25 * time.Minute) // 2h02m after sign-in
	if code(auth()) != app.EUNAUTHORIZED {
		t.Error("a session outlived its absolute limit")
	}

	res, err = s.Access.Login(ctx, "alice", adminPassword, client("a"))
	mustNot(t, err)
	clk.Add(31 * time.Minute)
	if code(auth()) != app.EUNAUTHORIZED {
		t.Error("an idle session stayed open")
	}
	if _, _, err := s.Access.Authenticate(ctx, "not-a-token", client("a")); code(err) != app.EUNAUTHORIZED {
		t.Errorf("a made-up token: %v", err)
	}
}

func TestChangingThePasswordEndsOtherSessions(t *testing.T) {
	s, _ := newService(t)
	_, a := setUp(t, s)
	ctx := context.Background()
	other, err := s.Access.Login(ctx, "alice", adminPassword, client("b"))
	mustNot(t, err)
	if err := s.Access.ChangePassword(ctx, a, "not my password", "a new long passphrase"); code(err) != app.EINVALID {
		t.Errorf("wrong current password: %v", err)
	}
	if err := s.Access.ChangePassword(ctx, a, adminPassword, "short"); code(err) != app.EINVALID {
		t.Errorf("short new password: %v", err)
	}
	mustNot(t, s.Access.ChangePassword(ctx, a, adminPassword, "a new long passphrase"))
	if _, _, err := s.Access.Authenticate(ctx, other.Token, client("b")); code(err) != app.EUNAUTHORIZED {
		t.Error("the other session survived the change")
	}
	if _, err := s.Access.Login(ctx, "alice", "a new long passphrase", client("b")); err != nil {
		t.Errorf("sign-in with the new password: %v", err)
	}
}

// TestSecurityTheCurrentPasswordIsGuessedNoFasterThanAtSignIn: someone at a
// signed-in desk left alone cannot try passwords at the password change:
// wrong current passwords count like wrong sign-ins and lock the username,
// after which even the right one changes nothing.
func TestSecurityTheCurrentPasswordIsGuessedNoFasterThanAtSignIn(t *testing.T) {
	s, _ := newService(t)
	_, a := setUp(t, s)
	ctx := context.Background()
	for i := 0; i < access.LockoutFailures; i++ {
		if err := s.Access.ChangePassword(ctx, a, fmt.Sprintf("guess number %d", i), "a new long passphrase"); code(err) != app.EINVALID {
			t.Fatalf("guess %d: %v, want invalid", i, err)
		}
	}
	err := s.Access.ChangePassword(ctx, a, adminPassword, "a new long passphrase")
	var ae *app.Error
	if !errors.As(err, &ae) || ae.Key != "access.password_change_locked" {
		t.Fatalf("the right password after %d wrong ones: %v, want access.password_change_locked", access.LockoutFailures, err)
	}
	if _, err := s.Access.Login(ctx, "alice", adminPassword, client("c")); code(err) != app.EUNAUTHORIZED {
		t.Errorf("sign-in while locked: %v, want unauthorized", err)
	}
	if _, err := s.Access.Login(ctx, "alice", "a new long passphrase", client("c")); err == nil {
		t.Error("the password changed although the account was locked")
	}
}

// TestARightCurrentPasswordClearsTheCount: wrong current passwords short of
// the lockout are forgotten once the right one is given.
func TestARightCurrentPasswordClearsTheCount(t *testing.T) {
	s, _ := newService(t)
	_, a := setUp(t, s)
	ctx := context.Background()
	for i := 0; i < access.LockoutFailures-1; i++ {
		if err := s.Access.ChangePassword(ctx, a, "not my password", "a new long passphrase"); code(err) != app.EINVALID {
			t.Fatalf("guess %d: %v, want invalid", i, err)
		}
	}
	mustNot(t, s.Access.ChangePassword(ctx, a, adminPassword, "a new long passphrase"))
	// A fresh count: one wrong sign-in does not lock the username.
	if _, err := s.Access.Login(ctx, "alice", "wrong again", client("c")); code(err) != app.EUNAUTHORIZED {
		t.Fatalf("wrong sign-in: %v", err)
	}
	if _, err := s.Access.Login(ctx, "alice", "a new long passphrase", client("c")); err != nil {
		t.Errorf("sign-in with the new password after one failure: %v", err)
	}
}

// TestARefusedNewPasswordDoesNotCountAgainstTheAccount: the right current
// password with a new one the policy refuses, again and again, locks
// nothing: only wrong current passwords count.
func TestARefusedNewPasswordDoesNotCountAgainstTheAccount(t *testing.T) {
	s, _ := newService(t)
	_, a := setUp(t, s)
	ctx := context.Background()
	for i := 0; i < 2*access.LockoutFailures; i++ {
		next := "aaaaaaaaaaaa" // refused: a repeat
		if i%2 == 1 {
			next = adminPassword // refused: unchanged
		}
		if err := s.Access.ChangePassword(ctx, a, adminPassword, next); code(err) != app.EINVALID {
			t.Fatalf("try %d: %v, want invalid", i, err)
		}
	}
	mustNot(t, s.Access.ChangePassword(ctx, a, adminPassword, "a new long passphrase"))
	if _, err := s.Access.Login(ctx, "alice", "a new long passphrase", client("c")); err != nil {
		t.Errorf("sign-in after refused new passwords: %v", err)
	}
}

func TestResetGivesAOneTimeCodeThatForcesANewPassword(t *testing.T) {
	s, _ := newService(t)
	_, admin := setUp(t, s)
	ctx := context.Background()
	bob, err := s.Access.CreateUser(ctx, admin, access.UserInput{Username: "bob", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: "front desk phrase 1"})
	mustNot(t, err)
	codeStr, err := s.Access.ResetPassword(ctx, admin, bob.ID)
	mustNot(t, err)
	if _, err := s.Access.Login(ctx, "bob", "front desk phrase 1", client("c")); code(err) != app.EUNAUTHORIZED {
		t.Error("the old password still works after a reset")
	}
	res, err := s.Access.Login(ctx, "bob", strings.ToLower(codeStr), client("c"))
	mustNot(t, err)
	if !res.MustChangePassword {
		t.Fatal("the session does not demand a new password")
	}
	a, _, err := s.Access.Authenticate(ctx, res.Token, client("c"))
	mustNot(t, err)
	if perms, _ := s.Access.MyPermissions(a); len(perms) != 0 {
		t.Errorf("a must-change session grants %v", perms)
	}
	mustNot(t, s.Access.ChangePassword(ctx, a, codeStr, "front desk phrase 2"))
	a, _, err = s.Access.Authenticate(ctx, res.Token, client("c"))
	mustNot(t, err)
	if a.MustChangePassword {
		t.Error("the restriction stays after the change")
	}
	if _, err := s.Access.Login(ctx, "bob", codeStr, client("c")); code(err) != app.EUNAUTHORIZED {
		t.Error("the one-time code works twice")
	}
}

func TestUsersAndRolesStayWithinTheGrantersReach(t *testing.T) {
	s, _ := newService(t)
	res, admin := setUp(t, s)
	ctx := context.Background()
	hotelB, err := s.Property.CreateHotel(ctx, admin, property.HotelInput{Name: "Bay Hotel", TimeZone: "Europe/Paris", Currency: "EUR"})
	mustNot(t, err)
	_, err = s.Access.CreateUser(ctx, admin, access.UserInput{Username: "mona", Roles: []string{access.RoleHotelManager}, Hotels: app.Hotels(res.Hotel.ID), Password: "manager phrase here"})
	mustNot(t, err)
	mona := signIn(t, s, "mona", "manager phrase here")

	if _, err := s.Property.GetHotel(ctx, mona, hotelB.ID); code(err) != app.ENOTFOUND {
		t.Errorf("a manager of hotel A sees hotel B: %v", err)
	}
	list, _ := s.Property.ListHotels(ctx, mona)
	if len(list) != 1 || list[0].ID != res.Hotel.ID {
		t.Errorf("manager's hotels = %+v", list)
	}
	if _, err := s.Access.CreateUser(ctx, mona, access.UserInput{Username: "x1x", Roles: []string{access.RoleFrontDesk}, Hotels: app.Hotels(res.Hotel.ID), Password: "a long phrase here"}); code(err) != app.EFORBIDDEN {
		t.Errorf("a manager without users.create made a user: %v", err)
	}
	users, err := s.Access.ListUsers(ctx, mona)
	mustNot(t, err)
	for _, u := range users {
		if u.Username == "alice" {
			t.Error("a manager of one hotel sees an all-hotels administrator")
		}
	}

	role, err := s.Access.CreateRole(ctx, admin, access.RoleInput{Name: "Night auditor", Permissions: []app.Permission{"reports.view", "hotels.view"}})
	mustNot(t, err)
	if _, err := s.Access.CreateRole(ctx, admin, access.RoleInput{Name: "night AUDITOR"}); code(err) != app.ECONFLICT {
		t.Errorf("duplicate role name: %v", err)
	}
	if _, err := s.Access.CreateRole(ctx, admin, access.RoleInput{Name: "Bad", Permissions: []app.Permission{"rooms.fly"}}); code(err) != app.EINVALID {
		t.Errorf("unknown permission: %v", err)
	}
	_, err = s.Access.CreateUser(ctx, admin, access.UserInput{Username: "nina", Roles: []string{role.ID}, Hotels: app.AllHotels, Password: "auditing phrase ok"})
	mustNot(t, err)
	if err := s.Access.DeleteRole(ctx, admin, role.ID); code(err) != app.ECONFLICT {
		t.Errorf("deleting a held role: %v", err)
	}
	if _, err := s.Access.UpdateRole(ctx, admin, access.RoleFrontDesk, access.RolePatch{}); code(err) != app.EFORBIDDEN {
		t.Errorf("changing a built-in role: %v", err)
	}
	nina := signIn(t, s, "nina", "auditing phrase ok")
	if !nina.Can("reports.view") || nina.Can("users.view") {
		t.Errorf("nina's permissions = %v", nina.Perms.Sorted())
	}
}

func TestTheLastAdministratorStays(t *testing.T) {
	s, _ := newService(t)
	res, admin := setUp(t, s)
	ctx := context.Background()
	if _, err := s.Access.SetUserStatus(ctx, admin, res.User.ID, access.UserDisabled); code(err) != app.ECONFLICT {
		t.Errorf("disabling oneself: %v", err)
	}
	roles := []string{access.RoleFrontDesk}
	if _, err := s.Access.UpdateUser(ctx, admin, res.User.ID, access.UserPatch{Roles: &roles}); code(err) != app.ECONFLICT {
		t.Errorf("demoting the last administrator: %v", err)
	}
}

func TestDisablingEndsSessions(t *testing.T) {
	s, _ := newService(t)
	_, admin := setUp(t, s)
	ctx := context.Background()
	bob, err := s.Access.CreateUser(ctx, admin, access.UserInput{Username: "bob", Roles: []string{access.RoleFrontDesk}, Hotels: app.AllHotels, Password: "front desk phrase 1"})
	mustNot(t, err)
	res, err := s.Access.Login(ctx, "bob", "front desk phrase 1", client("d"))
	mustNot(t, err)
	_, err = s.Access.SetUserStatus(ctx, admin, bob.ID, access.UserDisabled)
	mustNot(t, err)
	if _, _, err := s.Access.Authenticate(ctx, res.Token, client("d")); code(err) != app.EUNAUTHORIZED {
		t.Error("a disabled user's session goes on")
	}
	if _, err := s.Access.Login(ctx, "bob", "front desk phrase 1", client("d")); code(err) != app.EUNAUTHORIZED {
		t.Error("a disabled user signs in")
	}
}

func TestSensitiveFieldsAreNotInTheFileInPlainText(t *testing.T) {
	s, _ := newService(t)
	_, admin := setUp(t, s)
	ctx := context.Background()
	const phone = "+86 139 8765 4321"
	u, err := s.Access.CreateUser(ctx, admin, access.UserInput{Username: "carol", DisplayName: "Carol Plaintext-Marker", Phone: phone, Roles: []string{access.RoleHousekeeping}, Hotels: app.AllHotels, Password: "housekeeping phrase"})
	mustNot(t, err)
	if u.Phone != phone {
		t.Errorf("phone read back as %q", u.Phone)
	}
	path := s.DB.Path()
	mustNot(t, s.DB.Close())
	raw, err := os.ReadFile(path)
	mustNot(t, err)
	if !bytes.Contains(raw, []byte("Carol Plaintext-Marker")) {
		t.Fatal("the control field is not in the file: the scan proves nothing")
	}
	for _, secret := range []string{phone, "+86 138 0000 1234", "housekeeping phrase", adminPassword} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("%q is in the store file in plain text", secret)
		}
	}
}

func TestNobodyTakesOverAMorePowerfulAccount(t *testing.T) {
	s, _ := newService(t)
	res, admin := setUp(t, s)
	ctx := context.Background()
	helpdesk, err := s.Access.CreateRole(ctx, admin, access.RoleInput{Name: "Helpdesk", Permissions: []app.Permission{"users.view", "users.update", "roles.view", "roles.create", "roles.update", "hotels.view", "rooms.view", "rooms.update", "housekeeping.view", "housekeeping.update"}})
	mustNot(t, err)
	_, err = s.Access.CreateUser(ctx, admin, access.UserInput{Username: "hank", Roles: []string{helpdesk.ID}, Hotels: app.AllHotels, Password: "help desk phrase"})
	mustNot(t, err)
	desk, err := s.Access.CreateUser(ctx, admin, access.UserInput{Username: "dora", Roles: []string{access.RoleHousekeeping}, Hotels: app.AllHotels, Password: "cleaning phrase 1"})
	mustNot(t, err)
	hank := signIn(t, s, "hank", "help desk phrase")

	before, _ := s.DB.StateHash()
	refused := []struct {
		name string
		do   func() error
	}{
		{"resetting the administrator's password", func() error { _, err := s.Access.ResetPassword(ctx, hank, res.User.ID); return err }},
		{"disabling the administrator", func() error {
			_, err := s.Access.SetUserStatus(ctx, hank, res.User.ID, access.UserDisabled)
			return err
		}},
		{"editing the administrator", func() error {
			email := "hank@example.com"
			_, err := s.Access.UpdateUser(ctx, hank, res.User.ID, access.UserPatch{Email: &email})
			return err
		}},
		{"making a role with permissions one lacks", func() error {
			_, err := s.Access.CreateRole(ctx, hank, access.RoleInput{Name: "Escalate", Permissions: []app.Permission{"users.create"}})
			return err
		}},
		{"adding a permission one lacks to one's own role", func() error {
			perms := append(slices.Clone(helpdesk.Permissions), "system.update")
			_, err := s.Access.UpdateRole(ctx, hank, helpdesk.ID, access.RolePatch{Permissions: &perms})
			return err
		}},
	}
	for _, tt := range refused {
		t.Run("refuses "+tt.name, func(t *testing.T) {
			if err := tt.do(); code(err) != app.EFORBIDDEN {
				t.Fatalf("err = %v, want forbidden", err)
			}
		})
	}
	if after, _ := s.DB.StateHash(); after != before {
		t.Error("a refused change changed the state")
	}
	// Within reach: a housekeeper's account.
	if _, err := s.Access.ResetPassword(ctx, hank, desk.ID); err != nil {
		t.Errorf("resetting a less powerful account: %v", err)
	}
}
