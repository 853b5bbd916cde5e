package store_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"innkeep/store"
)

// TestEveryRefusalIsRecordedForTheHealthPage refuses one op for each
// reason and checks that the store records it, with its origin, seq,
// reason, parameters and time, although the refused batch rolled back; a
// second refusal of the same origin counts up, and the record survives a
// restart.
func TestEveryRefusalIsRecordedForTheHealthPage(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) store.Timestamp { return store.MakeTimestamp(base.Add(d), 0) }
	op := func(seq uint64, kind, id string, kv ...any) store.Op {
		return store.Op{Origin: "a", Seq: seq, HLC: at(time.Duration(seq) * time.Millisecond), Kind: kind, ID: id, Fields: fields(kv...)}
	}
	tests := []struct {
		name    string
		held    []store.Op // applied first
		batch   []store.Op // refused
		want    store.Refusal
		message string // a part of the recorded message
	}{
		{name: "a clock 9 minutes ahead", batch: []store.Op{{Origin: "a", Seq: 1, HLC: at(9 * time.Minute), Kind: "note", ID: "n", Fields: fields("x", 1)}},
			want: store.Refusal{Origin: "a", Seq: 1, Reason: store.RefusedClockAhead, Code: store.ECONFLICT, AheadMS: 9 * 60 * 1000}, message: "ahead of this computer's clock by "},
		{name: "an unknown kind", batch: []store.Op{op(1, "ghost", "g", "x", 1)},
			want: store.Refusal{Origin: "a", Seq: 1, Reason: store.RefusedUnknownKind, Code: store.EINVALID, Kind: "ghost"}, message: "unknown kind"},
		{name: "an op too large", batch: []store.Op{op(1, "note", "n", "x", strings.Repeat("x", 2000))},
			want: store.Refusal{Origin: "a", Seq: 1, Reason: store.RefusedTooLarge, Code: store.EINVALID, Kind: "note"}, message: "limit"},
		{name: "a gap", held: []store.Op{op(1, "note", "n", "x", 1)}, batch: []store.Op{op(2, "note", "n", "x", 2), op(4, "note", "n", "x", 4)},
			want: store.Refusal{Origin: "a", Seq: 4, Reason: store.RefusedGap, Code: store.EINVALID, ExpectedSeq: 2}, message: "gap"},
		{name: "this desk's own origin", batch: []store.Op{{Origin: "b", Seq: 1, HLC: at(0), Kind: "note", ID: "n", Fields: fields("x", 1)}},
			want: store.Refusal{Origin: "b", Seq: 1, Reason: store.RefusedOwnOrigin, Code: store.EINVALID}, message: "this desk"},
		{name: "a duplicate that differs", held: []store.Op{op(1, "note", "n", "x", 1)}, batch: []store.Op{op(1, "note", "n", "x", 2)},
			want: store.Refusal{Origin: "a", Seq: 1, Reason: store.RefusedDuplicateDiffers, Code: store.ECONFLICT}, message: "differs"},
		{name: "a change to an append-only record", held: []store.Op{op(1, "line", "l1", "amount", 1)}, batch: []store.Op{op(2, "line", "l1", "amount", 2)},
			want: store.Refusal{Origin: "a", Seq: 2, Reason: store.RefusedAppendOnly, Code: store.EINVALID, Kind: "line"}, message: "append-only"},
		{name: "a malformed op", batch: []store.Op{{Origin: "a", Seq: 0, HLC: at(0), Kind: "note", ID: "n", Fields: fields("x", 1)}},
			want: store.Refusal{Origin: "a", Seq: 0, Reason: store.RefusedMalformed, Code: store.EINVALID}, message: "sequence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now, advance := fixedClock(base)
			path := filepath.Join(t.TempDir(), "innkeep.db")
			opts := func(o *store.Options) { o.Now = now; o.NodeID = "b"; o.MaxDocSize = 1000; o.NoSync = true }
			db := MustOpenAt(t, path, opts)
			if len(tt.held) > 0 {
				if _, err := db.ApplyRemote(tt.held); err != nil {
					t.Fatal(err)
				}
			}
			for n := uint64(1); n <= 2; n++ {
				_, err := db.ApplyRemote(tt.batch)
				var r *store.RefusedOp
				if !errors.As(err, &r) || r.Reason != tt.want.Reason {
					t.Fatalf("ApplyRemote = %v, want a refusal for %s", err, tt.want.Reason)
				}
				got, err := db.Refusals()
				if err != nil {
					t.Fatal(err)
				}
				want := tt.want
				want.Count, want.At = n, base.Add(time.Duration(n-1)*time.Second)
				if want.AheadMS != 0 { // the clock moved on by a second
					want.AheadMS -= int64(n-1) * 1000
				}
				if len(got) != 1 {
					t.Fatalf("Refusals = %+v, want one", got)
				}
				if !strings.Contains(got[0].Message, tt.message) {
					t.Errorf("message %q does not say %q", got[0].Message, tt.message)
				}
				want.Message = got[0].Message
				if got[0] != want {
					t.Fatalf("refusal %d =\n%+v\nwant\n%+v", n, got[0], want)
				}
				advance(time.Second)
			}
			db.Close()
			db = MustOpenAt(t, path, opts)
			if got, err := db.Refusals(); err != nil || len(got) != 1 || got[0].Count != 2 {
				t.Fatalf("after a restart, Refusals = %+v, %v; want the refusal kept", got, err)
			}
		})
	}
}

