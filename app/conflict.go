package app

import (
	"slices"
	"strings"
)

// RuleConflict is a rule that each desk enforces on its own writes but that
// a merge of desks' work can break: two records sharing a value that must
// be unique, or no administrator left. Every desk derives the same list
// from the same merged state; both records stay, and staff resolve the
// conflict with an ordinary write (a rename, a new role), which clears it.
type RuleConflict struct {
	// Rule names the rule broken.
	Rule string `json:"rule" enum:"room_number,room_type_code,username,confirmation_code,no_administrator"`
	// Value is the shared value (a room number, a code, a username); for
	// no_administrator, the username of the account kept as administrator.
	Value string `json:"value"`
	// IDs are the records involved, sorted.
	IDs []string `json:"ids"`
}

// Rules of RuleConflict.
const (
	RuleRoomNumber       = "room_number"
	RuleRoomTypeCode     = "room_type_code"
	RuleUsername         = "username"
	RuleConfirmationCode = "confirmation_code"
	RuleNoAdministrator  = "no_administrator"
)

// SortRuleConflicts sorts cs by rule, value and first id, so that every
// desk lists them in the same order.
func SortRuleConflicts(cs []RuleConflict) {
	for i := range cs {
		slices.Sort(cs[i].IDs)
	}
	slices.SortFunc(cs, func(x, y RuleConflict) int {
		if c := strings.Compare(x.Rule, y.Rule); c != 0 {
			return c
		}
		if c := strings.Compare(x.Value, y.Value); c != 0 {
			return c
		}
		return slices.Compare(x.IDs, y.IDs)
	})
}

// SameKeys calls fn with every key that scan yields for more than one id,
// and those ids. scan must yield keys in order (an index scan does).
func SameKeys(scan func(fn func(key, id string) error) error, fn func(key string, ids []string) error) error {
	var key string
	var ids []string
	flush := func() error {
		if len(ids) > 1 {
			return fn(key, ids)
		}
		return nil
	}
	if err := scan(func(k, id string) error {
		if k != key || ids == nil {
			if err := flush(); err != nil {
				return err
			}
			key, ids = k, nil
		}
		ids = append(ids, id)
		return nil
	}); err != nil {
		return err
	}
	return flush()
}
