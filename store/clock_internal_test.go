package store

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"
)

// TestALocalWriteOverwritesADocumentStampedAheadOfItsClock: a document
// whose stamps lie ahead of the store's clock (a file whose saved clock
// reading was lost, a document loaded from elsewhere) is still
// overwritten by a local write that reads it, never kept over it.
func TestALocalWriteOverwritesADocumentStampedAheadOfItsClock(t *testing.T) {
	base := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { return base }
	db, err := Open(filepath.Join(t.TempDir(), "innkeep.db"), Options{Kinds: []Kind{{Name: "note"}}, Now: now, NodeID: "b", NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ahead := MakeTimestamp(base.Add(time.Minute), 0)
	if _, err := db.ApplyRemote([]Op{{Origin: "a", Seq: 1, HLC: ahead, Kind: "note", ID: "n", Fields: map[string]json.RawMessage{"text": json.RawMessage(`"a"`)}}}); err != nil {
		t.Fatal(err)
	}
	db.clock = NewClock(now, 0) // the clock forgets what it saw

	err = db.Update("t", func(tx *Tx) error {
		if err := tx.Put("note", "n", map[string]json.RawMessage{"text": json.RawMessage(`"b"`)}); err != nil {
			return err
		}
		d, err := tx.Get("note", "n")
		if err != nil {
			return err
		}
		if got := string(d.Field("text")); got != `"b"` {
			t.Errorf("after the write, its own transaction reads %s: the write was stamped below the document it read and lost", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
