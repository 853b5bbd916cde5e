package store

import (
	"bytes"
	"encoding/json"
	"sync"
)

// objectCache keeps, per document key, the stored bytes of a live document
// and its JSON object, so that reading a document that has not changed
// since it was last read skips decoding its registers. An entry is used
// only while the stored bytes are exactly those it was made from, so it is
// never stale, whatever wrote the document.
type objectCache struct {
	mu      sync.Mutex
	entries map[string]cachedObject
}

type cachedObject struct {
	raw []byte
	obj json.RawMessage
	val any // a typed value decoded from obj, for GetShared
}

// maxCachedObjects bounds the cache; when full it starts over.
const maxCachedObjects = 8192

func (c *objectCache) get(key, raw []byte) (json.RawMessage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[string(key)]
	if !ok || !bytes.Equal(e.raw, raw) {
		return nil, false
	}
	return e.obj, true
}

// typed returns the typed value cached for the stored bytes raw, if any.
func (c *objectCache) typed(key, raw []byte) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[string(key)]
	if !ok || e.val == nil || !bytes.Equal(e.raw, raw) {
		return nil, false
	}
	return e.val, true
}

// setTyped records v as the typed value of the stored bytes raw.
func (c *objectCache) setTyped(key, raw []byte, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[string(key)]; ok && bytes.Equal(e.raw, raw) {
		e.val = v
		c.entries[string(key)] = e
	}
}

func (c *objectCache) put(key, raw []byte, obj json.RawMessage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxCachedObjects {
		c.entries = make(map[string]cachedObject, 256)
	}
	c.entries[string(key)] = cachedObject{raw: bytes.Clone(raw), obj: obj}
}

// object returns the JSON object of the live document kind/id (see
// Doc.Object). The bytes are shared: callers must not change them. It
// returns ENOTFOUND when there is no live document.
func (tx *Tx) object(kind, id string) (json.RawMessage, error) {
	if _, ok := tx.db.kinds[kind]; !ok {
		return nil, Errorf(EINVALID, "unknown kind %q", kind)
	}
	key := docKey(kind, id)
	raw := tx.btx.Bucket(bucketDocs).Get(key)
	if raw == nil {
		return nil, Errorf(ENOTFOUND, "%s %q not found", kind, id)
	}
	if obj, ok := tx.db.cache.get(key, raw); ok {
		return obj, nil
	}
	st, err := decodeState(raw)
	if err != nil {
		return nil, err
	}
	if !st.live() {
		return nil, Errorf(ENOTFOUND, "%s %q not found", kind, id)
	}
	obj := st.doc(kind, id).Object()
	tx.db.cache.put(key, raw, obj)
	return obj, nil
}
