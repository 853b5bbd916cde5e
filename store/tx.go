package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// How full bbolt fills a page before it splits one, per bucket: its
// default (half) suits keys inserted anywhere (indexes); the op log and the
// documents mostly grow at their ends.
const (
	docsFillPercent = 0.9
	opsFillPercent  = 1.0
)

// Tx is a read or write transaction. It is valid only inside the function
// passed to DB.Update or DB.View and must not be used from other goroutines.
type Tx struct {
	db       *DB
	btx      *bolt.Tx
	actor    string
	maxStamp Timestamp
	// migration is set while a migration runs: its ops are stamped just
	// above the documents they change (migrate.go).
	migration bool
	// yielding is set while a function passed to Yielding runs.
	yielding bool
	dirty    bool // fn wrote to the file (group.go: a failure then rolls back its batch)

	docsBucket, idxBucket *bolt.Bucket // looked up once per transaction
}

// docs returns the documents bucket.
func (tx *Tx) docs() *bolt.Bucket {
	if tx.docsBucket == nil {
		tx.docsBucket = tx.btx.Bucket(bucketDocs)
		// New documents' ids grow with time (ULIDs), so most inserts
		// append: pages split fuller than bbolt's default half.
		tx.docsBucket.FillPercent = docsFillPercent
	}
	return tx.docsBucket
}

// idx returns the index bucket.
func (tx *Tx) idx() *bolt.Bucket {
	if tx.idxBucket == nil {
		tx.idxBucket = tx.btx.Bucket(bucketIdx)
	}
	return tx.idxBucket
}

// Writable reports whether tx may write.
func (tx *Tx) Writable() bool { return tx.btx.Writable() }

// NodeID returns the id of the node that owns the store.
func (tx *Tx) NodeID() string { return tx.db.nodeID }

// Get returns the live document kind/id. It returns ENOTFOUND when the
// document does not exist or was deleted.
func (tx *Tx) Get(kind, id string) (Doc, error) {
	st, err := tx.state(kind, id)
	if err != nil {
		return Doc{}, err
	}
	if st == nil || !st.live() {
		return Doc{}, Errorf(ENOTFOUND, "%s %q not found", kind, id)
	}
	return st.doc(kind, id), nil
}

// Lookup returns the document kind/id even when it is a tombstone. ok is
// false when nothing was ever written under that id.
func (tx *Tx) Lookup(kind, id string) (d Doc, ok bool, err error) {
	st, err := tx.state(kind, id)
	if err != nil || st == nil {
		return Doc{}, false, err
	}
	return st.doc(kind, id), true, nil
}

func (tx *Tx) state(kind, id string) (*docState, error) {
	if _, ok := tx.db.kinds[kind]; !ok {
		return nil, Errorf(EINVALID, "unknown kind %q", kind)
	}
	raw := tx.docs().Get(docKey(kind, id))
	if raw == nil {
		return nil, nil
	}
	return decodeState(raw)
}

// ForEach calls fn for every live document of kind, in id order, until fn
// returns an error, which ForEach returns.
func (tx *Tx) ForEach(kind string, fn func(Doc) error) error {
	if _, ok := tx.db.kinds[kind]; !ok {
		return Errorf(EINVALID, "unknown kind %q", kind)
	}
	prefix := docPrefix(kind)
	c := tx.docs().Cursor()
	for k, v := c.Seek(prefix); bytes.HasPrefix(k, prefix); k, v = c.Next() {
		st, err := decodeState(v)
		if err != nil {
			return err
		}
		if !st.live() {
			continue
		}
		if err := fn(st.doc(kind, string(k[len(prefix):]))); err != nil {
			return err
		}
	}
	return nil
}

// Scan calls fn for each entry of the index kind/index whose key is in the
// half-open range [from, to), in key order, then id order. An empty to means
// no upper bound. It stops at the first error fn returns and returns it.
func (tx *Tx) Scan(kind, index, from, to string, fn func(key, id string) error) error {
	return tx.ScanBytes(kind, index, from, to, func(key, id []byte) error {
		return fn(string(key), string(id))
	})
}

// ScanBytes is Scan for readers of many entries: key and id point into the
// store's memory and are valid only until fn returns; fn must neither keep
// nor modify them (copy what it keeps, e.g. with string(key)).
func (tx *Tx) ScanBytes(kind, index, from, to string, fn func(key, id []byte) error) error {
	if err := tx.checkIndex(kind, index); err != nil {
		return err
	}
	prefix := idxPrefix(kind, index)
	c := tx.idx().Cursor()
	for k, _ := c.Seek(append(prefix, from...)); bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		k = k[len(prefix):]
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			return Errorf(EINTERNAL, "index %s/%s holds a damaged entry", kind, index)
		}
		key := k[:i]
		if to != "" && string(key) >= to {
			return nil
		}
		if err := fn(key[:i:i], k[i+1:]); err != nil {
			return err
		}
	}
	return nil
}

