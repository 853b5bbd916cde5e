package property

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

// Room is one room of a hotel.
type Room struct {
	ID           string       `json:"id"`
	HotelID      string       `json:"hotel_id"`
	Number       string       `json:"number"` // unique in the hotel, e.g. 101
	Floor        int          `json:"floor"`
	RoomTypeID   string       `json:"room_type_id"`
	Features     []string     `json:"features"`
	Housekeeping string       `json:"housekeeping" enum:"clean,dirty,inspected"` // clean, dirty or inspected
	OutOfOrder   []OutOfOrder `json:"out_of_order"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// UnmarshalJSON reads a room with its out-of-order periods in date order
// (they are stored as a set, whose order follows the edits).
func (r *Room) UnmarshalJSON(b []byte) error {
	type plain Room
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	slices.SortFunc(r.OutOfOrder, func(x, y OutOfOrder) int {
		if c := strings.Compare(x.From, y.From); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return nil
}

// OutOfOrder takes a room out of sale on the nights From ≤ date < To.
type OutOfOrder struct {
	ID     string `json:"id"`
	From   string `json:"from"` // YYYY-MM-DD
	To     string `json:"to"`
	Reason string `json:"reason"`
}

// Housekeeping statuses.
const (
	RoomClean     = "clean"
	RoomDirty     = "dirty"
	RoomInspected = "inspected"
)

var Rooms = store.NewCollection[Room](KindRoom)

func roomKind() store.Kind {
	return store.Kind{Name: KindRoom, Sets: []string{"out_of_order"}, Indexes: []store.Index{
		// hotel id 0x1f room type id: the rooms of a type (inventory),
		// counted.
		{Name: IndexRoomHotelType, Counted: true, Keys: func(d store.Doc) []string {
			return []string{app.StringField(d, "hotel_id") + "\x1f" + app.StringField(d, "room_type_id")}
		}},
		// hotel id 0x1f number: the rooms of a hotel in number order, and
		// number uniqueness.
		{Name: IndexRoomHotelNumber, Keys: func(d store.Doc) []string {
			return []string{app.StringField(d, "hotel_id") + "\x1f" + RoomNumberKey(app.StringField(d, "number"))}
		}},
	}}
}

// RoomNumberKey makes room numbers sort naturally: "9" before "10".
func RoomNumberKey(n string) string {
	n = app.FoldKey(n)
	digits := 0
	for digits < len(n) && n[digits] >= '0' && n[digits] <= '9' {
		digits++
	}
	if digits == 0 || digits > 8 {
		return "~" + n
	}
	return string(rune('0'+digits)) + n
}

// Sellable reports whether the room can be sold on date (YYYY-MM-DD): it is
// not out of order that night.
func (r Room) Sellable(date string) bool {
	for _, o := range r.OutOfOrder {
		if o.From <= date && date < o.To {
			return false
		}
	}
	return true
}

// RoomInput creates a room. An empty Housekeeping is clean.
type RoomInput struct {
	Number       string   `json:"number"`
	Floor        int      `json:"floor"`
	RoomTypeID   string   `json:"room_type_id"`
	Features     []string `json:"features"`
	Housekeeping string   `json:"housekeeping"`
}

// RoomPatch changes some fields of a room; nil fields stay. Out-of-order
// periods change through AddOutOfOrder and RemoveOutOfOrder.
type RoomPatch struct {
	Number       *string   `json:"number"`
	Floor        *int      `json:"floor"`
	RoomTypeID   *string   `json:"room_type_id"`
	Features     *[]string `json:"features"`
	Housekeeping *string   `json:"housekeeping"`
}

// RoomFilter narrows ListRooms. Zero fields do not filter; Floor filters
// when not nil.
type RoomFilter struct {
	RoomTypeID   string
	Floor        *int
	Housekeeping string
}

// OutOfOrderInput takes a room out of sale on the nights From ≤ date < To.
type OutOfOrderInput struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason"`
}

// HousekeepingStatuses are the housekeeping statuses of a room.
var HousekeepingStatuses = []string{RoomClean, RoomDirty, RoomInspected}

// checkHousekeeping returns EINVALID unless status is a housekeeping status.
func checkHousekeeping(status string) error {
	if !slices.Contains(HousekeepingStatuses, status) {
		return app.E(app.EINVALID, "property.housekeeping_status_invalid", "the housekeeping status must be one of {statuses}, not \"{status}\"",
			"statuses", strings.Join(HousekeepingStatuses, ", "), "status", status)
	}
	return nil
}

