package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"innkeep/app"
	"innkeep/store"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Names of the audit kind, its indexes and this desk's chain head.
const (
	auditKindName    = "audit"
	auditIndexNewest = "newest" // reversed time, then reversed seq: newest first
	auditSpace       = "audit"  // local space of the chain head
	auditHeadKey     = "head"
)

// Bounds of ListAudit pages.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// auditTimeLayout formats times with a fixed width (nanoseconds, UTC) so
// that the strings sort in time order.
const auditTimeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// auditSeqDigits is the width of the seq in entry ids.
const auditSeqDigits = 12

// auditHashVersion starts the hashed encoding of every entry.
const auditHashVersion = "innkeep-audit-v1\n"

// Placeholders of values that never appear in the audit log.
const (
	auditSecret    = "[secret]"
	auditEncrypted = "[encrypted]"
)

// Entry is one line of the audit log. Before and After hold only the
// top-level fields that the change touched (a creation has no Before, a
// deletion no After); secrets read "[secret]" and encrypted fields
// "[encrypted]".
type Entry struct {
	ID       string                     `json:"id"`   // node + "-" + seq in 12 digits
	Node     string                     `json:"node"` // the desk that wrote the entry
	Seq      uint64                     `json:"seq"`  // 1, 2, 3, … per desk
	At       time.Time                  `json:"at"`   // UTC
	UserID   string                     `json:"user_id"`
	Username string                     `json:"username"`
	Address  string                     `json:"address"`
	Action   string                     `json:"action"`    // a dotted verb, e.g. "user.create"
	Entity   string                     `json:"entity"`    // the kind, e.g. "user"
	EntityID string                     `json:"entity_id"` // "" when the action has no single record
	Before   map[string]json.RawMessage `json:"before,omitempty"`
	After    map[string]json.RawMessage `json:"after,omitempty"`
	PrevHash string                     `json:"prev_hash"` // Hash of the desk's previous entry; "" for seq 1
	Hash     string                     `json:"hash"`      // see computeHash
}

// auditKind declares the kind "audit": append-only, indexed by time both
// ways ("at" oldest first, "newest" newest first).
func auditKind() store.Kind {
	return store.Kind{Name: auditKindName, AppendOnly: true, Indexes: []store.Index{
		{Name: auditIndexNewest, Keys: func(d store.Doc) []string {
			at, seq, ok := auditDocTime(d)
			if !ok {
				return nil
			}
			return []string{auditNewestKey(at, seq)}
		}},
	}}
}

// auditLog returns the typed collection of audit entries.
func auditLog() store.Collection[Entry] {
	return store.NewCollection[Entry](auditKindName)
}

// auditDocTime reads the time and seq of a stored entry for its index keys.
func auditDocTime(d store.Doc) (time.Time, uint64, bool) {
	var at time.Time
	var seq uint64
	if json.Unmarshal(d.Field("at"), &at) != nil || json.Unmarshal(d.Field("seq"), &seq) != nil {
		return time.Time{}, 0, false
	}
	return at, seq, true
}

// auditTimeKey is t as RFC 3339 in UTC with nine fractional digits, so
// that texts sort by time (the hashed form of an entry's time, the export).
func auditTimeKey(t time.Time) string { return t.UTC().Format(auditTimeLayout) }

// auditRevTime is the first part of a key of the index "newest": the
// nanoseconds from t to the year 2262, in 19 digits, so that later times
// sort first. Times outside 1970–2262 are clamped.
func auditRevTime(t time.Time) uint64 {
	var n int64
	switch {
	case !t.After(time.Unix(0, 0)):
		n = 0
	case t.After(time.Unix(0, math.MaxInt64)):
		n = math.MaxInt64
	default:
		n = t.UnixNano()
	}
	return uint64(math.MaxInt64 - n)
}

// auditNewestKey is the key of an entry in the index "newest": reversed
// time, then reversed seq, so that an ascending scan meets the newest entry
// first (entries of one desk with equal times by seq, newest first).
func auditNewestKey(at time.Time, seq uint64) string {
	rev := uint64(0)
	if max := uint64(999_999_999_999); seq < max {
		rev = max - seq
	}
	return fmt.Sprintf("%019d.%012d", auditRevTime(at), rev)
}

// auditBeforeTimeKey returns the smallest key of the index "newest" of the
// entries written strictly before t.
func auditBeforeTimeKey(t time.Time) string { return fmt.Sprintf("%019d", auditRevTime(t)+1) }

// auditID returns the id of entry seq of node.
func auditID(node string, seq uint64) string {
	return fmt.Sprintf("%s-%0*d", node, auditSeqDigits, seq)
}

// splitAuditID returns the node and seq of an entry id.
func splitAuditID(id string) (node string, seq uint64, ok bool) {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 || len(id)-i-1 < auditSeqDigits {
		return "", 0, false
	}
	seq, err := strconv.ParseUint(id[i+1:], 10, 64)
	if err != nil {
		return "", 0, false
	}
	return id[:i], seq, true
}

