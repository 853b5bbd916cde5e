package booking

import (
	"context"
	"errors"
	"fmt"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// reservationInScope returns reservation id when its hotel is in the
// actor's scope; others answer ENOTFOUND.
func reservationInScope(tx *store.Tx, a app.Actor, id string) (Reservation, error) {
	r, err := Reservations.Get(tx, id)
	if err != nil || !a.Hotels.Includes(r.HotelID) {
		return Reservation{}, app.E(app.ENOTFOUND, "booking.reservation_not_found", "reservation \"{id}\" not found", "id", id)
	}
	return r, nil
}

// reservationWithHotel returns reservation id, when its hotel is in a's
// scope, with that hotel.
func reservationWithHotel(tx *store.Tx, a app.Actor, id string) (Reservation, property.Hotel, error) {
	r, err := reservationInScope(tx, a, id)
	if err != nil {
		return Reservation{}, property.Hotel{}, err
	}
	h, err := property.Hotels.Get(tx, r.HotelID)
	return r, h, err
}

// GetReservation returns reservation id.
func (s *Service) GetReservation(ctx context.Context, a app.Actor, id string) (Reservation, error) {
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return Reservation{}, err
	}
	var r Reservation
	err := s.DB.View(func(tx *store.Tx) error {
		var err error
		if r, err = reservationInScope(tx, a, id); err != nil {
			return err
		}
		r = newLapse(tx, s.Now()).shown(r)
		return withTax(tx, &r)
	})
	return r, err
}

// ReservationFilter selects reservations.
type ReservationFilter struct {
	HotelID string
	Q       string // a confirmation code, words of the guest's name, or phone digits
	Status  string
	From    string // stays that end after From (check_out > From)
	To      string // and start before To (check_in < To)
	Limit   int
	Cursor  string // continue after this page (a ReservationPage's Next)

	CompanyID string // only the reservations of this company
	AgentID   string // only those of this travel agent
}

// ListReservations returns the first page of PageReservations.
func (s *Service) ListReservations(ctx context.Context, a app.Actor, f ReservationFilter) ([]Reservation, error) {
	p, err := s.PageReservations(ctx, a, f)
	return p.Reservations, err
}

