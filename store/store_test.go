package store_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"innkeep/store"
)

func TestPutGetDelete(t *testing.T) {
	db := MustOpen(t)
	mustPut(t, db, "room", "101", fields("floor", 1, "name", "Garden"))
	mustPut(t, db, "room", "101", fields("name", "Garden view"))

	err := db.View(func(tx *store.Tx) error {
		d, err := tx.Get("room", "101")
		if err != nil {
			return err
		}
		if got := string(d.Object()); got != `{"floor":1,"name":"Garden view"}` {
			t.Errorf("object = %s", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update("test", func(tx *store.Tx) error { return tx.Delete("room", "101") }); err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *store.Tx) error {
		_, err := tx.Get("room", "101")
		if store.ErrorCode(err) != store.ENOTFOUND {
			t.Errorf("get after delete: %v, want not_found", err)
		}
		d, ok, err := tx.Lookup("room", "101")
		if err != nil || !ok || !d.Deleted {
			t.Errorf("lookup after delete = %+v %v %v, want a tombstone", d, ok, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	if vv, _ := db.VersionVector(); vv[db.NodeID()] != 3 {
		t.Errorf("version vector = %v, want 3 ops from %s", vv, db.NodeID())
	}
}

func TestUnchangedPutWritesNoOp(t *testing.T) {
	db := MustOpen(t)
	mustPut(t, db, "room", "101", fields("floor", 1))
	mustPut(t, db, "room", "101", fields("floor", 1))
	if n := len(allOps(t, db)); n != 1 {
		t.Errorf("ops = %d, want 1", n)
	}
}

func TestFailedUpdateChangesNothing(t *testing.T) {
	db := MustOpen(t)
	mustPut(t, db, "room", "101", fields("floor", 1))
	before, _ := db.StateHash()
	boom := errors.New("caller's check failed")
	err := db.Update("test", func(tx *store.Tx) error {
		if err := tx.Put("room", "102", fields("floor", 1)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the caller's error", err)
	}
	after, _ := db.StateHash()
	if before != after {
		t.Error("a failed update changed the state")
	}
	if n := len(allOps(t, db)); n != 1 {
		t.Errorf("ops = %d, want 1", n)
	}
	mustCheck(t, db)
}

func TestIndexesFollowEveryChange(t *testing.T) {
	db := MustOpen(t)
	mustPut(t, db, "room", "101", fields("floor", 1, "features", []string{"balcony", "bath"}))
	mustPut(t, db, "room", "201", fields("floor", 2, "features", []string{"bath"}))
	mustPut(t, db, "room", "102", fields("floor", 1))
	mustPut(t, db, "room", "101", fields("floor", 3, "features", []string{"bath"}))
	if err := db.Update("t", func(tx *store.Tx) error { return tx.Delete("room", "102") }); err != nil {
		t.Fatal(err)
	}
	scan := func(index, from, to string) []string {
		var got []string
		err := db.View(func(tx *store.Tx) error {
			return tx.Scan("room", index, from, to, func(key, id string) error {
				got = append(got, key+":"+id)
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	tests := []struct {
		name, index, from, to string
		want                  []string
	}{
		{"range is half-open", "floor", pad(1), pad(3), []string{pad(2) + ":201"}},
		{"empty upper bound scans to the end", "floor", pad(2), "", []string{pad(2) + ":201", pad(3) + ":101"}},
		{"multi-key index drops removed keys", "feature", "", "", []string{"bath:101", "bath:201"}},
		{"deleted documents leave the index", "floor", pad(1), pad(2), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scan(tt.index, tt.from, tt.to); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("scan = %v, want %v", got, tt.want)
			}
		})
	}
	mustCheck(t, db)
}

func TestCountedIndexesCountEntriesPerKey(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	mustPut(t, a, "room", "101", fields("floor", 1, "features", []string{"balcony", "bath"}))
	mustPut(t, a, "room", "102", fields("floor", 1, "features", []string{"bath", "bath"}))
	mustPut(t, a, "room", "201", fields("floor", 2, "features", []string{"bath", "view"}))
	mustPut(t, a, "room", "202", fields("floor", 2, "features", []string{"view"}))
	mustPut(t, a, "room", "201", fields("floor", 3, "features", []string{"bath", "sofa"}))
	mustPut(t, a, "room", "202", fields("floor", 3, "features", nil)) // its only key goes
	mustPut(t, a, "room", "301", fields("floor", 3, "features", []string{"desk"}))
	mustPut(t, a, "room", "301", fields("features", []string{"desk", "desk"})) // a kept key, repeated
	mustPut(t, a, "room", "301", fields("features", []string{"view"}))         // then gone
	if err := a.Update("t", func(tx *store.Tx) error { return tx.Delete("room", "101") }); err != nil {
		t.Fatal(err)
	}
	exchange(t, a, b) // a remote apply keeps the same counts
	counts := func(db *store.DB, from, to, prefix string) string {
		var got []string
		err := db.View(func(tx *store.Tx) error {
			fn := func(key string, n int) error {
				got = append(got, fmt.Sprintf("%s=%d", key, n))
				return nil
			}
			if prefix != "" {
				return tx.CountsPrefix("room", "feature", prefix, fn)
			}
			return tx.Counts("room", "feature", from, to, fn)
		})
		if err != nil {
			t.Fatal(err)
		}
		return strings.Join(got, " ")
	}
	tests := []struct {
		name, from, to, prefix string
		want                   string
	}{
		{"a key repeated by one document counts once; emptied keys vanish", "", "", "", "bath=2 sofa=1 view=1"},
		{"range is half-open", "bath", "sofa", "", "bath=2"},
		{"prefix", "", "", "so", "sofa=1"},
		{"nothing in range", "w", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i, db := range []*store.DB{a, b} {
				if got := counts(db, tt.from, tt.to, tt.prefix); got != tt.want {
					t.Errorf("store %d: counts = %q, want %q", i, got, tt.want)
				}
			}
		})
	}
	err := a.View(func(tx *store.Tx) error {
		return tx.Counts("room", "floor", "", "", func(string, int) error { return nil })
	})
	if store.ErrorCode(err) != store.EINVALID || !strings.Contains(err.Error(), "not counted") {
		t.Errorf("counts of an index that is not counted: %v", err)
	}
	mustCheck(t, a)
	mustCheck(t, b)
}

func TestAppendOnlyKinds(t *testing.T) {
	db := MustOpen(t)
	mustPut(t, db, "line", "l1", fields("amount", 1000))
	tests := []struct {
		name string
		fn   func(tx *store.Tx) error
		code string
	}{
		{"changing a line is a conflict", func(tx *store.Tx) error { return tx.Put("line", "l1", fields("amount", 5)) }, store.ECONFLICT},
		{"deleting a line is invalid", func(tx *store.Tx) error { return tx.Delete("line", "l1") }, store.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := db.Update("t", tt.fn); store.ErrorCode(err) != tt.code {
				t.Errorf("err = %v, want %s", err, tt.code)
			}
		})
	}
}

func TestBadLocalWritesChangeNothing(t *testing.T) {
	db := MustOpen(t, func(o *store.Options) { o.MaxDocSize = 4096 })
	mustPut(t, db, "room", "101", fields("floor", 1))
	before, _ := db.StateHash()
	tests := []struct {
		name string
		fn   func(tx *store.Tx) error
		want string // part of the message
	}{
		{"unknown kind", func(tx *store.Tx) error { return tx.Put("spaceship", "1", fields("a", 1)) }, "unknown kind"},
		{"empty id", func(tx *store.Tx) error { return tx.Put("room", "", fields("a", 1)) }, "id is empty"},
		{"control character in id", func(tx *store.Tx) error { return tx.Put("room", "1\x00", fields("a", 1)) }, "control character"},
		{"bad field name", func(tx *store.Tx) error { return tx.Put("room", "1", fields("1abc", 1)) }, "field name"},
		{"invalid JSON value", func(tx *store.Tx) error {
			return tx.Put("room", "1", map[string]json.RawMessage{"a": json.RawMessage("{nope")})
		}, "not valid JSON"},
		{"no fields on a new document", func(tx *store.Tx) error { return tx.Put("room", "9", nil) }, "at least one field"},
		{"oversized document", func(tx *store.Tx) error { return tx.Put("room", "1", fields("a", strings.Repeat("x", 5000))) }, "limit"},
		{"delete of a missing document", func(tx *store.Tx) error { return tx.Delete("room", "404") }, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.Update("t", tt.fn)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want one that says %q", err, tt.want)
			}
			if after, _ := db.StateHash(); after != before {
				t.Error("state changed")
			}
		})
	}
	mustCheck(t, db)
}

func TestApplyRemoteRefusesBadBatchesWhole(t *testing.T) {
	now, _ := fixedClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	src := MustOpen(t, func(o *store.Options) { o.Now = now })
	mustPut(t, src, "room", "101", fields("floor", 1))
	mustPut(t, src, "room", "102", fields("floor", 1))
	good := allOps(t, src)

	dst := MustOpen(t, func(o *store.Options) { o.Now = now; o.MaxDocSize = 4096 })
	before, _ := dst.StateHash()
	op := func(mod func(*store.Op)) store.Op {
		o := good[1]
		o.Fields = map[string]json.RawMessage{"floor": json.RawMessage("1")}
		mod(&o)
		return o
	}
	tests := []struct {
		name  string
		batch []store.Op
		want  string
	}{
		{"a gap in an origin's sequence", []store.Op{good[1]}, "gap"},
		{"an unknown kind", []store.Op{good[0], op(func(o *store.Op) { o.Kind = "spaceship" })}, "unknown kind"},
		{"a zero sequence", []store.Op{op(func(o *store.Op) { o.Seq = 0 })}, "sequence number 0"},
		{"a missing timestamp", []store.Op{good[0], op(func(o *store.Op) { o.HLC = 0 })}, "no timestamp"},
		{"an empty origin", []store.Op{op(func(o *store.Op) { o.Origin = "" })}, "origin is empty"},
		{"delete with fields", []store.Op{good[0], op(func(o *store.Op) { o.Deleted = true })}, "deletes"},
		{"a corrupt field value", []store.Op{good[0], op(func(o *store.Op) { o.Fields["floor"] = json.RawMessage(`{"x":`) })}, "not valid JSON"},
		{"an oversized op", []store.Op{good[0], op(func(o *store.Op) {
			o.Fields["blob"], _ = json.Marshal(strings.Repeat("x", 5000))
		})}, "limit"},
		{"a clock too far ahead", []store.Op{good[0], op(func(o *store.Op) {
			o.HLC = store.MakeTimestamp(now().Add(time.Hour), 0)
		})}, "ahead"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := dst.ApplyRemote(tt.batch)
			if err == nil || !strings.Contains(err.Error(), tt.want) || store.ErrorCode(err) == store.EINTERNAL {
				t.Fatalf("err = %v, want a clear error saying %q", err, tt.want)
			}
			if n != 0 {
				t.Errorf("applied = %d, want 0", n)
			}
			// The error names the op it refused, for the caller to report.
			var r *store.RefusedOp
			last := tt.batch[len(tt.batch)-1]
			if !errors.As(err, &r) || r.Origin != last.Origin || r.Seq != last.Seq || r.Index != len(tt.batch)-1 {
				t.Errorf("refused op = %+v; want %s/%d, item %d", r, last.Origin, last.Seq, len(tt.batch)-1)
			}
			if after, _ := dst.StateHash(); after != before {
				t.Error("a refused batch changed the state")
			}
			if vv, _ := dst.VersionVector(); len(vv) != 0 {
				t.Errorf("version vector = %v, want empty", vv)
			}
		})
	}
	mustCheck(t, dst)

	// The good batch, delivered twice, applies once.
	for i, want := range []int{2, 0} {
		n, err := dst.ApplyRemote(good)
		if err != nil || n != want {
			t.Fatalf("delivery %d: applied %d, %v; want %d", i, n, err, want)
		}
	}
	a, _ := src.StateHash()
	b, _ := dst.StateHash()
	if a != b {
		t.Error("state hashes differ after replication")
	}
	mustCheck(t, dst)
}

func TestDecodeOp(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"a valid op", `{"origin":"a1","seq":1,"hlc":5,"kind":"room","id":"1","fields":{"x":1}}`, ""},
		{"truncated JSON", `{"origin":"a1","seq":1,"hlc":5,"kind":"ro`, "not valid JSON"},
		{"unknown member", `{"origin":"a1","seq":1,"hlc":5,"kind":"room","id":"1","fields":{"x":1},"evil":1}`, "unknown field"},
		{"trailing data", `{"origin":"a1","seq":1,"hlc":5,"kind":"room","id":"1","fields":{"x":1}} {}`, "trailing"},
		{"negative seq", `{"origin":"a1","seq":-1,"hlc":5,"kind":"room","id":"1","fields":{"x":1}}`, "not valid JSON"},
		{"upper-case kind", `{"origin":"a1","seq":1,"hlc":5,"kind":"Room","id":"1","fields":{"x":1}}`, "may hold only"},
		{"no fields", `{"origin":"a1","seq":1,"hlc":5,"kind":"room","id":"1"}`, "sets no fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := store.DecodeOp([]byte(tt.in))
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			if err != nil && store.ErrorCode(err) != store.EINVALID {
				t.Errorf("code = %s, want invalid", store.ErrorCode(err))
			}
		})
	}
}

func FuzzDecodeOp(f *testing.F) {
	f.Add([]byte(`{"origin":"a1","seq":1,"hlc":5,"kind":"room","id":"1","fields":{"x":1}}`))
	f.Add([]byte(`{"origin":"a1","seq":2,"hlc":6,"kind":"room","id":"1","deleted":true}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		op, err := store.DecodeOp(b)
		if err != nil {
			if store.ErrorCode(err) != store.EINVALID {
				t.Fatalf("code %s for %q", store.ErrorCode(err), b)
			}
			return
		}
		enc, err := op.Encode()
		if err != nil {
			t.Fatal(err)
		}
		again, err := store.DecodeOp(enc)
		if err != nil || !reflect.DeepEqual(normalize(again), normalize(op)) {
			t.Fatalf("round trip of %q: %+v, %v", b, again, err)
		}
	})
}

func normalize(op store.Op) store.Op {
	if len(op.Fields) == 0 {
		op.Fields = nil
	}
	return op
}

func TestCollection(t *testing.T) {
	type room struct {
		Floor    int      `json:"floor"`
		Name     string   `json:"name,omitempty"`
		Features []string `json:"features"`
	}
	rooms := store.NewCollection[room]("room")
	db := MustOpen(t)
	err := db.Update("t", func(tx *store.Tx) error {
		if err := rooms.Create(tx, "101", room{Floor: 1, Name: "Garden", Features: []string{"bath"}}); err != nil {
			return err
		}
		if err := rooms.Create(tx, "101", room{Floor: 1}); store.ErrorCode(err) != store.ECONFLICT {
			t.Errorf("second create: %v, want conflict", err)
		}
		// Name is omitted now: Put clears it.
		return rooms.Put(tx, "101", room{Floor: 2, Features: []string{"bath"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.View(func(tx *store.Tx) error {
		r, err := rooms.Get(tx, "101")
		if err != nil {
			return err
		}
		if want := (room{Floor: 2, Features: []string{"bath"}}); !reflect.DeepEqual(r, want) {
			t.Errorf("get = %+v, want %+v", r, want)
		}
		var ids []string
		err = rooms.Scan(tx, "floor", pad(2), pad(3), func(_, id string, r room) error {
			ids = append(ids, id)
			return nil
		})
		if !reflect.DeepEqual(ids, []string{"101"}) {
			t.Errorf("scan = %v", ids)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ops := allOps(t, db)
	if len(ops) != 2 || len(ops[1].Fields) != 2 {
		t.Errorf("second op should set only floor and clear name: %+v", ops)
	}
}

func TestConcurrentEditsOfDifferentFieldsBothSurvive(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	mustPut(t, a, "room", "101", fields("floor", 1, "name", "x"))
	if _, err := b.ApplyRemote(allOps(t, a)); err != nil {
		t.Fatal(err)
	}
	mustPut(t, a, "room", "101", fields("floor", 2))
	mustPut(t, b, "room", "101", fields("name", "Garden"))
	exchange(t, a, b)
	for _, db := range []*store.DB{a, b} {
		_ = db.View(func(tx *store.Tx) error {
			d, err := tx.Get("room", "101")
			if err != nil || string(d.Object()) != `{"floor":2,"name":"Garden"}` {
				t.Errorf("%s: %s %v", db.NodeID(), d.Object(), err)
			}
			return nil
		})
	}
}

// exchange pulls each store's missing ops from the other, in pages of 3.
func exchange(tb testing.TB, dbs ...*store.DB) {
	tb.Helper()
	for _, dst := range dbs {
		for _, src := range dbs {
			if src == dst {
				continue
			}
			for {
				have, err := dst.VersionVector()
				if err != nil {
					tb.Fatal(err)
				}
				ops, err := src.OpsSince(have, 3)
				if err != nil {
					tb.Fatal(err)
				}
				if len(ops) == 0 {
					break
				}
				if _, err := dst.ApplyRemote(ops); err != nil {
					tb.Fatal(err)
				}
			}
		}
	}
}

func TestClockNeverRunsBackwards(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	now, advance := fixedClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	db := MustOpenAt(t, path, func(o *store.Options) { o.Now = now })
	mustPut(t, db, "note", "1", fields("a", 1))
	first := allOps(t, db)[0].HLC
	db.Close()
	advance(-time.Hour) // the wall clock is set back while the app is closed
	db = MustOpenAt(t, path, func(o *store.Options) { o.Now = now })
	mustPut(t, db, "note", "1", fields("a", 2))
	if second := allOps(t, db)[1].HLC; second <= first {
		t.Errorf("second stamp %s is not after first %s", second, first)
	}
}

func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	var ran []int
	mig := func(v int) store.Migration {
		return store.Migration{Version: v, Name: "m" + itoa(v), Run: func(tx *store.Tx) error {
			ran = append(ran, v)
			return tx.Put("note", "m"+itoa(v), fields("v", v))
		}}
	}
	db := MustOpenAt(t, path, func(o *store.Options) { o.Migrations = []store.Migration{mig(1)} })
	db.Close()
	db = MustOpenAt(t, path, func(o *store.Options) { o.Migrations = []store.Migration{mig(1), mig(2), mig(3)} })
	if !reflect.DeepEqual(ran, []int{1, 2, 3}) {
		t.Errorf("ran %v, want each migration once in order", ran)
	}
	if st, _ := db.Stats(); st.SchemaVersion != 3 || st.ByKind["note"] != 3 {
		t.Errorf("stats = %+v", st)
	}
	db.Close()

	t.Run("a newer file is refused", func(t *testing.T) {
		_, err := store.Open(path, store.Options{Kinds: testKinds(), Migrations: []store.Migration{mig(1)}})
		if err == nil || !strings.Contains(err.Error(), "newer version") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a failing migration leaves the version", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "f.db")
		bad := store.Migration{Version: 1, Name: "bad", Run: func(tx *store.Tx) error {
			_ = tx.Put("note", "x", fields("a", 1))
			return errors.New("boom")
		}}
		if _, err := store.Open(p, store.Options{Kinds: testKinds(), Migrations: []store.Migration{bad}}); err == nil || !strings.Contains(err.Error(), "migration 1 (bad) failed") {
			t.Fatalf("err = %v", err)
		}
		db := MustOpenAt(t, p)
		if st, _ := db.Stats(); st.SchemaVersion != 0 || st.Documents != 0 {
			t.Errorf("stats after failed migration = %+v", st)
		}
	})
}

func TestSecondOpenIsRefusedWithinTheTimeout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	MustOpenAt(t, path)
	_, err := store.Open(path, store.Options{LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, store.ErrLocked) || !strings.Contains(err.Error(), path) {
		t.Fatalf("err = %v, want ErrLocked naming %s", err, path)
	}
}

func TestOpenRefusesForeignFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, bytes.Repeat([]byte("hello "), 2000), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(path, store.Options{})
	if store.ErrorCode(err) != store.EINVALID {
		t.Fatalf("err = %v, want invalid", err)
	}
}

func TestBackupWhileWriting(t *testing.T) {
	db := MustOpen(t)
	for i := 0; i < 200; i++ {
		mustPut(t, db, "room", itoa(i), fields("floor", i%7))
	}
	done := make(chan struct{})
	go func() { // writes go on during the backup
		defer close(done)
		for i := 200; i < 300; i++ {
			_ = db.Update("t", func(tx *store.Tx) error { return tx.Put("room", itoa(i), fields("floor", 1)) })
		}
	}()
	path := filepath.Join(t.TempDir(), "backup.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	info, err := db.Backup(f)
	if err != nil || info.Bytes == 0 {
		t.Fatalf("backup: %+v, %v", info, err)
	}
	f.Close()
	<-done
	opts := store.Options{Kinds: testKinds()}
	if err := store.VerifyBackup(path, info, opts); err != nil {
		t.Fatalf("verify: %v", err)
	}
	wrongState := info
	wrongState.StateHash = strings.Repeat("0", 64)
	if err := store.VerifyBackup(path, wrongState, opts); err == nil || !strings.Contains(err.Error(), "does not hold the state") {
		t.Errorf("verify of a wrong state hash: %v", err)
	}
	// A damaged copy is refused before bbolt reads it.
	b, _ := os.ReadFile(path)
	b[len(b)/2] ^= 0xff
	bad := filepath.Join(t.TempDir(), "bad.db")
	_ = os.WriteFile(bad, b, 0o600)
	if err := store.VerifyBackup(bad, info, opts); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("verify of a damaged copy: %v", err)
	}
	// The copy opens as a store with the same documents.
	cp := MustOpenAt(t, path, func(o *store.Options) { o.ReadOnly = true })
	if h, _ := cp.StateHash(); h != info.StateHash {
		t.Error("the copy's state differs")
	}
}

func TestStatsCountLiveDocuments(t *testing.T) {
	db := MustOpen(t)
	mustPut(t, db, "room", "1", fields("floor", 1))
	mustPut(t, db, "room", "2", fields("floor", 1))
	mustPut(t, db, "note", "1", fields("a", 1))
	_ = db.Update("t", func(tx *store.Tx) error { return tx.Delete("room", "2") })
	st, err := db.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 2 || !reflect.DeepEqual(st.ByKind, map[string]int{"room": 1, "note": 1}) || st.SizeBytes <= 0 {
		t.Errorf("stats = %+v", st)
	}
	kinds := db.Kinds()
	if !sort.StringsAreSorted(kinds) || len(kinds) != 3 {
		t.Errorf("kinds = %v", kinds)
	}
}

func TestCheckFindsDamage(t *testing.T) {
	tests := []struct {
		name   string
		damage func(tx *bolt.Tx) error
		want   string
	}{
		{"a lost index entry", func(tx *bolt.Tx) error {
			c := tx.Bucket([]byte("idx")).Cursor()
			k, _ := c.First()
			return tx.Bucket([]byte("idx")).Delete(k)
		}, "indexes lack"},
		{"a stale index entry", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("idx")).Put([]byte("room/floor\x00000042\x00ghost"), nil)
		}, "stale entry"},
		{"a document edited behind the log", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("docs")).Put([]byte("note\x001"), []byte(`{"f":{"a":{"v":99,"t":1,"n":"x"}},"d":{"t":0,"n":""}}`))
		}, "differs from the replay"},
		{"a gap in the op log", func(tx *bolt.Tx) error {
			c := tx.Bucket([]byte("ops")).Cursor()
			k, _ := c.First()
			return tx.Bucket([]byte("ops")).Delete(k)
		}, "jumps"},
		{"a wrong index count", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("idx")).Put([]byte("room/feature\x01bath"), []byte{0, 0, 0, 0, 0, 0, 0, 7})
		}, "index count"},
		{"a lost index count", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("idx")).Delete([]byte("room/feature\x01bath"))
		}, "index counts lack 1"},
		{"a wrong count", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("meta")).Put([]byte("count\x00note"), make([]byte, 8))
		}, "count of note"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.db")
			db := MustOpenAt(t, path)
			mustPut(t, db, "room", "101", fields("floor", 1, "features", []string{"bath"}))
			mustPut(t, db, "note", "1", fields("a", 1))
			mustCheck(t, db)
			db.Close()
			raw, err := bolt.Open(path, 0o600, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := raw.Update(tt.damage); err != nil {
				t.Fatal(err)
			}
			raw.Close()
			db = MustOpenAt(t, path)
			err = db.Check()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("check = %v, want a report of %q", err, tt.want)
			}
		})
	}
}

func TestLocalSpacesStayLocal(t *testing.T) {
	a, b := MustOpen(t), MustOpen(t)
	mustPut(t, a, "note", "1", fields("a", 1))
	hashBefore, _ := a.StateHash()
	err := a.Update("t", func(tx *store.Tx) error {
		for _, k := range []string{"s1", "s2", "x1"} {
			if err := tx.LocalPut("sessions", k, []byte("v-"+k)); err != nil {
				return err
			}
		}
		return tx.LocalDelete("sessions", "s2")
	})
	if err != nil {
		t.Fatal(err)
	}
	if h, _ := a.StateHash(); h != hashBefore {
		t.Error("a local write changed the state hash")
	}
	if n := len(allOps(t, a)); n != 1 {
		t.Errorf("ops = %d, want 1: local writes make no ops", n)
	}
	var got []string
	_ = a.View(func(tx *store.Tx) error {
		if v := tx.LocalGet("sessions", "s1"); string(v) != "v-s1" {
			t.Errorf("get = %q", v)
		}
		return tx.LocalScan("sessions", "s", func(k string, v []byte) error {
			got = append(got, k+"="+string(v))
			return nil
		})
	})
	if !reflect.DeepEqual(got, []string{"s1=v-s1"}) {
		t.Errorf("scan = %v", got)
	}
	exchange(t, a, b)
	_ = b.View(func(tx *store.Tx) error {
		if v := tx.LocalGet("sessions", "s1"); v != nil {
			t.Error("a local record replicated")
		}
		return nil
	})
	mustCheck(t, a)
	if err := a.Update("t", func(tx *store.Tx) error { return tx.LocalPut("Bad Space", "k", nil) }); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("bad space: %v", err)
	}
}

func TestOpenRebuildsIndexesThatChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db := MustOpenAt(t, path)
	mustPut(t, db, "note", "1", fields("tag", "red"))
	mustPut(t, db, "note", "2", fields("tag", "blue"))
	db.Close()

	byTag := func(version int, prefix string) store.Index {
		return store.Index{Name: "tag", Version: version, Keys: func(d store.Doc) []string {
			var s string
			_ = json.Unmarshal(d.Field("tag"), &s)
			return []string{prefix + s}
		}}
	}
	open := func(ix store.Index) *store.DB {
		kinds := testKinds()
		kinds[2].Indexes = []store.Index{ix}
		return MustOpenAt(t, path, func(o *store.Options) { o.Kinds = kinds })
	}
	keys := func(db *store.DB) []string {
		var got []string
		_ = db.View(func(tx *store.Tx) error {
			return tx.Scan("note", "tag", "", "", func(k, id string) error {
				got = append(got, k+"="+id)
				return nil
			})
		})
		return got
	}
	db = open(byTag(1, ""))
	if got := keys(db); !reflect.DeepEqual(got, []string{"blue=2", "red=1"}) {
		t.Errorf("a new index over old documents = %v", got)
	}
	mustCheck(t, db)
	db.Close()
	db = open(byTag(2, "c:"))
	if got := keys(db); !reflect.DeepEqual(got, []string{"c:blue=2", "c:red=1"}) {
		t.Errorf("a changed index = %v", got)
	}
	mustCheck(t, db)
	db.Close()
	counted := byTag(2, "c:")
	counted.Counted = true
	db = open(counted)
	var got []string
	_ = db.View(func(tx *store.Tx) error {
		return tx.Counts("note", "tag", "", "", func(k string, n int) error {
			got = append(got, fmt.Sprintf("%s=%d", k, n))
			return nil
		})
	})
	if !reflect.DeepEqual(got, []string{"c:blue=1", "c:red=1"}) {
		t.Errorf("an index that became counted = %v", got)
	}
	mustCheck(t, db)
}

func TestTypedReadsNeverSeeAStaleDocument(t *testing.T) {
	type note struct {
		A int `json:"a"`
	}
	notes := store.NewCollection[note]("note")
	a, b := MustOpen(t), MustOpen(t)
	read := func(db *store.DB) (int, error) {
		var n, shared note
		err := db.View(func(tx *store.Tx) error {
			var err error
			if n, err = notes.Get(tx, "1"); err != nil {
				return err
			}
			shared, err = notes.GetShared(tx, "1")
			return err
		})
		if err == nil && shared != n {
			t.Errorf("GetShared = %+v, Get = %+v", shared, n)
		}
		return n.A, err
	}
	for i := 1; i <= 3; i++ {
		mustPut(t, a, "note", "1", fields("a", i))
		if got, err := read(a); err != nil || got != i {
			t.Fatalf("read %d, %v after writing %d", got, err, i)
		}
	}
	exchange(t, a, b)
	mustPut(t, b, "note", "1", fields("a", 9))
	exchange(t, a, b)
	if got, _ := read(a); got != 9 {
		t.Errorf("after a remote change: %d, want 9", got)
	}
	_ = a.Update("t", func(tx *store.Tx) error { return tx.Delete("note", "1") })
	if _, err := read(a); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("after delete: %v", err)
	}
}

func TestSharedReadsFollowSnapshotsAndRollbacks(t *testing.T) {
	type note struct {
		A int `json:"a"`
	}
	notes := store.NewCollection[note]("note")
	// Mapped ahead: the write below must not wait for the snapshot held
	// open across it.
	db := MustOpen(t, func(o *store.Options) { o.InitialMmapSize = 16 << 20 })
	read := func(tx *store.Tx) int {
		t.Helper()
		n, err := notes.GetShared(tx, "1")
		if err != nil {
			t.Fatal(err)
		}
		return n.A
	}
	view := func() (got int) {
		t.Helper()
		_ = db.View(func(tx *store.Tx) error { got = read(tx); return nil })
		return got
	}
	mustPut(t, db, "note", "1", fields("a", 1))
	if got := view(); got != 1 {
		t.Fatalf("first read = %d", got)
	}

	// A snapshot taken before a write keeps seeing the old value, even
	// after a newer snapshot has cached the new one.
	old := make(chan int)
	release := make(chan struct{})
	started := make(chan struct{})
	go func() {
		_ = db.View(func(tx *store.Tx) error {
			close(started)
			<-release
			old <- read(tx)
			return nil
		})
	}()
	<-started
	mustPut(t, db, "note", "1", fields("a", 2))
	if got := view(); got != 2 {
		t.Errorf("after a write: %d, want 2", got)
	}
	close(release)
	if got := <-old; got != 1 {
		t.Errorf("a snapshot older than the write read %d, want 1", got)
	}
	if got := view(); got != 2 {
		t.Errorf("after the old snapshot read: %d, want 2", got)
	}

	// A write that rolls back leaves nothing behind, also when the next
	// write transaction (which gets the same id) changes another kind.
	errRollback := errors.New("roll back")
	err := db.Update("t", func(tx *store.Tx) error {
		if err := tx.Put("note", "1", fields("a", 3)); err != nil {
			return err
		}
		if got := read(tx); got != 3 {
			t.Errorf("inside the write: %d, want 3", got)
		}
		return errRollback
	})
	if err != errRollback {
		t.Fatal(err)
	}
	if got := view(); got != 2 {
		t.Errorf("after a rolled-back write: %d, want 2", got)
	}
	mustPut(t, db, "room", "101", fields("floor", 1))
	if got := view(); got != 2 {
		t.Errorf("after the next write of another kind: %d, want 2", got)
	}
	mustPut(t, db, "note", "1", fields("a", 4))
	if got := view(); got != 4 {
		t.Errorf("after the next write of the note: %d, want 4", got)
	}
}

func TestOpenRebuildsOnlyTheIndexesThatChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	var calls = map[string]int{} // index -> Keys calls
	byField := func(name, field string, version int) store.Index {
		return store.Index{Name: name, Version: version, Keys: func(d store.Doc) []string {
			calls[name]++
			var s string
			_ = json.Unmarshal(d.Field(field), &s)
			return []string{s}
		}}
	}
	open := func(ixs ...store.Index) *store.DB {
		kinds := testKinds()
		kinds[2].Indexes = ixs
		return MustOpenAt(t, path, func(o *store.Options) { o.Kinds = kinds; o.NoSync = true })
	}
	db := open(byField("tag", "tag", 1), byField("colour", "colour", 1), byField("size", "size", 1))
	// More documents than one batch of the rebuild.
	const n = 4500
	err := db.Update("t", func(tx *store.Tx) error {
		for i := range n {
			if err := tx.Put("note", fmt.Sprintf("%05d", i), fields("tag", fmt.Sprintf("t%d", i%7), "colour", "red", "size", "L")); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	clear(calls)
	// tag is unchanged, colour changes version, size is gone.
	db = open(byField("tag", "tag", 1), byField("colour", "size", 2))
	if calls["tag"] != 0 {
		t.Errorf("the unchanged index was recomputed for %d documents", calls["tag"])
	}
	if calls["colour"] != n {
		t.Errorf("the changed index was computed for %d documents, want %d", calls["colour"], n)
	}
	var colours []string
	_ = db.View(func(tx *store.Tx) error {
		return tx.Scan("note", "colour", "", "", func(k, _ string) error {
			if len(colours) == 0 || colours[len(colours)-1] != k {
				colours = append(colours, k)
			}
			return nil
		})
	})
	if !reflect.DeepEqual(colours, []string{"L"}) {
		t.Errorf("the changed index holds keys %v, want [L]", colours)
	}
	mustCheck(t, db) // also: nothing is left of the removed index
	db.Close()

	clear(calls)
	db = open(byField("tag", "tag", 1), byField("colour", "size", 2))
	if len(calls) != 0 {
		t.Errorf("an open with no change recomputed indexes: %v", calls)
	}
}

func TestAnInterruptedIndexRebuildIsRedoneByAnyVersion(t *testing.T) {
	const n = 2500 // more than one batch of the rebuild
	byField := func(name string, failAt int) store.Index {
		return store.Index{Name: name, Keys: func(d store.Doc) []string {
			if d.ID == fmt.Sprintf("%05d", failAt) {
				return []string{"bad\x00key"} // the rebuild stops here, after a committed batch
			}
			var s string
			_ = json.Unmarshal(d.Field("tag"), &s)
			return []string{s}
		}}
	}
	counted := func(ix store.Index) store.Index { ix.Counted = true; return ix }
	tests := []struct {
		name        string
		v1, v2      []store.Index // v2's rebuild fails; v1 opens the file again
		wantEntries map[string]int
	}{
		{"a half-built index that the older version does not declare is deleted",
			[]store.Index{byField("a", -1)}, []store.Index{byField("a", -1), counted(byField("b", n-10))},
			map[string]int{"a": n}},
		{"a half-deleted index that the older version declares is rebuilt",
			[]store.Index{byField("a", -1), byField("b", -1)}, []store.Index{byField("a", -1), byField("p", n-10)},
			map[string]int{"a": n, "b": n}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.db")
			open := func(ixs []store.Index) (*store.DB, error) {
				kinds := testKinds()
				kinds[2].Indexes = ixs
				return store.Open(path, store.Options{Kinds: kinds, NoSync: true})
			}
			db, err := open(tt.v1)
			if err != nil {
				t.Fatal(err)
			}
			err = db.Update("t", func(tx *store.Tx) error {
				for i := range n {
					if err := tx.Put("note", fmt.Sprintf("%05d", i), fields("tag", fmt.Sprintf("t%d", i%3))); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
			if db, err := open(tt.v2); err == nil {
				db.Close()
				t.Fatal("the rebuild with a bad key succeeded")
			}
			db, err = open(tt.v1)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			mustCheck(t, db)
			for index, want := range tt.wantEntries {
				got := 0
				_ = db.View(func(tx *store.Tx) error {
					return tx.Scan("note", index, "", "", func(string, string) error { got++; return nil })
				})
				if got != want {
					t.Errorf("index %s has %d entries, want %d", index, got, want)
				}
			}
		})
	}
}
