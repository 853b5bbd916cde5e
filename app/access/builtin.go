package access

import "innkeep/app"

// Built-in role ids.
const (
	RoleSystemAdmin  = "system_admin"
	RoleHotelManager = "hotel_manager"
	RoleFrontDesk    = "front_desk"
	RoleHousekeeping = "housekeeping"
	RoleAccountant   = "accountant"
	RoleAuditor      = "auditor"
)

// grant returns the permissions of the listed modules × operations.
func grant(modules []string, ops ...string) []app.Permission {
	var out []app.Permission
	for _, m := range modules {
		for _, op := range ops {
			out = append(out, app.Perm(m, op))
		}
	}
	return out
}

// BuiltinRoles returns the roles every install has. They cannot be changed
// or deleted.
func BuiltinRoles() []Role {
	domain := []string{"hotels", "rooms", "housekeeping", "rates", "reservations", "pricing", "night_audit", "guests", "companies", "billing", "reports", "settings"}
	manager := grant(domain, "view", "create", "update", "delete", "approve")
	manager = append(manager, grant([]string{"users", "roles", "audit"}, "view")...)
	frontDesk := append(grant([]string{"hotels", "rates"}, "view"), grant([]string{"rooms", "reservations", "guests"}, "view", "create", "update")...)
	frontDesk = append(frontDesk, grant([]string{"housekeeping"}, "view", "update")...)
	// The desk picks a booking's company or travel agent; changing the
	// agreed price (pricing.approve) is the manager's.
	frontDesk = append(frontDesk, grant([]string{"companies"}, "view")...)
	// The night auditor of a small hotel is the desk clerk.
	frontDesk = append(frontDesk, grant([]string{"night_audit"}, "approve")...)
	// Housekeeping sees the hotels and their rooms and sets the rooms'
	// status; it cannot change rooms, room types, photos or out-of-order
	// periods (rooms.update).
	housekeeping := append(grant([]string{"hotels", "rooms"}, "view"), grant([]string{"housekeeping"}, "view", "update")...)
	frontDesk = append(frontDesk, grant([]string{"billing"}, "view", "create")...)
	accountant := append(grant([]string{"hotels", "reservations", "guests", "reports"}, "view"), grant([]string{"billing"}, app.Operations...)...)
	return []Role{
		{ID: RoleSystemAdmin, Name: "System administrator", Description: "Everything, in every hotel.", Permissions: app.AllPermissions(), Builtin: true},
		{ID: RoleHotelManager, Name: "Hotel manager", Description: "Runs their hotels: everything but users, roles and the system.", Permissions: manager, Builtin: true},
		{ID: RoleFrontDesk, Name: "Front desk", Description: "Reservations, guests, rooms and taking payments.", Permissions: frontDesk, Builtin: true},
		{ID: RoleHousekeeping, Name: "Housekeeping", Description: "Room status.", Permissions: housekeeping, Builtin: true},
		{ID: RoleAccountant, Name: "Accountant", Description: "Billing and reports.", Permissions: accountant, Builtin: true},
		{ID: RoleAuditor, Name: "Auditor", Description: "Views everything, changes nothing.", Permissions: grant(app.Modules, "view"), Builtin: true},
	}
}
