package booking

import (
	"context"
	"innkeep/app"
	"innkeep/store"
	"slices"
	"strings"
)

// GuestStays returns the reservations of guest id in the hotels of the
// actor's scope, newest stay first (by check-in date, then most recently
// made). It needs guests.view and reservations.view; returns ENOTFOUND when
// there is no such guest, or it is not a guest of the actor's hotels.
func (s *Service) GuestStays(ctx context.Context, a app.Actor, id string) ([]Reservation, error) {
	if err := a.Require(app.Perm("guests", "view")); err != nil {
		return nil, err
	}
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return nil, err
	}
	out := []Reservation{}
	err := s.DB.View(func(tx *store.Tx) error {
		if _, err := s.guests.InScope(tx, a, id); err != nil {
			return err
		}
		ids, err := guestReservationIDs(tx, id)
		if err != nil {
			return err
		}
		for _, rid := range ids {
			r, err := Reservations.Get(tx, rid)
			if app.ErrorCode(err) == app.ENOTFOUND {
				continue
			}
			if err != nil {
				return err
			}
			if a.Hotels.Includes(r.HotelID) {
				out = append(out, newLapse(tx, s.Now()).shown(r))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(x, y Reservation) int {
		if c := strings.Compare(y.CheckIn, x.CheckIn); c != 0 {
			return c
		}
		if c := y.CreatedAt.Compare(x.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(y.ID, x.ID)
	})
	return out, nil
}

// guestReservationIDs returns the ids of the reservations of guest id.
func guestReservationIDs(tx *store.Tx, id string) ([]string, error) {
	var ids []string
	err := tx.ScanPrefix(KindReservation, IndexReservationGuest, id, func(k, rid string) error {
		if k == id {
			ids = append(ids, rid)
		}
		return nil
	})
	return ids, err
}

// StayHotels returns the hotels where guest guestID has reservations, each
// once, in no particular order. It implements guest.Stays.
func (s *Service) StayHotels(tx *store.Tx, guestID string) ([]string, error) {
	ids, err := guestReservationIDs(tx, guestID)
	if err != nil {
		return nil, err
	}
	var hotels []string
	for _, rid := range ids {
		r, err := Reservations.Get(tx, rid)
		if app.ErrorCode(err) == app.ENOTFOUND {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !slices.Contains(hotels, r.HotelID) {
			hotels = append(hotels, r.HotelID)
		}
	}
	return hotels, nil
}

// HotelInScope returns ENOTFOUND unless hotel hotelID exists and lies in
// a's scope. It implements guest.Stays.
func (s *Service) HotelInScope(tx *store.Tx, a app.Actor, hotelID string) error {
	_, err := s.property.HotelInScope(tx, a, hotelID)
	return err
}

// MoveStays moves every reservation of guest fromID to guest toID inside
// the caller's write transaction tx (for a merge of duplicate profiles),
// keeping the name and phone as booked, and audits each move as
// "guest.merge". It implements guest.Stays.
func (s *Service) MoveStays(tx *store.Tx, a app.Actor, fromID, toID string) error {
	ids, err := guestReservationIDs(tx, fromID)
	if err != nil {
		return err
	}
	now := s.Now()
	for _, rid := range ids {
		r, err := Reservations.Get(tx, rid)
		if app.ErrorCode(err) == app.ENOTFOUND {
			continue
		}
		if err != nil {
			return err
		}
		moved := r
		moved.GuestID, moved.UpdatedAt = toID, now
		if err := Reservations.Put(tx, rid, moved); err != nil {
			return err
		}
		if err := s.Audit.Record(tx, a, "guest.merge", "reservation", rid, r, moved); err != nil {
			return err
		}
	}
	return nil
}
