package store_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"pgregory.net/rapid"

	"innkeep/store"
)

// stayKinds declares a kind whose dates and room are one register and
// whose roles and periods are sets, with a counted index over a set.
func stayKinds() []store.Kind {
	return []store.Kind{{
		Name:   "stay",
		Groups: [][]string{{"check_in", "check_out", "room"}},
		Sets:   []string{"tags", "periods"},
		Indexes: []store.Index{{Name: "tag", Counted: true, Keys: func(d store.Doc) []string {
			var tags []string
			_ = json.Unmarshal(d.Field("tags"), &tags)
			return tags
		}}},
	}}
}

// openStay opens a desk whose clock moves 1 ms at every reading, from a
// start shared by all desks, so that a write made later in a test is
// stamped later whichever desk makes it.
func openStay(tb testing.TB, node string) *store.DB {
	tb.Helper()
	return MustOpen(tb, func(o *store.Options) {
		o.Kinds = stayKinds()
		o.NodeID = node
		o.NoSync = true
		o.Now = sharedTicks
	})
}

var ticks atomic.Int64

// sharedTicks is a clock that every desk of a test reads: each reading is
// 1 ms after the one before.
func sharedTicks() time.Time {
	return time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(ticks.Add(1)) * time.Millisecond)
}

// swapAll gives each store every op the other holds.
func swapAll(tb testing.TB, dbs ...*store.DB) {
	tb.Helper()
	for _, from := range dbs {
		ops := allOps(tb, from)
		for _, to := range dbs {
			if to == from {
				continue
			}
			if _, err := to.ApplyRemote(ops); err != nil {
				tb.Fatalf("apply: %v", err)
			}
		}
	}
}

func readStay(tb testing.TB, db *store.DB, id string) map[string]json.RawMessage {
	tb.Helper()
	var f map[string]json.RawMessage
	if err := db.View(func(tx *store.Tx) error {
		d, err := tx.Get("stay", id)
		f = d.Fields
		return err
	}); err != nil {
		tb.Fatal(err)
	}
	return f
}

func sameHash(tb testing.TB, dbs ...*store.DB) string {
	tb.Helper()
	var first string
	for i, db := range dbs {
		h, err := db.StateHash()
		if err != nil {
			tb.Fatal(err)
		}
		if i == 0 {
			first = h
		} else if h != first {
			tb.Fatalf("store %d has state %s, store 0 has %s", i, h, first)
		}
	}
	return first
}

func TestGroupedFieldsMergeAsOneRegister(t *testing.T) {
	for _, laterMoves := range []bool{false, true} {
		t.Run(fmt.Sprintf("later write moves the stay=%v", laterMoves), func(t *testing.T) {
			a, b := openStay(t, "a"), openStay(t, "b")
			mustPut(t, a, "stay", "r1", fields("check_in", "2026-12-05", "check_out", "2026-12-08", "room", "101", "note", "x"))
			swapAll(t, a, b)
			move := func() { mustPut(t, a, "stay", "r1", fields("check_in", "2026-12-20", "check_out", "2026-12-22")) }
			shorten := func() { mustPut(t, b, "stay", "r1", fields("check_out", "2026-12-06")) }
			if laterMoves {
				shorten()
				move()
			} else {
				move()
				shorten()
			}
			swapAll(t, a, b)
			sameHash(t, a, b)
			got := readStay(t, a, "r1")
			in, out := string(got["check_in"]), string(got["check_out"])
			if in >= out {
				t.Fatalf("merged stay runs from %s to %s: the merge mixed two writes", in, out)
			}
			want := [2]string{`"2026-12-05"`, `"2026-12-06"`}
			if laterMoves {
				want = [2]string{`"2026-12-20"`, `"2026-12-22"`}
			}
			if [2]string{in, out} != want {
				t.Errorf("stay = %s..%s, want the later write whole, %s..%s", in, out, want[0], want[1])
			}
			if string(got["room"]) != `"101"` || string(got["note"]) != `"x"` {
				t.Errorf("fields the writes did not give changed: room %s note %s", got["room"], got["note"])
			}
		})
	}
}

