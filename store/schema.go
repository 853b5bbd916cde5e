package store

import (
	"slices"
	"strings"
	"time"
)

// Kind declares one kind of document: its name, whether it is an
// append-only ledger, and the secondary indexes kept for it.
type Kind struct {
	Name string
	// AppendOnly kinds hold ledger lines: a document is written once and
	// never changed or deleted locally. Corrections are new documents that
	// point at the old ones.
	AppendOnly bool
	// Forward names fields that only move forward, such as a hotel's
	// business date, which two desks may move at once: a merge keeps the
	// greater value, compared as the bytes of its JSON (ISO dates and
	// numbers of one width compare in their order), and of equal values
	// the later stamp. Other fields are last-writer-wins.
	Forward []string
	// Groups lists fields that must change together, such as a stay's
	// dates, room type, room and nightly prices: each group merges as one
	// register. A write of any field of a group writes all of them (Tx.Put
	// fills in the current values of those it was not given), and a merge
	// takes the whole group from the latest write of it, so two desks'
	// edits never mix into a state neither wrote.
	Groups [][]string
	// Sets names fields whose value is a JSON array used as a set (a
	// user's roles, a room's out-of-order periods), which several desks
	// may edit at once. Tx.Put writes the elements added and removed
	// since the value it replaces, and a merge decides each element by
	// the latest add or remove of it, so concurrent edits of different
	// elements all survive. The set's first value is written whole. Readers
	// see the elements ordered by when they were added, an empty set as [].
	Sets    []string
	Indexes []Index
}

// forward reports whether field name of k only moves forward.
func (k *Kind) forward(name string) bool {
	return k != nil && slices.Contains(k.Forward, name)
}

// group returns the index in k.Groups of the group holding field name, or
// -1.
func (k *Kind) group(name string) int {
	if k == nil {
		return -1
	}
	for i, g := range k.Groups {
		if slices.Contains(g, name) {
			return i
		}
	}
	return -1
}

// checkRemote refuses an op from another desk that writes k's fields
// otherwise than k's rules let a local write: set changes of a field that
// is not a set (they would turn it into one, or split a group's register),
// or a forward field's value that is not a string or a number (compared as
// bytes, it would sort above every date and freeze the field).
func (k *Kind) checkRemote(op *Op) error {
	for name := range op.Sets {
		if !k.set(name) {
			return Errorf(EINVALID, "op %s/%d changes %q of %s as a set, which it is not", op.Origin, op.Seq, name, k.Name)
		}
	}
	for name, v := range op.Fields {
		if k.forward(name) && (len(v) == 0 || !(v[0] == '"' || v[0] == '-' || v[0] >= '0' && v[0] <= '9')) {
			return Errorf(EINVALID, "op %s/%d writes %s, a field of %s that only moves forward, with %s: a string or a number is needed", op.Origin, op.Seq, name, k.Name, v)
		}
	}
	return nil
}

// set reports whether field name of k is a set.
func (k *Kind) set(name string) bool {
	return k != nil && slices.Contains(k.Sets, name)
}

// Index is a secondary index: Keys returns the index keys of a live
// document (none, one or several). It must be a pure function of the
// document, because every node recomputes it on every apply, local or
// remote. Keys may not contain the byte 0x00; entries sort by key, then id.
type Index struct {
	Name string
	Keys func(Doc) []string
	// Version changes when Keys changes what it returns for the same
	// document; Open then rebuilds the kind's indexes. Adding or removing
	// an index rebuilds them too, and so does turning Counted on or off.
	Version int
	// Counted keeps, beside the entries, the number of entries under each
	// distinct key, updated in the same transaction as the entries. Tx.Counts
	// reads them: one read per key instead of one per entry, for indexes
	// whose readers ask "how many" (rooms held per night and type).
	Counted bool
}

// Migration moves stored data from schema version Version-1 to Version. It
// runs at Open (or Migrate) on a store whose data is older, inside its own
// write transaction; its writes are ops that replicate, stamped just above
// the documents they change so that real edits win (see migrate.go). It
// must be deterministic and leave migrated data unchanged when run again.
type Migration struct {
	Version int
	Name    string
	Run     func(tx *Tx) error
}

