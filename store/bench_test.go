package store_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	bolt "go.etcd.io/bbolt"

	"innkeep/store"
)

// BenchmarkCommit measures one durable single-document write (op log,
// merge, two indexes, version vector, fsync) next to two baselines from the
// same directory: a bare bbolt transaction putting one value, and the raw
// latency of writing 4 KiB and fdatasync-ing it, the floor any durable
// commit on this disk must pay.
func BenchmarkCommit(b *testing.B) {
	b.Run("store", func(b *testing.B) {
		db := MustOpen(b)
		f := fields("floor", 3, "name", "Garden view", "features", []string{"bath", "balcony"})
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if err := db.Update("bench", func(tx *store.Tx) error { return tx.Put("room", itoa(i%1000), f) }); err != nil {
				b.Fatal(err)
			}
			f["floor"] = []byte(itoa(i % 97))
		}
	})
	b.Run("bbolt", func(b *testing.B) {
		// bbolt alone: one 300-byte put per transaction. Its commit writes
		// the dirty pages, syncs, writes the meta page and syncs again.
		raw := rawBolt(b, 1000, false)
		v := make([]byte, 300)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			err := raw.Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("rooms")).Put([]byte(pad(i%1000)), v)
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fsync", func(b *testing.B) {
		fh, err := os.Create(filepath.Join(b.TempDir(), "raw"))
		if err != nil {
			b.Fatal(err)
		}
		defer fh.Close()
		page := make([]byte, 4096)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			binary.BigEndian.PutUint64(page, uint64(i))
			if _, err := fh.WriteAt(page, int64(i%16)*4096); err != nil {
				b.Fatal(err)
			}
			if err := syscall.Fdatasync(int(fh.Fd())); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// seedRooms writes n rooms in one transaction, spread over 100 floors.
func seedRooms(b *testing.B, db *store.DB, n int) {
	b.Helper()
	err := db.Update("seed", func(tx *store.Tx) error {
		for i := 0; i < n; i++ {
			if err := tx.Put("room", pad(i), fields("floor", i%100, "name", "Room "+itoa(i))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkGet reads one document by id through the store, next to a bare
// bbolt Get of the same bytes (no decoding).
func BenchmarkGet(b *testing.B) {
	db := MustOpen(b, func(o *store.Options) { o.NoSync = true })
	seedRooms(b, db, 10000)
	b.Run("store", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			err := db.View(func(tx *store.Tx) error {
				_, err := tx.Get("room", pad(i%10000))
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bbolt", func(b *testing.B) {
		raw := rawBolt(b, 10000, true)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			_ = raw.View(func(tx *bolt.Tx) error {
				if tx.Bucket([]byte("rooms")).Get([]byte(pad(i%10000))) == nil {
					b.Fatal("missing")
				}
				return nil
			})
		}
	})
}

// BenchmarkIndexScan walks a range of 10,000 index entries (ids only),
// next to a bare bbolt cursor over 10,000 keys.
func BenchmarkIndexScan(b *testing.B) {
	db := MustOpen(b, func(o *store.Options) { o.NoSync = true })
	seedRooms(b, db, 20000)
	b.Run("store", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			n := 0
			err := db.View(func(tx *store.Tx) error {
				return tx.Scan("room", "floor", pad(0), pad(50), func(key, id string) error {
					n++
					return nil
				})
			})
			if err != nil || n != 10000 {
				b.Fatalf("scanned %d, %v", n, err)
			}
		}
	})
	b.Run("bbolt", func(b *testing.B) {
		raw := rawBolt(b, 10000, true)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			n := 0
			_ = raw.View(func(tx *bolt.Tx) error {
				c := tx.Bucket([]byte("rooms")).Cursor()
				for k, _ := c.First(); k != nil; k, _ = c.Next() {
					n++
				}
				return nil
			})
			if n != 10000 {
				b.Fatal(n)
			}
		}
	})
}

func rawBolt(b *testing.B, n int, noSync bool) *bolt.DB {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, &bolt.Options{NoSync: noSync})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	err = db.Update(func(tx *bolt.Tx) error {
		bk, err := tx.CreateBucket([]byte("rooms"))
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			if err := bk.Put([]byte(pad(i)), []byte(`{"floor":1,"name":"Room"}`)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db
}
