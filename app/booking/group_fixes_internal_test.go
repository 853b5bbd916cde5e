package booking

import (
	"context"
	"slices"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/audit"
	"innkeep/app/guest"
	"innkeep/app/property"
)

func TestAGroupMoveChargesOnlyTheChangeFeeItWasShown(t *testing.T) {
	ctx := context.Background()
	d := newGroupDesk(t)
	// Free changes end 72 hours before arrival: a stay of tomorrow pays
	// 5000 a room to move.
	if _, err := d.s.property.UpdateRatePlan(ctx, d.a, d.plan.ID, property.RatePlanPatch{Policy: tiered()}); err != nil {
		t.Fatal(err)
	}
	res := d.bookGroup(t, "2026-11-27", "2026-11-28", d.dlx(), d.dlx())
	id := res.Reservations[0].GroupID
	q, err := d.s.QuoteGroupMove(ctx, d.a, id, GroupMoveInput{Days: 1})
	if err != nil || q.Fee != 10000 || len(q.Changes) != 2 || q.Changes[0].ChangeFee.Fee != 5000 {
		t.Fatalf("quote = fee %d, %+v, %v; want 10000, 5000 a room", q.Fee, q.Changes, err)
	}
	zero, less := int64(0), int64(5000)
	for name, expected := range map[string]*int64{"without the fee": nil, "expecting no fee": &zero, "expecting less": &less} {
		before := d.hash(t)
		_, err := d.s.MoveGroup(ctx, d.a, id, GroupMoveInput{Days: 1, ExpectedFee: expected})
		if app.ErrorCode(err) != app.ECONFLICT || !hasKey(err, "booking.change_fee_changed") {
			t.Errorf("%s: err = %v, want ECONFLICT change_fee_changed", name, err)
		}
		if d.hash(t) != before {
			t.Errorf("%s: the refused move changed the store", name)
		}
	}
	moved, err := d.s.MoveGroup(ctx, d.a, id, GroupMoveInput{Days: 1, ExpectedFee: &q.Fee})
	if err != nil || moved.Fee != 10000 {
		t.Fatalf("move = fee %d, %v", moved.Fee, err)
	}
	for _, r := range moved.Reservations {
		if r.CheckIn != "2026-11-28" || len(r.Fees) != 1 || r.Fees[0].Amount != 5000 {
			t.Errorf("%s: from %s, fees %+v", r.ID, r.CheckIn, r.Fees)
		}
	}
}

