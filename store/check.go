package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Check verifies the store: bbolt's own page check, that every origin's op
// log runs 1..n without gaps and ends at the version vector, that the
// recorded clock is the stamp of the newest op (so that ops removed from
// the end of the log show), that replaying the op log gives exactly the
// stored documents, and that indexes and counts match the documents. It returns nil or an EINTERNAL error that
// lists the first problems found.
func (db *DB) Check() error {
	return db.View(func(tx *Tx) error { return tx.Check() })
}

// maxProblems bounds how many problems Check reports.
const maxProblems = 10

// Check is DB.Check within tx's snapshot.
func (tx *Tx) Check() (err error) {
	// bbolt asserts on some damage (a page that names another id) by
	// panicking; that is a finding, not a crash.
	defer func() {
		if v := recover(); v != nil {
			err = checkError([]string{fmt.Sprintf("file: %v", v)})
		}
	}()
	var problems []string
	report := func(format string, args ...any) {
		if len(problems) < maxProblems {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
	}
	// Read every page once here first: bbolt's own check runs in a
	// goroutine of its own, where a panic on a damaged page could not be
	// recovered.
	if err := tx.walk(); err != nil {
		return checkError([]string{"file: " + err.Error()})
	}
	for err := range tx.btx.Check() {
		report("file: %v", err)
	}
	if len(problems) > 0 {
		return checkError(problems)
	}
	meta := tx.btx.Bucket(bucketMeta)
	if meta == nil || len(meta.Get(keyNodeID)) == 0 {
		return checkError([]string{"the node id is missing"})
	}

	// Replay the op log, origin by origin. A log cut from below (pruned,
	// or started from a snapshot) runs from its floor, and the documents
	// hold more than its replay: they must hold at least that (below).
	replay := map[string]*docState{} // docs key -> state
	logEnd := map[string]uint64{}
	floors := tx.Pruned()
	for o, p := range floors {
		logEnd[o] = p
	}
	newest := tx.prunedClock()
	_ = tx.btx.Bucket(bucketOps).ForEach(func(k, v []byte) error {
		origin, seq, ok := splitOpKey(k)
		if !ok {
			report("op log holds a damaged key %q", k)
			return nil
		}
		if want := logEnd[origin] + 1; seq != want {
			report("op log of %s jumps from %d to %d", origin, want-1, seq)
		}
		logEnd[origin] = seq
		op, err := decodeLogOp(k, v)
		if err != nil {
			report("op %s/%d is damaged: %v", origin, seq, err)
			return nil
		}
		if op.Origin != origin || op.Seq != seq {
			report("op %s/%d is filed under the wrong origin or seq", origin, seq)
		}
		newest = max(newest, op.HLC)
		dk := string(docKey(op.Kind, op.ID))
		st := replay[dk]
		if st == nil {
			st = &docState{}
			replay[dk] = st
		}
		st.merge(&op, tx.db.kinds[op.Kind])
		return nil
	})

	// The version vector and counts, from the meta bucket.
	vv := map[string]uint64{}
	counts := map[string]int{}
	c := meta.Cursor()
	for k, v := c.Seek(prefixVV); bytes.HasPrefix(k, prefixVV); k, v = c.Next() {
		vv[string(k[len(prefixVV):])] = getU64(v)
	}
	for k, v := c.Seek(prefixCnt); bytes.HasPrefix(k, prefixCnt); k, v = c.Next() {
		if n := int(getU64(v)); n != 0 {
			counts[string(k[len(prefixCnt):])] = n
		}
	}
	for origin, end := range logEnd {
		if vv[origin] != end {
			report("version vector says %d for %s but its op log ends at %d", vv[origin], origin, end)
		}
	}
	for origin, n := range vv {
		if _, ok := logEnd[origin]; !ok && n > 0 {
			report("version vector names %s but it has no op log", origin)
		}
	}
	if clock := Timestamp(getU64(meta.Get(keyClock))); clock != newest {
		report("%s", clockProblem(clock, newest))
	}

	// Documents against the replay; live counts and index entries.
	live := map[string]int{}
	expected := map[string]bool{}      // idx keys
	expectedCounts := map[string]int{} // count keys of Counted indexes
	_ = tx.docs().ForEach(func(k, v []byte) error {
		kind, id, ok := splitDocKey(k)
		if !ok {
			report("documents hold a damaged key %q", k)
			return nil
		}
		st, err := decodeState(v)
		if err != nil {
			report("%s %q is damaged", kind, id)
			return nil
		}
		if want := replay[string(k)]; want == nil {
			if len(floors) == 0 {
				report("%s %q has no ops in the log", kind, id)
			}
		} else if len(floors) > 0 {
			if cp, _ := decodeState(v); cp.absorb(want, tx.db.kinds[kind]) {
				report("%s %q lacks what the ops in the log wrote", kind, id)
			}
			delete(replay, string(k))
		} else {
			a, _ := st.encode()
			b, _ := want.encode()
			if !bytes.Equal(a, b) {
				report("%s %q differs from the replay of its ops", kind, id)
			}
			delete(replay, string(k))
		}
		if !st.live() {
			return nil
		}
		live[kind]++
		if kd := tx.db.kinds[kind]; kd != nil {
			d := st.doc(kind, id)
			for _, ix := range kd.Indexes {
				for _, key := range ix.Keys(d) {
					ek := string(idxKey(kind, ix.Name, key, id))
					if ix.Counted && !expected[ek] {
						expectedCounts[string(idxCountKey(kind, ix.Name, key))]++
					}
					expected[ek] = true
				}
			}
		}
		return nil
	})
	for k := range replay {
		kind, id, _ := splitDocKey([]byte(k))
		report("%s %q is in the op log but not stored", kind, id)
	}
	for kind, n := range live {
		if counts[kind] != n {
			report("count of %s is %d but %d documents are live", kind, counts[kind], n)
		}
	}
	for kind, n := range counts {
		if live[kind] == 0 {
			report("count of %s is %d but none is live", kind, n)
		}
	}
	n, nCounts := 0, 0
	_ = tx.idx().ForEach(func(k, v []byte) error {
		kind, rest, _ := strings.Cut(string(k), "/")
		if tx.db.kinds[kind] == nil {
			return nil // an index of a kind this program does not declare
		}
		if i := strings.IndexAny(rest, "\x00\x01"); i >= 0 && rest[i] == countSep {
			nCounts++
			if want, got := expectedCounts[string(k)], int(getU64(v)); want != got {
				report("index count %q is %d but %d entries are under it", strings.ReplaceAll(string(k), "\x01", " # "), got, want)
			}
			return nil
		}
		n++
		if !expected[string(k)] {
			report("index has a stale entry %q", strings.ReplaceAll(string(k), "\x00", " | "))
		}
		return nil
	})
	if n < len(expected) {
		report("indexes lack %d entries", len(expected)-n)
	}
	if nCounts < len(expectedCounts) {
		report("index counts lack %d keys", len(expectedCounts)-nCounts)
	}
	if len(problems) > 0 {
		return checkError(problems)
	}
	return nil
}

// clockProblem describes a recorded clock that is not the stamp of the
// newest op in the log.
func clockProblem(clock, newest Timestamp) string {
	if clock > newest {
		return fmt.Sprintf("the clock says an op was written at %s but the newest op in the log is of %s: ops were removed from the end of the log", clock, newest)
	}
	return fmt.Sprintf("the clock says %s but the log holds an op of %s", clock, newest)
}

// ForEachOp calls fn with every op of the log, origin by origin (in byte
// order of their ids), each origin's ops in seq order, until fn returns an
// error, which ForEachOp returns. An op that cannot be decoded is passed
// with damaged set and only the origin and seq of its key (both empty when
// the key is damaged too), so that a check can report it and go on. It is
// for checks that compare the log with what it produced (the audit log's
// verification); everything else reads documents.
func (tx *Tx) ForEachOp(fn func(op Op, damaged error) error) error {
	c := tx.btx.Bucket(bucketOps).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		origin, seq, ok := splitOpKey(k)
		if !ok {
			if err := fn(Op{}, Errorf(EINTERNAL, "op log holds a damaged key %q", k)); err != nil {
				return err
			}
			continue
		}
		op, err := decodeLogOp(k, v)
		if err != nil {
			if err := fn(Op{Origin: origin, Seq: seq}, Errorf(EINTERNAL, "op %s/%d is damaged: %v", origin, seq, err)); err != nil {
				return err
			}
			continue
		}
		if op.Origin != origin || op.Seq != seq {
			if err := fn(Op{Origin: origin, Seq: seq}, Errorf(EINTERNAL, "op %s/%d is filed under the wrong origin or seq", origin, seq)); err != nil {
				return err
			}
			continue
		}
		if err := fn(op, nil); err != nil {
			return err
		}
	}
	return nil
}

