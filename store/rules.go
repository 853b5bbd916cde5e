package store

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// A kind's merge rules (Forward, Groups, Sets) decide what its documents
// hold after a given set of ops. When a program declares other rules than
// the file was written under, the documents of the kind are brought to
// what any desk replaying the same ops under the new rules would hold
// (Check compares exactly that), and their index entries follow.

var prefixRulesSig = []byte("rules\x00")

// keyExchanged, in meta, is set by the first op ApplyRemote applies: from
// then on the log holds ops that other desks hold too.
var keyExchanged = []byte("exchanged")

// markExchanged records that the store has applied another desk's op.
func (tx *Tx) markExchanged() error {
	meta := tx.btx.Bucket(bucketMeta)
	if meta.Get(keyExchanged) != nil {
		return nil
	}
	return wrapInternal(meta.Put(keyExchanged, []byte{1}), "exchanged")
}

// remergeChunk is how many documents one pass over the op log merges
// again: it bounds the memory of the work on a large store.
const remergeChunk = 20000

// rulesSignature names k's merge rules, in a canonical order.
func rulesSignature(k *Kind) string {
	return "forward=" + sortedJoin(k.Forward) + ";sets=" + sortedJoin(k.Sets) + ";groups=" + groupsSignature(k)
}

func groupsSignature(k *Kind) string {
	var groups []string
	for _, g := range k.Groups {
		groups = append(groups, sortedJoin(g))
	}
	sort.Strings(groups)
	return strings.Join(groups, "|")
}

func sortedJoin(s []string) string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return strings.Join(c, ",")
}

// applyRuleChanges brings, at open, the documents of every kind whose
// merge rules differ from those the file records up to the new rules, then
// records them. New groups need the op log (remergeKind), whole and held by
// this desk alone (it rewrites ops): a store that has exchanged ops, been
// pruned or started from a snapshot refuses to open with new groups. New
// sets and forward fields only turn stored values into sets (reshapeKind):
// a replay of plain writes under them gives exactly that.
func (db *DB) applyRuleChanges() error {
	for _, name := range db.Kinds() {
		k := db.kinds[name]
		key := append(bytes.Clone(prefixRulesSig), name...)
		sig := rulesSignature(k)
		var recorded []byte
		var shared, any bool
		if err := db.bolt.View(func(btx *bolt.Tx) error {
			meta := btx.Bucket(bucketMeta)
			recorded = bytes.Clone(meta.Get(key))
			k, _ := meta.Cursor().Seek(prefixPruned)
			shared = meta.Get(keyExchanged) != nil || bytes.HasPrefix(k, prefixPruned)
			d, _ := btx.Bucket(bucketDocs).Cursor().Seek(docPrefix(name))
			any = bytes.HasPrefix(d, docPrefix(name))
			return nil
		}); err != nil {
			return wrapInternal(err, "read merge rules")
		}
		if string(recorded) == sig {
			continue
		}
		oldGroups := ""
		if _, g, ok := strings.Cut(string(recorded), ";groups="); ok {
			oldGroups = g
		}
		var err error
		if groupsSignature(k) != oldGroups && len(k.Groups) > 0 && any && shared {
			// Merging again would complete logged ops, other desks'
			// included, with what this desk held, which another desk
			// would do otherwise, and a cut log cannot be merged again
			// at all: new groups on such a store need a migration.
			return Errorf(EINVALID, "the fields of %s are grouped otherwise than when this store was written, and the store has exchanged ops with other desks (or was pruned or started from a snapshot): such a change needs a migration", name)
		}
		if groupsSignature(k) != oldGroups && len(k.Groups) > 0 {
			err = db.remergeKind(k)
		} else if len(k.Sets) > 0 {
			err = db.reshapeKind(k)
		}
		if err != nil {
			return &Error{Code: ErrorCode(err), Message: "cannot apply the new merge rules of " + name, Err: err}
		}
		if err := db.bolt.Update(func(btx *bolt.Tx) error {
			return btx.Bucket(bucketMeta).Put(key, []byte(sig))
		}); err != nil {
			return wrapInternal(err, "record merge rules")
		}
	}
	return nil
}

// reshapeKind turns the stored values of k's set fields into sets, a
// chunk of documents per transaction, with their index entries.
func (db *DB) reshapeKind(k *Kind) error {
	return db.eachChunk(k, func(tx *Tx, ids []string) error {
		for _, id := range ids {
			old, err := tx.state(k.Name, id)
			if err != nil {
				return err
			}
			if err := tx.replaceState(k, id, old, withSets(old, k)); err != nil {
				return err
			}
		}
		return nil
	})
}

