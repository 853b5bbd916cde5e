package store_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"innkeep/store"
)

// TestNoWriteAfterABatchCommitsCanBeStampedBelowIt checks that the clock
// has seen a remote op's stamp while the batch that merges it is still
// open: the first write that can read the merged value begins after that
// commit, and must be stamped above it. An index function is the one piece
// of the caller's code that runs inside ApplyRemote's transaction; it
// compares every document it is handed with the clock.
func TestNoWriteAfterABatchCommitsCanBeStampedBelowIt(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	now, _ := fixedClock(base)
	var db *store.DB
	var unseen []store.Timestamp
	kinds := []store.Kind{{Name: "room", Indexes: []store.Index{{Name: "probe", Keys: func(d store.Doc) []string {
		if last := db.Clock().Last(); last < d.Updated {
			unseen = append(unseen, d.Updated)
		}
		return nil
	}}}}}
	db = MustOpen(t, func(o *store.Options) { o.Kinds = kinds; o.Now = now; o.NodeID = "b" })

	ahead := store.MakeTimestamp(base.Add(2*time.Second), 0)
	ops := []store.Op{{Origin: "a", Seq: 1, HLC: ahead, Kind: "room", ID: "101", Fields: fields("name", "from a")}}
	if _, err := db.ApplyRemote(ops); err != nil {
		t.Fatal(err)
	}
	if len(unseen) > 0 {
		t.Fatalf("ApplyRemote merged stamps %v that its clock had not observed before the commit; a write right after it is stamped lower and loses", unseen)
	}
	mustPut(t, db, "room", "101", fields("name", "from b"))
	if got := readField(t, db, "room", "101", "name"); got != `"from b"` {
		t.Fatalf("the local write after the merge reads back %s", got)
	}
}

// TestALaterWriteWinsOverAFastDesksEarlierOne: desk A's clock runs 2 s
// ahead; A writes a field, B receives it and then writes the same field.
// B's write came later, so it wins on both desks, although B's wall clock
// is behind A's stamp.
func TestALaterWriteWinsOverAFastDesksEarlierOne(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	nowA, _ := fixedClock(base.Add(2 * time.Second))
	nowB, advanceB := fixedClock(base)
	dir := t.TempDir()
	a := MustOpenAt(t, filepath.Join(dir, "a.db"), func(o *store.Options) { o.Now = nowA; o.NodeID = "a"; o.NoSync = true })
	b := MustOpenAt(t, filepath.Join(dir, "b.db"), func(o *store.Options) { o.Now = nowB; o.NodeID = "b"; o.NoSync = true })

	mustPut(t, a, "room", "101", fields("name", "Garden"))
	syncFrom(t, b, a)
	advanceB(10 * time.Millisecond)
	mustPut(t, b, "room", "101", fields("name", "Sea view"))
	syncFrom(t, a, b)

	for _, db := range []*store.DB{a, b} {
		if got := readField(t, db, "room", "101", "name"); got != `"Sea view"` {
			t.Errorf("desk %s reads name %s; the later write (desk b's) must win", db.NodeID(), got)
		}
	}
}

// syncFrom applies to dst every op of src that dst lacks.
func syncFrom(tb testing.TB, dst, src *store.DB) {
	tb.Helper()
	have, err := dst.VersionVector()
	if err != nil {
		tb.Fatal(err)
	}
	ops, err := src.OpsSince(have, 1<<20)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := dst.ApplyRemote(ops); err != nil {
		tb.Fatal(err)
	}
}

// readField returns the raw JSON of one field of a live document.
func readField(tb testing.TB, db *store.DB, kind, id, field string) string {
	tb.Helper()
	var v json.RawMessage
	err := db.View(func(tx *store.Tx) error {
		d, err := tx.Get(kind, id)
		v = d.Field(field)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return string(v)
}
