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
	V json.RawMessage
	stamp
}

// setElem is one element of a set field: whether it is in the set, and the
// stamp of the add or remove that said so last.
type setElem struct {
	stamp
	In bool
}

// setState is a field whose value is a set of JSON values (a list whose
// order carries no meaning, edited by several desks at once): each element
// is a last-writer-wins flag, so one desk's add and another's remove of
// other elements both survive a merge. Cleared is the stamp of the last
// write that replaced the whole set (a plain write of the field): marks
// stamped before it are dropped, whichever order the ops arrive in. Every
// part merges by maximum, so the merge is commutative, associative and
// idempotent.
type setState struct {
	Cleared stamp
	Elems   map[string]setElem // by the element's compact JSON
}

// visible reports whether e is in the set.
func (ss *setState) visible(e setElem) bool { return e.In }

// value returns the set as a JSON array, elements ordered by the stamp
// that added them, then by their bytes (so an element added later comes
// last).
func (ss *setState) value() json.RawMessage {
	type el struct {
		b string
		s stamp
	}
	var els []el
	for b, e := range ss.Elems {
		if ss.visible(e) {
			els = append(els, el{b, e.stamp})
		}
	}
	if len(els) == 0 {
		return json.RawMessage("[]")
	}
	sort.Slice(els, func(i, j int) bool {
		if els[i].s != els[j].s {
			return els[i].s.less(els[j].s)
		}
		return els[i].b < els[j].b
	})
	n := 1
	for _, e := range els {
		n += len(e.b) + 1
	}
	buf := make([]byte, 0, n)
	buf = append(buf, '[')
	for i, e := range els {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, e.b...)
	}
	return append(buf, ']')
}

// members returns the elements in the set.
func (ss *setState) members() map[string]bool {
	m := make(map[string]bool, len(ss.Elems))
	if ss == nil {
		return m
	}
	for b, e := range ss.Elems {
		if ss.visible(e) {
			m[b] = true
		}
	}
	return m
}

// mark sets element b in or out at st, when st is later than its stamp.
// Marks older than the last replacement of the whole set are dropped: they
// can never show, and keeping none of them makes equal sets equal states
// whatever history led to them.
func (ss *setState) mark(b string, in bool, st stamp) bool {
	if st.less(ss.Cleared) {
		return false
	}
	cur, ok := ss.Elems[b]
	if ok && !cur.stamp.less(st) {
		return false
	}
	if ss.Elems == nil {
		ss.Elems = map[string]setElem{}
	}
	ss.Elems[b] = setElem{stamp: st, In: in}
	return true
}

// replace makes the set exactly the elements of v (a JSON array, or null
// for none; any other value is one element) as of st.
func (ss *setState) replace(v json.RawMessage, st stamp) bool {
	changed := false
	if ss.Cleared.less(st) {
		ss.Cleared = st
		changed = true
		for b, e := range ss.Elems {
			if e.stamp.less(st) {
				delete(ss.Elems, b)
			}
		}
	}
	elems, ok := splitArray(v)
	if !ok {
		// A value other than an array, written before the field became
		// a set, is its one element.
		elems = []json.RawMessage{v}
	}
	for _, e := range elems {
		if ss.mark(string(e), true, st) {
			changed = true
		}
	}
	return changed
}

// splitArray returns the compact elements of the JSON array v; null gives
// none. ok is false when v is neither.
func splitArray(v json.RawMessage) (elems []json.RawMessage, ok bool) {
	if len(v) == 0 || string(v) == "null" {
		return nil, true
	}
	if err := json.Unmarshal(v, &elems); err != nil {
		return nil, false
	}
	for i, e := range elems {
		c, err := compactJSON(e)
		if err != nil {
			return nil, false
		}
		elems[i] = c
	}
	return elems, true
}

// docState is a document as stored: every field as a register or a set,
// and the deleted flag as one more register.
type docState struct {
	Fields  map[string]register
	Sets    map[string]*setState
	Deleted bool
	DelAt   stamp
}