func TestSetFieldsKeepConcurrentEdits(t *testing.T) {
	a, b, c := openStay(t, "a"), openStay(t, "b"), openStay(t, "c")
	mustPut(t, a, "stay", "r1", fields("tags", []string{"vip", "late"}))
	swapAll(t, a, b, c)
	mustPut(t, a, "stay", "r1", fields("tags", []string{"vip", "late", "quiet"})) // adds quiet
	mustPut(t, b, "stay", "r1", fields("tags", []string{"late"}))                 // removes vip
	mustPut(t, c, "stay", "r1", fields("tags", []string{"vip", "late", "crib"}))  // adds crib
	swapAll(t, c, b, a)
	swapAll(t, a, b, c)
	sameHash(t, a, b, c)
	var tags []string
	if err := json.Unmarshal(readStay(t, a, "r1")["tags"], &tags); err != nil {
		t.Fatal(err)
	}
	sort.Strings(tags)
	if want := []string{"crib", "late", "quiet"}; !slices.Equal(tags, want) {
		t.Fatalf("tags = %v, want %v: every desk's add and remove kept", tags, want)
	}
	for _, db := range []*store.DB{a, b, c} {
		mustCheck(t, db)
	}
}

func TestSetFieldRefusesNonArrayAndClearsWithNull(t *testing.T) {
	a := openStay(t, "a")
	mustPut(t, a, "stay", "r1", fields("tags", []string{"vip"}, "note", "n"))
	err := a.Update("t", func(tx *store.Tx) error { return tx.Put("stay", "r1", fields("tags", "vip")) })
	if store.ErrorCode(err) != store.EINVALID {
		t.Fatalf("a string for a set: err = %v, want EINVALID", err)
	}
	mustPut(t, a, "stay", "r1", map[string]json.RawMessage{"tags": json.RawMessage("null")})
	if v := readStay(t, a, "r1")["tags"]; string(v) != "[]" {
		t.Fatalf("cleared set reads %s, want []", v)
	}
	// Writing the same elements in another order changes nothing.
	mustPut(t, a, "stay", "r1", fields("tags", []string{"b", "a"}))
	n := len(allOps(t, a))
	mustPut(t, a, "stay", "r1", fields("tags", []string{"a", "b", "a"}))
	if got := len(allOps(t, a)); got != n {
		t.Fatalf("rewriting a set with its own elements wrote %d ops", got-n)
	}
	mustCheck(t, a)
}

func TestRemoteSetOpsAreValidated(t *testing.T) {
	a := openStay(t, "a")
	bad := []store.Op{
		{Origin: "z", Seq: 1, HLC: 1, Kind: "stay", ID: "r", Sets: map[string]store.SetChange{"tags": {}}},
		{Origin: "z", Seq: 1, HLC: 1, Kind: "stay", ID: "r", Sets: map[string]store.SetChange{"tags": {Add: []json.RawMessage{json.RawMessage("{")}}}},
		{Origin: "z", Seq: 1, HLC: 1, Kind: "stay", ID: "r", Sets: map[string]store.SetChange{"tags": {Add: []json.RawMessage{json.RawMessage(`"a"`)}, Remove: []json.RawMessage{json.RawMessage(` "a"`)}}}},
		{Origin: "z", Seq: 1, HLC: 1, Kind: "stay", ID: "r", Deleted: true, Sets: map[string]store.SetChange{"tags": {Add: []json.RawMessage{json.RawMessage(`"a"`)}}}},
		{Origin: "z", Seq: 1, HLC: 1, Kind: "stay", ID: "r", Fields: fields("tags", []string{"a"}), Sets: map[string]store.SetChange{"tags": {Add: []json.RawMessage{json.RawMessage(`"b"`)}}}},
	}
	for i, op := range bad {
		if _, err := a.ApplyRemote([]store.Op{op}); store.ErrorCode(err) != store.EINVALID {
			t.Errorf("op %d: err = %v, want EINVALID", i, err)
		}
	}
	if len(allOps(t, a)) != 0 {
		t.Fatal("a refused op was applied")
	}
}

func TestOpsWithSetsTravelAsJSON(t *testing.T) {
	a, b := openStay(t, "a"), openStay(t, "b")
	mustPut(t, a, "stay", "r1", fields("tags", []string{"x", "y"}, "check_in", "2026-01-01", "check_out", "2026-01-02"))
	mustPut(t, a, "stay", "r1", fields("tags", []string{"y", "z"}))
	var wire []store.Op
	for _, op := range allOps(t, a) {
		enc, err := op.Encode()
		if err != nil {
			t.Fatal(err)
		}
		back, err := store.DecodeOp(enc)
		if err != nil {
			t.Fatalf("decode %s: %v", enc, err)
		}
		wire = append(wire, back)
	}
	if _, err := b.ApplyRemote(wire); err != nil {
		t.Fatal(err)
	}
	sameHash(t, a, b)
	// Delivering the batch again is harmless: the held ops are the same.
	if n, err := b.ApplyRemote(wire); err != nil || n != 0 {
		t.Fatalf("second delivery: n=%d err=%v", n, err)
	}
}

