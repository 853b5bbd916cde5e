package store

// How the clock stays ahead of every stamp a write can read.
//
// A field keeps the value of the highest stamp, so a local write loses to
// any stamp it reads that is not lower than its own. Two rules keep that
// from happening to a write whose caller is told it succeeded:
//
//   - apply observes every op's stamp inside the transaction that merges
//     it, before the commit. bbolt runs one writer at a time, so a write
//     that begins after that commit (the first that can read the merged
//     value) takes its stamp from a clock that has seen it. A batch that
//     rolls back leaves the clock ahead, which orders nothing wrongly.
//   - writeLocal observes the highest stamp of the document it writes
//     before it takes its own, so even a document whose stamps lie ahead of
//     the clock (a file whose saved clock reading was lost, a document
//     loaded from elsewhere) is overwritten by the write that reads it.

// observeStored moves the clock past the highest stamp of the stored
// document kind/id, when there is one.
func (tx *Tx) observeStored(kind, id string) error {
	st, err := tx.state(kind, id)
	if err != nil || st == nil {
		return err
	}
	tx.db.clock.Observe(st.doc(kind, id).Updated)
	return nil
}
