package property

import (
	"errors"
	"testing"

	"innkeep/app"
)

func TestAPolicyThatCannotBeKeptIsRefusedWithItsReason(t *testing.T) {
	tier := func(hours int, c Charge) PolicyTier { return PolicyTier{FromHours: hours, Charge: c} }
	half := Charge{Fee: ChargePercent, Percent: 50}
	tests := []struct {
		name string
		p    Policy
		key  string
	}{
		{"tiers out of order", Policy{Cancellation: []PolicyTier{tier(24, half), tier(48, half)}}, "property.policy_tiers_order"},
		{"two tiers starting together", Policy{Cancellation: []PolicyTier{tier(24, half), tier(24, half)}}, "property.policy_tiers_order"},
		{"hours before arrival below zero", Policy{Cancellation: []PolicyTier{tier(-1, half)}}, "property.policy_hours_invalid"},
		{"a percent above 100", Policy{Cancellation: []PolicyTier{tier(24, Charge{Fee: ChargePercent, Percent: 101})}}, "property.policy_percent_invalid"},
		{"no nights for a fee of nights", Policy{Cancellation: []PolicyTier{tier(24, Charge{Fee: ChargeNights})}}, "property.policy_nights_invalid"},
		{"a fixed amount as a cancellation tier", Policy{Cancellation: []PolicyTier{tier(24, Charge{Fee: ChargeAmount, Amount: 100})}}, "property.policy_charge_invalid"},
		{"a percent given to the first night", Policy{NoShow: Charge{Fee: ChargeFirstNight, Percent: 20}}, "property.policy_charge_extra"},
		{"nights as a no-show fee", Policy{NoShow: Charge{Fee: ChargeNights, Nights: 2}}, "property.policy_charge_invalid"},
		{"non-refundable with tiers", Policy{NonRefundable: true, Cancellation: []PolicyTier{tier(24, half)}}, "property.policy_non_refundable_tiers"},
		{"free changes ending after a year", Policy{Change: ChangePolicy{FreeHours: MaxPolicyHours + 1}}, "property.policy_change_hours_invalid"},
		{"a change fee of no amount", Policy{Change: ChangePolicy{Charge: Charge{Fee: ChargeAmount}}}, "property.policy_amount_invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			var e *app.Error
			if app.ErrorCode(err) != app.EINVALID || !errors.As(err, &e) || e.Key != tt.key {
				t.Errorf("Validate() = %v, want EINVALID %s", err, tt.key)
			}
		})
	}
	ok := Policy{Cancellation: []PolicyTier{tier(168, half), tier(48, Charge{Fee: ChargeFirstNight}), tier(0, Charge{Fee: ChargeFull})},
		NoShow: Charge{Fee: ChargeFull}, Change: ChangePolicy{FreeHours: 72, Charge: Charge{Fee: ChargeAmount, Amount: 5000}}}
	if err := ok.Validate(); err != nil {
		t.Errorf("a tiered policy: %v", err)
	}
}

func TestAHotelsSimplePolicyReadsAsOneTier(t *testing.T) {
	tests := []struct {
		name string
		c    CancellationPolicy
		want PolicyTier
	}{
		{"free until 48 hours, then half", CancellationPolicy{FreeHours: 48, Fee: FeePercent, Percent: 50}, PolicyTier{48, Charge{Fee: ChargePercent, Percent: 50}}},
		{"free until 24 hours, then the first night", CancellationPolicy{FreeHours: 24, Fee: FeeFirstNight}, PolicyTier{24, Charge{Fee: ChargeFirstNight}}},
		{"a hotel stored without one takes the default", CancellationPolicy{}, PolicyTier{24, Charge{Fee: ChargeFirstNight}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := HotelPolicy(Hotel{Cancellation: tt.c})
			if len(p.Cancellation) != 1 || p.Cancellation[0] != tt.want || p.NonRefundable {
				t.Errorf("policy %+v, want the one tier %+v", p, tt.want)
			}
			if err := p.Validate(); err != nil {
				t.Errorf("the converted policy is not valid: %v", err)
			}
		})
	}
}
