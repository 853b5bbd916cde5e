package booking

import (
	"context"
	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
	"math/bits"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Price control: the agreed price of a stay changed by hand (a night's
// price, the stay's total, complimentary nights, a discount), under the
// permission pricing.approve, with a reason, kept in the reservation's
// price history and the audit log. See docs/booking.md "Price control".

// Marks of an adjusted night (NightPrice.Adjusted).
const (
	AdjustedOverride = "override" // its price was set by hand (a night's price or the stay's total)
	AdjustedComp     = "comp"     // complimentary: price 0
	AdjustedDiscount = "discount" // the rate's price less a discount
)

// Limits of a price change.
const (
	MaxPriceReason = 500
	MaxNightPrice  = 100_000_000_00 // 100 million in major units: a typing error above that
)

// NightOverride sets the agreed price of one night.
type NightOverride struct {
	Date  string `json:"date"`
	Price int64  `json:"price"`
}

// PriceChange is what a price change does, in this order: night prices
// (Nights) or a new total of the stay (StayTotal, spread over the nights
// that can still change, the remainder on the last of them), then
// complimentary nights (Comp), then a discount (an amount off the stay,
// shared over its nights by price, or a percent off each night). Reason
// is required.
type PriceChange struct {
	Nights         []NightOverride `json:"nights,omitempty"`
	StayTotal      *int64          `json:"stay_total,omitempty"`
	Comp           []string        `json:"comp,omitempty"`
	DiscountAmount int64           `json:"discount_amount,omitempty"`
	// DiscountPercent (1 to 100) comes off every night that can change and
	// stays in force: nights priced again by a later change get it too. 0
	// ends a percent discount in force without changing any price.
	DiscountPercent *int   `json:"discount_percent,omitempty"`
	Reason          string `json:"reason"`
}

// PriceInput asks for a price change.
type PriceInput struct {
	PriceChange
	// ExpectedTotal is the previewed total: when set, a different total
	// now (the reservation changed meanwhile) is refused, ECONFLICT.
	ExpectedTotal *int64 `json:"expected_total,omitempty"`
}

// PriceAdjustment is one price change in a reservation's history: who,
// when, what, why, and the total before and after.
type PriceAdjustment struct {
	At time.Time `json:"at"`
	By string    `json:"by"`
	PriceChange
	Before int64 `json:"before"`
	After  int64 `json:"after"`
}

// validate checks what can be checked without the stay.
func (c *PriceChange) validate() error {
	c.Reason = strings.TrimSpace(c.Reason)
	if c.Reason == "" {
		return app.E(app.EINVALID, "booking.price_reason_required", "a price change needs a reason")
	}
	if utf8.RuneCountInString(c.Reason) > MaxPriceReason {
		return app.E(app.EINVALID, "booking.price_reason_too_long", "the reason is at most {max} characters", "max", MaxPriceReason)
	}
	if len(c.Nights) == 0 && c.StayTotal == nil && len(c.Comp) == 0 && c.DiscountAmount == 0 && c.DiscountPercent == nil {
		return app.E(app.EINVALID, "booking.price_nothing", "a price change needs night prices, a stay total, complimentary nights or a discount")
	}
	if len(c.Nights) > 0 && c.StayTotal != nil {
		return app.E(app.EINVALID, "booking.price_nights_and_total", "give night prices or a stay total, not both")
	}
	if c.DiscountAmount != 0 && c.DiscountPercent != nil {
		return app.E(app.EINVALID, "booking.price_two_discounts", "give a discount amount or a percent, not both")
	}
	if c.DiscountPercent != nil && (*c.DiscountPercent < 0 || *c.DiscountPercent > 100) {
		return app.E(app.EINVALID, "booking.price_percent", "discount_percent is 0 to 100")
	}
	// A stay total is bounded here by the longest stay; applyPrice bounds
	// it by the nights it is spread over.
	bad := c.DiscountAmount < 0 || c.DiscountAmount > MaxNightPrice*MaxNights || c.StayTotal != nil && (*c.StayTotal < 0 || *c.StayTotal > MaxNightPrice*MaxNights)
	for _, n := range c.Nights {
		bad = bad || n.Price < 0 || n.Price > MaxNightPrice
	}
	if bad {
		return app.E(app.EINVALID, "booking.price_out_of_range", "prices and discounts are 0 to {max} per night", "max", MaxNightPrice)
	}
	seen := map[string]bool{}
	for _, d := range append(nightDates(c.Nights), c.Comp...) {
		if seen[d] {
			return app.E(app.EINVALID, "booking.price_night_twice", "the night of {date} is named twice", "date", d)
		}
		seen[d] = true
	}
	return nil
}

func nightDates(ns []NightOverride) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Date
	}
	return out
}

