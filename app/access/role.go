package access

import (
	"context"
	"encoding/json"
	"innkeep/app"
	"innkeep/store"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Role is a named set of permissions. Built-in roles come with the binary
// and cannot be changed; custom roles are documents of kind "role".
type Role struct {
	ID          string           `json:"id"`
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Permissions []app.Permission `json:"permissions"`
	Builtin     bool             `json:"builtin"`
	CreatedAt   time.Time        `json:"created_at,omitzero"`
	UpdatedAt   time.Time        `json:"updated_at,omitzero"`
}

// RoleInput creates a custom role.
type RoleInput struct {
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Permissions []app.Permission `json:"permissions"`
}

// RolePatch changes some fields of a custom role; nil fields stay.
type RolePatch struct {
	Name        *string           `json:"name"`
	Description *string           `json:"description"`
	Permissions *[]app.Permission `json:"permissions"`
}

var Roles = store.NewCollection[Role](KindRole)

// UnmarshalJSON reads a stored role with its permissions in their stable
// order (module, then operation; they are stored as a set, whose order
// follows the edits), any it does not know last, kept as they are.
func (r *Role) UnmarshalJSON(b []byte) error {
	type plain Role
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	known := app.NewPermissionSet(r.Permissions...).Sorted()
	if len(known) == len(r.Permissions) {
		r.Permissions = known
		return nil
	}
	var unknown []app.Permission
	have := app.NewPermissionSet(known...)
	for _, p := range r.Permissions {
		if !have.Has(p) {
			unknown = append(unknown, p)
		}
	}
	slices.Sort(unknown)
	r.Permissions = append(known, slices.Compact(unknown)...)
	return nil
}

func roleKind() store.Kind {
	return store.Kind{Name: KindRole, Sets: []string{"permissions"}, Indexes: []store.Index{
		{Name: IndexRoleName, Keys: func(d store.Doc) []string { return []string{app.FoldKey(app.StringField(d, "name"))} }},
	}}
}

// checkGrantable returns EFORBIDDEN unless the actor holds every one of
// perms: nobody puts into a role (or takes out of one) a permission they
// do not hold themselves.
func checkGrantable(a app.Actor, perms []app.Permission) error {
	for _, p := range perms {
		if !a.Can(p) {
			return app.E(app.EFORBIDDEN, "access.cannot_change_permission", "you cannot grant or change the permission {permission}, which you do not hold", "permission", string(p))
		}
	}
	return nil
}

// builtinRole returns the built-in role id, if it is one.
func builtinRole(id string) (Role, bool) {
	for _, r := range BuiltinRoles() {
		if r.ID == id {
			return r, true
		}
	}
	return Role{}, false
}

// validate normalizes r and returns EINVALID naming what is wrong.
func (r *Role) validate() error {
	r.Name = strings.TrimSpace(r.Name)
	r.Description = strings.TrimSpace(r.Description)
	if r.Name == "" || utf8.RuneCountInString(r.Name) > 80 {
		return app.E(app.EINVALID, "access.bad_role_name", "the role name must be 1 to {max} characters", "max", 80)
	}
	if err := app.CheckName(app.MakeWord("access.field_role_name", "role name"), r.Name); err != nil {
		return err
	}
	if utf8.RuneCountInString(r.Description) > 500 {
		return app.E(app.EINVALID, "access.role_description_too_long", "the role description must be at most {max} characters", "max", 500)
	}
	if err := app.ValidatePermissions(r.Permissions); err != nil {
		return err
	}
	r.Permissions = app.NewPermissionSet(r.Permissions...).Sorted()
	return nil
}

// checkRoleName returns ECONFLICT when another role already has name.
func checkRoleName(tx *store.Tx, name, self string) error {
	for _, b := range BuiltinRoles() {
		if app.FoldKey(b.Name) == app.FoldKey(name) || b.ID == app.FoldKey(name) {
			return app.E(app.ECONFLICT, "access.builtin_role_name", "a built-in role is already called \"{name}\"", "name", name)
		}
	}
	taken := false
	err := tx.ScanPrefix(KindRole, IndexRoleName, app.FoldKey(name), func(key, id string) error {
		if key == app.FoldKey(name) && id != self {
			taken = true
		}
		return nil
	})
	if err == nil && taken {
		return app.E(app.ECONFLICT, "access.role_name_taken", "a role called \"{name}\" exists already", "name", name)
	}
	return err
}

// ListRoles returns the built-in roles, then the custom roles by name.
func (s *Service) ListRoles(ctx context.Context, a app.Actor) ([]Role, error) {
	if err := a.Require(app.Perm("roles", "view")); err != nil {
		return nil, err
	}
	out := BuiltinRoles()
	err := s.DB.View(func(tx *store.Tx) error {
		return Roles.Scan(tx, IndexRoleName, "", "", func(_, _ string, r Role) error {
			out = append(out, r)
			return nil
		})
	})
	return out, err
}

// GetRole returns role id, built-in or custom.
func (s *Service) GetRole(ctx context.Context, a app.Actor, id string) (Role, error) {
	if err := a.Require(app.Perm("roles", "view")); err != nil {
		return Role{}, err
	}
	if r, ok := builtinRole(id); ok {
		return r, nil
	}
	var r Role
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		r, err = Roles.Get(tx, id)
		return app.NotFound(err, "role", id)
	})
	return r, err
}

