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
// the file was written under, each document of the kind is merged again
// from its ops under the new rules, so that the documents are what any desk
// replaying the same ops would hold (Check compares exactly that), and the
// kind's indexes are rebuilt.

var prefixRulesSig = []byte("rules\x00")

// remergeChunk is how many documents one pass over the op log merges
// again: it bounds the memory of the work on a large store.
const remergeChunk = 20000

// rulesSignature names k's merge rules, in a canonical order.
func rulesSignature(k *Kind) string {
	sorted := func(s []string) string {
		c := append([]string(nil), s...)
		sort.Strings(c)
		return strings.Join(c, ",")
	}
	var groups []string
	for _, g := range k.Groups {
		groups = append(groups, sorted(g))
	}
	sort.Strings(groups)
	return "forward=" + sorted(k.Forward) + ";sets=" + sorted(k.Sets) + ";groups=" + strings.Join(groups, "|")
}

// applyRuleChanges merges again, at open, the documents of every kind
// whose merge rules differ from those the file records, then records the
// rules. A kind merged again has its index signature cleared, so that
// rebuildChangedIndexes, which runs next, rebuilds its indexes.
func (db *DB) applyRuleChanges() error {
	for _, name := range db.Kinds() {
		k := db.kinds[name]
		key := append(bytes.Clone(prefixRulesSig), name...)
		sig := rulesSignature(k)
		var recorded []byte
		var any bool
		if err := db.bolt.View(func(btx *bolt.Tx) error {
			recorded = bytes.Clone(btx.Bucket(bucketMeta).Get(key))
			c := btx.Bucket(bucketDocs).Cursor()
			k, _ := c.Seek(docPrefix(name))
			any = bytes.HasPrefix(k, docPrefix(name))
			return nil
		}); err != nil {
			return wrapInternal(err, "read merge rules")
		}
		if string(recorded) == sig {
			continue
		}
		redo := any && (recorded != nil || len(k.Forward)+len(k.Groups)+len(k.Sets) > 0)
		if redo {
			if err := db.remergeKind(k); err != nil {
				return &Error{Code: ErrorCode(err), Message: "cannot apply the new merge rules of " + name, Err: err}
			}
		}
		err := db.bolt.Update(func(btx *bolt.Tx) error {
			meta := btx.Bucket(bucketMeta)
			if redo {
				if err := meta.Delete(append(bytes.Clone(prefixIndexSig), name...)); err != nil {
					return err
				}
			}
			return meta.Put(key, []byte(sig))
		})
		if err != nil {
			return wrapInternal(err, "record merge rules")
		}
	}
	return nil
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
	prefix := docPrefix(k.Name)
	from := prefix
	for {
		ops := map[string][]Op{} // by document id, for the ids of this chunk
		var next []byte
		err := db.bolt.View(func(btx *bolt.Tx) error {
			c := btx.Bucket(bucketDocs).Cursor()
			for key, _ := c.Seek(from); bytes.HasPrefix(key, prefix); key, _ = c.Next() {
				if len(ops) == remergeChunk {
					next = bytes.Clone(key)
					break
				}
				ops[string(key[len(prefix):])] = nil
			}
			return btx.Bucket(bucketOps).ForEach(func(key, v []byte) error {
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
			})
		})
		if err != nil {
			return err
		}
		err = db.bolt.Update(func(btx *bolt.Tx) error {
			docs, log := btx.Bucket(bucketDocs), btx.Bucket(bucketOps)
			live := int64(0)
			for id, list := range ops {
				dk := docKey(k.Name, id)
				old, err := decodeState(docs.Get(dk))
				if err != nil {
					return err
				}
				st := &docState{}
				sort.Slice(list, func(i, j int) bool {
					return stamp{list[i].HLC, list[i].Origin}.less(stamp{list[j].HLC, list[j].Origin})
				})
				for i := range list {
					op := &list[i]
					if st.completeGroups(op, k) {
						if err := log.Put(opKey(op.Origin, op.Seq), encodeLogOp(op)); err != nil {
							return err
						}
					}
					st.merge(op, k)
				}
				if len(list) == 0 { // no ops held: keep the state, sets as sets
					st = old
					for _, f := range k.Sets {
						if _, ok := st.Fields[f]; ok {
							st.setOf(f)
						}
					}
				}
				if st.live() != old.live() {
					if st.live() {
						live++
					} else {
						live--
					}
				}
				enc, err := st.encode()
				if err != nil {
					return err
				}
				if err := docs.Put(dk, enc); err != nil {
					return err
				}
			}
			if live != 0 {
				meta := btx.Bucket(bucketMeta)
				n := int64(getU64(meta.Get(countKey(k.Name)))) + live
				return meta.Put(countKey(k.Name), u64(uint64(max(n, 0))))
			}
			return nil
		})
		if err != nil {
			return err
		}
		if next == nil {
			return nil
		}
		from = next
	}
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
