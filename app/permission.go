package app

import (
	"encoding/json"
	"slices"
	"sort"
	"strings"
)

// Modules are the functions of the product that permissions guard.
// housekeeping is the rooms' housekeeping status alone (clean, dirty,
// inspected), kept apart from rooms so that cleaning staff can set it
// without being able to change the rooms themselves. pricing is changing
// the agreed price of a stay (overrides, discounts, complimentary nights);
// companies are the profiles of companies and travel agents.
var Modules = []string{"hotels", "rooms", "housekeeping", "rates", "reservations", "pricing", "night_audit", "guests", "companies", "billing", "reports", "users", "roles", "audit", "settings", "system"}

// Operations are what a permission allows on a module.
var Operations = []string{"view", "create", "update", "delete", "approve"}

// Permission is one module and one operation, written "module.operation",
// e.g. "users.create".
type Permission string

// Perm returns the permission of module and operation.
func Perm(module, operation string) Permission { return Permission(module + "." + operation) }

// Valid reports whether p names a known module and operation.
func (p Permission) Valid() bool {
	m, op, ok := strings.Cut(string(p), ".")
	return ok && slices.Contains(Modules, m) && slices.Contains(Operations, op)
}

// AllPermissions returns every permission, module by module.
func AllPermissions() []Permission {
	all := make([]Permission, 0, len(Modules)*len(Operations))
	for _, m := range Modules {
		for _, op := range Operations {
			all = append(all, Perm(m, op))
		}
	}
	return all
}

// PermissionSet is a set of permissions.
type PermissionSet map[Permission]bool

// NewPermissionSet returns the set of perms.
func NewPermissionSet(perms ...Permission) PermissionSet {
	s := make(PermissionSet, len(perms))
	for _, p := range perms {
		s[p] = true
	}
	return s
}

// Has reports whether s holds p.
func (s PermissionSet) Has(p Permission) bool { return s[p] }

// Sorted returns the permissions of s in a stable order (module order,
// then operation order).
func (s PermissionSet) Sorted() []Permission {
	out := make([]Permission, 0, len(s))
	for _, p := range AllPermissions() {
		if s[p] {
			out = append(out, p)
		}
	}
	return out
}

// ValidatePermissions returns EINVALID naming the first unknown permission.
func ValidatePermissions(perms []Permission) error {
	for _, p := range perms {
		if !p.Valid() {
			return E(EINVALID, "app.unknown_permission", "unknown permission \"{permission}\"; permissions are module.operation, e.g. users.view", "permission", string(p))
		}
	}
	return nil
}

// HotelScope is the data scope of a user: every hotel, or a list of hotel
// ids. Its JSON form is the string "all" or an array of ids.
type HotelScope struct {
	All bool
	IDs []string
}

// AllHotels is the scope of every hotel.
var AllHotels = HotelScope{All: true}

// Hotels returns the scope of the given hotel ids.
func Hotels(ids ...string) HotelScope {
	ids = slices.Clone(ids)
	sort.Strings(ids)
	return HotelScope{IDs: slices.Compact(ids)}
}

// Includes reports whether the scope covers hotel id.
func (s HotelScope) Includes(id string) bool { return s.All || slices.Contains(s.IDs, id) }

// MarshalJSON encodes s as "all" or an array of ids.
func (s HotelScope) MarshalJSON() ([]byte, error) {
	if s.All {
		return []byte(`"all"`), nil
	}
	ids := s.IDs
	if ids == nil {
		ids = []string{}
	}
	return json.Marshal(ids)
}

// JSONSchema describes the JSON form of a scope for the OpenAPI document.
func (HotelScope) JSONSchema() map[string]any {
	return map[string]any{"oneOf": []any{
		map[string]any{"type": "string", "enum": []string{"all"}},
		map[string]any{"type": "array", "items": map[string]any{"type": "string"}},
	}}
}

// UnmarshalJSON decodes "all" or an array of ids.
func (s *HotelScope) UnmarshalJSON(b []byte) error {
	var str string
	if json.Unmarshal(b, &str) == nil {
		if str != "all" {
			return E(EINVALID, "app.bad_hotel_scope", `hotels must be "all" or a list of hotel ids`)
		}
		*s = AllHotels
		return nil
	}
	var ids []string
	if err := json.Unmarshal(b, &ids); err != nil {
		return E(EINVALID, "app.bad_hotel_scope", `hotels must be "all" or a list of hotel ids`)
	}
	*s = Hotels(ids...)
	return nil
}
