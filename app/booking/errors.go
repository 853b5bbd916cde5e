package booking

import (
	"errors"
	"innkeep/app"
	"innkeep/app/property"
	"strings"
	"time"
)

// Messages that more than one file of the package makes.

// errRoom says which room of a booking err is about: "room 2: …".
func errRoom(code string, room int, err error) error {
	return app.E(code, "booking.room_n", "room {room}: {error}", "room", room, "error", err)
}

// errOverCapacity says that a party is too large for room type t.
func errOverCapacity(t property.RoomType) error {
	return app.E(app.EINVALID, "booking.over_capacity", "{room_type} takes at most {adults} adults and {children} children",
		"room_type", t.Name, "adults", t.MaxAdults, "children", t.MaxChildren)
}

// errPlanRefuses says that rate plan p does not sell a stay, and why (the
// reason codes of its quote, such as min_stay).
func errPlanRefuses(p property.RatePlan, reasons []string) error {
	return app.E(app.ECONFLICT, "booking.rate_plan_refuses", "the rate plan {rate_plan} does not allow this stay ({reasons})",
		"rate_plan", p.Name, "reasons", strings.Join(reasons, ", "))
}

// errNoRoomFree says that room type t is sold out on night.
func errNoRoomFree(t property.RoomType, night string) error {
	return app.E(app.ECONFLICT, "booking.no_room_free", "no {room_type} room is free on {night}", "room_type", t.Name, "night", night)
}

// errHoldExpiredAt says that a tentative hold ended at until.
func errHoldExpiredAt(until time.Time) error {
	return app.E(app.ECONFLICT, "booking.hold_expired_at", "the hold expired at {at}; book again", "at", until.Format(time.RFC3339))
}

// housekeepingWord returns a room's housekeeping status as a word of
// messages. Only a dirty room is refused at check-in today; another status
// shows in English.
func housekeepingWord(status string) app.Word {
	switch status {
	case property.RoomDirty:
		return app.MakeWord("booking.housekeeping_dirty", "dirty")
	}
	return app.Word{English: status}
}

// hasKey reports whether err is an *app.Error with message key.
func hasKey(err error, key string) bool {
	var e *app.Error
	return errors.As(err, &e) && e.Key == key
}
