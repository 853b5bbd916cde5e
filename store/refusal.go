package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Reasons why ApplyRemote refuses an op (RefusedOp.Reason, Refusal.Reason).
// They are stable: health pages translate them.
const (
	RefusedClockAhead       = "clock_ahead"       // the op's stamp lies further ahead of this desk's clock than the allowed drift
	RefusedUnknownKind      = "unknown_kind"      // the op writes a kind this desk does not declare
	RefusedTooLarge         = "too_large"         // the op is larger than this desk accepts
	RefusedGap              = "gap"               // ops of its origin are missing before it
	RefusedOwnOrigin        = "own_origin"        // it claims this desk's own id: another desk uses that id
	RefusedDuplicateDiffers = "duplicate_differs" // this desk holds another op under its origin and seq
	RefusedAppendOnly       = "append_only"       // it changes or deletes an append-only record
	RefusedMalformed        = "malformed"         // its shape is invalid (names, ids, values)
	RefusedFailed           = "failed"            // the store failed while applying it
)

// MaxRefusalOrigins bounds the refusals a store keeps: one per origin, the
// most recent MaxRefusalOrigins origins.
const MaxRefusalOrigins = 32

// Refusal is the last op of one origin that ApplyRemote refused, as
// recorded for health pages. A store keeps one per origin until an op of
// that origin applies again, so the list says which desks are stalled now.
type Refusal struct {
	Origin  string    `json:"origin"`
	Seq     uint64    `json:"seq"`
	Reason  string    `json:"reason"`  // one of the Refused… constants
	Code    string    `json:"code"`    // the store error code of the refusal
	Message string    `json:"message"` // in English
	At      time.Time `json:"at"`      // this desk's wall time of the refusal, UTC
	Count   uint64    `json:"count"`   // refusals of this origin's ops since one last applied

	// Parameters of some reasons, for messages a person reads.
	AheadMS     int64  `json:"ahead_ms,omitempty"`     // clock_ahead: how far the op's stamp lies ahead of this desk's clock
	Kind        string `json:"kind,omitempty"`         // unknown_kind, append_only, too_large: the op's kind
	ExpectedSeq uint64 `json:"expected_seq,omitempty"` // gap: the seq this desk waits for from the origin
}

// prefixRefused keys the refusals in the meta bucket: refused 0x00 origin
// -> Refusal (JSON).
var prefixRefused = []byte("refused\x00")

func refusedKey(origin string) []byte {
	return append(append([]byte{}, prefixRefused...), origin...)
}

// applyRefusal names the reason of an error of apply: its only EINVALID
// error for a remote op is the size limit.
func applyRefusal(err error) string {
	if ErrorCode(err) == EINVALID {
		return RefusedTooLarge
	}
	return RefusedFailed
}

// recordRefusal records the refusal err carries (a RefusedOp), in a
// transaction of its own: the refused batch's transaction has rolled back.
// Recording is best effort; a failure to record leaves err as the caller's
// only report.
func (db *DB) recordRefusal(err error) {
	var r *RefusedOp
	if !errors.As(err, &r) || db.opts.ReadOnly || db.closed.Load() {
		return
	}
	if checkName("origin", r.Origin, MaxNameLen) != nil {
		// Not a desk's id: recording it would let junk push the refusals
		// of real desks out of the bounded list. The caller has the error.
		return
	}
	now := db.opts.Now()
	rec := Refusal{Origin: r.Origin, Seq: r.Seq, Reason: r.Reason, Code: ErrorCode(err), Message: r.Message, At: now.UTC().Truncate(time.Millisecond)}
	if len(rec.Origin) > MaxNameLen {
		rec.Origin = rec.Origin[:MaxNameLen]
	}
	switch r.Reason {
	case RefusedClockAhead:
		rec.AheadMS = r.hlc.Millis() - now.UnixMilli()
	case RefusedUnknownKind, RefusedAppendOnly, RefusedTooLarge:
		rec.Kind = r.kind
	}
	_ = db.bolt.Update(func(btx *bolt.Tx) error {
		meta := btx.Bucket(bucketMeta)
		if r.Reason == RefusedGap {
			rec.ExpectedSeq = getU64(meta.Get(vvKey(r.Origin))) + 1
		}
		key := refusedKey(rec.Origin)
		if raw := meta.Get(key); raw != nil {
			var prev Refusal
			if json.Unmarshal(raw, &prev) == nil {
				rec.Count = prev.Count
			}
		} else if err := evictRefusals(meta, MaxRefusalOrigins-1); err != nil {
			return err
		}
		rec.Count++
		b, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		return meta.Put(key, b)
	})
}

// evictRefusals deletes the oldest refusals until at most keep are left.
func evictRefusals(meta *bolt.Bucket, keep int) error {
	rs := readRefusals(meta)
	if len(rs) <= keep {
		return nil
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].At.Before(rs[j].At) })
	for _, r := range rs[:len(rs)-keep] {
		if err := meta.Delete(refusedKey(r.Origin)); err != nil {
			return err
		}
	}
	return nil
}

func readRefusals(meta *bolt.Bucket) []Refusal {
	var rs []Refusal
	c := meta.Cursor()
	for k, v := c.Seek(prefixRefused); bytes.HasPrefix(k, prefixRefused); k, v = c.Next() {
		var r Refusal
		if json.Unmarshal(v, &r) == nil {
			rs = append(rs, r)
		}
	}
	return rs
}

// clearRefusal forgets the refusal of origin, whose op has just applied.
func (tx *Tx) clearRefusal(origin string) error {
	meta := tx.btx.Bucket(bucketMeta)
	key := refusedKey(origin)
	if meta.Get(key) == nil {
		return nil
	}
	return wrapInternal(meta.Delete(key), "refusals")
}

// Refusals returns the last refused op of every origin whose ops this
// store refuses (ApplyRemote) and has not applied since, newest first; at
// most MaxRefusalOrigins of them. An empty list means no origin is
// stalled by a refusal.
func (db *DB) Refusals() ([]Refusal, error) {
	var rs []Refusal
	err := db.View(func(tx *Tx) error {
		rs = readRefusals(tx.btx.Bucket(bucketMeta))
		return nil
	})
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].At.After(rs[j].At) })
	return rs, err
}