// CreateRole creates a custom role. It needs roles.create.
func (s *Service) CreateRole(ctx context.Context, a app.Actor, in RoleInput) (Role, error) {
	if err := a.Require(app.Perm("roles", "create")); err != nil {
		return Role{}, err
	}
	now := s.Now()
	r := Role{ID: app.NewID(now), Name: in.Name, Description: in.Description, Permissions: in.Permissions, CreatedAt: now, UpdatedAt: now}
	if err := r.validate(); err != nil {
		return Role{}, err
	}
	if err := checkGrantable(a, r.Permissions); err != nil {
		return Role{}, err
	}
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		if err := checkRoleName(tx, r.Name, ""); err != nil {
			return err
		}
		if err := Roles.Create(tx, r.ID, r); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "role.create", "role", r.ID, nil, r)
	})
	return r, err
}

// UpdateRole changes a custom role. Built-in roles answer EFORBIDDEN.
func (s *Service) UpdateRole(ctx context.Context, a app.Actor, id string, p RolePatch) (Role, error) {
	if err := a.Require(app.Perm("roles", "update")); err != nil {
		return Role{}, err
	}
	if _, ok := builtinRole(id); ok {
		return Role{}, app.E(app.EFORBIDDEN, "access.builtin_role_fixed", "built-in roles cannot be changed; create a custom role instead")
	}
	var r Role
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := Roles.Get(tx, id)
		if err != nil {
			return app.NotFound(err, "role", id)
		}
		r = before
		if p.Name != nil {
			r.Name = *p.Name
		}
		if p.Description != nil {
			r.Description = *p.Description
		}
		if p.Permissions != nil {
			r.Permissions = *p.Permissions
		}
		if err := r.validate(); err != nil {
			return err
		}
		if err := checkGrantable(a, append(slices.Clone(before.Permissions), r.Permissions...)); err != nil {
			return err
		}
		if err := checkRoleName(tx, r.Name, id); err != nil {
			return err
		}
		r.UpdatedAt = s.Now()
		if err := Roles.Put(tx, id, r); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "role.update", "role", id, before, r)
	})
	return r, err
}

// DeleteRole deletes a custom role. It returns ECONFLICT while a user holds
// it, and EFORBIDDEN for built-in roles.
func (s *Service) DeleteRole(ctx context.Context, a app.Actor, id string) error {
	if err := a.Require(app.Perm("roles", "delete")); err != nil {
		return err
	}
	if _, ok := builtinRole(id); ok {
		return app.E(app.EFORBIDDEN, "access.builtin_role_undeletable", "built-in roles cannot be deleted")
	}
	return s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := Roles.Get(tx, id)
		if err != nil {
			return app.NotFound(err, "role", id)
		}
		var holders []string
		if err := tx.ScanPrefix(KindUser, IndexUserRole, id, func(key, uid string) error {
			if key == id {
				holders = append(holders, uid)
			}
			return nil
		}); err != nil {
			return err
		}
		if len(holders) > 0 {
			return app.E(app.ECONFLICT, "access.role_in_use", "the role \"{name}\" is held by {count} user(s); take it from them first", "name", before.Name, "count", len(holders))
		}
		if err := Roles.Delete(tx, id); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "role.delete", "role", id, before, nil)
	})
}

// permissionsOf returns the union of the permissions of the role ids.
// Unknown ids (a role deleted on another desk) grant nothing.
func permissionsOf(tx *store.Tx, ids []string) (app.PermissionSet, error) {
	set := app.PermissionSet{}
	for _, id := range ids {
		r, ok := builtinRole(id)
		if !ok {
			var err error
			r, err = Roles.Get(tx, id)
			if app.ErrorCode(err) == app.ENOTFOUND {
				continue
			}
			if err != nil {
				return nil, err
			}
		}
		for _, p := range r.Permissions {
			set[p] = true
		}
	}
	return set, nil
}

// KindRole is the kind of Role documents, and IndexRole… name its indexes.
const (
	KindRole      = "role"
	IndexRoleName = "name"
)
