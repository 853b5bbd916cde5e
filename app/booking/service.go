package booking

import (
	"errors"

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
	err = Reservations.Scan(tx, IndexReservationDeparture, hotelID+app.KeySep+today, hotelID+app.KeySep+"\x7f", func(_, _ string, r Reservation) error {
		if !HoldsInventory(r.Status) || (r.CheckOut <= today && r.Status != StatusCheckedIn) || !u.Matches(r.RoomTypeID, r.RatePlanID, r.RoomID) {
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
	now := s.Now()
	err := tx.ScanPrefix(KindReservation, IndexReservationRoomNight, hotelID+app.KeySep+night+app.KeySep+roomID, func(_, rid string) error {
		r, err := Reservations.Get(tx, rid)
		if err != nil || !counts(r, now) {
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

// Kinds returns the kinds of documents this slice owns (reservations), with
// their indexes.
func Kinds() []store.Kind { return []store.Kind{reservationKind()} }
