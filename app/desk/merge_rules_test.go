package desk_test

import (
	"context"
	"testing"
	"time"

	"fmt"
	"reflect"
	"slices"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/apptest"
	"innkeep/app/booking"
	"innkeep/app/guest"
	"innkeep/app/property"
	"innkeep/store"
)

// apart is desk A (the fixture's) and desk B, a second store that shares
// A's clock and starts from A's state, then works cut off from it.
type apart struct {
	*fixture
	b *apptest.Kit
}

func newApart(t *testing.T) *apart {
	t.Helper()
	p := newProperty(t)
	bdb, dir := apptest.OpenStore(t, "", false)
	d := &apart{fixture: p, b: apptest.OnStore(bdb, dir, apptest.Options{Clock: p.clk})}
	d.meet(t, false)
	return d
}

// meet lets the desks exchange every op they lack: A's to B then B's to
// A, or the other way round when bFirst.
func (d *apart) meet(t *testing.T, bFirst bool) {
	t.Helper()
	pairs := [][2]*store.DB{{d.s.DB, d.b.DB}, {d.b.DB, d.s.DB}}
	if bFirst {
		pairs[0], pairs[1] = pairs[1], pairs[0]
	}
	for _, pair := range pairs {
		have, err := pair[1].VersionVector()
		mustNot(t, err)
		ops, err := pair[0].OpsSince(have, 1<<20)
		mustNot(t, err)
		_, err = pair[1].ApplyRemote(ops)
		mustNot(t, err)
	}
	ha, err := d.s.DB.StateHash()
	mustNot(t, err)
	hb, err := d.b.DB.StateHash()
	mustNot(t, err)
	if ha != hb {
		t.Fatal("the desks did not converge")
	}
}

func (d *apart) desks() map[string]*apptest.Kit { return map[string]*apptest.Kit{"A": d.s, "B": d.b} }