// PageReservations returns the reservations that match f, by arrival date
// then code; at most f.Limit (default 100, at most 1000) from f.Cursor
// on. A search (f.Q) answers in the order of compareForDesk instead. The
// page's Next continues the same list, in the same order, after its last
// reservation: every reservation is on exactly one page (see listKey). A
// cursor that is not one answers EINVALID.
func (s *Service) PageReservations(ctx context.Context, a app.Actor, f ReservationFilter) (ReservationPage, error) {
	page := ReservationPage{Reservations: []Reservation{}}
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return page, err
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	if f.Limit > 1000 {
		f.Limit = 1000
	}
	for _, d := range []string{f.From, f.To} {
		if d != "" {
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				return page, app.E(app.EINVALID, "booking.not_a_date", "\"{date}\" is not a date (YYYY-MM-DD)", "date", d)
			}
		}
	}
	if f.Status != "" && !slices.Contains([]string{StatusTentative, StatusConfirmed, StatusCheckedIn, StatusCheckedOut, StatusCancelled, StatusNoShow}, f.Status) {
		return page, app.E(app.EINVALID, "booking.unknown_status", "unknown status \"{status}\"", "status", f.Status)
	}
	q := strings.TrimSpace(f.Q)
	after, err := decodeListCursor(f.Cursor, q != "")
	if err != nil {
		return page, err
	}
	out := []listed{}
	err = s.DB.View(func(tx *store.Tx) error {
		if f.HotelID != "" {
			if _, err := s.property.HotelInScope(tx, a, f.HotelID); err != nil {
				return err
			}
		}
		match := func(r Reservation) bool {
			return a.Hotels.Includes(r.HotelID) && (f.HotelID == "" || r.HotelID == f.HotelID) &&
				(f.Status == "" || r.Status == f.Status) && (f.From == "" || r.CheckOut > f.From) && (f.To == "" || r.CheckIn < f.To) && f.matchesProfiles(r)
		}
		today := map[string]string{}
		keyOf := func(r Reservation) (listKey, error) {
			if q == "" {
				return listKey{In: r.CheckIn, Code: r.Code, ID: r.ID}, nil
			}
			// A search is for the guest at the desk: their stay is today's
			// or a coming one, so those come first, not the oldest ones.
			if _, ok := today[r.HotelID]; !ok {
				h, err := property.Hotels.Get(tx, r.HotelID)
				if err != nil {
					return listKey{}, err
				}
				today[r.HotelID] = h.BusinessDate
			}
			return deskKey(r, today[r.HotelID]), nil
		}
		seen := map[string]bool{}
		l := newLapse(tx, s.Now())
		add := func(id string) error {
			if seen[id] {
				return nil
			}
			seen[id] = true
			r, err := Reservations.Get(tx, id)
			if err != nil {
				return err
			}
			if !match(r) {
				return nil
			}
			k, err := keyOf(r)
			if err != nil {
				return err
			}
			if after != nil && k.compare(*after) <= 0 {
				return nil // on an earlier page
			}
			out = append(out, listed{l.shown(r), k})
			return nil
		}
		switch {
		case q != "":
			ids, err := searchReservations(tx, q)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := add(id); err != nil {
					return err
				}
			}
		case f.CompanyID != "" || f.AgentID != "":
			ids, err := profileReservations(tx, f.profileID())
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := add(id); err != nil {
					return err
				}
			}
		case f.HotelID != "":
			// Arrivals up to To; stays end after From, and no stay is longer
			// than MaxNights, so arrivals before From-MaxNights cannot match;
			// nor can arrivals before the cursor's.
			from := ""
			if f.From != "" {
				if t, err := time.Parse(time.DateOnly, f.From); err == nil {
					from = t.AddDate(0, 0, -MaxNights).Format(time.DateOnly)
				}
			}
			if after != nil && after.In > from {
				from = after.In
			}
			to := f.HotelID + app.KeySep + "\x7f"
			if f.To != "" {
				to = f.HotelID + app.KeySep + f.To
			}
			last := ""
			if err := tx.Scan(KindReservation, IndexReservationArrival, f.HotelID+app.KeySep+from, to, func(k, id string) error {
				// The index is in arrival order: once the page is full, a
				// later arrival date cannot come before its last one.
				arrival := strings.TrimPrefix(k, f.HotelID+app.KeySep)
				if len(out) > f.Limit && arrival > last {
					return errPageFull
				}
				n := len(out)
				if err := add(id); err != nil {
					return err
				}
				if len(out) > n {
					last = arrival
				}
				return nil
			}); err != nil && !errors.Is(err, errPageFull) {
				return err
			}
		default:
			if err := tx.ForEach(KindReservation, func(d store.Doc) error { return add(d.ID) }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return page, err
	}
	slices.SortFunc(out, func(x, y listed) int { return x.key.compare(y.key) })
	if len(out) > f.Limit {
		out = out[:f.Limit]
		page.Next = out[len(out)-1].key.encode()
	}
	for _, l := range out {
		page.Reservations = append(page.Reservations, l.r)
	}
	return page, nil
}

// deskGroup places r for a search at the desk on business date today:
// 0 arriving today or later, 1 in house, 2 over.
func deskGroup(r Reservation, today string) int {
	switch {
	case r.CheckIn >= today:
		return 0
	case r.Status == StatusCheckedIn:
		return 1
	case r.CheckOut > today && (r.Status == StatusConfirmed || r.Status == StatusTentative):
		// Due already and not arrived yet: still to be dealt with today.
		return 1
	default:
		return 2
	}
}

// compareForDesk orders search results as the desk needs them, each by
// the business date of its hotel: today's and coming stays first, the
// nearest first; then the guests in house, the earliest to leave first;
// then the stays that are over, the latest first. Code, then id, breaks
// ties.
func compareForDesk(x, y Reservation, todayX, todayY string) int {
	return deskKey(x, todayX).compare(deskKey(y, todayY))
}

