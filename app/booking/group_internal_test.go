package booking

import (
	"context"
	"testing"

	"innkeep/app"
	"innkeep/app/guest"
	"innkeep/app/property"
	"innkeep/store"
)

// groupDesk is a hotel (business date 2026-11-26) of two room types:
// Deluxe with rooms 101–103 and Standard with rooms 201–202, a plan each.
type groupDesk struct {
	*propInternal
	std     property.RoomType
	stdPlan property.RatePlan
	rooms   map[string]property.Room // by number
}

func newGroupDesk(t *testing.T) *groupDesk {
	t.Helper()
	d := &groupDesk{propInternal: newPropInternal(t), rooms: map[string]property.Room{}}
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	d.rooms["101"] = d.room
	for _, n := range []string{"102", "103"} {
		rm, err := d.s.property.CreateRoom(ctx, d.a, d.hotel.ID, property.RoomInput{Number: n, Floor: 1, RoomTypeID: d.rt.ID})
		must(err)
		d.rooms[n] = rm
	}
	var err error
	d.std, err = d.s.property.CreateRoomType(ctx, d.a, d.hotel.ID, property.RoomTypeInput{Code: "STD", Name: "Standard", BedType: "twin", MaxAdults: 2})
	must(err)
	d.stdPlan, err = d.s.property.CreateRatePlan(ctx, d.a, d.hotel.ID, property.RatePlanInput{RoomTypeID: d.std.ID, Code: "STD-BAR", Name: "Best", BaseRate: 30000})
	must(err)
	for _, n := range []string{"201", "202"} {
		rm, err := d.s.property.CreateRoom(ctx, d.a, d.hotel.ID, property.RoomInput{Number: n, Floor: 2, RoomTypeID: d.std.ID})
		must(err)
		d.rooms[n] = rm
	}
	for _, rm := range d.rooms {
		_, err := d.s.property.SetHousekeeping(ctx, d.a, rm.ID, property.RoomClean)
		must(err)
	}
	return d
}

func (d *groupDesk) dlx() RoomRequest {
	return RoomRequest{RoomTypeID: d.rt.ID, RatePlanID: d.plan.ID, Adults: 2}
}

func (d *groupDesk) stdRoom() RoomRequest {
	return RoomRequest{RoomTypeID: d.std.ID, RatePlanID: d.stdPlan.ID, Adults: 1}
}

func (d *groupDesk) bookGroup(t *testing.T, checkIn, checkOut string, rooms ...RoomRequest) BookingResult {
	t.Helper()
	res, err := d.s.Book(context.Background(), d.a, BookingInput{HotelID: d.hotel.ID, CheckIn: checkIn, CheckOut: checkOut, Rooms: rooms,
		Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Li Na"}},
		Group: &GroupInput{Name: "Acme offsite", Contact: GroupContact{Name: "Li Na", Phone: "+86 138 0000 0000", Email: "li@acme.example"}}}, "")
	if err != nil {
		t.Fatalf("book the group: %v", err)
	}
	return res
}

func (d *groupDesk) available(t *testing.T, typeID, checkIn, checkOut string) int {
	t.Helper()
	av, err := d.s.Availability(context.Background(), d.a, d.hotel.ID, AvailabilityQuery{CheckIn: checkIn, CheckOut: checkOut, Adults: 1, RoomType: typeID})
	if err != nil {
		t.Fatal(err)
	}
	return av.RoomTypes[0].Available
}