// VersionVector is DB.VersionVector within tx's snapshot.
func (tx *Tx) VersionVector() VersionVector {
	vv := VersionVector{}
	c := tx.btx.Bucket(bucketMeta).Cursor()
	for k, v := c.Seek(prefixVV); bytes.HasPrefix(k, prefixVV); k, v = c.Next() {
		vv[string(k[len(prefixVV):])] = getU64(v)
	}
	return vv
}

// RecordedClock returns the clock that the store keeps with every write:
// the stamp of the newest op it ever applied, local or remote (0 when it
// holds none). It never moves back, so when it is ahead of every op in the
// log, ops were removed from the log's end.
func (tx *Tx) RecordedClock() Timestamp {
	return Timestamp(getU64(tx.btx.Bucket(bucketMeta).Get(keyClock)))
}

// Count returns the number of live documents of kind as the store counts
// them with every write (a counter, not a scan: Check compares the two).
func (tx *Tx) Count(kind string) int {
	return int(getU64(tx.btx.Bucket(bucketMeta).Get(countKey(kind))))
}

// walk reads every key and value of every bucket, turning bbolt's
// assertions on damaged pages into an error.
func (tx *Tx) walk() (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%v", v)
		}
	}()
	for _, name := range [][]byte{bucketMeta, bucketOps, bucketDocs, bucketIdx, bucketLocal} {
		b := tx.btx.Bucket(name)
		if b == nil {
			return fmt.Errorf("bucket %s is missing", name)
		}
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
		}
	}
	return nil
}

