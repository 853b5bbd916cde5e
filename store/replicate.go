package store

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"strconv"
)

// VersionVector maps each origin node id to the highest op seq applied from
// it. A store holding vector V holds exactly the ops (o, 1..V[o]) of every
// origin o.
type VersionVector map[string]uint64

// VersionVector returns the store's current version vector.
func (db *DB) VersionVector() (VersionVector, error) {
	vv := VersionVector{}
	err := db.View(func(tx *Tx) error {
		c := tx.btx.Bucket(bucketMeta).Cursor()
		for k, v := c.Seek(prefixVV); bytes.HasPrefix(k, prefixVV); k, v = c.Next() {
			vv[string(k[len(prefixVV):])] = getU64(v)
		}
		return nil
	})
	return vv, err
}

// OpsSince returns up to limit ops that a store holding vector have lacks,
// origin by origin in origin order, each origin's ops in seq order. An empty
// result means have covers everything here. Callers page by applying the
// result, advancing have, and asking again. When have lacks ops that were
// pruned here, it returns an ECONFLICT error whose cause is a *PrunedError:
// that store must start from a snapshot.
func (db *DB) OpsSince(have VersionVector, limit int) ([]Op, error) {
	if limit <= 0 {
		return nil, Errorf(EINVALID, "limit must be positive")
	}
	var ops []Op
	err := db.View(func(tx *Tx) error {
		if err := tx.checkPruned(have); err != nil {
			return err
		}
		var origins []string
		mc := tx.btx.Bucket(bucketMeta).Cursor()
		for k, v := mc.Seek(prefixVV); bytes.HasPrefix(k, prefixVV); k, v = mc.Next() {
			if o := string(k[len(prefixVV):]); getU64(v) > have[o] {
				origins = append(origins, o)
			}
		}
		sort.Strings(origins)
		c := tx.btx.Bucket(bucketOps).Cursor()
		for _, o := range origins {
			prefix := append([]byte(o), 0)
			for k, v := c.Seek(opKey(o, have[o]+1)); bytes.HasPrefix(k, prefix); k, v = c.Next() {
				if len(ops) >= limit {
					return nil
				}
				op, err := decodeLogOp(k, v)
				if err != nil {
					return err
				}
				ops = append(ops, op)
			}
		}
		return nil
	})
	return ops, err
}

// ApplyRemote applies ops received from peers in one transaction and
// returns how many were new. Ops already held are skipped, so delivering a
// batch twice changes nothing. Each origin's ops must come in seq order
// without gaps (ops of different origins may interleave). When any op is
// malformed, of an unknown kind, oversized, leaves a gap, or carries a
// timestamp further ahead of local time than the allowed drift, ApplyRemote
// returns an error that names it and applies none of the batch; its cause
// is a *RefusedOp with the reason, and the refusal is recorded for
// Refusals (refusal.go). The clock observes every applied op's stamp
// before the batch commits.
func (db *DB) ApplyRemote(ops []Op) (int, error) {
	applied := 0
	err := db.Update("", func(tx *Tx) error {
		for i := range ops {
			op := ops[i]
			op.Fields = cloneFields(op.Fields)
			op.Sets = cloneSets(op.Sets)
			if err := op.Validate(); err != nil {
				return refused(RefusedMalformed, err, i, &op)
			}
			if _, ok := db.kinds[op.Kind]; !ok {
				return refused(RefusedUnknownKind, Errorf(EINVALID, "op %s/%d has unknown kind %q", op.Origin, op.Seq, op.Kind), i, &op)
			}
			if err := db.clock.CheckDrift(op.HLC); err != nil {
				return refused(RefusedClockAhead, err, i, &op)
			}
			have := tx.applied(op.Origin)
			if op.Seq <= have {
				// Held already, so skipped; but the same origin and seq
				// with other content means two stores write as one node.
				if err := tx.sameAsHeld(&op); err != nil {
					return refused(RefusedDuplicateDiffers, err, i, &op)
				}
				continue
			}
			if op.Origin == db.nodeID {
				return refused(RefusedOwnOrigin, Errorf(EINVALID, "op %s/%d claims to come from this desk (%s), which never wrote it: another desk uses this desk's id", op.Origin, op.Seq, db.nodeID), i, &op)
			}
			if err := db.kinds[op.Kind].checkRemote(&op); err != nil {
				return refused(RefusedMalformed, err, i, &op)
			}
			if k := db.kinds[op.Kind]; k.AppendOnly {
				// A ledger line is written once: no op may change or
				// delete it, whichever desk it comes from.
				cur, err := tx.state(op.Kind, op.ID)
				if err != nil {
					return refused(RefusedFailed, err, i, &op)
				}
				if op.Deleted || cur != nil {
					return refused(RefusedAppendOnly, Errorf(EINVALID, "op %s/%d changes %s %q, an append-only record", op.Origin, op.Seq, op.Kind, op.ID), i, &op)
				}
			}
			if op.Seq != have+1 {
				return refused(RefusedGap, Errorf(EINVALID, "op %s/%d leaves a gap: the next op expected from %s is %d", op.Origin, op.Seq, op.Origin, have+1), i, &op)
			}
			if err := tx.apply(&op, false); err != nil {
				return refused(applyRefusal(err), err, i, &op)
			}
			if err := tx.clearRefusal(op.Origin); err != nil {
				return err
			}
			applied++
			if applied == 1 {
				if err := tx.markExchanged(); err != nil {
					return refused(RefusedFailed, err, i, &op)
				}
			}
		}
		return nil
	})
	if err != nil {
		db.recordRefusal(err)
		return 0, err
	}
	return applied, nil
}

