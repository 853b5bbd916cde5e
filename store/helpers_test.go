package store_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"innkeep/store"
)

// testKinds declares the kinds the tests use: "room" with an index on its
// floor and a counted index with one key per feature, an append-only
// "line" ledger and plain "note"s.
func testKinds() []store.Kind {
	return []store.Kind{
		{Name: "room", Indexes: []store.Index{
			{Name: "floor", Keys: func(d store.Doc) []string {
				var f int
				if json.Unmarshal(d.Field("floor"), &f) != nil {
					return nil
				}
				return []string{pad(f)}
			}},
			{Name: "feature", Counted: true, Keys: func(d store.Doc) []string {
				var fs []string
				_ = json.Unmarshal(d.Field("features"), &fs)
				return fs
			}},
		}},
		{Name: "line", AppendOnly: true},
		{Name: "note"},
	}
}

func pad(n int) string {
	s := strings.Repeat("0", 6) + itoa(n)
	return s[len(s)-6:]
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// MustOpen opens a store with the test kinds in a new temp dir and closes
// it when the test ends.
func MustOpen(tb testing.TB, mods ...func(*store.Options)) *store.DB {
	tb.Helper()
	return MustOpenAt(tb, filepath.Join(tb.TempDir(), "innkeep.db"), mods...)
}

// MustOpenAt opens the store file at path with the test kinds.
func MustOpenAt(tb testing.TB, path string, mods ...func(*store.Options)) *store.DB {
	tb.Helper()
	opts := store.Options{Kinds: testKinds()}
	for _, m := range mods {
		m(&opts)
	}
	db, err := store.Open(path, opts)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// fields builds a field map from name/value pairs given as Go values.
func fields(kv ...any) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	for i := 0; i < len(kv); i += 2 {
		b, err := json.Marshal(kv[i+1])
		if err != nil {
			panic(err)
		}
		m[kv[i].(string)] = b
	}
	return m
}

// fixedClock returns a clock function that starts at t and moves only when
// the returned advance function is called.
func fixedClock(t time.Time) (now func() time.Time, advance func(time.Duration)) {
	cur := t
	return func() time.Time { return cur }, func(d time.Duration) { cur = cur.Add(d) }
}

func mustPut(tb testing.TB, db *store.DB, kind, id string, f map[string]json.RawMessage) {
	tb.Helper()
	if err := db.Update("test", func(tx *store.Tx) error { return tx.Put(kind, id, f) }); err != nil {
		tb.Fatalf("put %s/%s: %v", kind, id, err)
	}
}

func mustCheck(tb testing.TB, db *store.DB) {
	tb.Helper()
	if err := db.Check(); err != nil {
		tb.Fatalf("check: %v", err)
	}
}

func allOps(tb testing.TB, db *store.DB) []store.Op {
	tb.Helper()
	ops, err := db.OpsSince(store.VersionVector{}, 1<<30)
	if err != nil {
		tb.Fatal(err)
	}
	return ops
}
