package desk_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/apptest"
	"innkeep/app/audit"
	"innkeep/app/guest"
	"innkeep/store"
)

// guestDesk is a service that is set up (so it holds the data key), the
// admin who set it up, and its clock.
func guestDesk(t *testing.T) (*apptest.Kit, app.Actor, *testClock) {
	t.Helper()
	s, clk := newService(t)
	_, admin := setUp(t, s)
	return s, admin, clk
}

// addGuest creates a guest and moves the clock on, so that guests made one
// after the other have ids in that order.
func addGuest(t *testing.T, s *apptest.Kit, a app.Actor, clk *testClock, in guest.GuestInput) guest.GuestView {
	t.Helper()
	g, err := s.Guests.CreateGuest(context.Background(), a, in)
	mustNot(t, err)
	clk.Add(time.Second)
	return g
}

func guestStateHash(t *testing.T, s *apptest.Kit) string {
	t.Helper()
	h, err := s.DB.StateHash()
	mustNot(t, err)
	return h
}

func guestStr(v string) *string { return &v }

func TestCreateGuestNormalizesAndEncryptsTheDocumentNumber(t *testing.T) {
	s, admin, _ := guestDesk(t)
	ctx := context.Background()
	g, err := s.Guests.CreateGuest(ctx, admin, guest.GuestInput{
		Name: "  Li Wei ", Phone: " +86 139 1234 5678", Email: "li.wei@example.com", Nationality: "cn",
		IDDocument: guest.IDDocument{Type: "passport", Number: " E12345678 "}, Notes: "Prefers a quiet room.\n",
	})
	mustNot(t, err)
	want := guest.GuestView{ID: g.ID, Name: "Li Wei", Phone: "+86 139 1234 5678", Email: "li.wei@example.com", Nationality: "CN",
		IDDocument: guest.IDDocument{Type: "passport", Number: "E12345678"}, Notes: "Prefers a quiet room.", CreatedAt: g.CreatedAt, UpdatedAt: g.UpdatedAt}
	if g != want {
		t.Fatalf("created\n%+v\nwant\n%+v", g, want)
	}
	got, err := s.Guests.GetGuest(ctx, admin, g.ID)
	mustNot(t, err)
	if got != g {
		t.Errorf("read back\n%+v\nwant\n%+v", got, g)
	}
	mustNot(t, s.DB.View(func(tx *store.Tx) error {
		d, err := tx.Get("guest", g.ID)
		if err != nil {
			return err
		}
		var doc struct{ Type, Number string }
		mustNot(t, json.Unmarshal(d.Field("id_document"), &doc))
		if !strings.HasPrefix(doc.Number, "enc:v1:") || strings.Contains(doc.Number, "E12345678") {
			t.Errorf("stored number = %q, want a ciphertext", doc.Number)
		}
		return nil
	}))
	page, err := s.Audit.List(ctx, admin, audit.Filter{Action: "guest.create"})
	mustNot(t, err)
	if len(page.Entries) != 1 || page.Entries[0].EntityID != g.ID {
		t.Fatalf("audit entries = %+v, want one guest.create of %s", page.Entries, g.ID)
	}
	if after := string(page.Entries[0].After["id_document"]); !strings.Contains(after, "[encrypted]") || strings.Contains(after, "E12345678") {
		t.Errorf("audited id_document = %s, want the number as [encrypted]", after)
	}
}

