package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
)

// StateHash returns a SHA-256 over every document (tombstones included) in
// kind and id order, each in a canonical encoding of its fields, values and
// stamps. Two stores hold the same documents exactly when their hashes are
// equal. Op logs, indexes and counts are derived and not hashed.
func (db *DB) StateHash() (string, error) {
	var sum string
	err := db.View(func(tx *Tx) error {
		var err error
		sum, err = tx.StateHash()
		return err
	})
	return sum, err
}

// StateHash is DB.StateHash within tx's snapshot.
func (tx *Tx) StateHash() (string, error) {
	h := sha256.New()
	err := tx.docs().ForEach(func(k, v []byte) error {
		kind, id, ok := splitDocKey(k)
		if !ok {
			return Errorf(EINTERNAL, "damaged document key %q", k)
		}
		st, err := decodeState(v)
		if err != nil {
			return err
		}
		enc, err := st.encode()
		if err != nil {
			return err
		}
		writeFrame(h, []byte(kind))
		writeFrame(h, []byte(id))
		writeFrame(h, enc)
		return nil
	})
	if err != nil {
		return "", wrapInternal(err, "hash state")
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func writeFrame(h hash.Hash, b []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(b)))
	h.Write(n[:])
	h.Write(b)
}
