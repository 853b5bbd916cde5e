// Package desk builds the domain of one desk: every slice of app/ over one
// open store, with the interfaces by which a lower slice asks a higher one
// wired. main.go builds one Desk per process; tests build one per store.
package desk

import (
	"context"
	"path/filepath"
	"slices"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/audit"
	"innkeep/app/booking"
	"innkeep/app/company"
	"innkeep/app/datadir"
	"innkeep/app/guest"
	"innkeep/app/lan"
	"innkeep/app/ops"
	"innkeep/app/property"
	"innkeep/app/setup"
	"innkeep/store"
)

// Config configures New.
type Config struct {
	DB      *store.DB            // the open store; required
	DataDir string               // the data folder: key file, photos
	Clock   func() time.Time     // nil means time.Now
	Keys    *app.Keyring         // the data key, nil before setup or when its file is missing
	Session access.SessionConfig // limits of sign-in sessions; zero takes the defaults
	Facts   ops.Facts            // what Health reports of the process
}

// Desk is the domain of one desk: one service per slice, sharing one Env.
type Desk struct {
	app.Env         // shared by every slice
	DataDir  string // the data folder
	Audit    *audit.Service
	Property *property.Service
	Access   *access.Service
	Guests   *guest.Service
	Company  *company.Service
	Booking  *booking.Service
	Setup    *setup.Service
	Ops      *ops.Service
	Check    *ops.Checker // innkeep check, GET /api/v1/system/check
}

// New builds the slices over cfg.DB and wires them. It never fails: the
// store is already open and its kinds declared (see Kinds).
func New(cfg Config) *Desk {
	env := app.Env{DB: cfg.DB, Clock: cfg.Clock, Keys: app.NewKeys(cfg.Keys)}
	log := audit.New(env)
	env.Audit = log
	d := &Desk{Env: env, DataDir: cfg.DataDir, Audit: log}
	d.Property = property.New(env, filepath.Join(cfg.DataDir, datadir.PhotosDirName))
	d.Access = access.New(env, cfg.Session)
	d.Guests = guest.New(env)
	d.Company = company.New(env)
	d.Booking = booking.New(env, d.Property, d.Guests)
	d.Company.SetBookings(d.Booking)
	d.Property.SetBookings(d.Booking)
	d.Guests.SetStays(d.Booking)
	d.Booking.SetAccounts(d.Access)
	d.Setup = setup.New(env, cfg.DataDir, d.Access, d.Property, log)
	d.Ops = ops.New(env, cfg.Facts)
	d.Check = ops.NewChecker(env, checkConfig(d, cfg))
	return d
}

// checkConfig wires the check of the desk to the audit log and the data
// folder.
func checkConfig(d *Desk, cfg Config) ops.CheckConfig {
	return ops.CheckConfig{
		DataDir:   cfg.DataDir,
		StoreFile: cfg.DB.Path(),
		KeyFile:   filepath.Join(cfg.DataDir, app.KeyFileName),
		// The key of serve --tls's certificate, when there is one.
		TLSKeyFile: filepath.Join(cfg.DataDir, lan.KeyFileName),
		VerifyAudit: func(ctx context.Context) ([]string, error) {
			rep, err := d.Audit.Verify(ctx)
			return rep.Broken(), err
		},
		LoadKeyFile:  func() error { _, err := datadir.LoadKeyFile(cfg.DataDir); return err },
		CheckPrivate: datadir.CheckPrivate,
		NeedsSetup:   d.Setup.NeedsSetup,
	}
}

// Translations returns the translations of the messages of the kernel, of
// every slice and of the infrastructure packages (datadir, lan).
func Translations() []app.Translations {
	return []app.Translations{app.Messages(), datadir.Messages(), audit.Messages(), property.Messages(),
		access.Messages(), guest.Messages(), company.Messages(), booking.Messages(), setup.Messages(), ops.Messages(), lan.Messages()}
}

// Kinds returns every kind of document the domain keeps, with its indexes:
// those of each slice, which declares its own.
func Kinds() []store.Kind {
	return slices.Concat(audit.Kinds(), property.Kinds(), access.Kinds(), guest.Kinds(), company.Kinds(), booking.Kinds())
}

// Migrations returns the schema migrations, in order. Version 1 is the
// first schema with accounts; it has nothing to move. Version 2 gives the
// custom roles that could set the rooms' housekeeping status (rooms.update)
// or see it (rooms.view) the permissions of the module "housekeeping",
// which guards it since; version 3 gives those that could run the night
// audit (reservations.approve) night_audit.approve, which guards it since.
// The changes are audited as the system's.
func Migrations() []store.Migration {
	return []store.Migration{
		{Version: 1, Name: "accounts", Run: func(tx *store.Tx) error { return nil }},
		{Version: 2, Name: "housekeeping permissions", Run: func(tx *store.Tx) error {
			log := audit.New(app.Env{Keys: app.NewKeys(nil)})
			return access.GrantHousekeeping(tx, log, log.Now())
		}},
		{Version: 3, Name: "night audit permission", Run: func(tx *store.Tx) error {
			log := audit.New(app.Env{Keys: app.NewKeys(nil)})
			return access.GrantNightAudit(tx, log, log.Now())
		}},
		// The store's compact encoding and the merge rules of reservations
		// (groups), users, roles, rooms and room types (sets) are applied
		// at open (store/convert.go, rules.go); this version marks the
		// files and desks that have them, so that an older program refuses
		// the file instead of reading it as damaged, and desks of the two
		// versions exchange no ops.
		{Version: 4, Name: "compact encoding and merge rules", Run: func(tx *store.Tx) error { return nil }},
	}
}

// OpenStore opens (or creates) the store of the data folder dir. When
// another process holds it, OpenStore gives up after datadir.StoreLockTimeout and
// returns an error for which errors.Is(err, store.ErrLocked) is true.
func OpenStore(dir string) (*store.DB, error) {
	return store.Open(filepath.Join(dir, datadir.StoreFileName), store.Options{
		Kinds:       Kinds(),
		Migrations:  Migrations(),
		LockTimeout: datadir.StoreLockTimeout,
	})
}

// NeedsSetup reports whether the store db has no users yet (on this desk or
// replicated from another), before a Desk is built on it.
func NeedsSetup(db *store.DB) (bool, error) {
	return (&setup.Service{Env: app.Env{DB: db}}).NeedsSetup()
}
