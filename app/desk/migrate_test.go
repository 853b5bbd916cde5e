package desk_test

import (
	"path/filepath"
	"slices"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/apptest"
	"innkeep/app/audit"
	"innkeep/app/datadir"
	"innkeep/app/desk"
	"innkeep/app/property"
	"innkeep/store"
)

func TestUpgradeGivesCustomRolesTheHousekeepingPermissionsTheirRoomsPermissionsHad(t *testing.T) {
	// A data folder written by the release before the module housekeeping:
	// schema 1, custom roles that set room status through rooms.update.
	dir := t.TempDir()
	old, err := store.Open(filepath.Join(dir, datadir.StoreFileName), store.Options{
		Kinds: desk.Kinds(), Migrations: desk.Migrations()[:1], NoSync: true,
	})
	mustNot(t, err)
	k := apptest.OnStore(old, dir, apptest.Options{})
	res, admin := setUp(t, k)
	rt, err := k.Property.CreateRoomType(bg, admin, res.Hotel.ID, property.RoomTypeInput{Code: "DBL", Name: "Double", BedType: "double", MaxAdults: 2})
	mustNot(t, err)
	room, err := k.Property.CreateRoom(bg, admin, res.Hotel.ID, property.RoomInput{Number: "101", RoomTypeID: rt.ID})
	mustNot(t, err)
	perms := func(ps ...app.Permission) []app.Permission { return ps }
	ids := map[string]string{} // role name → id
	for name, ps := range map[string][]app.Permission{
		"Cleaner":       perms("hotels.view", "rooms.view", "rooms.update"),
		"Room list":     perms("rooms.view"),
		"Night auditor": perms("reports.view", "reservations.view"),
	} {
		r, err := k.Access.CreateRole(bg, admin, access.RoleInput{Name: name, Permissions: ps})
		mustNot(t, err)
		ids[name] = r.ID
	}
	id := func(name string) string { return ids[name] }
	_, err = k.Access.CreateUser(bg, admin, access.UserInput{Username: "cleo", Roles: []string{id("Cleaner")}, Hotels: app.AllHotels, Password: "clean rooms all day"})
	mustNot(t, err)
	_, err = k.Access.CreateUser(bg, admin, access.UserInput{Username: "lars", Roles: []string{id("Room list")}, Hotels: app.AllHotels, Password: "look at rooms only"})
	mustNot(t, err)
	mustNot(t, old.Close())

	// The new release opens it.
	db, _ := apptest.OpenStore(t, dir, false)
	if st, err := db.Stats(); err != nil || st.SchemaVersion != len(desk.Migrations()) {
		t.Fatalf("schema after upgrade = %+v, %v", st, err)
	}
	k = apptest.OnStore(db, dir, apptest.Options{})
	want := map[string][]app.Permission{
		"Cleaner":       perms("hotels.view", "rooms.view", "rooms.update", "housekeeping.view", "housekeeping.update"),
		"Room list":     perms("rooms.view", "housekeeping.view"),
		"Night auditor": perms("reservations.view", "reports.view"),
	}
	for name, ps := range want {
		r, err := k.Access.GetRole(bg, app.SystemActor(), id(name))
		mustNot(t, err)
		if got, want := r.Permissions, app.NewPermissionSet(ps...).Sorted(); !slices.Equal(got, want) {
			t.Errorf("%s after the upgrade holds %v, want %v", name, got, want)
		}
	}

	cleo := signIn(t, k, "cleo", "clean rooms all day")
	if _, err := k.Property.SetHousekeeping(bg, cleo, room.ID, "clean"); err != nil {
		t.Errorf("a cleaner cannot set the room status after the upgrade: %v", err)
	}
	status := "dirty"
	if _, err := k.Property.UpdateRoom(bg, cleo, room.ID, property.RoomPatch{Housekeeping: &status}); err != nil {
		t.Errorf("a cleaner cannot change the room status in a room change after the upgrade: %v", err)
	}
	lars := signIn(t, k, "lars", "look at rooms only")
	if _, err := k.Property.SetHousekeeping(bg, lars, room.ID, "clean"); code(err) != app.EFORBIDDEN {
		t.Errorf("a role that only saw rooms may now set their status: %v", err)
	}

	// The changes are the system's, in the audit log, whose chain holds.
	page, err := k.Audit.List(bg, app.SystemActor(), audit.Filter{Action: "role.update"})
	mustNot(t, err)
	var changed []string
	for _, e := range page.Entries {
		if e.Username != "system" {
			t.Errorf("role change by %q, want the system", e.Username)
		}
		changed = append(changed, e.EntityID)
	}
	slices.Sort(changed)
	wantChanged := []string{id("Cleaner"), id("Room list")}
	slices.Sort(wantChanged)
	if !slices.Equal(changed, wantChanged) {
		t.Errorf("audited role changes %v, want %v (the cleaner and the room list)", changed, wantChanged)
	}
	rep, err := k.Audit.Verify(bg)
	if err != nil || !rep.OK {
		t.Errorf("audit after the upgrade: %+v, %v", rep.Broken(), err)
	}

	// Running the migration again changes nothing.
	before, err := db.StateHash()
	mustNot(t, err)
	mustNot(t, db.Update("migration", func(tx *store.Tx) error {
		return access.GrantHousekeeping(tx, k.Audit, k.Now())
	}))
	if after, err := db.StateHash(); err != nil || after != before {
		t.Errorf("a second run changed the store (%v)", err)
	}
}