// validate normalizes r and returns EINVALID naming the first field that
// is wrong. It does not check the room type.
func (r *Room) validate() error {
	r.Number = strings.TrimSpace(r.Number)
	if r.Number == "" || utf8.RuneCountInString(r.Number) > 10 || strings.ContainsFunc(r.Number, app.HiddenRune) {
		return app.E(app.EINVALID, "property.room_number_invalid", "the room number must be 1 to 10 characters, such as 101")
	}
	if r.Floor < -5 || r.Floor > 200 {
		return app.E(app.EINVALID, "property.floor_invalid", "the floor must be -5 to 200, not {floor}", "floor", r.Floor)
	}
	var err error
	if r.Features, err = normalizeList(app.MakeWord("property.field_features", "features"), r.Features); err != nil {
		return err
	}
	if r.Housekeeping == "" {
		r.Housekeeping = RoomClean
	}
	if err := checkHousekeeping(r.Housekeeping); err != nil {
		return err
	}
	if r.OutOfOrder == nil {
		r.OutOfOrder = []OutOfOrder{}
	}
	return nil
}

// roomInScope returns room id when its hotel is in the actor's scope; other
// rooms answer ENOTFOUND, as if they did not exist.
func roomInScope(tx *store.Tx, a app.Actor, id string) (Room, error) {
	r, err := Rooms.Get(tx, id)
	if err != nil {
		return Room{}, app.NotFound(err, "room", id)
	}
	if !a.Hotels.Includes(r.HotelID) {
		return Room{}, app.NotFoundError("room", id)
	}
	return r, nil
}

// checkRoomNumber returns ECONFLICT when another room of the hotel has
// number.
func checkRoomNumber(tx *store.Tx, hotelID, number, self string) error {
	key := hotelID + app.KeySep + RoomNumberKey(number)
	return tx.ScanPrefix(KindRoom, IndexRoomHotelNumber, key, func(k, id string) error {
		if k == key && id != self {
			return app.E(app.ECONFLICT, "property.room_number_taken", "the hotel has a room {number} already", "number", number)
		}
		return nil
	})
}

// checkRoomType returns EINVALID unless typeID is a room type of the hotel.
func checkRoomType(tx *store.Tx, hotelID, typeID string) (RoomType, error) {
	t, err := RoomTypes.Get(tx, typeID)
	if err != nil || t.HotelID != hotelID {
		return RoomType{}, noRoomType(typeID)
	}
	return t, nil
}

// noRoomType is the EINVALID error of a room type id that is not one of
// the hotel's.
func noRoomType(typeID string) error {
	return app.E(app.EINVALID, "property.hotel_has_no_room_type", "the hotel has no room type \"{id}\"", "id", typeID)
}

// ListRooms returns the rooms of hotel hotelID that f keeps, in natural
// number order (9 before 10). A hotel outside the actor's scope answers
// ENOTFOUND.
func (s *Service) ListRooms(ctx context.Context, a app.Actor, hotelID string, f RoomFilter) ([]Room, error) {
	if err := a.Require(app.Perm("rooms", "view")); err != nil {
		return nil, err
	}
	if f.Housekeeping != "" {
		if err := checkHousekeeping(f.Housekeeping); err != nil {
			return nil, err
		}
	}
	out := []Room{}
	err := s.DB.View(func(tx *store.Tx) error {
		if _, err := s.HotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		return Rooms.Scan(tx, IndexRoomHotelNumber, hotelID+app.KeySep, hotelID+app.KeySep+"\x7f", func(_, _ string, r Room) error {
			if (f.RoomTypeID == "" || r.RoomTypeID == f.RoomTypeID) &&
				(f.Floor == nil || r.Floor == *f.Floor) &&
				(f.Housekeeping == "" || r.Housekeeping == f.Housekeeping) {
				out = append(out, r)
			}
			return nil
		})
	})
	return out, err
}

// GetRoom returns room id.
func (s *Service) GetRoom(ctx context.Context, a app.Actor, id string) (Room, error) {
	if err := a.Require(app.Perm("rooms", "view")); err != nil {
		return Room{}, err
	}
	var r Room
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		r, err = roomInScope(tx, a, id)
		return err
	})
	return r, err
}