// searchReservations returns the ids of reservations whose code is q, or
// whose guest name words match every word of q by prefix, a number of four
// or more digits matching phone numbers that start or end with it.
func searchReservations(tx *store.Tx, q string) ([]string, error) {
	code := strings.ToUpper(strings.TrimSpace(q))
	var ids []string
	if err := tx.ScanPrefix(KindReservation, IndexReservationCode, code, func(k, id string) error {
		ids = append(ids, id)
		return nil
	}); err != nil {
		return nil, err
	}
	if len(ids) > 0 {
		return ids, nil
	}
	words := app.QueryWords(q)
	if len(words) == 0 {
		return nil, nil
	}
	var result map[string]bool
	for _, w := range words {
		hits := map[string]bool{}
		prefixes := []string{w}
		if len(w) >= 4 && strings.Trim(w, "0123456789") == "" {
			prefixes = app.PhonePrefixes(w) // numbers that start or end with w
		}
		for _, p := range prefixes {
			if err := tx.ScanPrefix(KindReservation, IndexReservationSearch, p, func(_, id string) error {
				if len(hits) < 5000 {
					hits[id] = true
				}
				return nil
			}); err != nil {
				return nil, err
			}
		}
		if result == nil {
			result = hits
			continue
		}
		for id := range result {
			if !hits[id] {
				delete(result, id)
			}
		}
	}
	for id := range result {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

// ReservationPatch changes a reservation; nil fields stay.
type ReservationPatch struct {
	CheckIn         *string `json:"check_in"`
	CheckOut        *string `json:"check_out"`
	RoomTypeID      *string `json:"room_type_id"`
	RatePlanID      *string `json:"rate_plan_id"`
	RoomID          *string `json:"room_id"`
	Adults          *int    `json:"adults"`
	Children        *int    `json:"children"`
	SpecialRequests *string `json:"special_requests"`

	// The company and the travel agent (app/company): "" removes one,
	// another id names a profile of the hotel that is not archived.
	CompanyID *string `json:"company_id"`
	AgentID   *string `json:"agent_id"`

	// ExpectedChangeFee is the change fee the quote showed; a different
	// fee now is ECONFLICT (policy.go).
	ExpectedChangeFee *int64 `json:"expected_change_fee"`
}

// Modified is a changed reservation and what the change costs.
type Modified struct {
	Reservation Reservation    `json:"reservation"`
	Difference  int64          `json:"difference"`       // new total - old total
	Nights      []NightChange  `json:"nights,omitempty"` // per night, the price before and after
	ChangeFee   ChangeFeeQuote `json:"change_fee"`       // what the change costs under the change policy
}

// NightChange is one night of a modification: its price before and after.
// A night the stay gains has no price before; one it loses, none after.
type NightChange struct {
	Date   string `json:"date"`
	Old    int64  `json:"old"` // 0 for an added night
	New    int64  `json:"new"` // 0 for a removed night
	Change string `json:"change" enum:"kept,repriced,added,removed"`
	// After the change: the rate's price and the mark of a price set by
	// hand or discounted (see NightPrice).
	RatePrice int64  `json:"rate_price,omitempty"`
	Adjusted  string `json:"adjusted,omitempty" enum:",override,comp,discount"`
}

// Night changes.
const (
	NightKept     = "kept"     // the booked price stays
	NightRepriced = "repriced" // priced again at today's rates
	NightAdded    = "added"    // a new night, at today's rates
	NightRemoved  = "removed"  // no longer part of the stay
)

// ModifyReservation changes dates, room type, rate plan, room or party of
// a reservation and returns the price difference. A night keeps its booked
// price unless its room type, rate plan or party changes; new nights are
// priced at today's rates; a checked-in stay's nights before the business
// date never change. A checked-in stay may change only its departure, party
// and requests (moves go through AssignRoom). The capacity check and the
// write are one transaction.
func (s *Service) ModifyReservation(ctx context.Context, a app.Actor, id string, p ReservationPatch) (Modified, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Modified{}, err
	}
	var m Modified
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, r, nights, err := s.modify(tx, a, id, p)
		if err != nil {
			return err
		}
		fee, err := s.chargeChange(tx, a, before, &r, p.ExpectedChangeFee)
		if err != nil {
			return err
		}
		if err := Reservations.Put(tx, id, r); err != nil {
			return err
		}
		m = Modified{Reservation: r, Difference: r.Total - before.Total, Nights: nights, ChangeFee: fee}
		if err := withTax(tx, &m.Reservation); err != nil {
			return err
		}
		return s.Audit.Record(tx, a, "reservation.update", "reservation", id, before, r)
	})
	return m, err
}

// QuoteModification answers what ModifyReservation would do with p, per
// night the price before and after, and changes nothing.
func (s *Service) QuoteModification(ctx context.Context, a app.Actor, id string, p ReservationPatch) (Modified, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Modified{}, err
	}
	var m Modified
	err := s.DB.View(func(tx *store.Tx) error {
		before, r, nights, err := s.modify(tx, a, id, p)
		if err != nil {
			return err
		}
		fee, err := s.chargeChange(tx, a, before, &r, nil)
		if err != nil {
			return err
		}
		m = Modified{Reservation: r, Difference: r.Total - before.Total, Nights: nights, ChangeFee: fee}
		return withTax(tx, &m.Reservation)
	})
	return m, err
}