func TestBadGuestInputIsRefusedAndChangesNothing(t *testing.T) {
	s, admin, clk := guestDesk(t)
	ctx := context.Background()
	existing := addGuest(t, s, admin, clk, guest.GuestInput{Name: "Ana Souza", IDDocument: guest.IDDocument{Type: "id_card", Number: "RG 12.345.678-9"}})

	create := []struct {
		name string
		in   guest.GuestInput
		msg  string
	}{
		{"a guest needs a name", guest.GuestInput{Name: "   "}, "name is required"},
		{"a name is at most 200 characters", guest.GuestInput{Name: strings.Repeat("名", 201)}, "at most 200"},
		{"a name is one line", guest.GuestInput{Name: "Ana\nSouza"}, "control characters"},
		{"a name is valid UTF-8", guest.GuestInput{Name: "Ana \xff"}, "UTF-8"},
		{"a phone holds only digits and punctuation", guest.GuestInput{Name: "Ana", Phone: "call 555-1234"}, "phone number"},
		{"a phone is at most 32 characters", guest.GuestInput{Name: "Ana", Phone: strings.Repeat("1", 33)}, "at most 32"},
		{"an email is an address", guest.GuestInput{Name: "Ana", Email: "ana at example.com"}, "not an email address"},
		{"an email is a bare address", guest.GuestInput{Name: "Ana", Email: "Ana <ana@example.com>"}, "not an email address"},
		{"a nationality is two letters", guest.GuestInput{Name: "Ana", Nationality: "BRA"}, "ISO 3166-1"},
		{"a nationality is an assigned country code", guest.GuestInput{Name: "Ana", Nationality: "XX"}, "ISO 3166-1"},
		{"a document type is from the list", guest.GuestInput{Name: "Ana", IDDocument: guest.IDDocument{Type: "library_card", Number: "1"}}, "not an identity document type"},
		{"a document number needs its type", guest.GuestInput{Name: "Ana", IDDocument: guest.IDDocument{Number: "X1"}}, "type"},
		{"a document type needs its number", guest.GuestInput{Name: "Ana", IDDocument: guest.IDDocument{Type: "passport"}}, "number with its type"},
		{"a document number is at most 64 characters", guest.GuestInput{Name: "Ana", IDDocument: guest.IDDocument{Type: "passport", Number: strings.Repeat("9", 65)}}, "at most 64"},
		{"notes are at most 4000 characters", guest.GuestInput{Name: "Ana", Notes: strings.Repeat("n", 4001)}, "at most 4000"},
		{"notes hold no control characters", guest.GuestInput{Name: "Ana", Notes: "bell\a"}, "control characters"},
	}
	for _, tt := range create {
		t.Run("create: "+tt.name, func(t *testing.T) {
			before := guestStateHash(t, s)
			_, err := s.Guests.CreateGuest(ctx, admin, tt.in)
			if code(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), tt.msg) {
				t.Fatalf("err = %v, want invalid mentioning %q", err, tt.msg)
			}
			if guestStateHash(t, s) != before {
				t.Error("the refused request changed the store")
			}
		})
	}

	update := []struct {
		name string
		p    guest.GuestPatch
		msg  string
	}{
		{"the name cannot be emptied", guest.GuestPatch{Name: guestStr("")}, "name is required"},
		{"the email must stay an address", guest.GuestPatch{Email: guestStr("nobody@")}, "not an email address"},
		{"the nationality must stay a country", guest.GuestPatch{Nationality: guestStr("ZZ")}, "ISO 3166-1"},
		{"the document type cannot go while the number stays", guest.GuestPatch{IDDocument: &guest.IDDocumentPatch{Type: guestStr("")}}, "type"},
		{"the document type must be from the list", guest.GuestPatch{IDDocument: &guest.IDDocumentPatch{Type: guestStr("visa")}}, "not an identity document type"},
		{"the document number is at most 64 characters", guest.GuestPatch{IDDocument: &guest.IDDocumentPatch{Number: guestStr(strings.Repeat("A", 65))}}, "at most 64"},
		{"the phone must stay a number", guest.GuestPatch{Phone: guestStr("n/a")}, "phone number"},
	}
	for _, tt := range update {
		t.Run("update: "+tt.name, func(t *testing.T) {
			before := guestStateHash(t, s)
			_, err := s.Guests.UpdateGuest(ctx, admin, existing.ID, tt.p)
			if code(err) != app.EINVALID || !strings.Contains(app.ErrorMessage(err), tt.msg) {
				t.Fatalf("err = %v, want invalid mentioning %q", err, tt.msg)
			}
			if guestStateHash(t, s) != before {
				t.Error("the refused request changed the store")
			}
		})
	}
}

