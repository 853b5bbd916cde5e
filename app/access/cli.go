package access

import (
	"context"
	"innkeep/app"
	"innkeep/store"
	"slices"
)

// CheckNewUser returns the error that CreateUser would return for the
// fields, roles, hotels and username of in, without checking the password
// and without storing anything: EFORBIDDEN without users.create or when the
// roles or hotels go beyond the actor's own, EINVALID for a malformed field
// or an unknown role or hotel, and ECONFLICT when the username is taken.
func (s *Service) CheckNewUser(ctx context.Context, a app.Actor, in UserInput) error {
	if err := a.Require(app.Perm("users", "create")); err != nil {
		return err
	}
	probe := User{Username: in.Username, DisplayName: in.DisplayName, Email: in.Email,
		Roles: slices.Clone(in.Roles), Hotels: in.Hotels}
	if err := probe.Validate(in.Phone); err != nil {
		return err
	}
	return s.DB.View(func(tx *store.Tx) error {
		if _, err := userByName(tx, probe.Username); err == nil {
			return errUsernameTaken(probe.Username)
		} else if app.ErrorCode(err) != app.ENOTFOUND {
			return err
		}
		return checkGrant(tx, a, probe.Roles, probe.Hotels)
	})
}
