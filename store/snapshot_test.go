package store_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"pgregory.net/rapid"

	"innkeep/store"
)

// TestADeskStartedFromASnapshotConvergesWithEveryOther writes ops on
// three desks with partial syncs between them, takes a snapshot of one
// desk at a random moment, and goes on writing. A new desk started from
// the snapshot then receives every op of every desk (those the snapshot
// covers included, in random batches); the writers prune what all of them
// and the new desk hold and sync among themselves. Every desk ends with
// the StateHash of a desk that received every op from the start, and a
// clean Check; a desk that lacks pruned ops is told to start from a
// snapshot.
func TestADeskStartedFromASnapshotConvergesWithEveryOther(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	root := t.TempDir()
	run := 0
	rapid.Check(t, func(rt *rapid.T) {
		run++
		dir := filepath.Join(root, fmt.Sprint(run))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			rt.Fatal(err)
		}
		opts := func(name string, c *skewedClock) store.Options {
			return store.Options{Kinds: testKinds(), Now: c.now, NoSync: true, NodeID: name}
		}
		var closers []*store.DB
		defer func() {
			for _, db := range closers {
				db.Close()
			}
		}()
		open := func(name string, c *skewedClock) *store.DB {
			db, err := store.Open(filepath.Join(dir, name+".db"), opts(name, c))
			if err != nil {
				rt.Fatal(err)
			}
			closers = append(closers, db)
			return db
		}
		clocks := make([]*skewedClock, 3)
		writers := make([]*store.DB, 3)
		for i := range writers {
			skew := time.Duration(rapid.IntRange(-2000, 2000).Draw(rt, "skew")) * time.Millisecond
			clocks[i] = &skewedClock{t: base.Add(skew)}
			writers[i] = open(fmt.Sprintf("w%d", i), clocks[i])
		}
		ids := []string{"a", "b", "c", "d", "e", "f"}
		features := []string{"bath", "view", "desk"}
		lines := 0
		step := func() {
			n := rapid.IntRange(0, 2).Draw(rt, "desk")
			db := writers[n]
			clocks[n].t = clocks[n].t.Add(time.Duration(rapid.IntRange(-3, 5).Draw(rt, "tick")) * time.Millisecond)
			switch rapid.IntRange(0, 9).Draw(rt, "action") {
			case 0, 1, 2, 3, 4:
				id := rapid.SampledFrom(ids).Draw(rt, "id")
				f := map[string]json.RawMessage{}
				if rapid.Bool().Draw(rt, "floor") {
					f["floor"], _ = json.Marshal(rapid.IntRange(0, 3).Draw(rt, "floor value"))
				}
				if rapid.Bool().Draw(rt, "features") {
					f["features"], _ = json.Marshal(rapid.SliceOfDistinct(rapid.SampledFrom(features), rapid.ID[string]).Draw(rt, "feature list"))
				}
				if len(f) == 0 {
					f["name"], _ = json.Marshal(rapid.SampledFrom([]string{"x", "y", "z"}).Draw(rt, "name"))
				}
				mustPutR(rt, db, "room", id, f)
			case 5:
				id := rapid.SampledFrom(ids).Draw(rt, "id")
				err := db.Update("t", func(tx *store.Tx) error { return tx.Delete("room", id) })
				if err != nil && store.ErrorCode(err) != store.ENOTFOUND {
					rt.Fatal(err)
				}
			case 6:
				lines++
				mustPutR(rt, db, "line", fmt.Sprintf("l%d", lines), map[string]json.RawMessage{"amount": json.RawMessage(fmt.Sprint(lines))})
			default:
				src := writers[rapid.IntRange(0, 2).Draw(rt, "src")]
				if src == db {
					return
				}
				have, _ := db.VersionVector()
				ops, err := src.OpsSince(have, rapid.IntRange(1, 10).Draw(rt, "page"))
				if err != nil {
					rt.Fatal(err)
				}
				if _, err := db.ApplyRemote(ops); err != nil {
					rt.Fatal(err)
				}
			}
		}
		before := rapid.IntRange(0, 40).Draw(rt, "steps before the snapshot")
		for s := 0; s < before; s++ {
			step()
		}
		source := rapid.IntRange(0, 2).Draw(rt, "snapshot of")
		var snap bytes.Buffer
		info, err := writers[source].Snapshot(&snap)
		if err != nil {
			rt.Fatal(err)
		}
		after := rapid.IntRange(0, 40).Draw(rt, "steps after the snapshot")
		for s := 0; s < after; s++ {
			step()
		}

		// Every op each desk wrote, before anything is pruned.
		logs := map[string][]store.Op{}
		var origins []string
		for _, db := range writers {
			all, err := db.OpsSince(store.VersionVector{}, 1<<20)
			if err != nil {
				rt.Fatal(err)
			}
			for _, op := range all {
				if op.Origin == db.NodeID() {
					logs[op.Origin] = append(logs[op.Origin], op)
				}
			}
			origins = append(origins, db.NodeID())
		}
		sort.Strings(origins)

		// The new desk, then every op in random batches.
		nc := &skewedClock{t: base.Add(time.Minute)}
		fresh, err := store.OpenFromSnapshot(filepath.Join(dir, "new.db"), bytes.NewReader(snap.Bytes()), opts("new", nc))
		if err != nil {
			rt.Fatal(err)
		}
		closers = append(closers, fresh)
		if vv, _ := fresh.VersionVector(); !equalVV(vv, info.Vector) {
			rt.Fatalf("new desk's vector %v, snapshot's %v", vv, info.Vector)
		}
		if err := fresh.Check(); err != nil {
			rt.Fatalf("new desk right after the snapshot: %v", err)
		}
		reference := open("ref", &skewedClock{t: base.Add(time.Minute)})
		for _, db := range []*store.DB{fresh, reference} {
			next := map[string]int{}
			for {
				var open []string
				for _, o := range origins {
					if next[o] < len(logs[o]) {
						open = append(open, o)
					}
				}
				if len(open) == 0 {
					break
				}
				o := rapid.SampledFrom(open).Draw(rt, "origin")
				to := min(len(logs[o]), next[o]+rapid.IntRange(1, 8).Draw(rt, "size"))
				if _, err := db.ApplyRemote(logs[o][next[o]:to]); err != nil {
					rt.Fatalf("deliver to %s: %v", db.NodeID(), err)
				}
				next[o] = to
			}
		}

		// The writers prune what all desks hold, then sync.
		known := []store.VersionVector{}
		for _, db := range append([]*store.DB{fresh}, writers...) {
			vv, _ := db.VersionVector()
			known = append(known, vv)
		}
		pruned := 0
		for _, db := range writers {
			if rapid.Bool().Draw(rt, "prune") {
				res, err := db.Prune(known)
				if err != nil {
					rt.Fatal(err)
				}
				pruned += res.Deleted
				if res.Deleted > 0 {
					_, err := db.OpsSince(store.VersionVector{}, 10)
					var pe *store.PrunedError
					if !errors.As(err, &pe) || store.ErrorCode(err) != store.ECONFLICT {
						rt.Fatalf("a desk that lacks pruned ops was answered %v", err)
					}
				}
			}
		}
		syncAll(rt, writers...)

		// The new desk writes; its ops reach every other desk.
		mustPutR(rt, fresh, "note", "from the new desk", map[string]json.RawMessage{"text": json.RawMessage(`"hello"`)})
		for _, db := range append(writers, reference) {
			syncAll(rt, db, fresh)
		}
		want, _ := reference.StateHash()
		for _, db := range append(writers, fresh) {
			if h, _ := db.StateHash(); h != want {
				rt.Fatalf("%s's state differs from the reference's (snapshot of %s with %d documents, %d ops pruned)", db.NodeID(), writers[source].NodeID(), info.Documents, pruned)
			}
			if err := db.Check(); err != nil {
				rt.Fatalf("%s: %v", db.NodeID(), err)
			}
		}
	})
}

