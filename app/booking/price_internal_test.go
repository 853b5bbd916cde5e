package booking

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/audit"
	"innkeep/app/guest"
	"innkeep/app/property"
)

func TestTaxIsWorkedOutNightByNightRoundedHalfUp(t *testing.T) {
	tests := []struct {
		name             string
		tax              property.Tax
		prices           []int64
		net, tax_, gross int64
	}{
		{"no tax", property.Tax{}, []int64{50000, 60000}, 110000, 0, 110000},
		{"6% included in the price", property.Tax{RateBP: 600, Included: true}, []int64{10000}, 9434, 566, 10000},
		{"6% added on top", property.Tax{RateBP: 600}, []int64{10000}, 10000, 600, 10600},
		{"a half unit added rounds up", property.Tax{RateBP: 5000}, []int64{1}, 1, 1, 2},
		{"a half unit included rounds up", property.Tax{RateBP: 10000, Included: true}, []int64{1}, 0, 1, 1},
		{"just under a half rounds down", property.Tax{RateBP: 600}, []int64{8}, 8, 0, 8},
		// 0.5 on each night: one unit per night, not one on the sum.
		{"each night is rounded, then summed", property.Tax{RateBP: 5000}, []int64{1, 1}, 2, 2, 4},
		{"a complimentary night has no tax", property.Tax{RateBP: 600, Included: true}, []int64{0, 10000}, 9434, 566, 10000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var nights []NightPrice
			for _, p := range tt.prices {
				nights = append(nights, NightPrice{Date: "2026-12-01", Price: p})
			}
			got := TaxOf(tt.tax, nights)
			want := TaxBreakdown{RateBP: tt.tax.RateBP, Included: tt.tax.Included, Net: tt.net, Tax: tt.tax_, Gross: tt.gross}
			if got != want {
				t.Errorf("TaxOf = %+v, want %+v", got, want)
			}
			if got.Net+got.Tax != got.Gross {
				t.Errorf("net %d + tax %d != gross %d", got.Net, got.Tax, got.Gross)
			}
		})
	}
}

// pricedDesk is a hotel whose Deluxe rooms sell at 50000 a night, 6% tax
// included, on business date 2026-11-26.
func pricedDesk(t *testing.T) *propInternal {
	t.Helper()
	p := newPropInternal(t)
	tax := property.Tax{RateBP: 600, Included: true}
	h, err := p.s.property.UpdateHotel(context.Background(), p.a, p.hotel.ID, property.HotelPatch{Tax: &tax})
	if err != nil {
		t.Fatal(err)
	}
	p.hotel = h
	return p
}