// Options configure Open. The zero value opens a store with no kinds.
type Options struct {
	// Kinds lists every kind the caller reads or writes. Ops of other kinds
	// are refused.
	Kinds []Kind
	// Migrations must have versions 1, 2, 3, … in order. The store's schema
	// version is the last one's.
	Migrations []Migration
	// LockTimeout is how long Open waits for another process to release the
	// file. Zero means one second.
	LockTimeout time.Duration
	// MaxDrift bounds how far ahead of local time a remote timestamp may be.
	// Zero means DefaultMaxDrift.
	MaxDrift time.Duration
	// MaxDocSize bounds the encoded size of one document, in bytes. Zero
	// means DefaultMaxDocSize.
	MaxDocSize int
	// Now reads the wall clock; nil means time.Now. Tests inject clocks here.
	Now func() time.Time
	// NodeID is the node id given to a new file; empty means random. It is
	// ignored when the file exists. Tests use it to be reproducible.
	NodeID string
	// ReadOnly opens the file for reading only (backups, checks).
	ReadOnly bool
	// InitialMmapSize is how much of the file bbolt maps at open, in bytes:
	// 0 means a default that suits the system (1 GiB of address space on
	// Unix, 64 MiB of file on Windows, where the file is made as large as
	// the map), and a negative value the file's size. A write that needs
	// more remaps the file, and waits for the read transactions open at
	// that moment to end.
	InitialMmapSize int
	// DeferMigrations leaves the migrations the file lacks to Migrate, so
	// that the store can first receive the ops of a desk that has run them
	// (see migrate.go). Until then local writes are refused.
	DeferMigrations bool
	// NoSync skips fsync on commit. Only for tests and benchmarks that
	// measure something else; a crash may then lose or damage data.
	NoSync bool
}

// DefaultMaxDocSize is the default bound on one document's encoded size.
const DefaultMaxDocSize = 1 << 20

func (o *Options) defaults() {
	if o.LockTimeout <= 0 {
		o.LockTimeout = time.Second
	}
	if o.MaxDrift <= 0 {
		o.MaxDrift = DefaultMaxDrift
	}
	if o.MaxDocSize <= 0 {
		o.MaxDocSize = DefaultMaxDocSize
	}
	if o.Now == nil {
		o.Now = time.Now
	}
}

func (o *Options) validate() error {
	seen := map[string]bool{}
	for _, k := range o.Kinds {
		if err := checkName("kind", k.Name, MaxNameLen); err != nil {
			return err
		}
		if strings.HasPrefix(k.Name, "store.") {
			return Errorf(EINVALID, "kind %q: names starting with \"store.\" are the store's own", k.Name)
		}
		if seen[k.Name] {
			return Errorf(EINVALID, "kind %q is declared twice", k.Name)
		}
		seen[k.Name] = true
		class := map[string]string{}
		claim := func(field, as string) error {
			if err := checkField(field); err != nil {
				return err
			}
			if prev, ok := class[field]; ok {
				return Errorf(EINVALID, "field %q of kind %q is declared %s and %s", field, k.Name, prev, as)
			}
			class[field] = as
			return nil
		}
		for _, f := range k.Forward {
			if err := claim(f, "forward"); err != nil {
				return err
			}
		}
		for _, f := range k.Sets {
			if err := claim(f, "a set"); err != nil {
				return err
			}
		}
		for i, g := range k.Groups {
			if len(g) < 2 {
				return Errorf(EINVALID, "group %d of kind %q needs at least two fields", i, k.Name)
			}
			for _, f := range g {
				if err := claim(f, "in a group"); err != nil {
					return err
				}
			}
		}
		idx := map[string]bool{}
		for _, ix := range k.Indexes {
			if err := checkName("index", ix.Name, MaxNameLen); err != nil {
				return err
			}
			if ix.Keys == nil || idx[ix.Name] {
				return Errorf(EINVALID, "index %q of kind %q has no key function or is declared twice", ix.Name, k.Name)
			}
			idx[ix.Name] = true
		}
	}
	if o.NodeID != "" {
		if err := checkName("node id", o.NodeID, MaxNameLen); err != nil {
			return err
		}
	}
	for i, m := range o.Migrations {
		if m.Version != i+1 || m.Run == nil {
			return Errorf(EINVALID, "migration %d (%s) is out of order or has no function", i+1, m.Name)
		}
	}
	return nil
}
