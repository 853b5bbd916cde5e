package store

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// indexPart names one declared index, its version and whether it is
// counted, as recorded in the file: "name@version" or "name@version+count".
func indexPart(ix *Index) string {
	p := fmt.Sprintf("%s@%d", ix.Name, ix.Version)
	if ix.Counted {
		p += "+count"
	}
	return p
}

// indexSignature names a kind's declared indexes (see indexPart), sorted.
func indexSignature(k *Kind) string {
	parts := make([]string, len(k.Indexes))
	for i := range k.Indexes {
		parts[i] = indexPart(&k.Indexes[i])
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

var prefixIndexSig = []byte("indexes\x00")

// Batches of the index rebuild: each is one transaction, so that a large
// store is rebuilt in bounded memory.
const (
	reindexDeleteBatch = 50_000 // index keys deleted per transaction
	reindexDocBatch    = 2_000  // documents indexed per transaction
)

// rebuildChangedIndexes brings, at open, every index up to its declaration:
// an index that is new, or whose version or counting changed, is rebuilt
// from the kind's live documents; an index no longer declared is deleted.
// Indexes that did not change are left alone. The work runs in batches of
// transactions and the kind's signature is recorded last, so an
// interrupted rebuild starts again at the next open.
func (db *DB) rebuildChangedIndexes() error {
	for _, name := range db.Kinds() {
		k := db.kinds[name]
		sigKey := append(bytes.Clone(prefixIndexSig), name...)
		var recorded string
		if err := db.View(func(tx *Tx) error {
			recorded = string(tx.btx.Bucket(bucketMeta).Get(sigKey))
			return nil
		}); err != nil {
			return err
		}
		sig := indexSignature(k)
		if recorded == sig {
			continue
		}
		old := map[string]bool{}
		for _, p := range strings.Split(recorded, ",") {
			if p != "" {
				old[p] = true
			}
		}
		var stale []string // index names whose stored keys must go
		var rebuild []*Index
		declared := map[string]bool{}
		for i := range k.Indexes {
			ix := &k.Indexes[i]
			declared[ix.Name] = true
			if !old[indexPart(ix)] {
				stale = append(stale, ix.Name)
				rebuild = append(rebuild, ix)
			}
		}
		for p := range old {
			if n, _, _ := strings.Cut(p, "@"); !declared[n] {
				stale = append(stale, n)
			}
		}
		if recorded == "" {
			// Recorded by no earlier open: whatever is stored is suspect.
			stale = append(stale[:0], "")
		}
		for _, n := range stale {
			if err := db.deleteIndexKeys(name, n); err != nil {
				return err
			}
		}
		if err := db.indexDocuments(k, rebuild); err != nil {
			return err
		}
		if err := db.Update("reindex", func(tx *Tx) error {
			return wrapInternal(tx.btx.Bucket(bucketMeta).Put(sigKey, []byte(sig)), "index signature")
		}); err != nil {
			return err
		}
	}
	return nil
}

// deleteIndexKeys deletes the entries and counts of index index of kind, or
// of every index of kind when index is "".
func (db *DB) deleteIndexKeys(kind, index string) error {
	prefixes := [][]byte{[]byte(kind + "/")}
	if index != "" {
		prefixes = [][]byte{idxPrefix(kind, index), idxCountPrefix(kind, index)}
	}
	for _, prefix := range prefixes {
		for done := false; !done; {
			err := db.Update("reindex", func(tx *Tx) error {
				ib := tx.idx()
				var keys [][]byte
				c := ib.Cursor()
				for k, _ := c.Seek(prefix); bytes.HasPrefix(k, prefix) && len(keys) < reindexDeleteBatch; k, _ = c.Next() {
					keys = append(keys, bytes.Clone(k))
				}
				done = len(keys) < reindexDeleteBatch
				for _, k := range keys {
					if err := ib.Delete(k); err != nil {
						return wrapInternal(err, "reindex")
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// indexDocuments adds the entries (and counts) of indexes for every live
// document of kind k, reindexDocBatch documents per transaction.
func (db *DB) indexDocuments(k *Kind, indexes []*Index) error {
	if len(indexes) == 0 {
		return nil
	}
	prefix := docPrefix(k.Name)
	after := prefix // the last document key indexed
	for done := false; !done; {
		err := db.Update("reindex", func(tx *Tx) error {
			c := tx.docs().Cursor()
			key, v := c.Seek(after)
			if bytes.Equal(key, after) {
				key, v = c.Next()
			}
			n := 0
			for ; bytes.HasPrefix(key, prefix) && n < reindexDocBatch; key, v = c.Next() {
				n++
				after = bytes.Clone(key)
				st, err := decodeState(v)
				if err != nil {
					return err
				}
				if !st.live() {
					continue
				}
				d := st.doc(k.Name, string(key[len(prefix):]))
				for _, ix := range indexes {
					if err := tx.reindex(k.Name, ix, d.ID, nil, ix.Keys(d)); err != nil {
						return err
					}
				}
			}
			done = n < reindexDocBatch
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
