package store_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"

	"innkeep/store"
)

// modelDoc is the reference model of one document: plain last-writer-wins
// registers, written without any of the store's code.
type modelDoc struct {
	fields  map[string]modelReg
	deleted modelReg
}

type modelReg struct {
	v    string
	hlc  store.Timestamp
	node string
}

func (r modelReg) before(hlc store.Timestamp, node string) bool {
	return r.hlc < hlc || r.hlc == hlc && r.node < node
}

// modelApply folds ops, in any order, into the reference model.
func modelApply(ops []store.Op) map[string]map[string]string {
	docs := map[string]*modelDoc{}
	for _, op := range ops {
		key := op.Kind + "/" + op.ID
		d := docs[key]
		if d == nil {
			d = &modelDoc{fields: map[string]modelReg{}}
			docs[key] = d
		}
		if d.deleted.before(op.HLC, op.Origin) {
			d.deleted = modelReg{v: fmt.Sprint(op.Deleted), hlc: op.HLC, node: op.Origin}
		}
		for f, v := range op.Fields {
			if d.fields[f].before(op.HLC, op.Origin) {
				d.fields[f] = modelReg{v: string(v), hlc: op.HLC, node: op.Origin}
			}
		}
	}
	live := map[string]map[string]string{}
	for key, d := range docs {
		if d.deleted.v == "true" || len(d.fields) == 0 {
			continue
		}
		m := map[string]string{}
		for f, r := range d.fields {
			m[f] = r.v
		}
		live[key] = m
	}
	return live
}