// TestAConfirmationMadeApartIsNeverOverriddenByAHoldLapsing: desk B
// confirms a hold in time while desk A, cut off, sees it lapse, books its
// room type and runs the night audit later (later stamps). When they
// meet, in either order, the booking is confirmed on both desks and holds
// its room: nothing wrote the lapse down as a cancellation.
func TestAConfirmationMadeApartIsNeverOverriddenByAHoldLapsing(t *testing.T) {
	for _, bFirst := range []bool{false, true} {
		name := map[bool]string{false: "A's ops arrive first", true: "B's ops arrive first"}[bFirst]
		t.Run(name, func(t *testing.T) {
			d := newApart(t)
			ctx := context.Background()
			res, err := d.s.Booking.Book(ctx, d.a, booking.BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-11-26", CheckOut: "2026-11-28", Status: booking.StatusTentative, HoldMinutes: 30,
				Rooms: []booking.RoomRequest{{RoomTypeID: d.dlx.ID, RatePlanID: d.dlxPlan.ID, Adults: 2}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Held"}}}, "")
			mustNot(t, err)
			hold := res.Reservations[0]
			d.meet(t, false)

			d.clk.Add(10 * time.Minute)
			_, err = d.b.Booking.ConfirmReservation(ctx, d.a, hold.ID) // in time, on B
			mustNot(t, err)

			d.clk.Add(time.Hour) // on A the hold has lapsed
			d.mustBook(t, d.dlx, d.dlxPlan, "2026-11-26", "2026-11-27", "Walked up")
			_, err = d.s.Booking.NightAudit(ctx, d.a, d.hotel.ID, "2026-11-26")
			mustNot(t, err)

			d.meet(t, bFirst)
			for name, k := range d.desks() {
				r, err := k.Booking.GetReservation(ctx, d.a, hold.ID)
				mustNot(t, err)
				if r.Status != booking.StatusNoShow && r.Status != booking.StatusConfirmed || r.HoldLapsed || (r.Cancellation != nil) {
					t.Errorf("desk %s: the hold B confirmed reads %s (lapsed %v, cancellation %+v), want it confirmed (or a no-show of the audited night)", name, r.Status, r.HoldLapsed, r.Cancellation)
				}
			}
		})
	}
}

// TestTwoDesksAuditingOneNightApartWriteOneRecord: two desks cut off from
// each other run the night audit of the same hotel and date. When they
// meet, in either order, there is one record of that audit, under the id
// made of the hotel and the date, the business date moved one day, and the
// no-show is charged once.
func TestTwoDesksAuditingOneNightApartWriteOneRecord(t *testing.T) {
	for _, bFirst := range []bool{false, true} {
		name := map[bool]string{false: "A's ops arrive first", true: "B's ops arrive first"}[bFirst]
		t.Run(name, func(t *testing.T) {
			d := newApart(t)
			ctx := context.Background()
			_, err := d.s.Property.UpdateRatePlan(ctx, d.a, d.dlxPlan.ID, property.RatePlanPatch{Policy: &property.Policy{NoShow: property.Charge{Fee: property.FeeFirstNight}}})
			mustNot(t, err)
			gone := d.mustBook(t, d.dlx, d.dlxPlan, "2026-11-26", "2026-11-28", "Never came")
			d.meet(t, false)

			d.clk.Add(20 * time.Hour)
			for _, k := range d.desks() {
				_, err := k.Booking.NightAudit(ctx, d.a, d.hotel.ID, "2026-11-26")
				mustNot(t, err)
				d.clk.Add(time.Minute)
			}
			d.meet(t, bFirst)
			for name, k := range d.desks() {
				var records []booking.NightAudit
				mustNot(t, k.DB.View(func(tx *store.Tx) error {
					return booking.NightAudits.ForEach(tx, func(_ string, n booking.NightAudit) error {
						records = append(records, n)
						return nil
					})
				}))
				if len(records) != 1 || records[0].ID != booking.NightAuditID(d.hotel.ID, "2026-11-26") || records[0].NewBusinessDate != "2026-11-27" {
					t.Errorf("desk %s holds night-audit records %+v, want one, %s", name, records, booking.NightAuditID(d.hotel.ID, "2026-11-26"))
				}
				h, err := k.Property.GetHotel(ctx, d.a, d.hotel.ID)
				mustNot(t, err)
				if h.BusinessDate != "2026-11-27" {
					t.Errorf("desk %s works on %s, want 2026-11-27", name, h.BusinessDate)
				}
				r, err := k.Booking.GetReservation(ctx, d.a, gone.ID)
				mustNot(t, err)
				if r.Status != booking.StatusNoShow || len(r.Fees) != 1 || r.Fees[0].ID != gone.ID+"/no_show/2026-11-26" {
					t.Errorf("desk %s: the no-show reads %s with fees %+v, want one no-show fee under the audit's id", name, r.Status, r.Fees)
				}
				again, err := k.Booking.NightAudit(ctx, d.a, d.hotel.ID, "2026-11-26")
				mustNot(t, err)
				if !again.AlreadyDone || len(again.NoShows) != 1 || again.NoShows[0].ID != gone.ID {
					t.Errorf("desk %s: auditing the night again = %+v, want already done with the recorded no-show", name, again)
				}
			}
		})
	}
}

// TestValuesThatMustBeUniqueAndAreSharedAfterAMergeAreListedAsConflicts:
// each desk refuses a duplicate of its own, but two desks cut off from
// each other can each give one value out. When they meet, in either order,
// both records stay and both desks list the same conflict; an ordinary
// write on either desk (a rename, a new code) clears it on both.
func TestValuesThatMustBeUniqueAndAreSharedAfterAMergeAreListedAsConflicts(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		rule, value string
		make        func(t *testing.T, d *apart, k *apptest.Kit) string     // makes the value on desk k; returns the record's id
		resolve     func(t *testing.T, d *apart, k *apptest.Kit, id string) // an ordinary write on desk k
	}{
		{app.RuleRoomNumber, "301", func(t *testing.T, d *apart, k *apptest.Kit) string {
			rm, err := k.Property.CreateRoom(ctx, d.a, d.hotel.ID, property.RoomInput{Number: "301", Floor: 3, RoomTypeID: d.std.ID})
			mustNot(t, err)
			return rm.ID
		}, func(t *testing.T, d *apart, k *apptest.Kit, id string) {
			n := "302"
			_, err := k.Property.UpdateRoom(ctx, d.a, id, property.RoomPatch{Number: &n})
			mustNot(t, err)
		}},
		{app.RuleRoomTypeCode, "FAM", func(t *testing.T, d *apart, k *apptest.Kit) string {
			rt, err := k.Property.CreateRoomType(ctx, d.a, d.hotel.ID, property.RoomTypeInput{Code: "FAM", Name: "Family", BedType: "twin", MaxAdults: 4})
			mustNot(t, err)
			return rt.ID
		}, func(t *testing.T, d *apart, k *apptest.Kit, id string) {
			c := "FAM2"
			_, err := k.Property.UpdateRoomType(ctx, d.a, id, property.RoomTypePatch{Code: &c})
			mustNot(t, err)
		}},
		{app.RuleUsername, "li.na", func(t *testing.T, d *apart, k *apptest.Kit) string {
			u, err := k.Access.CreateUser(ctx, d.a, access.UserInput{Username: "li.na", Roles: []string{access.RoleFrontDesk}, Hotels: app.HotelScope{All: true}, Password: "staple battery horse 42"})
			mustNot(t, err)
			return u.ID
		}, func(t *testing.T, d *apart, k *apptest.Kit, id string) {
			n := "li.na2"
			_, err := k.Access.UpdateUser(ctx, d.a, id, access.UserPatch{Username: &n})
			mustNot(t, err)
		}},
		{app.RuleConfirmationCode, "7QAAA-BBBBB", func(t *testing.T, d *apart, k *apptest.Kit) string {
			r := d.mustBookOn(t, k, "Guest")
			// The desk happened to give a code the other desk gave too.
			mustNot(t, k.DB.Update("test", func(tx *store.Tx) error {
				r.Code = "7QAAA-BBBBB"
				return booking.Reservations.Put(tx, r.ID, r)
			}))
			d.clk.Add(time.Second)
			return r.ID
		}, func(t *testing.T, d *apart, k *apptest.Kit, id string) {
			_, err := k.Booking.NewConfirmationCode(ctx, d.a, id)
			mustNot(t, err)
		}},
	}
	for _, tt := range tests {
		for _, bFirst := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, B's ops first %v", tt.rule, bFirst), func(t *testing.T) {
				d := newApart(t)
				idA := tt.make(t, d, d.s)
				idB := tt.make(t, d, d.b)
				d.meet(t, bFirst)
				want := []string{idA, idB}
				slices.Sort(want)
				var lists [][]app.RuleConflict
				for name, k := range d.desks() {
					c, err := k.Booking.ConflictsOf(ctx, d.a, d.hotel.ID, "", "")
					mustNot(t, err)
					if len(c.Rules) != 1 || c.Rules[0].Rule != tt.rule || c.Rules[0].Value != tt.value || !slices.Equal(c.Rules[0].IDs, want) {
						t.Errorf("desk %s lists %+v, want one %s conflict over %q naming %v", name, c.Rules, tt.rule, tt.value, want)
					}
					lists = append(lists, c.Rules)
				}
				if !reflect.DeepEqual(lists[0], lists[1]) {
					t.Errorf("the desks list different conflicts: %+v and %+v", lists[0], lists[1])
				}
				tt.resolve(t, d, d.b, idB)
				d.meet(t, !bFirst)
				for name, k := range d.desks() {
					c, err := k.Booking.ConflictsOf(ctx, d.a, d.hotel.ID, "", "")
					mustNot(t, err)
					if len(c.Rules) != 0 {
						t.Errorf("desk %s still lists %+v after the rename", name, c.Rules)
					}
				}
			})
		}
	}
}

