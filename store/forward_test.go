package store_test

import (
	"encoding/json"
	"testing"
	"time"

	"innkeep/store"
)

// A field that only moves forward (a hotel's business date) keeps the
// greater value whatever the stamps and the order of delivery: a desk
// whose clock runs ahead cannot set it back by writing an older value
// later.
func TestAFieldThatOnlyMovesForwardKeepsTheGreaterValueInEveryOrder(t *testing.T) {
	kinds := func(o *store.Options) {
		o.Kinds = append(testKinds(), store.Kind{Name: "hotel", Forward: []string{"business_date"}})
	}
	at := func(d time.Duration) func(*store.Options) {
		return func(o *store.Options) {
			o.Now = func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC).Add(d) }
		}
	}
	slow := MustOpen(t, kinds, at(0), func(o *store.Options) { o.NodeID = "desk-a" })
	fast := MustOpen(t, kinds, at(time.Minute), func(o *store.Options) { o.NodeID = "desk-b" }) // a minute ahead
	put := func(db *store.DB, date, name string) {
		t.Helper()
		if err := db.Update("audit", func(tx *store.Tx) error {
			return tx.Put("hotel", "H1", fields("business_date", date, "name", name))
		}); err != nil {
			t.Fatal(err)
		}
	}
	put(slow, "2026-12-03", "Harbour Inn")   // two night audits on the slow desk
	put(fast, "2026-12-02", "Harbour Hotel") // one on the fast desk, stamped later
	fromSlow, _ := slow.OpsSince(store.VersionVector{}, 10)
	fromFast, _ := fast.OpsSince(store.VersionVector{}, 10)
	for _, order := range [][][]store.Op{{fromSlow, fromFast}, {fromFast, fromSlow}} {
		dst := MustOpen(t, kinds, at(2*time.Minute))
		for _, batch := range order {
			if _, err := dst.ApplyRemote(batch); err != nil {
				t.Fatal(err)
			}
		}
		var got struct {
			Date string `json:"business_date"`
			Name string `json:"name"`
		}
		if err := dst.View(func(tx *store.Tx) error {
			d, err := tx.Get("hotel", "H1")
			if err != nil {
				return err
			}
			b, _ := json.Marshal(d.Fields)
			return json.Unmarshal(b, &got)
		}); err != nil {
			t.Fatal(err)
		}
		if got.Date != "2026-12-03" || got.Name != "Harbour Hotel" {
			t.Errorf("merged: business date %s, name %q; want 2026-12-03 (the greater) and Harbour Hotel (the later write)", got.Date, got.Name)
		}
		mustCheck(t, dst)
	}
}