// modify checks patch p against reservation id and returns it before and
// after the change, with the price of every night before and after; it
// writes nothing.
func (s *Service) modify(tx *store.Tx, a app.Actor, id string, p ReservationPatch) (Reservation, Reservation, []NightChange, error) {
	before, h, err := reservationWithHotel(tx, a, id)
	if err != nil {
		return before, before, nil, err
	}
	r := before
	r.RoomHistory = slices.Clone(before.RoomHistory)
	fail := func(err error) (Reservation, Reservation, []NightChange, error) { return before, before, nil, err }
	switch r.Status {
	case StatusTentative:
		if holdLapsed(r, s.Now(), h.BusinessDate) {
			return fail(errHoldExpiredAt(r.HoldUntil))
		}
	case StatusConfirmed:
	case StatusCheckedIn:
		// A guest in house whose stay a merge moved past the business date
		// (integrity.go) gets the arrival back: the one change of arrival
		// an in-house stay allows.
		fixArrival := p.CheckIn != nil && r.CheckIn > h.BusinessDate && *p.CheckIn <= h.BusinessDate
		if p.CheckIn != nil && *p.CheckIn != r.CheckIn && !fixArrival || p.RoomTypeID != nil && *p.RoomTypeID != r.RoomTypeID ||
			p.RatePlanID != nil && *p.RatePlanID != r.RatePlanID || p.RoomID != nil && *p.RoomID != r.RoomID {
			return fail(app.E(app.ECONFLICT, "booking.in_house_change", "the guest is in house: only the departure, the party and the requests can change (move rooms with assign)"))
		}
	default:
		return fail(app.E(app.ECONFLICT, "booking.cannot_change", "a {status} reservation cannot be changed", "status", statusWord(r.Status)))
	}
	if p.CheckIn != nil {
		r.CheckIn = *p.CheckIn
	}
	if p.CheckOut != nil {
		r.CheckOut = *p.CheckOut
	}
	if p.RoomTypeID != nil && *p.RoomTypeID != r.RoomTypeID {
		r.RoomTypeID = *p.RoomTypeID
		if p.RoomID == nil {
			r.RoomID = "" // the old room is of the old type
		}
		if p.RatePlanID == nil {
			return fail(app.E(app.EINVALID, "booking.new_room_type_needs_plan", "a new room type needs a rate plan of that type (rate_plan_id)"))
		}
	}
	if p.RatePlanID != nil {
		r.RatePlanID = *p.RatePlanID
	}
	if p.Adults != nil {
		r.Adults = *p.Adults
	}
	if p.Children != nil {
		r.Children = *p.Children
	}
	if p.SpecialRequests != nil {
		if len(*p.SpecialRequests) > 2000 {
			return fail(app.E(app.EINVALID, "booking.special_requests_too_long", "special_requests is at most 2000 characters"))
		}
		r.SpecialRequests = strings.TrimSpace(*p.SpecialRequests)
	}
	if err := checkGuests(r.Adults, r.Children); err != nil {
		return fail(err)
	}
	if err := changeProfiles(tx, a, &r, p); err != nil {
		return fail(err)
	}
	notBefore, horizon := h.BusinessDate, h
	if r.CheckIn == before.CheckIn {
		// An unchanged arrival may lie in the past (in house), or
		// beyond a horizon shortened since it was booked.
		notBefore, horizon = "", property.Hotel{}
	}
	st, err := parseStayIn(r.CheckIn, r.CheckOut, notBefore, horizon)
	if err != nil {
		return fail(err)
	}
	if r.Status == StatusCheckedIn && r.CheckOut <= h.BusinessDate {
		return fail(app.E(app.EINVALID, "booking.in_house_departure", "the departure of a guest in house cannot be before tomorrow ({tomorrow}); check out instead", "tomorrow", app.NextDate(h.BusinessDate)))
	}
	t, plan, err := typeAndPlan(tx, h.ID, r.RoomTypeID, r.RatePlanID)
	if err != nil {
		return fail(err)
	}
	if r.Adults > t.MaxAdults || r.Children > t.MaxChildren {
		return fail(errOverCapacity(t))
	}
	q, err := quote(tx, plan, st, r.Adults, r.Children)
	if err != nil {
		return fail(err)
	}
	if r.RatePlanID != before.RatePlanID {
		r.Policy = agreedPolicy(h, plan) // a new plan sells its own terms
	}
	samePrice := r.RoomTypeID == before.RoomTypeID && r.RatePlanID == before.RatePlanID && r.Adults == before.Adults && r.Children == before.Children
	if !q.Bookable && r.Status != StatusCheckedIn && !(samePrice && r.CheckIn == before.CheckIn && r.CheckOut == before.CheckOut) {
		// The plan's rules apply to what the change sells: a stay it
		// leaves as booked is not sold again (requests, a room move).
		return fail(errPlanRefuses(plan, q.Reasons))
	}
	occ, err := loadOccupancy(tx, h.ID, []string{t.ID}, st.nights)
	if err != nil {
		return fail(err)
	}
	lapsed, err := lapsedHolds(tx, h.ID, s.Now())
	if err != nil {
		return fail(err)
	}
	// Other lapsed holds hold nothing; this reservation's own nights,
	// still in the index whether or not it lapsed, are taken off below.
	delete(lapsed, before.ID)
	occ.forget(lapsed)
	for _, night := range app.Nights(before.CheckIn, before.CheckOut) {
		if before.RoomTypeID == t.ID && occ.held[night] != nil {
			occ.held[night][t.ID]-- // this reservation's own nights
		}
	}
	if err := s.roomsForChange(tx, h, occ, lapsed, before, &r, t, st); err != nil {
		return fail(err)
	}
	if p.RoomID != nil {
		r.RoomID = *p.RoomID
	}
	if r.RoomID != "" {
		if _, err := roomForStay(tx, h.ID, r.RoomID, t.ID, st.nights, r.ID, s.Now()); err != nil {
			return fail(err)
		}
		if r.RoomID != before.RoomID {
			r.RoomHistory = append(r.RoomHistory, RoomMove{RoomID: r.RoomID, From: st.checkIn, At: s.Now(), By: a.Username, Reason: "changed with the reservation", ReasonKey: "booking.moved_with_reservation"})
		}
	}
	slept := ""
	if r.Status == StatusCheckedIn {
		slept = h.BusinessDate
	}
	r.Nights, r.Total = keepPrices(before.Nights, q.Nights, samePrice, slept, r.DiscountPercent)
	r.UpdatedAt = s.Now()
	return before, r, nightChanges(before.Nights, r.Nights), nil
}

