package booking

import (
	"slices"
	"testing"
)

func TestASearchListsTodaysAndComingStaysFirstThenInHouseThenThePastLatestFirst(t *testing.T) {
	const today = "2026-12-10"
	stays := []Reservation{
		{Code: "OLD", Status: StatusCheckedOut, CheckIn: "2025-03-01", CheckOut: "2025-03-03"},
		{Code: "LASTWEEK", Status: StatusCheckedOut, CheckIn: "2026-12-01", CheckOut: "2026-12-04"},
		{Code: "NEXTMONTH", Status: StatusConfirmed, CheckIn: "2027-01-05", CheckOut: "2027-01-07"},
		{Code: "INHOUSE", Status: StatusCheckedIn, CheckIn: "2026-12-08", CheckOut: "2026-12-12"},
		{Code: "TODAY", Status: StatusConfirmed, CheckIn: today, CheckOut: "2026-12-11"},
		{Code: "CANCELLED", Status: StatusCancelled, CheckIn: "2026-11-20", CheckOut: "2026-11-22"},
		{Code: "TOMORROW", Status: StatusTentative, CheckIn: "2026-12-11", CheckOut: "2026-12-12"},
		{Code: "NOSHOW", Status: StatusNoShow, CheckIn: "2026-12-09", CheckOut: "2026-12-11"},
	}
	slices.SortFunc(stays, func(x, y Reservation) int { return compareForDesk(x, y, today, today) })
	var got []string
	for _, r := range stays {
		got = append(got, r.Code)
	}
	want := []string{"TODAY", "TOMORROW", "NEXTMONTH", "INHOUSE", "NOSHOW", "LASTWEEK", "CANCELLED", "OLD"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
