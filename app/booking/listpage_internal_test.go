package booking

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/guest"
	"innkeep/app/property"
)

// manyReservations is a hotel with 220 reservations of Wei Zhang: on each
// of 30 nights from the business date, a booking of three rooms and one
// of four (the rooms of a booking share its code and arrival: ties), and
// ten past stays, five in house and five gone, on the same dates.
func manyReservations(t *testing.T) *propInternal {
	t.Helper()
	p := newPropInternal(t)
	ctx := context.Background()
	if _, err := p.s.property.CreateRooms(ctx, p.a, p.hotel.ID, property.BulkRoomsInput{RoomTypeID: p.rt.ID, From: "102", To: "110", Floor: 1}); err != nil {
		t.Fatal(err)
	}
	start, _ := time.Parse(time.DateOnly, p.hotel.BusinessDate)
	for d := range 30 {
		in, out := start.AddDate(0, 0, d).Format(time.DateOnly), start.AddDate(0, 0, d+1).Format(time.DateOnly)
		for _, n := range []int{3, 4} {
			rooms := make([]RoomRequest, n)
			for i := range rooms {
				rooms[i] = RoomRequest{RoomTypeID: p.rt.ID, RatePlanID: p.plan.ID, Adults: 2}
			}
			if _, err := p.s.Book(ctx, p.a, BookingInput{HotelID: p.hotel.ID, CheckIn: in, CheckOut: out, Rooms: rooms,
				Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Wei Zhang"}}}, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := range 5 {
		p.book(t, fmt.Sprintf("HOUSE%d", i%2), StatusCheckedIn, "2026-11-24", "2026-11-28", false)
		p.book(t, fmt.Sprintf("GONE%d", i%2), StatusCheckedOut, "2026-11-20", "2026-11-23", false)
	}
	return p
}

// pageThrough lists f a page of limit at a time and returns the ids in
// the order the pages gave them.
func pageThrough(t *testing.T, p *propInternal, f ReservationFilter, limit int) []string {
	t.Helper()
	f.Limit = limit
	var ids []string
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("the pages do not end")
		}
		page, err := p.s.PageReservations(context.Background(), p.a, f)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Reservations) > limit {
			t.Fatalf("a page of %d; want at most %d", len(page.Reservations), limit)
		}
		for _, r := range page.Reservations {
			ids = append(ids, r.ID)
		}
		if page.Next == "" {
			return ids
		}
		if len(page.Reservations) != limit {
			t.Fatalf("a page of %d that is not the last; want %d", len(page.Reservations), limit)
		}
		f.Cursor = page.Next
	}
}

func TestPagesOfReservationsShowEachOnceInTheOrderOfTheWholeList(t *testing.T) {
	p := manyReservations(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		f     ReservationFilter
		limit int
		want  int
	}{
		{"a hotel's list by arrival", ReservationFilter{HotelID: p.hotel.ID}, 7, 220},
		{"a hotel's list in pages of 200", ReservationFilter{HotelID: p.hotel.ID}, 200, 220},
		{"pages as long as a booking", ReservationFilter{HotelID: p.hotel.ID}, 3, 220},
		{"stays not over yet", ReservationFilter{HotelID: p.hotel.ID, From: p.hotel.BusinessDate}, 11, 215},
		{"one status", ReservationFilter{HotelID: p.hotel.ID, Status: StatusConfirmed}, 13, 210},
		{"a search, in the desk's order", ReservationFilter{HotelID: p.hotel.ID, Q: "zhang"}, 8, 220},
		{"a search without a hotel", ReservationFilter{Q: "wei"}, 9, 220},
		{"every hotel", ReservationFilter{}, 17, 220},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			whole := tt.f
			whole.Limit = 1000
			all, err := p.s.ListReservations(ctx, p.a, whole)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != tt.want {
				t.Fatalf("the whole list has %d; want %d", len(all), tt.want)
			}
			var want []string
			for _, r := range all {
				want = append(want, r.ID)
			}
			got := pageThrough(t, p, tt.f, tt.limit)
			if !slices.Equal(got, want) {
				t.Fatalf("the pages gave %d reservations, not the whole list's %d in its order", len(got), len(want))
			}
		})
	}
}

func TestASearchPagesInTheDesksOrder(t *testing.T) {
	p := manyReservations(t)
	all, err := p.s.ListReservations(context.Background(), p.a, ReservationFilter{Q: "zhang", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	today := p.hotel.BusinessDate
	if !slices.IsSortedFunc(all, func(x, y Reservation) int { return compareForDesk(x, y, today, today) }) {
		t.Fatal("the search is not in the desk's order")
	}
	if all[0].CheckIn != today || all[len(all)-1].Status != StatusCheckedOut || all[len(all)-6].Status != StatusCheckedIn {
		t.Fatalf("first %s %s, last %s: want today's arrivals, then in house, then gone", all[0].CheckIn, all[0].Status, all[len(all)-1].Status)
	}
}

func TestACursorThatIsNotOneIsRefused(t *testing.T) {
	p := manyReservations(t)
	ctx := context.Background()
	search, err := p.s.PageReservations(ctx, p.a, ReservationFilter{Q: "zhang", Limit: 5})
	if err != nil || search.Next == "" {
		t.Fatalf("a search's first page: %v, next %q", err, search.Next)
	}
	for _, cursor := range []string{"nonsense!", "e30", search.Next} {
		_, err := p.s.PageReservations(ctx, p.a, ReservationFilter{HotelID: p.hotel.ID, Cursor: cursor})
		if app.ErrorCode(err) != app.EINVALID {
			t.Errorf("cursor %q: %v; want invalid", cursor, err)
		}
	}
}
