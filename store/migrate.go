package store

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Schema versions and migrations.
//
// A store's data has a schema version: the number of migrations that have
// run on it (meta schema_version). A program's schema version is the last
// of its Options.Migrations. Open refuses a file of a newer schema than the
// program's, and runs the migrations the file lacks.
//
// A migration runs on every desk that opens an older file, but its writes
// never beat a real edit: each op a migration writes is stamped just above
// the newest stamp of the document it changes (not with the current time),
// so any edit made after that document was read — on this desk or another
// one, before or after the migration — carries a higher stamp and wins the
// merge. A document the migration creates is stamped with the clock. Two
// desks that migrate the same values write the same results, so their
// ops merge to one state.
//
// A migration that writes records itself in a document of the store's own
// kind MigrationKind (id "version.node"), with the version vector it saw.
// That record replicates with the migration's ops. A store opened with
// Options.DeferMigrations can first receive ops from a desk that has
// migrated; Migrate then runs a migration only when this store held, at
// open, something that no record's migration saw (and stamps what it writes
// as above); otherwise the migrated values are already here and it writes
// nothing.

// MigrationKind is the kind of the records of migrations that wrote ops.
// The store declares it itself; callers may not.
const MigrationKind = "store.migration"

// migrationRecord is the content of a MigrationKind document.
type migrationRecord struct {
	Version int           `json:"version"`
	Name    string        `json:"name"`
	Node    string        `json:"node"`
	Seen    VersionVector `json:"seen"`
}

// SchemaMismatch is the cause of every refusal over schema versions: a
// file, a snapshot or a batch of ops from a desk of another schema than
// this program's. errors.As finds it.
type SchemaMismatch struct {
	Ours   int    // this program's schema version
	Theirs int    // the file's, the snapshot's or the sending desk's
	What   string // "file", "snapshot" or "desk"
}

// Error implements the error interface.
func (m *SchemaMismatch) Error() string {
	return fmt.Sprintf("schema %d here, schema %d in the %s", m.Ours, m.Theirs, m.What)
}

// UpdateThisDesk reports whether this desk runs the older schema and is
// the one to update; when false, the other side must be updated.
func (m *SchemaMismatch) UpdateThisDesk() bool { return m.Ours < m.Theirs }

// schemaError returns the refusal of theirs, a schema version of what
// ("file", "snapshot", "desk"), with code and a message that says which
// side must be updated.
func schemaError(code string, ours, theirs int, what, name string) error {
	m := &SchemaMismatch{Ours: ours, Theirs: theirs, What: what}
	var msg string
	if m.UpdateThisDesk() {
		msg = fmt.Sprintf("%s was written by a newer version of Innkeep (schema %d; this program knows up to %d): update Innkeep on this desk", name, theirs, ours)
	} else {
		msg = fmt.Sprintf("%s is of an older version of Innkeep (schema %d; this program runs %d): update Innkeep there", name, theirs, ours)
	}
	return &Error{Code: code, Message: msg, Err: m}
}

// SchemaVersion returns the schema version of the store's data: the
// number of migrations that have run on it. After Open it is the last
// migration's version, unless the migrations were deferred and Migrate
// has not run yet.
func (db *DB) SchemaVersion() int {
	var v int
	_ = db.View(func(tx *Tx) error {
		v = int(getU64(tx.btx.Bucket(bucketMeta).Get(keySchema)))
		return nil
	})
	return v
}

// ProgramSchemaVersion returns the schema version of this program: the
// last of Options.Migrations. Batches of ops carry it (OpsBatch).
func (db *DB) ProgramSchemaVersion() int { return len(db.opts.Migrations) }

// MigrationsPending reports whether Migrate has migrations to run (only
// with Options.DeferMigrations). While it does, local writes are refused
// with EUNAVAILABLE, and OpsBatch too.
func (db *DB) MigrationsPending() bool { return db.pending.Load() }

