package store_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"innkeep/store"
)

// TestDesksOfMixedVersionsConverge runs three desks that start on an old
// program (schema 1, rooms without a view) and are upgraded step by step at
// random moments: first to a program that knows a room's view (still schema
// 1: a field added without a migration), then to schema 2 (a migration
// that writes names in capitals; that program writes capitals itself).
// Desks sync at random, but only with desks of their own schema: other
// batches must be refused with a *SchemaMismatch. Once all are upgraded and
// synced they must hold the same state, no op an older program wrote may
// touch the view it does not know (no nulls over a newer desk's field),
// every name must be in capitals (each desk's migration covered the values
// it held), and Check must be clean.
func TestDesksOfMixedVersionsConverge(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	root := t.TempDir()
	run := 0
	rapid.Check(t, func(rt *rapid.T) {
		run++
		dir := filepath.Join(root, fmt.Sprint(run))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			rt.Fatal(err)
		}
		runs := 0
		v1 := []store.Migration{first}
		v2 := []store.Migration{first, upper(&runs)}
		type desk struct {
			db      *store.DB
			clock   *skewedClock
			path    string
			level   int    // 0 no view, 1 a view, 2 schema 2
			upgrade uint64 // the desk's own last seq while at level 0
		}
		desks := make([]*desk, 3)
		open := func(d *desk, ms []store.Migration, name string) {
			db, err := store.Open(d.path, store.Options{Kinds: testKinds(), Migrations: ms, Now: d.clock.now, NoSync: true, NodeID: name})
			if err != nil {
				rt.Fatal(err)
			}
			d.db = db
		}
		for i := range desks {
			skew := time.Duration(rapid.IntRange(-2000, 2000).Draw(rt, "skew")) * time.Millisecond
			desks[i] = &desk{clock: &skewedClock{t: base.Add(skew)}, path: filepath.Join(dir, fmt.Sprintf("d%d.db", i))}
			open(desks[i], v1, fmt.Sprintf("d%d", i))
		}
		defer func() {
			for _, d := range desks {
				d.db.Close()
			}
		}()
		older, newer := store.NewCollection[roomV1]("room"), store.NewCollection[roomV2]("room")
		ids := []string{"a", "b", "c"}
		names := []string{"garden", "sea", "court"}
		sync := func(dst, src *desk, limit int) {
			have, _ := dst.db.VersionVector()
			batch, err := src.db.OpsBatch(have, limit)
			if err != nil {
				rt.Fatal(err)
			}
			_, err = dst.db.ApplyBatch(batch)
			var m *store.SchemaMismatch
			switch {
			case (dst.level == 2) == (src.level == 2) && err != nil:
				rt.Fatalf("desks of one schema: %v", err)
			case (dst.level == 2) != (src.level == 2) && (!errors.As(err, &m) || m.UpdateThisDesk() == (dst.level == 2)):
				rt.Fatalf("desks of different schemas: %v", err)
			}
		}
		steps := rapid.IntRange(1, 50).Draw(rt, "steps")
		for s := 0; s < steps; s++ {
			i := rapid.IntRange(0, 2).Draw(rt, "desk")
			d := desks[i]
			d.clock.t = d.clock.t.Add(time.Duration(rapid.IntRange(-3, 5).Draw(rt, "tick")) * time.Millisecond)
			id := rapid.SampledFrom(ids).Draw(rt, "id")
			switch rapid.IntRange(0, 7).Draw(rt, "action") {
			case 0, 1, 2: // an edit through the desk's program
				name := rapid.SampledFrom(names).Draw(rt, "name")
				floor := rapid.IntRange(0, 3).Draw(rt, "floor")
				err := d.db.Update("t", func(tx *store.Tx) error {
					if d.level > 0 {
						r, err := newer.Get(tx, id)
						if err != nil && store.ErrorCode(err) != store.ENOTFOUND {
							return err
						}
						r.Name, r.Floor = name, floor
						if d.level == 2 {
							r.Name = strings.ToUpper(name)
						}
						if rapid.Bool().Draw(rt, "set view") {
							r.View = rapid.SampledFrom([]string{"sea", "park"}).Draw(rt, "view")
						}
						return newer.Put(tx, id, r)
					}
					r, err := older.Get(tx, id)
					if err != nil && store.ErrorCode(err) != store.ENOTFOUND {
						return err
					}
					r.Name, r.Floor = name, floor
					return older.Put(tx, id, r)
				})
				if err != nil {
					rt.Fatal(err)
				}
			case 3: // upgrade
				switch d.level {
				case 0:
					vv, _ := d.db.VersionVector()
					d.upgrade = vv[d.db.NodeID()]
				case 1:
					d.db.Close()
					open(d, v2, "")
				}
				d.level = min(d.level+1, 2)
			default:
				j := rapid.IntRange(0, 2).Draw(rt, "src")
				if j != i {
					sync(d, desks[j], rapid.IntRange(1, 10).Draw(rt, "page"))
				}
			}
		}
		for _, d := range desks {
			if d.level == 0 {
				vv, _ := d.db.VersionVector()
				d.upgrade = vv[d.db.NodeID()]
			}
			if d.level < 2 {
				d.db.Close()
				open(d, v2, "")
				d.level = 2
			}
		}
		for range 2 {
			for _, dst := range desks {
				for _, src := range desks {
					if dst != src {
						sync(dst, src, 1<<20)
					}
				}
			}
		}
		upgradedAt := map[string]uint64{}
		for _, d := range desks {
			upgradedAt[d.db.NodeID()] = d.upgrade
		}
		first := ""
		for i, d := range desks {
			h, _ := d.db.StateHash()
			if i == 0 {
				first = h
			} else if h != first {
				rt.Fatalf("desk %d differs from desk 0", i)
			}
			if err := d.db.Check(); err != nil {
				rt.Fatal(err)
			}
		}
		for _, op := range allOpsR(rt, desks[0].db) {
			if _, ok := op.Fields["view"]; ok && op.Seq <= upgradedAt[op.Origin] {
				rt.Fatalf("op %s/%d of an older program touches the view: %s", op.Origin, op.Seq, op.Fields["view"])
			}
		}
		err := desks[0].db.View(func(tx *store.Tx) error {
			return tx.ForEach("room", func(d store.Doc) error {
				var name string
				if err := json.Unmarshal(d.Field("name"), &name); err != nil || name != strings.ToUpper(name) {
					rt.Fatalf("room %s is named %s after every desk migrated", d.ID, d.Field("name"))
				}
				return nil
			})
		})
		if err != nil {
			rt.Fatal(err)
		}
	})
}

func allOpsR(t *rapid.T, db *store.DB) []store.Op {
	ops, err := db.OpsSince(store.VersionVector{}, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	return ops
}