// mustBookOn books one standard room on desk k for tomorrow.
func (d *apart) mustBookOn(t *testing.T, k *apptest.Kit, name string) booking.Reservation {
	t.Helper()
	res, err := k.Booking.Book(context.Background(), d.a, booking.BookingInput{HotelID: d.hotel.ID, CheckIn: "2026-11-27", CheckOut: "2026-11-28",
		Rooms: []booking.RoomRequest{{RoomTypeID: d.std.ID, RatePlanID: d.stdPlan.ID, Adults: 1}}, Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: name}}}, "")
	mustNot(t, err)
	return res.Reservations[0]
}

// TestAUsernameTwoAccountsShareSignsInTheAccountMadeFirst: after a merge
// gives two accounts one username, signing in with it reaches the account
// with the smaller id (the one made first) on every desk, never either at
// random; the other signs in once renamed (an ordinary write).
func TestAUsernameTwoAccountsShareSignsInTheAccountMadeFirst(t *testing.T) {
	ctx := context.Background()
	d := newApart(t)
	var ids []string
	for _, k := range []*apptest.Kit{d.s, d.b} {
		u, err := k.Access.CreateUser(ctx, d.a, access.UserInput{Username: "li.na", Roles: []string{access.RoleFrontDesk}, Hotels: app.HotelScope{All: true}, Password: "staple battery horse 42"})
		mustNot(t, err)
		ids = append(ids, u.ID)
		d.clk.Add(time.Second)
	}
	d.meet(t, true)
	for name, k := range d.desks() {
		res, err := k.Access.Login(ctx, "li.na", "staple battery horse 42", client("10.0.0.9"))
		mustNot(t, err)
		if res.User.ID != min(ids[0], ids[1]) {
			t.Errorf("desk %s signed in %s, want %s (the smaller id)", name, res.User.ID, min(ids[0], ids[1]))
		}
	}
	n := "li.na.b"
	_, err := d.b.Access.UpdateUser(ctx, d.a, max(ids[0], ids[1]), access.UserPatch{Username: &n})
	mustNot(t, err)
	if _, err := d.b.Access.UpdateUser(ctx, d.a, max(ids[0], ids[1]), access.UserPatch{Username: new("li.na")}); code(err) != app.ECONFLICT {
		t.Errorf("renaming an account to a name another has: %v, want a conflict", err)
	}
	d.meet(t, false)
	for name, k := range d.desks() {
		for _, login := range []struct{ name, id string }{{"li.na", min(ids[0], ids[1])}, {"li.na.b", max(ids[0], ids[1])}} {
			res, err := k.Access.Login(ctx, login.name, "staple battery horse 42", client("10.0.0.9"))
			mustNot(t, err)
			if res.User.ID != login.id {
				t.Errorf("desk %s: %s signed in %s, want %s", name, login.name, res.User.ID, login.id)
			}
		}
	}
}

