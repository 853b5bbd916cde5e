// Package apptest is the test kit of the domain: one fake clock and one way
// to open a desk (every slice of app/) over a real store in a temporary
// folder. Tests of app/…, app/api and main use it; nothing else imports it.
package apptest

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/datadir"
	"innkeep/app/desk"
	"innkeep/app/ops"
	"innkeep/store"
)

// Start is the time every Clock starts at unless told otherwise: a Thursday
// morning in late November, UTC.
var Start = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// Clock is a clock that moves only when a test moves it. It is safe for
// concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Options adjust NewDesk. The zero value is a server desk in a new temp
// folder with its own clock at Start and no data key.
type Options struct {
	Dir     string               // the data folder; "" makes a new temp folder
	Clock   *Clock               // nil makes one at Start
	Now     func() time.Time     // reads the time instead of Clock, when set
	Keys    *app.Keyring         // the data key, if any
	Session access.SessionConfig // session limits
	Sync    bool                 // fsync every commit (NoSync otherwise, for speed)
}

// Kit is a desk under test: its services, its store, its folder, its clock.
type Kit struct {
	*desk.Desk
	Dir   string
	Clock *Clock
}

// OpenStore opens the store of the data folder dir (a new temp folder when
// dir is ""), declaring every kind of the domain, and closes it when the
// test ends.
func OpenStore(tb testing.TB, dir string, sync bool) (*store.DB, string) {
	tb.Helper()
	if dir == "" {
		dir = tb.TempDir()
	}
	db, err := store.Open(filepath.Join(dir, datadir.StoreFileName), store.Options{
		Kinds: desk.Kinds(), Migrations: desk.Migrations(), NoSync: !sync,
	})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, dir
}

// NewDesk opens a store and builds a desk over it, as a server desk
// (ops.ModeServe) started at the clock's time.
func NewDesk(tb testing.TB, o Options) *Kit {
	tb.Helper()
	db, dir := OpenStore(tb, o.Dir, o.Sync)
	return OnStore(db, dir, o)
}

// OnStore builds a desk over an open store db whose folder is dir.
func OnStore(db *store.DB, dir string, o Options) *Kit {
	clk := o.Clock
	if clk == nil {
		clk = NewClock(Start)
	}
	now := clk.Now
	if o.Now != nil {
		now = o.Now
	}
	d := desk.New(desk.Config{DB: db, DataDir: dir, Clock: now, Keys: o.Keys, Session: o.Session,
		Facts: ops.Facts{DataDir: dir, Mode: ops.ModeServe, Started: clk.Now(), Version: "0.1.0"}})
	return &Kit{Desk: d, Dir: dir, Clock: clk}
}

// Eventually waits until cond holds, checking it every few milliseconds,
// and fails the test naming what it waited for when it has not held after
// a minute: a deadline generous enough for a loaded machine, never a
// measure of speed.
func Eventually(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("gave up waiting until %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