// Counts calls fn, in key order, with each distinct key of the Counted
// index kind/index in [from, to) (an empty to means no upper bound) and the
// number of entries under it. Keys without entries are not visited. It
// stops at the first error fn returns and returns it.
func (tx *Tx) Counts(kind, index, from, to string, fn func(key string, n int) error) error {
	ix, err := tx.index(kind, index)
	if err != nil {
		return err
	}
	if !ix.Counted {
		return Errorf(EINVALID, "index %s/%s is not counted", kind, index)
	}
	prefix := idxCountPrefix(kind, index)
	c := tx.idx().Cursor()
	for k, v := c.Seek(append(prefix, from...)); bytes.HasPrefix(k, prefix); k, v = c.Next() {
		key := k[len(prefix):]
		if to != "" && string(key) >= to {
			return nil
		}
		if err := fn(string(key), int(getU64(v))); err != nil {
			return err
		}
	}
	return nil
}

// CountsPrefix is Counts over the keys that start with prefix.
func (tx *Tx) CountsPrefix(kind, index, prefix string, fn func(key string, n int) error) error {
	return tx.Counts(kind, index, prefix, prefixEnd(prefix), func(key string, n int) error {
		if !strings.HasPrefix(key, prefix) {
			return nil
		}
		return fn(key, n)
	})
}

// ScanPrefix is Scan over the keys that start with prefix.
func (tx *Tx) ScanPrefix(kind, index, prefix string, fn func(key, id string) error) error {
	return tx.Scan(kind, index, prefix, prefixEnd(prefix), func(key, id string) error {
		if !strings.HasPrefix(key, prefix) {
			return nil
		}
		return fn(key, id)
	})
}

// prefixEnd returns the smallest string greater than every string with the
// given prefix, or "" when there is none.
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}

func (tx *Tx) checkIndex(kind, index string) error {
	_, err := tx.index(kind, index)
	return err
}

// index returns the declaration of the index kind/index.
func (tx *Tx) index(kind, index string) (*Index, error) {
	k, ok := tx.db.kinds[kind]
	if !ok {
		return nil, Errorf(EINVALID, "unknown kind %q", kind)
	}
	for i := range k.Indexes {
		if k.Indexes[i].Name == index {
			return &k.Indexes[i], nil
		}
	}
	return nil, Errorf(EINVALID, "kind %q has no index %q", kind, index)
}

// Put sets fields of the document kind/id, creating it (or bringing a
// deleted one back) when needed. Fields whose value is unchanged are left
// out of the op; when nothing changes on a live document no op is written.
// A JSON null clears a field. Writes to an existing document of an
// append-only kind return ECONFLICT.
func (tx *Tx) Put(kind, id string, fields map[string]json.RawMessage) error {
	if !tx.Writable() {
		return Errorf(EINVALID, "write in a read-only transaction")
	}
	k, ok := tx.db.kinds[kind]
	if !ok {
		return Errorf(EINVALID, "unknown kind %q", kind)
	}
	if err := checkID(id); err != nil {
		return err
	}
	cur, err := tx.state(kind, id)
	if err != nil {
		return err
	}
	if k.AppendOnly && cur != nil {
		return Errorf(ECONFLICT, "%s %q is an append-only record and cannot be changed", kind, id)
	}
	set := make(map[string]json.RawMessage, len(fields))
	var sets map[string]SetChange
	for name, v := range fields {
		if err := checkField(name); err != nil {
			return err
		}
		c, err := compactJSON(v)
		if err != nil {
			return Errorf(EINVALID, "field %q of %s %q is not valid JSON", name, kind, id)
		}
		if k.set(name) && (cur == nil || cur.Sets[name] == nil && !hasField(cur, name)) {
			// The set's first value is written whole: nothing can have
			// been added to a set no desk has seen yet.
			if _, ok := splitArray(c); !ok {
				return Errorf(EINVALID, "field %q of %s %q is a set: its value must be a JSON array", name, kind, id)
			}
			set[name] = c
			continue
		}
		if k.set(name) {
			ch, err := setChange(cur, kind, id, name, c)
			if err != nil {
				return err
			}
			if len(ch.Add) > 0 || len(ch.Remove) > 0 {
				if sets == nil {
					sets = map[string]SetChange{}
				}
				sets[name] = ch
			}
			continue
		}
		if cur != nil && cur.live() {
			if r, ok := cur.Fields[name]; ok && bytes.Equal(r.V, c) {
				continue
			}
		}
		set[name] = c
	}
	// A group is written whole: the fields of a touched group that were
	// not given, or were given unchanged, keep their current values.
	for _, g := range k.Groups {
		touched := false
		for _, f := range g {
			if _, ok := set[f]; ok {
				touched = true
				break
			}
		}
		if !touched {
			continue
		}
		for _, f := range g {
			if _, ok := set[f]; ok {
				continue
			}
			v := json.RawMessage("null")
			if cur != nil {
				if r, ok := cur.Fields[f]; ok {
					v = r.V
				}
			}
			set[f] = v
		}
	}
	if len(set) == 0 && len(sets) == 0 {
		if cur != nil && cur.live() {
			return nil
		}
		return Errorf(EINVALID, "%s %q: a new document needs at least one field", kind, id)
	}
	return tx.writeLocal(Op{Kind: kind, ID: id, Fields: set, Sets: sets})
}

