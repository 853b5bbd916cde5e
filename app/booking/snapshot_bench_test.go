package booking

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"innkeep/store"
)

// BenchmarkSnapshotHotel measures making a snapshot of the benchmark hotel
// (the fixture of bench_test.go: 200 rooms, three years of reservations)
// and starting a new desk's store from it, indexes and counts rebuilt. It
// reports the snapshot's size. The snapshot goes to a file beside the
// fixture's, as a new desk would receive it.
func BenchmarkSnapshotHotel(b *testing.B) {
	f := loadBenchFixture(b)
	f.describe(b)
	dir := b.TempDir()
	snapPath := filepath.Join(dir, "hotel.snapshot")
	write := func() store.SnapshotInfo {
		out, err := os.Create(snapPath)
		if err != nil {
			b.Fatal(err)
		}
		defer out.Close()
		info, err := f.svc.DB.Snapshot(out)
		if err != nil {
			b.Fatal(err)
		}
		return info
	}
	info := write()
	b.Run("make", func(b *testing.B) {
		for b.Loop() {
			info = write()
		}
		b.ReportMetric(float64(info.Bytes)/(1<<20), "MB")
		b.ReportMetric(float64(info.Documents), "documents")
	})
	b.Run("load", func(b *testing.B) {
		n := 0
		for b.Loop() {
			n++
			in, err := os.Open(snapPath)
			if err != nil {
				b.Fatal(err)
			}
			path := filepath.Join(dir, fmt.Sprint("desk", n, ".db"))
			db, err := store.OpenFromSnapshot(path, in, store.Options{Kinds: testKinds(), Migrations: testMigrations(), NoSync: true})
			in.Close()
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
			b.StopTimer()
			os.Remove(path)
			os.Remove(path + ".node")
			b.StartTimer()
		}
	})
}