func TestUpgradeGivesRolesThatRanTheNightAuditItsOwnPermission(t *testing.T) {
	// A data folder of schema 2, where reservations.approve ran the night
	// audit: a custom "Night manager" role did so, a "Reception" one did not.
	dir := t.TempDir()
	old, err := store.Open(filepath.Join(dir, datadir.StoreFileName), store.Options{
		Kinds: desk.Kinds(), Migrations: desk.Migrations()[:2], NoSync: true,
	})
	mustNot(t, err)
	k := apptest.OnStore(old, dir, apptest.Options{})
	res, admin := setUp(t, k)
	ids := map[string]string{}
	for name, ps := range map[string][]app.Permission{
		"Night manager": {"hotels.view", "reservations.view", "reservations.approve"},
		"Reception":     {"hotels.view", "reservations.view", "reservations.create"},
	} {
		r, err := k.Access.CreateRole(bg, admin, access.RoleInput{Name: name, Permissions: ps})
		mustNot(t, err)
		ids[name] = r.ID
	}
	_, err = k.Access.CreateUser(bg, admin, access.UserInput{Username: "nina", Roles: []string{ids["Night manager"]}, Hotels: app.AllHotels, Password: "closes the day late"})
	mustNot(t, err)
	_, err = k.Access.CreateUser(bg, admin, access.UserInput{Username: "rita", Roles: []string{ids["Reception"]}, Hotels: app.AllHotels, Password: "welcomes every guest"})
	mustNot(t, err)
	mustNot(t, old.Close())

	db, _ := apptest.OpenStore(t, dir, false)
	k = apptest.OnStore(db, dir, apptest.Options{})
	for name, want := range map[string][]app.Permission{
		"Night manager": {"hotels.view", "reservations.view", "reservations.approve", "night_audit.approve"},
		"Reception":     {"hotels.view", "reservations.view", "reservations.create"},
	} {
		r, err := k.Access.GetRole(bg, app.SystemActor(), ids[name])
		mustNot(t, err)
		if got := r.Permissions; !slices.Equal(got, app.NewPermissionSet(want...).Sorted()) {
			t.Errorf("%s after the upgrade holds %v, want %v", name, got, want)
		}
	}
	rita := signIn(t, k, "rita", "welcomes every guest")
	if _, err := k.Booking.NightAudit(bg, rita, res.Hotel.ID, res.Hotel.BusinessDate); code(err) != app.EFORBIDDEN {
		t.Errorf("reception may run the night audit after the upgrade: %v", err)
	}
	nina := signIn(t, k, "nina", "closes the day late")
	if _, err := k.Booking.NightAudit(bg, nina, res.Hotel.ID, res.Hotel.BusinessDate); err != nil {
		t.Errorf("the night manager cannot run the night audit after the upgrade: %v", err)
	}
	rep, err := k.Audit.Verify(bg)
	if err != nil || !rep.OK {
		t.Errorf("audit after the upgrade: %+v, %v", rep.Broken(), err)
	}
}
