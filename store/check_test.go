package store_test

import (
	"encoding/binary"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

func TestCheckFindsOpsRemovedFromTheEndOfTheLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db := MustOpenAt(t, path)
	mustPut(t, db, "note", "1", fields("a", 1))
	mustPut(t, db, "note", "2", fields("a", 2))
	mustCheck(t, db)
	node := db.NodeID()
	db.Close()

	// The newest op, its document, its count and the version vector go;
	// the clock, which records the newest op ever written, stays.
	raw, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Update(func(tx *bolt.Tx) error {
		seq := make([]byte, 8)
		binary.BigEndian.PutUint64(seq, 2)
		if err := tx.Bucket([]byte("ops")).Delete(append([]byte(node+"\x00"), seq...)); err != nil {
			return err
		}
		if err := tx.Bucket([]byte("docs")).Delete([]byte("note\x002")); err != nil {
			return err
		}
		one := make([]byte, 8)
		binary.BigEndian.PutUint64(one, 1)
		if err := tx.Bucket([]byte("meta")).Put([]byte("count\x00note"), one); err != nil {
			return err
		}
		return tx.Bucket([]byte("meta")).Put([]byte("vv\x00"+node), one)
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	db = MustOpenAt(t, path)
	err = db.Check()
	if err == nil || !strings.Contains(err.Error(), "ops were removed from the end of the log") {
		t.Fatalf("check = %v, want the clock ahead of the newest op", err)
	}
}