func TestUpdateGuestChangesOnlyWhatThePatchSets(t *testing.T) {
	s, admin, clk := guestDesk(t)
	ctx := context.Background()
	g := addGuest(t, s, admin, clk, guest.GuestInput{Name: "Tom Baker", Phone: "020 7946 0000", IDDocument: guest.IDDocument{Type: "driving_licence", Number: "BAKER610101TB9"}})

	u, err := s.Guests.UpdateGuest(ctx, admin, g.ID, guest.GuestPatch{Email: guestStr("tom@example.org"), Nationality: guestStr("gb")})
	mustNot(t, err)
	if u.Email != "tom@example.org" || u.Nationality != "GB" || u.Name != "Tom Baker" || u.Phone != g.Phone || u.IDDocument != g.IDDocument {
		t.Errorf("after the patch: %+v", u)
	}
	if !u.UpdatedAt.After(g.UpdatedAt) {
		t.Errorf("updated_at %v did not move past %v", u.UpdatedAt, g.UpdatedAt)
	}

	u, err = s.Guests.UpdateGuest(ctx, admin, g.ID, guest.GuestPatch{IDDocument: &guest.IDDocumentPatch{Type: guestStr("passport"), Number: guestStr("533380006")}})
	mustNot(t, err)
	if u.IDDocument != (guest.IDDocument{Type: "passport", Number: "533380006"}) {
		t.Errorf("document = %+v", u.IDDocument)
	}

	t.Run("a patch that changes nothing writes nothing", func(t *testing.T) {
		before := guestStateHash(t, s)
		same, err := s.Guests.UpdateGuest(ctx, admin, g.ID, guest.GuestPatch{Name: guestStr("Tom Baker"), IDDocument: &guest.IDDocumentPatch{Number: guestStr("533380006")}})
		mustNot(t, err)
		if same != u || guestStateHash(t, s) != before {
			t.Errorf("an idle patch changed the guest or the store: %+v", same)
		}
	})

	t.Run("the document can be removed", func(t *testing.T) {
		u, err := s.Guests.UpdateGuest(ctx, admin, g.ID, guest.GuestPatch{IDDocument: &guest.IDDocumentPatch{Type: guestStr(""), Number: guestStr("")}})
		mustNot(t, err)
		if u.IDDocument != (guest.IDDocument{}) {
			t.Errorf("document = %+v, want none", u.IDDocument)
		}
	})

	t.Run("each change is audited", func(t *testing.T) {
		page, err := s.Audit.List(ctx, admin, audit.Filter{Action: "guest.update"})
		mustNot(t, err)
		if len(page.Entries) != 3 {
			t.Fatalf("%d guest.update entries, want 3", len(page.Entries))
		}
	})

	t.Run("an unknown guest is not found", func(t *testing.T) {
		if _, err := s.Guests.UpdateGuest(ctx, admin, "01JUNKNOWN0000000000000000", guest.GuestPatch{Name: guestStr("X")}); code(err) != app.ENOTFOUND {
			t.Errorf("err = %v, want not_found", err)
		}
	})
}

func TestGuestDocumentNumbersNeedTheDataKey(t *testing.T) {
	s, clk := newService(t) // never set up: no data key
	ctx := context.Background()
	a := app.CLIActor()

	before := guestStateHash(t, s)
	_, err := s.Guests.CreateGuest(ctx, a, guest.GuestInput{Name: "Keyless", IDDocument: guest.IDDocument{Type: "passport", Number: "K0000001"}})
	if code(err) != app.EUNAVAILABLE || !strings.Contains(app.ErrorMessage(err), "data key is missing") {
		t.Fatalf("err = %v, want unavailable: the data key is missing", err)
	}
	if guestStateHash(t, s) != before {
		t.Error("the refused guest changed the store")
	}

	g := addGuest(t, s, a, clk, guest.GuestInput{Name: "Keyless"})
	_, err = s.Guests.UpdateGuest(ctx, a, g.ID, guest.GuestPatch{IDDocument: &guest.IDDocumentPatch{Type: guestStr("passport"), Number: guestStr("K0000001")}})
	if code(err) != app.EUNAVAILABLE {
		t.Fatalf("update err = %v, want unavailable", err)
	}
	if _, err := s.Guests.UpdateGuest(ctx, a, g.ID, guest.GuestPatch{Phone: guestStr("+1 555 0100")}); err != nil {
		t.Errorf("a change without a document number needs no key: %v", err)
	}
}

