package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"sort"
)

// Documents and logged ops are stored in a compact binary encoding:
// a format byte, then unsigned varints and length-prefixed byte strings.
// Field values stay JSON, exactly as written. A document lists each
// distinct (HLC, node) stamp once and its fields point at them, so the
// fields one write set share one stamp instead of repeating it.
//
//	document  0x01 flags(deleted) stamps deletedStamp fields sets
//	stamps    n × (hlc node)            sorted, distinct
//	fields    n × (name stamp value)    sorted by name
//	sets      n × (name clearedStamp m × (element stamp<<1|in)) sorted
//	op        0x01 hlc kind id actor flags(deleted) fields(n × name value)
//	          sets(n × name adds removes)      origin and seq are its key
//
// Stores written before this encoding hold JSON (the first byte is '{');
// both decode, and Open rewrites the old ones once (see convertEncoding).
const formatBinary = 0x01

// encode returns the canonical encoding of s: equal states, equal bytes.
func (s *docState) encode() ([]byte, error) {
	// The stamp table, sorted and distinct.
	idx := map[stamp]int{}
	add := func(st stamp) { idx[st] = 0 }
	add(s.DelAt)
	for _, r := range s.Fields {
		add(r.stamp)
	}
	for _, ss := range s.Sets {
		add(ss.Cleared)
		for _, e := range ss.Elems {
			add(e.stamp)
		}
	}
	stamps := make([]stamp, 0, len(idx))
	for st := range idx {
		stamps = append(stamps, st)
	}
	sort.Slice(stamps, func(i, j int) bool { return stamps[i].less(stamps[j]) })
	for i, st := range stamps {
		idx[st] = i
	}

	size := 16
	for _, st := range stamps {
		size += 12 + len(st.Node)
	}
	for n, r := range s.Fields {
		size += len(n) + len(r.V) + 8
	}
	b := make([]byte, 0, size)
	b = append(b, formatBinary)
	var flags byte
	if s.Deleted {
		flags = 1
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(len(stamps)))
	for _, st := range stamps {
		b = binary.AppendUvarint(b, uint64(st.HLC))
		b = appendStr(b, st.Node)
	}
	b = binary.AppendUvarint(b, uint64(idx[s.DelAt]))

	b = binary.AppendUvarint(b, uint64(len(s.Fields)))
	for _, n := range sortedKeys(s.Fields) {
		r := s.Fields[n]
		b = appendStr(b, n)
		b = binary.AppendUvarint(b, uint64(idx[r.stamp]))
		b = appendStr(b, string(r.V))
	}
	b = binary.AppendUvarint(b, uint64(len(s.Sets)))
	for _, n := range sortedKeys(s.Sets) {
		ss := s.Sets[n]
		b = appendStr(b, n)
		b = binary.AppendUvarint(b, uint64(idx[ss.Cleared]))
		b = binary.AppendUvarint(b, uint64(len(ss.Elems)))
		for _, e := range sortedKeys(ss.Elems) {
			el := ss.Elems[e]
			b = appendStr(b, e)
			v := uint64(idx[el.stamp]) << 1
			if el.In {
				v |= 1
			}
			b = binary.AppendUvarint(b, v)
		}
	}
	return b, nil
}

// decodeState decodes a stored document in either encoding.
func decodeState(b []byte) (*docState, error) {
	if len(b) > 0 && b[0] == '{' {
		return decodeLegacyState(b)
	}
	s, err := decodeBinaryState(b)
	if err != nil {
		return nil, wrapInternal(err, "stored document is damaged")
	}
	return s, nil
}

func decodeBinaryState(b []byte) (*docState, error) {
	r := reader{b: bytes.Clone(b)}
	if r.byte() != formatBinary {
		return nil, errDamaged
	}
	s := &docState{Deleted: r.byte()&1 != 0}
	n := r.count()
	stamps := make([]stamp, 0, n)
	for i := 0; i < n && r.err == nil; i++ {
		hlc := r.uvarint()
		stamps = append(stamps, stamp{HLC: Timestamp(hlc), Node: r.str()})
	}
	at := func(i uint64) stamp {
		if i >= uint64(len(stamps)) {
			r.err = errDamaged
			return stamp{}
		}
		return stamps[i]
	}
	s.DelAt = at(r.uvarint())
	if n := r.count(); n > 0 {
		s.Fields = make(map[string]register, n)
		for i := 0; i < n && r.err == nil; i++ {
			name := r.str()
			st := at(r.uvarint())
			s.Fields[name] = register{V: json.RawMessage(r.bytes()), stamp: st}
		}
	}
	if n := r.count(); n > 0 {
		s.Sets = make(map[string]*setState, n)
		for i := 0; i < n && r.err == nil; i++ {
			name := r.str()
			ss := &setState{Cleared: at(r.uvarint())}
			m := r.count()
			ss.Elems = make(map[string]setElem, m)
			for j := 0; j < m && r.err == nil; j++ {
				e := r.str()
				v := r.uvarint()
				ss.Elems[e] = setElem{stamp: at(v >> 1), In: v&1 == 1}
			}
			s.Sets[name] = ss
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errDamaged
	}
	if r.err != nil {
		return nil, r.err
	}
	return s, nil
}

// legacyState is the JSON encoding of documents before the binary one.
type legacyState struct {
	Fields map[string]struct {
		V json.RawMessage `json:"v"`
		T Timestamp       `json:"t"`
		N string          `json:"n"`
	} `json:"f"`
	Deleted bool `json:"x"`
	DelAt   struct {
		T Timestamp `json:"t"`
		N string    `json:"n"`
	} `json:"d"`
}

func decodeLegacyState(b []byte) (*docState, error) {
	var l legacyState
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, wrapInternal(err, "stored document is damaged")
	}
	s := &docState{Deleted: l.Deleted, DelAt: stamp{HLC: l.DelAt.T, Node: l.DelAt.N}}
	if len(l.Fields) > 0 {
		s.Fields = make(map[string]register, len(l.Fields))
		for n, f := range l.Fields {
			s.Fields[n] = register{V: f.V, stamp: stamp{HLC: f.T, Node: f.N}}
		}
	}
	return s, nil
}

