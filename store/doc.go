package store

import (
	"bytes"
	"encoding/json"
	"sort"
)

// Doc is the current state of one document as readers see it.
type Doc struct {
	Kind    string
	ID      string
	Fields  map[string]json.RawMessage // current value of every field ever set
	Deleted bool                       // true for a tombstone
	Updated Timestamp                  // the highest stamp merged into the document

	memo *memo
}

type memo struct {
	v    any
	done bool
}

// Memo returns fn's result, computed once for this document however many
// index functions ask: the store hands the same Doc to every index of a
// kind, so they can share one decoding. A Doc made by hand computes fn
// every time. Every caller on one Doc must compute the same value.
func (d Doc) Memo(fn func() any) any {
	if d.memo == nil {
		return fn()
	}
	if !d.memo.done {
		d.memo.v, d.memo.done = fn(), true
	}
	return d.memo.v
}

// Field returns the raw JSON of one field, or nil when it was never set.
func (d Doc) Field(name string) json.RawMessage { return d.Fields[name] }

// Object returns the document's fields as one JSON object with keys in
// sorted order.
func (d Doc) Object() json.RawMessage {
	names := make([]string, 0, len(d.Fields))
	for n := range d.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	buf := make([]byte, 0, 64)
	buf = append(buf, '{')
	for i, n := range names {
		if i > 0 {
			buf = append(buf, ',')
		}
		k, _ := json.Marshal(n)
		buf = append(buf, k...)
		buf = append(buf, ':')
		buf = append(buf, d.Fields[n]...)
	}
	buf = append(buf, '}')
	return buf
}

// stamp orders writes: by HLC, then by origin node id.
type stamp struct {
	HLC  Timestamp `json:"t"`
	Node string    `json:"n"`
}

func (s stamp) less(o stamp) bool {
	if s.HLC != o.HLC {
		return s.HLC < o.HLC
	}
	return s.Node < o.Node
}

// register is one last-writer-wins value with the stamp that wrote it.
type register struct {
	V json.RawMessage `json:"v"`
	stamp
}

// docState is a document as stored: every field as a register, and the
// deleted flag as one more register.
type docState struct {
	Fields  map[string]register `json:"f,omitempty"`
	Deleted bool                `json:"x,omitempty"`
	DelAt   stamp               `json:"d"`
}

// merge applies op to s and reports whether any register (value or stamp)
// changed.
func (s *docState) merge(op *Op, k *Kind) bool {
	st := stamp{HLC: op.HLC, Node: op.Origin}
	changed := false
	if s.DelAt.less(st) {
		// The stamp moves even when the flag keeps its value: a later
		// delivery of an older delete must lose against it.
		s.Deleted, s.DelAt = op.Deleted, st
		changed = true
	}
	for name, v := range op.Fields {
		cur, ok := s.Fields[name]
		if ok && k.forward(name) {
			if c := bytes.Compare(v, cur.V); c < 0 || (c == 0 && !cur.stamp.less(st)) {
				continue // a field that only moves forward keeps the greater value
			}
		} else if ok && !cur.stamp.less(st) {
			continue
		}
		if s.Fields == nil {
			s.Fields = make(map[string]register, len(op.Fields))
		}
		s.Fields[name] = register{V: v, stamp: st}
		changed = true
	}
	return changed
}

// live reports whether the document exists (has been written and is not a
// tombstone).
func (s *docState) live() bool { return !s.Deleted && len(s.Fields) > 0 }

// doc returns the reader's view of s.
func (s *docState) doc(kind, id string) Doc {
	d := Doc{Kind: kind, ID: id, Deleted: s.Deleted, Updated: s.DelAt.HLC, memo: &memo{}}
	d.Fields = make(map[string]json.RawMessage, len(s.Fields))
	for n, r := range s.Fields {
		d.Fields[n] = r.V
		if r.HLC > d.Updated {
			d.Updated = r.HLC
		}
	}
	return d
}

func decodeState(b []byte) (*docState, error) {
	var s docState
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, wrapInternal(err, "stored document is damaged")
	}
	return &s, nil
}

func (s *docState) encode() ([]byte, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, wrapInternal(err, "encode document")
	}
	return b, nil
}