func TestAGroupCheckInWithNoRoomSelectedTakesTheRoomsArrivingToday(t *testing.T) {
	ctx := context.Background()
	d := newGroupDesk(t)
	res := d.bookGroup(t, "2026-11-26", "2026-11-28", d.dlx(), d.stdRoom())
	id := res.Reservations[0].GroupID
	late, err := d.s.Book(ctx, d.a, BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-11-27", CheckOut: "2026-11-28", Rooms: []RoomRequest{d.dlx()},
		Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Wang Wei"}}, GroupID: id}, "")
	if err != nil {
		t.Fatal(err)
	}
	done, err := d.s.CheckInGroup(ctx, d.a, id, GroupCheckInInput{})
	if err != nil || len(done.Reservations) != 2 {
		t.Fatalf("check in = %+v, %v; want the two rooms arriving today", done, err)
	}
	for _, r := range done.Reservations {
		if r.Status != StatusCheckedIn || r.CheckIn != "2026-11-26" {
			t.Errorf("%s arriving %s: %s", r.ID, r.CheckIn, r.Status)
		}
	}
	if r, err := d.s.GetReservation(ctx, d.a, late.Reservations[0].ID); err != nil || r.Status != StatusConfirmed {
		t.Errorf("the room arriving tomorrow: %s, %v; want confirmed", r.Status, err)
	}
	// Only the room of tomorrow is left: nothing to do today.
	before := d.hash(t)
	if _, err := d.s.CheckInGroup(ctx, d.a, id, GroupCheckInInput{}); app.ErrorCode(err) != app.ECONFLICT || !hasKey(err, "booking.group_nothing") {
		t.Errorf("again: err = %v, want ECONFLICT group_nothing", err)
	}
	if d.hash(t) != before {
		t.Error("the refused check-in changed the store")
	}
}

func TestAGroupsReasonsAreCountedInCharacters(t *testing.T) {
	ctx := context.Background()
	d := newGroupDesk(t)
	chinese := strings.Repeat("因", 170) // 510 bytes
	long := strings.Repeat("x", 501)
	res := d.bookGroup(t, "2026-11-26", "2026-11-28", d.dlx())
	id := res.Reservations[0].GroupID
	before := d.hash(t)
	if _, err := d.s.CheckInGroup(ctx, d.a, id, GroupCheckInInput{OverrideReason: long}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("check in with 501 characters: %v, want invalid", err)
	}
	if _, err := d.s.CancelGroup(ctx, d.a, id, GroupCancelInput{Reason: long}); app.ErrorCode(err) != app.EINVALID {
		t.Errorf("cancel with 501 characters: %v, want invalid", err)
	}
	if d.hash(t) != before {
		t.Error("the refused actions changed the store")
	}
	if _, err := d.s.CheckInGroup(ctx, d.a, id, GroupCheckInInput{OverrideReason: chinese}); err != nil {
		t.Errorf("check in with 170 Chinese characters: %v", err)
	}
	later := d.bookGroup(t, "2026-12-10", "2026-12-12", d.dlx())
	if _, err := d.s.CancelGroup(ctx, d.a, later.Reservations[0].GroupID, GroupCancelInput{Reason: chinese}); err != nil {
		t.Errorf("cancel with 170 Chinese characters: %v", err)
	}
}

func TestABookingFromAGroupsBlockIsRecordedOnTheGroup(t *testing.T) {
	ctx := context.Background()
	d := newGroupDesk(t)
	res := d.bookGroup(t, "2026-12-01", "2026-12-03", d.stdRoom())
	gid := res.Reservations[0].GroupID
	b, err := d.s.CreateBlock(ctx, d.a, d.hotel.ID, BlockInput{GroupID: gid, Name: "Acme", RoomTypeID: d.rt.ID, RatePlanID: d.plan.ID,
		CheckIn: "2026-12-01", CheckOut: "2026-12-03", Rooms: 2, ReleaseDate: "2026-11-29"})
	if err != nil {
		t.Fatal(err)
	}
	other := d.bookGroup(t, "2026-12-05", "2026-12-06", d.stdRoom())
	fromBlock := func(groupID string, group *GroupInput) BookingInput {
		rq := d.dlx()
		rq.BlockID = b.ID
		return BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-12-01", CheckOut: "2026-12-03", Rooms: []RoomRequest{rq},
			Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Zhao Lei"}}, GroupID: groupID, Group: group}
	}
	for name, in := range map[string]BookingInput{
		"another group": fromBlock(other.Reservations[0].GroupID, nil),
		"a new group":   fromBlock("", &GroupInput{Name: "Other"}),
	} {
		before := d.hash(t)
		if _, err := d.s.Book(ctx, d.a, in, ""); app.ErrorCode(err) != app.EINVALID || !hasKey(err, "booking.group_not_blocks") {
			t.Errorf("%s: err = %v, want invalid group_not_blocks", name, err)
		}
		if d.hash(t) != before {
			t.Errorf("%s: the refused booking changed the store", name)
		}
	}
	for name, groupID := range map[string]string{"naming no group": "", "naming the block's group": gid} {
		got, err := d.s.Book(ctx, d.a, fromBlock(groupID, nil), "")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Reservations[0].GroupID != gid {
			t.Errorf("%s: in group %q, want %q", name, got.Reservations[0].GroupID, gid)
		}
		g, err := d.s.GetGroup(ctx, d.a, gid)
		if err != nil || !slices.Contains(g.Group.Codes, got.Code) {
			t.Errorf("%s: the group's codes %v lack %s (%v)", name, g.Group.Codes, got.Code, err)
		}
		page, err := auditOf(d.s).List(ctx, d.a, audit.Filter{Action: "group.update"})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(page.Entries, func(e audit.Entry) bool {
			return e.EntityID == gid && strings.Contains(string(e.After["codes"]), got.Code)
		}) {
			t.Errorf("%s: no group.update recorded the booking %s", name, got.Code)
		}
	}
}
