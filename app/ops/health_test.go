package ops_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/ops"
	"innkeep/store"
)

// MustOpen opens a store with the kinds hotel and room in a temporary
// folder, closed when the test ends.
func MustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "innkeep.db"), store.Options{
		Kinds:  []store.Kind{{Name: "hotel"}, {Name: "room"}},
		NoSync: true,
	})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// put writes one document with a name field.
func put(tb testing.TB, db *store.DB, kind, id string) {
	tb.Helper()
	err := db.Update("test", func(tx *store.Tx) error {
		return tx.Put(kind, id, map[string]json.RawMessage{"name": json.RawMessage(`"` + id + `"`)})
	})
	if err != nil {
		tb.Fatal(err)
	}
}

func TestServiceHealth(t *testing.T) {
	db := MustOpen(t)
	put(t, db, "hotel", "h1")
	put(t, db, "room", "r1")
	put(t, db, "room", "r2")
	started := time.Date(2026, 11, 26, 11, 0, 0, 123456789, time.FixedZone("CET", 3600))
	svc := ops.New(app.Env{DB: db}, ops.Facts{DataDir: "/srv/innkeep", Mode: ops.ModeServe, Started: started, Version: "0.1.0"})

	h, err := svc.Health(context.Background(), viewer)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := db.Stats()
	want := ops.Health{
		Status:    "ok",
		Version:   "0.1.0",
		Mode:      "serve",
		NodeID:    db.NodeID(),
		DataDir:   "/srv/innkeep",
		StartedAt: time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC),
		Store: ops.StoreHealth{
			File:          db.Path(),
			SizeBytes:     st.SizeBytes,
			SchemaVersion: 0,
			Documents:     ops.DocumentCounts{Total: 3, ByKind: map[string]int{"hotel": 1, "room": 2}},
		},
		Disk:        h.Disk, // checked below: the free space moves
		Replication: ops.ReplicationHealth{Refusals: []ops.Refusal{}},
	}
	if h.Disk.Low {
		want.Status = ops.StatusWarning
	}
	got, _ := json.Marshal(h)
	wantJSON, _ := json.Marshal(want)
	if string(got) != string(wantJSON) {
		t.Fatalf("Health =\n%s\nwant\n%s", got, wantJSON)
	}
	if h.Store.SizeBytes <= 0 {
		t.Errorf("size_bytes = %d, want > 0", h.Store.SizeBytes)
	}
	if h.Disk.TotalBytes == 0 || h.Disk.FreeBytes > h.Disk.TotalBytes || h.Disk.Low != (h.Disk.FreeBytes < ops.LowDiskBytes) || h.Disk.WriteFailedFull {
		t.Errorf("disk = %+v, want the data folder's disk, low exactly under %d bytes free, no failed write", h.Disk, ops.LowDiskBytes)
	}
}

// viewer may see the system's health.
var viewer = app.Actor{Username: "ops", Perms: app.NewPermissionSet(app.Perm("system", "view"))}

func TestServiceHealthNeedsSystemView(t *testing.T) {
	svc := ops.New(app.Env{DB: MustOpen(t)}, ops.Facts{Mode: ops.ModeServe, Started: time.Now()})
	for _, a := range []app.Actor{{}, {Username: "desk", Perms: app.NewPermissionSet(app.Perm("rooms", "view"), app.Perm("system", "update"))}} {
		if _, err := svc.Health(context.Background(), a); app.ErrorCode(err) != app.EFORBIDDEN {
			t.Errorf("Health as %+v: err = %v, want forbidden", a, err)
		}
	}
}

func TestServiceStatusSaysOnlyOK(t *testing.T) {
	db := MustOpen(t)
	svc := ops.New(app.Env{DB: db}, ops.Facts{Mode: ops.ModeServe, Started: time.Now()})
	st, err := svc.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(st); string(b) != `{"status":"ok"}` {
		t.Fatalf("Status = %s, want {\"status\":\"ok\"}", b)
	}
	db.Close()
	if _, err := svc.Status(context.Background()); app.ErrorCode(err) != app.EUNAVAILABLE {
		t.Fatalf("Status of a closed store: err = %v, want unavailable", err)
	}
}

func TestServiceHealthOfEmptyStoreHasEmptyByKind(t *testing.T) {
	svc := ops.New(app.Env{DB: MustOpen(t)}, ops.Facts{Mode: ops.ModeDesktop, Started: time.Now()})
	h, err := svc.Health(context.Background(), viewer)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(h.Store.Documents)
	if string(b) != `{"total":0,"by_kind":{}}` {
		t.Fatalf("documents = %s, want by_kind {} (not null)", b)
	}
}

func TestServiceHealthOfClosedStoreIsUnavailable(t *testing.T) {
	db := MustOpen(t)
	db.Close()
	svc := ops.New(app.Env{DB: db}, ops.Facts{Mode: ops.ModeServe, Started: time.Now()})
	_, err := svc.Health(context.Background(), viewer)
	if app.ErrorCode(err) != app.EUNAVAILABLE {
		t.Fatalf("err = %v, want unavailable", err)
	}
}

// TestHealthShowsTheChangesOfOtherDesksThatAreRefused: a desk whose clock
// runs 9 minutes ahead has its change refused; the health page shows the
// refusal with how far ahead that clock is, and warns.
func TestHealthShowsTheChangesOfOtherDesksThatAreRefused(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	db, err := store.Open(filepath.Join(t.TempDir(), "innkeep.db"), store.Options{
		Kinds: []store.Kind{{Name: "room"}}, NoSync: true, Now: func() time.Time { return base },
	})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ahead := store.MakeTimestamp(base.Add(9*time.Minute), 0)
	op := store.Op{Origin: "deskb", Seq: 1, HLC: ahead, Kind: "room", ID: "r1", Fields: map[string]json.RawMessage{"name": json.RawMessage(`"101"`)}}
	if _, err := db.ApplyRemote([]store.Op{op}); err == nil {
		t.Fatal("an op 9 minutes ahead was applied")
	}
	svc := ops.New(app.Env{DB: db}, ops.Facts{Mode: ops.ModeServe})
	h, err := svc.Health(context.Background(), viewer)
	if err != nil {
		t.Fatal(err)
	}
	if h.Status != ops.StatusWarning {
		t.Errorf("status = %q, want warning", h.Status)
	}
	rs := h.Replication.Refusals
	if len(rs) != 1 {
		t.Fatalf("refusals = %+v, want one", rs)
	}
	r := rs[0]
	if r.Origin != "deskb" || r.Seq != 1 || r.Reason != "clock_ahead" || r.AheadMS != 9*60*1000 || r.Count != 1 || !r.At.Equal(base) || r.Message == "" {
		t.Errorf("refusal = %+v, want deskb/1 clock_ahead by 540000 ms at %s", r, base)
	}
}
