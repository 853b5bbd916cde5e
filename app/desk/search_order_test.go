package desk_test

import (
	"context"
	"slices"
	"testing"

	"innkeep/app/booking"
)

func TestASearchFindsTodaysArrivalBeforeTheGuestsPastStays(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	// A stay that is over by the time the guest comes back.
	old := p.mustBook(t, p.std, p.stdPlan, "2026-11-26", "2026-11-27", "Zhou Ping")
	_, err := p.s.Booking.CheckInReservation(ctx, p.a, old.ID, booking.CheckInInput{})
	mustNot(t, err)
	_, err = p.s.Booking.NightAudit(ctx, p.a, p.hotel.ID, "2026-11-26")
	mustNot(t, err)
	_, err = p.s.Booking.CheckOutReservation(ctx, p.a, old.ID)
	mustNot(t, err)
	// Business date 2026-11-27: the guest arrives today, is booked again later, and someone else is in house.
	later := p.mustBook(t, p.dlx, p.dlxPlan, "2026-12-05", "2026-12-06", "Zhou Ping")
	arriving := p.mustBook(t, p.std, p.stdPlan, "2026-11-27", "2026-11-29", "Zhou Ping")

	list, err := p.s.Booking.ListReservations(ctx, p.a, booking.ReservationFilter{HotelID: p.hotel.ID, Q: "zhou", Limit: 8})
	mustNot(t, err)
	var got []string
	for _, r := range list {
		got = append(got, r.ID)
	}
	if want := []string{arriving.ID, later.ID, old.ID}; !slices.Equal(got, want) {
		t.Errorf("search order %v, want today's arrival %s, the later stay %s, then the past one %s", got, arriving.ID, later.ID, old.ID)
	}
	// With room for one result only, it is today's arrival.
	one, err := p.s.Booking.ListReservations(ctx, p.a, booking.ReservationFilter{HotelID: p.hotel.ID, Q: "zhou", Limit: 1})
	mustNot(t, err)
	if len(one) != 1 || one[0].ID != arriving.ID {
		t.Errorf("the one result is %+v, want today's arrival", one)
	}
}
