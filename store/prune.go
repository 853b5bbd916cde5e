package store

import (
	"bytes"
	"fmt"
)

// Pruning. The op log of a store may be cut from below: ops (o, 1..p) are
// deleted once every desk the store knows of holds them, and p is recorded
// as the origin's pruned floor (meta pruned 0x00 origin). A store started
// from a snapshot has the snapshot's vector as its floors. The documents
// keep the merged result of the deleted ops; ops above the floor stay and
// are served as before. A peer that lacks an op below a floor cannot catch
// up from this store's log: OpsSince refuses it with a *PrunedError, and
// that peer starts anew from a snapshot. The highest stamp of the deleted
// ops (meta pruned_clock, the recorded clock at the time) stays known, so
// that Check can still tell a log cut at its end.

var (
	prefixPruned   = []byte("pruned\x00")
	keyPrunedClock = []byte("pruned_clock")
)

// pruneBatch bounds the ops deleted per transaction.
const pruneBatch = 20_000

// PrunedError is the cause of an OpsSince refusal when the asking store
// lacks ops that this store has pruned: Origin's ops up to Pruned are gone
// here, and the asker holds them only up to Have. The asker must start
// from a snapshot (Snapshot, OpenFromSnapshot). errors.As finds it.
type PrunedError struct {
	Origin string
	Have   uint64 // the asker's last op of Origin
	Pruned uint64 // the last op of Origin deleted here
}

// Error implements the error interface.
func (e *PrunedError) Error() string {
	return fmt.Sprintf("ops %d to %d of %s were pruned", e.Have+1, e.Pruned, e.Origin)
}

// Pruned returns the pruned floor of every origin whose log was cut:
// ops (o, 1..Pruned()[o]) are no longer in the log.
func (tx *Tx) Pruned() VersionVector {
	vv := VersionVector{}
	c := tx.btx.Bucket(bucketMeta).Cursor()
	for k, v := c.Seek(prefixPruned); bytes.HasPrefix(k, prefixPruned); k, v = c.Next() {
		vv[string(k[len(prefixPruned):])] = getU64(v)
	}
	return vv
}

// prunedClock returns the highest stamp of the ops deleted from the log
// (0 when none was).
func (tx *Tx) prunedClock() Timestamp {
	return Timestamp(getU64(tx.btx.Bucket(bucketMeta).Get(keyPrunedClock)))
}

// checkPruned returns the refusal of OpsSince when have lacks ops of an
// origin below its pruned floor.
func (tx *Tx) checkPruned(have VersionVector) error {
	for o, p := range tx.Pruned() {
		if have[o] < p {
			return &Error{Code: ECONFLICT,
				Message: fmt.Sprintf("this desk no longer holds ops %d to %d of desk %s, which the asking desk lacks: start the asking desk from a snapshot", have[o]+1, p, o),
				Err:     &PrunedError{Origin: o, Have: have[o], Pruned: p}}
		}
	}
	return nil
}

// PruneResult says what Prune deleted.
type PruneResult struct {
	Deleted int           // ops deleted
	Floor   VersionVector // the pruned floor of each origin afterwards
}

// Prune deletes the ops that every desk in known holds: for each origin,
// those up to the minimum over known of the vectors' entries (an origin
// missing from a vector counts as 0), and never above what this store
// holds. Callers pass the last version vector they know of every desk of
// the hotel, this one's included; with none, nothing is deleted. The work
// runs in transactions of a bounded number of ops. Pruning never changes
// the documents, the version vector or StateHash; it only makes OpsSince
// refuse peers that still lack the deleted ops (see PrunedError). The
// file does not shrink: bbolt reuses the freed pages.
func (db *DB) Prune(known []VersionVector) (PruneResult, error) {
	res := PruneResult{Floor: VersionVector{}}
	if len(known) == 0 {
		return res, nil
	}
	var own, floors VersionVector
	if err := db.View(func(tx *Tx) error {
		own, floors = tx.VersionVector(), tx.Pruned()
		return nil
	}); err != nil {
		return res, err
	}
	for o, n := range own {
		target := n
		for _, v := range known {
			target = min(target, v[o])
		}
		from := floors[o]
		for from < target {
			to := min(target, from+pruneBatch)
			err := db.Update("prune", func(tx *Tx) error {
				tx.dirty = true // writes the file directly: a failure must roll its batch back
				ops := tx.btx.Bucket(bucketOps)
				for seq := from + 1; seq <= to; seq++ {
					if err := ops.Delete(opKey(o, seq)); err != nil {
						return wrapInternal(err, "prune op log")
					}
				}
				meta := tx.btx.Bucket(bucketMeta)
				if err := meta.Put(append(bytes.Clone(prefixPruned), o...), u64(to)); err != nil {
					return wrapInternal(err, "prune op log")
				}
				// Every deleted op is at or below the recorded clock.
				clock := max(tx.RecordedClock(), tx.prunedClock())
				return wrapInternal(meta.Put(keyPrunedClock, u64(uint64(clock))), "prune op log")
			})
			if err != nil {
				return res, err
			}
			res.Deleted += int(to - from)
			from = to
		}
		if from > 0 {
			res.Floor[o] = from
		}
	}
	return res, nil
}
