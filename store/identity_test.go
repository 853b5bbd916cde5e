package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"innkeep/store"
)

// writeNote writes one note through db.
func writeNote(t *testing.T, db *store.DB, id, text string) {
	t.Helper()
	if err := db.Update("alice", func(tx *store.Tx) error { return tx.Put("note", id, fields("text", text)) }); err != nil {
		t.Fatal(err)
	}
}

// copyFile copies src to dst as a new file.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func openAt(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{Kinds: testKinds()})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	return db
}

func TestAStoreKeepsItsNodeIDWhenReopenedOrMoved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "innkeep.db")
	db := openAt(t, path)
	id := db.NodeID()
	writeNote(t, db, "n1", "first")
	db.Close()

	db = openAt(t, path)
	if db.NodeID() != id || db.PreviousNodeID() != "" {
		t.Errorf("reopened: node %s (previous %q); want %s kept", db.NodeID(), db.PreviousNodeID(), id)
	}
	db.Close()

	moved := filepath.Join(dir, "moved.db")
	for _, suffix := range []string{"", ".node"} {
		if err := os.Rename(path+suffix, moved+suffix); err != nil {
			t.Fatal(err)
		}
	}
	db = openAt(t, moved)
	defer db.Close()
	if db.NodeID() != id {
		t.Errorf("moved with its marker: node %s; want %s kept", db.NodeID(), id)
	}
}

