package booking

import (
	"encoding/json"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"math"
	"time"
)

// UnmarshalJSON reads a stored reservation. Its fees are a set
// (reservationGroups): a fee both desks charged while apart under one id
// (the night audit's no-show fee) is in it twice, with other times; the
// earlier one is kept, so every desk reads one fee, the same.
func (r *Reservation) UnmarshalJSON(b []byte) error {
	type plain Reservation
	if err := json.Unmarshal(b, (*plain)(r)); err != nil {
		return err
	}
	if len(r.Fees) > 1 {
		r.Fees = oneFeePerID(r.Fees)
	}
	return nil
}

// oneFeePerID keeps, of fees sharing an id, the earliest (then the one by
// the smaller actor), in the order the fees were added.
func oneFeePerID(fees []Fee) []Fee {
	keep := make(map[string]int, len(fees)) // id -> index of the fee kept
	for i, f := range fees {
		j, ok := keep[f.ID]
		if !ok || f.At.Before(fees[j].At) || f.At.Equal(fees[j].At) && f.By < fees[j].By {
			keep[f.ID] = i
		}
	}
	if len(keep) == len(fees) {
		return fees
	}
	out := make([]Fee, 0, len(keep))
	for i, f := range fees {
		if keep[f.ID] == i {
			out = append(out, f)
		}
	}
	return out
}

// Fee is one entry of a reservation's fees: a cancellation, no-show or
// change fee charged under its policy, or (Waives set, Amount negative)
// the reversal of an earlier one. Entries are only ever appended; billing
// posts them.
type Fee struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind" enum:"cancellation,no_show,change"`
	Amount   int64     `json:"amount"` // minor units; negative for a reversal
	Currency string    `json:"currency"`
	At       time.Time `json:"at"`
	By       string    `json:"by"`
	Rule     *FeeRule  `json:"rule,omitempty"` // the rule that set it; nil for a reversal
	Reason   string    `json:"reason,omitempty"`
	Waives   string    `json:"waives,omitempty"` // the id of the fee this entry reverses
}

// FeeRule is the part of a policy that set a fee, and when it applied.
type FeeRule struct {
	NonRefundable bool            `json:"non_refundable,omitempty"`
	FromHours     *int            `json:"from_hours,omitempty"` // the cancellation tier's start, hours before arrival
	HoursBefore   int             `json:"hours_before"`         // when the fee was charged, whole hours before arrival (negative after)
	Charge        property.Charge `json:"charge"`
}

// Kinds of fee.
const (
	FeeCancellation = "cancellation"
	FeeNoShow       = "no_show"
	FeeChange       = "change"
)

// policyOf returns the policy agreed for r: the one recorded when it was
// booked, else (reservations stored before policies were recorded) its
// rate plan's current one, else the hotel's.
func policyOf(tx *store.Tx, h property.Hotel, r Reservation) property.Policy {
	if r.Policy != nil {
		return *r.Policy
	}
	plan, err := property.RatePlans.Get(tx, r.RatePlanID)
	if err != nil {
		return property.HotelPolicy(h)
	}
	return property.PlanPolicy(h, plan)
}

// agreedPolicy returns the policy to record on a reservation of plan:
// a copy of the plan's policy in force now.
func agreedPolicy(h property.Hotel, plan property.RatePlan) *property.Policy {
	p := property.PlanPolicy(h, plan)
	p.Cancellation = append([]property.PolicyTier{}, p.Cancellation...)
	return &p
}

