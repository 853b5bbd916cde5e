package store

import (
	"encoding/json"
	"reflect"
)

// Collection gives typed access to the documents of one kind. T must
// marshal to a JSON object; each top-level member is one field, merged on
// its own, so edits of different fields on different nodes all survive.
type Collection[T any] struct {
	kind string
}

// NewCollection returns the typed collection of kind.
func NewCollection[T any](kind string) Collection[T] {
	return Collection[T]{kind: kind}
}

// Kind returns the collection's kind.
func (c Collection[T]) Kind() string { return c.kind }

// Get returns the live document id. It returns ENOTFOUND when there is none.
func (c Collection[T]) Get(tx *Tx, id string) (T, error) {
	var v T
	obj, err := tx.object(c.kind, id)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(obj, &v); err != nil {
		return v, &Error{Code: EINTERNAL, Message: "stored " + c.kind + " " + id + " does not fit its type", Err: err}
	}
	return v, nil
}

func (c Collection[T]) decode(d Doc) (T, error) {
	var v T
	if err := json.Unmarshal(d.Object(), &v); err != nil {
		return v, &Error{Code: EINTERNAL, Message: "stored " + c.kind + " " + d.ID + " does not fit its type", Err: err}
	}
	return v, nil
}

// GetShared is Get for readers that only read: the value may be shared
// with other callers (its slices and maps are not copied), and it is
// decoded again only when the stored document changes. Callers must not
// modify it or anything it refers to.
func (c Collection[T]) GetShared(tx *Tx, id string) (T, error) {
	var zero T
	if _, ok := tx.db.kinds[c.kind]; !ok {
		return zero, Errorf(EINVALID, "unknown kind %q", c.kind)
	}
	key := docKey(c.kind, id)
	e, hit, raw := tx.lookup(c.kind, key)
	if hit {
		if t, ok := e.val.(T); ok {
			return t, nil
		}
		if raw == nil {
			raw = e.raw // unchanged in this snapshot
		}
	} else {
		if raw == nil {
			return zero, Errorf(ENOTFOUND, "%s %q not found", c.kind, id)
		}
		st, err := decodeState(raw)
		if err != nil {
			return zero, err
		}
		if !st.live() {
			return zero, Errorf(ENOTFOUND, "%s %q not found", c.kind, id)
		}
		e.obj = st.doc(c.kind, id).Object()
	}
	var v T
	if err := json.Unmarshal(e.obj, &v); err != nil {
		return zero, &Error{Code: EINTERNAL, Message: "stored " + c.kind + " " + id + " does not fit its type", Err: err}
	}
	tx.store(key, raw, e.obj, v)
	return v, nil
}

// Put stores v as document id. Only the fields that differ from the stored
// document go into the op. Fields that T declares (by their JSON names,
// omitempty ones included) and v leaves out are cleared; stored fields
// that T does not declare — written by a newer program, say — are left as
// they are, so a desk that does not know a field never erases it. For a T
// that is not a struct every stored field v lacks is cleared.
func (c Collection[T]) Put(tx *Tx, id string, v T) error {
	b, err := json.Marshal(v)
	if err != nil {
		return &Error{Code: EINVALID, Message: "cannot encode " + c.kind, Err: err}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil || fields == nil {
		return Errorf(EINVALID, "%s must encode as a JSON object", c.kind)
	}
	cur, err := tx.Get(c.kind, id)
	if err == nil {
		declared := declaredFields(reflect.TypeFor[T]())
		for name, old := range cur.Fields {
			if declared != nil && !declared[name] {
				continue // a field this program does not know: kept
			}
			if _, ok := fields[name]; !ok && string(old) != "null" {
				fields[name] = json.RawMessage("null")
			}
		}
	} else if ErrorCode(err) != ENOTFOUND {
		return err
	}
	return tx.Put(c.kind, id, fields)
}

// Create stores v as a new document id. It returns ECONFLICT when a live
// document with that id exists.
func (c Collection[T]) Create(tx *Tx, id string, v T) error {
	if _, err := tx.Get(c.kind, id); err == nil {
		return Errorf(ECONFLICT, "%s %q already exists", c.kind, id)
	} else if ErrorCode(err) != ENOTFOUND {
		return err
	}
	return c.Put(tx, id, v)
}

// Delete deletes document id; see Tx.Delete.
func (c Collection[T]) Delete(tx *Tx, id string) error { return tx.Delete(c.kind, id) }

// ForEach calls fn for each live document in id order.
func (c Collection[T]) ForEach(tx *Tx, fn func(id string, v T) error) error {
	return tx.ForEach(c.kind, func(d Doc) error {
		v, err := c.decode(d)
		if err != nil {
			return err
		}
		return fn(d.ID, v)
	})
}

// Scan calls fn for each document whose key in index lies in [from, to)
// (see Tx.Scan), in index order. A document with several keys in the range
// is visited once per key.
func (c Collection[T]) Scan(tx *Tx, index, from, to string, fn func(key, id string, v T) error) error {
	return tx.Scan(c.kind, index, from, to, func(key, id string) error {
		v, err := c.Get(tx, id)
		if err != nil {
			return err
		}
		return fn(key, id, v)
	})
}

// ScanShared is Scan for readers that only read: each value comes from
// GetShared and must not be modified.
func (c Collection[T]) ScanShared(tx *Tx, index, from, to string, fn func(key, id string, v T) error) error {
	return tx.Scan(c.kind, index, from, to, func(key, id string) error {
		v, err := c.GetShared(tx, id)
		if err != nil {
			return err
		}
		return fn(key, id, v)
	})
}