func hasField(s *docState, name string) bool {
	_, ok := s.Fields[name]
	return ok
}

// setChange returns the adds and removes that turn the set field name of
// cur into the elements of v, a JSON array (null for none).
func setChange(cur *docState, kind, id, name string, v json.RawMessage) (SetChange, error) {
	elems, ok := splitArray(v)
	if !ok {
		return SetChange{}, Errorf(EINVALID, "field %q of %s %q is a set: its value must be a JSON array", name, kind, id)
	}
	have := map[string]bool{}
	if cur != nil {
		if ss := cur.Sets[name]; ss != nil {
			have = ss.members()
		} else if r, ok := cur.Fields[name]; ok {
			old, _ := splitArray(r.V)
			for _, e := range old {
				have[string(e)] = true
			}
		}
	}
	var ch SetChange
	want := make(map[string]bool, len(elems))
	for _, e := range elems {
		if want[string(e)] {
			continue
		}
		want[string(e)] = true
		if !have[string(e)] {
			ch.Add = append(ch.Add, e)
		}
	}
	for _, e := range sortedKeys(have) {
		if !want[e] {
			ch.Remove = append(ch.Remove, json.RawMessage(e))
		}
	}
	return ch, nil
}

// Delete deletes the live document kind/id, leaving a tombstone that
// replicates. It returns ENOTFOUND when there is no such live document, and
// EINVALID for append-only kinds.
func (tx *Tx) Delete(kind, id string) error {
	if !tx.Writable() {
		return Errorf(EINVALID, "write in a read-only transaction")
	}
	k, ok := tx.db.kinds[kind]
	if !ok {
		return Errorf(EINVALID, "unknown kind %q", kind)
	}
	if k.AppendOnly {
		return Errorf(EINVALID, "%s records are append-only; write a correcting record instead of deleting", kind)
	}
	if _, err := tx.Get(kind, id); err != nil {
		return err
	}
	return tx.writeLocal(Op{Kind: kind, ID: id, Deleted: true})
}

// writeLocal stamps op as this node's next op and applies it.
func (tx *Tx) writeLocal(op Op) error {
	op.Origin = tx.db.nodeID
	op.Seq = tx.applied(op.Origin) + 1
	if tx.migration || tx.yielding {
		hlc, err := tx.migrationStamp(&op)
		if err != nil {
			return err
		}
		op.HLC = hlc
	} else if tx.db.pending.Load() {
		return Errorf(EUNAVAILABLE, "the store's migrations have not run yet")
	} else {
		if err := tx.observeStored(op.Kind, op.ID); err != nil {
			return err
		}
		op.HLC = tx.db.clock.Now()
	}
	op.Actor = tx.actor
	if err := op.Validate(); err != nil {
		return err
	}
	return tx.apply(&op, true)
}