// encodeLogOp returns op's encoding in the op log (origin and seq are the
// entry's key, not part of the value).
func encodeLogOp(op *Op) []byte {
	size := 16 + len(op.Kind) + len(op.ID) + len(op.Actor)
	for n, v := range op.Fields {
		size += len(n) + len(v) + 4
	}
	b := make([]byte, 0, size)
	b = append(b, formatBinary)
	b = binary.AppendUvarint(b, uint64(op.HLC))
	b = appendStr(b, op.Kind)
	b = appendStr(b, op.ID)
	b = appendStr(b, op.Actor)
	var flags byte
	if op.Deleted {
		flags = 1
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(len(op.Fields)))
	for _, n := range sortedKeys(op.Fields) {
		b = appendStr(b, n)
		b = appendStr(b, string(op.Fields[n]))
	}
	b = binary.AppendUvarint(b, uint64(len(op.Sets)))
	for _, n := range sortedKeys(op.Sets) {
		ch := op.Sets[n]
		b = appendStr(b, n)
		for _, list := range [][]json.RawMessage{ch.Add, ch.Remove} {
			b = binary.AppendUvarint(b, uint64(len(list)))
			for _, e := range list {
				b = appendStr(b, string(e))
			}
		}
	}
	return b
}

// decodeLogOp decodes the op log entry k → v, in either encoding.
func decodeLogOp(k, v []byte) (Op, error) {
	origin, seq, ok := splitOpKey(k)
	if !ok {
		return Op{}, Errorf(EINTERNAL, "op log holds a damaged key")
	}
	if len(v) > 0 && v[0] == '{' {
		var op Op
		if err := json.Unmarshal(v, &op); err != nil {
			return Op{}, wrapInternal(err, "op log is damaged")
		}
		return op, nil
	}
	r := reader{b: bytes.Clone(v)}
	if r.byte() != formatBinary {
		return Op{}, Errorf(EINTERNAL, "op log entry %s/%d is damaged", origin, seq)
	}
	op := Op{Origin: origin, Seq: seq, HLC: Timestamp(r.uvarint())}
	op.Kind, op.ID, op.Actor = r.str(), r.str(), r.str()
	op.Deleted = r.byte()&1 != 0
	if n := r.count(); n > 0 {
		op.Fields = make(map[string]json.RawMessage, n)
		for i := 0; i < n && r.err == nil; i++ {
			name := r.str()
			op.Fields[name] = json.RawMessage(r.bytes())
		}
	}
	if n := r.count(); n > 0 {
		op.Sets = make(map[string]SetChange, n)
		for i := 0; i < n && r.err == nil; i++ {
			name := r.str()
			var ch SetChange
			for _, list := range []*[]json.RawMessage{&ch.Add, &ch.Remove} {
				m := r.count()
				for j := 0; j < m && r.err == nil; j++ {
					*list = append(*list, json.RawMessage(r.bytes()))
				}
			}
			op.Sets[name] = ch
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.err = errDamaged
	}
	if r.err != nil {
		return Op{}, Errorf(EINTERNAL, "op log entry %s/%d is damaged", origin, seq)
	}
	return op, nil
}

var errDamaged = Errorf(EINTERNAL, "damaged encoding")

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// reader reads the binary encoding; the first fault sticks in err and
// every later read returns zero values.
type reader struct {
	b   []byte
	err error
}

func (r *reader) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = errDamaged
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errDamaged
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a number of items, each at least one byte long, so a
// damaged count cannot ask for more memory than the input could fill.
func (r *reader) count() int {
	v := r.uvarint()
	if v > uint64(len(r.b)) {
		r.err = errDamaged
		return 0
	}
	return int(v)
}

// bytes reads a length-prefixed byte string. It points into the input,
// which the decoders copy first (bbolt's values live only as long as
// their transaction).
func (r *reader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = errDamaged
		return nil
	}
	c := r.b[:n:n]
	r.b = r.b[n:]
	return c
}

func (r *reader) str() string { return string(r.bytes()) }
