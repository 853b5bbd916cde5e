package booking

import (
	"context"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"time"
)

// Accounts is what the booking slice asks of the staff accounts (app/access,
// wired by app/desk) for the conflict list: the rules of accounts a merge
// broke.
type Accounts interface {
	RuleConflicts(tx *store.Tx) ([]app.RuleConflict, error)
}

// SetAccounts tells the booking slice where to read the account conflicts
// it lists (see ConflictsOf).
func (s *Service) SetAccounts(a Accounts) { s.accounts = a }

// ruleConflicts returns the rules a merge of desks' work broke that the
// conflict list of hotel shows: room numbers and room type codes of the
// hotel shared by two of them (property.Duplicates), confirmation codes of
// its reservations shared by two bookings (duplicateCodes), and, to an
// actor who may view users, usernames shared by two accounts and no
// active administrator (Accounts).
func (s *Service) ruleConflicts(tx *store.Tx, a app.Actor, hotelID string) ([]app.RuleConflict, error) {
	out, err := property.Duplicates(tx, hotelID)
	if err != nil {
		return nil, err
	}
	codes, err := duplicateCodes(tx, hotelID)
	if err != nil {
		return nil, err
	}
	out = append(out, codes...)
	if s.accounts != nil && a.Can(app.Perm("users", "view")) {
		acc, err := s.accounts.RuleConflicts(tx)
		if err != nil {
			return nil, err
		}
		out = append(out, acc...)
	}
	app.SortRuleConflicts(out)
	return out, nil
}

// duplicateCodes returns the confirmation codes that reservations of hotel
// share with reservations of another booking. The rooms of one booking
// share its code and were made together (same hotel, same created_at); a
// desk never gives a code that it holds, but two desks cut off from each
// other could give the same one. Searching by such a code finds every
// reservation that has it (see ListReservations).
func duplicateCodes(tx *store.Tx, hotelID string) ([]app.RuleConflict, error) {
	out := []app.RuleConflict{}
	err := app.SameKeys(func(fn func(k, id string) error) error {
		return tx.Scan(KindReservation, IndexReservationCode, "", "", fn)
	}, func(code string, ids []string) error {
		type booking struct {
			hotel string
			at    time.Time
		}
		seen := map[booking]bool{}
		ours := false
		for _, id := range ids {
			r, err := Reservations.GetShared(tx, id)
			if err != nil {
				return err
			}
			seen[booking{r.HotelID, r.CreatedAt.UTC()}] = true
			ours = ours || r.HotelID == hotelID
		}
		if ours && len(seen) > 1 {
			out = append(out, app.RuleConflict{Rule: app.RuleConfirmationCode, Value: code, IDs: ids})
		}
		return nil
	})
	return out, err
}

// NewCode is the new confirmation code of a booking and its reservations.
type NewCode struct {
	Code         string        `json:"code"`
	Reservations []Reservation `json:"reservations"`
}

// NewConfirmationCode gives the booking of reservation id (every room booked
// with it: same code, hotel and created_at) a new confirmation code, and
// returns the code and its reservations. It resolves a code two bookings share after a
// merge (see duplicateCodes); the old code finds the booking no more. It
// needs reservations.update; a reservation outside the actor's scope is
// ENOTFOUND.
func (s *Service) NewConfirmationCode(ctx context.Context, a app.Actor, id string) (NewCode, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return NewCode{}, err
	}
	out := NewCode{Reservations: []Reservation{}}
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		r, _, err := reservationWithHotel(tx, a, id)
		if err != nil {
			return err
		}
		code, err := newConfirmationCode(tx)
		if err != nil {
			return err
		}
		out.Code = code
		var ids []string
		if err := tx.ScanPrefix(KindReservation, IndexReservationCode, r.Code, func(k, rid string) error {
			if k == r.Code {
				ids = append(ids, rid)
			}
			return nil
		}); err != nil {
			return err
		}
		now := s.Now()
		for _, rid := range ids {
			before, err := Reservations.Get(tx, rid)
			if err != nil {
				return err
			}
			if before.HotelID != r.HotelID || !before.CreatedAt.Equal(r.CreatedAt) {
				continue // another booking that has the code
			}
			after := before
			after.Code, after.UpdatedAt = code, now
			if err := Reservations.Put(tx, rid, after); err != nil {
				return err
			}
			if err := s.Audit.Record(tx, a, "reservation.new_code", "reservation", rid, map[string]any{"code": before.Code}, map[string]any{"code": code}); err != nil {
				return err
			}
			out.Reservations = append(out.Reservations, newLapse(tx, now).shown(after))
		}
		return nil
	})
	return out, err
}