// TestARefusalIsClearedWhenItsOriginAppliesAgain: the list shows the desks
// whose ops are stalled now; once an op of that origin applies, its
// refusal is gone, and the refusals of other origins stay.
func TestARefusalIsClearedWhenItsOriginAppliesAgain(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	now, _ := fixedClock(base)
	db := MustOpen(t, func(o *store.Options) { o.Now = now; o.NodeID = "b"; o.NoSync = true })
	note := func(origin string, seq uint64) store.Op {
		return store.Op{Origin: origin, Seq: seq, HLC: store.MakeTimestamp(base, uint16(seq)), Kind: "note", ID: origin, Fields: fields("x", seq)}
	}
	for _, o := range []string{"a", "c"} {
		if _, err := db.ApplyRemote([]store.Op{note(o, 2)}); err == nil {
			t.Fatal("a gap was applied")
		}
	}
	if _, err := db.ApplyRemote([]store.Op{note("a", 1), note("a", 2)}); err != nil {
		t.Fatal(err)
	}
	got, err := db.Refusals()
	if err != nil || len(got) != 1 || got[0].Origin != "c" {
		t.Fatalf("Refusals = %+v, %v; want only c's", got, err)
	}
}

// TestRefusalsAreBounded: refusals of many origins keep the newest
// MaxRefusalOrigins.
func TestRefusalsAreBounded(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	now, advance := fixedClock(base)
	db := MustOpen(t, func(o *store.Options) { o.Now = now; o.NodeID = "b"; o.NoSync = true })
	n := store.MaxRefusalOrigins + 8
	for i := 0; i < n; i++ {
		origin := fmt.Sprintf("o%02d", i)
		if _, err := db.ApplyRemote([]store.Op{{Origin: origin, Seq: 5, HLC: store.MakeTimestamp(base, 1), Kind: "note", ID: "n", Fields: fields("x", 1)}}); err == nil {
			t.Fatal("a gap was applied")
		}
		advance(time.Second)
	}
	got, err := db.Refusals()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != store.MaxRefusalOrigins || got[0].Origin != fmt.Sprintf("o%02d", n-1) || got[len(got)-1].Origin != fmt.Sprintf("o%02d", n-store.MaxRefusalOrigins) {
		t.Fatalf("Refusals kept %d, from %s to %s; want the newest %d", len(got), got[0].Origin, got[len(got)-1].Origin, store.MaxRefusalOrigins)
	}
}
