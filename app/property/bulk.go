package property

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"innkeep/app"
	"innkeep/store"
)

// MaxBulkRooms is the most rooms CreateRooms makes at a time.
const MaxBulkRooms = 200

// BulkRoomsInput creates the rooms numbered From to To (both included), all
// of one room type and on one floor: "201" to "220" makes twenty rooms.
// Both numbers end in digits, as many in each, after the same letters (or
// none): "A01" to "A20" makes A01, A02 … A20, keeping the leading zeros.
type BulkRoomsInput struct {
	RoomTypeID   string   `json:"room_type_id"`
	From         string   `json:"from"` // the first number, e.g. 201
	To           string   `json:"to"`   // the last number, e.g. 220
	Floor        int      `json:"floor"`
	Features     []string `json:"features"`
	Housekeeping string   `json:"housekeeping"` // clean when empty
}

// BulkRoomNumbers returns the room numbers from to to (both included), or
// EINVALID when they are not a range: a shared prefix of letters, then as
// many digits in both, to not before from, at most MaxBulkRooms numbers.
func BulkRoomNumbers(from, to string) ([]string, error) {
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	pf, df := splitDigits(from)
	pt, dt := splitDigits(to)
	if df == "" || dt == "" || pf != pt || len(df) != len(dt) || len(df) > 8 {
		return nil, app.E(app.EINVALID, "property.bulk_range_invalid",
			"a range of room numbers ends in digits, as many in both, after the same letters, such as 201 to 220 or A01 to A20; not \"{from}\" to \"{to}\"",
			"from", from, "to", to)
	}
	first, _ := strconv.Atoi(df)
	last, _ := strconv.Atoi(dt)
	if last < first {
		return nil, app.E(app.EINVALID, "property.bulk_range_reversed", "the last number {to} comes before the first {from}", "from", from, "to", to)
	}
	if n := last - first + 1; n > MaxBulkRooms {
		return nil, app.E(app.EINVALID, "property.bulk_too_many", "at most {max} rooms at a time, not {n}", "max", MaxBulkRooms, "n", n)
	}
	out := make([]string, 0, last-first+1)
	for i := first; i <= last; i++ {
		out = append(out, fmt.Sprintf("%s%0*d", pf, len(df), i))
	}
	return out, nil
}

// splitDigits splits n into what comes before its trailing digits, and
// those digits.
func splitDigits(n string) (prefix, digits string) {
	i := len(n)
	for i > 0 && n[i-1] >= '0' && n[i-1] <= '9' {
		i--
	}
	return n[:i], n[i:]
}

// CreateRooms creates the rooms of in at hotel hotelID, in number order,
// all in one transaction: when one of them cannot be made, none is. It
// returns EINVALID for a bad range (BulkRoomNumbers), floor, feature,
// housekeeping status or a room type of another hotel, and ECONFLICT
// naming the first number the hotel has already. Each room is recorded in
// the audit log as a room.create of its own. It needs rooms.create.
func (s *Service) CreateRooms(ctx context.Context, a app.Actor, hotelID string, in BulkRoomsInput) ([]Room, error) {
	if err := a.Require(app.Perm("rooms", "create")); err != nil {
		return nil, err
	}
	numbers, err := BulkRoomNumbers(in.From, in.To)
	if err != nil {
		return nil, err
	}
	var out []Room
	err = s.DB.Update(a.String(), func(tx *store.Tx) error {
		out = make([]Room, 0, len(numbers))
		if _, err := s.HotelInScope(tx, a, hotelID); err != nil {
			return err
		}
		if _, err := checkRoomType(tx, hotelID, in.RoomTypeID); err != nil {
			return err
		}
		now := s.Now()
		for _, number := range numbers {
			r := Room{ID: app.NewID(now), HotelID: hotelID, Number: number, Floor: in.Floor, RoomTypeID: in.RoomTypeID,
				Features: in.Features, Housekeeping: in.Housekeeping, OutOfOrder: []OutOfOrder{}, CreatedAt: now, UpdatedAt: now}
			if err := r.validate(); err != nil {
				return err
			}
			if err := checkRoomNumber(tx, hotelID, r.Number, ""); err != nil {
				return err
			}
			if err := Rooms.Create(tx, r.ID, r); err != nil {
				return err
			}
			if err := s.Audit.Record(tx, a, "room.create", "room", r.ID, nil, r); err != nil {
				return err
			}
			out = append(out, r)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
