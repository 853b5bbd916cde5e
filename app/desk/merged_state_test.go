package desk_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/apptest"
	"innkeep/app/booking"
	"innkeep/app/datadir"
	"innkeep/app/guest"
	"innkeep/app/property"
	"innkeep/store"
)

// mergeBase is a data folder holding the fixture property, made once and
// copied for every run of the property test (a copy takes a new node id).
type mergeBase struct {
	dir string
	p   *fixture
}

func newMergeBase(t *testing.T) *mergeBase {
	return newMergeBaseFrom(t, newProperty(t))
}

// newMergeBaseFrom makes the base of the fixture p as it stands.
func newMergeBaseFrom(t *testing.T, p *fixture) *mergeBase {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, datadir.StoreFileName))
	mustNot(t, err)
	mustNot(t, p.s.DB.View(func(tx *store.Tx) error { _, err := tx.WriteTo(f); return err }))
	mustNot(t, f.Close())
	return &mergeBase{dir: dir, p: p}
}

// desk opens a copy of the base folder as a desk of its own.
func (b *mergeBase) desk(t *testing.T, clk *apptest.Clock) *apptest.Kit {
	dir := t.TempDir()
	src, err := os.Open(filepath.Join(b.dir, datadir.StoreFileName))
	mustNot(t, err)
	defer src.Close()
	dst, err := os.Create(filepath.Join(dir, datadir.StoreFileName))
	mustNot(t, err)
	_, err = io.Copy(dst, src)
	mustNot(t, err)
	mustNot(t, dst.Close())
	db, _ := apptest.OpenStore(t, dir, false)
	return apptest.OnStore(db, dir, apptest.Options{Clock: clk})
}

// pullOps gives desk to the ops of desk from that it lacks.
func pullOps(t *testing.T, to, from *apptest.Kit) {
	t.Helper()
	have, err := to.DB.VersionVector()
	mustNot(t, err)
	ops, err := from.DB.OpsSince(have, 1<<20)
	mustNot(t, err)
	_, err = to.DB.ApplyRemote(ops)
	mustNot(t, err)
}

