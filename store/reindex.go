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

// rebuildMarker ends the signature recorded while a kind's indexes are being
// rebuilt (no index part has a "~").
const rebuildMarker = "~rebuilding"

// Batches of the index rebuild: each is one transaction, so that a large
// store is rebuilt in bounded memory.
const (
	reindexDeleteBatch = 50_000 // index keys deleted per transaction
	reindexDocBatch    = 2_000  // documents indexed per transaction
)

// rebuildChangedIndexes brings, at open, every index up to its declaration:
// an index that is new, or whose version or counting changed, is rebuilt
// from the kind's live documents, and every stored index that is not
// declared is deleted; indexes that did not change are left alone. The work
// runs in batches of transactions. Before the first batch the kind's
// recorded signature is cut down to the unchanged indexes and marked as a
// rebuild under way, and the full signature is recorded after the last
// batch, so an interrupted rebuild, opened again by this program or any
// other, rebuilds what it touched and deletes what it half built.
func (db *DB) rebuildChangedIndexes() error {
	type plan struct {
		k       *Kind
		sigKey  []byte
		sig     string
		interim string   // the unchanged indexes' signature
		drop    []string // stored index names to delete
		rebuild []*Index
		live    uint64
	}
	var plans []plan
	err := db.View(func(tx *Tx) error {
		meta := tx.btx.Bucket(bucketMeta)
		for _, name := range db.Kinds() {
			k := db.kinds[name]
			p := plan{k: k, sigKey: append(bytes.Clone(prefixIndexSig), name...), sig: indexSignature(k)}
			recorded := string(meta.Get(p.sigKey))
			if recorded == p.sig {
				continue
			}
			old := map[string]bool{}
			for _, part := range strings.Split(recorded, ",") {
				old[part] = true
			}
			keep := map[string]bool{}
			var kept []string
			for i := range k.Indexes {
				ix := &k.Indexes[i]
				if part := indexPart(ix); old[part] {
					keep[ix.Name] = true
					kept = append(kept, part)
				} else {
					p.rebuild = append(p.rebuild, ix)
				}
			}
			// The marker keeps the interim signature from ever equalling a
			// declared one.
			p.interim = strings.Join(append(kept, rebuildMarker), ",")
			for _, n := range tx.storedIndexNames(name) {
				if !keep[n] {
					p.drop = append(p.drop, n)
				}
			}
			p.live = getU64(meta.Get(countKey(name)))
			plans = append(plans, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	var quick []plan // nothing to delete or index: only the signature to record
	for _, p := range plans {
		if len(p.drop) == 0 && (len(p.rebuild) == 0 || p.live == 0) {
			quick = append(quick, p)
			continue
		}
		if err := db.recordIndexSignature(p.sigKey, p.interim); err != nil {
			return err
		}
		for _, n := range p.drop {
			if err := db.deleteIndexKeys(p.k.Name, n); err != nil {
				return err
			}
		}
		if err := db.indexDocuments(p.k, p.rebuild); err != nil {
			return err
		}
		if err := db.recordIndexSignature(p.sigKey, p.sig); err != nil {
			return err
		}
	}
	if len(quick) == 0 {
		return nil
	}
	return db.Update("reindex", func(tx *Tx) error {
		tx.dirty = true // writes the file directly: a failure must roll its batch back
		for _, p := range quick {
			if err := tx.btx.Bucket(bucketMeta).Put(p.sigKey, []byte(p.sig)); err != nil {
				return wrapInternal(err, "index signature")
			}
		}
		return nil
	})
}

// recordIndexSignature records sig under key, in a transaction of its own.
func (db *DB) recordIndexSignature(key []byte, sig string) error {
	return db.Update("reindex", func(tx *Tx) error {
		tx.dirty = true // writes the file directly: a failure must roll its batch back
		return wrapInternal(tx.btx.Bucket(bucketMeta).Put(key, []byte(sig)), "index signature")
	})
}

// storedIndexNames returns the names of the indexes of kind that have
// entries or counts in the file, declared or not.
func (tx *Tx) storedIndexNames(kind string) []string {
	prefix := []byte(kind + "/")
	var names []string
	c := tx.idx().Cursor()
	for k, _ := c.Seek(prefix); bytes.HasPrefix(k, prefix); {
		rest := k[len(prefix):]
		end := bytes.IndexAny(rest, "\x00\x01")
		if end < 0 {
			end = len(rest)
		}
		name := string(rest[:end])
		names = append(names, name)
		// Past every key of this index: its name, then a byte above 0x01.
		k, _ = c.Seek(append(append(bytes.Clone(prefix), name...), countSep+1))
	}
	return names
}

// deleteIndexKeys deletes the entries and counts of index index of kind.
func (db *DB) deleteIndexKeys(kind, index string) error {
	for _, prefix := range [][]byte{idxPrefix(kind, index), idxCountPrefix(kind, index)} {
		for done := false; !done; {
			err := db.Update("reindex", func(tx *Tx) error {
				tx.dirty = true // writes the file directly: a failure must roll its batch back
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
			tx.dirty = true // writes the file directly: a failure must roll its batch back
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
