package store_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"innkeep/store"
)

// snapshotBenchDocs is the size of the generated store of BenchmarkSnapshot.
const snapshotBenchDocs = 50_000

// BenchmarkSnapshot measures making a snapshot of a generated store
// (50,000 rooms written by two desks, a tenth of them deleted) and
// starting a new store from it (documents, counts and both indexes
// rebuilt), and reports the snapshot's bytes per document. For the
// benchmark hotel, see BenchmarkSnapshotHotel in app/booking.
func BenchmarkSnapshot(b *testing.B) {
	src := MustOpen(b, func(o *store.Options) { o.NoSync = true })
	other := MustOpen(b, func(o *store.Options) { o.NoSync = true })
	for _, db := range []*store.DB{src, other} {
		for start := 0; start < snapshotBenchDocs; start += 5000 {
			err := db.Update("seed", func(tx *store.Tx) error {
				for i := start; i < start+5000; i += 2 {
					id := pad(i)
					if db == other {
						id = pad(i + 1)
					}
					f := fields("floor", i%100, "name", "Room "+id, "features", []string{"bath", fmt.Sprint("f", i%7)})
					if err := tx.Put("room", id, f); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	syncAll(b, src, other)
	err := src.Update("seed", func(tx *store.Tx) error {
		for i := 0; i < snapshotBenchDocs; i += 10 {
			if err := tx.Delete("room", pad(i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	var snap bytes.Buffer
	if _, err := src.Snapshot(&snap); err != nil {
		b.Fatal(err)
	}
	b.Run("make", func(b *testing.B) {
		for b.Loop() {
			snap.Reset()
			if _, err := src.Snapshot(&snap); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(snap.Len())/snapshotBenchDocs, "bytes/doc")
	})
	b.Run("load", func(b *testing.B) {
		dir := b.TempDir()
		n := 0
		for b.Loop() {
			n++
			db, err := store.OpenFromSnapshot(filepath.Join(dir, fmt.Sprint(n, ".db")), bytes.NewReader(snap.Bytes()), store.Options{Kinds: testKinds(), NoSync: true})
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
	})
}