// keepPrices returns the nights of a changed stay with their prices: a
// night the stay had keeps its booked price (and its mark of a price set
// by hand) when same (its room type, rate plan and party are unchanged),
// and always when it is before slept (the business date of a guest in
// house); the others take their price from quoted, today's rates, less
// the percent discount in force.
func keepPrices(booked, quoted []NightPrice, same bool, slept string, percent int) ([]NightPrice, int64) {
	old := map[string]NightPrice{}
	for _, n := range booked {
		old[n.Date] = n
	}
	out := make([]NightPrice, len(quoted))
	var total int64
	for i, n := range quoted {
		if kept, ok := old[n.Date]; ok && (same || n.Date < slept) {
			n = kept
		} else {
			discount(&n, percent)
		}
		out[i] = n
		total += n.Price
	}
	return out, total
}

// nightChanges lists, by date, every night of the stay before or after a
// change with its price before and after.
func nightChanges(before, after []NightPrice) []NightChange {
	byDate := map[string]*NightChange{}
	out := []NightChange{}
	for _, n := range before {
		byDate[n.Date] = &NightChange{Date: n.Date, Old: n.Price, Change: NightRemoved}
	}
	for _, n := range after {
		c, ok := byDate[n.Date]
		switch {
		case !ok:
			byDate[n.Date] = &NightChange{Date: n.Date, New: n.Price, Change: NightAdded}
		case c.Old == n.Price:
			c.New, c.Change = n.Price, NightKept
		default:
			c.New, c.Change = n.Price, NightRepriced
		}
		byDate[n.Date].RatePrice, byDate[n.Date].Adjusted = n.RatePrice, n.Adjusted
	}
	for _, c := range byDate {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(x, y NightChange) int { return strings.Compare(x.Date, y.Date) })
	return out
}

// CancellationFee previews the fee of cancelling reservation id now.
func (s *Service) CancellationFee(ctx context.Context, a app.Actor, id string) (CancellationQuote, error) {
	if err := a.Require(app.Perm("reservations", "view")); err != nil {
		return CancellationQuote{}, err
	}
	var q CancellationQuote
	err := s.DB.View(func(tx *store.Tx) error {
		r, h, err := reservationWithHotel(tx, a, id)
		if err != nil {
			return err
		}
		q = cancellationQuote(h, policyOf(tx, h, r), r, s.Now())
		return nil
	})
	return q, err
}

