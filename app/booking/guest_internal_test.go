package booking

import (
	"context"
	"crypto/rand"
	"innkeep/app"
	"innkeep/app/audit"
	"innkeep/app/datadir"
	"innkeep/app/guest"
	"innkeep/store"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// guestTicker is a clock that moves one second at every reading, so that
// ids and times made one after the other are in order.
type guestTicker struct{ t time.Time }

func (c *guestTicker) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

// guestService returns a service on a new store with every kind of the
// domain and a data key.
func guestService(t testing.TB) *Service {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), datadir.StoreFileName), store.Options{Kinds: testKinds(), Migrations: testMigrations(), NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	key := make([]byte, app.DataKeySize)
	rand.Read(key)
	keys, err := app.NewKeyring(key)
	if err != nil {
		t.Fatal(err)
	}
	clk := &guestTicker{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	return testService(db, t.TempDir(), clk.now, keys)
}

// guestDeskActor may do everything with guests and reservations in the
// given hotels, and read the audit log.
func guestDeskActor(scope app.HotelScope) app.Actor {
	return app.Actor{UserID: "u-desk", Username: "desk", Address: "10.0.0.9", Hotels: scope,
		Perms: app.NewPermissionSet(app.Perm("guests", "view"), app.Perm("guests", "create"), app.Perm("guests", "update"),
			app.Perm("reservations", "view"), app.Perm("reservations", "create"), app.Perm("reservations", "update"), app.Perm("audit", "view"))}
}

func mustGuest(t testing.TB, s *Service, a app.Actor, in guest.GuestInput) guest.GuestView {
	t.Helper()
	g, err := s.guests.CreateGuest(context.Background(), a, in)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// putGuestStay writes a reservation document directly.
func putGuestStay(t *testing.T, s *Service, r Reservation) {
	t.Helper()
	err := s.DB.Update("test", func(tx *store.Tx) error { return Reservations.Create(tx, r.ID, r) })
	if err != nil {
		t.Fatal(err)
	}
}

func guestStay(id, hotel, guest, name, phone, checkIn string) Reservation {
	return Reservation{ID: id, HotelID: hotel, Code: "C-" + id, Status: StatusConfirmed, CheckIn: checkIn,
		CheckOut: checkIn[:8] + "28", GuestID: guest, GuestName: name, GuestPhone: phone, Currency: "CNY",
		CreatedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
}

func stayIDs(rs []Reservation) []string {
	ids := []string{}
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestMergeGuestsMovesStaysFillsGapsAndAudits(t *testing.T) {
	s := guestService(t)
	ctx := context.Background()
	a := guestDeskActor(app.AllHotels)
	keep := mustGuest(t, s, a, guest.GuestInput{Name: "Chen Jing", Phone: "+86 138 1111 2222", Notes: "VIP"})
	dup := mustGuest(t, s, a, guest.GuestInput{Name: "Jing Chen", Phone: "+86 139 9999 0000", Email: "jing@example.cn", Nationality: "CN",
		IDDocument: guest.IDDocument{Type: "id_card", Number: "110101199003077777"}, Notes: "Allergic to feathers"})
	putGuestStay(t, s, guestStay("R1", "H1", dup.ID, "Jing Chen", "+86 139 9999 0000", "2026-10-01"))
	putGuestStay(t, s, guestStay("R2", "H2", dup.ID, "Jing Chen", "+86 139 9999 0000", "2026-12-01"))
	putGuestStay(t, s, guestStay("R3", "H1", keep.ID, "Chen Jing", "+86 138 1111 2222", "2026-11-01"))

	got, err := s.guests.MergeGuests(ctx, a, keep.ID, dup.ID)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("the kept guest's empty fields are filled, the others kept", func(t *testing.T) {
		want := guest.GuestView{ID: keep.ID, Name: "Chen Jing", Phone: "+86 138 1111 2222", Email: "jing@example.cn", Nationality: "CN",
			IDDocument: guest.IDDocument{Type: "id_card", Number: "110101199003077777"}, Notes: "VIP\n\nAllergic to feathers",
			CreatedAt: keep.CreatedAt, UpdatedAt: got.UpdatedAt}
		if got != want {
			t.Errorf("kept guest\n%+v\nwant\n%+v", got, want)
		}
		if read, _ := s.guests.GetGuest(ctx, a, keep.ID); read != got {
			t.Errorf("read back %+v", read)
		}
	})

	t.Run("the duplicate is marked merged and still readable", func(t *testing.T) {
		d, err := s.guests.GetGuest(ctx, a, dup.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.MergedInto != keep.ID || d.Name != "Jing Chen" {
			t.Errorf("duplicate = %+v, want merged into %s", d, keep.ID)
		}
	})

	t.Run("the duplicate's reservations move, their snapshot stays", func(t *testing.T) {
		err := s.DB.View(func(tx *store.Tx) error {
			for _, id := range []string{"R1", "R2"} {
				r, err := Reservations.Get(tx, id)
				if err != nil {
					return err
				}
				if r.GuestID != keep.ID || r.GuestName != "Jing Chen" || r.GuestPhone != "+86 139 9999 0000" {
					t.Errorf("%s: guest %s %q %q", id, r.GuestID, r.GuestName, r.GuestPhone)
				}
			}
			ids, err := guestReservationIDs(tx, dup.ID)
			if len(ids) != 0 {
				t.Errorf("the duplicate still has reservations %v", ids)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		stays, err := s.GuestStays(ctx, a, keep.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ids := stayIDs(stays); !slices.Equal(ids, []string{"R2", "R3", "R1"}) {
			t.Errorf("stays of the kept guest = %v, want R2 R3 R1 (newest first)", ids)
		}
	})

	t.Run("the duplicate leaves the search", func(t *testing.T) {
		list, err := s.guests.SearchGuests(ctx, a, "jing", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != keep.ID {
			t.Errorf("search = %+v, want only the kept guest", list)
		}
	})

	t.Run("the merge is audited on both guests and each moved reservation", func(t *testing.T) {
		page, err := auditOf(s).List(ctx, a, audit.Filter{Action: "guest.merge"})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range page.Entries {
			got = append(got, e.Entity+":"+e.EntityID)
			if e.EntityID == keep.ID && string(e.After["merged_from"]) != `"`+dup.ID+`"` {
				t.Errorf("the kept guest's entry does not name the duplicate: %s", e.After)
			}
			if e.EntityID == dup.ID && string(e.After["merged_into"]) != `"`+keep.ID+`"` {
				t.Errorf("the duplicate's entry does not name the kept guest: %s", e.After)
			}
			if strings.Contains(string(e.After["id_document"]), "1101011990") {
				t.Errorf("the audit shows the document number: %s", e.After["id_document"])
			}
		}
		slices.Sort(got)
		want := []string{"guest:" + dup.ID, "guest:" + keep.ID, "reservation:R1", "reservation:R2"}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("guest.merge entries = %v, want %v", got, want)
		}
		if err := s.DB.Check(); err != nil {
			t.Errorf("store check after the merge: %v", err)
		}
	})
}

func TestMergeGuestsRefusesWhatCannotBeMerged(t *testing.T) {
	s := guestService(t)
	ctx := context.Background()
	a := guestDeskActor(app.AllHotels)
	x := mustGuest(t, s, a, guest.GuestInput{Name: "Guest X", Notes: strings.Repeat("x", 3000)})
	y := mustGuest(t, s, a, guest.GuestInput{Name: "Guest Y"})
	z := mustGuest(t, s, a, guest.GuestInput{Name: "Guest Z"})
	long := mustGuest(t, s, a, guest.GuestInput{Name: "Guest Long", Notes: strings.Repeat("l", 1500)})
	if _, err := s.guests.MergeGuests(ctx, a, y.ID, z.ID); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name      string
		keep, dup string
		code, msg string
	}{
		{"a guest into itself", x.ID, x.ID, app.EINVALID, "itself"},
		{"into a merged duplicate", z.ID, x.ID, app.EINVALID, "merge into that profile instead"},
		{"a duplicate merged already", x.ID, z.ID, app.EINVALID, "already merged"},
		{"without a duplicate", x.ID, "", app.EINVALID, "duplicate_id"},
		{"an unknown duplicate", x.ID, "01JUNKNOWN0000000000000000", app.ENOTFOUND, "not found"},
		{"into an unknown guest", "01JUNKNOWN0000000000000000", x.ID, app.ENOTFOUND, "not found"},
		{"notes that would be too long together", x.ID, long.ID, app.EINVALID, "4000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := s.DB.StateHash()
			_, err := s.guests.MergeGuests(ctx, a, tt.keep, tt.dup)
			if app.ErrorCode(err) != tt.code || !strings.Contains(app.ErrorMessage(err), tt.msg) {
				t.Fatalf("err = %v, want %s mentioning %q", err, tt.code, tt.msg)
			}
			if after, _ := s.DB.StateHash(); after != before {
				t.Error("the refused merge changed the store")
			}
		})
	}

	t.Run("a merged duplicate cannot be changed", func(t *testing.T) {
		name := "New"
		if _, err := s.guests.UpdateGuest(ctx, a, z.ID, guest.GuestPatch{Name: &name}); app.ErrorCode(err) != app.EINVALID {
			t.Errorf("err = %v, want invalid", err)
		}
	})
}

func TestGuestStaysShowOnlyHotelsInScope(t *testing.T) {
	s := guestService(t)
	ctx := context.Background()
	all := guestDeskActor(app.AllHotels)
	g := mustGuest(t, s, all, guest.GuestInput{Name: "Frequent Traveller"})
	other := mustGuest(t, s, all, guest.GuestInput{Name: "Someone Else"})
	putGuestStay(t, s, guestStay("S1", "H1", g.ID, g.Name, "", "2026-01-10"))
	putGuestStay(t, s, guestStay("S2", "H2", g.ID, g.Name, "", "2026-03-10"))
	putGuestStay(t, s, guestStay("S3", "H1", g.ID, g.Name, "", "2026-05-10"))
	putGuestStay(t, s, guestStay("S4", "H1", other.ID, other.Name, "", "2026-05-10"))

	tests := []struct {
		name  string
		scope app.HotelScope
		want  []string
	}{
		{"every hotel shows every stay, newest first", app.AllHotels, []string{"S3", "S2", "S1"}},
		{"one hotel shows its stays only", app.Hotels("H1"), []string{"S3", "S1"}},
		{"the other hotel shows its stay only", app.Hotels("H2"), []string{"S2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stays, err := s.GuestStays(ctx, guestDeskActor(tt.scope), g.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ids := stayIDs(stays); !slices.Equal(ids, tt.want) {
				t.Errorf("stays = %v, want %v", ids, tt.want)
			}
		})
	}

	t.Run("a guest of other hotels only is not found", func(t *testing.T) {
		if _, err := s.GuestStays(ctx, guestDeskActor(app.Hotels("H3")), g.ID); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("err = %v, want not_found", err)
		}
	})
	t.Run("an unknown guest is not found", func(t *testing.T) {
		if _, err := s.GuestStays(ctx, all, "01JUNKNOWN0000000000000000"); app.ErrorCode(err) != app.ENOTFOUND {
			t.Errorf("err = %v, want not_found", err)
		}
	})
}

func TestGuestForBooking(t *testing.T) {
	s := guestService(t)
	a := guestDeskActor(app.AllHotels)
	kept := mustGuest(t, s, a, guest.GuestInput{Name: "Kept Guest"})
	dup := mustGuest(t, s, a, guest.GuestInput{Name: "Kept Guest (old)"})
	if _, err := s.guests.MergeGuests(context.Background(), a, kept.ID, dup.ID); err != nil {
		t.Fatal(err)
	}
	bookOnly := app.Actor{UserID: "u-book", Username: "booker", Perms: app.NewPermissionSet(app.Perm("reservations", "create")), Hotels: app.AllHotels}

	tests := []struct {
		name   string
		a      app.Actor
		in     guest.GuestInput
		id     string
		want   string // the guest's id, or "new"
		code   string
		writes bool
	}{
		{"an existing guest is loaded", bookOnly, guest.GuestInput{}, kept.ID, kept.ID, "", false},
		{"a merged duplicate leads to the kept guest", bookOnly, guest.GuestInput{}, dup.ID, kept.ID, "", false},
		{"an unknown guest is not found", a, guest.GuestInput{}, "01JUNKNOWN0000000000000000", "", app.ENOTFOUND, false},
		{"a new guest is created", a, guest.GuestInput{Name: "Walk In", Phone: "+1 555 0199"}, "", "new", "", true},
		{"a new guest is validated", a, guest.GuestInput{Name: ""}, "", "", app.EINVALID, false},
		{"creating needs guests.create", bookOnly, guest.GuestInput{Name: "Walk In"}, "", "", app.EFORBIDDEN, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := s.DB.StateHash()
			var g guest.Guest
			err := s.DB.Update(tt.a.String(), func(tx *store.Tx) error {
				var err error
				g, err = s.guests.GuestForBooking(tx, tt.a, "", tt.in, tt.id)
				return err
			})
			if app.ErrorCode(err) != tt.code {
				t.Fatalf("err = %v, want code %q", err, tt.code)
			}
			after, _ := s.DB.StateHash()
			if (after != before) != tt.writes {
				t.Errorf("store changed = %v, want %v", after != before, tt.writes)
			}
			switch {
			case tt.code != "":
			case tt.want == "new":
				if g.ID == "" || g.Name != tt.in.Name || g.ID == kept.ID {
					t.Errorf("created %+v", g)
				}
				page, err := auditOf(s).List(context.Background(), a, audit.Filter{Action: "guest.create"})
				if err != nil || len(page.Entries) == 0 || page.Entries[0].EntityID != g.ID {
					t.Errorf("the new guest is not audited: %v", err)
				}
			case g.ID != tt.want:
				t.Errorf("guest = %s, want %s", g.ID, tt.want)
			}
		})
	}
}

// FuzzSearchGuests ensures that no search, however odd, panics or fails
// with anything but a clear EINVALID, and that no merged duplicate is found.
func FuzzSearchGuests(f *testing.F) {
	for _, q := range []string{"", "ana", "ANA SOUZA", "+55 (11) 9876", "ana@example.com", "@", "()", "李", "\x00", "\xff", "a\x1fb", "0000 a"} {
		f.Add(q)
	}
	s := guestService(f)
	a := guestDeskActor(app.AllHotels)
	for _, in := range []guest.GuestInput{
		{Name: "Ana Souza", Phone: "+55 (11) 98765-4321", Email: "ana@example.com"},
		{Name: "李 伟", Phone: "13912345678"},
	} {
		if _, err := s.guests.CreateGuest(context.Background(), a, in); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, q string) {
		list, err := s.guests.SearchGuests(context.Background(), a, q, 0)
		if err != nil {
			if app.ErrorCode(err) != app.EINVALID {
				t.Fatalf("search %q: %v", q, err)
			}
			return
		}
		for _, g := range list {
			if g.MergedInto != "" {
				t.Errorf("search %q found the merged duplicate %s", q, g.ID)
			}
		}
	})
}
