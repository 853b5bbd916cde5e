package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"innkeep/app"
	"innkeep/store"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestAuditHashIsTheSHA256OfTheDocumentedRecord(t *testing.T) {
	const node = "aaaa000000000001"
	db := openAuditStore(t, filepath.Join(t.TempDir(), "innkeep.db"), node)
	s := auditService(db) // its clock reads 09:00:01, then 09:00:02
	alice := app.Actor{UserID: "U1", Username: "alice", Address: "10.0.0.7"}
	writeAudit(t, s, alice, "user.update", "user", "U2",
		map[string]any{"email": "a@x", "name": "Bo"}, map[string]any{"email": "b@x", "name": "Bo", "phone": "文"})
	writeAudit(t, s, app.Actor{Username: "cli", Address: "cli"}, "user.create", "user", "U3", nil, map[string]any{"username": "chen"})

	// The record of docs/security.md, written out by hand: the version
	// line, then each field as a netstring (byte length, ":", the bytes,
	// ",") in the documented order.
	first := "innkeep-audit-v1\n" +
		"29:aaaa000000000001-000000000001," + // id
		"16:aaaa000000000001," + // node
		"1:1," + // seq
		"30:2026-11-26T09:00:01.000000000Z," + // at
		"2:U1," + // user_id
		"5:alice," + // username
		"8:10.0.0.7," + // address
		"11:user.update," + // action
		"4:user," + // entity
		"2:U2," + // entity_id
		`15:{"email":"a@x"},` + // before: the changed fields only
		`29:{"email":"b@x","phone":"文"},` + // after (文 is 3 bytes)
		"0:," // prev_hash
	sum := sha256.Sum256([]byte(first))
	firstHash := hex.EncodeToString(sum[:])
	second := "innkeep-audit-v1\n" +
		"29:aaaa000000000001-000000000002," +
		"16:aaaa000000000001," +
		"1:2," +
		"30:2026-11-26T09:00:02.000000000Z," +
		"0:," + // no user id
		"3:cli," +
		"3:cli," +
		"11:user.create," +
		"4:user," +
		"2:U3," +
		"2:{}," + // a creation has no before
		`19:{"username":"chen"},` +
		"64:" + firstHash + ","
	sum = sha256.Sum256([]byte(second))
	secondHash := hex.EncodeToString(sum[:])

	entries := allAudit(t, db)
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	if entries[0].Hash != firstHash {
		t.Errorf("entry 1 hashes to %s; the documented record hashes to %s", entries[0].Hash, firstHash)
	}
	if entries[1].PrevHash != firstHash || entries[1].Hash != secondHash {
		t.Errorf("entry 2 has prev_hash %s and hash %s; want %s and %s", entries[1].PrevHash, entries[1].Hash, firstHash, secondHash)
	}
}