// remergeKind rebuilds every document of k from its ops in the log under
// k's rules, remergeChunk documents per pass over the log. Each document's
// ops are merged in stamp order, and an op that wrote only some fields of
// a group is first completed with the values the document held just
// before it, as a local write under the new rules would have been; the op
// is rewritten so in the log, so that a replay in any order, here or on
// another desk, gives the same document (without this, the fields it left
// out would become null). A document with no ops in the log keeps its
// state, with the values of fields that became sets turned into sets.
func (db *DB) remergeKind(k *Kind) error {
	return db.eachChunk(k, func(tx *Tx, ids []string) error {
		ops := make(map[string][]Op, len(ids))
		for _, id := range ids {
			ops[id] = nil
		}
		log := tx.btx.Bucket(bucketOps)
		if err := log.ForEach(func(key, v []byte) error {
			kind, id, ok := peekLogOp(v)
			if !ok {
				return Errorf(EINTERNAL, "op log entry %q is damaged", key)
			}
			list, want := ops[id]
			if kind != k.Name || !want {
				return nil
			}
			op, err := decodeLogOp(key, v)
			if err != nil {
				return err
			}
			ops[id] = append(list, op)
			return nil
		}); err != nil {
			return err
		}
		for _, id := range ids {
			old, err := tx.state(k.Name, id)
			if err != nil {
				return err
			}
			list := ops[id]
			st := &docState{}
			sort.Slice(list, func(i, j int) bool {
				return stamp{list[i].HLC, list[i].Origin}.less(stamp{list[j].HLC, list[j].Origin})
			})
			for i := range list {
				op := &list[i]
				if st.completeGroups(op, k) {
					if err := log.Put(opKey(op.Origin, op.Seq), encodeLogOp(op)); err != nil {
						return wrapInternal(err, "op log")
					}
				}
				st.merge(op, k)
			}
			if len(list) == 0 { // no ops held: keep the state, sets as sets
				st = withSets(old, k)
			}
			if err := tx.replaceState(k, id, old, st); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachChunk calls fn with the ids of k's documents, remergeChunk at a
// time, each chunk in a write transaction of its own.
func (db *DB) eachChunk(k *Kind, fn func(tx *Tx, ids []string) error) error {
	prefix := docPrefix(k.Name)
	from := prefix
	for from != nil {
		err := db.Update("rules", func(tx *Tx) error {
			tx.dirty = true // writes the file directly: a failure must roll its batch back
			var ids []string
			c := tx.docs().Cursor()
			key, _ := c.Seek(from)
			from = nil
			for ; bytes.HasPrefix(key, prefix); key, _ = c.Next() {
				if len(ids) == remergeChunk {
					from = bytes.Clone(key)
					break
				}
				ids = append(ids, string(key[len(prefix):]))
			}
			return fn(tx, ids)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// replaceState stores st as document id of k in place of old, and moves
// its index entries and the kind's live count when what readers see
// changed. It writes no op: the new state is what the ops already say.
func (tx *Tx) replaceState(k *Kind, id string, old, st *docState) error {
	a, b := mustEncode(old), mustEncode(st)
	if bytes.Equal(a, b) {
		return nil
	}
	if err := tx.docs().Put(docKey(k.Name, id), b); err != nil {
		return wrapInternal(err, "documents")
	}
	tx.markWritten(k.Name)
	var before, after Doc
	if old.live() {
		before = old.doc(k.Name, id)
	}
	if st.live() {
		after = st.doc(k.Name, id)
	}
	if old.live() == st.live() && sameFields(before.Fields, after.Fields) {
		return nil // readers see the same document: its index entries stand
	}
	for i := range k.Indexes {
		ix := &k.Indexes[i]
		var oldKeys, newKeys []string
		if old.live() {
			oldKeys = ix.Keys(before)
		}
		if st.live() {
			newKeys = ix.Keys(after)
		}
		if err := tx.reindex(k.Name, ix, id, oldKeys, newKeys); err != nil {
			return err
		}
	}
	if old.live() != st.live() {
		meta := tx.btx.Bucket(bucketMeta)
		n := int64(getU64(meta.Get(countKey(k.Name))))
		if st.live() {
			n++
		} else {
			n--
		}
		return wrapInternal(meta.Put(countKey(k.Name), u64(uint64(max(n, 0)))), "counts")
	}
	return nil
}

func sameFields(a, b map[string]json.RawMessage) bool {
	if len(a) != len(b) {
		return false
	}
	for n, v := range a {
		w, ok := b[n]
		if !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

// withSets returns a copy of old whose values of k's set fields are sets:
// what a replay of the plain writes that set them gives under k's rules.
func withSets(old *docState, k *Kind) *docState {
	st, _ := decodeState(mustEncode(old))
	for _, f := range k.Sets {
		if _, ok := st.Fields[f]; ok {
			st.setOf(f)
		}
	}
	return st
}

func mustEncode(s *docState) []byte {
	if s == nil {
		s = &docState{}
	}
	b, _ := s.encode()
	return b
}

// completeGroups adds to op the fields of each group of k that it writes
// only in part, with the values s holds (null where s has none), and
// reports whether it added any.
func (s *docState) completeGroups(op *Op, k *Kind) bool {
	added := false
	for _, g := range k.Groups {
		touched := false
		for _, f := range g {
			if _, ok := op.Fields[f]; ok {
				touched = true
				break
			}
		}
		if !touched {
			continue
		}
		for _, f := range g {
			if _, ok := op.Fields[f]; ok {
				continue
			}
			v := json.RawMessage("null")
			if r, ok := s.Fields[f]; ok {
				v = r.V
			}
			op.Fields[f] = v
			added = true
		}
	}
	return added
}

// peekLogOp returns the kind and id of a logged op without decoding the
// rest.
func peekLogOp(v []byte) (kind, id string, ok bool) {
	if len(v) > 0 && v[0] == '{' {
		op, err := decodeLogOp(opKey("x", 1), v)
		return op.Kind, op.ID, err == nil
	}
	r := reader{b: v}
	if r.byte() != formatBinary {
		return "", "", false
	}
	r.uvarint()
	kind, id = r.str(), r.str()
	return kind, id, r.err == nil
}