// stayDesk is one desk of the property test.
type stayDesk struct {
	db  *store.DB
	ops []store.Op // ops this desk wrote, in order
}

// TestRegistersAndSetsConverge writes random grouped fields, sets, plain
// fields and deletions on three desks, delivers ops in random prefixes, and
// checks that every desk converges to one state, that every stay keeps
// check_in < check_out, and that indexes and counts stay true.
func TestRegistersAndSetsConverge(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		desks := make([]*stayDesk, 3)
		for i := range desks {
			desks[i] = &stayDesk{db: openStay(t, string(rune('a'+i)))}
		}
		ids := []string{"r1", "r2", "r3"}
		tagPool := []string{"vip", "late", "quiet", "crib", "sea"}
		steps := rapid.IntRange(1, 40).Draw(rt, "steps")
		for s := 0; s < steps; s++ {
			d := desks[rapid.IntRange(0, 2).Draw(rt, "desk")]
			id := rapid.SampledFrom(ids).Draw(rt, "id")
			cur := readIfLive(rt, d.db, id)
			var f map[string]json.RawMessage
			switch rapid.IntRange(0, 5).Draw(rt, "what") {
			case 0: // move the whole stay
				in := rapid.IntRange(1, 20).Draw(rt, "in")
				f = fields("check_in", day(in), "check_out", day(in+rapid.IntRange(1, 5).Draw(rt, "len")), "room", rapid.SampledFrom([]string{"101", "102"}).Draw(rt, "room"))
			case 1: // change only the departure, after the current arrival
				in := 1
				var s string
				if json.Unmarshal(cur["check_in"], &s) == nil && s != "" {
					fmt.Sscanf(s, "2026-12-%02d", &in)
				}
				f = fields("check_out", day(in+rapid.IntRange(1, 5).Draw(rt, "len")))
			case 2: // rewrite the tags
				f = fields("tags", rapid.SliceOfNDistinct(rapid.SampledFrom(tagPool), 0, 4, rapid.ID[string]).Draw(rt, "tags"))
			case 3:
				f = fields("note", rapid.StringMatching(`[a-z]{0,3}`).Draw(rt, "note"))
			case 4:
				f = map[string]json.RawMessage{"tags": json.RawMessage("null")}
			case 5:
				if cur != nil {
					if err := d.db.Update("t", func(tx *store.Tx) error { return tx.Delete("stay", id) }); err != nil {
						rt.Fatal(err)
					}
					break
				}
				f = fields("note", "new")
			}
			if f != nil {
				if cur == nil {
					if _, ok := f["check_in"]; !ok {
						f["check_in"], f["check_out"] = json.RawMessage(`"2026-12-01"`), json.RawMessage(`"2026-12-02"`)
					}
				}
				if err := d.db.Update("t", func(tx *store.Tx) error { return tx.Put("stay", id, f) }); err != nil {
					rt.Fatalf("put %v: %v", f, err)
				}
			}
			// Random partial delivery: one desk pulls a prefix of another's ops.
			if rapid.Bool().Draw(rt, "deliver") {
				from := desks[rapid.IntRange(0, 2).Draw(rt, "from")]
				to := desks[rapid.IntRange(0, 2).Draw(rt, "to")]
				if from != to {
					ops := allOpsOf(rt, from.db)
					n := rapid.IntRange(0, len(ops)).Draw(rt, "n")
					if _, err := to.db.ApplyRemote(ops[:n]); err != nil {
						rt.Fatalf("apply: %v", err)
					}
				}
			}
		}
		for round := 0; round < 2; round++ {
			for _, from := range desks {
				for _, to := range desks {
					if from != to {
						if _, err := to.db.ApplyRemote(allOpsOf(rt, from.db)); err != nil {
							rt.Fatal(err)
						}
					}
				}
			}
		}
		var hashes []string
		for _, d := range desks {
			h, err := d.db.StateHash()
			if err != nil {
				rt.Fatal(err)
			}
			hashes = append(hashes, h)
			if err := d.db.Check(); err != nil {
				rt.Fatalf("check: %v", err)
			}
			for _, id := range ids {
				f := readIfLive(rt, d.db, id)
				if f == nil {
					continue
				}
				var in, out string
				_ = json.Unmarshal(f["check_in"], &in)
				_ = json.Unmarshal(f["check_out"], &out)
				if in >= out {
					rt.Fatalf("%s: stay %q..%q breaks check_in < check_out", id, in, out)
				}
			}
		}
		if hashes[0] != hashes[1] || hashes[1] != hashes[2] {
			rt.Fatalf("desks diverge: %v", hashes)
		}
	})
}

