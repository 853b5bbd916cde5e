package booking

import (
	"context"
	"slices"
	"testing"

	"innkeep/app"
	"innkeep/app/property"
	"innkeep/store"
)

// bookPriced writes a reservation of p's room type and plan with every
// night at price, as booked before the rate changed.
func (p *propInternal) bookPriced(t *testing.T, status, checkIn, checkOut string, price int64) Reservation {
	t.Helper()
	r := p.book(t, "PR1CE5", status, checkIn, checkOut, true)
	r.Nights, r.Total = nil, 0
	for d := checkIn; d < checkOut; d = app.NextDate(d) {
		r.Nights = append(r.Nights, NightPrice{Date: d, Price: price})
		r.Total += price
	}
	if err := p.s.DB.Update("test", func(tx *store.Tx) error { return Reservations.Put(tx, r.ID, r) }); err != nil {
		t.Fatal(err)
	}
	return r
}

// datePrice is a night's date and agreed price, the part of NightPrice the
// fault-free modification cares about.
type datePrice struct {
	Date  string
	Price int64
}

func datePrices(nights []NightPrice) []datePrice {
	out := make([]datePrice, len(nights))
	for i, n := range nights {
		out[i] = datePrice{n.Date, n.Price}
	}
	return out
}

func TestAModificationKeepsTheAgreedPriceOfEveryNightItDoesNotReprice(t *testing.T) {
	ctx := context.Background()
	str := func(s string) *string { return &s }
	num := func(n int) *int { return &n }
	// The business date is 2026-11-26; the stays were booked at 50000 a
	// night, and the plan's base rate is now 60000.
	tests := []struct {
		name      string
		status    string
		in, out   string
		patch     func(room2 string) ReservationPatch
		want      []datePrice
		wantNight []string // the change of each night, by date order
	}{
		{"a change of the requests alone", StatusConfirmed, "2026-12-01", "2026-12-03",
			func(string) ReservationPatch { return ReservationPatch{SpecialRequests: str("high floor")} },
			[]datePrice{{"2026-12-01", 50000}, {"2026-12-02", 50000}}, []string{NightKept, NightKept}},
		{"a move to another room of the same type", StatusConfirmed, "2026-12-01", "2026-12-03",
			func(room2 string) ReservationPatch { return ReservationPatch{RoomID: &room2} },
			[]datePrice{{"2026-12-01", 50000}, {"2026-12-02", 50000}}, []string{NightKept, NightKept}},
		{"one more night prices only that night", StatusConfirmed, "2026-12-01", "2026-12-03",
			func(string) ReservationPatch { return ReservationPatch{CheckOut: str("2026-12-04")} },
			[]datePrice{{"2026-12-01", 50000}, {"2026-12-02", 50000}, {"2026-12-03", 60000}}, []string{NightKept, NightKept, NightAdded}},
		{"a later arrival keeps the nights it still has", StatusConfirmed, "2026-12-01", "2026-12-03",
			func(string) ReservationPatch {
				return ReservationPatch{CheckIn: str("2026-12-02"), CheckOut: str("2026-12-04")}
			},
			[]datePrice{{"2026-12-02", 50000}, {"2026-12-03", 60000}}, []string{NightRemoved, NightKept, NightAdded}},
		{"a change of the party reprices every night", StatusConfirmed, "2026-12-01", "2026-12-03",
			func(string) ReservationPatch { return ReservationPatch{Adults: num(1)} },
			[]datePrice{{"2026-12-01", 60000}, {"2026-12-02", 60000}}, []string{NightRepriced, NightRepriced}},
		{"a guest in house changing the requests", StatusCheckedIn, "2026-11-24", "2026-11-28",
			func(string) ReservationPatch { return ReservationPatch{SpecialRequests: str("extra towels")} },
			[]datePrice{{"2026-11-24", 50000}, {"2026-11-25", 50000}, {"2026-11-26", 50000}, {"2026-11-27", 50000}},
			[]string{NightKept, NightKept, NightKept, NightKept}},
		{"a guest in house changing the party keeps the nights slept", StatusCheckedIn, "2026-11-24", "2026-11-28",
			func(string) ReservationPatch { return ReservationPatch{Adults: num(1), CheckOut: str("2026-11-29")} },
			[]datePrice{{"2026-11-24", 50000}, {"2026-11-25", 50000}, {"2026-11-26", 60000}, {"2026-11-27", 60000}, {"2026-11-28", 60000}},
			[]string{NightKept, NightKept, NightRepriced, NightRepriced, NightAdded}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPropInternal(t)
			room2, err := p.s.property.CreateRoom(ctx, p.a, p.hotel.ID, property.RoomInput{Number: "102", Floor: 1, RoomTypeID: p.rt.ID})
			if err != nil {
				t.Fatal(err)
			}
			r := p.bookPriced(t, tt.status, tt.in, tt.out, 50000)
			rate := int64(60000)
			if _, err := p.s.property.UpdateRatePlan(ctx, p.a, p.plan.ID, property.RatePlanPatch{BaseRate: &rate}); err != nil {
				t.Fatal(err)
			}
			patch := tt.patch(room2.ID)
			before := p.hash(t)
			q, err := p.s.QuoteModification(ctx, p.a, r.ID, patch)
			if err != nil {
				t.Fatalf("quote: %v", err)
			}
			if p.hash(t) != before {
				t.Error("the quote changed the store")
			}
			m, err := p.s.ModifyReservation(ctx, p.a, r.ID, patch)
			if err != nil {
				t.Fatal(err)
			}
			var total int64
			for _, n := range tt.want {
				total += n.Price
			}
			for _, got := range []Modified{q, m} {
				if !slices.Equal(datePrices(got.Reservation.Nights), tt.want) || got.Reservation.Total != total || got.Difference != total-r.Total {
					t.Errorf("nights = %v (total %d, difference %d), want %v (total %d)", got.Reservation.Nights, got.Reservation.Total, got.Difference, tt.want, total)
				}
				var changes []string
				for _, c := range got.Nights {
					changes = append(changes, c.Change)
				}
				if !slices.Equal(changes, tt.wantNight) {
					t.Errorf("night changes = %+v, want %v", got.Nights, tt.wantNight)
				}
			}
			stored, err := p.s.GetReservation(ctx, p.a, r.ID)
			if err != nil || !slices.Equal(datePrices(stored.Nights), tt.want) || stored.Total != total {
				t.Errorf("stored nights = %v (total %d), %v; want %v", stored.Nights, stored.Total, err, tt.want)
			}
		})
	}
}