// merge applies op to s and reports whether any register (value or stamp)
// changed. Fields of one group of k are one register: the op with the
// highest stamp among those that wrote the group sets all of them, a field
// it left out becoming null. Set fields take the op's adds and removes
// element by element; a plain value written to a set field replaces the
// whole set.
func (s *docState) merge(op *Op, k *Kind) bool {
	st := stamp{HLC: op.HLC, Node: op.Origin}
	changed := false
	if s.DelAt.less(st) {
		// The stamp moves even when the flag keeps its value: a later
		// delivery of an older delete must lose against it.
		s.Deleted, s.DelAt = op.Deleted, st
		changed = true
	}
	var groups map[int]bool // groups of k the op writes, decided below
	for name := range op.Fields {
		if g := k.group(name); g >= 0 {
			if groups == nil {
				groups = map[int]bool{}
			}
			groups[g] = true
		}
	}
	for g := range groups {
		fields := k.Groups[g]
		if !s.groupStamp(fields).less(st) {
			continue // a later write of the group holds
		}
		for _, name := range fields {
			v, ok := op.Fields[name]
			if !ok {
				v = json.RawMessage("null")
			}
			s.setRegister(name, v, st)
		}
		changed = true
	}
	for name, v := range op.Fields {
		if k.group(name) >= 0 {
			continue
		}
		if k.set(name) || s.Sets[name] != nil {
			if s.setOf(name).replace(v, st) {
				changed = true
			}
			continue
		}
		cur, ok := s.Fields[name]
		if ok && k.forward(name) {
			if c := bytes.Compare(v, cur.V); c < 0 || (c == 0 && !cur.stamp.less(st)) {
				continue // a field that only moves forward keeps the greater value
			}
		} else if ok && !cur.stamp.less(st) {
			continue
		}
		s.setRegister(name, v, st)
		changed = true
	}
	for name, ch := range op.Sets {
		ss := s.setOf(name)
		for _, e := range ch.Add {
			if ss.mark(string(e), true, st) {
				changed = true
			}
		}
		for _, e := range ch.Remove {
			if ss.mark(string(e), false, st) {
				changed = true
			}
		}
	}
	return changed
}

// groupStamp returns the highest stamp among the fields of one group.
func (s *docState) groupStamp(fields []string) stamp {
	var max stamp
	for _, f := range fields {
		if r, ok := s.Fields[f]; ok && max.less(r.stamp) {
			max = r.stamp
		}
	}
	return max
}

func (s *docState) setRegister(name string, v json.RawMessage, st stamp) {
	if s.Fields == nil {
		s.Fields = make(map[string]register, 8)
	}
	s.Fields[name] = register{V: v, stamp: st}
}

// setOf returns the set field name, making it; a value the field held as
// a plain register (written before the field became a set) becomes the
// set's content as of that register's stamp.
func (s *docState) setOf(name string) *setState {
	if ss := s.Sets[name]; ss != nil {
		return ss
	}
	ss := &setState{}
	if r, ok := s.Fields[name]; ok {
		ss.replace(r.V, r.stamp)
		delete(s.Fields, name)
	}
	if s.Sets == nil {
		s.Sets = map[string]*setState{}
	}
	s.Sets[name] = ss
	return ss
}

// live reports whether the document exists (has been written and is not a
// tombstone).
func (s *docState) live() bool { return !s.Deleted && (len(s.Fields) > 0 || len(s.Sets) > 0) }

// doc returns the reader's view of s.
func (s *docState) doc(kind, id string) Doc {
	d := Doc{Kind: kind, ID: id, Deleted: s.Deleted, Updated: s.DelAt.HLC, memo: &memo{}}
	d.Fields = make(map[string]json.RawMessage, len(s.Fields)+len(s.Sets))
	for n, r := range s.Fields {
		d.Fields[n] = r.V
		if r.HLC > d.Updated {
			d.Updated = r.HLC
		}
	}
	for n, ss := range s.Sets {
		d.Fields[n] = ss.value()
		if ss.Cleared.HLC > d.Updated {
			d.Updated = ss.Cleared.HLC
		}
		for _, e := range ss.Elems {
			if e.HLC > d.Updated {
				d.Updated = e.HLC
			}
		}
	}
	return d
}