// setPrice sets the agreed price of night n by hand, with mark; the first
// time, the rate's price is kept beside it (RatePrice).
func setPrice(n *NightPrice, price int64, mark string) {
	if n.Adjusted == "" {
		n.RatePrice = n.Price
	}
	n.Price, n.Adjusted = price, mark
}

// applyPrice returns the nights of a stay after change c, the total and
// the percent discount in force after it (standing before). Nights before
// slept (the business date of a guest in house; "" for none) never
// change. It returns EINVALID when c names a night not of the stay or
// slept, or asks for more than the nights can give; nights is not changed.
func applyPrice(nights []NightPrice, standing int, c PriceChange, slept string) ([]NightPrice, int64, int, error) {
	out := slices.Clone(nights)
	at := map[string]int{}
	for i, n := range out {
		at[n.Date] = i
	}
	index := func(date string) (int, error) {
		i, ok := at[date]
		if !ok {
			return 0, app.E(app.EINVALID, "booking.price_night_not_in_stay", "{date} is not a night of this stay", "date", date)
		}
		if date < slept {
			return 0, app.E(app.EINVALID, "booking.price_night_slept", "the night of {date} has been slept: its price cannot change", "date", date)
		}
		return i, nil
	}
	comp := map[int]bool{}
	for _, d := range c.Comp {
		i, err := index(d)
		if err != nil {
			return nil, 0, 0, err
		}
		comp[i] = true
	}
	for _, n := range c.Nights {
		i, err := index(n.Date)
		if err != nil {
			return nil, 0, 0, err
		}
		setPrice(&out[i], n.Price, AdjustedOverride)
	}
	// The nights that can change, and are not given free, in date order.
	var open []int
	var fixed int64
	for i, n := range out {
		switch {
		case n.Date < slept:
			fixed += n.Price
		case !comp[i]:
			open = append(open, i)
		}
	}
	if c.StayTotal != nil {
		rest := *c.StayTotal - fixed
		if rest < 0 {
			return nil, 0, 0, app.E(app.EINVALID, "booking.price_total_below_slept", "the stay total {total} is less than the nights already slept ({slept})", "total", *c.StayTotal, "slept", fixed)
		}
		if len(open) == 0 {
			return nil, 0, 0, app.E(app.EINVALID, "booking.price_no_night_to_change", "no night of this stay can take a new price")
		}
		if rest > int64(len(open))*MaxNightPrice {
			return nil, 0, 0, app.E(app.EINVALID, "booking.price_out_of_range", "prices and discounts are 0 to {max} per night", "max", MaxNightPrice)
		}
		// Evenly, in whole minor units; the remainder (fewer units than
		// nights) one unit a night on the last nights, so no night goes
		// above the per-night maximum.
		each, extra := rest/int64(len(open)), int(rest%int64(len(open)))
		for k, i := range open {
			price := each
			if k >= len(open)-extra {
				price++
			}
			setPrice(&out[i], price, AdjustedOverride)
		}
	}
	for i := range comp {
		setPrice(&out[i], 0, AdjustedComp)
	}
	if c.DiscountPercent != nil {
		standing = *c.DiscountPercent
		for _, i := range open {
			discount(&out[i], standing)
		}
	}
	if c.DiscountAmount > 0 {
		var base int64
		for _, i := range open {
			base += out[i].Price
		}
		if c.DiscountAmount > base {
			return nil, 0, 0, app.E(app.EINVALID, "booking.price_discount_too_large", "the discount {amount} is more than the nights it comes off cost ({total})", "amount", c.DiscountAmount, "total", base)
		}
		// Shared by price, rounded down; what is left comes off the last
		// nights that can still give it.
		left := c.DiscountAmount
		for _, i := range open {
			share := mulDiv(c.DiscountAmount, out[i].Price, base)
			left -= share
			setPrice(&out[i], out[i].Price-share, discountMark(out[i]))
		}
		for k := len(open) - 1; k >= 0 && left > 0; k-- {
			take := min(left, out[open[k]].Price)
			out[open[k]].Price -= take
			left -= take
		}
	}
	var total int64
	for i, n := range out {
		if n.Price != nights[i].Price && (n.Price < 0 || n.Price > MaxNightPrice) {
			return nil, 0, 0, app.E(app.EINVALID, "booking.price_out_of_range", "prices and discounts are 0 to {max} per night", "max", MaxNightPrice)
		}
		total += n.Price
	}
	return out, total, standing, nil
}