func day(n int) string { return fmt.Sprintf("2026-12-%02d", n) }

func readIfLive(tb interface{ Fatal(...any) }, db *store.DB, id string) map[string]json.RawMessage {
	var f map[string]json.RawMessage
	_ = db.View(func(tx *store.Tx) error {
		d, err := tx.Get("stay", id)
		if err == nil {
			f = d.Fields
		}
		return nil
	})
	return f
}

func allOpsOf(tb interface{ Fatal(...any) }, db *store.DB) []store.Op {
	ops, err := db.OpsSince(store.VersionVector{}, 1<<30)
	if err != nil {
		tb.Fatal(err)
	}
	return ops
}

func TestNewMergeRulesRemergeDocumentsFromTheirOps(t *testing.T) {
	path := t.TempDir() + "/innkeep.db"
	plain := []store.Kind{{Name: "stay", Indexes: stayKinds()[0].Indexes}}
	db := MustOpenAt(t, path, func(o *store.Options) { o.Kinds = plain })
	mustPut(t, db, "stay", "r1", fields("check_in", "2026-12-01", "check_out", "2026-12-04", "tags", []string{"a", "b"}))
	mustPut(t, db, "stay", "r1", fields("check_out", "2026-12-03", "tags", []string{"b"}))
	mustPut(t, db, "stay", "r2", fields("note", "no stay yet"))
	want := readStay(t, db, "r1")
	db.Close()

	db = MustOpenAt(t, path, func(o *store.Options) { o.Kinds = stayKinds() })
	mustCheck(t, db) // documents equal a replay of their ops under the new rules
	got := readStay(t, db, "r1")
	// Nothing reads otherwise: the partial write of the group was
	// completed with the values the stay held before it.
	for _, f := range []string{"check_in", "check_out", "tags"} {
		if string(got[f]) != string(want[f]) {
			t.Errorf("%s = %s after the new rules, was %s", f, got[f], want[f])
		}
	}
	// The completed op travels whole: a desk replaying the log agrees.
	other := MustOpen(t, func(o *store.Options) { o.Kinds = stayKinds() })
	if _, err := other.ApplyRemote(allOps(t, db)); err != nil {
		t.Fatal(err)
	}
	if string(readStay(t, other, "r1")["check_in"]) != `"2026-12-01"` {
		t.Errorf("a desk replaying the log reads check_in %s", readStay(t, other, "r1")["check_in"])
	}
	var n int
	if err := db.View(func(tx *store.Tx) error {
		return tx.Counts("stay", "tag", "", "", func(key string, c int) error { n += c; return nil })
	}); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("tag counts sum to %d, want 1 (b)", n)
	}
}

// TestAYieldingWriteLosesToAnEditItDidNotSee: desk B changes a field while
// desk A, which has not seen that change, later writes the field on its
// own schedule (Tx.Yielding). Merged, in either order, B's edit holds;
// and A's own next ordinary write still wins over its yielding one.
func TestAYieldingWriteLosesToAnEditItDidNotSee(t *testing.T) {
	for _, aFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("a's ops delivered first=%v", aFirst), func(t *testing.T) {
			a, b := openStay(t, "b-is-lower-than-z-"), openStay(t, "a")
			mustPut(t, a, "stay", "r1", fields("note", "booked", "check_in", "2026-12-01", "check_out", "2026-12-02"))
			swapAll(t, a, b)
			mustPut(t, b, "stay", "r1", fields("note", "checked in on b"))
			if err := a.Update("audit", func(tx *store.Tx) error {
				return tx.Yielding(func() error { return tx.Put("stay", "r1", fields("note", "no-show on a")) })
			}); err != nil {
				t.Fatal(err)
			}
			if aFirst {
				swapAll(t, a, b)
			} else {
				swapAll(t, b, a)
			}
			sameHash(t, a, b)
			if got := string(readStay(t, a, "r1")["note"]); got != `"checked in on b"` {
				t.Fatalf("note = %s, want b's edit, made after what a saw", got)
			}
			mustPut(t, a, "stay", "r1", fields("note", "fixed on a"))
			swapAll(t, a, b)
			if got := string(readStay(t, b, "r1")["note"]); got != `"fixed on a"` {
				t.Fatalf("note = %s after an ordinary write on a", got)
			}
		})
	}
}

