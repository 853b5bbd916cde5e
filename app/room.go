package app

import (
	"time"

	"innkeep/store"
)

// Room is one room of a hotel.
type Room struct {
	ID           string       `json:"id"`
	HotelID      string       `json:"hotel_id"`
	Number       string       `json:"number"` // unique in the hotel, e.g. 101
	Floor        int          `json:"floor"`
	RoomTypeID   string       `json:"room_type_id"`
	Features     []string     `json:"features"`
	Housekeeping string       `json:"housekeeping"` // clean, dirty or inspected
	OutOfOrder   []OutOfOrder `json:"out_of_order"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
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

var rooms = store.NewCollection[Room]("room")

func roomKind() store.Kind {
	return store.Kind{Name: "room", Indexes: []store.Index{
		// hotel id 0x1f room type id: the rooms of a type (inventory).
		{Name: "hotel_type", Keys: func(d store.Doc) []string {
			return []string{stringField(d, "hotel_id") + "\x1f" + stringField(d, "room_type_id")}
		}},
		// hotel id 0x1f number: the rooms of a hotel in number order, and
		// number uniqueness.
		{Name: "hotel_number", Keys: func(d store.Doc) []string {
			return []string{stringField(d, "hotel_id") + "\x1f" + roomNumberKey(stringField(d, "number"))}
		}},
	}}
}

// roomNumberKey makes room numbers sort naturally: "9" before "10".
func roomNumberKey(n string) string {
	n = foldKey(n)
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