// Migrate runs the migrations the store's data lacks, each in its own
// transaction, as Open does unless Options.DeferMigrations is set. A
// migration whose replicated records saw everything this store held at
// open is not run again: its values came with its records. It returns an
// error naming the migration that failed; the ones before it are kept.
func (db *DB) Migrate() error {
	version := db.SchemaVersion()
	for _, m := range db.opts.Migrations[min(version, len(db.opts.Migrations)):] {
		err := db.Update("migration", func(tx *Tx) error {
			tx.dirty = true // writes the file directly: a failure must roll its batch back
			covered, err := tx.migrationCovered(m.Version, db.openVV)
			if err != nil {
				return err
			}
			if !covered {
				seen := tx.VersionVector()
				tx.migration = true
				defer func() { tx.migration = false }()
				if err := m.Run(tx); err != nil {
					return err
				}
				if !equalVectors(seen, tx.VersionVector()) {
					rec, err := json.Marshal(migrationRecord{Version: m.Version, Name: m.Name, Node: db.nodeID, Seen: seen})
					if err != nil {
						return wrapInternal(err, "encode migration record")
					}
					var f map[string]json.RawMessage
					_ = json.Unmarshal(rec, &f)
					if err := tx.Put(MigrationKind, strconv.Itoa(m.Version)+"."+db.nodeID, f); err != nil {
						return err
					}
				}
			}
			return tx.btx.Bucket(bucketMeta).Put(keySchema, u64(uint64(m.Version)))
		})
		if err != nil {
			return &Error{Code: ErrorCode(err), Message: fmt.Sprintf("migration %d (%s) failed", m.Version, m.Name), Err: err}
		}
	}
	db.pending.Store(false)
	return nil
}

// migrationCovered reports whether records of migration version, received
// from desks that ran it, together saw every op of vector (what this store
// held at open).
func (tx *Tx) migrationCovered(version int, vector VersionVector) (bool, error) {
	seen := VersionVector{}
	found := false
	prefix := strconv.Itoa(version) + "."
	err := tx.ForEach(MigrationKind, func(d Doc) error {
		if !strings.HasPrefix(d.ID, prefix) {
			return nil
		}
		var rec migrationRecord
		if err := json.Unmarshal(d.Object(), &rec); err != nil {
			return wrapInternal(err, "migration record "+d.ID+" is damaged")
		}
		found = true
		for o, n := range rec.Seen {
			seen[o] = max(seen[o], n)
		}
		return nil
	})
	if err != nil || !found {
		return false, err
	}
	for o, n := range vector {
		if n > seen[o] {
			return false, nil
		}
	}
	return true, nil
}

// migrationStamp returns the stamp of an op a migration writes on
// kind/id: just above the newest stamp of the document (the highest stamp
// (HLC, node) above it that this node can write), so that every edit made
// after the document was read wins against it; for a new document, the
// clock's next reading. The clock observes it, so this node's later writes
// are stamped above it.
func (tx *Tx) migrationStamp(op *Op) (Timestamp, error) {
	st, err := tx.state(op.Kind, op.ID)
	if err != nil {
		return 0, err
	}
	if st == nil {
		return tx.db.clock.Now(), nil
	}
	top := st.DelAt // every op moves it, so it is the newest stamp but for Forward fields
	for _, r := range st.Fields {
		if top.less(r.stamp) {
			top = r.stamp
		}
	}
	for _, ss := range st.Sets {
		if top.less(ss.Cleared) {
			top = ss.Cleared
		}
		for _, e := range ss.Elems {
			if top.less(e.stamp) {
				top = e.stamp
			}
		}
	}
	if top.HLC == 0 {
		return tx.db.clock.Now(), nil
	}
	hlc := top.HLC
	if tx.db.nodeID <= top.Node {
		hlc++ // (top.HLC, this node) would not be above top
	}
	tx.db.clock.Observe(hlc)
	return hlc, nil
}

func equalVectors(a, b VersionVector) bool {
	if len(a) != len(b) {
		return false
	}
	for o, n := range a {
		if b[o] != n {
			return false
		}
	}
	return true
}

// Yielding runs fn, whose writes are stamped as a migration's are: just
// above the newest stamp of the document each one changes, not with the
// current time. Such a write decides on what this desk saw of the
// document: an edit another desk made after that, even one that reaches
// this desk later, wins the merge. It is for writes a desk makes on its
// own schedule rather than at someone's request (the night audit marking
// a guest who has not come a no-show must not undo a check-in another
// desk made meanwhile). A document fn creates takes the clock's reading.
func (tx *Tx) Yielding(fn func() error) error {
	if tx.yielding {
		return fn()
	}
	tx.yielding = true
	defer func() { tx.yielding = false }()
	return fn()
}
