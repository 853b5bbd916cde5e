package property

import (
	"innkeep/app"
	"slices"
	"strings"
)

// Policy is what a rate plan's guest agrees to when booking: what
// cancelling costs (by tiers of hours before arrival, or everything for a
// non-refundable rate), what not coming costs, and what changing the
// stay's dates, room type or plan costs. Arrival is the check-in date at
// the hotel's check-in time, in its time zone.
type Policy struct {
	// NonRefundable charges the full total for a cancellation made at any
	// time; such a policy has no cancellation tiers.
	NonRefundable bool `json:"non_refundable"`
	// Cancellation holds the tiers, from the earliest to the latest: a
	// cancellation made at least FromHours before arrival of the first
	// tier is free; from each tier's FromHours before arrival on, until
	// the next tier starts, that tier's charge is due. No tiers: cancelling
	// is free until arrival.
	Cancellation []PolicyTier `json:"cancellation"`
	// NoShow is due when the guest does not come.
	NoShow Charge `json:"no_show"`
	// Change is what changing the dates, room type or rate plan costs.
	Change ChangePolicy `json:"change"`
}

// PolicyTier is one step of a cancellation policy: from FromHours before
// arrival on, Charge is due.
type PolicyTier struct {
	FromHours int    `json:"from_hours"`
	Charge    Charge `json:"charge"`
}

// ChangePolicy makes a change of dates, room type or rate plan free until
// FreeHours before arrival; later Charge is due.
type ChangePolicy struct {
	FreeHours int    `json:"free_hours"`
	Charge    Charge `json:"charge"`
}

// Charge is a fee: nothing, a percent of the stay's total, the first
// night, the first Nights nights, the full total, or a fixed Amount
// (minor units).
type Charge struct {
	Fee     string `json:"fee" enum:"none,percent,first_night,nights,full,amount"`
	Percent int    `json:"percent,omitempty"`
	Nights  int    `json:"nights,omitempty"`
	Amount  int64  `json:"amount,omitempty"`
}

// Kinds of charge. FeeFirstNight and FeePercent are the hotel's.
const (
	ChargeNone       = "none"
	ChargePercent    = FeePercent
	ChargeFirstNight = FeeFirstNight
	ChargeNights     = "nights"
	ChargeFull       = "full"
	ChargeAmount     = "amount"
)

// Bounds of a policy.
const (
	MaxPolicyHours = 8760 // a year before arrival
	maxPolicyTiers = 10
)

// HotelPolicy returns the policy of a rate plan that has none of its own:
// the hotel's cancellation policy (free until FreeHours before arrival,
// then its fee), the first night for a no-show, and changes free.
func HotelPolicy(h Hotel) Policy {
	c := h.Cancellation
	if c == (CancellationPolicy{}) {
		c = DefaultCancellation
	}
	fee := Charge{Fee: ChargeFirstNight}
	if c.Fee == FeePercent {
		fee = Charge{Fee: ChargePercent, Percent: c.Percent}
	}
	return Policy{
		Cancellation: []PolicyTier{{FromHours: c.FreeHours, Charge: fee}},
		NoShow:       Charge{Fee: ChargeFirstNight},
		Change:       ChangePolicy{Charge: Charge{Fee: ChargeNone}},
	}
}

// PlanPolicy returns the policy in force for plan: its own, else the
// hotel's.
func PlanPolicy(h Hotel, plan RatePlan) Policy {
	if plan.Policy != nil {
		return *plan.Policy
	}
	return HotelPolicy(h)
}