func TestGuestDocumentNumberIsHiddenWithoutTheKey(t *testing.T) {
	s, admin, clk := guestDesk(t)
	g := addGuest(t, s, admin, clk, guest.GuestInput{Name: "Hidden", IDDocument: guest.IDDocument{Type: "passport", Number: "H7654321"}})
	s.Keys.Set(nil)
	got, err := s.Guests.GetGuest(context.Background(), admin, g.ID)
	mustNot(t, err)
	if got.IDDocument != (guest.IDDocument{Type: "passport"}) {
		t.Errorf("without the key the document reads %+v, want the type only", got.IDDocument)
	}
}

func TestSearchGuests(t *testing.T) {
	s, admin, clk := guestDesk(t)
	ctx := context.Background()
	ana := addGuest(t, s, admin, clk, guest.GuestInput{Name: "Ana Maria Souza", Phone: "+55 (11) 98765-4321", Email: "ana@example.com"})
	anders := addGuest(t, s, admin, clk, guest.GuestInput{Name: "Anders Berg", Phone: "+46 8 123 456", Email: "a.berg@example.se"})
	wei := addGuest(t, s, admin, clk, guest.GuestInput{Name: "李 伟", Phone: "13912345678"})
	dup := addGuest(t, s, admin, clk, guest.GuestInput{Name: "Ana Souza", Email: "ana.souza@example.com"})
	// The duplicate of Ana is merged into her and leaves every search.
	_, err := s.Guests.MergeGuests(ctx, admin, ana.ID, dup.ID)
	mustNot(t, err)

	tests := []struct {
		name string
		q    string
		want []string
	}{
		{"a name word matches by prefix", "and", []string{anders.ID}},
		{"a name word matches whatever its case", "SOUZ", []string{ana.ID}},
		{"a word matches any word of the name", "maria", []string{ana.ID}},
		{"several words must all match", "ana souza", []string{ana.ID}},
		{"a word that matches nobody empties the result", "ana berg", nil},
		{"names in Chinese match by prefix", "李", []string{wei.ID}},
		{"phone digits match by prefix, punctuation ignored", "+55 11 9876", []string{ana.ID}},
		{"phone digits match by prefix", "1391234", []string{wei.ID}},
		{"fewer than four digits match no phone", "139", nil},
		{"the last digits of a phone match", "12345678", []string{wei.ID}},
		{"the last four digits match", "4321", []string{ana.ID}},
		{"the whole number without its country code matches", "(11) 98765-4321", []string{ana.ID}},
		{"the whole number matches", "+55 11 98765 4321", []string{ana.ID}},
		{"digits in the middle of a number match nothing", "98765", nil},
		{"an email matches exactly", "ANA@example.com", []string{ana.ID}},
		{"an email does not match by prefix", "ana@example", nil},
		{"a name word does not match the start of an email", "a.berg", nil},
		{"a merged duplicate's own email finds nobody", "ana.souza@example.com", nil},
		{"an empty search lists the newest first", "", []string{wei.ID, anders.ID, ana.ID}},
		{"words and a phone combine", "ana 5511", []string{ana.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, err := s.Guests.SearchGuests(ctx, admin, tt.q, 0)
			mustNot(t, err)
			var ids []string
			for _, g := range list {
				ids = append(ids, g.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("search %q = %v, want %v", tt.q, ids, tt.want)
			}
		})
	}

	t.Run("the limit bounds the list", func(t *testing.T) {
		list, err := s.Guests.SearchGuests(ctx, admin, "", 2)
		mustNot(t, err)
		if len(list) != 2 || list[0].ID != wei.ID {
			t.Errorf("got %d guests, want the 2 newest", len(list))
		}
	})

	t.Run("an overlong search is refused", func(t *testing.T) {
		if _, err := s.Guests.SearchGuests(ctx, admin, strings.Repeat("a", 201), 0); code(err) != app.EINVALID {
			t.Errorf("err = %v, want invalid", err)
		}
	})
}

func TestSearchListsTheNewestFiftyByDefault(t *testing.T) {
	s, admin, clk := guestDesk(t)
	var ids []string
	for i := range 55 {
		ids = append(ids, addGuest(t, s, admin, clk, guest.GuestInput{Name: "Guest " + string(rune('A'+i%26))}).ID)
	}
	list, err := s.Guests.SearchGuests(context.Background(), admin, "", 0)
	mustNot(t, err)
	if len(list) != 50 {
		t.Fatalf("listed %d guests, want 50", len(list))
	}
	for i, g := range list {
		if want := ids[len(ids)-1-i]; g.ID != want {
			t.Fatalf("guest %d is %s, want %s (newest first)", i, g.ID, want)
		}
	}
}

func TestGuestPermissions(t *testing.T) {
	s, admin, clk := guestDesk(t)
	ctx := context.Background()
	g := addGuest(t, s, admin, clk, guest.GuestInput{Name: "Permission Probe"})
	other := addGuest(t, s, admin, clk, guest.GuestInput{Name: "Permission Probe Two"})
	viewer := app.Actor{UserID: "u-view", Username: "viewer", Perms: app.NewPermissionSet("guests.view", "reservations.view"), Hotels: app.AllHotels}
	nobody := app.Actor{UserID: "u-none", Username: "keeper", Perms: app.NewPermissionSet("rooms.view"), Hotels: app.AllHotels}

	tests := []struct {
		name string
		a    app.Actor
		call func(a app.Actor) error
		want string
	}{
		{"a viewer reads a guest", viewer, func(a app.Actor) error { _, err := s.Guests.GetGuest(ctx, a, g.ID); return err }, ""},
		{"a viewer searches", viewer, func(a app.Actor) error { _, err := s.Guests.SearchGuests(ctx, a, "probe", 0); return err }, ""},
		{"a viewer reads stays", viewer, func(a app.Actor) error { _, err := s.Booking.GuestStays(ctx, a, g.ID); return err }, ""},
		{"a viewer cannot create", viewer, func(a app.Actor) error {
			_, err := s.Guests.CreateGuest(ctx, a, guest.GuestInput{Name: "X"})
			return err
		}, app.EFORBIDDEN},
		{"a viewer cannot update", viewer, func(a app.Actor) error {
			_, err := s.Guests.UpdateGuest(ctx, a, g.ID, guest.GuestPatch{Name: guestStr("X")})
			return err
		}, app.EFORBIDDEN},
		{"a viewer cannot merge", viewer, func(a app.Actor) error { _, err := s.Guests.MergeGuests(ctx, a, g.ID, other.ID); return err }, app.EFORBIDDEN},
		{"without guests.view nothing is shown", nobody, func(a app.Actor) error { _, err := s.Guests.GetGuest(ctx, a, g.ID); return err }, app.EFORBIDDEN},
		{"without guests.view nobody is found", nobody, func(a app.Actor) error { _, err := s.Guests.SearchGuests(ctx, a, "", 0); return err }, app.EFORBIDDEN},
		{"stays need reservations.view too", app.Actor{Perms: app.NewPermissionSet("guests.view")}, func(a app.Actor) error { _, err := s.Booking.GuestStays(ctx, a, g.ID); return err }, app.EFORBIDDEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := code(tt.call(tt.a)); got != tt.want {
				t.Errorf("code = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGuestDocumentNumberIsNotInTheFile(t *testing.T) {
	s, admin, _ := guestDesk(t)
	const number = "ZQ-PASSPORT-8841-7702"
	const name = "Marguerite Plaintext-Control"
	_, err := s.Guests.CreateGuest(context.Background(), admin, guest.GuestInput{Name: name, IDDocument: guest.IDDocument{Type: "passport", Number: number}})
	mustNot(t, err)
	path := s.DB.Path()
	mustNot(t, s.DB.Close())
	raw, err := os.ReadFile(path)
	mustNot(t, err)
	if !bytes.Contains(raw, []byte(name)) {
		t.Fatal("the guest's name is not in the file: the scan proves nothing")
	}
	if bytes.Contains(raw, []byte(number)) {
		t.Errorf("the document number %q is in the store file in plain text", number)
	}
}
