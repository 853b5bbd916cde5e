package property

import (
	"innkeep/app"
	"innkeep/store"
)

// Service runs the property: hotels, room types and their photos, rooms,
// rate plans, the rate calendar and inventory caps.
type Service struct {
	app.Env
	photoDir   string
	photoSlots photoSlots
	bookings   Bookings
}

// New returns the property slice over env. Photos are kept as files in
// photoDir (the data folder's "photos"). Bookings must be set with
// SetBookings before a room, room type or rate plan is changed or deleted.
func New(env app.Env, photoDir string) *Service {
	return &Service{Env: env, photoDir: photoDir, photoSlots: make(photoSlots, maxPhotoDecodes)}
}

// SetBookings tells the property how to ask the booking slice, which
// imports this one, whether bookings use a part of the property.
func (s *Service) SetBookings(b Bookings) { s.bookings = b }

// Bookings is what the property asks of the bookings before it changes or
// deletes a part of itself that they may use. app/booking implements it,
// and app/desk wires it.
type Bookings interface {
	// Using returns the confirmation code of a reservation of hotel
	// hotelID that still holds its rooms (not cancelled, and not departed
	// before the hotel's business date, unless still checked in) and that
	// matches u, and whether there is one.
	Using(tx *store.Tx, hotelID string, u Use) (code string, ok bool, err error)
	// HoldingRoom returns the confirmation code of the reservation that
	// holds room roomID of hotel hotelID on night (YYYY-MM-DD), and
	// whether there is one.
	HoldingRoom(tx *store.Tx, hotelID, roomID, night string) (code string, ok bool, err error)
	// Short returns, when hotel hotelID without room roomID (of room type
	// typeID) would have fewer rooms of the type, on a night from its
	// business date on, than its reservations hold, that night and the
	// confirmation code of one reservation of the type holding it (an
	// unassigned one first), and whether there is one. A night the room is
	// out of order is not counted: removing it changes nothing then.
	Short(tx *store.Tx, hotelID, typeID, roomID string) (night, code string, ok bool, err error)
}

// Use names what a reservation must use to match in Bookings.Using; empty
// fields match every reservation.
type Use struct {
	RoomTypeID    string // of this room type
	RatePlanID    string // on this rate plan
	RoomID        string // assigned to this room
	NotRoomTypeID string // of any room type but this one
}

// Matches reports whether a reservation of room type typeID on rate plan
// planID, assigned to room roomID, matches u.
func (u Use) Matches(typeID, planID, roomID string) bool {
	return (u.RoomTypeID == "" || u.RoomTypeID == typeID) &&
		(u.RatePlanID == "" || u.RatePlanID == planID) &&
		(u.RoomID == "" || u.RoomID == roomID) &&
		(u.NotRoomTypeID == "" || u.NotRoomTypeID != typeID)
}

// Kinds returns the kinds of documents this slice owns (hotels, room types,
// rooms, rate plans, rate and inventory days), with their indexes.
func Kinds() []store.Kind {
	room := roomKind()
	room.Indexes = append(room.Indexes, roomOutOfOrderIndex())
	return []store.Kind{hotelKind(), roomTypeKind(), room, ratePlanKind(), rateDayKind(), inventoryDayKind()}
}