// CreateRoom creates a room of hotel hotelID. It returns EINVALID for bad
// input or a room type of another hotel, and ECONFLICT when the number is
// taken in the hotel.
func (s *Service) CreateRoom(ctx context.Context, a app.Actor, hotelID string, in RoomInput) (Room, error) {
	if err := a.Require(app.Perm("rooms", "create")); err != nil {
		return Room{}, err
	}
	var r Room
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		if _, err := s.HotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		now := s.Now()
		r = Room{ID: app.NewID(now), HotelID: hotelID, Number: in.Number, Floor: in.Floor, RoomTypeID: in.RoomTypeID,
			Features: in.Features, Housekeeping: in.Housekeeping, OutOfOrder: []OutOfOrder{}, CreatedAt: now, UpdatedAt: now}
		if err := r.validate(); err != nil {
			return err
		}
		if _, err := checkRoomType(tx, hotelID, r.RoomTypeID); err != nil {
			return err
		}
		if err := checkRoomNumber(tx, hotelID, r.Number, ""); err != nil {
			return err
		}
		if err := Rooms.Create(tx, r.ID, r); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "room.create", "room", r.ID, nil, r)
	})
	return r, err
}

// UpdateRoom changes the fields of room id that p sets. It needs
// rooms.update, and housekeeping.update too when p changes the
// housekeeping status (EFORBIDDEN otherwise). Changing the room type of a
// room that a current or future reservation of the old type is assigned
// to is ECONFLICT.
func (s *Service) UpdateRoom(ctx context.Context, a app.Actor, id string, p RoomPatch) (Room, error) {
	if err := a.Require(app.Perm("rooms", "update")); err != nil {
		return Room{}, err
	}
	var r Room
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := roomInScope(tx, a, id)
		if err != nil {
			return err
		}
		r = before
		app.SetIf(&r.Number, p.Number)
		app.SetIf(&r.Floor, p.Floor)
		app.SetIf(&r.RoomTypeID, p.RoomTypeID)
		if p.Features != nil {
			r.Features = slices.Clone(*p.Features)
		}
		app.SetIf(&r.Housekeeping, p.Housekeeping)
		if p.Housekeeping != nil && *p.Housekeeping == "" {
			return checkHousekeeping("")
		}
		if r.Housekeeping != before.Housekeeping {
			if err := a.Require(app.Perm("housekeeping", "update")); err != nil {
				return err
			}
		}
		if err := r.validate(); err != nil {
			return err
		}
		if _, err := checkRoomType(tx, r.HotelID, r.RoomTypeID); err != nil {
			return err
		}
		// Only a new number is checked: a room that shares its number
		// after a merge (see Duplicates) can still be changed otherwise.
		if RoomNumberKey(r.Number) != RoomNumberKey(before.Number) {
			if err := checkRoomNumber(tx, r.HotelID, r.Number, id); err != nil {
				return err
			}
		}
		if r.RoomTypeID != before.RoomTypeID {
			code, ok, err := s.bookings.Using(tx, r.HotelID, Use{RoomID: id, NotRoomTypeID: r.RoomTypeID})
			if err != nil {
				return err
			}
			if ok {
				return app.E(app.ECONFLICT, "property.room_assigned_to_other_type", "reservation {code} of another room type is assigned to room {room}; move it first",
					"code", code, "room", before.Number)
			}
		}
		r.UpdatedAt = s.Now()
		if err := Rooms.Put(tx, id, r); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "room.update", "room", id, before, r)
	})
	return r, err
}

// SetHousekeeping sets the housekeeping status of room id (clean, dirty
// or inspected). It needs housekeeping.update (rooms.update is neither
// needed nor enough): EFORBIDDEN without it.
func (s *Service) SetHousekeeping(ctx context.Context, a app.Actor, id, status string) (Room, error) {
	if err := a.Require(app.Perm("housekeeping", "update")); err != nil {
		return Room{}, err
	}
	if err := checkHousekeeping(status); err != nil {
		return Room{}, err
	}
	var r Room
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := roomInScope(tx, a, id)
		if err != nil {
			return err
		}
		if before.Housekeeping == status {
			r = before
			return nil
		}
		r = before
		r.Housekeeping = status
		r.UpdatedAt = s.Now()
		if err := Rooms.Put(tx, id, r); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "room.housekeeping", "room", id, before, r)
	})
	return r, err
}

