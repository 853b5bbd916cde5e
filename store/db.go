// Package store is a replicated document store on bbolt. It knows nothing
// of hotels: it holds documents by kind and id, and every write can later be
// replicated to other nodes and merged there.
//
// A document is a set of fields; each field remembers the (HLC timestamp,
// node id) stamp that wrote it, and merging keeps the higher stamp per
// field. A local write is one bbolt transaction: the caller's checks, an op
// appended to this node's op log, the merge, the secondary indexes and the
// version vector. Peers exchange version vectors and pull the ops they lack
// (OpsSince, ApplyRemote); whatever the order of delivery, stores that hold
// the same ops hold the same documents (StateHash).
//
// Access is through closure transactions, as in bbolt:
//
//	err := db.Update(actor, func(tx *store.Tx) error {
//		return rooms.Put(tx, id, room)
//	})
//
// Errors carry codes (EINVALID, ENOTFOUND, ECONFLICT, EUNAVAILABLE,
// EINTERNAL) that callers translate at their edges.
package store

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sort"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// DB is an open store. It is safe for concurrent use: reads run in
// parallel, writes are serialized by bbolt.
type DB struct {
	bolt   *bolt.DB
	path   string
	nodeID string
	// previousNodeID is the id the store had before this open found it
	// copied or restored (identity.go); "" when it kept its id.
	previousNodeID string
	clock          *Clock
	kinds          map[string]*Kind
	opts           Options
	closed         atomic.Bool
	full           atomic.Bool   // the last write failed because the disk was full
	cache          objectCache   // decoded documents, for typed reads
	pending        atomic.Bool   // deferred migrations not run yet (migrate.go)
	openVV         VersionVector // the version vector at open, for Migrate
	group          updateGroup   // concurrent Updates sharing a commit (group.go)
}

// Open opens the store file at path, creating it when missing, and runs the
// migrations that it has not run yet. When another process holds the file,
// Open gives up after opts.LockTimeout and returns an error that wraps
// ErrLocked. Files written by a newer schema are refused.
func Open(path string, opts Options) (*DB, error) {
	opts.defaults()
	if err := opts.validate(); err != nil {
		return nil, err
	}
	// A write that outgrows the map remaps the file, and a remap waits for
	// every read transaction open at that moment (and holds up every read
	// that begins meanwhile). Mapping well ahead of the file keeps remaps
	// rare; see defaultInitialMmapSize for what that costs on each system.
	mmapSize := opts.InitialMmapSize
	switch {
	case mmapSize == 0:
		mmapSize = defaultInitialMmapSize
	case mmapSize < 0:
		mmapSize = 0
	}
	bopts := &bolt.Options{
		Timeout:         opts.LockTimeout,
		ReadOnly:        opts.ReadOnly,
		NoSync:          opts.NoSync,
		InitialMmapSize: mmapSize,
		FreelistType:    bolt.FreelistMapType,
		// The freelist stays synced: rebuilding it at open would scan the
		// whole file, and bbolt panics in a goroutine of its own when that
		// scan meets a damaged page.
	}
	bdb, err := bolt.Open(path, 0o600, bopts)
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, &Error{Code: EUNAVAILABLE, Message: fmt.Sprintf("%s is in use by another process", path), Err: ErrLocked}
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return nil, &Error{Code: EINVALID, Message: fmt.Sprintf("%s is not an Innkeep store or is damaged", path), Err: err}
	case errors.Is(err, os.ErrNotExist) && opts.ReadOnly:
		return nil, &Error{Code: ENOTFOUND, Message: fmt.Sprintf("%s does not exist", path), Err: err}
	case err != nil:
		return nil, &Error{Code: EINTERNAL, Message: fmt.Sprintf("cannot open %s", path), Err: err}
	}
	db := &DB{bolt: bdb, path: path, clock: NewClock(opts.Now, opts.MaxDrift), kinds: map[string]*Kind{}, opts: opts}
	for i := range opts.Kinds {
		db.kinds[opts.Kinds[i].Name] = &opts.Kinds[i]
	}
	db.kinds[MigrationKind] = &Kind{Name: MigrationKind}
	if err := db.init(); err != nil {
		bdb.Close()
		return nil, err
	}
	return db, nil
}