// computeHash returns the hex SHA-256 of the entry's content and PrevHash.
//
// The hashed bytes are "innkeep-audit-v1\n" followed by these fields, each
// as a netstring (decimal byte length, ":", the bytes, ","), in this order:
// id, node, seq (decimal), at (UTC, "2006-01-02T15:04:05.000000000Z"),
// user_id, username, address, action, entity, entity_id, before, after,
// prev_hash. Before and after are written as canonical JSON objects: keys
// in byte order, each value decoded and re-encoded by encoding/json (numbers
// kept as written, object keys sorted, no spaces, no HTML escapes), and
// "{}" when empty. So
// the hash depends neither on map order nor on how the JSON was spaced or
// escaped on its way through the store and replication.
func (e *Entry) computeHash() string {
	h := sha256.New()
	io.WriteString(h, auditHashVersion)
	for _, f := range []string{
		e.ID, e.Node, strconv.FormatUint(e.Seq, 10), auditTimeKey(e.At),
		e.UserID, e.Username, e.Address, e.Action, e.Entity, e.EntityID,
		string(canonicalObject(e.Before)), string(canonicalObject(e.After)),
		e.PrevHash,
	} {
		fmt.Fprintf(h, "%d:%s,", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// canonicalObject encodes m as a JSON object with sorted keys and canonical
// values (see canonicalJSON); "{}" when m is empty.
func canonicalObject(m map[string]json.RawMessage) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(marshalCanonical(k))
		buf.WriteByte(':')
		buf.Write(canonicalJSON(m[k]))
	}
	buf.WriteByte('}')
	return buf.Bytes()
}

// canonicalJSON decodes raw and encodes it again with marshalCanonical.
// Invalid JSON comes back as it is.
func canonicalJSON(raw json.RawMessage) []byte {
	v, ok := decodeJSONValue(raw)
	if !ok {
		return raw
	}
	return marshalCanonical(v)
}

// marshalCanonical encodes a decoded JSON value with encoding/json, which
// sorts object keys and drops spaces, without escaping <, > and & (so that
// the CSV export stays readable), and without the trailing newline.
func marshalCanonical(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return []byte("null")
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// decodeJSONValue decodes one JSON value, keeping numbers as written.
func decodeJSONValue(raw []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

// auditHead is this desk's chain head, kept in the local space "audit" so
// that appending reads one key, and so that VerifyAudit notices when the
// newest entries were removed.
type auditHead struct {
	Node string `json:"node"`
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// readAuditHead returns the head recorded for node, or a zero head when
// none is recorded (or it belongs to another node id, or is unreadable).
func readAuditHead(tx *store.Tx, node string) auditHead {
	var h auditHead
	raw := tx.LocalGet(auditSpace, auditHeadKey)
	if raw == nil || json.Unmarshal(raw, &h) != nil || h.Node != node {
		return auditHead{Node: node}
	}
	return h
}

// Record appends an entry to this desk's audit chain, in tx, which must be
// the write transaction of the change it records (so that a change without
// its entry cannot be committed). a is who acts; action is a dotted verb
// ("user.create", "session.login_failed", "audit.export"); entity is the
// kind ("user", "role", "hotel", "session", "audit") and entityID the
// record's id ("" when there is none).
//
// before and after are the record before and after the change: structs or
// maps that encode as JSON objects, or nil (before is nil for a creation,
// after for a deletion). Only the top-level fields that differ are kept; a
// field that is null on one side and absent on the other is no change, so
// a creation records its non-null fields.
// Secrets (see isSecretField) become "[secret]" and encrypted values
// "[encrypted]"; an encrypted field that was only sealed again with the same
// plain text does not count as a change when the data key is at hand.
//
// Returns EINTERNAL when tx is read-only or before/after are not JSON
// objects, and the store's error when the entry cannot be written.
func (s *Service) Record(tx *store.Tx, a app.Actor, action, entity, entityID string, before, after any) error {
	if !tx.Writable() {
		return app.Errorf(app.EINTERNAL, "audit %s outside a write transaction", action)
	}
	if action == "" || entity == "" {
		return app.Errorf(app.EINTERNAL, "audit entry without an action or entity")
	}
	b, af, err := s.auditChanges(before, after)
	if err != nil {
		return err
	}
	node := tx.NodeID()
	head, err := auditChainHead(tx, node)
	if err != nil {
		return err
	}
	e := Entry{
		Node:     node,
		Seq:      head.Seq + 1,
		At:       s.Now(),
		UserID:   strings.ToValidUTF8(a.UserID, "\uFFFD"),
		Username: strings.ToValidUTF8(a.Username, "\uFFFD"),
		Address:  strings.ToValidUTF8(a.Address, "\uFFFD"),
		Action:   strings.ToValidUTF8(action, "\uFFFD"),
		Entity:   strings.ToValidUTF8(entity, "\uFFFD"),
		EntityID: strings.ToValidUTF8(entityID, "\uFFFD"),
		Before:   b,
		After:    af,
		PrevHash: head.Hash,
	}
	e.ID = auditID(node, e.Seq)
	e.Hash = e.computeHash()
	if err := auditLog().Create(tx, e.ID, e); err != nil {
		return err
	}
	raw, err := json.Marshal(auditHead{Node: node, Seq: e.Seq, Hash: e.Hash})
	if err != nil {
		return app.Errorf(app.EINTERNAL, "encode the audit chain head: %v", err)
	}
	return tx.LocalPut(auditSpace, auditHeadKey, raw)
}

// auditChainHead returns the head of node's chain: the recorded head, moved
// past entries of node that the store holds beyond it. Usually there are
// none and this costs one lookup; there are some when the head is missing
// or when this desk's own entries came back by replication (after a
// restore), and then the chain continues after them instead of clashing.
func auditChainHead(tx *store.Tx, node string) (auditHead, error) {
	h := readAuditHead(tx, node)
	for {
		d, ok, err := tx.Lookup(auditKindName, auditID(node, h.Seq+1))
		if err != nil {
			return h, err
		}
		if !ok {
			return h, nil
		}
		var e Entry
		if err := json.Unmarshal(d.Object(), &e); err != nil {
			return h, app.Errorf(app.EINTERNAL, "audit entry %s is damaged", d.ID)
		}
		h = auditHead{Node: node, Seq: h.Seq + 1, Hash: e.Hash}
	}
}

// auditChanges returns the fields of before and after that differ, redacted.
func (s *Service) auditChanges(before, after any) (map[string]json.RawMessage, map[string]json.RawMessage, error) {
	bm, err := auditObject(before)
	if err != nil {
		return nil, nil, err
	}
	am, err := auditObject(after)
	if err != nil {
		return nil, nil, err
	}
	null := json.RawMessage("null")
	valueOr := func(m map[string]json.RawMessage, k string) json.RawMessage {
		if v, ok := m[k]; ok {
			return v
		}
		return null
	}
	diff := func(from, other map[string]json.RawMessage) map[string]json.RawMessage {
		var out map[string]json.RawMessage
		for k, v := range from {
			if s.sameAuditValue(v, valueOr(other, k)) {
				continue
			}
			if out == nil {
				out = make(map[string]json.RawMessage)
			}
			out[k] = redactAuditField(k, v)
		}
		return out
	}
	return diff(bm, am), diff(am, bm), nil
}

// auditObject encodes v (a struct, a map or nil) as a JSON object.
func auditObject(v any) (map[string]json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, app.Errorf(app.EINTERNAL, "audit: cannot encode %T: %v", v, err)
	}
	if string(raw) == "null" {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, app.Errorf(app.EINTERNAL, "audit: %T does not encode as a JSON object", v)
	}
	return m, nil
}

// sameAuditValue reports whether two field values are equal as JSON, or
// are two encryptions of the same plain text under the data key.
func (s *Service) sameAuditValue(x, y json.RawMessage) bool {
	if bytes.Equal(canonicalJSON(x), canonicalJSON(y)) {
		return true
	}
	var xs, ys string
	if json.Unmarshal(x, &xs) != nil || json.Unmarshal(y, &ys) != nil || !app.IsEncrypted(xs) || !app.IsEncrypted(ys) {
		return false
	}
	xp, err1 := s.Keys.Decrypt(xs)
	yp, err2 := s.Keys.Decrypt(ys)
	return err1 == nil && err2 == nil && xp == yp
}

// isSecretField reports whether a field holds a secret that the audit log
// never shows: password_hash, token_hash, code_hash, csrf_hash, key, any
// name ending in _hash, _token or _secret, and password, token, secret,
// one_time_code and recovery_phrase.
func isSecretField(name string) bool {
	switch strings.ToLower(name) {
	case "password_hash", "token_hash", "code_hash", "csrf_hash", "key",
		"password", "token", "secret", "one_time_code", "recovery_phrase":
		return true
	}
	n := strings.ToLower(name)
	return strings.HasSuffix(n, "_hash") || strings.HasSuffix(n, "_token") || strings.HasSuffix(n, "_secret")
}

// redactAuditField returns the canonical value of field name, with secrets
// replaced by "[secret]" and encrypted strings by "[encrypted]", at any
// depth.
func redactAuditField(name string, raw json.RawMessage) json.RawMessage {
	if isSecretField(name) {
		return json.RawMessage(`"` + auditSecret + `"`)
	}
	v, ok := decodeJSONValue(raw)
	if !ok {
		return raw
	}
	return marshalCanonical(redactAuditValue(v))
}

func redactAuditValue(v any) any {
	switch x := v.(type) {
	case string:
		if app.IsEncrypted(x) {
			return auditEncrypted
		}
	case []any:
		for i := range x {
			x[i] = redactAuditValue(x[i])
		}
	case map[string]any:
		for k := range x {
			if isSecretField(k) {
				x[k] = auditSecret
			} else {
				x[k] = redactAuditValue(x[k])
			}
		}
	}
	return v
}

// Report is the result of VerifyAudit. Its JSON form is the body of
// GET /api/v1/audit/verify.
type Report struct {
	OK      bool    `json:"ok"`      // every chain is intact
	Entries int     `json:"entries"` // entries of all desks
	Chains  []Chain `json:"chains"`  // one per desk, by node id; never nil
}

// Broken returns one line per broken chain, "desk NODE at seq N: REASON",
// in node order; none when every chain is intact.
func (r Report) Broken() []string {
	var out []string
	for _, c := range r.Chains {
		if !c.OK && c.BrokenAt != nil {
			out = append(out, fmt.Sprintf("desk %s at seq %d: %s", c.Node, c.BrokenAt.Seq, c.BrokenAt.Reason))
		} else if !c.OK {
			out = append(out, fmt.Sprintf("desk %s is broken", c.Node))
		}
	}
	return out
}

// Chain is the state of one desk's chain.
type Chain struct {
	Node     string `json:"node"`
	Entries  int    `json:"entries"`
	OK       bool   `json:"ok"`
	BrokenAt *Break `json:"broken_at"` // nil when OK
}

// Break is the first broken link of a chain: the seq of the first entry
// that is missing or wrong (0 when the finding concerns no single entry),
// and why. Reasons start with one of "hash mismatch", "prev_hash
// mismatch", "seq gap", "truncated", "head missing", "head mismatch",
// "misplaced", "unreadable", "op log mismatch", "op log gap" or "count
// mismatch".
type Break struct {
	Seq    uint64 `json:"seq"`
	Reason string `json:"reason"`
}

// chainWalk follows one desk's chain during VerifyAudit.
type chainWalk struct {
	Chain
	next   uint64 // the seq expected next
	prev   string // the hash of the entry before next
	maxSeq uint64 // the highest seq stored
}

// breakAt records the first broken link of the walk in seq order.
func (c *chainWalk) breakAt(seq uint64, format string, args ...any) {
	c.OK = false
	c.BrokenAt = &Break{Seq: seq, Reason: fmt.Sprintf(format, args...)}
}

// note records a finding of a cross-check: it becomes the chain's break
// when the chain had none, or when it names an earlier entry than the
// break found so far.
func (c *chainWalk) note(seq uint64, format string, args ...any) {
	if c.OK || (seq != 0 && seq < c.BrokenAt.Seq) {
		c.breakAt(seq, format, args...)
	}
}

// chainSet holds the walks of every desk's chain by node id.
type chainSet map[string]*chainWalk

// get returns the walk of node's chain, starting it when there is none.
func (cs chainSet) get(node string) *chainWalk {
	c := cs[node]
	if c == nil {
		c = &chainWalk{Chain: Chain{Node: node, OK: true}, next: 1}
		cs[node] = c
	}
	return c
}

// ok reports whether every chain is intact so far.
func (cs chainSet) ok() bool {
	for _, c := range cs {
		if !c.OK {
			return false
		}
	}
	return true
}

// logWalk follows one origin's op log during VerifyAudit.
type logWalk struct {
	nextOp    uint64 // the op seq expected next
	nextEntry uint64 // the entry seq whose write is expected next
	ops       int
}

// Verify checks the audit log against itself and against the op log that
// recorded its writes, in one snapshot of the store, and reports per desk
// the first broken link:
//
//   - each desk's chain, in seq order: an edited entry (hash mismatch), a
//     removed or reordered one (seq gap, prev_hash mismatch, misplaced);
//   - this desk's head (the record of its newest entry, kept apart from the
//     entries): missing while the desk has entries, naming an older entry
//     than the newest (head mismatch), or a newer one (truncated);
//   - the op log: every audit entry is written by an op of its desk in the
//     same transaction as the change it records, so each desk's log must
//     run 1, 2, 3, … up to its version vector (op log gap), write the
//     desk's entries in seq order, each once, exactly as they are stored
//     (op log mismatch; truncated when the newest are gone), and hold an
//     op for every stored entry;
//   - the store's count of audit entries (count mismatch), and its clock,
//     which records the newest op ever written and is ahead of every op in
//     the log when the newest ops were removed (truncated);
//   - an audit log without entries on a store that holds records or ops
//     (truncated: the log was emptied).
//
// So an edit or a removal is found unless every later entry, its op, the
// version vector, the counts, the indexes, the clock and the head were
// rewritten to match: a rewrite of the file from the point of the change
// on, which only a copy kept elsewhere (a backup, another desk) reveals.
// It checks no permission: callers do (audit.view). It returns an error
// only when the store cannot be read.
func (s *Service) Verify(ctx context.Context) (Report, error) {
	if err := ctx.Err(); err != nil {
		return Report{}, app.Cancelled()
	}
	chains := chainSet{}
	chain := chains.get
	total := 0
	err := s.DB.View(func(tx *store.Tx) error {
		err := tx.ForEach(auditKindName, func(d store.Doc) error {
			total++
			if total%1024 == 0 && ctx.Err() != nil {
				return app.Cancelled()
			}
			node, seq, ok := splitAuditID(d.ID)
			if !ok {
				node = d.ID
			}
			c := chain(node)
			c.Entries++
			c.maxSeq = max(c.maxSeq, seq)
			if !c.OK {
				return nil
			}
			switch {
			case !ok:
				c.breakAt(0, "misplaced: an entry is stored under the malformed id %q", d.ID)
				return nil
			case seq > c.next:
				missing := fmt.Sprintf("entry %d is", c.next)
				if seq > c.next+1 {
					missing = fmt.Sprintf("entries %d to %d are", c.next, seq-1)
				}
				c.breakAt(c.next, "seq gap: %s missing before entry %d; removed from the log", missing, seq)
				return nil
			}
			var e Entry
			if err := json.Unmarshal(d.Object(), &e); err != nil {
				c.breakAt(seq, "unreadable: the entry is not a valid audit entry")
				return nil
			}
			switch {
			case e.ID != d.ID || e.Node != node || e.Seq != seq:
				c.breakAt(seq, "misplaced: the entry stored as %s says it is entry %d of %s; entries were moved", d.ID, e.Seq, e.Node)
			case e.computeHash() != e.Hash:
				c.breakAt(seq, "hash mismatch: the entry was changed after it was written")
			case e.PrevHash != c.prev && seq == 1:
				c.breakAt(seq, "prev_hash mismatch: the first entry must not point at an earlier one")
			case e.PrevHash != c.prev:
				c.breakAt(seq, "prev_hash mismatch: it does not match the hash of entry %d; an entry before it was changed, removed or reordered", seq-1)
			default:
				c.next, c.prev = seq+1, e.Hash
			}
			return nil
		})
		if err != nil {
			return err
		}
		node := tx.NodeID()
		if err := verifyOpLog(ctx, tx, node, chains); err != nil {
			return err
		}
		verifyHead(tx, node, chains)
		// The count and the clock only tell that something was removed;
		// they speak when nothing else did.
		if n := tx.Count(auditKindName); n != total && chains.ok() {
			chain(node).note(0, "count mismatch: the store counts %d audit entries but holds %d; entries were removed or added outside Innkeep", n, total)
		}
		if total == 0 {
			return verifyNotEmptied(tx, s.DB.Kinds(), node, chains)
		}
		return nil
	})
	if err != nil {
		return Report{}, err
	}
	rep := Report{OK: true, Entries: total, Chains: make([]Chain, 0, len(chains))}
	for _, c := range chains {
		rep.Chains = append(rep.Chains, c.Chain)
		rep.OK = rep.OK && c.OK
	}
	sort.Slice(rep.Chains, func(i, j int) bool { return rep.Chains[i].Node < rep.Chains[j].Node })
	return rep, nil
}

// verifyHead checks this desk's chain c (nil when it has no entries)
// against the head the desk recorded: the head must be there when the
// desk has entries, and name the newest of them.
func verifyHead(tx *store.Tx, node string, chains chainSet) {
	c := chains[node]
	var head auditHead
	raw := tx.LocalGet(auditSpace, auditHeadKey)
	present := raw != nil && json.Unmarshal(raw, &head) == nil && head.Node == node && head.Seq > 0
	if c == nil || c.Entries == 0 {
		if present {
			chains.get(node).note(1, "truncated: this desk wrote %d entries but none is left; the log was emptied", head.Seq)
		}
		return
	}
	last := c.maxSeq
	switch {
	case !present:
		c.note(last+1, "head missing: this desk's record of its newest entry is gone; the newest entries may have been removed with it")
	case last < head.Seq:
		c.note(last+1, "truncated: the chain ends at entry %d but this desk wrote %d entries; the newest were removed", last, head.Seq)
	case last > head.Seq:
		c.note(head.Seq+1, "head mismatch: this desk's head names entry %d, but the chain goes on to %d; the head was set back", head.Seq, last)
	default:
		d, found, err := tx.Lookup(auditKindName, auditID(node, last))
		var hash string
		if err == nil && found {
			_ = json.Unmarshal(d.Field("hash"), &hash)
		}
		if hash != head.Hash {
			c.note(last, "head mismatch: the newest entry is not the one this desk wrote; it was replaced")
		}
	}
}

// verifyOpLog compares the op log with the audit entries: every origin's
// ops must run 1, 2, 3, … up to the version vector; the audit ops of an
// origin must write that desk's entries 1, 2, 3, … in order, each once,
// exactly as they are stored; every stored entry must have its op; and the
// recorded clock must not be ahead of the newest op. Findings go to the
// chain of the desk concerned (the clock's to this desk's, node).
func verifyOpLog(ctx context.Context, tx *store.Tx, node string, chains chainSet) error {
	chain := chains.get
	logs := map[string]*logWalk{}
	var newest store.Timestamp
	n := 0
	err := tx.ForEachOp(func(op store.Op, damaged error) error {
		n++
		if n%4096 == 0 && ctx.Err() != nil {
			return app.Cancelled()
		}
		origin := op.Origin
		if origin == "" {
			origin = node
		}
		o := logs[origin]
		if o == nil {
			o = &logWalk{nextOp: 1, nextEntry: 1}
			logs[origin] = o
		}
		c := chain(origin)
		if op.Seq != 0 {
			if op.Seq > o.nextOp {
				missing := fmt.Sprintf("op %d is", o.nextOp)
				if op.Seq > o.nextOp+1 {
					missing = fmt.Sprintf("ops %d to %d are", o.nextOp, op.Seq-1)
				}
				c.note(o.nextEntry, "op log gap: %s missing from the log of desk %s; records were removed from it", missing, origin)
			}
			o.nextOp = op.Seq + 1
		}
		o.ops++
		if damaged != nil {
			c.note(o.nextEntry, "op log mismatch: %v", damaged)
			return nil
		}
		newest = max(newest, op.HLC)
		if op.Kind != auditKindName {
			return nil
		}
		entryNode, seq, ok := splitAuditID(op.ID)
		switch {
		case !ok || entryNode != origin:
			c.note(o.nextEntry, "op log mismatch: op %d of desk %s writes the audit entry %q, which is not one of its own", op.Seq, origin, op.ID)
			return nil
		case seq != o.nextEntry:
			c.note(min(seq, o.nextEntry), "op log mismatch: op %d writes entry %d where the write of entry %d was due; entries were written twice or out of order", op.Seq, seq, o.nextEntry)
		}
		o.nextEntry = seq + 1
		d, found, err := tx.Lookup(auditKindName, op.ID)
		switch {
		case err != nil:
			c.note(seq, "unreadable: entry %d cannot be read: %v", seq, err)
		case !found || d.Deleted:
			if seq > c.maxSeq {
				c.note(seq, "truncated: op %d of the log wrote entry %d, which is gone; the newest entries were removed", op.Seq, seq)
			} else {
				c.note(seq, "seq gap: op %d of the log wrote entry %d, which is gone; it was removed", op.Seq, seq)
			}
		case !sameFields(d.Fields, op.Fields):
			c.note(seq, "op log mismatch: entry %d is not what op %d of the log wrote; it was changed after it was written", seq, op.Seq)
		}
		return nil
	})
	if err != nil {
		return err
	}
	vv := tx.VersionVector()
	for origin, o := range logs {
		if end := o.nextOp - 1; vv[origin] != end {
			chain(origin).note(o.nextEntry, "op log gap: the version vector says desk %s wrote %d ops but its log ends at %d; ops were removed", origin, vv[origin], end)
		}
	}
	for origin, n := range vv {
		if logs[origin] == nil && n > 0 {
			chain(origin).note(1, "op log gap: the version vector says desk %s wrote %d ops but none is in the log; they were removed", origin, n)
		}
	}
	for origin, c := range chains {
		logged := uint64(0)
		if o := logs[origin]; o != nil {
			logged = o.nextEntry - 1
		}
		switch {
		case c.maxSeq > logged && c.Entries > 0:
			c.note(logged+1, "op log mismatch: entries after %d are not in the op log; they were added outside Innkeep, or their ops removed", logged)
		case logged == 0 && logs[origin] != nil && logs[origin].ops > 0 && c.Entries == 0:
			c.note(1, "truncated: desk %s wrote %d ops but none of them wrote an audit entry; its entries were removed with their ops", origin, logs[origin].ops)
		}
	}
	if clock := tx.RecordedClock(); clock > newest && chains.ok() {
		c := chain(node)
		c.note(c.maxSeq+1, "truncated: the store's clock records a write at %s, after the newest op in its log (%s); the newest ops were removed", clock, newest)
	}
	return nil
}

// verifyNotEmptied reports an audit log without entries on a store that
// holds records: every record is written with its entry (by this desk or,
// replicated with it, by another), so an empty log there was emptied.
func verifyNotEmptied(tx *store.Tx, kinds []string, node string, chains chainSet) error {
	for _, kind := range kinds {
		if kind == auditKindName {
			continue
		}
		found := false
		errFound := errors.New("found")
		err := tx.ForEach(kind, func(store.Doc) error {
			found = true
			return errFound
		})
		if err != nil && err != errFound {
			return err
		}
		if found {
			chains.get(node).note(1, "truncated: the store holds records (%s and others) but no audit entry; the audit log was emptied", kind)
			return nil
		}
	}
	return nil
}

// sameFields reports whether a stored entry's fields are exactly those an
// op wrote (the store keeps each value as the op's compact JSON).
func sameFields(stored, written map[string]json.RawMessage) bool {
	if len(stored) != len(written) {
		return false
	}
	for k, v := range written {
		w, ok := stored[k]
		if !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

// Filter selects audit entries. Empty fields match everything.
type Filter struct {
	User   string    // a username or a user id
	Action string    // an action ("user.create"), or a prefix ending in "." ("session.")
	Entity string    // a kind ("user")
	From   time.Time // entries at or after From
	To     time.Time // entries strictly before To
	Limit  int       // entries per page: 0 means 50, at most 500 (ListAudit only)
	// Before continues a listing after the entry of this id (a page's
	// NextBefore), or shows entries strictly before this RFC 3339 time
	// (ListAudit only).
	Before string
}

// Page is one page of the audit log, newest first. Its JSON form is
// the body of GET /api/v1/audit.
type Page struct {
	Entries []Entry `json:"entries"` // never nil
	// NextBefore is the cursor of the next page (the id of the last entry
	// of this one), or "" when there are no more entries.
	NextBefore string `json:"next_before"`
}

// normalize trims the filter and checks its bounds. It returns EINVALID
// when Limit is negative or From is after To.
func (f *Filter) normalize() error {
	f.User = strings.TrimSpace(f.User)
	f.Action = strings.TrimSpace(f.Action)
	f.Entity = strings.TrimSpace(f.Entity)
	f.Before = strings.TrimSpace(f.Before)
	switch {
	case f.Limit < 0:
		return app.E(app.EINVALID, "audit.bad_limit", "limit must be between 1 and {max}", "max", MaxLimit)
	case f.Limit == 0:
		f.Limit = DefaultLimit
	case f.Limit > MaxLimit:
		f.Limit = MaxLimit
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.From.After(f.To) {
		return app.E(app.EINVALID, "audit.from_after_to", "from ({from}) must not be after to ({to})",
			"from", f.From.UTC().Format(time.RFC3339), "to", f.To.UTC().Format(time.RFC3339))
	}
	return nil
}

// matches reports whether e passes the filter's user, action and entity.
func (f *Filter) matches(e *Entry) bool {
	if f.User != "" && !strings.EqualFold(e.Username, f.User) && e.UserID != f.User {
		return false
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			if !strings.HasPrefix(e.Action, f.Action) {
				return false
			}
		} else if e.Action != f.Action {
			return false
		}
	}
	return f.Entity == "" || e.Entity == f.Entity
}

// scanAudit calls fn with each entry that passes f, newest first, starting
// after the cursor (when useCursor). fn returns false to stop.
func scanAudit(tx *store.Tx, f *Filter, useCursor bool, fn func(e *Entry) (bool, error)) error {
	from, to := "", ""
	if !f.To.IsZero() {
		from = auditBeforeTimeKey(f.To)
	}
	if !f.From.IsZero() {
		to = auditBeforeTimeKey(f.From)
	}
	var afterKey, afterID string
	if useCursor && f.Before != "" {
		if t, err := time.Parse(time.RFC3339Nano, f.Before); err == nil {
			afterKey = auditBeforeTimeKey(t)
		} else {
			e, err := auditLog().Get(tx, f.Before)
			if app.ErrorCode(err) == app.ENOTFOUND {
				return app.E(app.EINVALID, "audit.bad_before", "before must be the id of an audit entry or an RFC 3339 time, not \"{before}\"", "before", f.Before)
			} else if err != nil {
				return err
			}
			afterKey, afterID = auditNewestKey(e.At, e.Seq), e.ID
		}
		if afterKey > from {
			from = afterKey
		}
	}
	entries := auditLog()
	stop := errors.New("stop")
	err := tx.Scan(auditKindName, auditIndexNewest, from, to, func(key, id string) error {
		if afterID != "" && key == afterKey && id <= afterID {
			return nil
		}
		e, err := entries.Get(tx, id)
		if err != nil {
			return err
		}
		if !f.matches(&e) {
			return nil
		}
		more, err := fn(&e)
		if err != nil {
			return err
		}
		if !more {
			return stop
		}
		return nil
	})
	if err == stop {
		return nil
	}
	return err
}

// ListAudit returns a page of the audit entries that pass f, newest first.
// It needs audit.view. It returns EFORBIDDEN without it, and EINVALID when
// the filter is malformed or Before is neither an entry id nor a time.
func (s *Service) List(ctx context.Context, a app.Actor, f Filter) (Page, error) {
	if err := a.Require(app.Perm("audit", "view")); err != nil {
		return Page{}, err
	}
	if err := ctx.Err(); err != nil {
		return Page{}, app.Cancelled()
	}
	if err := f.normalize(); err != nil {
		return Page{}, err
	}
	page := Page{Entries: []Entry{}}
	err := s.DB.View(func(tx *store.Tx) error {
		return scanAudit(tx, &f, true, func(e *Entry) (bool, error) {
			if len(page.Entries) == f.Limit {
				page.NextBefore = page.Entries[len(page.Entries)-1].ID
				return false, nil
			}
			page.Entries = append(page.Entries, *e)
			return true, nil
		})
	})
	if err != nil {
		return Page{}, err
	}
	return page, nil
}

// exportRow is the CSV row of e (see auditCSVHeader).
func exportRow(e *Entry) []string {
	var before, after string
	if len(e.Before) > 0 {
		before = string(canonicalObject(e.Before))
	}
	if len(e.After) > 0 {
		after = string(canonicalObject(e.After))
	}
	row := []string{auditTimeKey(e.At), e.Node, strconv.FormatUint(e.Seq, 10), e.Username, e.UserID, e.Address,
		e.Action, e.Entity, e.EntityID, before, after, e.Hash}
	for i := range row {
		row[i] = csvCell(row[i])
	}
	return row
}

// auditCSVHeader is the header row of ExportAuditCSV.
func auditCSVHeader() []string {
	return []string{"at", "node", "seq", "username", "user_id", "address", "action", "entity", "entity_id", "before", "after", "hash"}
}

// csvCell guards a cell against formula injection in spreadsheets: a cell
// that starts with =, +, -, @, a tab or a carriage return gets a leading '.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// exportPage is how many entries ExportCSV reads in one read transaction.
// It writes them to the client after the transaction has ended: a client
// that reads slowly, or not at all, never holds a transaction open, and so
// never holds up the writes that must wait for open reads (bbolt remaps the
// file for a write only when no read is open).
const exportPage = 256

// ExportAuditCSV writes every audit entry that passes f (User, Action,
// Entity, From, To; Limit and Before are ignored) to w as CSV, newest first,
// after a header row (at,node,seq,username,user_id,address,action,entity,
// entity_id,before,after,hash), and returns the number of entries written.
// Cells that a spreadsheet would run as formulas start with '. It reads the
// log a page at a time, each page in a short read transaction of its own,
// and writes to w only between them; entries written meanwhile may appear
// or not, and none appears twice. Then it records the export itself as the
// audit entry "audit.export" with the filter and the row count, also when
// writing to w failed part way. It needs audit.view: it returns EFORBIDDEN
// without it, and EINVALID when the filter is malformed.
func (s *Service) ExportCSV(ctx context.Context, a app.Actor, f Filter, w io.Writer) (int, error) {
	if err := a.Require(app.Perm("audit", "view")); err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, app.Cancelled()
	}
	f.Before, f.Limit = "", 0
	if err := f.normalize(); err != nil {
		return 0, err
	}
	rows := 0
	cw := csv.NewWriter(w)
	err := cw.Write(auditCSVHeader())
	page := make([][]string, 0, exportPage)
	for err == nil {
		page = page[:0]
		err = s.DB.View(func(tx *store.Tx) error {
			return scanAudit(tx, &f, f.Before != "", func(e *Entry) (bool, error) {
				page = append(page, exportRow(e))
				f.Before = e.ID // the next page starts after it
				return len(page) < exportPage, nil
			})
		})
		for _, row := range page {
			if err != nil {
				break
			}
			if err = cw.Write(row); err == nil {
				rows++
			}
		}
		if err != nil {
			break
		}
		cw.Flush()
		if err = cw.Error(); err != nil {
			break
		}
		if len(page) < exportPage {
			break // the last page
		}
		if ctx.Err() != nil {
			err = app.Cancelled()
		}
	}
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	var c app.Coded
	if err != nil && !errors.As(err, &c) {
		// A write to w failed: the client went away or the disk is full.
		err = app.E(app.EUNAVAILABLE, "audit.export_failed", "the export could not be written: {reason}", "reason", err.Error())
	}

	filter := map[string]string{}
	for k, v := range map[string]string{"user": f.User, "action": f.Action, "entity": f.Entity} {
		if v != "" {
			filter[k] = v
		}
	}
	if !f.From.IsZero() {
		filter["from"] = f.From.UTC().Format(time.RFC3339Nano)
	}
	if !f.To.IsZero() {
		filter["to"] = f.To.UTC().Format(time.RFC3339Nano)
	}
	record := map[string]any{"format": "csv", "filter": filter, "rows": rows, "complete": err == nil}
	aerr := s.DB.Update(a.String(), func(tx *store.Tx) error {
		return s.Record(tx, a, "audit.export", "audit", "", nil, record)
	})
	if err != nil {
		return rows, err
	}
	return rows, aerr
}
