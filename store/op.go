package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Op is one write as it travels between nodes: the fields it sets on one
// document, or its deletion. Ops from one origin are numbered 1, 2, 3, …
// without gaps; (HLC, Origin) orders every op of every node.
//
// Applying an op sets each named field, and the document's deleted flag to
// Deleted, wherever the op's stamp (HLC, Origin) is higher than the stamp
// that last wrote it; fields a kind groups into one register are set
// together, and set fields take the op's adds and removes element by
// element (see docState.merge). This merge is commutative, associative and
// idempotent.
type Op struct {
	Origin  string                     `json:"origin"`
	Seq     uint64                     `json:"seq"`
	HLC     Timestamp                  `json:"hlc"`
	Kind    string                     `json:"kind"`
	ID      string                     `json:"id"`
	Fields  map[string]json.RawMessage `json:"fields,omitempty"`
	Sets    map[string]SetChange       `json:"sets,omitempty"`
	Deleted bool                       `json:"deleted,omitempty"`
	Actor   string                     `json:"actor,omitempty"`
}

// SetChange is what an op does to one set field (Kind.Sets): the elements
// it adds and the elements it removes, each as JSON. The merge decides
// each element by the latest op that added or removed it.
type SetChange struct {
	Add    []json.RawMessage `json:"add,omitempty"`
	Remove []json.RawMessage `json:"remove,omitempty"`
}

// Limits on names in ops.
const (
	MaxNameLen  = 64  // kinds, field names, origins, index names
	MaxIDLen    = 128 // document ids
	MaxActorLen = 256
)

// DecodeOp decodes one op from its JSON encoding and validates its shape.
// Unknown JSON fields are refused. It returns an EINVALID error that says
// what is wrong, and never panics, whatever the input.
func DecodeOp(b []byte) (Op, error) {
	var op Op
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&op); err != nil {
		return Op{}, &Error{Code: EINVALID, Message: "op is not valid JSON: " + err.Error()}
	}
	if dec.More() {
		return Op{}, Errorf(EINVALID, "op has trailing data after the JSON object")
	}
	if err := op.Validate(); err != nil {
		return Op{}, err
	}
	return op, nil
}

// Encode returns the canonical JSON encoding of op.
func (op Op) Encode() ([]byte, error) {
	b, err := json.Marshal(op)
	if err != nil {
		return nil, wrapInternal(err, "encode op")
	}
	return b, nil
}

// Validate checks the op's shape: names, ids, numbers and field values. It
// does not check the kind against a schema. Field values are compacted in
// place so that equal JSON has equal bytes.
func (op *Op) Validate() error {
	if err := checkName("origin", op.Origin, MaxNameLen); err != nil {
		return err
	}
	if op.Seq == 0 {
		return Errorf(EINVALID, "op from %s has sequence number 0; sequences start at 1", op.Origin)
	}
	if op.HLC == 0 {
		return Errorf(EINVALID, "op %s/%d has no timestamp", op.Origin, op.Seq)
	}
	if err := checkName("kind", op.Kind, MaxNameLen); err != nil {
		return err
	}
	if err := checkID(op.ID); err != nil {
		return err
	}
	if len(op.Actor) > MaxActorLen || !utf8.ValidString(op.Actor) {
		return Errorf(EINVALID, "op %s/%d has an invalid actor", op.Origin, op.Seq)
	}
	if op.Deleted && (len(op.Fields) > 0 || len(op.Sets) > 0) {
		return Errorf(EINVALID, "op %s/%d deletes %s %q and sets fields at once", op.Origin, op.Seq, op.Kind, op.ID)
	}
	if !op.Deleted && len(op.Fields) == 0 && len(op.Sets) == 0 {
		return Errorf(EINVALID, "op %s/%d on %s %q sets no fields", op.Origin, op.Seq, op.Kind, op.ID)
	}
	for name, v := range op.Fields {
		if err := checkField(name); err != nil {
			return err
		}
		c, err := compactJSON(v)
		if err != nil {
			return Errorf(EINVALID, "field %q of %s %q is not valid JSON", name, op.Kind, op.ID)
		}
		op.Fields[name] = c
	}
	for name, ch := range op.Sets {
		if err := checkField(name); err != nil {
			return err
		}
		if _, ok := op.Fields[name]; ok {
			return Errorf(EINVALID, "op %s/%d both sets and changes the set %q", op.Origin, op.Seq, name)
		}
		if len(ch.Add) == 0 && len(ch.Remove) == 0 {
			return Errorf(EINVALID, "op %s/%d changes nothing in the set %q", op.Origin, op.Seq, name)
		}
		seen := make(map[string]bool, len(ch.Add)+len(ch.Remove))
		for _, list := range [][]json.RawMessage{ch.Add, ch.Remove} {
			for i, e := range list {
				c, err := compactJSON(e)
				if err != nil {
					return Errorf(EINVALID, "an element of the set %q of %s %q is not valid JSON", name, op.Kind, op.ID)
				}
				if seen[string(c)] {
					return Errorf(EINVALID, "op %s/%d names an element of the set %q twice", op.Origin, op.Seq, name)
				}
				seen[string(c)] = true
				list[i] = c
			}
		}
	}
	return nil
}

func compactJSON(v json.RawMessage) (json.RawMessage, error) {
	if len(v) == 0 || !json.Valid(v) {
		return nil, fmt.Errorf("invalid JSON")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, v); err != nil {
		return nil, err
	}
	if bytes.Equal(buf.Bytes(), v) {
		return v, nil
	}
	return json.RawMessage(buf.Bytes()), nil
}

// CheckNodeID returns an EINVALID error unless id has the form of a node
// id, the origin of ops (for protocols that carry origins outside ops).
func CheckNodeID(id string) error { return checkName("node id", id, MaxNameLen) }

// checkName accepts lower-case ASCII names: [a-z0-9] first, then [a-z0-9_.-].
func checkName(what, s string, max int) error {
	if s == "" {
		return Errorf(EINVALID, "%s is empty", what)
	}
	if len(s) > max {
		return Errorf(EINVALID, "%s is longer than %d characters", what, max)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || i > 0 && (c == '_' || c == '-' || c == '.')
		if !ok {
			return Errorf(EINVALID, "%s %q may hold only a-z, 0-9, '_', '-' and '.'", what, s)
		}
	}
	return nil
}

// checkField accepts JSON-friendly field names: a letter first, then letters,
// digits and '_'.
func checkField(s string) error {
	if s == "" || len(s) > MaxNameLen {
		return Errorf(EINVALID, "field name %q must be 1 to %d characters", s, MaxNameLen)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '_')
		if !ok {
			return Errorf(EINVALID, "field name %q may hold only letters, digits and '_', starting with a letter", s)
		}
	}
	return nil
}

// checkID accepts printable UTF-8 ids of at most MaxIDLen bytes.
func checkID(id string) error {
	if id == "" {
		return Errorf(EINVALID, "document id is empty")
	}
	if len(id) > MaxIDLen {
		return Errorf(EINVALID, "document id is longer than %d bytes", MaxIDLen)
	}
	if !utf8.ValidString(id) {
		return Errorf(EINVALID, "document id is not valid UTF-8")
	}
	for _, r := range id {
		if r < 0x20 || r == 0x7f {
			return Errorf(EINVALID, "document id %q holds a control character", id)
		}
	}
	return nil
}