// mulDiv is a×b/c rounded down, for 0 ≤ a, b and a×b/c within int64,
// without the product overflowing (a discount of billions times a night
// of billions).
func mulDiv(a, b, c int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(q)
}

// discount takes percent off night n, rounded half up to the minor unit.
func discount(n *NightPrice, percent int) {
	if percent <= 0 || n.Price == 0 {
		return
	}
	setPrice(n, n.Price-(n.Price*int64(percent)+50)/100, discountMark(*n))
}

// discountMark is the mark of night n once discounted: a price set by
// hand keeps its mark.
func discountMark(n NightPrice) string {
	if n.Adjusted == "" {
		return AdjustedDiscount
	}
	return n.Adjusted
}

// AdjustPrice changes the agreed price of reservation id by in, recorded
// in its price history and the audit log ("reservation.price") with the
// reason. It needs pricing.approve and reservations.update. Nights already
// slept never change; a checked-out, cancelled or no-show reservation, or
// a lapsed hold, is ECONFLICT, as is an ExpectedTotal that differs from
// the new total; bad input is EINVALID. On error nothing changes.
func (s *Service) AdjustPrice(ctx context.Context, a app.Actor, id string, in PriceInput) (Modified, error) {
	if err := requirePricing(a); err != nil {
		return Modified{}, err
	}
	var m Modified
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		before, r, h, err := s.priced(tx, a, id, in)
		if err != nil {
			return err
		}
		if err := Reservations.Put(tx, id, r); err != nil {
			return err
		}
		m = modified(h, before, r)
		return s.Audit.Record(tx, a, "reservation.price", "reservation", id, before, r)
	})
	return m, err
}

// QuotePrice answers what AdjustPrice would do with in, per night the
// price before and after, and changes nothing.
func (s *Service) QuotePrice(ctx context.Context, a app.Actor, id string, in PriceInput) (Modified, error) {
	if err := requirePricing(a); err != nil {
		return Modified{}, err
	}
	var m Modified
	err := s.DB.View(func(tx *store.Tx) error {
		before, r, h, err := s.priced(tx, a, id, in)
		if err != nil {
			return err
		}
		m = modified(h, before, r)
		return nil
	})
	return m, err
}

func requirePricing(a app.Actor) error {
	if err := a.Require(app.Perm("reservations", "update")); err != nil {
		return err
	}
	return a.Require(app.Perm("pricing", "approve"))
}

