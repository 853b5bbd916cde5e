package store

// TxID returns the id of the bbolt transaction under tx: calls of Update
// that share a commit see the same id.
func TxID(tx *Tx) int { return tx.btx.ID() }

// QueuedUpdates returns how many calls of Update wait for the next batch.
func QueuedUpdates(db *DB) int {
	db.group.mu.Lock()
	defer db.group.mu.Unlock()
	return len(db.group.queue)
}