func TestAGroupBooksRoomsOfMixedTypesUnderOneNameAndContact(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	res := d.bookGroup(t, "2026-12-01", "2026-12-03", d.dlx(), d.dlx(), d.stdRoom())
	groupID := res.Reservations[0].GroupID
	if groupID == "" {
		t.Fatal("the rooms carry no group")
	}
	for _, r := range res.Reservations {
		if r.GroupID != groupID {
			t.Errorf("room %s is in group %q, not %q", r.ID, r.GroupID, groupID)
		}
	}
	// A later booking joins the group.
	more, err := d.s.Book(ctx, d.a, BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-12-02", CheckOut: "2026-12-04", Rooms: []RoomRequest{d.stdRoom()},
		Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Wang Fang"}}, GroupID: groupID}, "")
	if err != nil {
		t.Fatal(err)
	}
	g, err := d.s.GetGroup(ctx, d.a, groupID)
	if err != nil {
		t.Fatal(err)
	}
	if g.Group.Name != "Acme offsite" || g.Group.Contact.Email != "li@acme.example" || len(g.Group.Codes) != 2 || g.Group.Codes[1] != more.Code {
		t.Errorf("group = %+v", g.Group)
	}
	if g.Rooms != 4 || len(g.Reservations) != 4 || g.CheckIn != "2026-12-01" || g.CheckOut != "2026-12-04" || g.Statuses.Confirmed != 4 {
		t.Errorf("summary: rooms %d, reservations %d, %s–%s, statuses %+v", g.Rooms, len(g.Reservations), g.CheckIn, g.CheckOut, g.Statuses)
	}
	list, err := d.s.ListGroups(ctx, d.a, d.hotel.ID)
	if err != nil || len(list) != 1 || list[0].Rooms != 4 {
		t.Fatalf("list = %+v, %v", list, err)
	}
	name := "Acme board"
	if g2, err := d.s.UpdateGroup(ctx, d.a, groupID, GroupPatch{Name: &name}); err != nil || g2.Name != name || g2.Contact.Phone == "" {
		t.Errorf("update = %+v, %v", g2, err)
	}
}

func TestBadGroupInputIsRefusedAndChangesNothing(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	for name, in := range map[string]BookingInput{
		"no name":         {Group: &GroupInput{Contact: GroupContact{Name: "Li Na"}}},
		"bad email":       {Group: &GroupInput{Name: "Acme", Contact: GroupContact{Email: "nope"}}},
		"group and id":    {Group: &GroupInput{Name: "Acme"}, GroupID: "x"},
		"unknown group":   {GroupID: "nope"},
		"unknown block":   {Rooms: []RoomRequest{{RoomTypeID: d.rt.ID, RatePlanID: d.plan.ID, Adults: 1, BlockID: "nope"}}},
		"too long a name": {Group: &GroupInput{Name: string(make([]byte, 101))}},
	} {
		t.Run(name, func(t *testing.T) {
			before := d.hash(t)
			in.HotelID, in.CheckIn, in.CheckOut = d.hotel.ID, "2026-12-01", "2026-12-02"
			in.Guest = BookingGuest{GuestInput: guest.GuestInput{Name: "Li Na"}}
			if len(in.Rooms) == 0 {
				in.Rooms = []RoomRequest{d.dlx()}
			}
			if _, err := d.s.Book(ctx, d.a, in, ""); app.ErrorCode(err) != app.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			if d.hash(t) != before {
				t.Error("a refused booking changed the store")
			}
		})
	}
}

func TestAGroupActionChangesNothingWhenOneRoomCannot(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, d *groupDesk, res BookingResult) // makes one room unable
		act   func(d *groupDesk, groupID string) error
		code  string
	}{
		{"check in, one room selected arriving another day",
			func(t *testing.T, d *groupDesk, res BookingResult) {
				in, out := "2026-11-27", "2026-11-28"
				if _, err := d.s.ModifyReservation(ctx, d.a, res.Reservations[2].ID, ReservationPatch{CheckIn: &in, CheckOut: &out}); err != nil {
					t.Fatal(err)
				}
			},
			func(d *groupDesk, id string) error {
				g, _ := d.s.GetGroup(ctx, d.a, id)
				var ids []string
				for _, r := range g.Reservations {
					ids = append(ids, r.ID)
				}
				_, err := d.s.CheckInGroup(ctx, d.a, id, GroupCheckInInput{ReservationIDs: ids})
				return err
			}, app.ECONFLICT},
		{"check in, no clean room for one",
			func(t *testing.T, d *groupDesk, res BookingResult) {
				for _, n := range []string{"201", "202"} {
					if _, err := d.s.property.SetHousekeeping(ctx, d.a, d.rooms[n].ID, property.RoomDirty); err != nil {
						t.Fatal(err)
					}
				}
			},
			func(d *groupDesk, id string) error {
				_, err := d.s.CheckInGroup(ctx, d.a, id, GroupCheckInInput{})
				return err
			}, app.ECONFLICT},
		{"cancel, one room checked in",
			func(t *testing.T, d *groupDesk, res BookingResult) {
				if _, err := d.s.CheckInReservation(ctx, d.a, res.Reservations[1].ID, CheckInInput{}); err != nil {
					t.Fatal(err)
				}
			},
			func(d *groupDesk, id string) error {
				g, _ := d.s.GetGroup(ctx, d.a, id)
				var ids []string
				for _, r := range g.Reservations {
					ids = append(ids, r.ID)
				}
				_, err := d.s.CancelGroup(ctx, d.a, id, GroupCancelInput{ReservationIDs: ids})
				return err
			}, app.ECONFLICT},
		{"cancel, the fee is not the one previewed",
			func(t *testing.T, d *groupDesk, res BookingResult) {},
			func(d *groupDesk, id string) error {
				fee := int64(1)
				_, err := d.s.CancelGroup(ctx, d.a, id, GroupCancelInput{ExpectedFee: &fee})
				return err
			}, app.ECONFLICT},
		{"move, the standard rooms have no room on a new night",
			func(t *testing.T, d *groupDesk, res BookingResult) {
				_, err := d.s.Book(ctx, d.a, BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-11-28", CheckOut: "2026-11-29", Rooms: []RoomRequest{d.stdRoom(), d.stdRoom()},
					Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Zhao Lei"}}}, "")
				if err != nil {
					t.Fatal(err)
				}
			},
			func(d *groupDesk, id string) error {
				_, err := d.s.MoveGroup(ctx, d.a, id, GroupMoveInput{Days: 1})
				return err
			}, app.ECONFLICT},
		{"move by no night",
			func(t *testing.T, d *groupDesk, res BookingResult) {},
			func(d *groupDesk, id string) error {
				_, err := d.s.MoveGroup(ctx, d.a, id, GroupMoveInput{})
				return err
			}, app.EINVALID},
		{"a room of another group",
			func(t *testing.T, d *groupDesk, res BookingResult) {},
			func(d *groupDesk, id string) error {
				_, err := d.s.CheckInGroup(ctx, d.a, id, GroupCheckInInput{ReservationIDs: []string{"nope"}})
				return err
			}, app.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newGroupDesk(t)
			res := d.bookGroup(t, "2026-11-26", "2026-11-28", d.dlx(), d.dlx(), d.stdRoom())
			tc.setup(t, d, res)
			before := d.hash(t)
			err := tc.act(d, res.Reservations[0].GroupID)
			if app.ErrorCode(err) != tc.code {
				t.Fatalf("err = %v, want %s", err, tc.code)
			}
			if d.hash(t) != before {
				t.Error("a refused group action changed the store")
			}
		})
	}
}