// CancelInput confirms a cancellation.
type CancelInput struct {
	Reason      string `json:"reason"`
	ExpectedFee *int64 `json:"expected_fee"` // the previewed fee; a different fee now is ECONFLICT
}

// CancelReservation cancels a tentative or confirmed reservation under the
// hotel's policy and frees its rooms.
func (s *Service) CancelReservation(ctx context.Context, a app.Actor, id string, in CancelInput) (Reservation, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Reservation{}, err
	}
	if utf8.RuneCountInString(in.Reason) > 500 {
		return Reservation{}, app.E(app.EINVALID, "booking.reason_too_long", "the reason is at most 500 characters")
	}
	return s.transition(a, id, "reservation.cancel", func(tx *store.Tx, h property.Hotel, r *Reservation) error {
		q, err := cancel(tx, h, r, s.Now(), a.Username, in.Reason)
		if err != nil {
			return err
		}
		if in.ExpectedFee != nil && *in.ExpectedFee != q.Fee {
			return app.E(app.ECONFLICT, "booking.cancellation_fee_changed", "the cancellation fee is now {fee}, not {expected}; preview it again", "fee", q.Fee, "expected", *in.ExpectedFee)
		}
		return nil
	})
}

// cancel cancels r, a tentative or confirmed stay, at now under its agreed
// policy, recording its fee as charged by by for reason; it returns the
// quote it applied. The caller writes r, or returns an error and writes
// nothing.
func cancel(tx *store.Tx, h property.Hotel, r *Reservation, now time.Time, by, reason string) (CancellationQuote, error) {
	if r.Status != StatusTentative && r.Status != StatusConfirmed {
		return CancellationQuote{}, app.E(app.ECONFLICT, "booking.cannot_cancel", "a {status} reservation cannot be cancelled", "status", statusWord(r.Status))
	}
	q := cancellationQuote(h, policyOf(tx, h, *r), *r, now)
	r.Status = StatusCancelled
	r.Cancellation = &Cancellation{At: now, Fee: q.Fee, Reason: strings.TrimSpace(reason)}
	chargeFee(r, q.fee(now, by, r.Cancellation.Reason))
	return q, nil
}

// ConfirmReservation turns a tentative hold into a confirmed booking.
func (s *Service) ConfirmReservation(ctx context.Context, a app.Actor, id string) (Reservation, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Reservation{}, err
	}
	return s.transition(a, id, "reservation.confirm", func(tx *store.Tx, h property.Hotel, r *Reservation) error {
		if r.Status != StatusTentative {
			return app.E(app.ECONFLICT, "booking.confirm_not_tentative", "only a tentative hold can be confirmed; this one is {status}", "status", statusWord(r.Status))
		}
		if holdLapsed(*r, s.Now(), h.BusinessDate) {
			return errHoldExpiredAt(r.HoldUntil)
		}
		r.Status, r.HoldUntil = StatusConfirmed, time.Time{}
		return nil
	})
}

// AssignInput assigns or moves a room.
type AssignInput struct {
	RoomID string `json:"room_id"`
	Reason string `json:"reason"`
}

// AssignRoom assigns a room of the reservation's type, or moves the guest
// to another; the history keeps every room and why. For a guest in house
// the move takes effect from today's business date and the old room turns
// dirty.
func (s *Service) AssignRoom(ctx context.Context, a app.Actor, id string, in AssignInput) (Reservation, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Reservation{}, err
	}
	if in.RoomID == "" || utf8.RuneCountInString(in.Reason) > 500 {
		return Reservation{}, app.E(app.EINVALID, "booking.assign_needs_room", "assign needs a room_id (and a reason of at most 500 characters)")
	}
	return s.transition(a, id, "reservation.assign", func(tx *store.Tx, h property.Hotel, r *Reservation) error {
		if !HoldsInventory(r.Status) {
			return app.E(app.ECONFLICT, "booking.holds_no_room", "a {status} reservation holds no room", "status", statusWord(r.Status))
		}
		from := r.CheckIn
		if r.Status == StatusCheckedIn && h.BusinessDate > from {
			from = h.BusinessDate
		}
		if _, err := roomForStay(tx, h.ID, in.RoomID, r.RoomTypeID, app.Nights(from, r.CheckOut), r.ID, s.Now()); err != nil {
			return err
		}
		if r.RoomID == in.RoomID {
			return nil
		}
		if r.Status == StatusCheckedIn && r.RoomID != "" {
			if err := s.markRoom(tx, a, r.RoomID, property.RoomDirty); err != nil {
				return err
			}
		}
		r.RoomID = in.RoomID
		r.RoomHistory = append(r.RoomHistory, RoomMove{RoomID: in.RoomID, From: from, At: s.Now(), By: a.Username, Reason: strings.TrimSpace(in.Reason)})
		return nil
	})
}

