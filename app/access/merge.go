package access

import (
	"innkeep/app"
	"innkeep/store"
	"slices"
)

// fallbackAdmin returns the account kept as system administrator when no
// active account holds the role, and whether there is one. Each desk
// refuses to disable or demote the last active administrator (see
// keepAnAdmin), but two desks cut off from each other can each take the
// role from a different one; merged, none is left. The rule is derived
// from the merged state, so every desk keeps the same account: among the
// active accounts a write took the role from (AdminLostAt), the one that
// lost it last (ties: the greater id). A disabled account is never brought
// back: someone disabled it on purpose. The account kept is treated as
// holding the role until someone makes an administrator with an ordinary
// write; the conflict list names it meanwhile (RuleConflicts). When every
// former administrator is disabled, none is kept (ok is false) and the
// conflict says so: `innkeep user enable` on the desk's computer is the
// way back.
func fallbackAdmin(tx *store.Tx) (User, bool, error) {
	kept, _, err := adminLost(tx)
	return kept, kept.ID != "", err
}

// adminLost reports whether no active account holds the administrator's
// role although some account lost it (the merge this guards against), and
// which account fallbackAdmin keeps (none when all were disabled).
func adminLost(tx *store.Tx) (kept User, lost bool, err error) {
	none, err := noActiveAdmin(tx)
	if err != nil || !none {
		return User{}, false, err
	}
	err = Users.ForEach(tx, func(_ string, u User) error {
		if u.AdminLostAt.IsZero() {
			return nil
		}
		lost = true
		if u.Status != UserActive {
			return nil
		}
		if c := u.AdminLostAt.Compare(kept.AdminLostAt); c > 0 || (c == 0 && u.ID > kept.ID) {
			kept = u
		}
		return nil
	})
	if !lost {
		kept = User{}
	}
	return kept, lost, err
}

// noActiveAdmin reports whether no active account holds the system
// administrator's role.
func noActiveAdmin(tx *store.Tx) (bool, error) {
	active := false
	if err := tx.ScanPrefix(KindUser, IndexUserRole, RoleSystemAdmin, func(key, id string) error {
		if key != RoleSystemAdmin || active {
			return nil
		}
		u, err := Users.GetShared(tx, id)
		if err != nil {
			return err
		}
		active = u.Status == UserActive
		return nil
	}); err != nil {
		return false, err
	}
	return !active, nil
}

// effective returns u as permissions read it: the account fallbackAdmin
// keeps (an active one) holds the system administrator's role.
func effective(tx *store.Tx, u User) (User, error) {
	if u.AdminLostAt.IsZero() {
		return u, nil // never lost the role: never the one kept
	}
	kept, ok, err := fallbackAdmin(tx)
	if err != nil || !ok || kept.ID != u.ID {
		return u, err
	}
	if !slices.Contains(u.Roles, RoleSystemAdmin) {
		u.Roles = append(slices.Clone(u.Roles), RoleSystemAdmin)
	}
	return u, nil
}

// RuleConflicts returns the rules of accounts that a merge broke: usernames
// that more than one account has (sign-in takes the one with the smaller
// id, the one made first; renaming either resolves it), and no active
// system administrator (fallbackAdmin names the account kept as one).
// Every desk derives the same list from the same merged state.
func (s *Service) RuleConflicts(tx *store.Tx) ([]app.RuleConflict, error) {
	out := []app.RuleConflict{}
	if err := app.SameKeys(func(fn func(k, id string) error) error {
		return tx.Scan(KindUser, IndexUserUsername, "", "", fn)
	}, func(_ string, ids []string) error {
		u, err := Users.GetShared(tx, ids[0])
		if err != nil {
			return err
		}
		out = append(out, app.RuleConflict{Rule: app.RuleUsername, Value: u.Username, IDs: ids})
		return nil
	}); err != nil {
		return nil, err
	}
	kept, lost, err := adminLost(tx)
	if err != nil || !lost {
		return out, err
	}
	c := app.RuleConflict{Rule: app.RuleNoAdministrator, IDs: []string{}}
	if kept.ID != "" {
		c.Value, c.IDs = kept.Username, []string{kept.ID}
	}
	return append(out, c), nil
}
