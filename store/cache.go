package store

import (
	"bytes"
	"encoding/json"
	"sync"
)

// objectCache keeps, per document key, the stored bytes of a live document,
// its JSON object and the typed value GetShared decoded from it, so that
// reading a document that has not changed since it was last read skips
// decoding it. An entry is never stale:
//
//   - It is used without reading the stored bytes when no transaction that
//     wrote a document of its kind has an id above the read-only snapshot
//     it was last checked in (seen) or above the reader's own snapshot:
//     both snapshots then hold the same documents of the kind. Every write
//     transaction marks the kinds it changes (written) before it commits,
//     so a reader can never miss one; a write that rolls back only makes
//     entries miss.
//   - Otherwise it is used when the stored bytes are exactly those it was
//     made from.
//
// Write transactions never vouch for an entry (their writes may roll
// back): what they cache carries seen = 0.
type objectCache struct {
	mu      sync.Mutex
	entries map[string]cachedObject
	written map[string]uint64 // kind -> highest id of a transaction that wrote one
}

type cachedObject struct {
	raw  []byte
	obj  json.RawMessage
	val  any    // a typed value decoded from obj, for GetShared
	seen uint64 // a read-only snapshot known to hold raw, or 0
}

// maxCachedObjects bounds the cache; when full it starts over.
const maxCachedObjects = 8192

// lookup returns the entry of key when it holds the document as the
// snapshot of tx sees it, reading the stored bytes only when the kind may
// have changed. raw is those bytes when they were read (nil otherwise),
// for the caller to decode on a miss.
func (tx *Tx) lookup(kind string, key []byte) (e cachedObject, hit bool, raw []byte) {
	c := &tx.db.cache
	id := uint64(tx.btx.ID())
	readOnly := !tx.btx.Writable()
	c.mu.Lock()
	e, ok := c.entries[string(key)]
	w := c.written[kind]
	c.mu.Unlock()
	if ok && readOnly && e.seen != 0 && w <= id && w <= e.seen {
		return e, true, nil
	}
	raw = tx.docs().Get(key)
	if !ok || raw == nil || !bytes.Equal(e.raw, raw) {
		return cachedObject{}, false, raw
	}
	if readOnly && id > e.seen {
		c.mu.Lock()
		if cur, ok := c.entries[string(key)]; ok && bytes.Equal(cur.raw, raw) && id > cur.seen {
			cur.seen = id
			c.entries[string(key)] = cur
		}
		c.mu.Unlock()
	}
	return e, true, raw
}

// store records the decoded object (and, when val is not nil, the typed
// value) of the stored bytes raw of key, as tx reads them.
func (tx *Tx) store(key, raw []byte, obj json.RawMessage, val any) {
	c := &tx.db.cache
	var seen uint64
	if !tx.btx.Writable() {
		seen = uint64(tx.btx.ID())
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[string(key)]; ok && bytes.Equal(e.raw, raw) {
		if val != nil {
			e.val = val
		}
		e.seen = max(e.seen, seen)
		c.entries[string(key)] = e
		return
	}
	if c.entries == nil || len(c.entries) >= maxCachedObjects {
		c.entries = make(map[string]cachedObject, 256)
	}
	c.entries[string(key)] = cachedObject{raw: bytes.Clone(raw), obj: obj, val: val, seen: seen}
}

// markWritten records that tx writes a document of kind. It must run
// before tx commits.
func (tx *Tx) markWritten(kind string) {
	c := &tx.db.cache
	id := uint64(tx.btx.ID())
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.written == nil {
		c.written = map[string]uint64{}
	}
	if c.written[kind] < id {
		c.written[kind] = id
	}
}

// object returns the JSON object of the live document kind/id (see
// Doc.Object). The bytes are shared: callers must not change them. It
// returns ENOTFOUND when there is no live document.
func (tx *Tx) object(kind, id string) (json.RawMessage, error) {
	if _, ok := tx.db.kinds[kind]; !ok {
		return nil, Errorf(EINVALID, "unknown kind %q", kind)
	}
	key := docKey(kind, id)
	e, hit, raw := tx.lookup(kind, key)
	if hit {
		return e.obj, nil
	}
	if raw == nil {
		return nil, Errorf(ENOTFOUND, "%s %q not found", kind, id)
	}
	st, err := decodeState(raw)
	if err != nil {
		return nil, err
	}
	if !st.live() {
		return nil, Errorf(ENOTFOUND, "%s %q not found", kind, id)
	}
	obj := st.doc(kind, id).Object()
	tx.store(key, raw, obj, nil)
	return obj, nil
}
