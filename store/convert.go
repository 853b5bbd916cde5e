package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"
)

// keyEncoding names the encoding of the file's documents and ops: absent
// (JSON, the first encoding) or formatBinary.
var keyEncoding = []byte("encoding")

// convertChunk is how many entries one transaction of convertEncoding
// rewrites: small enough to bound the memory an upgrade needs, large
// enough that a big store converts in few commits.
const convertChunk = 20000

// convertEncoding rewrites the documents and ops of a store written in the
// JSON encoding into the binary one, a chunk per transaction, then records
// the new encoding. Values already binary are left alone, so an upgrade
// cut short (a crash, a full disk) resumes where it stopped. Documents and
// ops keep their content and stamps exactly, so the state hash and every
// merge are unchanged; nothing is replicated.
func (db *DB) convertEncoding() error {
	done := false
	if err := db.bolt.View(func(btx *bolt.Tx) error {
		done = getU64(btx.Bucket(bucketMeta).Get(keyEncoding)) == formatBinary
		return nil
	}); err != nil || done {
		return wrapInternal(err, "read the store's encoding")
	}
	for _, b := range [][]byte{bucketDocs, bucketOps} {
		var from []byte
		for {
			next, err := db.convertSome(b, from)
			if err != nil {
				return &Error{Code: ErrorCode(err), Message: "cannot convert the store to its compact encoding", Err: err}
			}
			if next == nil {
				break
			}
			from = next
		}
	}
	return wrapInternal(db.bolt.Update(func(btx *bolt.Tx) error {
		return btx.Bucket(bucketMeta).Put(keyEncoding, u64(formatBinary))
	}), "record the store's encoding")
}

// convertSome converts up to convertChunk JSON entries of bucket b from
// key from on and returns the key to go on from, or nil at the end.
func (db *DB) convertSome(b, from []byte) (next []byte, err error) {
	err = db.bolt.Update(func(btx *bolt.Tx) error {
		bk := btx.Bucket(b)
		type kv struct{ k, v []byte }
		var batch []kv
		c := bk.Cursor()
		k, v := c.First()
		if from != nil {
			k, v = c.Seek(from)
		}
		for ; k != nil; k, v = c.Next() {
			if len(batch) == convertChunk {
				next = bytes.Clone(k)
				break
			}
			if len(v) == 0 || v[0] != '{' {
				continue
			}
			var enc []byte
			if bytes.Equal(b, bucketDocs) {
				st, err := decodeLegacyState(v)
				if err != nil {
					return err
				}
				if enc, err = st.encode(); err != nil {
					return err
				}
			} else {
				op, err := decodeLogOp(k, v)
				if err != nil {
					return err
				}
				enc = encodeLogOp(&op)
			}
			batch = append(batch, kv{bytes.Clone(k), enc})
		}
		for _, e := range batch {
			if err := bk.Put(e.k, e.v); err != nil {
				return err
			}
		}
		return nil
	})
	return next, err
}
