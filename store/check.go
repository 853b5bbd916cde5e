package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Check verifies the store: bbolt's own page check, that every origin's op
// log runs 1..n without gaps and ends at the version vector, that replaying
// the op log gives exactly the stored documents, and that indexes and
// counts match the documents. It returns nil or an EINTERNAL error that
// lists the first problems found.
func (db *DB) Check() error {
	return db.View(func(tx *Tx) error { return tx.Check() })
}

// maxProblems bounds how many problems Check reports.
const maxProblems = 10

// Check is DB.Check within tx's snapshot.
func (tx *Tx) Check() error {
	var problems []string
	report := func(format string, args ...any) {
		if len(problems) < maxProblems {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	for err := range tx.btx.Check() {
		report("file: %v", err)
	}
	if len(problems) > 0 {
		return checkError(problems)
	}
	if meta := tx.btx.Bucket(bucketMeta); meta == nil || len(meta.Get(keyNodeID)) == 0 {
		report("the node id is missing")
		return checkError(problems)
	}

	// Replay the op log.
	replay := map[string]map[string]*docState{}
	vv := tx.btx.Bucket(bucketVV)
	ops := tx.btx.Bucket(bucketOps)
	_ = ops.ForEachBucket(func(origin []byte) error {
		var want uint64 = 1
		_ = ops.Bucket(origin).ForEach(func(k, v []byte) error {
			seq := getU64(k)
			if seq != want {
				report("op log of %s jumps from %d to %d", origin, want-1, seq)
			}
			want = seq + 1
			var op Op
			if err := json.Unmarshal(v, &op); err != nil {
				report("op %s/%d is damaged: %v", origin, seq, err)
				return nil
			}
			if op.Origin != string(origin) || op.Seq != seq {
				report("op %s/%d is filed under the wrong origin or seq", origin, seq)
			}
			byID := replay[op.Kind]
			if byID == nil {
				byID = map[string]*docState{}
				replay[op.Kind] = byID
			}
			st := byID[op.ID]
			if st == nil {
				st = &docState{}
				byID[op.ID] = st
			}
			st.merge(&op)
			return nil
		})
		if got := getU64(vv.Get(origin)); got != want-1 {
			report("version vector says %d for %s but its op log ends at %d", got, origin, want-1)
		}
		return nil
	})
	_ = vv.ForEach(func(k, v []byte) error {
		if ops.Bucket(k) == nil && getU64(v) > 0 {
			report("version vector names %s but it has no op log", k)
		}
		return nil
	})

	// Compare documents, counts and indexes.
	docs := tx.btx.Bucket(bucketDocs)
	counts := tx.btx.Bucket(bucketCounts)
	seen := map[string]bool{}
	_ = docs.ForEachBucket(func(kindB []byte) error {
		kind := string(kindB)
		seen[kind] = true
		live := 0
		expected := map[string]map[string]bool{} // index -> entries
		k := tx.db.kinds[kind]
		_ = docs.Bucket(kindB).ForEach(func(id, v []byte) error {
			st, err := decodeState(v)
			if err != nil {
				report("%s %q is damaged", kind, id)
				return nil
			}
			want := replay[kind][string(id)]
			if want == nil {
				report("%s %q has no ops in the log", kind, id)
			} else {
				a, _ := st.encode()
				b, _ := want.encode()
				if !bytes.Equal(a, b) {
					report("%s %q differs from the replay of its ops", kind, id)
				}
				delete(replay[kind], string(id))
			}
			if !st.live() {
				return nil
			}
			live++
			if k == nil {
				return nil
			}
			d := st.doc(kind, string(id))
			for _, ix := range k.Indexes {
				if expected[ix.Name] == nil {
					expected[ix.Name] = map[string]bool{}
				}
				for _, key := range ix.Keys(d) {
					expected[ix.Name][string(indexEntry(key, string(id)))] = true
				}
			}
			return nil
		})
		if got := int(getU64(counts.Get(kindB))); got != live {
			report("count of %s is %d but %d documents are live", kind, got, live)
		}
		if k != nil {
			for _, ix := range k.Indexes {
				ib := tx.btx.Bucket(bucketIdx).Bucket([]byte(kind + "/" + ix.Name))
				exp := expected[ix.Name]
				n := 0
				if ib != nil {
					_ = ib.ForEach(func(e, _ []byte) error {
						n++
						if !exp[string(e)] {
							report("index %s/%s has a stale entry %q", kind, ix.Name, strings.ReplaceAll(string(e), "\x00", " → "))
						}
						return nil
					})
				}
				if n < len(exp) {
					report("index %s/%s lacks %d entries", kind, ix.Name, len(exp)-n)
				}
			}
		}
		return nil
	})
	for kind, byID := range replay {
		for id := range byID {
			report("%s %q is in the op log but not stored", kind, id)
		}
	}
	_ = counts.ForEach(func(k, v []byte) error {
		if !seen[string(k)] && getU64(v) != 0 {
			report("count of %s is %d but it has no documents", k, getU64(v))
		}
		return nil
	})
	if len(problems) > 0 {
		return checkError(problems)
	}
	return nil
}

func checkError(problems []string) error {
	return Errorf(EINTERNAL, "consistency check failed: %s", strings.Join(problems, "; "))
}
