package desk_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"innkeep/app/apptest"
	"innkeep/app/datadir"
	"innkeep/app/desk"
	"innkeep/app/property"
	"innkeep/store"
)

// TestTheBusinessDateOnlyMovesForwardWhenDesksMerge runs the night audit
// twice on one desk and once on another whose clock runs a minute ahead,
// while they are cut off: when they meet, both work on the later date —
// the ahead desk's later stamp does not set the hotel back a day.
func TestTheBusinessDateOnlyMovesForwardWhenDesksMerge(t *testing.T) {
	p := newProperty(t)
	ctx := context.Background()
	a := p.s
	dir := t.TempDir()
	bdb, err := store.Open(filepath.Join(dir, datadir.StoreFileName), store.Options{
		Kinds: desk.Kinds(), Migrations: desk.Migrations(), NoSync: true,
		Now: func() time.Time { return time.Now().Add(time.Minute) }, // desk B's clock runs ahead
	})
	mustNot(t, err)
	t.Cleanup(func() { bdb.Close() })
	b := apptest.OnStore(bdb, dir, apptest.Options{Clock: p.clk})
	sync2 := func() {
		for _, pair := range [][2]*store.DB{{a.DB, bdb}, {bdb, a.DB}} {
			have, _ := pair[1].VersionVector()
			ops, err := pair[0].OpsSince(have, 1<<20)
			mustNot(t, err)
			_, err = pair[1].ApplyRemote(ops)
			mustNot(t, err)
		}
	}
	sync2()
	d0 := p.hotel.BusinessDate
	next := func(d string) string {
		tm, err := time.Parse(time.DateOnly, d)
		mustNot(t, err)
		return tm.AddDate(0, 0, 1).Format(time.DateOnly)
	}
	p.clk.Add(72 * time.Hour) // the nights are over at the hotel
	for _, d := range []string{d0, next(d0)} {
		_, err := a.Booking.NightAudit(ctx, p.a, p.hotel.ID, d)
		mustNot(t, err)
	}
	_, err = b.Booking.NightAudit(ctx, p.a, p.hotel.ID, d0) // later, by B's clock
	mustNot(t, err)
	sync2()
	want := next(next(d0))
	for name, k := range map[string]*apptest.Kit{"A": a, "B": b} {
		var h property.Hotel
		mustNot(t, k.DB.View(func(tx *store.Tx) error {
			var err error
			h, err = property.Hotels.Get(tx, p.hotel.ID)
			return err
		}))
		if h.BusinessDate != want {
			t.Errorf("desk %s works on %s after the merge; want %s (the date only moves forward)", name, h.BusinessDate, want)
		}
	}
}
