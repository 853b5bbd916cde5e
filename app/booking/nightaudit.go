package booking

import (
	"context"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"strings"
	"time"
)

// NightAuditResult reports one night audit.
type NightAuditResult struct {
	BusinessDate    string        `json:"business_date"`     // the date audited
	NewBusinessDate string        `json:"new_business_date"` // the date the desk works on now
	AlreadyDone     bool          `json:"already_done"`
	NoShows         []Reservation `json:"no_shows"`      // confirmed arrivals of the date that never checked in
	ExpiredHolds    []Reservation `json:"expired_holds"` // holds cancelled as "hold expired": lapsed ones and the date's unconfirmed arrivals
	DueOut          []Reservation `json:"due_out"`       // departures of the date still in house
	InHouse         int           `json:"in_house"`      // guests staying on into the new date
}

// NightAudit closes the business date of a hotel, once: confirmed arrivals
// of that date that did not check in become no-shows; tentative holds that
// have lapsed, and tentative arrivals of that date (never confirmed, so
// never a no-show), are cancelled as "hold expired"; and the business date
// moves to the next day. It returns the exceptions: the no-shows, the
// expired holds and the departures of the date still in house. Auditing a
// date that is already closed changes nothing and says so; a date after the
// business date is EINVALID. It needs night_audit.approve.
func (s *Service) NightAudit(ctx context.Context, a app.Actor, hotelID, date string) (NightAuditResult, error) {
	if err := a.Require(app.Perm("night_audit", "approve")); err != nil {
		return NightAuditResult{}, err
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return NightAuditResult{}, app.E(app.EINVALID, "booking.business_date_not_date", "business_date \"{date}\" is not a date (YYYY-MM-DD)", "date", date)
	}
	var res NightAuditResult
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		h, err := s.property.HotelInScope(tx, a, hotelID)
		if err != nil {
			return err
		}
		res = NightAuditResult{BusinessDate: date, NewBusinessDate: h.BusinessDate, NoShows: []Reservation{}, ExpiredHolds: []Reservation{}, DueOut: []Reservation{}}
		switch {
		case date < h.BusinessDate:
			res.AlreadyDone = true
			return nil
		case date > h.BusinessDate:
			return app.E(app.EINVALID, "booking.audit_too_early", "the business date is {business_date}; {date} cannot be audited before it", "business_date", h.BusinessDate, "date", date)
		}
		expired, err := s.expireHolds(tx, a, hotelID)
		if err != nil {
			return err
		}
		res.ExpiredHolds = append(res.ExpiredHolds, expired...)
		var arrivals, departures []string
		if err := tx.ScanPrefix(KindReservation, IndexReservationArrival, hotelID+app.KeySep+date, func(k, id string) error {
			if k == hotelID+app.KeySep+date {
				arrivals = append(arrivals, id)
			}
			return nil
		}); err != nil {
			return err
		}
		if err := tx.ScanPrefix(KindReservation, IndexReservationDeparture, hotelID+app.KeySep+date, func(k, id string) error {
			if k == hotelID+app.KeySep+date {
				departures = append(departures, id)
			}
			return nil
		}); err != nil {
			return err
		}
		now := s.Now()
		for _, id := range arrivals {
			r, err := Reservations.Get(tx, id)
			if err != nil {
				return err
			}
			if r.Status == StatusTentative {
				// A hold never confirmed lapses; it is not a no-show.
				if r, err = s.expireHold(tx, r, now); err != nil {
					return err
				}
				res.ExpiredHolds = append(res.ExpiredHolds, r)
				continue
			}
			if r.Status != StatusConfirmed {
				continue
			}
			before := r
			noShowFee(tx, h, &r, now, a.Username)
			r.Status, r.UpdatedAt = StatusNoShow, now
			if err := Reservations.Put(tx, id, r); err != nil {
				return err
			}
			if err := s.Audit.Record(tx, a, "reservation.no_show", "reservation", id, before, r); err != nil {
				return err
			}
			res.NoShows = append(res.NoShows, r)
		}
		for _, id := range departures {
			r, err := Reservations.Get(tx, id)
			if err != nil {
				return err
			}
			if r.Status == StatusCheckedIn {
				res.DueOut = append(res.DueOut, r)
			}
		}
		next := app.NextDate(date)
		if err := tx.ScanPrefix(KindReservation, IndexReservationTape, hotelID+app.KeySep+next+app.KeySep, func(key, _ string) error {
			if p := strings.Split(key, app.KeySep); len(p) > 4 && p[4] == StatusCheckedIn {
				res.InHouse++
			}
			return nil
		}); err != nil {
			return err
		}
		before := h
		h.BusinessDate, h.UpdatedAt = next, now
		if err := property.Hotels.Put(tx, hotelID, h); err != nil {
			return err
		}
		res.NewBusinessDate = next
		return s.Audit.Record(tx, a, "hotel.night_audit", "hotel", hotelID, before, h)
	})
	return res, err
}