// arrivalOf returns the moment a stay arriving on checkIn arrives: the
// date at the hotel's check-in time, in its time zone.
func arrivalOf(h property.Hotel, checkIn string) time.Time {
	loc, err := time.LoadLocation(h.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	at := h.CheckInTime
	if at == "" {
		at = property.DefaultCheckInTime
	}
	arrival, err := time.ParseInLocation("2006-01-02 15:04", checkIn+" "+at, loc)
	if err != nil {
		arrival, _ = time.ParseInLocation(time.DateOnly, checkIn, loc)
	}
	return arrival.UTC()
}

// hoursBefore returns the whole hours from now to arrival, rounded down;
// negative once arrival has passed.
func hoursBefore(arrival, now time.Time) int {
	return int(math.Floor(arrival.Sub(now).Hours()))
}

// prices returns the price of each night of r.
func prices(r Reservation) []int64 {
	out := make([]int64, len(r.Nights))
	for i, n := range r.Nights {
		out[i] = n.Price
	}
	return out
}

// CancellationQuote is what cancelling a reservation costs now, and why.
type CancellationQuote struct {
	Fee      int64           `json:"fee"`
	Currency string          `json:"currency"`
	Policy   property.Policy `json:"policy"` // the policy agreed for the stay
	Arrival  time.Time       `json:"arrival"`
	// HoursBefore is the whole hours from now to arrival (negative after).
	HoursBefore   int  `json:"hours_before"`
	NonRefundable bool `json:"non_refundable,omitempty"`
	Hold          bool `json:"hold,omitempty"` // a tentative hold: cancels free
	// Tier is the cancellation tier that applies now (nil: free, before
	// the first); FreeUntil is when the first tier starts (zero when
	// there is no free period).
	Tier      *property.PolicyTier `json:"tier,omitempty"`
	FreeUntil time.Time            `json:"free_until,omitzero"`
	// NextTier starts at NextTierAt, when the fee changes next.
	NextTier   *property.PolicyTier `json:"next_tier,omitempty"`
	NextTierAt time.Time            `json:"next_tier_at,omitzero"`
}

// cancellationQuote applies policy p to cancelling r at now: a tentative
// hold cancels free; a non-refundable rate costs the full total; otherwise
// the latest tier that has started sets the fee, and before the first one
// it is free.
func cancellationQuote(h property.Hotel, p property.Policy, r Reservation, now time.Time) CancellationQuote {
	arrival := arrivalOf(h, r.CheckIn)
	q := CancellationQuote{Currency: r.Currency, Policy: p, Arrival: arrival, HoursBefore: hoursBefore(arrival, now), NonRefundable: p.NonRefundable}
	start := func(t property.PolicyTier) time.Time { return arrival.Add(-time.Duration(t.FromHours) * time.Hour) }
	if len(p.Cancellation) > 0 && !p.NonRefundable {
		q.FreeUntil = start(p.Cancellation[0])
	}
	current := -1
	for i, t := range p.Cancellation {
		if now.Before(start(t)) {
			q.NextTier, q.NextTierAt = &p.Cancellation[i], start(t)
			break
		}
		current = i
	}
	if current >= 0 {
		q.Tier = &p.Cancellation[current]
	}
	switch {
	case r.Status == StatusTentative:
		q.Hold = true
	case p.NonRefundable:
		q.Fee = r.Total
	case q.Tier != nil:
		q.Fee = q.Tier.Charge.AmountOf(prices(r), r.Total)
	}
	return q
}

// fee returns the fee entry of quote q, charged by by for reason.
func (q CancellationQuote) fee(now time.Time, by, reason string) Fee {
	rule := &FeeRule{NonRefundable: q.NonRefundable, HoursBefore: q.HoursBefore, Charge: property.Charge{Fee: property.ChargeFull}}
	if q.Tier != nil && !q.NonRefundable {
		from := q.Tier.FromHours
		rule.FromHours, rule.Charge = &from, q.Tier.Charge
	}
	return Fee{ID: app.NewID(now), Kind: FeeCancellation, Amount: q.Fee, Currency: q.Currency, At: now, By: by, Rule: rule, Reason: reason}
}

// chargeFee appends f to r's fees when it costs something: a free
// cancellation or change leaves no entry for billing.
func chargeFee(r *Reservation, f Fee) {
	if f.Amount != 0 {
		r.Fees = append(append([]Fee{}, r.Fees...), f)
	}
}

// noShowFee charges r, a confirmed stay being marked a no-show at now by
// by, its policy's no-show fee, unless one is already standing. (A
// tentative hold was never guaranteed: its callers charge it nothing.)
func noShowFee(tx *store.Tx, h property.Hotel, r *Reservation, now time.Time, by string) {
	if lastFee(*r, FeeNoShow) != nil {
		return
	}
	p := policyOf(tx, h, *r)
	arrival := arrivalOf(h, r.CheckIn)
	chargeFee(r, Fee{ID: app.NewID(now), Kind: FeeNoShow, Amount: p.NoShow.AmountOf(prices(*r), r.Total), Currency: r.Currency, At: now, By: by,
		Rule: &FeeRule{HoursBefore: hoursBefore(arrival, now), Charge: p.NoShow}})
}

// lastFee returns the latest fee of kind on r that no later entry
// reverses, or nil.
func lastFee(r Reservation, kind string) *Fee {
	waived := map[string]bool{}
	for _, f := range r.Fees {
		if f.Waives != "" {
			waived[f.Waives] = true
		}
	}
	for i := len(r.Fees) - 1; i >= 0; i-- {
		if f := r.Fees[i]; f.Kind == kind && f.Waives == "" && !waived[f.ID] {
			return &r.Fees[i]
		}
	}
	return nil
}

// ChangeFeeQuote is what a change would cost under the change policy.
type ChangeFeeQuote struct {
	Fee      int64  `json:"fee"`
	Currency string `json:"currency"`
	// Applies is true when the change moves the dates, the room type or
	// the rate plan of a confirmed stay: only those fall under the
	// change policy (a hold and a guest in house change free).
	Applies   bool            `json:"applies"`
	FreeUntil time.Time       `json:"free_until,omitzero"` // changes are free before it
	Charge    property.Charge `json:"charge"`              // the policy's fee after FreeUntil
}

// changeQuote applies the change policy agreed for before to changing it
// into after at now.
func changeQuote(tx *store.Tx, h property.Hotel, before, after Reservation, now time.Time) ChangeFeeQuote {
	p := policyOf(tx, h, before)
	arrival := arrivalOf(h, before.CheckIn)
	q := ChangeFeeQuote{Currency: before.Currency, Charge: p.Change.Charge, FreeUntil: arrival.Add(-time.Duration(p.Change.FreeHours) * time.Hour)}
	if q.Charge.Fee == "" {
		q.Charge.Fee = property.ChargeNone
	}
	q.Applies = before.Status == StatusConfirmed && (after.CheckIn != before.CheckIn || after.CheckOut != before.CheckOut ||
		after.RoomTypeID != before.RoomTypeID || after.RatePlanID != before.RatePlanID)
	if q.Applies && !now.Before(q.FreeUntil) {
		q.Fee = p.Change.Charge.AmountOf(prices(before), before.Total)
	}
	return q
}

// fee returns the change fee entry of quote q, charged at now by by, at
// hours before arrival.
func (q ChangeFeeQuote) fee(now time.Time, by string, hours int) Fee {
	return Fee{ID: app.NewID(now), Kind: FeeChange, Amount: q.Fee, Currency: q.Currency, At: now, By: by,
		Rule: &FeeRule{HoursBefore: hours, Charge: q.Charge}}
}

// errChangeFeeChanged says that a change now costs fee, not the expected.
func errChangeFeeChanged(fee, expected int64) error {
	return app.E(app.ECONFLICT, "booking.change_fee_changed", "the change fee is now {fee}, not {expected}; look at the change again", "fee", fee, "expected", expected)
}

// chargeChange quotes the change fee of changing before into r and, when
// it costs something, appends it to r's fees (the quote changes nothing:
// r is not stored). expected, when set, must equal the fee, else
// ECONFLICT.
func (s *Service) chargeChange(tx *store.Tx, a app.Actor, before Reservation, r *Reservation, expected *int64) (ChangeFeeQuote, error) {
	h, err := property.Hotels.Get(tx, before.HotelID)
	if err != nil {
		return ChangeFeeQuote{}, err
	}
	now := s.Now()
	q := changeQuote(tx, h, before, *r, now)
	if expected != nil && *expected != q.Fee {
		return q, errChangeFeeChanged(q.Fee, *expected)
	}
	chargeFee(r, q.fee(now, a.Username, hoursBefore(arrivalOf(h, before.CheckIn), now)))
	return q, nil
}
