package desk_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/apptest"
	"innkeep/app/audit"
	"innkeep/app/property"
	"innkeep/app/setup"
)

// openAuditedService opens a service with the domain's kinds on a new data
// folder, with a clock that ticks one second per reading.
func openAuditedService(t *testing.T) *apptest.Kit {
	t.Helper()
	db, dir := apptest.OpenStore(t, "", false)
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	// A clock that ticks one second per reading.
	return apptest.OnStore(db, dir, apptest.Options{Now: func() time.Time {
		now = now.Add(time.Second)
		return now
	}})
}

func TestVerifyAuditOfAnEmptyLogIsOK(t *testing.T) {
	s := openAuditedService(t)
	rep, err := s.Audit.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rep)
	if string(b) != `{"ok":true,"entries":0,"chains":[]}` {
		t.Errorf("report of an empty log: %s", b)
	}
}

func TestHotelChangesAreAuditedWithOnlyTheChangedFields(t *testing.T) {
	s := openAuditedService(t)
	ctx := context.Background()
	a := app.SystemActor()
	h, err := s.Property.CreateHotel(ctx, a, property.HotelInput{Name: "Harbour Inn", TimeZone: "Asia/Shanghai", Currency: "CNY"})
	if err != nil {
		t.Fatal(err)
	}
	name := "Harbour Inn & Spa"
	if _, err := s.Property.UpdateHotel(ctx, a, h.ID, property.HotelPatch{Name: &name}); err != nil {
		t.Fatal(err)
	}
	page, err := s.Audit.List(ctx, a, audit.Filter{Entity: "hotel"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Entries) != 2 {
		t.Fatalf("%d hotel entries, want 2", len(page.Entries))
	}
	upd, created := page.Entries[0], page.Entries[1]
	if created.Action != "hotel.create" || created.EntityID != h.ID || len(created.Before) != 0 || string(created.After["name"]) != `"Harbour Inn"` {
		t.Errorf("creation entry: %+v", created)
	}
	var newName string
	json.Unmarshal(upd.After["name"], &newName)
	if upd.Action != "hotel.update" || string(upd.Before["name"]) != `"Harbour Inn"` || newName != name {
		t.Errorf("update entry: before %s after %s", upd.Before, upd.After)
	}
	for field := range upd.After {
		if field != "name" && field != "updated_at" {
			t.Errorf("the update records the unchanged field %q", field)
		}
	}
	rep, err := s.Audit.Verify(ctx)
	if err != nil || !rep.OK || rep.Entries != 2 {
		t.Errorf("report: %+v, %v", rep, err)
	}
}

func TestSetupIsAuditedWithoutSecrets(t *testing.T) {
	s := openAuditedService(t)
	ctx := context.Background()
	const phone = "+86 138 5555 0199"
	_, err := s.Setup.Setup(ctx, setup.SetupInput{
		Hotel: property.HotelInput{Name: "Harbour Inn", TimeZone: "Asia/Shanghai", Currency: "CNY"},
		Admin: access.UserInput{Username: "alice", DisplayName: "Alice Chen", Email: "alice@example.com", Phone: phone, Password: "harbour lights at dusk"},
	}, app.Client{Address: "10.0.0.1", UserAgent: "test"})
	if err != nil {
		t.Fatal(err)
	}
	page, err := s.Audit.List(ctx, app.SystemActor(), audit.Filter{Action: "user.create"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Entries) != 1 {
		t.Fatalf("%d user.create entries, want 1", len(page.Entries))
	}
	after := page.Entries[0].After
	if string(after["phone"]) != `"[encrypted]"` || string(after["password_hash"]) != `"[secret]"` {
		t.Errorf("phone %s, password_hash %s", after["phone"], after["password_hash"])
	}
	all, _ := s.Audit.List(ctx, app.SystemActor(), audit.Filter{})
	raw, _ := json.Marshal(all)
	for _, leak := range []string{phone, "argon2id", "enc:v1:", "harbour lights"} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("the audit log shows %q", leak)
		}
	}
}
