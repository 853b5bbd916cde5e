package store

import (
	"bytes"
	"strings"
)

// Local spaces hold data that belongs to this node alone and never
// replicates: sessions, sign-in counters, idempotency keys, chain heads.
// They live in the same file and transactions as the documents, so a local
// record and a document change commit together, but they write no ops and
// are left out of StateHash, OpsSince and the replay check. Keys are
// "space 0x00 key" in the bucket "local".

// LocalGet returns a copy of the value of key in space, or nil.
func (tx *Tx) LocalGet(space, key string) []byte {
	v := tx.btx.Bucket(bucketLocal).Get(localKey(space, key))
	if v == nil {
		return nil
	}
	return bytes.Clone(v)
}

// LocalPut sets key in space to value.
func (tx *Tx) LocalPut(space, key string, value []byte) error {
	if err := checkLocal(space, key); err != nil {
		return err
	}
	if !tx.Writable() {
		return Errorf(EINVALID, "write in a read-only transaction")
	}
	tx.dirty = true
	return wrapInternal(tx.btx.Bucket(bucketLocal).Put(localKey(space, key), value), "local write")
}

// LocalDelete removes key from space; a missing key is not an error.
func (tx *Tx) LocalDelete(space, key string) error {
	if !tx.Writable() {
		return Errorf(EINVALID, "write in a read-only transaction")
	}
	tx.dirty = true
	return wrapInternal(tx.btx.Bucket(bucketLocal).Delete(localKey(space, key)), "local delete")
}

// LocalScan calls fn for each key of space that starts with prefix, in key
// order, with a value valid only during the call. fn may not write to the
// space; collect keys and change them after the scan.
func (tx *Tx) LocalScan(space, prefix string, fn func(key string, value []byte) error) error {
	p := localKey(space, prefix)
	head := len(space) + 1
	c := tx.btx.Bucket(bucketLocal).Cursor()
	for k, v := c.Seek(p); bytes.HasPrefix(k, p); k, v = c.Next() {
		if err := fn(string(k[head:]), v); err != nil {
			return err
		}
	}
	return nil
}

func localKey(space, key string) []byte {
	return join([]byte(space), []byte(key))
}

func checkLocal(space, key string) error {
	if err := checkName("local space", space, MaxNameLen); err != nil {
		return err
	}
	if key == "" || strings.IndexByte(key, 0) >= 0 || len(key) > 512 {
		return Errorf(EINVALID, "local key must be 1 to 512 bytes without 0x00")
	}
	return nil
}
