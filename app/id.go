package app

import (
	"crypto/rand"
	"encoding/binary"
	"time"
)

// Crockford is the Crockford base-32 alphabet: no I, L, O or U.
const Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewID returns a new record id: a ULID, 26 characters of Crockford
// base 32 holding the millisecond time t and 80 random bits. Ids made on
// different desks never collide in practice and sort by creation time.
func NewID(t time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(t.UnixMilli())<<16)
	if _, err := rand.Read(b[6:]); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return EncodeCrockford(b[:])
}

// EncodeCrockford encodes b (16 bytes) as 26 base-32 characters, most
// significant bits first.
func EncodeCrockford(b []byte) string {
	hi := binary.BigEndian.Uint64(b[:8])
	lo := binary.BigEndian.Uint64(b[8:])
	out := make([]byte, 26)
	for i := 25; i >= 0; i-- {
		out[i] = Crockford[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out)
}
