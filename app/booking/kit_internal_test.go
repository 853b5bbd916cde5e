package booking

import (
	"slices"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/audit"
	"innkeep/app/company"
	"innkeep/app/guest"
	"innkeep/app/property"
	"innkeep/store"
)

// The internal tests of this package cannot import app/desk (it imports
// this package), so they build the slices below it the way app/desk does.

// testKinds returns every kind of the domain (desk.Kinds).
func testKinds() []store.Kind {
	return slices.Concat(audit.Kinds(), property.Kinds(), access.Kinds(), guest.Kinds(), company.Kinds(), Kinds())
}

// testMigrations returns the domain's migrations (desk.Migrations).
func testMigrations() []store.Migration {
	return []store.Migration{{Version: 1, Name: "accounts", Run: func(tx *store.Tx) error { return nil }}}
}

// testService builds the booking slice, with the audit log, property and
// guests beneath it, over db; photos go to dir.
func testService(db *store.DB, dir string, now func() time.Time, keys *app.Keyring) *Service {
	env := app.Env{DB: db, Clock: now, Keys: app.NewKeys(keys)}
	log := audit.New(env)
	env.Audit = log
	p := property.New(env, dir)
	g := guest.New(env)
	s := New(env, p, g)
	p.SetBookings(s)
	g.SetStays(s)
	return s
}

// auditOf returns the audit log of s, to read it back.
func auditOf(s *Service) *audit.Service { return s.Audit.(*audit.Service) }