// TestTheLastAdministratorIsNotLostInAMerge: desk A takes the
// administrator's role from bob while desk B, cut off, disables alice,
// each leaving the other administrator; merged, in either order, none is
// left. Every desk keeps bob — the active account that lost the role; a
// disabled account is never brought back — as an administrator who can
// sign in and act, lists the conflict, and an ordinary write (bob enables
// alice again) clears it.
func TestTheLastAdministratorIsNotLostInAMerge(t *testing.T) {
	ctx := context.Background()
	for _, bFirst := range []bool{false, true} {
		t.Run(fmt.Sprintf("B's ops first %v", bFirst), func(t *testing.T) {
			a, clk := newService(t)
			res, alice := setUp(t, a)
			bob, err := a.Access.CreateUser(ctx, alice, access.UserInput{Username: "bob", Roles: []string{access.RoleSystemAdmin}, Hotels: app.HotelScope{All: true}, Password: "staple battery horse 42"})
			mustNot(t, err)
			bdb, dir := apptest.OpenStore(t, "", false)
			d := &apart{fixture: &fixture{s: a, clk: clk, a: alice, hotel: res.Hotel}, b: apptest.OnStore(bdb, dir, apptest.Options{Clock: clk})}
			d.meet(t, false)

			roles := []string{access.RoleFrontDesk}
			_, err = a.Access.UpdateUser(ctx, alice, bob.ID, access.UserPatch{Roles: &roles}) // on A
			mustNot(t, err)
			clk.Add(time.Minute)
			bobActor := alice
			bobActor.UserID, bobActor.Username = bob.ID, "bob"
			_, err = d.b.Access.SetUserStatus(ctx, bobActor, res.User.ID, access.UserDisabled) // on B, later
			mustNot(t, err)
			d.meet(t, bFirst)

			for name, k := range d.desks() {
				c, err := k.Booking.ConflictsOf(ctx, alice, res.Hotel.ID, "", "")
				mustNot(t, err)
				if len(c.Rules) != 1 || c.Rules[0].Rule != app.RuleNoAdministrator || c.Rules[0].Value != "bob" {
					t.Errorf("desk %s lists %+v, want bob kept as administrator", name, c.Rules)
				}
				if _, err := k.Access.Login(ctx, "alice", adminPassword, client("10.0.0.7")); err == nil {
					t.Errorf("desk %s: alice, disabled on purpose, signs in", name)
				}
				in, err := k.Access.Login(ctx, "bob", "staple battery horse 42", client("10.0.0.8"))
				if err != nil {
					t.Fatalf("desk %s: no administrator can sign in after the merge: %v", name, err)
				}
				act, _, err := k.Access.Authenticate(ctx, in.Token, client("10.0.0.8"))
				mustNot(t, err)
				if !act.Can(app.Perm("users", "update")) {
					t.Errorf("desk %s: bob, kept as administrator, cannot manage users", name)
				}
			}
			in, err := d.b.Access.Login(ctx, "bob", "staple battery horse 42", client("10.0.0.8"))
			mustNot(t, err)
			act, _, err := d.b.Access.Authenticate(ctx, in.Token, client("10.0.0.8"))
			mustNot(t, err)
			_, err = d.b.Access.SetUserStatus(ctx, act, res.User.ID, access.UserActive)
			mustNot(t, err)
			d.meet(t, !bFirst)
			for name, k := range d.desks() {
				c, err := k.Booking.ConflictsOf(ctx, alice, res.Hotel.ID, "", "")
				mustNot(t, err)
				if len(c.Rules) != 0 {
					t.Errorf("desk %s still lists %+v once alice is an administrator again", name, c.Rules)
				}
				in, err := k.Access.Login(ctx, "bob", "staple battery horse 42", client("10.0.0.6"))
				mustNot(t, err)
				act, _, err := k.Access.Authenticate(ctx, in.Token, client("10.0.0.6"))
				mustNot(t, err)
				if act.Can(app.Perm("users", "update")) {
					t.Errorf("desk %s: bob, front desk, still manages users once an administrator is back", name)
				}
			}
		})
	}
}