// DeleteRoom deletes room id. It returns ECONFLICT, naming the
// reservation, while a current or future reservation is assigned to it, or
// while the room's type would be left with fewer rooms than its
// reservations (assigned or not) hold on a night from the business date on.
func (s *Service) DeleteRoom(ctx context.Context, a app.Actor, id string) error {
	if err := a.Require(app.Perm("rooms", "delete")); err != nil {
		return err
	}
	return s.DB.Update(a.String(), func(tx *store.Tx) error {
		r, err := roomInScope(tx, a, id)
		if err != nil {
			return err
		}
		if code, ok, err := s.bookings.Using(tx, r.HotelID, Use{RoomID: id}); err != nil {
			return err
		} else if ok {
			return app.E(app.ECONFLICT, "property.room_in_use", "reservation {code} is assigned to room {room}; move it to another room first", "code", code, "room", r.Number)
		}
		if night, code, ok, err := s.bookings.Short(tx, r.HotelID, r.RoomTypeID, id); err != nil {
			return err
		} else if ok {
			return app.E(app.ECONFLICT, "property.room_needed", "without room {room}, its room type would have fewer rooms on {night} than its reservations need, such as {code}; cancel or move a reservation first", "room", r.Number, "night", night, "code", code)
		}
		if err := Rooms.Delete(tx, id); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "room.delete", "room", id, r, nil)
	})
}

// maxOutOfOrderNights bounds one out-of-order period.
const maxOutOfOrderNights = 366

// AddOutOfOrder takes room id out of sale on the nights in.From ≤ date <
// in.To (at most 366). It returns EINVALID for bad dates or reason, and
// ECONFLICT when the period overlaps another of the room, or when a
// reservation assigned to the room holds it on one of those nights (the
// reservation is named).
func (s *Service) AddOutOfOrder(ctx context.Context, a app.Actor, id string, in OutOfOrderInput) (Room, error) {
	if err := a.Require(app.Perm("rooms", "update")); err != nil {
		return Room{}, err
	}
	nights, err := app.CalendarRange(in.From, in.To, maxOutOfOrderNights)
	if err != nil {
		return Room{}, err
	}
	reason := strings.TrimSpace(in.Reason)
	if reason == "" || utf8.RuneCountInString(reason) > 200 {
		return Room{}, app.E(app.EINVALID, "property.out_of_order_reason_length", "the reason must be 1 to 200 characters")
	}
	var r Room
	err = s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := roomInScope(tx, a, id)
		if err != nil {
			return err
		}
		for _, o := range before.OutOfOrder {
			if in.From < o.To && o.From < in.To {
				return app.E(app.ECONFLICT, "property.out_of_order_overlap", "room {room} is out of order from {from} to {to} already ({reason})",
					"room", before.Number, "from", o.From, "to", o.To, "reason", o.Reason)
			}
		}
		for _, night := range nights {
			if code, ok, err := s.bookings.HoldingRoom(tx, before.HotelID, id, night); err != nil {
				return err
			} else if ok {
				return app.E(app.ECONFLICT, "property.room_held", "reservation {code} holds room {room} on {night}; move it to another room first",
					"code", code, "room", before.Number, "night", night)
			}
		}
		r = before
		r.OutOfOrder = append(slices.Clone(before.OutOfOrder), OutOfOrder{ID: app.NewID(s.Now()), From: in.From, To: in.To, Reason: reason})
		slices.SortFunc(r.OutOfOrder, func(x, y OutOfOrder) int { return strings.Compare(x.From, y.From) })
		r.UpdatedAt = s.Now()
		if err := Rooms.Put(tx, id, r); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "room.out_of_order.add", "room", id, before, r)
	})
	return r, err
}

// RemoveOutOfOrder puts room id back in sale for the out-of-order period
// oid. It returns ENOTFOUND when the room has no such period.
func (s *Service) RemoveOutOfOrder(ctx context.Context, a app.Actor, id, oid string) (Room, error) {
	if err := a.Require(app.Perm("rooms", "update")); err != nil {
		return Room{}, err
	}
	var r Room
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, err := roomInScope(tx, a, id)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(before.OutOfOrder, func(o OutOfOrder) bool { return o.ID == oid })
		if i < 0 {
			return app.E(app.ENOTFOUND, "property.out_of_order_not_found", "room {room} has no out-of-order period \"{id}\"", "room", before.Number, "id", oid)
		}
		r = before
		r.OutOfOrder = slices.Delete(slices.Clone(before.OutOfOrder), i, i+1)
		r.UpdatedAt = s.Now()
		if err := Rooms.Put(tx, id, r); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "room.out_of_order.remove", "room", id, before, r)
	})
	return r, err
}

// KindRoom is the kind of Room documents, and IndexRoom… name its indexes.
const (
	KindRoom             = "room"
	IndexRoomHotelType   = "hotel_type"
	IndexRoomHotelNumber = "hotel_number"
	IndexRoomOooNight    = "ooo_night"
)