// liveDocs reads every live document of every kind from db.
func liveDocs(t *rapid.T, db *store.DB) map[string]map[string]string {
	live := map[string]map[string]string{}
	err := db.View(func(tx *store.Tx) error {
		for _, kind := range db.Kinds() {
			err := tx.ForEach(kind, func(d store.Doc) error {
				m := map[string]string{}
				for f, v := range d.Fields {
					m[f] = string(v)
				}
				live[kind+"/"+d.ID] = m
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return live
}

// skewedClock is a node's wall clock: offset from a shared base, stepping
// forward (and sometimes back) as the test says.
type skewedClock struct{ t time.Time }

func (c *skewedClock) now() time.Time { return c.t }

// roomT is a room as a typed Collection reads it.
type roomT struct {
	Floor    *int     `json:"floor,omitempty"`
	Name     *string  `json:"name,omitempty"`
	Features []string `json:"features,omitempty"`
}

var rooms = store.NewCollection[roomT]("room")

// drawRoomFields draws a write to a room: some of its fields, each a
// value of its real type or a JSON null that clears it. features is a list
// of strings, so that the counted index gains and loses keys.
func drawRoomFields(rt *rapid.T) map[string]json.RawMessage {
	f := map[string]json.RawMessage{}
	null := func(name string) bool {
		if rapid.IntRange(0, 5).Draw(rt, "null "+name) == 0 {
			f[name] = json.RawMessage("null")
			return true
		}
		return false
	}
	if rapid.Bool().Draw(rt, "set floor") && !null("floor") {
		f["floor"], _ = json.Marshal(rapid.IntRange(0, 3).Draw(rt, "floor"))
	}
	if rapid.Bool().Draw(rt, "set name") && !null("name") {
		f["name"], _ = json.Marshal(rapid.SampledFrom([]string{"Garden", "Sea view", "Attic"}).Draw(rt, "name"))
	}
	if rapid.Bool().Draw(rt, "set features") && !null("features") {
		fs := rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"sea", "quiet", "balcony", "cot"}), 0, 3, rapid.ID[string]).Draw(rt, "features")
		f["features"], _ = json.Marshal(fs)
	}
	if len(f) == 0 {
		f["name"] = json.RawMessage(`"x"`)
	}
	return f
}

// TestReplicationConverges writes ops on three nodes (with clocks up to 2 s
// apart, and partial syncs between them), then delivers every op to each
// node and to a fresh fourth node in random interleavings across origins,
// in partial batches and with duplicates. Along the way it checks that:
//
//   - after every local write the node reads back the values it wrote,
//     even right after it merged stamps from a clock ahead of its own;
//   - a local write that runs concurrently with ApplyRemote reads its own
//     values in its own transaction;
//   - cached reads (GetShared) equal the stored documents;
//   - refused ops (a clock too far ahead, an op that reuses a held origin
//     and seq with other content, as a restored desk would send, one that
//     claims the node's own id, a change to an append-only record, locally
//     or remotely) change nothing and are recorded with their reason.
//
// At the end every store must have the same StateHash, the live documents
// of the reference model, counted-index counts equal to a recount of the
// model's documents, and a clean Check.
func TestReplicationConverges(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	root := t.TempDir()
	run := 0
	rapid.Check(t, func(rt *rapid.T) {
		run++
		dir := filepath.Join(root, fmt.Sprint(run))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			rt.Fatal(err)
		}
		open := func(name string, c *skewedClock) *store.DB {
			db, err := store.Open(filepath.Join(dir, name+".db"), store.Options{Kinds: testKinds(), Now: c.now, NoSync: true, NodeID: name})
			if err != nil {
				rt.Fatal(err)
			}
			return db
		}
		clocks := make([]*skewedClock, 4)
		nodes := make([]*store.DB, 4)
		for i := range nodes {
			skew := time.Duration(rapid.IntRange(-2000, 2000).Draw(rt, "skew")) * time.Millisecond
			clocks[i] = &skewedClock{t: base.Add(skew)}
			nodes[i] = open(fmt.Sprintf("n%d", i), clocks[i])
		}
		defer func() {
			for _, db := range nodes {
				db.Close()
			}
		}()
		writers := nodes[:3]

		ids := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
		lines := 0
		pull := func(db, src *store.DB, page int) []store.Op {
			have, err := db.VersionVector()
			if err != nil {
				rt.Fatal(err)
			}
			ops, err := src.OpsSince(have, page)
			if err != nil {
				rt.Fatal(err)
			}
			return ops
		}
		// refuse sends op to db and checks that it is refused for reason,
		// changes nothing, and is recorded.
		refuse := func(db *store.DB, op store.Op, reason string) {
			before, err := db.StateHash()
			if err != nil {
				rt.Fatal(err)
			}
			_, err = db.ApplyRemote([]store.Op{op})
			var r *store.RefusedOp
			if !errors.As(err, &r) || r.Reason != reason {
				rt.Fatalf("op %s/%d: ApplyRemote = %v, want a refusal for %s", op.Origin, op.Seq, err, reason)
			}
			if after, _ := db.StateHash(); after != before {
				rt.Fatalf("a refused op (%s) changed the state of %s", reason, db.NodeID())
			}
			rs, err := db.Refusals()
			if err != nil {
				rt.Fatal(err)
			}
			for _, rec := range rs {
				if rec.Origin == op.Origin && rec.Seq == op.Seq && rec.Reason == reason {
					return
				}
			}
			rt.Fatalf("refusal %s of op %s/%d is not recorded: %+v", reason, op.Origin, op.Seq, rs)
		}
		steps := rapid.IntRange(1, 150).Draw(rt, "steps")
		for s := 0; s < steps; s++ {
			n := rapid.IntRange(0, 2).Draw(rt, "node")
			db := writers[n]
			clocks[n].t = clocks[n].t.Add(time.Duration(rapid.IntRange(-3, 5).Draw(rt, "tick")) * time.Millisecond)
			switch rapid.IntRange(0, 15).Draw(rt, "action") {
			case 0, 1, 2, 3, 4: // set some fields; the node reads back what it wrote
				id := rapid.SampledFrom(ids).Draw(rt, "id")
				f := drawRoomFields(rt)
				if err := db.Update("t", func(tx *store.Tx) error { return tx.Put("room", id, f) }); err != nil {
					rt.Fatal(err)
				}
				err := db.View(func(tx *store.Tx) error {
					d, err := tx.Get("room", id)
					if err != nil {
						return err
					}
					for name, v := range f {
						if got := string(d.Field(name)); got != string(v) {
							return fmt.Errorf("%s wrote %s = %s to room %s and reads back %s", db.NodeID(), name, v, id, got)
						}
					}
					return nil
				})
				if err != nil {
					rt.Fatal(err)
				}
			case 5: // delete when live
				id := rapid.SampledFrom(ids).Draw(rt, "id")
				err := db.Update("t", func(tx *store.Tx) error { return tx.Delete("room", id) })
				if err != nil && store.ErrorCode(err) != store.ENOTFOUND {
					rt.Fatal(err)
				}
			case 6: // a ledger line; a line once written cannot be changed here
				lines++
				mustPutR(rt, db, "line", fmt.Sprintf("l%d", lines), map[string]json.RawMessage{"amount": json.RawMessage(fmt.Sprint(lines))})
				err := db.Update("t", func(tx *store.Tx) error {
					return tx.Put("line", fmt.Sprintf("l%d", lines), map[string]json.RawMessage{"amount": json.RawMessage("0")})
				})
				if store.ErrorCode(err) != store.ECONFLICT {
					rt.Fatalf("changing a ledger line: %v, want a conflict", err)
				}
			case 7: // a local write concurrent with a remote batch
				src := writers[(n+1+rapid.IntRange(0, 1).Draw(rt, "src"))%3]
				ops := pull(db, src, rapid.IntRange(1, 10).Draw(rt, "page"))
				id := rapid.SampledFrom(ids).Draw(rt, "id")
				f := drawRoomFields(rt)
				var wg sync.WaitGroup
				var localErr, remoteErr error
				wg.Add(2)
				go func() {
					defer wg.Done()
					localErr = db.Update("t", func(tx *store.Tx) error {
						if err := tx.Put("room", id, f); err != nil {
							return err
						}
						d, err := tx.Get("room", id)
						if err != nil {
							return err
						}
						for name, v := range f {
							if got := string(d.Field(name)); got != string(v) {
								return fmt.Errorf("%s wrote %s = %s to room %s and reads back %s in its own transaction", db.NodeID(), name, v, id, got)
							}
						}
						return nil
					})
				}()
				go func() {
					defer wg.Done()
					_, remoteErr = db.ApplyRemote(ops)
				}()
				wg.Wait()
				if localErr != nil || remoteErr != nil {
					rt.Fatalf("local write: %v; remote batch: %v", localErr, remoteErr)
				}
			case 8: // a desk whose clock is too far ahead
				ahead := time.Duration(rapid.IntRange(6, 60).Draw(rt, "minutes ahead")) * time.Minute
				op := store.Op{Origin: "fast", Seq: 1, HLC: store.MakeTimestamp(clocks[n].t.Add(ahead), 0), Kind: "note", ID: "n", Fields: map[string]json.RawMessage{"x": json.RawMessage("1")}}
				refuse(db, op, store.RefusedClockAhead)
				rs, _ := db.Refusals()
				for _, r := range rs {
					if r.Origin == "fast" && r.AheadMS != ahead.Milliseconds() {
						rt.Fatalf("refusal of a clock %s ahead records %d ms", ahead, r.AheadMS)
					}
				}
			case 9: // a restored desk resends a seq it held with other content
				all, err := db.OpsSince(store.VersionVector{}, 1<<20)
				if err != nil {
					rt.Fatal(err)
				}
				var foreign []store.Op
				for _, op := range all {
					if op.Origin != db.NodeID() {
						foreign = append(foreign, op)
					}
				}
				if len(foreign) == 0 {
					continue
				}
				op := foreign[rapid.IntRange(0, len(foreign)-1).Draw(rt, "held op")]
				op.HLC++ // the same origin and seq, other content
				refuse(db, op, store.RefusedDuplicateDiffers)
			case 10: // an op claiming this node's own id
				vv, err := db.VersionVector()
				if err != nil {
					rt.Fatal(err)
				}
				op := store.Op{Origin: db.NodeID(), Seq: vv[db.NodeID()] + 1, HLC: db.Clock().Last() + 1, Kind: "note", ID: "n", Fields: map[string]json.RawMessage{"x": json.RawMessage("1")}}
				refuse(db, op, store.RefusedOwnOrigin)
			case 11: // a remote change to a ledger line this node holds
				if lines == 0 {
					continue
				}
				var target string
				err := db.View(func(tx *store.Tx) error {
					return tx.ForEach("line", func(d store.Doc) error {
						target = d.ID
						return nil
					})
				})
				if err != nil {
					rt.Fatal(err)
				}
				if target == "" {
					continue
				}
				op := store.Op{Origin: "rogue", Seq: 1, HLC: db.Clock().Last() + 1, Kind: "line", ID: target, Fields: map[string]json.RawMessage{"amount": json.RawMessage("0")}}
				if rapid.Bool().Draw(rt, "delete line") {
					op.Fields, op.Deleted = nil, true
				}
				refuse(db, op, store.RefusedAppendOnly)
			default: // a partial sync: dst pulls a page of what it lacks from src, sometimes again
				src := writers[rapid.IntRange(0, 2).Draw(rt, "src")]
				if src == db {
					continue
				}
				ops := pull(db, src, rapid.IntRange(1, 10).Draw(rt, "page"))
				if _, err := db.ApplyRemote(ops); err != nil {
					rt.Fatal(err)
				}
				if rapid.IntRange(0, 3).Draw(rt, "again") == 0 {
					if _, err := db.ApplyRemote(ops); err != nil { // duplicates change nothing
						rt.Fatal(err)
					}
				}
			}
			// Cached reads equal the stored documents.
			id := rapid.SampledFrom(ids).Draw(rt, "read id")
			reader := nodes[rapid.IntRange(0, 3).Draw(rt, "reader")]
			var shared, again, plain roomT
			var errShared, errAgain, errPlain error
			_ = reader.View(func(tx *store.Tx) error {
				shared, errShared = rooms.GetShared(tx, id)
				again, errAgain = rooms.GetShared(tx, id)
				return nil
			})
			_ = reader.View(func(tx *store.Tx) error { // uncached: the stored document, decoded here
				var d store.Doc
				if d, errPlain = tx.Get("room", id); errPlain == nil {
					errPlain = json.Unmarshal(d.Object(), &plain)
				}
				return nil
			})
			if store.ErrorCode(errShared) != store.ErrorCode(errPlain) || store.ErrorCode(errAgain) != store.ErrorCode(errPlain) ||
				!reflect.DeepEqual(shared, plain) || !reflect.DeepEqual(again, plain) {
				rt.Fatalf("room %s on %s: GetShared = %+v, %v (again %+v, %v); Get = %+v, %v", id, reader.NodeID(), shared, errShared, again, errAgain, plain, errPlain)
			}
		}

		// Every op each origin wrote, in its own order.
		logs := map[string][]store.Op{}
		var every []store.Op
		for _, db := range writers {
			var own []store.Op
			all, err := db.OpsSince(store.VersionVector{}, 1<<20)
			if err != nil {
				rt.Fatal(err)
			}
			for _, op := range all {
				if op.Origin == db.NodeID() {
					own = append(own, op)
				}
			}
			logs[db.NodeID()] = own
			every = append(every, own...)
		}
		origins := make([]string, 0, len(logs))
		for o := range logs {
			origins = append(origins, o)
		}
		sort.Strings(origins)

		// Deliver to every node in a random interleaving.
		for _, db := range nodes {
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
				var batch []store.Op
				for chunks := rapid.IntRange(1, 3).Draw(rt, "chunks"); chunks > 0; chunks-- {
					o := rapid.SampledFrom(open).Draw(rt, "origin")
					from := next[o]
					if from > 0 && rapid.IntRange(0, 3).Draw(rt, "dup") == 0 {
						from = rapid.IntRange(0, from-1).Draw(rt, "resend from") // duplicates
					}
					to := min(len(logs[o]), from+rapid.IntRange(1, 8).Draw(rt, "size"))
					batch = append(batch, logs[o][from:to]...)
					next[o] = max(next[o], to)
				}
				if _, err := db.ApplyRemote(batch); err != nil {
					rt.Fatalf("deliver to %s: %v", db.NodeID(), err)
				}
			}
		}

		want := modelApply(every)
		wantCounts := map[string]int{}
		for key, fields := range want {
			var fs []string
			if strings.HasPrefix(key, "room/") && json.Unmarshal([]byte(fields["features"]), &fs) == nil {
				seen := map[string]bool{}
				for _, f := range fs {
					if !seen[f] {
						seen[f] = true
						wantCounts[f]++
					}
				}
			}
		}
		var first string
		for i, db := range nodes {
			h, err := db.StateHash()
			if err != nil {
				rt.Fatal(err)
			}
			if i == 0 {
				first = h
			} else if h != first {
				rt.Fatalf("node %d state hash %s differs from node 0's %s", i, h, first)
			}
			if got := liveDocs(rt, db); !reflect.DeepEqual(got, want) {
				rt.Fatalf("node %d live documents differ from the model:\n got %v\nwant %v", i, got, want)
			}
			if got := featureCounts(rt, db); !reflect.DeepEqual(got, wantCounts) {
				rt.Fatalf("node %d counts rooms by feature as %v; a recount of the model gives %v", i, got, wantCounts)
			}
			if err := db.Check(); err != nil {
				rt.Fatalf("node %d: %v", i, err)
			}
		}
	})
}

// featureCounts reads the counted index room/feature.
func featureCounts(t *rapid.T, db *store.DB) map[string]int {
	counts := map[string]int{}
	err := db.View(func(tx *store.Tx) error {
		return tx.Counts("room", "feature", "", "", func(key string, n int) error {
			counts[key] = n
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return counts
}

func mustPutR(t *rapid.T, db *store.DB, kind, id string, f map[string]json.RawMessage) {
	if err := db.Update("t", func(tx *store.Tx) error { return tx.Put(kind, id, f) }); err != nil {
		t.Fatal(err)
	}
}