// TestADisabledAdministratorIsNeverBroughtBack: desk A disables bob while
// desk B, cut off, disables alice. Merged, no administrator is left, and
// none is kept (both were disabled on purpose): the conflict says so on
// every desk and neither signs in; `innkeep user enable` is the way back.
func TestADisabledAdministratorIsNeverBroughtBack(t *testing.T) {
	ctx := context.Background()
	a, clk := newService(t)
	res, alice := setUp(t, a)
	bob, err := a.Access.CreateUser(ctx, alice, access.UserInput{Username: "bob", Roles: []string{access.RoleSystemAdmin}, Hotels: app.HotelScope{All: true}, Password: "staple battery horse 42"})
	mustNot(t, err)
	bdb, dir := apptest.OpenStore(t, "", false)
	d := &apart{fixture: &fixture{s: a, clk: clk, a: alice, hotel: res.Hotel}, b: apptest.OnStore(bdb, dir, apptest.Options{Clock: clk})}
	d.meet(t, false)
	_, err = a.Access.SetUserStatus(ctx, alice, bob.ID, access.UserDisabled)
	mustNot(t, err)
	bobActor := alice
	bobActor.UserID, bobActor.Username = bob.ID, "bob"
	_, err = d.b.Access.SetUserStatus(ctx, bobActor, res.User.ID, access.UserDisabled)
	mustNot(t, err)
	d.meet(t, false)
	for name, k := range d.desks() {
		c, err := k.Booking.ConflictsOf(ctx, app.SystemActor(), res.Hotel.ID, "", "")
		mustNot(t, err)
		if len(c.Rules) != 1 || c.Rules[0].Rule != app.RuleNoAdministrator || c.Rules[0].Value != "" || len(c.Rules[0].IDs) != 0 {
			t.Errorf("desk %s lists %+v, want no administrator and none kept", name, c.Rules)
		}
		for user, pw := range map[string]string{"alice": adminPassword, "bob": "staple battery horse 42"} {
			if _, err := k.Access.Login(ctx, user, pw, client("10.0.0.9")); err == nil {
				t.Errorf("desk %s: %s, disabled, signs in", name, user)
			}
		}
	}
}

