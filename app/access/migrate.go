package access

import (
	"innkeep/app"
	"innkeep/store"
	"time"
)

// housekeepingGrants are the permissions a custom role gains, by the
// permission it already holds, when the housekeeping status moved out of
// rooms into its own module: whoever could change or see rooms (and so the
// rooms' status) keeps doing so.
var housekeepingGrants = []struct{ held, gained app.Permission }{
	{app.Perm("rooms", "update"), app.Perm("housekeeping", "update")},
	{app.Perm("rooms", "view"), app.Perm("housekeeping", "view")},
}

// GrantHousekeeping is the schema migration that moved the housekeeping
// status into the module "housekeeping": it gives every custom role that
// holds rooms.update also housekeeping.update, and every one that holds
// rooms.view also housekeeping.view. Built-in roles come with the binary
// and need nothing. It writes through the store like any change (so that
// the roles replicate) and records each change in the audit log, by the
// system, at now. Running it again changes nothing.
func GrantHousekeeping(tx *store.Tx, log app.Recorder, now time.Time) error {
	var changed []string
	err := Roles.ForEach(tx, func(id string, r Role) error {
		if _, ok := builtinRole(id); ok {
			return nil
		}
		if _, grows := withHousekeeping(r.Permissions); grows {
			changed = append(changed, id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range changed { // written after the scan, not during it
		before, err := Roles.Get(tx, id)
		if err != nil {
			return err
		}
		r := before
		r.Permissions, _ = withHousekeeping(before.Permissions)
		r.UpdatedAt = now.UTC()
		if err := Roles.Put(tx, id, r); err != nil {
			return err
		}
		if err := log.Record(tx, app.SystemActor(), "role.update", "role", id, before, r); err != nil {
			return err
		}
	}
	return nil
}

// withHousekeeping returns perms with the housekeeping permissions that
// the rooms permissions among them imply, sorted, and whether any was
// missing.
func withHousekeeping(perms []app.Permission) ([]app.Permission, bool) {
	set := app.NewPermissionSet(perms...)
	grew := false
	for _, g := range housekeepingGrants {
		if set.Has(g.held) && !set.Has(g.gained) {
			set[g.gained] = true
			grew = true
		}
	}
	return set.Sorted(), grew
}