// bookWith books a Deluxe room for the nights from in to out, with price
// change c when given.
func (p *propInternal) bookWith(t *testing.T, a app.Actor, in, out string, c *PriceInput) (BookingResult, error) {
	t.Helper()
	return p.s.Book(context.Background(), a, BookingInput{HotelID: p.hotel.ID, CheckIn: in, CheckOut: out,
		Rooms: []RoomRequest{{RoomTypeID: p.rt.ID, RatePlanID: p.plan.ID, Adults: 2, Price: c}},
		Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Li Na"}}}, "")
}

type nightWant struct {
	price, rate int64
	adjusted    string
}

func nightsOf(ns []NightPrice) []nightWant {
	out := make([]nightWant, len(ns))
	for i, n := range ns {
		out[i] = nightWant{n.Price, n.RatePrice, n.Adjusted}
	}
	return out
}

func i64(n int64) *int64 { return &n }
func num(n int) *int     { return &n }

func TestAPriceChangeSetsTheAgreedPriceAndKeepsTheRatesPriceBesideIt(t *testing.T) {
	// Three nights at 50000, booked on the business date's week.
	tests := []struct {
		name   string
		change PriceChange
		want   []nightWant
	}{
		{"one night's price", PriceChange{Nights: []NightOverride{{Date: "2026-12-02", Price: 42000}}},
			[]nightWant{{50000, 0, ""}, {42000, 50000, "override"}, {50000, 0, ""}}},
		{"a stay total spread over the nights, the remainder on the last", PriceChange{StayTotal: i64(100000)},
			[]nightWant{{33333, 50000, "override"}, {33333, 50000, "override"}, {33334, 50000, "override"}}},
		{"a percent off every night", PriceChange{DiscountPercent: num(10)},
			[]nightWant{{45000, 50000, "discount"}, {45000, 50000, "discount"}, {45000, 50000, "discount"}}},
		{"an amount off the stay, shared by price, the remainder on the last", PriceChange{DiscountAmount: 10000},
			[]nightWant{{46667, 50000, "discount"}, {46667, 50000, "discount"}, {46666, 50000, "discount"}}},
		{"a complimentary night", PriceChange{Comp: []string{"2026-12-03"}},
			[]nightWant{{50000, 0, ""}, {50000, 0, ""}, {0, 50000, "comp"}}},
		{"a stay total with a complimentary night spreads over the others", PriceChange{StayTotal: i64(90001), Comp: []string{"2026-12-01"}},
			[]nightWant{{0, 50000, "comp"}, {45000, 50000, "override"}, {45001, 50000, "override"}}},
		{"a percent off a night set by hand keeps its mark", PriceChange{Nights: []NightOverride{{Date: "2026-12-01", Price: 30005}}, DiscountPercent: num(10)},
			[]nightWant{{27004, 50000, "override"}, {45000, 50000, "discount"}, {45000, 50000, "discount"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			p := pricedDesk(t)
			res, err := p.bookWith(t, p.a, "2026-12-01", "2026-12-04", nil)
			if err != nil {
				t.Fatal(err)
			}
			r := res.Reservations[0]
			var total int64
			for _, n := range tt.want {
				total += n.price
			}
			in := PriceInput{PriceChange: tt.change}
			in.Reason = "  manager's call  "
			q, err := p.s.QuotePrice(ctx, p.a, r.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			in.ExpectedTotal = &q.Reservation.Total
			m, err := p.s.AdjustPrice(ctx, p.a, r.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			stored, err := p.s.GetReservation(ctx, p.a, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			for name, got := range map[string]Reservation{"quote": q.Reservation, "change": m.Reservation, "stored": stored} {
				if !slices.Equal(nightsOf(got.Nights), tt.want) || got.Total != total {
					t.Errorf("%s: nights %+v (total %d), want %+v (total %d)", name, nightsOf(got.Nights), got.Total, tt.want, total)
				}
				if got.Tax == nil || got.Tax.Gross != total || got.Tax.Net+got.Tax.Tax != total {
					t.Errorf("%s: tax %+v, want a breakdown of %d", name, got.Tax, total)
				}
				if len(got.PriceHistory) != 1 || got.PriceHistory[0].Reason != "manager's call" || got.PriceHistory[0].By != "cli" ||
					got.PriceHistory[0].Before != 150000 || got.PriceHistory[0].After != total {
					t.Errorf("%s: price history %+v", name, got.PriceHistory)
				}
			}
			if m.Difference != total-150000 {
				t.Errorf("difference = %d, want %d", m.Difference, total-150000)
			}
			page, err := auditOf(p.s).List(ctx, p.a, audit.Filter{Action: "reservation.price"})
			if err != nil || len(page.Entries) != 1 || page.Entries[0].EntityID != r.ID || !strings.Contains(string(page.Entries[0].After["price_history"]), "manager's call") {
				t.Errorf("audit = %+v, %v; want one reservation.price entry with the reason", page.Entries, err)
			}
		})
	}
}

func TestAPriceChangeAsTheRoomIsBookedIsPartOfTheBooking(t *testing.T) {
	ctx := context.Background()
	p := pricedDesk(t)
	res, err := p.bookWith(t, p.a, "2026-12-01", "2026-12-03", &PriceInput{PriceChange: PriceChange{Comp: []string{"2026-12-02"}, Reason: "anniversary"}})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Reservations[0]
	if want := []nightWant{{50000, 0, ""}, {0, 50000, "comp"}}; !slices.Equal(nightsOf(r.Nights), want) || r.Total != 50000 {
		t.Errorf("nights %+v (total %d), want %+v", nightsOf(r.Nights), r.Total, want)
	}
	if len(r.PriceHistory) != 1 || r.PriceHistory[0].Before != 100000 || r.PriceHistory[0].After != 50000 {
		t.Errorf("price history = %+v", r.PriceHistory)
	}
	want := TaxBreakdown{RateBP: 600, Included: true, Net: 47170, Tax: 2830, Gross: 50000}
	if res.Tax == nil || *res.Tax != want || r.Tax == nil || *r.Tax != want {
		t.Errorf("tax = %+v / %+v, want %+v", res.Tax, r.Tax, want)
	}
	page, err := auditOf(p.s).List(ctx, p.a, audit.Filter{Action: "reservation.price"})
	if err != nil || len(page.Entries) != 1 || !strings.Contains(string(page.Entries[0].After["reason"]), "anniversary") {
		t.Errorf("audit = %+v, %v; want the price change with its reason", page.Entries, err)
	}
}

func TestAvailabilityShowsTheTaxOfEachPlansPrice(t *testing.T) {
	p := pricedDesk(t)
	av, err := p.s.Availability(context.Background(), p.a, p.hotel.ID, AvailabilityQuery{CheckIn: "2026-12-01", CheckOut: "2026-12-03", Adults: 2})
	if err != nil {
		t.Fatal(err)
	}
	got := av.RoomTypes[0].RatePlans[0].Tax
	if want := (TaxBreakdown{RateBP: 600, Included: true, Net: 94340, Tax: 5660, Gross: 100000}); got != want {
		t.Errorf("tax = %+v, want %+v", got, want)
	}
}

func TestPriceChangesThatCannotBeMadeChangeNothing(t *testing.T) {
	ctx := context.Background()
	desk := app.Actor{UserID: "u-desk", Username: "desk", Hotels: app.AllHotels, Perms: app.NewPermissionSet(
		app.Perm("reservations", "view"), app.Perm("reservations", "create"), app.Perm("reservations", "update"))}
	ok := func(c PriceChange) PriceInput {
		if c.Reason == "" {
			c.Reason = "because"
		}
		return PriceInput{PriceChange: c}
	}
	tests := []struct {
		name   string
		status string // of the reservation, booked 2026-11-25 to 2026-11-28 when checked in
		actor  *app.Actor
		in     PriceInput
		code   string
	}{
		{"without pricing.approve", StatusConfirmed, &desk, ok(PriceChange{DiscountPercent: num(5)}), app.EFORBIDDEN},
		{"without a reason", StatusConfirmed, nil, PriceInput{PriceChange: PriceChange{DiscountPercent: num(5), Reason: "   "}}, app.EINVALID},
		{"with nothing to change", StatusConfirmed, nil, ok(PriceChange{}), app.EINVALID},
		{"night prices and a stay total", StatusConfirmed, nil, ok(PriceChange{StayTotal: i64(1), Nights: []NightOverride{{Date: "2026-12-01", Price: 1}}}), app.EINVALID},
		{"an amount and a percent", StatusConfirmed, nil, ok(PriceChange{DiscountAmount: 1, DiscountPercent: num(1)}), app.EINVALID},
		{"a percent over 100", StatusConfirmed, nil, ok(PriceChange{DiscountPercent: num(101)}), app.EINVALID},
		{"a negative price", StatusConfirmed, nil, ok(PriceChange{Nights: []NightOverride{{Date: "2026-12-01", Price: -1}}}), app.EINVALID},
		{"a night not of the stay", StatusConfirmed, nil, ok(PriceChange{Comp: []string{"2026-12-09"}}), app.EINVALID},
		{"a night named twice", StatusConfirmed, nil, ok(PriceChange{Comp: []string{"2026-12-01"}, Nights: []NightOverride{{Date: "2026-12-01", Price: 1}}}), app.EINVALID},
		{"a discount above the price", StatusConfirmed, nil, ok(PriceChange{DiscountAmount: 150001}), app.EINVALID},
		{"a previewed total that no longer holds", StatusConfirmed, nil, PriceInput{PriceChange: PriceChange{DiscountPercent: num(10), Reason: "x"}, ExpectedTotal: i64(1)}, app.ECONFLICT},
		{"a night already slept", StatusCheckedIn, nil, ok(PriceChange{Nights: []NightOverride{{Date: "2026-11-25", Price: 1}}}), app.EINVALID},
		{"a stay total below the nights slept", StatusCheckedIn, nil, ok(PriceChange{StayTotal: i64(49999)}), app.EINVALID},
		{"a checked-out stay", StatusCheckedOut, nil, ok(PriceChange{DiscountPercent: num(5)}), app.ECONFLICT},
		{"a cancelled stay", StatusCancelled, nil, ok(PriceChange{DiscountPercent: num(5)}), app.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pricedDesk(t)
			in, out := "2026-12-01", "2026-12-04"
			if tt.status != StatusConfirmed {
				in, out = "2026-11-25", "2026-11-28"
			}
			r := p.bookPriced(t, tt.status, in, out, 50000)
			a := p.a
			if tt.actor != nil {
				a = *tt.actor
			}
			before := p.hash(t)
			if _, err := p.s.QuotePrice(ctx, a, r.ID, tt.in); app.ErrorCode(err) != tt.code {
				t.Errorf("quote: err = %v, want %s", err, tt.code)
			}
			if _, err := p.s.AdjustPrice(ctx, a, r.ID, tt.in); app.ErrorCode(err) != tt.code {
				t.Errorf("change: err = %v, want %s", err, tt.code)
			}
			if p.hash(t) != before {
				t.Error("the refused change changed the store")
			}
		})
	}
	t.Run("a booking with a price change, without pricing.approve", func(t *testing.T) {
		p := pricedDesk(t)
		before := p.hash(t)
		_, err := p.bookWith(t, desk, "2026-12-01", "2026-12-03", &PriceInput{PriceChange: PriceChange{DiscountPercent: num(5), Reason: "x"}})
		if app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("err = %v, want forbidden", err)
		}
		if _, err := p.bookWith(t, p.a, "2026-12-01", "2026-12-03", &PriceInput{PriceChange: PriceChange{DiscountPercent: num(5)}}); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("without a reason: err = %v, want invalid", err)
		}
		if p.hash(t) != before {
			t.Error("the refused bookings changed the store")
		}
	})
}

func TestNightsAlreadySleptNeverChangeTheirPrice(t *testing.T) {
	ctx := context.Background()
	p := pricedDesk(t)
	// In house since 2026-11-24; the business date is 2026-11-26.
	r := p.bookPriced(t, StatusCheckedIn, "2026-11-24", "2026-11-28", 50000)
	for _, c := range []PriceChange{{StayTotal: i64(180000)}, {DiscountPercent: num(10)}, {DiscountAmount: 20000}} {
		c.Reason = "complaint"
		if _, err := p.s.AdjustPrice(ctx, p.a, r.ID, PriceInput{PriceChange: c}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := p.s.GetReservation(ctx, p.a, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	// 180000 - 100000 slept = 40000 a night; less 10% = 36000; less 20000
	// shared = 26000.
	want := []nightWant{{50000, 0, ""}, {50000, 0, ""}, {26000, 50000, "override"}, {26000, 50000, "override"}}
	if !slices.Equal(nightsOf(got.Nights), want) || got.Total != 152000 || len(got.PriceHistory) != 3 {
		t.Errorf("nights %+v (total %d, %d changes), want %+v", nightsOf(got.Nights), got.Total, len(got.PriceHistory), want)
	}
}

func TestAChangeOfTheStayAfterAPriceChange(t *testing.T) {
	ctx := context.Background()
	str := func(s string) *string { return &s }
	// Booked 2026-12-01 to 2026-12-03 at 50000; then night 1 set to 40000
	// and 10% off every night (36000, 45000); then the rate goes to 60000.
	tests := []struct {
		name      string
		patch     ReservationPatch
		want      []nightWant
		wantNight []string
	}{
		{"a change of the requests keeps every agreed price", ReservationPatch{SpecialRequests: str("quiet")},
			[]nightWant{{36000, 50000, "override"}, {45000, 50000, "discount"}}, []string{NightKept, NightKept}},
		{"a new night is priced at today's rate less the discount in force", ReservationPatch{CheckOut: str("2026-12-04")},
			[]nightWant{{36000, 50000, "override"}, {45000, 50000, "discount"}, {54000, 60000, "discount"}}, []string{NightKept, NightKept, NightAdded}},
		{"a change of the party loses the override, the discount in force stays", ReservationPatch{Adults: num(1)},
			[]nightWant{{54000, 60000, "discount"}, {54000, 60000, "discount"}}, []string{NightRepriced, NightRepriced}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pricedDesk(t)
			res, err := p.bookWith(t, p.a, "2026-12-01", "2026-12-03", &PriceInput{PriceChange: PriceChange{Nights: []NightOverride{{Date: "2026-12-01", Price: 40000}}, Reason: "regular"}})
			if err != nil {
				t.Fatal(err)
			}
			r := res.Reservations[0]
			if _, err := p.s.AdjustPrice(ctx, p.a, r.ID, PriceInput{PriceChange: PriceChange{DiscountPercent: num(10), Reason: "corporate"}}); err != nil {
				t.Fatal(err)
			}
			rate := int64(60000)
			if _, err := p.s.property.UpdateRatePlan(ctx, p.a, p.plan.ID, property.RatePlanPatch{BaseRate: &rate}); err != nil {
				t.Fatal(err)
			}
			q, err := p.s.QuoteModification(ctx, p.a, r.ID, tt.patch)
			if err != nil {
				t.Fatal(err)
			}
			m, err := p.s.ModifyReservation(ctx, p.a, r.ID, tt.patch)
			if err != nil {
				t.Fatal(err)
			}
			for name, got := range map[string]Modified{"quote": q, "change": m} {
				if !slices.Equal(nightsOf(got.Reservation.Nights), tt.want) {
					t.Errorf("%s: nights %+v, want %+v", name, nightsOf(got.Reservation.Nights), tt.want)
				}
				var changes []string
				for i, c := range got.Nights {
					changes = append(changes, c.Change)
					if i < len(tt.want) && (c.Adjusted != tt.want[i].adjusted || c.RatePrice != tt.want[i].rate) {
						t.Errorf("%s: night %d shows %+v, want the mark %q and rate %d", name, i, c, tt.want[i].adjusted, tt.want[i].rate)
					}
				}
				if !slices.Equal(changes, tt.wantNight) {
					t.Errorf("%s: changes %v, want %v", name, changes, tt.wantNight)
				}
				if got.Reservation.Tax == nil || got.Reservation.Tax.Gross != got.Reservation.Total {
					t.Errorf("%s: tax %+v", name, got.Reservation.Tax)
				}
			}
		})
	}
}

func TestAZeroPercentEndsTheDiscountInForceWithoutChangingAPrice(t *testing.T) {
	ctx := context.Background()
	p := pricedDesk(t)
	res, err := p.bookWith(t, p.a, "2026-12-01", "2026-12-03", &PriceInput{PriceChange: PriceChange{DiscountPercent: num(20), Reason: "promo"}})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Reservations[0]
	m, err := p.s.AdjustPrice(ctx, p.a, r.ID, PriceInput{PriceChange: PriceChange{DiscountPercent: num(0), Reason: "promo over"}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Reservation.DiscountPercent != 0 || m.Reservation.Total != 80000 {
		t.Fatalf("discount %d, total %d; want none in force and the prices kept", m.Reservation.DiscountPercent, m.Reservation.Total)
	}
	out := "2026-12-04"
	mod, err := p.s.ModifyReservation(ctx, p.a, r.ID, ReservationPatch{CheckOut: &out})
	if err != nil {
		t.Fatal(err)
	}
	if last := mod.Reservation.Nights[2]; last.Price != 50000 || last.Adjusted != "" {
		t.Errorf("the new night = %+v, want the rate's price", last)
	}
	if mod.Reservation.DiscountPercent != 0 {
		t.Errorf("discount in force = %d, want none", mod.Reservation.DiscountPercent)
	}
}

func TestNoNightEndsAboveThePerNightMaximumOrBelowZero(t *testing.T) {
	nights := func(prices ...int64) []NightPrice {
		out := make([]NightPrice, len(prices))
		for i, p := range prices {
			out[i] = NightPrice{Date: fmt.Sprintf("2026-12-%02d", i+1), Price: p}
		}
		return out
	}
	tests := []struct {
		name   string
		nights []NightPrice
		change PriceChange
		want   []int64 // nil: refused, EINVALID
	}{
		{"an amount off nights at the maximum is shared without overflowing", nights(MaxNightPrice, MaxNightPrice),
			PriceChange{DiscountAmount: 3_000_000_000}, []int64{MaxNightPrice - 1_500_000_000, MaxNightPrice - 1_500_000_000}},
		{"an amount off unequal nights at the maximum is shared by price", nights(MaxNightPrice, MaxNightPrice/2),
			PriceChange{DiscountAmount: MaxNightPrice}, []int64{3_333_333_334, 1_666_666_666}},
		{"the whole price off nights at the maximum", nights(MaxNightPrice, MaxNightPrice, MaxNightPrice),
			PriceChange{DiscountAmount: 3 * MaxNightPrice}, []int64{0, 0, 0}},
		{"a stay total of every night at the maximum", nights(1, 1),
			PriceChange{StayTotal: i64(2 * MaxNightPrice)}, []int64{MaxNightPrice, MaxNightPrice}},
		{"a stay total just under every night at the maximum spreads its remainder", nights(1, 1, 1),
			PriceChange{StayTotal: i64(3*MaxNightPrice - 1)}, []int64{MaxNightPrice - 1, MaxNightPrice, MaxNightPrice}},
		{"a stay total above every night at the maximum", nights(1, 1),
			PriceChange{StayTotal: i64(2*MaxNightPrice + 1)}, nil},
		{"a stay total above the maximum of the nights not given free", nights(1, 1, 1),
			PriceChange{StayTotal: i64(2*MaxNightPrice + 1), Comp: []string{"2026-12-02"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.change.Reason = "x"
			if err := tt.change.validate(); err != nil {
				if tt.want == nil && app.ErrorCode(err) == app.EINVALID {
					return
				}
				t.Fatalf("validate: %v", err)
			}
			out, total, _, err := applyPrice(tt.nights, 0, tt.change, "")
			if tt.want == nil {
				if app.ErrorCode(err) != app.EINVALID {
					t.Errorf("err = %v (nights %+v), want invalid", err, out)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			var sum int64
			for _, n := range out {
				got = append(got, n.Price)
				sum += n.Price
				if n.Price < 0 || n.Price > MaxNightPrice {
					t.Errorf("night %s at %d", n.Date, n.Price)
				}
			}
			if !slices.Equal(got, tt.want) || sum != total {
				t.Errorf("nights %v (total %d), want %v", got, total, tt.want)
			}
		})
	}
}