func TestAGroupIsCheckedInMovedAndCancelledTogether(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	res := d.bookGroup(t, "2026-11-26", "2026-11-28", d.dlx(), d.stdRoom())
	id := res.Reservations[0].GroupID
	done, err := d.s.CheckInGroup(ctx, d.a, id, GroupCheckInInput{})
	if err != nil || len(done.Reservations) != 2 {
		t.Fatalf("check in = %+v, %v", done, err)
	}
	for _, r := range done.Reservations {
		if r.Status != StatusCheckedIn || r.RoomID == "" {
			t.Errorf("%s: %s in room %q", r.ID, r.Status, r.RoomID)
		}
	}

	later := d.bookGroup(t, "2026-12-10", "2026-12-12", d.dlx(), d.dlx(), d.stdRoom())
	lid := later.Reservations[0].GroupID
	q, err := d.s.QuoteGroupMove(ctx, d.a, lid, GroupMoveInput{Days: 2})
	if err != nil || len(q.Changes) != 3 {
		t.Fatalf("quote = %+v, %v", q, err)
	}
	moved, err := d.s.MoveGroup(ctx, d.a, lid, GroupMoveInput{Days: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range moved.Reservations {
		if r.CheckIn != "2026-12-12" || r.CheckOut != "2026-12-14" {
			t.Errorf("%s moved to %s–%s", r.ID, r.CheckIn, r.CheckOut)
		}
	}
	preview, err := d.s.QuoteGroupCancel(ctx, d.a, lid, GroupCancelInput{ReservationIDs: []string{later.Reservations[0].ID, later.Reservations[2].ID}})
	if err != nil || len(preview.Fees) != 2 {
		t.Fatalf("preview = %+v, %v", preview, err)
	}
	cancelled, err := d.s.CancelGroup(ctx, d.a, lid, GroupCancelInput{ReservationIDs: []string{later.Reservations[0].ID, later.Reservations[2].ID}, ExpectedFee: &preview.Fee})
	if err != nil || len(cancelled.Reservations) != 2 || cancelled.Fee != preview.Fee {
		t.Fatalf("cancel = %+v, %v", cancelled, err)
	}
	g, err := d.s.GetGroup(ctx, d.a, lid)
	if err != nil || g.Statuses.Cancelled != 2 || g.Statuses.Confirmed != 1 {
		t.Errorf("after cancelling two of three: %+v, %v", g.Statuses, err)
	}
}

func (d *groupDesk) block(t *testing.T, rooms int, checkIn, checkOut, release string) Block {
	t.Helper()
	b, err := d.s.CreateBlock(context.Background(), d.a, d.hotel.ID, BlockInput{Name: "Acme", RoomTypeID: d.rt.ID, RatePlanID: d.plan.ID,
		CheckIn: checkIn, CheckOut: checkOut, Rooms: rooms, ReleaseDate: release})
	if err != nil {
		t.Fatalf("create the block: %v", err)
	}
	return b
}

func (d *groupDesk) bookFromBlock(blockID string, rooms int, checkIn, checkOut string) (BookingResult, error) {
	in := BookingInput{HotelID: d.hotel.ID, CheckIn: checkIn, CheckOut: checkOut, Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Li Na"}}}
	for range rooms {
		rq := d.dlx()
		rq.BlockID = blockID
		in.Rooms = append(in.Rooms, rq)
	}
	return d.s.Book(context.Background(), d.a, in, "")
}

func TestABlockHoldsRoomsOutOfSaleAndGivesThemOnlyToItsPickUps(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	b := d.block(t, 2, "2026-12-01", "2026-12-03", "2026-11-28")
	if got := d.available(t, d.rt.ID, "2026-12-01", "2026-12-03"); got != 1 {
		t.Fatalf("deluxe available with a block of 2 of 3 = %d, want 1", got)
	}
	if got := d.available(t, d.rt.ID, "2026-12-03", "2026-12-04"); got != 3 {
		t.Errorf("after the block's nights = %d, want 3", got)
	}
	// The public takes the last open room; the block still gives its own.
	if _, err := d.s.Book(ctx, d.a, BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-12-01", CheckOut: "2026-12-02", Rooms: []RoomRequest{d.dlx()},
		Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Zhao Lei"}}}, ""); err != nil {
		t.Fatal(err)
	}
	before := d.hash(t)
	if _, err := d.s.Book(ctx, d.a, BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-12-01", CheckOut: "2026-12-02", Rooms: []RoomRequest{d.dlx()},
		Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Sun Li"}}}, ""); !hasKey(err, "booking.no_room_free") {
		t.Fatalf("public booking into the block's rooms: %v", err)
	}
	if _, err := d.bookFromBlock(b.ID, 3, "2026-12-01", "2026-12-03"); !hasKey(err, "booking.room_n") || app.ErrorCode(err) != app.ECONFLICT {
		t.Fatalf("3 rooms from a block of 2: %v", err)
	}
	if _, err := d.bookFromBlock(b.ID, 1, "2026-12-02", "2026-12-04"); app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("nights outside the block: %v", err)
	}
	if d.hash(t) != before {
		t.Fatal("refused bookings changed the store")
	}
	res, err := d.bookFromBlock(b.ID, 2, "2026-12-01", "2026-12-03")
	if err != nil {
		t.Fatalf("2 rooms from a block of 2 with public availability 0: %v", err)
	}
	if res.Reservations[0].BlockID != b.ID {
		t.Errorf("block_id = %q", res.Reservations[0].BlockID)
	}
	got, err := d.s.GetBlock(ctx, d.a, b.ID)
	if err != nil || got.PickedUp != 2 || got.Nights[0].Held != 0 || got.Nights[0].PickedUp != 2 {
		t.Errorf("block after pick-up: %+v, %v", got, err)
	}
	if _, err := d.bookFromBlock(b.ID, 1, "2026-12-02", "2026-12-03"); !hasKey(err, "booking.room_n") {
		t.Errorf("beyond the block: %v", err)
	}
	// Cancelling a picked-up room gives it back to the block, not to sale.
	if _, err := d.s.CancelReservation(ctx, d.a, res.Reservations[0].ID, CancelInput{}); err != nil {
		t.Fatal(err)
	}
	if got := d.available(t, d.rt.ID, "2026-12-01", "2026-12-02"); got != 0 {
		t.Errorf("after a pick-up is cancelled, public = %d, want 0 (the block holds it)", got)
	}
}

func TestABlockReleasesByTheBusinessDateWithoutAWrite(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	b := d.block(t, 2, "2026-11-28", "2026-11-30", "2026-11-26")
	if got := d.available(t, d.rt.ID, "2026-11-28", "2026-11-30"); got != 1 {
		t.Fatalf("held: available = %d, want 1", got)
	}
	var stored Block
	read := func() Block {
		t.Helper()
		var b2 Block
		if err := d.s.DB.View(func(tx *store.Tx) (err error) { b2, err = Blocks.Get(tx, b.ID); return }); err != nil {
			t.Fatal(err)
		}
		return b2
	}
	stored = read()
	if _, err := d.s.NightAudit(ctx, d.a, d.hotel.ID, "2026-11-26"); err != nil {
		t.Fatal(err)
	}
	if after := read(); after.UpdatedAt != stored.UpdatedAt || !after.ReleasedAt.IsZero() {
		t.Error("the night audit wrote the block")
	}
	if got := d.available(t, d.rt.ID, "2026-11-28", "2026-11-30"); got != 3 {
		t.Errorf("released: available = %d, want 3", got)
	}
	if got, err := d.s.GetBlock(ctx, d.a, b.ID); err != nil || !got.Released || got.Nights[0].Held != 0 {
		t.Errorf("block = %+v, %v", got, err)
	}
	if _, err := d.bookFromBlock(b.ID, 1, "2026-11-28", "2026-11-29"); !hasKey(err, "booking.room_n") {
		t.Errorf("pick-up from a released block: %v", err)
	}
}

func TestABlockIsRefusedWhenTheTypeHasNotTheRooms(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	d.bookGroup(t, "2026-12-02", "2026-12-03", d.dlx(), d.dlx())
	for _, tc := range []struct {
		name string
		in   BlockInput
		key  string
	}{
		{"two rooms where one is free", BlockInput{Rooms: 2, CheckIn: "2026-12-01", CheckOut: "2026-12-04", ReleaseDate: "2026-11-30"}, "booking.block_no_rooms"},
		{"release after the first night", BlockInput{Rooms: 1, CheckIn: "2026-12-01", CheckOut: "2026-12-04", ReleaseDate: "2026-12-02"}, "booking.release_date"},
		{"no room", BlockInput{Rooms: 0, CheckIn: "2026-12-01", CheckOut: "2026-12-04", ReleaseDate: "2026-11-30"}, "booking.block_rooms"},
		{"in the past", BlockInput{Rooms: 1, CheckIn: "2026-11-20", CheckOut: "2026-11-22", ReleaseDate: "2026-11-19"}, "booking.check_in_in_past"},
		{"unknown group", BlockInput{GroupID: "nope", Rooms: 1, CheckIn: "2026-12-01", CheckOut: "2026-12-04", ReleaseDate: "2026-11-30"}, "booking.group_not_of_hotel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := d.hash(t)
			tc.in.Name, tc.in.RoomTypeID, tc.in.RatePlanID = "Acme", d.rt.ID, d.plan.ID
			_, err := d.s.CreateBlock(ctx, d.a, d.hotel.ID, tc.in)
			if !hasKey(err, tc.key) {
				t.Fatalf("err = %v, want %s", err, tc.key)
			}
			if d.hash(t) != before {
				t.Error("a refused block changed the store")
			}
		})
	}
	// Blocks count against each other.
	d.block(t, 1, "2026-12-01", "2026-12-04", "2026-11-30")
	if _, err := d.s.CreateBlock(ctx, d.a, d.hotel.ID, BlockInput{Name: "Beta", RoomTypeID: d.rt.ID, RatePlanID: d.plan.ID, Rooms: 1,
		CheckIn: "2026-12-02", CheckOut: "2026-12-03", ReleaseDate: "2026-11-30"}); !hasKey(err, "booking.block_no_rooms") {
		t.Errorf("a second block over the first: %v", err)
	}
}

func TestABlockCannotShrinkBelowItsPickUp(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	b := d.block(t, 3, "2026-12-01", "2026-12-03", "2026-11-28")
	if _, err := d.bookFromBlock(b.ID, 2, "2026-12-01", "2026-12-02"); err != nil {
		t.Fatal(err)
	}
	one, four, late := 1, 4, "2026-12-02"
	before := d.hash(t)
	for name, p := range map[string]BlockPatch{
		"below the pick-up":      {Rooms: &one},
		"beyond the rooms":       {Rooms: &four},
		"nights off the pick-up": {CheckIn: &late},
	} {
		if _, err := d.s.UpdateBlock(ctx, d.a, b.ID, p); app.ErrorCode(err) == "" {
			t.Errorf("%s: accepted", name)
		}
	}
	if err := d.s.DeleteBlock(ctx, d.a, b.ID); !hasKey(err, "booking.block_in_use") {
		t.Errorf("delete with pick-ups: %v", err)
	}
	if d.hash(t) != before {
		t.Fatal("refused changes changed the store")
	}
	two := 2
	if got, err := d.s.UpdateBlock(ctx, d.a, b.ID, BlockPatch{Rooms: &two}); err != nil || got.Rooms != 2 || got.Nights[1].Held != 2 {
		t.Errorf("shrink to the pick-up: %+v, %v", got, err)
	}
	if got, err := d.s.ReleaseBlock(ctx, d.a, b.ID); err != nil || !got.Released {
		t.Errorf("release = %+v, %v", got, err)
	}
	if got := d.available(t, d.rt.ID, "2026-12-02", "2026-12-03"); got != 3 {
		t.Errorf("after release: %d, want 3", got)
	}
}

func TestTheChartAndTheConflictsAgreeOnBlocks(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	b := d.block(t, 2, "2026-12-01", "2026-12-03", "2026-11-28")
	if _, err := d.bookFromBlock(b.ID, 1, "2026-12-01", "2026-12-02"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.s.Book(ctx, d.a, BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-12-01", CheckOut: "2026-12-03", Rooms: []RoomRequest{d.dlx()},
		Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Zhao Lei"}}}, ""); err != nil {
		t.Fatal(err)
	}
	tc, err := d.s.TapeChartOf(ctx, d.a, d.hotel.ID, "2026-11-30", "2026-12-04")
	if err != nil {
		t.Fatal(err)
	}
	if len(tc.Allotments) != 1 || len(tc.Allotments[0].Nights) != 2 || tc.Allotments[0].Nights[0].Held != 1 || tc.Allotments[0].Nights[1].Held != 2 {
		t.Fatalf("allotments = %+v", tc.Allotments)
	}
	c, err := d.s.ConflictsOf(ctx, d.a, d.hotel.ID, "", "")
	if err != nil || len(c.Oversold) != 0 {
		t.Fatalf("conflicts before = %+v, %v", c, err)
	}
	// A room out of order under the block: the type is oversold by the
	// block, and the conflicts say so.
	if _, err := d.s.property.AddOutOfOrder(ctx, d.a, d.rooms["103"].ID, property.OutOfOrderInput{From: "2026-12-02", To: "2026-12-03", Reason: "leak"}); err != nil {
		t.Fatal(err)
	}
	c, err = d.s.ConflictsOf(ctx, d.a, d.hotel.ID, "", "")
	if err != nil || len(c.Oversold) != 1 || c.Oversold[0].Date != "2026-12-02" || c.Oversold[0].Blocked != 2 || c.Oversold[0].Held != 1 || c.Oversold[0].Sellable != 2 {
		t.Fatalf("conflicts after = %+v, %v", c, err)
	}
	if got := d.available(t, d.rt.ID, "2026-12-02", "2026-12-03"); got != 0 {
		t.Errorf("available on the oversold night = %d", got)
	}
}

func TestAvailabilityFromABlockShowsTheRoomsTheBlockHasLeft(t *testing.T) {
	d := newGroupDesk(t)
	b := d.block(t, 2, "2026-12-01", "2026-12-03", "2026-11-28")
	if _, err := d.bookFromBlock(b.ID, 1, "2026-12-01", "2026-12-02"); err != nil {
		t.Fatal(err)
	}
	ask := func(block, in, out string) int {
		t.Helper()
		av, err := d.s.Availability(context.Background(), d.a, d.hotel.ID, AvailabilityQuery{CheckIn: in, CheckOut: out, Adults: 1, RoomType: d.rt.ID, Block: block})
		if err != nil {
			t.Fatal(err)
		}
		return av.RoomTypes[0].Available
	}
	if got := ask(b.ID, "2026-12-01", "2026-12-03"); got != 1 {
		t.Errorf("from the block = %d, want 1 (2 less the one picked up on the first night)", got)
	}
	if got := ask("", "2026-12-01", "2026-12-03"); got != 1 {
		t.Errorf("public = %d, want 1", got)
	}
	if got := ask(b.ID, "2026-12-02", "2026-12-04"); got != 1 {
		t.Errorf("a stay outside the block shows public availability: %d, want 1", got)
	}
}

func TestAChangeOfAPickedUpStayIsCheckedAgainstItsBlockWhileItFits(t *testing.T) {
	d := newGroupDesk(t)
	ctx := context.Background()
	b := d.block(t, 2, "2026-12-01", "2026-12-04", "2026-11-28")
	res, err := d.bookFromBlock(b.ID, 1, "2026-12-01", "2026-12-02")
	if err != nil {
		t.Fatal(err)
	}
	// The public takes the one open room on every night.
	if _, err := d.s.Book(ctx, d.a, BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-12-01", CheckOut: "2026-12-05", Rooms: []RoomRequest{d.dlx()},
		Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Zhao Lei"}}}, ""); err != nil {
		t.Fatal(err)
	}
	out := "2026-12-04"
	m, err := d.s.ModifyReservation(ctx, d.a, res.Reservations[0].ID, ReservationPatch{CheckOut: &out})
	if err != nil {
		t.Fatalf("longer inside the block, public sold out: %v", err)
	}
	if m.Reservation.BlockID != b.ID {
		t.Errorf("the stay left its block: %q", m.Reservation.BlockID)
	}
	before := d.hash(t)
	late := "2026-12-05"
	if _, err := d.s.ModifyReservation(ctx, d.a, res.Reservations[0].ID, ReservationPatch{CheckOut: &late}); !hasKey(err, "booking.no_room_free") {
		t.Errorf("a night past the block with no public room: %v", err)
	}
	if d.hash(t) != before {
		t.Error("a refused change changed the store")
	}
	got, err := d.s.GetBlock(ctx, d.a, b.ID)
	if err != nil || got.Nights[2].PickedUp != 1 || got.Nights[2].Held != 1 {
		t.Errorf("block after the change: %+v, %v", got.Nights, err)
	}
}
