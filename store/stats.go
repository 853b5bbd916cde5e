package store

// WriteStats counts what the store's write transactions have written to
// the file since it was opened: Pages, the pages they allocated and wrote
// (dirty tree pages and the freelist; not the meta page), and Writes, the
// write calls that wrote them (each run of adjacent pages is one, the meta
// page another). The counts only grow; compare two readings.
type WriteStats struct {
	Pages  int64 `json:"pages"`
	Writes int64 `json:"writes"`
}

// WriteStats returns the counts of pages and writes so far.
func (db *DB) WriteStats() WriteStats {
	st := db.bolt.Stats().TxStats
	return WriteStats{Pages: st.GetPageCount(), Writes: st.GetWrite()}
}