// priced returns reservation id before and after price change in; it
// writes nothing.
func (s *Service) priced(tx *store.Tx, a app.Actor, id string, in PriceInput) (Reservation, Reservation, property.Hotel, error) {
	if err := in.validate(); err != nil {
		return Reservation{}, Reservation{}, property.Hotel{}, err
	}
	before, err := reservationInScope(tx, a, id)
	if err != nil {
		return before, before, property.Hotel{}, err
	}
	h, err := property.Hotels.Get(tx, before.HotelID)
	if err != nil {
		return before, before, h, err
	}
	slept := ""
	switch before.Status {
	case StatusTentative:
		if !s.Now().Before(before.HoldUntil) {
			return before, before, h, errHoldExpiredAt(before.HoldUntil)
		}
	case StatusConfirmed:
	case StatusCheckedIn:
		slept = h.BusinessDate
	default:
		return before, before, h, app.E(app.ECONFLICT, "booking.price_cannot_change", "the price of a {status} reservation cannot change", "status", statusWord(before.Status))
	}
	r := before
	r.Nights, r.Total, r.DiscountPercent, err = applyPrice(before.Nights, before.DiscountPercent, in.PriceChange, slept)
	if err != nil {
		return before, before, h, err
	}
	if in.ExpectedTotal != nil && *in.ExpectedTotal != r.Total {
		return before, before, h, app.E(app.ECONFLICT, "booking.price_total_changed", "the new total would be {total}, not {expected}; preview it again", "total", r.Total, "expected", *in.ExpectedTotal)
	}
	r.PriceHistory = append(slices.Clone(before.PriceHistory), PriceAdjustment{At: s.Now(), By: a.Username, PriceChange: in.PriceChange, Before: before.Total, After: r.Total})
	r.UpdatedAt = s.Now()
	return before, r, h, nil
}

// modified is the answer to a change of r: the reservation after it with
// its tax, the difference and the nights before and after.
func modified(h property.Hotel, before, r Reservation) Modified {
	tax := TaxOf(h.Tax, r.Nights)
	r.Tax = &tax
	// A change of the price alone is no change of the stay: it costs no
	// change fee.
	free := ChangeFeeQuote{Currency: r.Currency, Charge: property.Charge{Fee: property.ChargeNone}}
	return Modified{Reservation: r, Difference: r.Total - before.Total, Nights: nightChanges(before.Nights, r.Nights), ChangeFee: free}
}

// withTax sets the tax of r under its hotel's setting (derived on read).
func withTax(tx *store.Tx, r *Reservation) error {
	h, err := property.Hotels.Get(tx, r.HotelID)
	if err != nil {
		return err
	}
	tax := TaxOf(h.Tax, r.Nights)
	r.Tax = &tax
	return nil
}

// priceAtBooking applies price change c, asked with the booking, to
// reservation r being booked, and starts its price history.
func priceAtBooking(a app.Actor, r *Reservation, c *PriceInput, now time.Time) error {
	nights, total, standing, err := applyPrice(r.Nights, 0, c.PriceChange, "")
	if err != nil {
		return err
	}
	if c.ExpectedTotal != nil && *c.ExpectedTotal != total {
		return app.E(app.ECONFLICT, "booking.price_total_changed", "the new total would be {total}, not {expected}; preview it again", "total", total, "expected", *c.ExpectedTotal)
	}
	r.PriceHistory = []PriceAdjustment{{At: now, By: a.Username, PriceChange: c.PriceChange, Before: r.Total, After: total}}
	r.Nights, r.Total, r.DiscountPercent = nights, total, standing
	return nil
}

// TaxBreakdown is the tax in a price: derived from the hotel's tax
// setting on read, never stored.
type TaxBreakdown struct {
	RateBP   int   `json:"rate_bp"`
	Included bool  `json:"included"` // the prices include the tax
	Net      int64 `json:"net"`
	Tax      int64 `json:"tax"`
	Gross    int64 `json:"gross"`
}