// CheckInInput checks a guest in.
type CheckInInput struct {
	RoomID         string `json:"room_id"`
	OverrideReason string `json:"override_reason"` // lets a room that is not clean be used
}

// CheckInReservation checks the guest in on the arrival date: it assigns a
// room when none is (a clean or inspected free one of the type), and
// refuses a room that is not clean or inspected unless an override reason
// is given.
func (s *Service) CheckInReservation(ctx context.Context, a app.Actor, id string, in CheckInInput) (Reservation, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Reservation{}, err
	}
	if utf8.RuneCountInString(in.OverrideReason) > 500 {
		return Reservation{}, app.E(app.EINVALID, "booking.override_reason_too_long", "the override reason is at most 500 characters")
	}
	var out Reservation
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		r, h, err := reservationWithHotel(tx, a, id)
		if err != nil {
			return err
		}
		out, err = s.checkIn(tx, a, h, r, in.RoomID, strings.TrimSpace(in.OverrideReason))
		return err
	})
	return out, err
}

func (s *Service) checkIn(tx *store.Tx, a app.Actor, h property.Hotel, r Reservation, roomID, override string) (Reservation, error) {
	before := r
	switch {
	case r.Status == StatusTentative && !s.Now().Before(r.HoldUntil):
		return r, app.E(app.ECONFLICT, "booking.hold_expired", "the hold expired; book again")
	case r.Status != StatusConfirmed && r.Status != StatusTentative:
		return r, app.E(app.ECONFLICT, "booking.cannot_check_in", "a {status} reservation cannot be checked in", "status", statusWord(r.Status))
	case r.CheckIn != h.BusinessDate:
		return r, app.E(app.ECONFLICT, "booking.not_arrival_date", "this reservation arrives on {check_in}; the business date is {business_date}", "check_in", r.CheckIn, "business_date", h.BusinessDate)
	}
	nights := app.Nights(r.CheckIn, r.CheckOut)
	if roomID == "" {
		roomID = r.RoomID
	}
	var rm property.Room
	var err error
	if roomID == "" {
		if rm, err = pickRoom(tx, h.ID, r.RoomTypeID, nights, r.ID, s.Now()); err != nil {
			return r, err
		}
	} else if rm, err = roomForStay(tx, h.ID, roomID, r.RoomTypeID, nights, r.ID, s.Now()); err != nil {
		return r, err
	}
	if rm.Housekeeping != property.RoomClean && rm.Housekeeping != property.RoomInspected && override == "" {
		return r, app.E(app.ECONFLICT, "booking.room_not_clean", "room {room} is {housekeeping}; choose a clean room or give a reason to override", "room", rm.Number, "housekeeping", housekeepingWord(rm.Housekeeping))
	}
	now := s.Now()
	if r.RoomID != rm.ID {
		r.RoomHistory = append(r.RoomHistory, RoomMove{RoomID: rm.ID, From: r.CheckIn, At: now, By: a.Username, Reason: override})
	}
	r.RoomID, r.Status, r.CheckedInAt, r.HoldUntil, r.UpdatedAt = rm.ID, StatusCheckedIn, now, time.Time{}, now
	if r.ArrivedAt.IsZero() {
		r.ArrivedAt = now
	}
	if err := Reservations.Put(tx, r.ID, r); err != nil {
		return r, err
	}
	after := map[string]any{"status": r.Status, "room_id": r.RoomID}
	if override != "" {
		after["override_reason"] = override
	}
	return r, s.Audit.Record(tx, a, "reservation.check_in", "reservation", r.ID, map[string]any{"status": before.Status, "room_id": before.RoomID}, after)
}

