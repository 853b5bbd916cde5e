package booking

import (
	"bytes"
	"context"
	"maps"
	"path/filepath"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/datadir"
	"innkeep/app/guest"
	"innkeep/store"

	bolt "go.etcd.io/bbolt"
)

// indexKeys returns the keys of the store file's index bucket, by
// kind/index, mapped to their values.
func indexKeys(t *testing.T, path string) map[string]map[string]string {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string]map[string]string{}
	err = db.View(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("idx")).ForEach(func(k, v []byte) error {
			name := k
			if i := bytes.IndexAny(k, "\x00\x01"); i >= 0 {
				name = k[:i]
			}
			if out[string(name)] == nil {
				out[string(name)] = map[string]string{}
			}
			out[string(name)][string(k)] = string(v)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestABookingWritesOnlyTheIndexKeysItNeeds counts the index keys one
// booking of a new guest writes: each is a leaf page of the file (and its
// branch) rewritten and synced at the commit. A phone number gives two
// search keys (its digits, and reversed), not one for every tail of its
// digits, and an audit entry one key.
func TestABookingWritesOnlyTheIndexKeysItNeeds(t *testing.T) {
	d := generateBench(smallBench)
	dir := t.TempDir()
	path := filepath.Join(dir, datadir.StoreFileName)
	if err := writeBenchStore(path, d); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(path, store.Options{Kinds: testKinds(), Migrations: testMigrations()})
	if err != nil {
		t.Fatal(err)
	}
	db.Close() // any index rebuild of the open happens before the count
	before := indexKeys(t, path)
	db, err = store.Open(path, store.Options{Kinds: testKinds(), Migrations: testMigrations()})
	if err != nil {
		t.Fatal(err)
	}
	s := testService(db, dir, func() time.Time { return benchNow }, nil)
	in := BookingInput{HotelID: d.hotel.ID, CheckIn: d.dates[d.businessIndex()+20], CheckOut: d.dates[d.businessIndex()+22],
		Rooms: []RoomRequest{{RoomTypeID: d.types[0].ID, RatePlanID: d.plans[0].ID, Adults: 2}},
		Guest: BookingGuest{GuestInput: guest.GuestInput{Name: "Wang Fang", Phone: "+86 138 1234 5678"}}, Source: Source{Channel: "phone"}}
	if _, err := s.Book(context.Background(), app.SystemActor(), in, ""); err != nil {
		t.Fatal(err)
	}
	db.Close()
	after := indexKeys(t, path)
	written := map[string]int{}
	for name, keys := range after {
		for k, v := range keys {
			if old, ok := before[name][k]; !ok || old != v {
				written[name]++
			}
		}
	}
	want := map[string]int{
		"reservation/night":   4, // 2 nights, and their 2 counts
		"reservation/tape":    2,
		"reservation/arrival": 1, "reservation/departure": 1, "reservation/code": 1, "reservation/guest": 1,
		"reservation/search": 4, // 2 name words, 2 phone keys
		"guest/search":       4,
		"guest/newest":       1,
		"audit/newest":       2, // the guest's creation and the reservation's
	}
	if !maps.Equal(written, want) {
		t.Errorf("a booking wrote index keys %v, want %v", written, want)
	}
}
