package booking

import (
	"context"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"maps"
	"slices"
	"strings"
	"time"
)

// NightAuditResult reports one night audit.
type NightAuditResult struct {
	BusinessDate    string        `json:"business_date"`     // the date audited
	NewBusinessDate string        `json:"new_business_date"` // the date the desk works on now
	AlreadyDone     bool          `json:"already_done"`
	NoShows         []Reservation `json:"no_shows"`      // confirmed arrivals of the date that never checked in
	ExpiredHolds    []Reservation `json:"expired_holds"` // lapsed holds (never confirmed) whose stay is not over: the date's tentative arrivals and holds whose time passed
	DueOut          []Reservation `json:"due_out"`       // departures of the date still in house
	InHouse         int           `json:"in_house"`      // guests staying on into the new date
}

// NightAudit is the record of the night audit of one hotel and business
// date. Its id is made of the two (see NightAuditID), so two desks that
// audit the same night while cut off from each other write one record,
// which merges, never two.
type NightAudit struct {
	ID              string    `json:"id"`
	HotelID         string    `json:"hotel_id"`
	BusinessDate    string    `json:"business_date"`
	NewBusinessDate string    `json:"new_business_date"`
	NoShows         []string  `json:"no_shows"`      // reservation ids
	ExpiredHolds    []string  `json:"expired_holds"` // reservation ids
	DueOut          []string  `json:"due_out"`       // reservation ids
	InHouse         int       `json:"in_house"`
	At              time.Time `json:"at"`
	By              string    `json:"by"`
}

// NightAuditID returns the id of the night audit of hotel on date: the
// same on every desk.
func NightAuditID(hotelID, date string) string { return hotelID + "/" + date }

var NightAudits = store.NewCollection[NightAudit](KindNightAudit)

// KindNightAudit is the kind of NightAudit documents.
const KindNightAudit = "night_audit"

func nightAuditKind() store.Kind { return store.Kind{Name: KindNightAudit} }

// NightAudit closes the business date of a hotel, once: confirmed arrivals
// of that date that did not check in become no-shows (with the no-show fee
// of their policy, under an id made of the reservation and the date, so a
// second desk auditing the same night charges the same fee, not another);
// the business date moves to the next day; and the audit is recorded under
// NightAuditID, one record per hotel and date. It writes nothing to
// tentative holds: a hold whose arrival date is now past, or whose time has
// passed, is lapsed on every read (see holdLapsed), so a confirmation made
// on another desk is never overridden by a cancellation. It returns the
// exceptions: the no-shows, the lapsed holds whose stay is not over and the
// departures of the date still in house. Auditing a date that is already
// closed changes nothing and says so, with what the record of that date
// holds; a date after the business date is EINVALID. It needs
// night_audit.approve.
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
			return s.recordedAudit(tx, hotelID, date, &res)
		case date > h.BusinessDate:
			return app.E(app.EINVALID, "booking.audit_too_early", "the business date is {business_date}; {date} cannot be audited before it", "business_date", h.BusinessDate, "date", date)
		}
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
		next := app.NextDate(date)
		for _, id := range arrivals {
			r, err := Reservations.Get(tx, id)
			if err != nil {
				return err
			}
			if r.Status != StatusConfirmed {
				continue // a hold never confirmed lapses (below); it is not a no-show
			}
			before := r
			if lastFee(r, FeeNoShow) == nil {
				noShowFee(tx, h, &r, now, a.Username)
				if n := len(r.Fees); n > len(before.Fees) {
					r.Fees[n-1].ID = id + "/no_show/" + date
				}
			}
			r.Status, r.UpdatedAt = StatusNoShow, now
			// The audit decides on what this desk saw: a check-in another
			// desk made meanwhile, cut off from this one, wins the merge
			// (integrity.go lists the fee it leaves).
			if err := tx.Yielding(func() error { return Reservations.Put(tx, id, r) }); err != nil {
				return err
			}
			if err := s.Audit.Record(tx, a, "reservation.no_show", "reservation", id, before, r); err != nil {
				return err
			}
			res.NoShows = append(res.NoShows, r)
		}
		lapsed, err := lapsedHoldsAt(tx, hotelID, date, next, now)
		if err != nil {
			return err
		}
		for _, id := range slices.Sorted(maps.Keys(lapsed)) {
			r := lapsed[id]
			r.HoldLapsed = true
			res.ExpiredHolds = append(res.ExpiredHolds, r)
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
		rec := NightAudit{ID: NightAuditID(hotelID, date), HotelID: hotelID, BusinessDate: date, NewBusinessDate: next,
			NoShows: idsOf(res.NoShows), ExpiredHolds: idsOf(res.ExpiredHolds), DueOut: idsOf(res.DueOut), InHouse: res.InHouse, At: now, By: a.Username}
		if err := NightAudits.Put(tx, rec.ID, rec); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "hotel.night_audit", "hotel", hotelID, before, h)
	})
	return res, err
}

// recordedAudit fills res with what the record of the night audit of
// hotel on date lists, as the reservations read now. A date closed without
// a record (before records were kept) leaves the lists empty.
func (s *Service) recordedAudit(tx *store.Tx, hotelID, date string, res *NightAuditResult) error {
	rec, err := NightAudits.Get(tx, NightAuditID(hotelID, date))
	if store.ErrorCode(err) == store.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	l := newLapse(tx, s.Now())
	for _, list := range []struct {
		ids []string
		out *[]Reservation
	}{{rec.NoShows, &res.NoShows}, {rec.ExpiredHolds, &res.ExpiredHolds}, {rec.DueOut, &res.DueOut}} {
		for _, id := range list.ids {
			if r, err := Reservations.Get(tx, id); err == nil {
				*list.out = append(*list.out, l.shown(r))
			}
		}
	}
	res.InHouse = rec.InHouse
	return nil
}

func idsOf(rs []Reservation) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}