// apply appends op to the log, merges it into its document, and updates the
// indexes, counts and version vector. The caller has checked the op's shape
// and that op.Seq follows the origin's last applied seq.
func (tx *Tx) apply(op *Op, local bool) error {
	k := tx.db.kinds[op.Kind]
	tx.dirty = true
	tx.markWritten(op.Kind)
	enc := encodeLogOp(op)
	if len(enc) > tx.db.opts.MaxDocSize {
		return Errorf(EINVALID, "%s %q: the change is %d bytes, more than the limit of %d", op.Kind, op.ID, len(enc), tx.db.opts.MaxDocSize)
	}

	// Op log and version vector.
	log := tx.btx.Bucket(bucketOps)
	log.FillPercent = opsFillPercent // each origin's log only grows at its end
	if err := log.Put(opKey(op.Origin, op.Seq), enc); err != nil {
		return wrapInternal(err, "op log")
	}
	meta := tx.btx.Bucket(bucketMeta)
	if err := meta.Put(vvKey(op.Origin), u64(op.Seq)); err != nil {
		return wrapInternal(err, "version vector")
	}
	if op.HLC > tx.maxStamp {
		tx.maxStamp = op.HLC
	}
	// Observed now, before the commit, so that no write after this
	// transaction's commit can be stamped lower (clocktx.go).
	tx.db.clock.Observe(op.HLC)

	// Merge into the document.
	docs := tx.docs()
	dk := docKey(op.Kind, op.ID)
	st := &docState{}
	if raw := docs.Get(dk); raw != nil {
		var err error
		if st, err = decodeState(raw); err != nil {
			return err
		}
	}
	wasLive := st.live()
	var before Doc
	if wasLive && len(k.Indexes) > 0 {
		before = st.doc(op.Kind, op.ID)
	}
	if !st.merge(op, k) {
		return nil
	}
	sb, err := st.encode()
	if err != nil {
		return err
	}
	if local && len(sb) > tx.db.opts.MaxDocSize {
		return Errorf(EINVALID, "%s %q would be %d bytes, more than the limit of %d", op.Kind, op.ID, len(sb), tx.db.opts.MaxDocSize)
	}
	if err := docs.Put(dk, sb); err != nil {
		return wrapInternal(err, "documents")
	}
	isLive := st.live()

	// Secondary indexes.
	var after Doc
	if isLive && len(k.Indexes) > 0 {
		after = st.doc(op.Kind, op.ID)
	}
	for i := range k.Indexes {
		ix := &k.Indexes[i]
		var oldKeys, newKeys []string
		if wasLive {
			oldKeys = ix.Keys(before)
		}
		if isLive {
			newKeys = ix.Keys(after)
		}
		if err := tx.reindex(op.Kind, ix, op.ID, oldKeys, newKeys); err != nil {
			return err
		}
	}

	// Live document counts.
	if wasLive != isLive {
		n := getU64(meta.Get(countKey(op.Kind)))
		if isLive {
			n++
		} else if n > 0 {
			n--
		}
		if err := meta.Put(countKey(op.Kind), u64(n)); err != nil {
			return wrapInternal(err, "counts")
		}
	}
	return nil
}

// reindex replaces the entries of document id in index ix: oldKeys are
// its keys before the change, newKeys after. Entries present in both are
// left alone, so a change that does not move a document in an index
// writes nothing there.
func (tx *Tx) reindex(kind string, ix *Index, id string, oldKeys, newKeys []string) error {
	ib := tx.idx()
	for _, k := range newKeys {
		if strings.IndexByte(k, 0) >= 0 {
			return Errorf(EINTERNAL, "index %s/%s produced a key with a 0x00 byte", kind, ix.Name)
		}
	}
	old := make(map[string]bool, len(oldKeys))
	for _, k := range oldKeys {
		old[k] = true
	}
	seen := make(map[string]bool, len(newKeys))
	for _, k := range newKeys {
		if seen[k] {
			continue // Keys may repeat a key: it is one entry
		}
		seen[k] = true
		if old[k] {
			delete(old, k) // kept
			continue
		}
		if err := ib.Put(idxKey(kind, ix.Name, k, id), nil); err != nil {
			return wrapInternal(err, "index")
		}
		if err := tx.addCount(ib, kind, ix, k, 1); err != nil {
			return err
		}
	}
	for k := range old { // removed
		if err := ib.Delete(idxKey(kind, ix.Name, k, id)); err != nil {
			return wrapInternal(err, "index")
		}
		if err := tx.addCount(ib, kind, ix, k, -1); err != nil {
			return err
		}
	}
	return nil
}

// addCount adds delta to the count of key in a Counted index, deleting
// the count when it reaches zero.
func (tx *Tx) addCount(ib *bolt.Bucket, kind string, ix *Index, key string, delta int) error {
	if !ix.Counted {
		return nil
	}
	ck := idxCountKey(kind, ix.Name, key)
	n := int64(getU64(ib.Get(ck))) + int64(delta)
	var err error
	if n <= 0 {
		err = ib.Delete(ck)
	} else {
		err = ib.Put(ck, u64(uint64(n)))
	}
	return wrapInternal(err, "index count")
}

// applied returns the highest seq applied from origin.
func (tx *Tx) applied(origin string) uint64 {
	return getU64(tx.btx.Bucket(bucketMeta).Get(vvKey(origin)))
}

// finish records the clock so that it never runs backwards across restarts.
func (tx *Tx) finish() error {
	if tx.maxStamp == 0 {
		return nil
	}
	meta := tx.btx.Bucket(bucketMeta)
	if Timestamp(getU64(meta.Get(keyClock))) >= tx.maxStamp {
		return nil
	}
	return wrapInternal(meta.Put(keyClock, u64(uint64(tx.maxStamp))), "clock")
}

// WriteTo writes a consistent copy of the whole store file to w, while
// other transactions go on. It is a hot backup.
func (tx *Tx) WriteTo(w io.Writer) (int64, error) {
	n, err := tx.btx.WriteTo(w)
	if err != nil {
		return n, &Error{Code: EINTERNAL, Message: fmt.Sprintf("backup failed after %d bytes", n), Err: err}
	}
	return n, nil
}
