package store_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
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

// TestReplicationConverges writes ops on three nodes (with skewed clocks and
// partial syncs between them), then delivers every op to each node and to a
// fresh fourth node in random interleavings across origins, in partial
// batches and with duplicates. Every store must end with the same StateHash,
// the live documents of the reference model, and a clean Check.
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

		ids := []string{"a", "b", "c", "d"}
		names := []string{"floor", "name", "features"}
		lines := 0
		steps := rapid.IntRange(1, 60).Draw(rt, "steps")
		for s := 0; s < steps; s++ {
			n := rapid.IntRange(0, 2).Draw(rt, "node")
			db := writers[n]
			clocks[n].t = clocks[n].t.Add(time.Duration(rapid.IntRange(-3, 5).Draw(rt, "tick")) * time.Millisecond)
			switch rapid.IntRange(0, 9).Draw(rt, "action") {
			case 0, 1, 2, 3, 4: // set some fields
				id := rapid.SampledFrom(ids).Draw(rt, "id")
				f := map[string]json.RawMessage{}
				for _, name := range names {
					if rapid.Bool().Draw(rt, "set "+name) {
						f[name], _ = json.Marshal(rapid.IntRange(0, 3).Draw(rt, "value"))
					}
				}
				if len(f) == 0 {
					f["name"] = json.RawMessage(`"x"`)
				}
				if err := db.Update("t", func(tx *store.Tx) error { return tx.Put("room", id, f) }); err != nil {
					rt.Fatal(err)
				}
			case 5: // delete when live
				id := rapid.SampledFrom(ids).Draw(rt, "id")
				err := db.Update("t", func(tx *store.Tx) error { return tx.Delete("room", id) })
				if err != nil && store.ErrorCode(err) != store.ENOTFOUND {
					rt.Fatal(err)
				}
			case 6: // a ledger line
				lines++
				mustPutR(rt, db, "line", fmt.Sprintf("l%d", lines), map[string]json.RawMessage{"amount": json.RawMessage(fmt.Sprint(lines))})
			default: // a partial sync: dst pulls a page of what it lacks from src
				src := writers[rapid.IntRange(0, 2).Draw(rt, "src")]
				if src == db {
					continue
				}
				have, err := db.VersionVector()
				if err != nil {
					rt.Fatal(err)
				}
				ops, err := src.OpsSince(have, rapid.IntRange(1, 10).Draw(rt, "page"))
				if err != nil {
					rt.Fatal(err)
				}
				if _, err := db.ApplyRemote(ops); err != nil {
					rt.Fatal(err)
				}
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
			if err := db.Check(); err != nil {
				rt.Fatalf("node %d: %v", i, err)
			}
		}
	})
}

func mustPutR(t *rapid.T, db *store.DB, kind, id string, f map[string]json.RawMessage) {
	if err := db.Update("t", func(tx *store.Tx) error { return tx.Put(kind, id, f) }); err != nil {
		t.Fatal(err)
	}
}