// TestMergedReservationsHoldTheirNightsOrAreListed plays random reservation
// edits on three desks that exchange ops at random (some while others are
// cut off), then delivers everything and checks that the desks agree, and
// that every reservation that holds rooms either holds each of its nights
// in the availability counts (and its room's nights, when it has a room)
// or is listed among the conflicts — never silently dropped — and that a
// reservation whose merged state breaks a rule is listed.
func TestMergedReservationsHoldTheirNightsOrAreListed(t *testing.T) {
	base := newMergeBase(t)
	p := base.p
	ctx := context.Background()
	dates := app.Nights("2026-11-26", "2026-12-04")
	rooms := map[string][]string{p.dlx.ID: {p.roomByName["101"].ID, p.roomByName["102"].ID},
		p.std.ID: {p.roomByName["201"].ID, p.roomByName["202"].ID, p.roomByName["203"].ID}}
	plans := map[string]string{p.dlx.ID: p.dlxPlan.ID, p.std.ID: p.stdPlan.ID}
	types := []string{p.dlx.ID, p.std.ID}
	listed := 0
	rapid.Check(t, func(rt *rapid.T) {
		clk := apptest.NewClock(apptest.Start)
		desks := []*apptest.Kit{base.desk(t, clk), base.desk(t, clk), base.desk(t, clk)}
		var ids []string
		pull := func(to, from int, all bool) {
			have, err := desks[to].DB.VersionVector()
			if err != nil {
				rt.Fatal(err)
			}
			ops, err := desks[from].DB.OpsSince(have, 1<<20)
			if err != nil {
				rt.Fatal(err)
			}
			if !all && len(ops) > 0 {
				ops = ops[:rapid.IntRange(0, len(ops)).Draw(rt, "prefix")]
			}
			if _, err := desks[to].DB.ApplyRemote(ops); err != nil {
				rt.Fatalf("desk %d from %d: %v", to, from, err)
			}
		}
		steps := rapid.IntRange(5, 40).Draw(rt, "steps")
		for range steps {
			d := desks[rapid.IntRange(0, 2).Draw(rt, "desk")]
			id := ""
			if len(ids) > 0 {
				id = rapid.SampledFrom(ids).Draw(rt, "reservation")
			}
			var err error
			switch op := rapid.IntRange(0, 9).Draw(rt, "op"); {
			case op == 0 && len(ids) < 6 || id == "": // book
				typ := rapid.SampledFrom(types).Draw(rt, "type")
				i := rapid.IntRange(0, len(dates)-2).Draw(rt, "in")
				out := dates[min(len(dates)-1, i+rapid.IntRange(1, 3).Draw(rt, "nights"))]
				status := rapid.SampledFrom([]string{booking.StatusConfirmed, booking.StatusTentative}).Draw(rt, "status")
				var res booking.BookingResult
				res, err = d.Booking.Book(ctx, p.a, booking.BookingInput{HotelID: p.hotel.ID, CheckIn: dates[i], CheckOut: out, Status: status,
					Rooms: []booking.RoomRequest{{RoomTypeID: typ, RatePlanID: plans[typ], Adults: 1}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Guest"}}}, "")
				if err == nil {
					ids = append(ids, res.Reservations[0].ID)
				}
			case op <= 2: // move the whole stay
				i := rapid.IntRange(0, len(dates)-2).Draw(rt, "in")
				out := dates[min(len(dates)-1, i+rapid.IntRange(1, 3).Draw(rt, "nights"))]
				_, err = d.Booking.ModifyReservation(ctx, p.a, id, booking.ReservationPatch{CheckIn: &dates[i], CheckOut: &out})
			case op == 3 || op == 9: // change only the departure
				out := rapid.SampledFrom(dates[1:]).Draw(rt, "out")
				_, err = d.Booking.ModifyReservation(ctx, p.a, id, booking.ReservationPatch{CheckOut: &out})
			case op == 4: // assign or move the room
				var r booking.Reservation
				if r, err = d.Booking.GetReservation(ctx, p.a, id); err == nil {
					room := rapid.SampledFrom(rooms[r.RoomTypeID]).Draw(rt, "room")
					_, err = d.Booking.AssignRoom(ctx, p.a, id, booking.AssignInput{RoomID: room, Reason: "guest asked"})
				}
			case op == 5:
				_, err = d.Booking.CancelReservation(ctx, p.a, id, booking.CancelInput{Reason: "plans changed"})
			case op == 6:
				_, err = d.Booking.ConfirmReservation(ctx, p.a, id)
			case op == 7:
				_, err = d.Booking.CheckInReservation(ctx, p.a, id, booking.CheckInInput{OverrideReason: "ready"})
			case op == 8:
				req := rapid.StringMatching(`[a-z ]{0,8}`).Draw(rt, "requests")
				_, err = d.Booking.ModifyReservation(ctx, p.a, id, booking.ReservationPatch{SpecialRequests: &req})
			}
			if err != nil && app.ErrorCode(err) == app.EINTERNAL {
				rt.Fatalf("internal error: %v", err)
			}
			if rapid.IntRange(0, 3).Draw(rt, "deliver") == 0 {
				to, from := rapid.IntRange(0, 2).Draw(rt, "to"), rapid.IntRange(0, 2).Draw(rt, "from")
				if to != from {
					pull(to, from, false)
				}
			}
			if rapid.IntRange(0, 4).Draw(rt, "tick") == 0 {
				clk.Add(time.Duration(rapid.IntRange(1, 40).Draw(rt, "minutes")) * time.Minute)
			}
		}
		for range 2 {
			for to := range desks {
				for from := range desks {
					if to != from {
						pull(to, from, true)
					}
				}
			}
		}

		var want booking.Conflicts
		for i, d := range desks {
			c, err := d.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "2026-11-26", "2026-12-31")
			if err != nil {
				rt.Fatal(err)
			}
			if i == 0 {
				want = c
				continue
			}
			if !reflect.DeepEqual(c, want) {
				rt.Fatalf("desk %d lists other conflicts:\n%+v\ndesk 0:\n%+v", i, c, want)
			}
			h0, _ := desks[0].DB.StateHash()
			hi, _ := d.DB.StateHash()
			if h0 != hi {
				rt.Fatalf("desk %d has another state than desk 0", i)
			}
		}
		broken := map[string]bool{}
		for _, b := range want.Broken {
			broken[b.ReservationID] = true
			listed++
			// A stay merges whole: only rules between the stay and the
			// status can break, never the stay's own.
			if b.Reason != booking.BrokenNoRoom && b.Reason != booking.BrokenNotArrived && b.Reason != booking.BrokenNoShowFee && b.Reason != booking.BrokenArrived {
				rt.Fatalf("reservation %s %s..%s breaks its own stay (%s): a merge mixed two desks' stays", b.ReservationID, b.CheckIn, b.CheckOut, b.Reason)
			}
			r, err := desks[0].Booking.GetReservation(ctx, p.a, b.ReservationID)
			if err != nil {
				rt.Fatal(err)
			}
			if b.Reason == booking.BrokenArrived {
				if r.ArrivedAt.IsZero() || r.Status == booking.StatusCheckedIn || r.Status == booking.StatusCheckedOut {
					rt.Fatalf("reservation %s (%s, arrived %v) is listed as %s", r.ID, r.Status, r.ArrivedAt, b.Reason)
				}
				continue
			}
			if b.Reason == booking.BrokenNoShowFee {
				if r.Status != booking.StatusCheckedIn && r.Status != booking.StatusCheckedOut {
					rt.Fatalf("reservation %s (%s) is listed as %s", r.ID, r.Status, b.Reason)
				}
				continue
			}
			if r.Status != booking.StatusCheckedIn || b.Reason == booking.BrokenNoRoom && r.RoomID != "" || b.Reason == booking.BrokenNotArrived && r.CheckIn <= "2026-11-26" {
				rt.Fatalf("reservation %s (%s, room %q, arrival %s) is listed as %s but is not", r.ID, r.Status, r.RoomID, r.CheckIn, b.Reason)
			}
		}
		now := clk.Now()
		err := desks[0].DB.View(func(tx *store.Tx) error {
			return booking.Reservations.ForEach(tx, func(id string, r booking.Reservation) error {
				if !r.ArrivedAt.IsZero() && r.Status != booking.StatusCheckedIn && r.Status != booking.StatusCheckedOut && !broken[id] {
					rt.Fatalf("reservation %s, checked in on a desk, reads %s and is not listed", id, r.Status)
				}
				if !booking.HoldsInventory(r.Status) || r.Status == booking.StatusTentative && !r.HoldUntil.IsZero() && !now.Before(r.HoldUntil) {
					return nil
				}
				nights := app.Nights(r.CheckIn, r.CheckOut)
				holds := len(nights) > 0 && len(r.Nights) == len(nights)
				for _, n := range nights {
					if !indexed(tx, booking.IndexReservationNight, r.HotelID+app.KeySep+n+app.KeySep+r.RoomTypeID, id) ||
						r.RoomID != "" && !indexed(tx, booking.IndexReservationRoomNight, r.HotelID+app.KeySep+n+app.KeySep+r.RoomOn(n), id) {
						holds = false
					}
				}
				if !holds && !broken[id] {
					rt.Fatalf("reservation %s (%s, %s..%s, %d nights priced) neither holds its nights nor is listed: %+v", id, r.Status, r.CheckIn, r.CheckOut, len(r.Nights), want.Broken)
				}
				if r.Status == booking.StatusCheckedIn && (r.RoomID == "" || r.CheckIn > "2026-11-26") && !broken[id] {
					rt.Fatalf("in-house reservation %s (room %q, arrival %s) is not listed", id, r.RoomID, r.CheckIn)
				}
				return nil
			})
		})
		if err != nil {
			rt.Fatal(err)
		}
	})
	t.Logf("%d broken reservations listed over the runs", listed)
}

// indexed reports whether the index entry key → id exists.
func indexed(tx *store.Tx, index, key, id string) bool {
	found := false
	_ = tx.ScanPrefix(booking.KindReservation, index, key, func(k, got string) error {
		if k == key && got == id {
			found = true
		}
		return nil
	})
	return found
}

// TestCheckInAndMoveApartAreListedAndFixable checks the guest in on one
// desk while another desk, cut off, moves the stay to next week: the merged
// reservation is in house with an arrival after today. Every desk lists it,
// and moving the stay back on either desk clears it everywhere.
func TestCheckInAndMoveApartAreListedAndFixable(t *testing.T) {
	base := newMergeBase(t)
	p := base.p
	ctx := context.Background()
	clk := apptest.NewClock(apptest.Start)
	a, b := base.desk(t, clk), base.desk(t, clk)
	sync := func() {
		for _, pair := range [][2]*apptest.Kit{{a, b}, {b, a}} {
			have, _ := pair[1].DB.VersionVector()
			ops, err := pair[0].DB.OpsSince(have, 1<<20)
			mustNot(t, err)
			_, err = pair[1].DB.ApplyRemote(ops)
			mustNot(t, err)
		}
	}
	res, err := a.Booking.Book(ctx, p.a, booking.BookingInput{HotelID: p.hotel.ID, CheckIn: "2026-11-26", CheckOut: "2026-11-28",
		Rooms: []booking.RoomRequest{{RoomTypeID: p.std.ID, RatePlanID: p.stdPlan.ID, Adults: 1}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Lin"}}}, "")
	mustNot(t, err)
	id := res.Reservations[0].ID
	sync()
	_, err = a.Booking.CheckInReservation(ctx, p.a, id, booking.CheckInInput{OverrideReason: "ready"})
	mustNot(t, err)
	// The stores stamp writes with the real clock (milliseconds): the move
	// must come a tick later than the check-in to be the later write.
	time.Sleep(5 * time.Millisecond)
	in, out := "2026-12-03", "2026-12-05"
	_, err = b.Booking.ModifyReservation(ctx, p.a, id, booking.ReservationPatch{CheckIn: &in, CheckOut: &out})
	mustNot(t, err)
	sync()
	for name, d := range map[string]*apptest.Kit{"a": a, "b": b} {
		c, err := d.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "", "")
		mustNot(t, err)
		// The later write, the move, holds the stay whole: the room the
		// check-in gave is not in it.
		if len(c.Broken) != 2 || c.Broken[0].ReservationID != id || c.Broken[0].Reason != booking.BrokenNotArrived ||
			c.Broken[1].ReservationID != id || c.Broken[1].Reason != booking.BrokenNoRoom {
			t.Fatalf("desk %s lists %+v, want %s in house before its arrival and without a room", name, c.Broken, id)
		}
	}
	// Staff put the stay back where the guest is, in the guest's room.
	in, out = "2026-11-26", "2026-11-28"
	_, err = b.Booking.ModifyReservation(ctx, p.a, id, booking.ReservationPatch{CheckIn: &in, CheckOut: &out})
	mustNot(t, err)
	_, err = b.Booking.AssignRoom(ctx, p.a, id, booking.AssignInput{RoomID: p.roomByName["201"].ID, Reason: "where the guest is"})
	mustNot(t, err)
	sync()
	for name, d := range map[string]*apptest.Kit{"a": a, "b": b} {
		c, err := d.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "", "")
		mustNot(t, err)
		if len(c.Broken) != 0 {
			t.Fatalf("desk %s still lists %+v after the fix", name, c.Broken)
		}
		r, err := d.Booking.GetReservation(ctx, p.a, id)
		mustNot(t, err)
		if r.Status != booking.StatusCheckedIn || r.CheckIn != in || r.RoomID == "" {
			t.Fatalf("desk %s: reservation %+v", name, r)
		}
	}
}

// TestConcurrentListEditsAllSurvive edits the same lists on two desks cut
// off from each other — out-of-order periods of one room, the roles and
// hotels of one user, the permissions of one role — and checks that after
// they exchange ops every desk's edit is kept (the lists are sets), while
// an element both desks removed stays removed.
func TestConcurrentListEditsAllSurvive(t *testing.T) {
	base := newMergeBase(t)
	p := base.p
	ctx := context.Background()
	admin := app.SystemActor()
	// A second hotel, a user of the first hotel and a custom role, known to
	// both desks before they part.
	seed := base.desk(t, apptest.NewClock(apptest.Start))
	second, err := seed.Property.CreateHotel(ctx, admin, property.HotelInput{Name: "Hill Lodge", TimeZone: "Asia/Shanghai", Currency: "CNY"})
	mustNot(t, err)
	role, err := seed.Access.CreateRole(ctx, admin, access.RoleInput{Name: "Night desk", Permissions: []app.Permission{"hotels.view", "reservations.view"}})
	mustNot(t, err)
	user, err := seed.Access.CreateUser(ctx, admin, access.UserInput{Username: "mei", Roles: []string{access.RoleHousekeeping},
		Hotels: app.Hotels(p.hotel.ID), Password: "a long enough secret"})
	mustNot(t, err)
	room := p.roomByName["101"]
	_, err = seed.Property.AddOutOfOrder(ctx, admin, room.ID, property.OutOfOrderInput{From: "2026-12-01", To: "2026-12-02", Reason: "paint"})
	mustNot(t, err)
	clk := apptest.NewClock(apptest.Start)
	a, b := base.desk(t, clk), base.desk(t, clk)
	pull := func(to, from *apptest.Kit) { pullOps(t, to, from) }
	pull(a, seed)
	pull(b, seed)
	r, err := a.Property.GetRoom(ctx, admin, room.ID)
	mustNot(t, err)
	paint := r.OutOfOrder[0].ID

	// Apart: each desk adds its own period, and both remove the painting.
	_, err = a.Property.AddOutOfOrder(ctx, admin, room.ID, property.OutOfOrderInput{From: "2026-12-10", To: "2026-12-12", Reason: "carpet"})
	mustNot(t, err)
	_, err = b.Property.AddOutOfOrder(ctx, admin, room.ID, property.OutOfOrderInput{From: "2026-12-05", To: "2026-12-06", Reason: "plumbing"})
	mustNot(t, err)
	for _, d := range []*apptest.Kit{a, b} {
		_, err = d.Property.RemoveOutOfOrder(ctx, admin, room.ID, paint)
		mustNot(t, err)
	}
	// Each desk gives the user one more role and one more hotel.
	frontDesk := []string{access.RoleHousekeeping, access.RoleFrontDesk}
	_, err = a.Access.UpdateUser(ctx, admin, user.ID, access.UserPatch{Roles: &frontDesk})
	mustNot(t, err)
	both := app.Hotels(p.hotel.ID, second.ID)
	_, err = b.Access.UpdateUser(ctx, admin, user.ID, access.UserPatch{Hotels: &both})
	mustNot(t, err)
	custom := []string{access.RoleHousekeeping, role.ID}
	_, err = b.Access.UpdateUser(ctx, admin, user.ID, access.UserPatch{Roles: &custom})
	mustNot(t, err)
	// And the role one more permission each.
	pa := []app.Permission{"hotels.view", "reservations.view", "reservations.create"}
	_, err = a.Access.UpdateRole(ctx, admin, role.ID, access.RolePatch{Permissions: &pa})
	mustNot(t, err)
	pb := []app.Permission{"hotels.view", "reservations.view", "guests.view"}
	_, err = b.Access.UpdateRole(ctx, admin, role.ID, access.RolePatch{Permissions: &pb})
	mustNot(t, err)

	pull(a, b)
	pull(b, a)
	for name, d := range map[string]*apptest.Kit{"a": a, "b": b} {
		r, err := d.Property.GetRoom(ctx, admin, room.ID)
		mustNot(t, err)
		var got []string
		for _, o := range r.OutOfOrder {
			got = append(got, o.From+" "+o.Reason)
		}
		if want := []string{"2026-12-05 plumbing", "2026-12-10 carpet"}; !slices.Equal(got, want) {
			t.Errorf("desk %s: room out of order %v, want %v", name, got, want)
		}
		u, err := d.Access.GetUser(ctx, admin, user.ID)
		mustNot(t, err)
		roles := slices.Sorted(slices.Values(u.Roles))
		if want := slices.Sorted(slices.Values([]string{access.RoleHousekeeping, access.RoleFrontDesk, role.ID})); !slices.Equal(roles, want) {
			t.Errorf("desk %s: user roles %v, want %v", name, roles, want)
		}
		if u.Hotels.All || !slices.Equal(u.Hotels.IDs, both.IDs) {
			t.Errorf("desk %s: user hotels %+v, want %v", name, u.Hotels, both.IDs)
		}
		ro, err := d.Access.GetRole(ctx, admin, role.ID)
		mustNot(t, err)
		if want := app.NewPermissionSet("hotels.view", "reservations.view", "reservations.create", "guests.view").Sorted(); !slices.Equal(ro.Permissions, want) {
			t.Errorf("desk %s: role permissions %v, want %v", name, ro.Permissions, want)
		}
	}
	ha, _ := a.DB.StateHash()
	hb, _ := b.DB.StateHash()
	if ha != hb {
		t.Fatal("the desks differ")
	}
}

// TestANightAuditNeverUndoesACheckInMadeApart: desk A runs the night audit
// while desk B, cut off from it, checks in a guest A has not seen arrive.
// Merged, in either order, the guest is in house (the audit's no-show
// yields to the check-in it did not see), the no-show fee the audit charged
// is listed, and reinstating the reservation waives it on every desk.
func TestANightAuditNeverUndoesACheckInMadeApart(t *testing.T) {
	for _, aFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("a's ops delivered first=%v", aFirst), func(t *testing.T) {
			base := newMergeBase(t)
			p := base.p
			ctx := context.Background()
			_, err := base.p.s.Property.UpdateRatePlan(ctx, p.a, p.stdPlan.ID, property.RatePlanPatch{Policy: &property.Policy{NoShow: property.Charge{Fee: property.FeeFirstNight}}})
			mustNot(t, err)
			base = newMergeBaseFrom(t, p)
			clk := apptest.NewClock(apptest.Start)
			a, b := base.desk(t, clk), base.desk(t, clk)
			pull := func(to, from *apptest.Kit) { pullOps(t, to, from) }
			res, err := a.Booking.Book(ctx, p.a, booking.BookingInput{HotelID: p.hotel.ID, CheckIn: "2026-11-26", CheckOut: "2026-11-28",
				Rooms: []booking.RoomRequest{{RoomTypeID: p.std.ID, RatePlanID: p.stdPlan.ID, Adults: 1}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Late Arrival"}}}, "")
			mustNot(t, err)
			id := res.Reservations[0].ID
			pull(b, a)
			clk.Add(15 * time.Hour) // 23:00: B checks the guest in
			_, err = b.Booking.CheckInReservation(ctx, p.a, id, booking.CheckInInput{OverrideReason: "ready"})
			mustNot(t, err)
			clk.Add(3 * time.Hour) // 02:00: A, which has not heard of it, audits the night
			audit, err := a.Booking.NightAudit(ctx, p.a, p.hotel.ID, "2026-11-26")
			mustNot(t, err)
			if len(audit.NoShows) != 1 {
				t.Fatalf("a's audit made %d no-shows, want the guest it did not see arrive", len(audit.NoShows))
			}
			if aFirst {
				pull(b, a)
				pull(a, b)
			} else {
				pull(a, b)
				pull(b, a)
			}
			for name, d := range map[string]*apptest.Kit{"a": a, "b": b} {
				r, err := d.Booking.GetReservation(ctx, p.a, id)
				mustNot(t, err)
				if r.Status != booking.StatusCheckedIn || r.RoomID == "" {
					t.Fatalf("desk %s: the guest reads %s in room %q, want in house", name, r.Status, r.RoomID)
				}
				c, err := d.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "", "")
				mustNot(t, err)
				if len(c.Broken) != 1 || c.Broken[0].Reason != booking.BrokenNoShowFee {
					t.Fatalf("desk %s lists %+v, want the no-show fee left on a guest in house", name, c.Broken)
				}
			}
			back, err := b.Booking.ReinstateReservation(ctx, p.a, id, booking.ReinstateInput{Reason: "the guest arrived late"})
			mustNot(t, err)
			if len(back.Waived) != 1 || back.Reservation.Status != booking.StatusCheckedIn {
				t.Fatalf("reinstating waived %+v, status %s", back.Waived, back.Reservation.Status)
			}
			pull(a, b)
			for name, d := range map[string]*apptest.Kit{"a": a, "b": b} {
				c, err := d.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "", "")
				mustNot(t, err)
				if len(c.Broken) != 0 {
					t.Fatalf("desk %s still lists %+v", name, c.Broken)
				}
			}
		})
	}
}

// TestACancellationNeverHidesACheckInMadeApart: desk A cancels a stay while
// desk B, cut off from it, checks the guest in, and the cancellation is the
// later write. Merged, in either order, the stay reads cancelled (the status
// is one register) but the arrival is listed on every desk; reinstating the
// reservation and checking the guest in again clears it.
func TestACancellationNeverHidesACheckInMadeApart(t *testing.T) {
	for _, aFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("a's ops delivered first=%v", aFirst), func(t *testing.T) {
			base := newMergeBase(t)
			p := base.p
			ctx := context.Background()
			clk := apptest.NewClock(apptest.Start)
			a, b := base.desk(t, clk), base.desk(t, clk)
			res, err := a.Booking.Book(ctx, p.a, booking.BookingInput{HotelID: p.hotel.ID, CheckIn: "2026-11-26", CheckOut: "2026-11-28",
				Rooms: []booking.RoomRequest{{RoomTypeID: p.std.ID, RatePlanID: p.stdPlan.ID, Adults: 1}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Zhou"}}}, "")
			mustNot(t, err)
			id := res.Reservations[0].ID
			pullOps(t, b, a)
			_, err = b.Booking.CheckInReservation(ctx, p.a, id, booking.CheckInInput{OverrideReason: "ready"})
			mustNot(t, err)
			time.Sleep(5 * time.Millisecond) // the stores stamp with the real clock: the cancellation comes later
			_, err = a.Booking.CancelReservation(ctx, p.a, id, booking.CancelInput{Reason: "called to cancel"})
			mustNot(t, err)
			if aFirst {
				pullOps(t, b, a)
				pullOps(t, a, b)
			} else {
				pullOps(t, a, b)
				pullOps(t, b, a)
			}
			for name, d := range map[string]*apptest.Kit{"a": a, "b": b} {
				c, err := d.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "", "")
				mustNot(t, err)
				if len(c.Broken) != 1 || c.Broken[0].ReservationID != id || c.Broken[0].Reason != booking.BrokenArrived {
					t.Fatalf("desk %s lists %+v, want the arrival the cancellation hides", name, c.Broken)
				}
			}
			_, err = a.Booking.ReinstateReservation(ctx, p.a, id, booking.ReinstateInput{Reason: "the guest is here"})
			mustNot(t, err)
			_, err = a.Booking.CheckInReservation(ctx, p.a, id, booking.CheckInInput{OverrideReason: "ready"})
			mustNot(t, err)
			pullOps(t, b, a)
			for name, d := range map[string]*apptest.Kit{"a": a, "b": b} {
				c, err := d.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "", "")
				mustNot(t, err)
				if len(c.Broken) != 0 {
					t.Fatalf("desk %s still lists %+v", name, c.Broken)
				}
			}
		})
	}
}
