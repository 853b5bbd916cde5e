package audit

import "innkeep/app"

// actionNames are what people read for the actions the log records, in
// English; their other languages are in messages.go under
// "audit.action.<action>". An action without a name shows as its code.
var actionNames = map[string]string{
	"audit.export":             "Audit log exported",
	"block.create":             "Block created",
	"block.delete":             "Block deleted",
	"block.release":            "Block released",
	"block.update":             "Block changed",
	"company.archive":          "Company or agent archived",
	"company.create":           "Company or agent created",
	"company.delete":           "Company or agent deleted",
	"company.unarchive":        "Company or agent unarchived",
	"company.update":           "Company or agent changed",
	"group.create":             "Group created",
	"group.update":             "Group changed",
	"guest.create":             "Guest created",
	"guest.merge":              "Guests merged",
	"guest.update":             "Guest changed",
	"hotel.create":             "Hotel created",
	"hotel.demo":               "Demo hotel added",
	"hotel.night_audit":        "Night audit",
	"hotel.update":             "Hotel changed",
	"inventory.update":         "Inventory changed",
	"key.recover":              "Data key recovered",
	"rate_calendar.update":     "Rate calendar changed",
	"rate_plan.create":         "Rate plan created",
	"rate_plan.delete":         "Rate plan deleted",
	"rate_plan.update":         "Rate plan changed",
	"reservation.assign":       "Room assigned",
	"reservation.cancel":       "Reservation cancelled",
	"reservation.check_in":     "Checked in",
	"reservation.check_out":    "Checked out",
	"reservation.confirm":      "Hold confirmed",
	"reservation.create":       "Reservation made",
	"reservation.expire":       "Hold lapsed",
	"reservation.new_code":     "New confirmation code",
	"reservation.no_show":      "No-show",
	"reservation.price":        "Price changed",
	"reservation.reinstate":    "Reservation reinstated",
	"reservation.update":       "Reservation changed",
	"role.create":              "Role created",
	"role.delete":              "Role deleted",
	"role.update":              "Role changed",
	"room.create":              "Room created",
	"room.delete":              "Room deleted",
	"room.housekeeping":        "Housekeeping status set",
	"room.out_of_order.add":    "Room taken out of order",
	"room.out_of_order.remove": "Room back in order",
	"room.update":              "Room changed",
	"room_type.create":         "Room type created",
	"room_type.delete":         "Room type deleted",
	"room_type.photo.add":      "Photo added",
	"room_type.photo.delete":   "Photo deleted",
	"room_type.update":         "Room type changed",
	"session.end":              "Session ended",
	"session.lockout":          "Account locked after failed sign-ins",
	"session.login":            "Signed in",
	"session.login_failed":     "Sign-in failed",
	"session.logout":           "Signed out",
	"system.setup":             "Innkeep set up",
	"user.change_password":     "Password changed",
	"user.create":              "User created",
	"user.disable":             "User disabled",
	"user.enable":              "User enabled",
	"user.permissions":         "User's roles or hotels changed",
	"user.reset_password":      "Password reset",
	"user.update":              "User changed",
}

// ActionName returns the name people read for action, as a word to
// translate; ok is false for an action without one (its code stands in).
func ActionName(action string) (w app.Word, ok bool) {
	name, ok := actionNames[action]
	if !ok {
		return app.MakeWord("audit.action."+action, action), false
	}
	return app.MakeWord("audit.action."+action, name), true
}

// Actions returns every action that has a name.
func Actions() []string {
	out := make([]string, 0, len(actionNames))
	for a := range actionNames {
		out = append(out, a)
	}
	return out
}
