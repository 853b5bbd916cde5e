package store

import (
	"bytes"
	"encoding/binary"
)

// The file holds four buckets with flat, prefixed keys. Flat keys keep the
// pages one write dirties few: a write touches one leaf in each bucket.
//
//	meta  node_id | schema_version | clock
//	      vv 0x00 origin      -> highest seq applied from origin
//	      count 0x00 kind     -> number of live documents of kind
//	      indexes 0x00 kind   -> signature of the indexes kind was indexed with (see reindex.go)
//	      refused 0x00 origin -> the last refused op of origin (JSON; see refusal.go)
//	ops   origin 0x00 seq     -> op (JSON); seq is 8 bytes big-endian
//	docs  kind 0x00 id        -> docState (JSON)
//	idx   kind/index 0x00 key 0x00 id -> empty
//	      kind/index 0x01 key         -> number of entries under key (Counted indexes)
//	local space 0x00 key      -> value (never replicated; see LocalGet)
//
// Names (origins, kinds, index names) never contain 0x00, and neither do
// index keys; ids may not contain control characters.
var (
	bucketMeta  = []byte("meta")
	bucketOps   = []byte("ops")
	bucketDocs  = []byte("docs")
	bucketIdx   = []byte("idx")
	bucketLocal = []byte("local")

	keyNodeID = []byte("node_id")
	keySchema = []byte("schema_version")
	keyClock  = []byte("clock")
	prefixVV  = []byte("vv\x00")
	prefixCnt = []byte("count\x00")
)

func join(parts ...[]byte) []byte {
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	b := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			b = append(b, 0)
		}
		b = append(b, p...)
	}
	return b
}

func vvKey(origin string) []byte  { return append(append([]byte{}, prefixVV...), origin...) }
func countKey(kind string) []byte { return append(append([]byte{}, prefixCnt...), kind...) }
func opKey(origin string, seq uint64) []byte {
	return join([]byte(origin), u64(seq))
}
func docKey(kind, id string) []byte { return join([]byte(kind), []byte(id)) }
func docPrefix(kind string) []byte  { return append([]byte(kind), 0) }
func idxPrefix(kind, index string) []byte {
	return append([]byte(kind+"/"+index), 0)
}
func idxKey(kind, index, key, id string) []byte {
	return join([]byte(kind+"/"+index), []byte(key), []byte(id))
}

// countSep follows the index name in the keys of a Counted index's
// counts; they sort after the index's entries.
const countSep = 0x01

func idxCountPrefix(kind, index string) []byte {
	return append([]byte(kind+"/"+index), countSep)
}
func idxCountKey(kind, index, key string) []byte {
	return append(idxCountPrefix(kind, index), key...)
}

// splitOpKey returns the origin and seq of an ops key.
func splitOpKey(k []byte) (origin string, seq uint64, ok bool) {
	i := bytes.IndexByte(k, 0)
	if i < 0 || len(k)-i-1 != 8 {
		return "", 0, false
	}
	return string(k[:i]), binary.BigEndian.Uint64(k[i+1:]), true
}

// splitDocKey returns the kind and id of a docs key.
func splitDocKey(k []byte) (kind, id string, ok bool) {
	i := bytes.IndexByte(k, 0)
	if i < 0 {
		return "", "", false
	}
	return string(k[:i]), string(k[i+1:]), true
}

func u64(v uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], v)
	return b[:]
}

func getU64(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}