// Validate normalizes p (an empty kind of charge is "none") and returns
// EINVALID naming what is wrong: tiers out of order, hours out of 0 to
// MaxPolicyHours, a percent out of 0 to 100, a kind of charge that does not
// fit where it is used.
func (p *Policy) Validate() error {
	if p.Cancellation == nil {
		p.Cancellation = []PolicyTier{}
	}
	if p.NonRefundable && len(p.Cancellation) > 0 {
		return app.E(app.EINVALID, "property.policy_non_refundable_tiers", "a non-refundable rate charges the full total at any time; it has no cancellation tiers")
	}
	if len(p.Cancellation) > maxPolicyTiers {
		return app.E(app.EINVALID, "property.policy_too_many_tiers", "a cancellation policy has at most {max} tiers", "max", maxPolicyTiers)
	}
	word := app.MakeWord("property.policy_cancellation_tier", "cancellation tier")
	for i := range p.Cancellation {
		tier := &p.Cancellation[i]
		if tier.FromHours < 0 || tier.FromHours > MaxPolicyHours {
			return app.E(app.EINVALID, "property.policy_hours_invalid", "tier {number}: the hours before arrival must be 0 to {max}, not {hours}",
				"number", i+1, "max", MaxPolicyHours, "hours", tier.FromHours)
		}
		if i > 0 && tier.FromHours >= p.Cancellation[i-1].FromHours {
			return app.E(app.EINVALID, "property.policy_tiers_order", "tier {number} must start later than tier {previous}: fewer hours before arrival than {hours}",
				"number", i+1, "previous", i, "hours", p.Cancellation[i-1].FromHours)
		}
		if err := tier.Charge.validate(word, ChargeNone, ChargePercent, ChargeFirstNight, ChargeNights, ChargeFull); err != nil {
			return err
		}
	}
	if err := p.NoShow.validate(app.MakeWord("property.policy_no_show", "no-show fee"), ChargeNone, ChargeFirstNight, ChargePercent, ChargeFull); err != nil {
		return err
	}
	if p.Change.FreeHours < 0 || p.Change.FreeHours > MaxPolicyHours {
		return app.E(app.EINVALID, "property.policy_change_hours_invalid", "free changes must end 0 to {max} hours before arrival, not {hours}",
			"max", MaxPolicyHours, "hours", p.Change.FreeHours)
	}
	return p.Change.Charge.validate(app.MakeWord("property.policy_change", "change fee"), ChargeNone, ChargeAmount, ChargePercent, ChargeFirstNight)
}

// validate normalizes c and returns EINVALID, naming what, unless its kind
// is one of kinds and its numbers fit it.
func (c *Charge) validate(what app.Word, kinds ...string) error {
	if c.Fee == "" {
		c.Fee = ChargeNone
	}
	if !slices.Contains(kinds, c.Fee) {
		return app.E(app.EINVALID, "property.policy_charge_invalid", "the {what} cannot be \"{fee}\"; it is one of {kinds}", "what", what, "fee", c.Fee, "kinds", strings.Join(kinds, ", "))
	}
	if c.Fee != ChargePercent && c.Percent != 0 || c.Fee != ChargeNights && c.Nights != 0 || c.Fee != ChargeAmount && c.Amount != 0 {
		return app.E(app.EINVALID, "property.policy_charge_extra", "the {what} of kind \"{fee}\" takes no other number (percent, nights or amount)", "what", what, "fee", c.Fee)
	}
	switch c.Fee {
	case ChargePercent:
		if c.Percent < 0 || c.Percent > 100 {
			return app.E(app.EINVALID, "property.policy_percent_invalid", "the {what} must be 0 to 100 percent of the total, not {percent}", "what", what, "percent", c.Percent)
		}
	case ChargeNights:
		if c.Nights < 1 || c.Nights > MaxStayLimit {
			return app.E(app.EINVALID, "property.policy_nights_invalid", "the {what} must be 1 to {max} nights, not {nights}", "what", what, "max", MaxStayLimit, "nights", c.Nights)
		}
	case ChargeAmount:
		if c.Amount < 1 || c.Amount > MaxRate {
			return app.E(app.EINVALID, "property.policy_amount_invalid", "the {what} must be 1 to {max} (minor units), not {amount}", "what", what, "max", MaxRate, "amount", c.Amount)
		}
	}
	return nil
}

// AmountOf returns what c costs for a stay of nights (each night's price)
// and total.
func (c Charge) AmountOf(nights []int64, total int64) int64 {
	switch c.Fee {
	case ChargePercent:
		return total * int64(c.Percent) / 100
	case ChargeFirstNight:
		if len(nights) > 0 {
			return nights[0]
		}
	case ChargeNights:
		var sum int64
		for i := 0; i < c.Nights && i < len(nights); i++ {
			sum += nights[i]
		}
		return sum
	case ChargeFull:
		return total
	case ChargeAmount:
		return c.Amount
	}
	return 0
}

// clone returns a copy of p that shares nothing with it.
func (p *Policy) clone() *Policy {
	if p == nil {
		return nil
	}
	c := *p
	c.Cancellation = append([]PolicyTier{}, p.Cancellation...)
	return &c
}