// TaxOf returns the tax of nights under t, computed night by night and
// summed, each rounded half up to the minor unit: prices that include it
// hold tax = price×rate/(10000+rate); otherwise tax = price×rate/10000 is
// added on top.
func TaxOf(t property.Tax, nights []NightPrice) TaxBreakdown {
	b := TaxBreakdown{RateBP: t.RateBP, Included: t.Included}
	for _, n := range nights {
		b.add(NightTax(t, n.Price))
	}
	return b
}

func (b *TaxBreakdown) add(n TaxBreakdown) {
	b.Net += n.Net
	b.Tax += n.Tax
	b.Gross += n.Gross
}

// NightTax is the tax of one price under t, rounded half up.
func NightTax(t property.Tax, price int64) TaxBreakdown {
	b := TaxBreakdown{RateBP: t.RateBP, Included: t.Included}
	rate := int64(max(t.RateBP, 0))
	if t.Included {
		d := 10000 + rate
		b.Tax = (price*rate + d/2) / d
		b.Net, b.Gross = price-b.Tax, price
	} else {
		b.Tax = (price*rate + 5000) / 10000
		b.Net, b.Gross = price, price+b.Tax
	}
	return b
}

// BookingPriceQuery asks what one room of a booking would cost with a
// price change (the booking flow's preview).
type BookingPriceQuery struct {
	RoomTypeID string     `json:"room_type_id"`
	RatePlanID string     `json:"rate_plan_id"`
	CheckIn    string     `json:"check_in"`
	CheckOut   string     `json:"check_out"`
	Adults     int        `json:"adults"`
	Children   int        `json:"children"`
	Price      PriceInput `json:"price"`
}

// BookingPriceQuote is one room's price with a price change: its nights
// (rate and agreed price), totals and tax.
type BookingPriceQuote struct {
	Nights    []NightPrice `json:"nights"`
	RateTotal int64        `json:"rate_total"`
	Total     int64        `json:"total"`
	Currency  string       `json:"currency"`
	Tax       TaxBreakdown `json:"tax"`
}

// QuoteBookingPrice previews the price of one room of a booking at hotel
// with the price change q.Price, as Book would agree it; it changes
// nothing. It needs pricing.approve and reservations.create; bad input is
// EINVALID.
func (s *Service) QuoteBookingPrice(ctx context.Context, a app.Actor, hotelID string, q BookingPriceQuery) (BookingPriceQuote, error) {
	if err := a.Require(app.Perm("reservations", "create")); err != nil {
		return BookingPriceQuote{}, err
	}
	if err := a.Require(app.Perm("pricing", "approve")); err != nil {
		return BookingPriceQuote{}, err
	}
	if err := checkGuests(q.Adults, q.Children); err != nil {
		return BookingPriceQuote{}, err
	}
	if err := q.Price.validate(); err != nil {
		return BookingPriceQuote{}, err
	}
	var out BookingPriceQuote
	err := s.DB.View(func(tx *store.Tx) error {
		h, err := s.property.HotelInScope(tx, a, hotelID)
		if err != nil {
			return err
		}
		st, err := parseStayIn(q.CheckIn, q.CheckOut, h.BusinessDate, h)
		if err != nil {
			return err
		}
		_, plan, err := typeAndPlan(tx, h.ID, q.RoomTypeID, q.RatePlanID)
		if err != nil {
			return err
		}
		pa, err := quote(tx, plan, st, q.Adults, q.Children)
		if err != nil {
			return err
		}
		r := Reservation{Nights: pa.Nights, Total: pa.Total}
		if err := priceAtBooking(a, &r, &q.Price, s.Now()); err != nil {
			return err
		}
		out = BookingPriceQuote{Nights: r.Nights, RateTotal: pa.Total, Total: r.Total, Currency: h.Currency, Tax: TaxOf(h.Tax, r.Nights)}
		return nil
	})
	return out, err
}