func checkError(problems []string) error {
	return Errorf(EINTERNAL, "consistency check failed: %s", strings.Join(problems, "; "))
}

// absorb merges every register of o into s, as ops that wrote them would,
// and reports whether s changed: false when s already holds all of o.
func (s *docState) absorb(o *docState, k *Kind) bool {
	changed := s.merge(&Op{HLC: o.DelAt.HLC, Origin: o.DelAt.Node, Deleted: o.Deleted}, k)
	for name, r := range o.Fields {
		op := Op{HLC: r.HLC, Origin: r.Node, Fields: map[string]json.RawMessage{name: r.V}}
		if s.merge(&op, k) {
			changed = true
		}
	}
	for name, ss := range o.Sets {
		if ss.Cleared != (stamp{}) {
			op := Op{HLC: ss.Cleared.HLC, Origin: ss.Cleared.Node, Fields: map[string]json.RawMessage{name: json.RawMessage("[]")}}
			if s.merge(&op, k) {
				changed = true
			}
		}
		for e, el := range ss.Elems {
			ch := SetChange{Add: []json.RawMessage{json.RawMessage(e)}}
			if !el.In {
				ch = SetChange{Remove: ch.Add}
			}
			op := Op{HLC: el.HLC, Origin: el.Node, Sets: map[string]SetChange{name: ch}}
			if s.merge(&op, k) {
				changed = true
			}
		}
	}
	return changed
}