// TestTheRoomsOfOneBookingSharingItsCodeAreNoConflict: the rooms of one
// booking share its confirmation code by design; only reservations of
// different bookings with one code are listed.
func TestTheRoomsOfOneBookingSharingItsCodeAreNoConflict(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	res, err := p.s.Booking.Book(ctx, p.a, booking.BookingInput{HotelID: p.hotel.ID, CheckIn: "2026-11-27", CheckOut: "2026-11-29",
		Rooms: []booking.RoomRequest{{RoomTypeID: p.std.ID, RatePlanID: p.stdPlan.ID, Adults: 1}, {RoomTypeID: p.std.ID, RatePlanID: p.stdPlan.ID, Adults: 1}},
		Guest: booking.BookingGuest{GuestInput: guest.GuestInput{Name: "Two rooms"}}}, "")
	mustNot(t, err)
	if len(res.Reservations) != 2 || res.Reservations[0].Code != res.Reservations[1].Code {
		t.Fatalf("a booking of two rooms = %+v", res)
	}
	c, err := p.s.Booking.ConflictsOf(ctx, p.a, p.hotel.ID, "", "")
	mustNot(t, err)
	if len(c.Rules) != 0 {
		t.Errorf("one desk's booking of two rooms lists %+v", c.Rules)
	}
	moved, err := p.s.Booking.NewConfirmationCode(ctx, p.a, res.Reservations[1].ID)
	mustNot(t, err)
	if len(moved.Reservations) != 2 || moved.Code == res.Code || moved.Reservations[0].Code != moved.Code || moved.Reservations[1].Code != moved.Code {
		t.Errorf("a new code for the booking = %+v, want both rooms under one new code", moved)
	}
}

// TestARoomOrRoomTypeThatSharesItsValueAfterAMergeCanStillBeChanged: a
// merge left two rooms numbered 301 and two room types coded FAM; each can
// still be changed otherwise (its floor, its name) — only a new number or
// code is checked.
func TestARoomOrRoomTypeThatSharesItsValueAfterAMergeCanStillBeChanged(t *testing.T) {
	ctx := context.Background()
	d := newApart(t)
	var rooms, types []string
	for _, k := range []*apptest.Kit{d.s, d.b} {
		rt, err := k.Property.CreateRoomType(ctx, d.a, d.hotel.ID, property.RoomTypeInput{Code: "FAM", Name: "Family", BedType: "twin", MaxAdults: 4})
		mustNot(t, err)
		types = append(types, rt.ID)
		rm, err := k.Property.CreateRoom(ctx, d.a, d.hotel.ID, property.RoomInput{Number: "301", Floor: 3, RoomTypeID: d.std.ID})
		mustNot(t, err)
		rooms = append(rooms, rm.ID)
	}
	d.meet(t, false)
	floor, name := 4, "Family suite"
	if _, err := d.s.Property.UpdateRoom(ctx, d.a, rooms[1], property.RoomPatch{Floor: &floor}); err != nil {
		t.Errorf("changing the floor of a room that shares its number: %v", err)
	}
	if _, err := d.s.Property.UpdateRoomType(ctx, d.a, types[1], property.RoomTypePatch{Name: &name}); err != nil {
		t.Errorf("renaming a room type that shares its code: %v", err)
	}
	taken := "301"
	other, err := d.s.Property.CreateRoom(ctx, d.a, d.hotel.ID, property.RoomInput{Number: "303", Floor: 3, RoomTypeID: d.std.ID})
	mustNot(t, err)
	if _, err := d.s.Property.UpdateRoom(ctx, d.a, other.ID, property.RoomPatch{Number: &taken}); code(err) != app.ECONFLICT {
		t.Errorf("numbering a third room 301: %v, want a conflict", err)
	}
}