func cloneFields(f map[string]json.RawMessage) map[string]json.RawMessage {
	if f == nil {
		return nil
	}
	c := make(map[string]json.RawMessage, len(f))
	for k, v := range f {
		c[k] = v
	}
	return c
}

func cloneSets(s map[string]SetChange) map[string]SetChange {
	if s == nil {
		return nil
	}
	c := make(map[string]SetChange, len(s))
	for k, ch := range s {
		c[k] = SetChange{Add: slices.Clone(ch.Add), Remove: slices.Clone(ch.Remove)}
	}
	return c
}

// RefusedOp is the cause of an ApplyRemote error: the op it refused, by
// origin and seq and its place in the batch, so that the caller can say
// which desk sent what ("desk B's clock is 9 minutes ahead") without
// reading the message. errors.As finds it.
type RefusedOp struct {
	Origin  string
	Seq     uint64
	Index   int    // the op's place in the batch
	Reason  string // why, for machines: one of the Refused… constants (refusal.go)
	Message string // why, in English
	Cause   error  // the underlying cause, if any

	hlc  Timestamp // the op's stamp and kind, for the recorded Refusal
	kind string
}

// Error implements the error interface.
func (r *RefusedOp) Error() string {
	msg := "op " + r.Origin + "/" + strconv.FormatUint(r.Seq, 10) + " refused"
	if r.Cause != nil {
		msg += ": " + r.Cause.Error()
	}
	return msg
}

// Unwrap returns the underlying cause.
func (r *RefusedOp) Unwrap() error { return r.Cause }

// refused returns err as the refusal of op, batch item i: its code and
// message kept, a RefusedOp as its cause.
func refused(reason string, err error, i int, op *Op) error {
	r := &RefusedOp{Origin: op.Origin, Seq: op.Seq, Index: i, Reason: reason, Message: err.Error(), hlc: op.HLC, kind: op.Kind}
	if e, ok := err.(*Error); ok {
		r.Cause, r.Message = e.Err, e.Message
		return &Error{Code: e.Code, Message: "batch item " + itoa(i) + ": " + e.Message, Err: r}
	}
	r.Cause = err
	return &Error{Code: ErrorCode(err), Message: "batch item " + itoa(i) + ": op " + op.Origin + "/" + strconv.FormatUint(op.Seq, 10) + " refused", Err: r}
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}

// sameAsHeld checks that op, whose origin and seq this store holds
// already, is the op it holds: a different op under the same origin and
// seq means two stores write as one node (a copied data folder, a restored
// backup), and applying either would diverge for good. An op no longer in
// the log is taken as the same.
func (tx *Tx) sameAsHeld(op *Op) error {
	raw := tx.btx.Bucket(bucketOps).Get(opKey(op.Origin, op.Seq))
	if raw == nil {
		return nil
	}
	held, err := decodeLogOp(opKey(op.Origin, op.Seq), raw)
	if err != nil {
		return err
	}
	if !sameOp(&held, op) {
		return Errorf(ECONFLICT, "op %s/%d differs from the op this desk holds under that origin and seq: two desks use the node id %s (a copied data folder or a restored backup started as the same desk)", op.Origin, op.Seq, op.Origin)
	}
	return nil
}

// sameOp reports whether a and b say the same thing.
func sameOp(a, b *Op) bool {
	if a.Origin != b.Origin || a.Seq != b.Seq || a.HLC != b.HLC || a.Kind != b.Kind || a.ID != b.ID || a.Deleted != b.Deleted || a.Actor != b.Actor || len(a.Fields) != len(b.Fields) {
		return false
	}
	for k, av := range a.Fields {
		bv, ok := b.Fields[k]
		if !ok || !sameJSON(av, bv) {
			return false
		}
	}
	if len(a.Sets) != len(b.Sets) {
		return false
	}
	for k, ac := range a.Sets {
		bc, ok := b.Sets[k]
		if !ok || !sameElems(ac.Add, bc.Add) || !sameElems(ac.Remove, bc.Remove) {
			return false
		}
	}
	return true
}

func sameJSON(a, b json.RawMessage) bool {
	var ac, bc bytes.Buffer
	return json.Compact(&ac, a) == nil && json.Compact(&bc, b) == nil && bytes.Equal(ac.Bytes(), bc.Bytes())
}

// sameElems reports whether a and b hold the same JSON elements, in any
// order.
func sameElems(a, b []json.RawMessage) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[string]int{}
	for _, e := range a {
		c, _ := compactJSON(e)
		count[string(c)]++
	}
	for _, e := range b {
		c, _ := compactJSON(e)
		if count[string(c)] == 0 {
			return false
		}
		count[string(c)]--
	}
	return true
}