// pickRoom returns a free, clean or inspected room of the type for nights.
func pickRoom(tx *store.Tx, hotelID, typeID string, nights []string, except string, now time.Time) (property.Room, error) {
	var found property.Room
	var anyFree bool
	err := tx.ScanPrefix(property.KindRoom, property.IndexRoomHotelType, hotelID+app.KeySep+typeID, func(key, id string) error {
		if found.ID != "" || key != hotelID+app.KeySep+typeID {
			return nil
		}
		rm, err := roomForStay(tx, hotelID, id, typeID, nights, except, now)
		if app.ErrorCode(err) == app.ECONFLICT {
			return nil
		}
		if err != nil {
			return err
		}
		anyFree = true
		if rm.Housekeeping == property.RoomClean || rm.Housekeeping == property.RoomInspected {
			found = rm
		}
		return nil
	})
	if err != nil {
		return property.Room{}, err
	}
	if found.ID == "" {
		if anyFree {
			return property.Room{}, app.E(app.ECONFLICT, "booking.no_clean_room", "no free room of this type is clean; choose one and give a reason to override")
		}
		return property.Room{}, app.E(app.ECONFLICT, "booking.no_room_for_stay", "no room of this type is free for the whole stay")
	}
	return found, nil
}

// CheckOutReservation checks the guest out: the room turns dirty, and a
// departure before the booked one frees the remaining nights.
func (s *Service) CheckOutReservation(ctx context.Context, a app.Actor, id string) (Reservation, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Reservation{}, err
	}
	return s.transition(a, id, "reservation.check_out", func(tx *store.Tx, h property.Hotel, r *Reservation) error {
		if r.Status != StatusCheckedIn {
			return app.E(app.ECONFLICT, "booking.check_out_not_in_house", "only a guest in house can check out; this reservation is {status}", "status", statusWord(r.Status))
		}
		if h.BusinessDate < r.CheckOut {
			// Leaving early: keep the nights slept (at least one).
			end := h.BusinessDate
			if end <= r.CheckIn {
				end = app.NextDate(r.CheckIn)
			}
			kept := r.Nights[:0:0]
			var total int64
			for _, n := range r.Nights {
				if n.Date < end {
					kept = append(kept, n)
					total += n.Price
				}
			}
			r.CheckOut, r.Nights, r.Total = end, kept, total
		}
		r.Status, r.CheckedOutAt = StatusCheckedOut, s.Now()
		return s.markRoom(tx, a, r.RoomID, property.RoomDirty)
	})
}

// NoShowReservation marks a reservation whose guest did not come.
func (s *Service) NoShowReservation(ctx context.Context, a app.Actor, id string) (Reservation, error) {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return Reservation{}, err
	}
	return s.transition(a, id, "reservation.no_show", func(tx *store.Tx, h property.Hotel, r *Reservation) error {
		if r.Status != StatusConfirmed && r.Status != StatusTentative {
			return app.E(app.ECONFLICT, "booking.cannot_no_show", "a {status} reservation cannot be a no-show", "status", statusWord(r.Status))
		}
		if r.CheckIn > h.BusinessDate {
			return app.E(app.ECONFLICT, "booking.not_due_yet", "the guest is due on {check_in}, after the business date {business_date}", "check_in", r.CheckIn, "business_date", h.BusinessDate)
		}
		if r.Status == StatusConfirmed { // a hold was never guaranteed: no fee
			noShowFee(tx, h, r, s.Now(), a.Username)
		}
		r.Status = StatusNoShow
		return nil
	})
}

// transition loads a reservation in scope, lets change modify it, and
// stores and audits the result, in one transaction.
func (s *Service) transition(a app.Actor, id, action string, change func(tx *store.Tx, h property.Hotel, r *Reservation) error) (Reservation, error) {
	var out Reservation
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, h, err := reservationWithHotel(tx, a, id)
		if err != nil {
			return err
		}
		r := before
		r.RoomHistory = slices.Clone(before.RoomHistory)
		if err := change(tx, h, &r); err != nil {
			return err
		}
		r.UpdatedAt = s.Now()
		if err := Reservations.Put(tx, id, r); err != nil {
			return err
		}
		out = r
		return s.Audit.Record(tx, a, action, "reservation", id, before, r)
	})
	return out, err
}

// markRoom sets a room's housekeeping status within tx, audited.
func (s *Service) markRoom(tx *store.Tx, a app.Actor, roomID, status string) error {
	if roomID == "" {
		return nil
	}
	before, err := property.Rooms.Get(tx, roomID)
	if err != nil {
		return fmt.Errorf("room %s: %w", roomID, err)
	}
	if before.Housekeeping == status {
		return nil
	}
	r := before
	r.Housekeeping, r.UpdatedAt = status, s.Now()
	if err := property.Rooms.Put(tx, roomID, r); err != nil {
		return err
	}
	return s.Audit.Record(tx, a, "room.housekeeping", "room", roomID, before, r)
}