// TestRemoteOpsCannotWriteAFieldOtherwiseThanItsKindSays: a remote op that
// changes a plain or grouped field as a set, or writes a forward field with
// a value that is not a string or a number, is refused and changes nothing.
func TestRemoteOpsCannotWriteAFieldOtherwiseThanItsKindSays(t *testing.T) {
	kinds := append(stayKinds(), store.Kind{Name: "hotel", Forward: []string{"business_date"}})
	a := MustOpen(t, func(o *store.Options) { o.Kinds = kinds; o.NodeID = "a"; o.Now = sharedTicks })
	mustPut(t, a, "stay", "r1", fields("note", "x", "check_in", "2026-12-01", "check_out", "2026-12-02"))
	before, _ := a.StateHash()
	el := []json.RawMessage{json.RawMessage(`"2026-12-09"`)}
	now := store.Timestamp(sharedTicks().UnixMilli()) << 16
	for name, op := range map[string]store.Op{
		"a plain field as a set":    {Origin: "z", Seq: 1, HLC: now, Kind: "stay", ID: "r1", Sets: map[string]store.SetChange{"note": {Add: el}}},
		"a grouped field as a set":  {Origin: "z", Seq: 1, HLC: now, Kind: "stay", ID: "r1", Sets: map[string]store.SetChange{"check_in": {Add: el}}},
		"a forward field as null":   {Origin: "z", Seq: 1, HLC: now, Kind: "hotel", ID: "h1", Fields: map[string]json.RawMessage{"business_date": json.RawMessage("null")}},
		"a forward field as a list": {Origin: "z", Seq: 1, HLC: now, Kind: "hotel", ID: "h1", Fields: map[string]json.RawMessage{"business_date": json.RawMessage(`["9999"]`)}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := a.ApplyRemote([]store.Op{op}); store.ErrorCode(err) != store.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			if h, _ := a.StateHash(); h != before {
				t.Fatal("a refused op changed the store")
			}
		})
	}
}

// TestNewGroupsAreRefusedOnAStoreWhoseLogIsShared: merging documents again
// under new groups rewrites logged ops, so it is done only on a store whose
// log is its own and whole; one that applied another desk's ops, or was
// pruned, refuses to open with new groups (they need a migration) and is
// left as it was.
func TestNewGroupsAreRefusedOnAStoreWhoseLogIsShared(t *testing.T) {
	plain := []store.Kind{{Name: "stay", Indexes: stayKinds()[0].Indexes}}
	for _, how := range []string{"applied another desk's ops", "pruned its log"} {
		t.Run(how, func(t *testing.T) {
			path := t.TempDir() + "/innkeep.db"
			db := MustOpenAt(t, path, func(o *store.Options) { o.Kinds = plain })
			mustPut(t, db, "stay", "r1", fields("check_in", "2026-12-01", "check_out", "2026-12-04"))
			if how == "pruned its log" {
				vv, _ := db.VersionVector()
				if _, err := db.Prune([]store.VersionVector{vv}); err != nil {
					t.Fatal(err)
				}
			} else {
				other := MustOpen(t, func(o *store.Options) { o.Kinds = plain })
				mustPut(t, other, "stay", "r2", fields("check_out", "2026-12-03"))
				if _, err := db.ApplyRemote(allOps(t, other)); err != nil {
					t.Fatal(err)
				}
			}
			before, _ := db.StateHash()
			db.Close()
			if _, err := store.Open(path, store.Options{Kinds: stayKinds()}); store.ErrorCode(err) != store.EINVALID {
				t.Fatalf("open with new groups: err = %v, want EINVALID", err)
			}
			db = MustOpenAt(t, path, func(o *store.Options) { o.Kinds = plain })
			if h, _ := db.StateHash(); h != before {
				t.Fatal("the refused open changed the store")
			}
			mustCheck(t, db)
		})
	}
}
