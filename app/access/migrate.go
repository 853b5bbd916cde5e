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
var housekeepingGrants = []grantRule{
	{app.Perm("rooms", "update"), app.Perm("housekeeping", "update")},
	{app.Perm("rooms", "view"), app.Perm("housekeeping", "view")},
}

// nightAuditGrants are the permissions a custom role gains when running the
// night audit moved from reservations.approve into its own module: whoever
// could run it keeps doing so.
var nightAuditGrants = []grantRule{
	{app.Perm("reservations", "approve"), app.Perm("night_audit", "approve")},
}

// GrantNightAudit is the schema migration that moved the night audit into
// the module "night_audit": every custom role that holds
// reservations.approve also gets night_audit.approve. Like GrantHousekeeping, it writes through the store,
// records each change by the system, and changes nothing when run again.
func GrantNightAudit(tx *store.Tx, log app.Recorder, now time.Time) error {
	return grantImplied(tx, log, now, nightAuditGrants)
}

// GrantHousekeeping is the schema migration that moved the housekeeping
// status into the module "housekeeping": it gives every custom role that
// holds rooms.update also housekeeping.update, and every one that holds
// rooms.view also housekeeping.view. Built-in roles come with the binary
// and need nothing. It writes through the store like any change (so that
// the roles replicate) and records each change in the audit log, by the
// system, at now. Running it again changes nothing.
func GrantHousekeeping(tx *store.Tx, log app.Recorder, now time.Time) error {
	return grantImplied(tx, log, now, housekeepingGrants)
}

// grantRule says that a role holding held gains gained.
type grantRule struct{ held, gained app.Permission }

// grantImplied gives every custom role the permissions that rules derive
// from those it holds, writing and auditing each role that changes.
func grantImplied(tx *store.Tx, log app.Recorder, now time.Time, rules []grantRule) error {
	var changed []string
	err := Roles.ForEach(tx, func(id string, r Role) error {
		if _, ok := builtinRole(id); ok {
			return nil
		}
		if _, grows := withImplied(r.Permissions, rules); grows {
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
		r.Permissions, _ = withImplied(before.Permissions, rules)
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

// withImplied returns perms with the permissions that rules derive from
// those among them, sorted, and whether any was missing.
func withImplied(perms []app.Permission, rules []grantRule) ([]app.Permission, bool) {
	set := app.NewPermissionSet(perms...)
	grew := false
	for _, g := range rules {
		if set.Has(g.held) && !set.Has(g.gained) {
			set[g.gained] = true
			grew = true
		}
	}
	return set.Sorted(), grew
}
