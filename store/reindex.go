package store

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// indexSignature names a kind's declared indexes and their versions.
func indexSignature(k *Kind) string {
	parts := make([]string, len(k.Indexes))
	for i, ix := range k.Indexes {
		parts[i] = fmt.Sprintf("%s@%d", ix.Name, ix.Version)
		if ix.Counted {
			parts[i] += "+count"
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

var prefixIndexSig = []byte("indexes\x00")

// rebuildChangedIndexes recomputes, at open, the indexes of every kind whose
// declared indexes differ from those the file was last indexed with, so
// that a program that adds or changes an index finds it complete.
func (db *DB) rebuildChangedIndexes() error {
	return db.Update("reindex", func(tx *Tx) error {
		meta := tx.btx.Bucket(bucketMeta)
		for _, name := range db.Kinds() {
			k := db.kinds[name]
			sig := indexSignature(k)
			key := append(bytes.Clone(prefixIndexSig), name...)
			if string(meta.Get(key)) == sig {
				continue
			}
			if err := tx.reindexKind(k); err != nil {
				return err
			}
			if err := meta.Put(key, []byte(sig)); err != nil {
				return wrapInternal(err, "index signature")
			}
		}
		return nil
	})
}

// reindexKind deletes every index entry and count of kind k and recomputes
// them from its live documents.
func (tx *Tx) reindexKind(k *Kind) error {
	ib := tx.idx()
	prefix := []byte(k.Name + "/")
	var stale [][]byte
	c := ib.Cursor()
	for key, _ := c.Seek(prefix); bytes.HasPrefix(key, prefix); key, _ = c.Next() {
		stale = append(stale, bytes.Clone(key))
	}
	for _, key := range stale {
		if err := ib.Delete(key); err != nil {
			return wrapInternal(err, "reindex")
		}
	}
	if len(k.Indexes) == 0 {
		return nil
	}
	return tx.ForEach(k.Name, func(d Doc) error {
		for _, ix := range k.Indexes {
			if err := tx.reindex(k.Name, &ix, d.ID, nil, ix.Keys(d)); err != nil {
				return err
			}
		}
		return nil
	})
}