// init creates the buckets and the node id of a new file, restores the
// clock, and runs pending migrations.
func (db *DB) init() error {
	if !db.opts.ReadOnly {
		err := db.bolt.Update(func(btx *bolt.Tx) error {
			for _, b := range [][]byte{bucketMeta, bucketOps, bucketDocs, bucketIdx, bucketLocal} {
				if _, err := btx.CreateBucketIfNotExists(b); err != nil {
					return err
				}
			}
			meta := btx.Bucket(bucketMeta)
			if meta.Get(keyNodeID) == nil {
				node := db.opts.NodeID
				if node == "" {
					var id [8]byte
					if _, err := rand.Read(id[:]); err != nil {
						return err
					}
					node = hex.EncodeToString(id[:])
				}
				if err := meta.Put(keyNodeID, []byte(node)); err != nil {
					return err
				}
				if err := meta.Put(keySchema, u64(0)); err != nil {
					return err
				}
				if err := meta.Put(keyEncoding, u64(formatBinary)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return wrapInternal(err, "initialize store")
		}
	}
	var version uint64
	err := db.bolt.View(func(btx *bolt.Tx) error {
		meta := btx.Bucket(bucketMeta)
		if meta == nil || meta.Get(keyNodeID) == nil {
			return Errorf(EINVALID, "%s is not an Innkeep store", db.path)
		}
		db.nodeID = string(meta.Get(keyNodeID))
		version = getU64(meta.Get(keySchema))
		db.clock.Observe(Timestamp(getU64(meta.Get(keyClock))))
		return nil
	})
	if err != nil {
		return wrapInternal(err, "read store metadata")
	}
	known := uint64(len(db.opts.Migrations))
	if version > known {
		return schemaError(EINVALID, int(known), int(version), "file", db.path)
	}
	if db.opts.ReadOnly {
		return nil
	}
	if err := db.checkIdentity(); err != nil {
		return err
	}
	if err := db.convertEncoding(); err != nil {
		return err
	}
	if err := db.applyRuleChanges(); err != nil {
		return err
	}
	if err := db.rebuildChangedIndexes(); err != nil {
		return err
	}
	if db.openVV, err = db.VersionVector(); err != nil {
		return err
	}
	if db.opts.DeferMigrations {
		db.pending.Store(version < known)
		return nil
	}
	return db.Migrate()
}

// Close releases the file. It waits for open transactions to finish.
func (db *DB) Close() error {
	if db.closed.Swap(true) {
		return nil
	}
	return wrapInternal(db.bolt.Close(), "close store")
}

// NodeID returns this store's node id: 16 hex digits, random, made when the
// file was created.
func (db *DB) NodeID() string { return db.nodeID }

// Path returns the file's path.
func (db *DB) Path() string { return db.path }

// Clock returns the store's hybrid logical clock.
func (db *DB) Clock() *Clock { return db.clock }

// Update runs fn in a write transaction on behalf of actor (recorded in
// every op it writes). Writes commit durably when fn returns nil and are all
// rolled back when it returns an error or panics. An error of fn is
// returned as it is; failures of the store itself are *Error values. When
// the disk has no room for the write, it returns an error with the code
// EDISKFULL (errors.Is(err, ErrDiskFull)), and nothing of the write is kept.
//
// Concurrent Updates share one commit (group commit, group.go): Update
// returns once the commit holding its writes is durable, and fn may run
// more than once (only the run that returns nil is kept), so fn must not
// accumulate state outside the transaction across runs.
func (db *DB) Update(actor string, fn func(tx *Tx) error) error {
	if db.closed.Load() {
		return ErrClosed
	}
	if len(actor) > MaxActorLen {
		return Errorf(EINVALID, "actor is longer than %d bytes", MaxActorLen)
	}
	return db.groupUpdate(actor, fn)
}

// updateAlone runs fn in a write transaction of its own (see Update).
func (db *DB) updateAlone(actor string, fn func(tx *Tx) error) error {
	var fnErr error
	err := db.bolt.Update(func(btx *bolt.Tx) error {
		tx := &Tx{db: db, btx: btx, actor: actor}
		if fnErr = fn(tx); fnErr != nil {
			return fnErr
		}
		return tx.finish()
	})
	if fnErr != nil {
		return fnErr // the caller's own error, as it returned it
	}
	if err != nil && isDiskFull(err) {
		db.full.Store(true)
		return diskFullErr(err)
	}
	if err == nil {
		db.full.Store(false)
	}
	return boltErr(err)
}

// DiskFull reports whether the last write failed because the disk was full.
// The next write that commits clears it.
func (db *DB) DiskFull() bool { return db.full.Load() }

// View runs fn in a read-only transaction that sees one consistent snapshot.
func (db *DB) View(fn func(tx *Tx) error) error {
	if db.closed.Load() {
		return ErrClosed
	}
	var fnErr error
	err := db.bolt.View(func(btx *bolt.Tx) error {
		fnErr = fn(&Tx{db: db, btx: btx})
		return fnErr
	})
	if fnErr != nil {
		return fnErr
	}
	return boltErr(err)
}

func boltErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return ErrClosed
	}
	if errors.Is(err, berrors.ErrDatabaseReadOnly) {
		return &Error{Code: EUNAVAILABLE, Message: "the store is open read-only", Err: err}
	}
	return wrapInternal(err, "store transaction failed")
}

// Stats describes the store for health pages.
type Stats struct {
	Path          string         `json:"file"`
	SizeBytes     int64          `json:"size_bytes"`
	SchemaVersion int            `json:"schema_version"`
	Documents     int            `json:"-"`
	ByKind        map[string]int `json:"-"`
}

// Stats returns the file size, schema version and live document counts.
func (db *DB) Stats() (Stats, error) {
	st := Stats{Path: db.path, ByKind: map[string]int{}}
	err := db.View(func(tx *Tx) error {
		st.SizeBytes = tx.btx.Size()
		st.SchemaVersion = int(getU64(tx.btx.Bucket(bucketMeta).Get(keySchema)))
		c := tx.btx.Bucket(bucketMeta).Cursor()
		for k, v := c.Seek(prefixCnt); bytes.HasPrefix(k, prefixCnt); k, v = c.Next() {
			if n := int(getU64(v)); n > 0 {
				st.ByKind[string(k[len(prefixCnt):])] = n
				st.Documents += n
			}
		}
		return nil
	})
	return st, err
}

// Kinds returns the names of the kinds the caller declared, sorted (not the
// store's own MigrationKind).
func (db *DB) Kinds() []string {
	names := make([]string, 0, len(db.kinds))
	for n := range db.kinds {
		if n != MigrationKind {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}
