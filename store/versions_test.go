package store_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"innkeep/store"
)

// roomV2 is a room as a newer program knows it: with a view.
type roomV2 struct {
	Floor    int      `json:"floor"`
	Name     string   `json:"name,omitempty"`
	View     string   `json:"view"`
	Features []string `json:"features"`
}

// roomExtras is embedded by roomV1: its fields are roomV1's too.
type roomExtras struct {
	Features []string `json:"features"`
}

// roomV1 is the same room as an older program knows it: no view.
type roomV1 struct {
	Floor int    `json:"floor"`
	Name  string `json:"name,omitempty"`
	roomExtras
	Secret string `json:"-"`
}

func TestAnOlderProgramsPutKeepsTheFieldsItDoesNotKnow(t *testing.T) {
	db := MustOpen(t)
	newer, older := store.NewCollection[roomV2]("room"), store.NewCollection[roomV1]("room")
	mustUpdate(t, db, func(tx *store.Tx) error {
		return newer.Put(tx, "101", roomV2{Floor: 1, Name: "Garden", View: "sea", Features: []string{"bath"}})
	})
	before := len(allOps(t, db))
	mustUpdate(t, db, func(tx *store.Tx) error {
		r, err := older.Get(tx, "101") // a document with a field roomV1 lacks decodes
		if err != nil {
			return err
		}
		if r.Floor != 1 || r.Name != "Garden" || len(r.Features) != 1 {
			t.Errorf("older read = %+v", r)
		}
		r.Floor, r.Name = 2, "" // the name, omitempty, is left out of the JSON
		return older.Put(tx, "101", r)
	})
	ops := allOps(t, db)[before:]
	if len(ops) != 1 || len(ops[0].Fields) != 2 || string(ops[0].Fields["floor"]) != "2" || string(ops[0].Fields["name"]) != "null" {
		t.Fatalf("the older program's op = %+v, want floor 2 and name cleared only", ops)
	}
	err := db.View(func(tx *store.Tx) error {
		r, err := newer.Get(tx, "101")
		if want := (roomV2{Floor: 2, View: "sea", Features: []string{"bath"}}); err != nil || r.Floor != want.Floor || r.Name != "" || r.View != "sea" || len(r.Features) != 1 {
			t.Errorf("after the older program's write: %+v, %v; want %+v", r, err, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAFileOfANewerSchemaIsRefusedSayingThisDeskMustBeUpdated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "innkeep.db")
	migrations := []store.Migration{
		{Version: 1, Name: "one", Run: func(*store.Tx) error { return nil }},
		{Version: 2, Name: "two", Run: func(*store.Tx) error { return nil }},
	}
	db := MustOpenAt(t, path, func(o *store.Options) { o.Migrations = migrations })
	if got := db.SchemaVersion(); got != 2 {
		t.Errorf("schema version = %d, want 2", got)
	}
	db.Close()
	_, err := store.Open(path, store.Options{Kinds: testKinds(), Migrations: migrations[:1]})
	var m *store.SchemaMismatch
	if store.ErrorCode(err) != store.EINVALID || !errors.As(err, &m) || m.Ours != 1 || m.Theirs != 2 || !m.UpdateThisDesk() {
		t.Fatalf("open by an older program: %v (%+v), want a schema mismatch 1 < 2", err, m)
	}
	if !strings.Contains(err.Error(), "update Innkeep on this desk") {
		t.Errorf("the message does not say which desk to update: %v", err)
	}
}

// upper is a migration that writes each room's name in capitals.
func upper(runs *int) store.Migration {
	return store.Migration{Version: 2, Name: "capital names", Run: func(tx *store.Tx) error {
		*runs++
		return tx.ForEach("room", func(d store.Doc) error {
			var name string
			if json.Unmarshal(d.Field("name"), &name) != nil || name == strings.ToUpper(name) {
				return nil
			}
			return tx.Put("room", d.ID, fields("name", strings.ToUpper(name)))
		})
	}}
}

var first = store.Migration{Version: 1, Name: "first", Run: func(*store.Tx) error { return nil }}

func roomName(t *testing.T, db *store.DB, id string) string {
	t.Helper()
	var name string
	err := db.View(func(tx *store.Tx) error {
		d, err := tx.Get("room", id)
		if err != nil {
			return err
		}
		return json.Unmarshal(d.Field("name"), &name)
	})
	if err != nil {
		t.Fatal(err)
	}
	return name
}

func TestAMigrationNeverBeatsARealEditItDidNotSee(t *testing.T) {
	// Desks A and B hold a room "garden" at schema 1. B renames it "sea";
	// before that reaches A, A is upgraded and its migration writes
	// "GARDEN", later in time than B's edit. Then B is upgraded too.
	dir := t.TempDir()
	base := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	nowA, advA := fixedClock(base)
	nowB, advB := fixedClock(base)
	v1 := []store.Migration{first}
	runs := 0
	v2 := []store.Migration{first, upper(&runs)}
	open := func(name string, now func() time.Time, ms []store.Migration) *store.DB {
		return MustOpenAt(t, filepath.Join(dir, name), func(o *store.Options) { o.Now, o.Migrations, o.NodeID = now, ms, name })
	}
	a, b := open("a", nowA, v1), open("b", nowB, v1)
	mustPut(t, a, "room", "101", fields("name", "garden", "floor", 1))
	exchange(t, a, b)
	advB(time.Second)
	mustPut(t, b, "room", "101", fields("name", "sea"))

	advA(time.Minute)
	a.Close()
	a = open("a", nowA, v2)
	if got := roomName(t, a, "101"); got != "GARDEN" {
		t.Fatalf("A after its migration: %q", got)
	}
	advB(time.Second)
	b.Close()
	b = open("b", nowB, v2)
	exchange(t, a, b)
	for _, db := range []*store.DB{a, b} {
		if got := roomName(t, db, "101"); got != "SEA" {
			t.Errorf("%s: the room is %q, want B's edit migrated, SEA", db.NodeID(), got)
		}
		mustCheck(t, db)
	}
	// A real edit after the migration, on either desk, wins over it.
	advA(time.Second)
	mustPut(t, a, "room", "101", fields("name", "Sea view"))
	exchange(t, a, b)
	if got := roomName(t, b, "101"); got != "Sea view" {
		t.Errorf("an edit after the migration lost: %q", got)
	}
}

func TestAMigrationThatArrivedWithItsValuesIsNotRunAgain(t *testing.T) {
	for _, tc := range []struct {
		name     string
		unseen   bool // B holds an edit that A's migration did not see
		wantRuns int
		want     string
	}{
		{"B held nothing A's migration did not see: it takes A's values", false, 0, "GARDEN"},
		{"B held an edit A's migration did not see: it migrates too", true, 1, "SEA"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			v1 := []store.Migration{first}
			runsA, runsB := 0, 0
			a := MustOpenAt(t, filepath.Join(dir, "a"), func(o *store.Options) { o.Migrations, o.NodeID = v1, "a" })
			b := MustOpenAt(t, filepath.Join(dir, "b"), func(o *store.Options) { o.Migrations, o.NodeID = v1, "b" })
			mustPut(t, a, "room", "101", fields("name", "garden", "floor", 1))
			mustPut(t, a, "room", "102", fields("name", "court", "floor", 1))
			exchange(t, a, b)
			if tc.unseen {
				mustPut(t, b, "room", "101", fields("name", "sea"))
			}
			a.Close()
			b.Close()

			a = MustOpenAt(t, filepath.Join(dir, "a"), func(o *store.Options) { o.Migrations = []store.Migration{first, upper(&runsA)} })
			b = MustOpenAt(t, filepath.Join(dir, "b"), func(o *store.Options) {
				o.Migrations, o.DeferMigrations = []store.Migration{first, upper(&runsB)}, true
			})
			if !b.MigrationsPending() || b.SchemaVersion() != 1 {
				t.Fatalf("B deferred: pending %v, schema %d", b.MigrationsPending(), b.SchemaVersion())
			}
			if err := b.Update("t", func(tx *store.Tx) error { return tx.Put("note", "n", fields("a", 1)) }); store.ErrorCode(err) != store.EUNAVAILABLE {
				t.Errorf("a local write before the migrations: %v, want unavailable", err)
			}
			have, _ := b.VersionVector()
			batch, err := a.OpsBatch(have, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.ApplyBatch(batch); err != nil {
				t.Fatalf("B, pending, takes A's batch of its program's schema: %v", err)
			}
			ownBefore := have["b"]
			if err := b.Migrate(); err != nil {
				t.Fatal(err)
			}
			vv, _ := b.VersionVector()
			if runsB != tc.wantRuns || b.SchemaVersion() != 2 || b.MigrationsPending() {
				t.Errorf("B's migration ran %d times (want %d); schema %d", runsB, tc.wantRuns, b.SchemaVersion())
			}
			if tc.wantRuns == 0 && vv["b"] != ownBefore {
				t.Errorf("B wrote %d ops of its own, want none", vv["b"]-ownBefore)
			}
			exchange(t, a, b)
			ha, _ := a.StateHash()
			hb, _ := b.StateHash()
			if ha != hb {
				t.Errorf("A and B differ after the exchange")
			}
			if got := roomName(t, b, "101"); got != tc.want {
				t.Errorf("room 101 is %q, want %q", got, tc.want)
			}
			if got := roomName(t, b, "102"); got != "COURT" {
				t.Errorf("room 102 is %q, want COURT", got)
			}
			mustCheck(t, a)
			mustCheck(t, b)
		})
	}
}

func TestDesksOfDifferentSchemasRefuseToExchangeOpsNamingWhichToUpdate(t *testing.T) {
	runs := 0
	old := MustOpen(t, func(o *store.Options) { o.Migrations = []store.Migration{first} })
	cur := MustOpen(t, func(o *store.Options) { o.Migrations = []store.Migration{first, upper(&runs)} })
	mustPut(t, old, "room", "101", fields("name", "garden"))
	mustPut(t, cur, "room", "201", fields("name", "court"))
	for _, tc := range []struct {
		name      string
		from, to  *store.DB
		ours      int
		theirs    int
		updateMe  bool
		inMessage string
	}{
		{"the newer desk refuses the older one's ops", old, cur, 2, 1, false, "update Innkeep there"},
		{"the older desk refuses the newer one's ops", cur, old, 1, 2, true, "update Innkeep on this desk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			batch, err := tc.from.OpsBatch(store.VersionVector{}, 100)
			if err != nil || len(batch.Ops) == 0 {
				t.Fatalf("batch: %+v, %v", batch, err)
			}
			before, _ := tc.to.StateHash()
			n, err := tc.to.ApplyBatch(batch)
			var m *store.SchemaMismatch
			if n != 0 || store.ErrorCode(err) != store.ECONFLICT || !errors.As(err, &m) {
				t.Fatalf("apply: %d, %v; want a refusal", n, err)
			}
			if m.Ours != tc.ours || m.Theirs != tc.theirs || m.UpdateThisDesk() != tc.updateMe || !strings.Contains(err.Error(), tc.inMessage) {
				t.Errorf("refusal %+v (%v), want ours %d theirs %d, %q", m, err, tc.ours, tc.theirs, tc.inMessage)
			}
			if after, _ := tc.to.StateHash(); after != before {
				t.Errorf("a refused batch changed the store")
			}
		})
	}
}

func mustUpdate(tb testing.TB, db *store.DB, fn func(tx *store.Tx) error) {
	tb.Helper()
	if err := db.Update("test", fn); err != nil {
		tb.Fatal(err)
	}
}