func equalVV(a, b store.VersionVector) bool {
	for o, n := range a {
		if b[o] != n {
			return false
		}
	}
	for o, n := range b {
		if a[o] != n {
			return false
		}
	}
	return true
}

// syncAll lets every desk pull, in pages, what each other desk holds.
func syncAll(t interface{ Fatal(...any) }, dbs ...*store.DB) {
	for _, dst := range dbs {
		for _, src := range dbs {
			for src != dst {
				have, err := dst.VersionVector()
				if err != nil {
					t.Fatal(err)
				}
				ops, err := src.OpsSince(have, 7)
				if err != nil {
					t.Fatal(err)
				}
				if len(ops) == 0 {
					break
				}
				if _, err := dst.ApplyRemote(ops); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func TestPruningDeletesOnlyOpsEveryKnownDeskHolds(t *testing.T) {
	a, b, c := MustOpen(t), MustOpen(t), MustOpen(t)
	for i := range 10 {
		mustPut(t, a, "room", fmt.Sprint(i%3), fields("floor", i))
	}
	mustPut(t, c, "note", "c1", fields("text", "from c"))
	syncAll(t, a, c)
	ops, err := a.OpsSince(store.VersionVector{c.NodeID(): 1}, 4)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.ApplyRemote(ops); err != nil { // b holds 4 of a's 10 ops, none of c's
		t.Fatal(err)
	}
	hash, _ := a.StateHash()
	va, _ := a.VersionVector()
	vb, _ := b.VersionVector()
	vc, _ := c.VersionVector()
	res, err := a.Prune([]store.VersionVector{va, vb, vc})
	if err != nil {
		t.Fatal(err)
	}
	if res.Deleted != 4 || res.Floor[a.NodeID()] != 4 || res.Floor[c.NodeID()] != 0 {
		t.Fatalf("prune = %+v, want a's first 4 ops only (b lacks the rest, and all of c's)", res)
	}
	if h, _ := a.StateHash(); h != hash {
		t.Errorf("pruning changed the documents")
	}
	mustCheck(t, a)

	// b catches up from a; a desk that lacks pruned ops is told to start
	// from a snapshot, and does.
	syncAll(t, a, b)
	if h, _ := b.StateHash(); h != hash {
		t.Errorf("b after catching up differs from a")
	}
	fresh := MustOpen(t)
	_, err = a.OpsSince(store.VersionVector{}, 100)
	var pe *store.PrunedError
	if store.ErrorCode(err) != store.ECONFLICT || !errors.As(err, &pe) || pe.Origin != a.NodeID() || pe.Have != 0 || pe.Pruned != 4 {
		t.Fatalf("ops for a desk that lacks pruned ones: %v (%+v), want a PrunedError for ops 1 to 4 of a", err, pe)
	}
	var snap bytes.Buffer
	if _, err := a.Snapshot(&snap); err != nil {
		t.Fatal(err)
	}
	fresh.Close()
	path := filepath.Join(t.TempDir(), "innkeep.db")
	d, err := store.OpenFromSnapshot(path, &snap, store.Options{Kinds: testKinds()})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	mustPut(t, a, "room", "9", fields("floor", 9)) // after the snapshot
	syncAll(t, a, d)
	if ha, hd := mustHash(t, a), mustHash(t, d); ha != hd {
		t.Errorf("the desk started from the snapshot differs after catching up")
	}
	for _, db := range []*store.DB{a, b, d} {
		mustCheck(t, db)
	}
	// Pruning again with the same vectors deletes nothing more.
	if res, err := a.Prune([]store.VersionVector{va, vb, vc}); err != nil || res.Deleted != 0 {
		t.Errorf("second prune: %+v, %v", res, err)
	}
}

func mustHash(tb testing.TB, db *store.DB) string {
	tb.Helper()
	h, err := db.StateHash()
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

func TestDamagedOrForeignSnapshotsAreRefusedAndLeaveNoStore(t *testing.T) {
	src := MustOpen(t)
	for i := range 20 {
		mustPut(t, src, "room", fmt.Sprint(i), fields("floor", i%4, "features", []string{"bath"}))
	}
	var buf bytes.Buffer
	info, err := src.Snapshot(&buf)
	if err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	if int64(len(good)) != info.Bytes || info.Documents != 20 {
		t.Fatalf("info %+v for %d bytes", info, len(good))
	}
	flip := func(at int) []byte {
		b := bytes.Clone(good)
		b[at] ^= 0x20
		return b
	}
	oneMigration := func(o *store.Options) {
		o.Migrations = []store.Migration{{Version: 1, Name: "one", Run: func(*store.Tx) error { return nil }}}
	}
	for _, tc := range []struct {
		name string
		data []byte
		mod  func(*store.Options)
		want string
	}{
		{"empty", nil, nil, "not an Innkeep snapshot"},
		{"another file", []byte("SQLite format 3\x00 and more"), nil, "not an Innkeep snapshot"},
		{"cut in the header", good[:30], nil, "truncated"},
		{"cut among the documents", good[:len(good)/2], nil, "truncated"},
		{"cut before the digest", good[:len(good)-32], nil, "truncated"},
		{"cut in the digest", good[:len(good)-5], nil, "truncated"},
		{"a byte changed in a document", flip(len(good) / 2), nil, "damaged"},
		{"a byte changed in the digest", flip(len(good) - 1), nil, "damaged"},
		{"bytes after the digest", append(bytes.Clone(good), 0), nil, "damaged"},
		{"of an older schema", good, oneMigration, "update Innkeep there"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "innkeep.db")
			opts := store.Options{Kinds: testKinds()}
			if tc.mod != nil {
				tc.mod(&opts)
			}
			db, err := store.OpenFromSnapshot(path, bytes.NewReader(tc.data), opts)
			if err == nil {
				db.Close()
				t.Fatal("the snapshot was taken")
			}
			if store.ErrorCode(err) != store.EINVALID || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
				t.Errorf("error %v, want invalid and %q", err, tc.want)
			}
			entries, _ := os.ReadDir(filepath.Dir(path))
			if len(entries) != 0 {
				t.Errorf("a refused snapshot left %d files behind (%s)", len(entries), entries[0].Name())
			}
		})
	}
	t.Run("over an existing store", func(t *testing.T) {
		_, err := store.OpenFromSnapshot(src.Path(), bytes.NewReader(good), store.Options{Kinds: testKinds()})
		if store.ErrorCode(err) != store.ECONFLICT {
			t.Errorf("error %v, want conflict", err)
		}
	})
	t.Run("of a kind this program does not declare", func(t *testing.T) {
		kinds := testKinds()[1:] // no rooms
		_, err := store.OpenFromSnapshot(filepath.Join(t.TempDir(), "innkeep.db"), bytes.NewReader(good), store.Options{Kinds: kinds})
		if store.ErrorCode(err) != store.EINVALID || !bytes.Contains([]byte(err.Error()), []byte(`kind "room"`)) {
			t.Errorf("error %v, want the unknown kind named", err)
		}
	})
}

func TestAStoreFromASnapshotHasItsOwnNodeIDAndTheSourcesIndexes(t *testing.T) {
	src := MustOpen(t)
	mustPut(t, src, "room", "101", fields("floor", 1, "features", []string{"bath", "view"}))
	mustPut(t, src, "room", "102", fields("floor", 1, "features", []string{"bath"}))
	mustPut(t, src, "room", "103", fields("floor", 2))
	if err := src.Update("t", func(tx *store.Tx) error { return tx.Delete("room", "103") }); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := src.Snapshot(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "innkeep.db")
	if _, err := store.OpenFromSnapshot(path, bytes.NewReader(buf.Bytes()), store.Options{Kinds: testKinds(), NodeID: src.NodeID()}); store.ErrorCode(err) != store.EINVALID {
		t.Errorf("a new store with the source's node id: %v", err)
	}
	db, err := store.OpenFromSnapshot(path, bytes.NewReader(buf.Bytes()), store.Options{Kinds: testKinds()})
	if err != nil {
		t.Fatal(err)
	}
	if db.NodeID() == src.NodeID() {
		t.Errorf("the new store took the source's node id")
	}
	if mustHash(t, db) != mustHash(t, src) {
		t.Errorf("the new store's documents differ from the source's")
	}
	err = db.View(func(tx *store.Tx) error {
		got := map[string]int{}
		if err := tx.Counts("room", "feature", "", "", func(k string, n int) error { got[k] = n; return nil }); err != nil {
			return err
		}
		if got["bath"] != 2 || got["view"] != 1 || len(got) != 2 || tx.Count("room") != 2 {
			t.Errorf("counts %v, live rooms %d", got, tx.Count("room"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	mustCheck(t, db)
	// It opens again as itself.
	id := db.NodeID()
	db.Close()
	again := MustOpenAt(t, path)
	if again.NodeID() != id || again.PreviousNodeID() != "" {
		t.Errorf("reopened as %s (previously %q), want %s", again.NodeID(), again.PreviousNodeID(), id)
	}
}

// FuzzOpenFromSnapshot feeds damaged snapshots to OpenFromSnapshot: it
// must refuse them with an error (never panic), leave no file behind, and
// whatever it takes must pass Check.
func FuzzOpenFromSnapshot(f *testing.F) {
	src := MustOpen(f)
	mustPut(f, src, "room", "101", fields("floor", 1, "features", []string{"bath"}))
	mustPut(f, src, "note", "n", fields("text", "hello"))
	var buf bytes.Buffer
	if _, err := src.Snapshot(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:40])
	f.Add([]byte("INNKEEP-SNAPSHOTH\x02{}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		db, err := store.OpenFromSnapshot(filepath.Join(dir, "innkeep.db"), bytes.NewReader(b), store.Options{Kinds: testKinds(), NoSync: true})
		if err != nil {
			if entries, _ := os.ReadDir(dir); len(entries) != 0 {
				t.Fatalf("a refused snapshot left %s behind", entries[0].Name())
			}
			return
		}
		defer db.Close()
		if err := db.Check(); err != nil {
			t.Fatalf("a store from a snapshot that was taken: %v", err)
		}
	})
}

// snapshotFrames splits a snapshot into its magic, its frames (type and
// payload) and its digest, for tests that rebuild one as a forger would.
func snapshotFrames(t *testing.T, b []byte) (magic []byte, frames [][2][]byte) {
	t.Helper()
	magic, rest := b[:16], b[16:len(b)-32]
	for len(rest) > 0 {
		typ := rest[0]
		n, k := binary.Uvarint(rest[1:])
		if k <= 0 {
			t.Fatal("bad frame")
		}
		start := 1 + k
		frames = append(frames, [2][]byte{{typ}, rest[start : start+int(n)]})
		rest = rest[start+int(n):]
	}
	return magic, frames
}

// forgeSnapshot joins magic and frames and signs them with a fresh digest.
func forgeSnapshot(magic []byte, frames [][2][]byte) []byte {
	out := bytes.Clone(magic)
	for _, f := range frames {
		out = append(out, f[0][0])
		out = binary.AppendUvarint(out, uint64(len(f[1])))
		out = append(out, f[1]...)
	}
	sum := sha256.Sum256(out)
	return append(out, sum[:]...)
}

// TestASnapshotWithADocumentTwiceOrAClockAheadIsRefused: a snapshot whose
// digest is right but that lists a document twice (which would count it
// twice), or whose clock is ahead of this computer's by more than the
// allowed drift, is refused and leaves nothing behind.
func TestASnapshotWithADocumentTwiceOrAClockAheadIsRefused(t *testing.T) {
	src := MustOpen(t)
	for i := range 3 {
		mustPut(t, src, "room", fmt.Sprint(i), fields("floor", i, "features", []string{"bath"}))
	}
	var buf bytes.Buffer
	if _, err := src.Snapshot(&buf); err != nil {
		t.Fatal(err)
	}
	magic, frames := snapshotFrames(t, buf.Bytes())
	var twice [][2][]byte
	for i, f := range frames {
		twice = append(twice, f)
		if f[0][0] == 'D' && (i+1 < len(frames) && frames[i+1][0][0] == 'E') {
			twice = append(twice, f) // the last document again
		}
		if f[0][0] == 'E' {
			twice[len(twice)-1] = [2][]byte{{'E'}, binary.AppendUvarint(nil, 4)}
		}
	}
	ahead := MustOpen(t, func(o *store.Options) { o.Now = func() time.Time { return time.Now().Add(time.Hour) } })
	mustPut(t, ahead, "room", "1", fields("floor", 1))
	var fast bytes.Buffer
	if _, err := ahead.Snapshot(&fast); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"a document twice": forgeSnapshot(magic, twice), "a clock an hour ahead": fast.Bytes()} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "innkeep.db")
			db, err := store.OpenFromSnapshot(path, bytes.NewReader(data), store.Options{Kinds: testKinds()})
			if err == nil {
				db.Close()
				t.Fatal("the snapshot was taken")
			}
			if store.ErrorCode(err) != store.EINVALID {
				t.Errorf("error %v, want invalid", err)
			}
			if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 0 {
				t.Errorf("a refused snapshot left %d files behind", len(entries))
			}
		})
	}
	// The forger's tools are right: the untouched frames, signed again, load.
	db, err := store.OpenFromSnapshot(filepath.Join(t.TempDir(), "innkeep.db"), bytes.NewReader(forgeSnapshot(magic, frames)), store.Options{Kinds: testKinds()})
	if err != nil {
		t.Fatalf("a snapshot rebuilt from its own frames: %v", err)
	}
	db.Close()
}