func TestAChangeThatSellsNothingNewIsNotRefusedByThePlansRulesOfToday(t *testing.T) {
	ctx := context.Background()
	p := newPropInternal(t)
	room2, err := p.s.property.CreateRoom(ctx, p.a, p.hotel.ID, property.RoomInput{Number: "102", Floor: 1, RoomTypeID: p.rt.ID})
	if err != nil {
		t.Fatal(err)
	}
	r := p.bookPriced(t, StatusConfirmed, "2026-12-01", "2026-12-03", 50000)
	stop := true
	if _, err := p.s.property.SetRateCalendar(ctx, p.a, p.hotel.ID, property.RateCalendarChange{RatePlanID: p.plan.ID, From: "2026-12-01", To: "2026-12-03", Set: property.RateDaySet{StopSell: &stop}}); err != nil {
		t.Fatal(err)
	}
	requests, later := "quiet room", "2026-12-04"
	for _, patch := range []ReservationPatch{{SpecialRequests: &requests}, {RoomID: &room2.ID}} {
		if _, err := p.s.ModifyReservation(ctx, p.a, r.ID, patch); err != nil {
			t.Errorf("%+v: %v, want the change saved", patch, err)
		}
	}
	// A change that sells the stay again still follows the plan.
	before := p.hash(t)
	if _, err := p.s.ModifyReservation(ctx, p.a, r.ID, ReservationPatch{CheckOut: &later}); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("err = %v, want the stop-sell to refuse a longer stay", err)
	}
	if p.hash(t) != before {
		t.Error("the refused change changed the store")
	}
}
