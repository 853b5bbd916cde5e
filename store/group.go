package store

import (
	"errors"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// Group commit. Concurrent calls of DB.Update share one bbolt transaction
// and so one commit (two fsyncs) instead of paying for one each:
//
//   - A call queues itself. When no batch is running it leads: it takes
//     every call queued so far (its own first), runs their functions one
//     after the other in one bbolt transaction, each with a Tx of its own
//     (its actor, its op stamps, its clock record), and commits. Calls that
//     arrive meanwhile queue for the next batch, which the leader hands to
//     the first of them. Nothing waits for company: a lone call runs at
//     once, as it did before.
//   - A call returns only after the commit that holds its writes has
//     returned, fsync included: acknowledged still means durable.
//   - A function that fails (returns an error or panics) takes no other
//     function's writes with it and leaves none of its own: when it wrote
//     nothing, the batch goes on without it; when it wrote, the whole
//     transaction rolls back and the batch runs again without it. Either
//     way the failing call then runs its function again alone, in a
//     transaction of its own, in its own goroutine, so that the error it
//     returns (or the panic it raises) is its own and concerns the state it
//     ran on. When the batch's commit fails, every call of it runs alone in
//     the same way and reports its own outcome.
//
// A function may therefore run more than once; each run is in a fresh
// transaction, and only the writes of the run that returns nil are kept.
// Functions passed to Update must leave outside state as a rerun expects
// (assign results, do not append to them).

// updateGroup is the queue of calls waiting for a batch.
type updateGroup struct {
	mu      sync.Mutex
	queue   []*groupCall
	running bool // a leader is running a batch
}

// groupCall is one call of Update waiting in the group.
type groupCall struct {
	actor string
	fn    func(*Tx) error
	// wake receives one signal: either the call's batch has finished
	// (done is set) or the call is to lead the next batch.
	wake chan struct{}
	done bool
	// alone is set when the call's function failed in the batch or the
	// batch did not commit: the caller runs it again alone.
	alone bool
}

// errRedoBatch rolls back a batch in which a function failed after writing.
var errRedoBatch = errors.New("store: redo the batch without the failed function")

// groupUpdate runs fn through the group (see above) and returns its outcome.
func (db *DB) groupUpdate(actor string, fn func(*Tx) error) error {
	g := &db.group
	c := &groupCall{actor: actor, fn: fn, wake: make(chan struct{}, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, c)
	if g.running {
		g.mu.Unlock()
		<-c.wake
	} else {
		g.running = true
		g.mu.Unlock()
	}
	if !c.done { // lead the next batch: everything queued, c among it
		g.mu.Lock()
		batch := g.queue
		g.queue = nil
		g.mu.Unlock()
		if len(batch) == 1 { // c alone: run it as leader, so that others queue meanwhile
			defer db.finishBatch(c, batch)
			return db.updateAlone(actor, fn)
		}
		func() {
			defer func() {
				if r := recover(); r != nil { // a failure of bbolt itself: nobody's writes are known to be kept
					for _, o := range batch {
						o.alone = true
					}
					db.finishBatch(c, batch)
					panic(r)
				}
			}()
			db.runBatch(batch)
		}()
		db.finishBatch(c, batch)
	}
	if c.alone {
		return db.updateAlone(actor, fn)
	}
	return nil
}

// finishBatch wakes the calls of the batch that leader ran and hands the
// lead to the first call queued meanwhile.
func (db *DB) finishBatch(leader *groupCall, batch []*groupCall) {
	g := &db.group
	for _, o := range batch {
		o.done = true
		if o != leader {
			o.wake <- struct{}{}
		}
	}
	g.mu.Lock()
	if len(g.queue) > 0 {
		next := g.queue[0]
		g.mu.Unlock()
		next.wake <- struct{}{} // still running: next leads
		return
	}
	g.running = false
	g.mu.Unlock()
}

// runBatch runs the functions of calls in one transaction and commits it,
// marking each call done, and alone when it must run again by itself.
func (db *DB) runBatch(calls []*groupCall) {
	live := calls
	for len(live) > 0 {
		if len(live) == 1 {
			live[0].alone = true // exactly as an unbatched Update
			return
		}
		redo := false
		err := db.bolt.Update(func(btx *bolt.Tx) error {
			for _, c := range live {
				tx := &Tx{db: db, btx: btx, actor: c.actor}
				err, panicked := runGuarded(c.fn, tx)
				if err == nil {
					if err = tx.finish(); err != nil {
						return err // a failure of the store: everyone alone
					}
					continue
				}
				c.alone = true
				if panicked || tx.dirty {
					redo = true
					return errRedoBatch
				}
			}
			return nil
		})
		if redo {
			live = notAlone(live)
			continue
		}
		if err != nil {
			if isDiskFull(err) {
				db.full.Store(true)
			}
			for _, c := range live {
				c.alone = true
			}
			return
		}
		db.full.Store(false)
		return
	}
}

// runGuarded calls fn(tx), turning a panic into a failure.
func runGuarded(fn func(*Tx) error, tx *Tx) (err error, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			err, panicked = errRedoBatch, true
		}
	}()
	return fn(tx), false
}

func notAlone(calls []*groupCall) []*groupCall {
	out := calls[:0:0]
	for _, c := range calls {
		if !c.alone {
			out = append(out, c)
		}
	}
	return out
}