// auditDocs writes n entries of desk node, each in the transaction of a
// change to hotel H1 (so that the op log interleaves them with other ops:
// op 2k-1 changes the hotel, op 2k writes entry k), with a before and an
// after, and returns the path of the closed store.
func auditDocs(t *testing.T, node string, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "innkeep.db")
	db, err := store.Open(path, store.Options{Kinds: []store.Kind{auditKind(), {Name: "hotel"}}, NodeID: node, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	s := auditService(db)
	a := auditUser("U1", "alice")
	for i := range n {
		err := db.Update(a.String(), func(tx *store.Tx) error {
			if err := tx.Put("hotel", "H1", map[string]json.RawMessage{"name": json.RawMessage(fmt.Sprintf(`"Hotel %d"`, i+1))}); err != nil {
				return err
			}
			return s.Record(tx, a, "hotel.update", "hotel", "H1", map[string]any{"name": fmt.Sprintf("Hotel %d", i)}, map[string]any{"name": fmt.Sprintf("Hotel %d", i+1)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if rep := verifyAudit(t, s); !rep.OK || rep.Entries != n {
		t.Fatalf("an untouched log reports %+v", rep)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return path
}

// reopenAudit opens the store at path again, as verify does, and returns
// the report of this desk's chain.
func reopenAudit(t *testing.T, path, node string) (Report, Chain) {
	t.Helper()
	db, err := store.Open(path, store.Options{Kinds: []store.Kind{auditKind(), {Name: "hotel"}}, NodeID: node, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rep := verifyAudit(t, auditService(db))
	for _, c := range rep.Chains {
		if c.Node == node {
			return rep, c
		}
	}
	return rep, Chain{}
}

// rawTamper changes the closed store file at path with fn.
func rawTamper(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// opKey is the ops key of op seq of origin.
func opKey(origin string, seq uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	return append([]byte(origin+"\x00"), b[:]...)
}

func TestVerifyNamesTheEntryWhoseHashedFieldWasChanged(t *testing.T) {
	const node = "aaaa000000000001"
	// Every field of the hashed record, changed in entry 3 and in the op
	// that wrote it, so that only the hash can tell.
	cases := []struct {
		field, value, reason string
	}{
		{"id", `"aaaa000000000001-000000000009"`, "misplaced"},
		{"node", `"bbbb000000000002"`, "misplaced"},
		{"seq", `9`, "misplaced"},
		{"at", `"2026-11-26T08:00:00Z"`, "hash mismatch"},
		{"user_id", `"U666"`, "hash mismatch"},
		{"username", `"mallory"`, "hash mismatch"},
		{"address", `"10.6.6.6"`, "hash mismatch"},
		{"action", `"hotel.view"`, "hash mismatch"},
		{"entity", `"room"`, "hash mismatch"},
		{"entity_id", `"H2"`, "hash mismatch"},
		{"before", `{"name":"Hotel X"}`, "hash mismatch"},
		{"after", `{"name":"Hotel Y"}`, "hash mismatch"},
		{"prev_hash", `"` + strings.Repeat("0", 64) + `"`, "hash mismatch"},
		{"hash", `"` + strings.Repeat("f", 64) + `"`, "hash mismatch"},
	}
	for _, tc := range cases {
		t.Run(tc.field, func(t *testing.T) {
			p := auditDocs(t, node, 5) // a store of its own: a copy would be another desk
			rawTamper(t, p, func(tx *bolt.Tx) error {
				if err := editAuditField(tx.Bucket([]byte("docs")), auditDocKey(node, 3), tc.field, tc.value); err != nil {
					return err
				}
				return editAuditOp(tx, auditID(node, 3), tc.field, tc.value)
			})
			rep, c := reopenAudit(t, p, node)
			if rep.OK || c.OK || c.BrokenAt == nil {
				t.Fatalf("a changed %s is not found: %+v", tc.field, rep)
			}
			if c.BrokenAt.Seq != 3 || !strings.HasPrefix(c.BrokenAt.Reason, tc.reason) {
				t.Errorf("broken at %d (%s), want 3 (%s…)", c.BrokenAt.Seq, c.BrokenAt.Reason, tc.reason)
			}
		})
	}
}

func TestVerifyFindsTruncationsThatLeaveTheOpLogBehind(t *testing.T) {
	const node = "aaaa000000000001"
	head := func(seq uint64, hash string) []byte {
		b, _ := json.Marshal(auditHead{Node: node, Seq: seq, Hash: hash})
		return b
	}
	headKey := []byte(auditSpace + "\x00" + auditHeadKey)
	hashOf := func(tx *bolt.Tx, seq uint64) string {
		e, err := readAuditDoc(tx.Bucket([]byte("docs")), auditDocKey(node, seq))
		if err != nil {
			t.Fatal(err)
		}
		return e.Hash
	}
	deleteEntries := func(tx *bolt.Tx, seqs ...uint64) error {
		for _, seq := range seqs {
			if err := tx.Bucket([]byte("docs")).Delete(auditDocKey(node, seq)); err != nil {
				return err
			}
		}
		return nil
	}
	setU64 := func(tx *bolt.Tx, key string, v uint64) error {
		var b [8]byte
		binary.BigEndian.PutUint64(b[:], v)
		return tx.Bucket([]byte("meta")).Put([]byte(key), b[:])
	}
	// lastStamp is the stamp of op seq, for a clock set back with the ops.
	lastStamp := func(tx *bolt.Tx, seq uint64) uint64 {
		op, err := store.DecodeStoredOp(opKey(node, seq), tx.Bucket([]byte("ops")).Get(opKey(node, seq)))
		if err != nil {
			t.Fatal(err)
		}
		return uint64(op.HLC)
	}
	cases := []struct {
		name       string
		tamper     func(tx *bolt.Tx) error
		wantSeq    uint64
		wantReason string
	}{
		{"the newest entries and the head removed", func(tx *bolt.Tx) error {
			if err := deleteEntries(tx, 4, 5); err != nil {
				return err
			}
			return tx.Bucket([]byte("local")).Delete(headKey)
		}, 4, "truncated"},
		{"the newest entries removed and the head set to an older entry", func(tx *bolt.Tx) error {
			if err := deleteEntries(tx, 4, 5); err != nil {
				return err
			}
			return tx.Bucket([]byte("local")).Put(headKey, head(3, hashOf(tx, 3)))
		}, 4, "truncated"},
		{"every entry and the head removed", func(tx *bolt.Tx) error {
			if err := deleteEntries(tx, 1, 2, 3, 4, 5); err != nil {
				return err
			}
			return tx.Bucket([]byte("local")).Delete(headKey)
		}, 1, "truncated"},
		{"every entry, its ops and the head removed", func(tx *bolt.Tx) error {
			if err := deleteEntries(tx, 1, 2, 3, 4, 5); err != nil {
				return err
			}
			for k := uint64(1); k <= 5; k++ {
				if err := tx.Bucket([]byte("ops")).Delete(opKey(node, 2*k)); err != nil {
					return err
				}
			}
			return tx.Bucket([]byte("local")).Delete(headKey)
		}, 1, "op log gap"},
		{"a middle op removed", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("ops")).Delete(opKey(node, 5)) // the hotel's change of entry 3's transaction
		}, 3, "op log gap"},
		{"the newest entries, their ops and the head removed, the version vector set back", func(tx *bolt.Tx) error {
			if err := deleteEntries(tx, 4, 5); err != nil {
				return err
			}
			for op := uint64(7); op <= 10; op++ {
				if err := tx.Bucket([]byte("ops")).Delete(opKey(node, op)); err != nil {
					return err
				}
			}
			if err := setU64(tx, "vv\x00"+node, 6); err != nil {
				return err
			}
			if err := setU64(tx, "count\x00audit", 3); err != nil {
				return err
			}
			return tx.Bucket([]byte("local")).Put(headKey, head(3, hashOf(tx, 3)))
		}, 4, "truncated: the store's clock"},
		{"the head set back alone", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("local")).Put(headKey, head(3, hashOf(tx, 3)))
		}, 4, "head mismatch"},
		{"the head removed alone", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("local")).Delete(headKey)
		}, 6, "head missing"},
		{"the count changed alone", func(tx *bolt.Tx) error {
			return setU64(tx, "count\x00audit", 9)
		}, 0, "count mismatch"},
		{"an entry added without an op", func(tx *bolt.Tx) error {
			docs := tx.Bucket([]byte("docs"))
			e, err := readAuditDoc(docs, auditDocKey(node, 5))
			if err != nil {
				return err
			}
			e.ID, e.Seq, e.PrevHash = auditID(node, 6), 6, e.Hash
			e.Hash = e.computeHash()
			if err := docs.Put(auditDocKey(node, 6), bytes.Clone(docs.Get(auditDocKey(node, 5)))); err != nil {
				return err
			}
			for name, v := range map[string]any{"id": e.ID, "seq": e.Seq, "prev_hash": e.PrevHash, "hash": e.Hash} {
				b, _ := json.Marshal(v)
				if err := editAuditField(docs, auditDocKey(node, 6), name, string(b)); err != nil {
					return err
				}
			}
			return tx.Bucket([]byte("local")).Put(headKey, head(6, e.Hash))
		}, 6, "op log mismatch"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := auditDocs(t, node, 5) // a store of its own: a copy would be another desk
			rawTamper(t, p, tc.tamper)
			rep, c := reopenAudit(t, p, node)
			if rep.OK || c.OK || c.BrokenAt == nil {
				t.Fatalf("not found: %+v", rep)
			}
			if c.BrokenAt.Seq != tc.wantSeq || !strings.HasPrefix(c.BrokenAt.Reason, tc.wantReason) {
				t.Errorf("broken at %d (%s), want %d (%s…)", c.BrokenAt.Seq, c.BrokenAt.Reason, tc.wantSeq, tc.wantReason)
			}
		})
	}

	// A rollback of every trace, the clock included, leaves the file as it
	// was before the last write: only a copy kept elsewhere tells.
	t.Run("a rollback of every trace is not found", func(t *testing.T) {
		p := auditDocs(t, node, 5) // a store of its own: a copy would be another desk
		rawTamper(t, p, func(tx *bolt.Tx) error {
			// Entry 5's transaction also changed the hotel: put it back.
			op, err := store.DecodeStoredOp(opKey(node, 7), tx.Bucket([]byte("ops")).Get(opKey(node, 7)))
			if err != nil {
				return err
			}
			st, _ := json.Marshal(map[string]any{"f": map[string]any{"name": map[string]any{"v": op.Fields["name"], "t": op.HLC, "n": node}}, "d": map[string]any{"t": 0, "n": ""}})
			if err := tx.Bucket([]byte("docs")).Put([]byte("hotel\x00H1"), st); err != nil {
				return err
			}
			if err := deleteEntries(tx, 5); err != nil {
				return err
			}
			idx := tx.Bucket([]byte("idx"))
			var stale [][]byte
			c := idx.Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
				if bytes.HasSuffix(k, []byte(auditID(node, 5))) {
					stale = append(stale, bytes.Clone(k))
				}
			}
			for _, k := range stale {
				if err := idx.Delete(k); err != nil {
					return err
				}
			}
			for op := uint64(9); op <= 10; op++ {
				if err := tx.Bucket([]byte("ops")).Delete(opKey(node, op)); err != nil {
					return err
				}
			}
			if err := setU64(tx, "vv\x00"+node, 8); err != nil {
				return err
			}
			if err := setU64(tx, "count\x00audit", 4); err != nil {
				return err
			}
			if err := setU64(tx, "clock", lastStamp(tx, 8)); err != nil {
				return err
			}
			return tx.Bucket([]byte("local")).Put(headKey, head(4, hashOf(tx, 4)))
		})
		rep, _ := reopenAudit(t, p, node)
		if !rep.OK || rep.Entries != 4 {
			t.Errorf("a full rollback reports %+v; the test no longer shows where the chain's protection ends", rep)
		}
	})
}

func TestVerifyFindsAnEmptiedLogOnAStoreWithRecords(t *testing.T) {
	const node = "aaaa000000000001"
	path := filepath.Join(t.TempDir(), "innkeep.db")
	db, err := store.Open(path, store.Options{Kinds: []store.Kind{auditKind(), {Name: "hotel"}}, NodeID: node, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	s := auditService(db)
	if rep := verifyAudit(t, s); !rep.OK || rep.Entries != 0 || len(rep.Chains) != 0 {
		t.Fatalf("a new store reports %+v", rep)
	}
	// A record written without its entry: what is left when the entries,
	// their ops and the head are all gone.
	if err := db.Update("test", func(tx *store.Tx) error {
		return tx.Put("hotel", "H1", map[string]json.RawMessage{"name": json.RawMessage(`"H"`)})
	}); err != nil {
		t.Fatal(err)
	}
	rep := verifyAudit(t, s)
	if rep.OK || len(rep.Chains) != 1 || rep.Chains[0].BrokenAt == nil || !strings.HasPrefix(rep.Chains[0].BrokenAt.Reason, "truncated") {
		t.Fatalf("an empty log on a store with records reports %+v", rep)
	}
	db.Close()

	// Without the op log too, the records alone tell.
	rawTamper(t, path, func(tx *bolt.Tx) error {
		if err := tx.Bucket([]byte("ops")).Delete(opKey(node, 1)); err != nil {
			return err
		}
		return tx.Bucket([]byte("meta")).Delete([]byte("vv\x00" + node))
	})
	rep, c := reopenAudit(t, path, node)
	if rep.OK || c.BrokenAt == nil || !strings.HasPrefix(c.BrokenAt.Reason, "truncated") {
		t.Fatalf("an empty log on a store with records but no ops reports %+v", rep)
	}
}
