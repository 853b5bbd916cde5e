package booking

import (
	"errors"
	"slices"
	"strings"

	"innkeep/app"
	"innkeep/app/guest"
	"innkeep/app/property"
	"innkeep/store"
)

// Service runs the bookings: availability and prices, booking, changes,
// cancellation, room assignment, check-in and check-out, no-shows, the
// night audit, the tape chart and its conflicts, and the demo hotel.
type Service struct {
	app.Env
	property *property.Service
	guests   *guest.Service
	accounts Accounts
}

// New returns the booking slice over env, on the property and guests
// slices.
func New(env app.Env, p *property.Service, g *guest.Service) *Service {
	return &Service{Env: env, property: p, guests: g}
}

// errScanDone ends a scan early; it never leaves this package.
var errScanDone = errors.New("scan done")

// Using implements property.Bookings: it reads the reservations of the
// hotel that leave on or after its business date.
func (s *Service) Using(tx *store.Tx, hotelID string, u property.Use) (string, bool, error) {
	h, err := property.Hotels.Get(tx, hotelID)
	if err != nil {
		return "", false, app.NotFound(err, "hotel", hotelID)
	}
	today := s.property.BusinessDate(h)
	code, ok := "", false
	l := newLapse(tx, s.Now())
	err = Reservations.Scan(tx, IndexReservationDeparture, hotelID+app.KeySep+today, hotelID+app.KeySep+"\x7f", func(_, _ string, r Reservation) error {
		if !l.counts(r) || (r.CheckOut <= today && r.Status != StatusCheckedIn) || !u.Matches(r.RoomTypeID, r.RatePlanID, r.RoomID) {
			return nil
		}
		code, ok = r.Code, true
		return errScanDone
	})
	if errors.Is(err, errScanDone) {
		err = nil
	}
	return code, ok, err
}

// HoldingRoom implements property.Bookings.
func (s *Service) HoldingRoom(tx *store.Tx, hotelID, roomID, night string) (string, bool, error) {
	var code string
	l := newLapse(tx, s.Now())
	err := tx.ScanPrefix(KindReservation, IndexReservationRoomNight, hotelID+app.KeySep+night+app.KeySep+roomID, func(_, rid string) error {
		r, err := Reservations.Get(tx, rid)
		if err != nil || !l.counts(r) {
			return err // a lapsed hold holds nothing
		}
		code = r.Code
		return errScanDone
	})
	if err != nil && !errors.Is(err, errScanDone) {
		return "", false, err
	}
	return code, code != "", nil
}

// Short implements property.Bookings: it counts, from the hotel's
// business date on, the rooms of type typeID that its reservations hold
// each night (assigned or not) against the rooms of the type, other than
// roomID, in sale that night.
func (s *Service) Short(tx *store.Tx, hotelID, typeID, roomID string) (string, string, bool, error) {
	h, err := property.Hotels.Get(tx, hotelID)
	if err != nil {
		return "", "", false, app.NotFound(err, "hotel", hotelID)
	}
	today := s.property.BusinessDate(h)
	held := map[string]int{} // night -> rooms of the type held
	var nights []string
	if err := tx.Counts(KindReservation, IndexReservationNight, hotelID+app.KeySep+today, hotelID+app.KeySep+"\x7f", func(key string, n int) error {
		night, typ, ok := strings.Cut(key[len(hotelID)+1:], app.KeySep)
		if ok && typ == typeID && n > 0 {
			held[night] += n
			nights = append(nights, night)
		}
		return nil
	}); err != nil {
		return "", "", false, err
	}
	if len(nights) == 0 {
		return "", "", false, nil
	}
	var rooms []property.Room
	if err := property.Rooms.ScanShared(tx, property.IndexRoomHotelType, hotelID+app.KeySep+typeID, hotelID+app.KeySep+typeID+"\x01", func(key, id string, rm property.Room) error {
		if key == hotelID+app.KeySep+typeID && id != roomID {
			rooms = append(rooms, rm)
		}
		return nil
	}); err != nil {
		return "", "", false, err
	}
	gone, err := property.Rooms.Get(tx, roomID)
	if err != nil {
		return "", "", false, app.NotFound(err, "room", roomID)
	}
	slices.Sort(nights)
	short := ""
	for _, night := range nights {
		if !gone.Sellable(night) {
			continue
		}
		left := 0
		for _, rm := range rooms {
			if rm.Sellable(night) {
				left++
			}
		}
		if held[night] > left {
			short = night
			break
		}
	}
	if short == "" {
		return "", "", false, nil
	}
	code, assigned := "", ""
	err = Reservations.Scan(tx, IndexReservationDeparture, hotelID+app.KeySep+app.NextDate(short), hotelID+app.KeySep+"\x7f", func(_, _ string, r Reservation) error {
		if !HoldsInventory(r.Status) || r.RoomTypeID != typeID || r.CheckIn > short {
			return nil
		}
		if r.RoomID != "" {
			if assigned == "" {
				assigned = r.Code
			}
			return nil
		}
		code = r.Code
		return errScanDone
	})
	if err != nil && !errors.Is(err, errScanDone) {
		return "", "", false, err
	}
	if code == "" {
		code = assigned
	}
	return short, code, true, nil
}