func TestACopiedOrRestoredStoreTakesANewNodeID(t *testing.T) {
	tests := []struct {
		name string
		// make leaves at copy a store file (and maybe a marker) that came
		// from the store at orig, which was closed after a first note.
		make func(t *testing.T, orig, copy string)
	}{
		{"a data folder copied with its marker", func(t *testing.T, orig, copy string) {
			copyFile(t, orig, copy)
			copyFile(t, orig+".node", copy+".node")
		}},
		{"a store file copied alone", func(t *testing.T, orig, copy string) {
			copyFile(t, orig, copy)
		}},
		{"an older copy put back in place of the file", func(t *testing.T, orig, copy string) {
			backup := filepath.Join(t.TempDir(), "backup.db")
			copyFile(t, orig, backup)
			db := openAt(t, orig) // the desk goes on working after the backup
			writeNote(t, db, "n2", "second")
			db.Close()
			b, err := os.ReadFile(backup)
			if err != nil {
				t.Fatal(err)
			}
			// Written over the file in place: the file keeps its identity.
			f, err := os.OpenFile(orig, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.Write(b); err != nil {
				t.Fatal(err)
			}
			f.Close()
			for _, suffix := range []string{"", ".node"} {
				if err := os.Rename(orig+suffix, copy+suffix); err != nil {
					t.Fatal(err)
				}
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			orig, copy := filepath.Join(dir, "innkeep.db"), filepath.Join(dir, "copy.db")
			db := openAt(t, orig)
			id := db.NodeID()
			writeNote(t, db, "n1", "first")
			db.Close()
			tt.make(t, orig, copy)

			c := openAt(t, copy)
			defer c.Close()
			if c.NodeID() == id || c.PreviousNodeID() != id {
				t.Fatalf("the copy speaks as %s (previous %q); want a new node id, %s as previous", c.NodeID(), c.PreviousNodeID(), id)
			}
			if doc, err := getDoc(c, "note", "n1"); err != nil || doc == nil {
				t.Errorf("the copy's data: %v, %v; want the note kept", doc, err)
			}
			writeNote(t, c, "n3", "third")
			vv, err := c.VersionVector()
			if err != nil || vv[c.NodeID()] != 1 || vv[id] == 0 {
				t.Errorf("version vector %v (%v); want the old origin's ops kept and the new one's first op", vv, err)
			}
			if _, err := os.Stat(orig); err == nil {
				o := openAt(t, orig)
				defer o.Close()
				if o.NodeID() != id {
					t.Errorf("the original now speaks as %s; want %s kept", o.NodeID(), id)
				}
			}
		})
	}
}

// getDoc reads one document, nil when absent.
func getDoc(db *store.DB, kind, id string) (*store.Doc, error) {
	var out *store.Doc
	err := db.View(func(tx *store.Tx) error {
		d, err := tx.Get(kind, id)
		if err == nil {
			out = &d
		}
		return err
	})
	return out, err
}

func TestOpsThatClaimThisDesksOriginAreRefused(t *testing.T) {
	a := MustOpen(t, func(o *store.Options) { o.NodeID = "desk-a" })
	b := MustOpen(t, func(o *store.Options) { o.NodeID = "desk-a" }) // a second desk with the same id
	writeNote(t, b, "n1", "from the impostor")
	ops, err := b.OpsSince(store.VersionVector{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := a.StateHash()
	_, err = a.ApplyRemote(ops)
	if store.ErrorCode(err) != store.EINVALID || !strings.Contains(err.Error(), "desk-a/1") {
		t.Fatalf("ops under this desk's own origin: %v; want refused, naming desk-a/1", err)
	}
	if after, _ := a.StateHash(); after != hash {
		t.Error("a refused batch changed the store")
	}
}

func TestADuplicateOpWhoseContentDiffersIsAnError(t *testing.T) {
	a := MustOpen(t, func(o *store.Options) { o.NodeID = "desk-a" })
	b := MustOpen(t, func(o *store.Options) { o.NodeID = "desk-b" })
	c := MustOpen(t, func(o *store.Options) { o.NodeID = "desk-b" }) // copied from b, then written apart
	writeNote(t, b, "n1", "written on b")
	writeNote(t, c, "n1", "written on the copy")
	fromB, err := b.OpsSince(store.VersionVector{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.ApplyRemote(fromB); err != nil {
		t.Fatal(err)
	}
	// The same op again is skipped quietly.
	if n, err := a.ApplyRemote(fromB); err != nil || n != 0 {
		t.Errorf("the same op again: %d applied, %v; want 0 and no error", n, err)
	}
	fromC, err := c.OpsSince(store.VersionVector{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := a.StateHash()
	_, err = a.ApplyRemote(fromC)
	if store.ErrorCode(err) != store.ECONFLICT || !strings.Contains(err.Error(), "desk-b/1") || !strings.Contains(err.Error(), "two desks use the node id desk-b") {
		t.Fatalf("another op under desk-b/1: %v; want a conflict naming the origin", err)
	}
	if after, _ := a.StateHash(); after != hash {
		t.Error("a refused batch changed the store")
	}
}

func TestRemoteOpsCannotChangeOrDeleteAppendOnlyRecords(t *testing.T) {
	src := MustOpen(t, func(o *store.Options) { o.NodeID = "desk-b" })
	if err := src.Update("alice", func(tx *store.Tx) error { return tx.Put("line", "L1", fields("amount", 100)) }); err != nil {
		t.Fatal(err)
	}
	created, err := src.OpsSince(store.VersionVector{}, 10)
	if err != nil || len(created) != 1 {
		t.Fatalf("ops of desk-b: %v, %v", created, err)
	}
	tests := []struct {
		name string
		op   func(store.Op) store.Op // the next op of desk-b, from its first
	}{
		{"a change of the line", func(o store.Op) store.Op {
			o.Seq, o.HLC, o.Fields = 2, o.HLC+1, fields("amount", 1)
			return o
		}},
		{"a deletion of the line", func(o store.Op) store.Op {
			o.Seq, o.HLC, o.Fields, o.Deleted = 2, o.HLC+1, nil, true
			return o
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := MustOpen(t, func(o *store.Options) { o.NodeID = "desk-a" })
			if _, err := dst.ApplyRemote(created); err != nil {
				t.Fatal(err)
			}
			hash, _ := dst.StateHash()
			bad := tt.op(created[0])
			_, err := dst.ApplyRemote([]store.Op{bad})
			var r *store.RefusedOp
			if store.ErrorCode(err) != store.EINVALID || !strings.Contains(err.Error(), "append-only") || !errors.As(err, &r) || r.Origin != "desk-b" || r.Seq != 2 {
				t.Fatalf("%s from desk-b: %v (%+v); want refused as append-only, naming desk-b/2", tt.name, err, r)
			}
			if after, _ := dst.StateHash(); after != hash {
				t.Error("a refused op changed the store")
			}
		})
	}
}
