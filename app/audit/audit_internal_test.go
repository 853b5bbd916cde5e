package audit

import (
	"bytes"
	"context"
	"encoding/csv"
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

// auditTicker is a clock that moves one second at every reading.
type auditTicker struct{ t time.Time }

func (c *auditTicker) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

// openAuditStore opens (or reopens) the store file at path with the audit
// kind only, so that these tests depend on nothing else in the domain.
func openAuditStore(t *testing.T, path, node string) *store.DB {
	t.Helper()
	db, err := store.Open(path, store.Options{Kinds: []store.Kind{auditKind()}, NodeID: node, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// auditService returns a service on db whose clock starts at 2026-11-26
// 09:00 UTC and ticks one second per reading.
func auditService(db *store.DB) *Service {
	clk := &auditTicker{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	return New(app.Env{DB: db, Clock: clk.now, Keys: app.NewKeys(nil)})
}

// auditUser is an actor that may view the audit log.
func auditUser(id, name string) app.Actor {
	return app.Actor{UserID: id, Username: name, Address: "10.0.0.7", Perms: app.NewPermissionSet(app.Perm("audit", "view"))}
}

// writeAudit appends one entry in its own transaction.
func writeAudit(t *testing.T, s *Service, a app.Actor, action, entity, id string, before, after any) {
	t.Helper()
	err := s.DB.Update(a.String(), func(tx *store.Tx) error {
		return s.Audit.Record(tx, a, action, entity, id, before, after)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// allAudit returns every entry in id order (node, then seq).
func allAudit(t *testing.T, db *store.DB) []Entry {
	t.Helper()
	var out []Entry
	err := db.View(func(tx *store.Tx) error {
		return auditLog().ForEach(tx, func(_ string, e Entry) error {
			out = append(out, e)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func verifyAudit(t *testing.T, s *Service) Report {
	t.Helper()
	rep, err := s.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestAuditChainGrowsAndVerifies(t *testing.T) {
	db := openAuditStore(t, filepath.Join(t.TempDir(), "innkeep.db"), "aaaa000000000001")
	s := auditService(db)
	alice := auditUser("U1", "alice")
	for i := range 4 {
		writeAudit(t, s, alice, "hotel.update", "hotel", "H1", map[string]any{"name": fmt.Sprint(i)}, map[string]any{"name": fmt.Sprint(i + 1)})
	}
	// Several entries in one transaction chain as well.
	err := db.Update("test", func(tx *store.Tx) error {
		for range 3 {
			if err := s.Audit.Record(tx, alice, "session.login", "session", "S1", nil, map[string]any{"address": "10.0.0.7"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	entries := allAudit(t, db)
	if len(entries) != 7 {
		t.Fatalf("%d entries, want 7", len(entries))
	}
	prev := ""
	for i, e := range entries {
		seq := uint64(i + 1)
		if e.Seq != seq || e.Node != "aaaa000000000001" || e.ID != fmt.Sprintf("aaaa000000000001-%012d", seq) {
			t.Errorf("entry %d is %s (node %s, seq %d)", i, e.ID, e.Node, e.Seq)
		}
		if e.PrevHash != prev {
			t.Errorf("entry %d: prev_hash %q, want %q", seq, e.PrevHash, prev)
		}
		if len(e.Hash) != 64 || e.Hash != e.computeHash() {
			t.Errorf("entry %d: hash %q does not match its content", seq, e.Hash)
		}
		if e.UserID != "U1" || e.Username != "alice" || e.Address != "10.0.0.7" || e.At.IsZero() {
			t.Errorf("entry %d does not name its actor and time: %+v", seq, e)
		}
		prev = e.Hash
	}
	var head auditHead
	db.View(func(tx *store.Tx) error { return json.Unmarshal(tx.LocalGet(auditSpace, auditHeadKey), &head) })
	if head.Seq != 7 || head.Hash != prev {
		t.Errorf("chain head is %+v, want seq 7 and the last hash", head)
	}

	rep := verifyAudit(t, s)
	b, _ := json.Marshal(rep)
	want := `{"ok":true,"entries":7,"chains":[{"node":"aaaa000000000001","entries":7,"ok":true,"broken_at":null}]}`
	if string(b) != want {
		t.Errorf("report\n got %s\nwant %s", b, want)
	}
}

func TestAuditHashIgnoresMapOrderAndJSONSpacing(t *testing.T) {
	e := Entry{ID: "n-000000000001", Node: "n", Seq: 1, At: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC),
		Action: "x.y", Entity: "x", Before: map[string]json.RawMessage{"a": json.RawMessage(`{"z":1,"b":[1, 2]}`), "b": json.RawMessage(`"<&>"`)}}
	f := e
	f.Before = map[string]json.RawMessage{"b": json.RawMessage(`"\u003c\u0026\u003e"`), "a": json.RawMessage(`{ "b": [1,2], "z": 1 }`)}
	if e.computeHash() != f.computeHash() {
		t.Error("equal entries spelled differently hash differently")
	}
	f.Before["a"] = json.RawMessage(`{"b":[1,2],"z":2}`)
	if e.computeHash() == f.computeHash() {
		t.Error("a changed value keeps the hash")
	}
	g := e
	g.At = e.At.In(time.FixedZone("CET", 3600))
	if e.computeHash() != g.computeHash() {
		t.Error("the same instant in another zone hashes differently")
	}
}

func TestAuditIsWrittenInTheTransactionOfTheChange(t *testing.T) {
	db := openAuditStore(t, filepath.Join(t.TempDir(), "innkeep.db"), "aaaa000000000001")
	s := auditService(db)
	a := auditUser("U1", "alice")
	writeAudit(t, s, a, "user.create", "user", "U2", nil, map[string]any{"username": "bob"})

	// A change that fails takes its entry (and the head) with it.
	err := db.Update("test", func(tx *store.Tx) error {
		if err := s.Audit.Record(tx, a, "user.update", "user", "U2", nil, map[string]any{"email": "b@x"}); err != nil {
			return err
		}
		return app.Errorf(app.EINVALID, "the change failed")
	})
	if app.ErrorCode(err) != app.EINVALID {
		t.Fatalf("got %v", err)
	}
	writeAudit(t, s, a, "user.update", "user", "U2", nil, map[string]any{"email": "c@x"})
	entries := allAudit(t, db)
	if len(entries) != 2 || entries[1].Seq != 2 || entries[1].After["email"] == nil || string(entries[1].After["email"]) != `"c@x"` {
		t.Fatalf("entries after a rolled-back change: %+v", entries)
	}
	if rep := verifyAudit(t, s); !rep.OK {
		t.Errorf("chain broken after a rollback: %+v", rep)
	}

	// Read transactions cannot hold audit entries.
	err = db.View(func(tx *store.Tx) error { return s.Audit.Record(tx, a, "x.y", "x", "", nil, nil) })
	if app.ErrorCode(err) != app.EINTERNAL {
		t.Errorf("audit in a read transaction: %v", err)
	}
}

func TestAuditContinuesAfterALostHead(t *testing.T) {
	db := openAuditStore(t, filepath.Join(t.TempDir(), "innkeep.db"), "aaaa000000000001")
	s := auditService(db)
	a := auditUser("U1", "alice")
	for range 3 {
		writeAudit(t, s, a, "x.y", "x", "", nil, map[string]any{"n": 1})
	}
	if err := db.Update("test", func(tx *store.Tx) error { return tx.LocalDelete(auditSpace, auditHeadKey) }); err != nil {
		t.Fatal(err)
	}
	writeAudit(t, s, a, "x.y", "x", "", nil, map[string]any{"n": 2})
	entries := allAudit(t, db)
	if len(entries) != 4 || entries[3].Seq != 4 || entries[3].PrevHash != entries[2].Hash {
		t.Fatalf("the chain did not continue after its last entry: %+v", entries)
	}
	if rep := verifyAudit(t, s); !rep.OK {
		t.Errorf("report: %+v", rep)
	}
}

func TestAuditRecordsOnlyChangedFields(t *testing.T) {
	type room struct {
		Number string   `json:"number"`
		Floor  int      `json:"floor"`
		Tags   []string `json:"tags,omitempty"`
		Note   *string  `json:"note"`
	}
	cases := []struct {
		name          string
		before, after any
		wantBefore    string
		wantAfter     string
	}{
		{"a creation keeps every non-null field after and none before",
			nil, room{Number: "101", Floor: 1},
			`{}`, `{"floor":1,"number":"101"}`},
		{"a deletion keeps every non-null field before and none after",
			room{Number: "101", Floor: 1}, nil,
			`{"floor":1,"number":"101"}`, `{}`},
		{"an update keeps only the fields that differ",
			room{Number: "101", Floor: 1, Tags: []string{"sea"}}, room{Number: "101", Floor: 2, Tags: []string{"sea"}},
			`{"floor":1}`, `{"floor":2}`},
		{"a field that appears is only after",
			room{Number: "101"}, room{Number: "101", Tags: []string{"quiet"}},
			`{}`, `{"tags":["quiet"]}`},
		{"a missing field equals null",
			map[string]any{"a": 1, "b": nil}, map[string]any{"a": 1},
			`{}`, `{}`},
		{"maps and structs compare by their JSON",
			map[string]any{"number": "101", "floor": 1, "note": nil}, room{Number: "101", Floor: 1},
			`{}`, `{}`},
		{"a typed nil pointer is no record",
			(*room)(nil), &room{Number: "7"},
			`{}`, `{"floor":0,"number":"7"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := &Service{}
			b, a, err := s.auditChanges(tc.before, tc.after)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(canonicalObject(b)); got != tc.wantBefore {
				t.Errorf("before = %s, want %s", got, tc.wantBefore)
			}
			if got := string(canonicalObject(a)); got != tc.wantAfter {
				t.Errorf("after = %s, want %s", got, tc.wantAfter)
			}
		})
	}
	if _, _, err := (&Service{}).auditChanges("not an object", nil); app.ErrorCode(err) != app.EINTERNAL {
		t.Errorf("a string as a record: %v", err)
	}
}

func TestAuditRedactsSecretsAndEncryptedValues(t *testing.T) {
	kr, err := app.NewKeyring(bytes.Repeat([]byte{7}, app.DataKeySize))
	if err != nil {
		t.Fatal(err)
	}
	seal := func(s string) string {
		c, err := kr.Encrypt(s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	type account struct {
		Username     string         `json:"username"`
		Phone        string         `json:"phone"`
		Passport     string         `json:"passport"`
		PasswordHash string         `json:"password_hash"`
		TokenHash    string         `json:"token_hash"`
		CodeHash     string         `json:"code_hash"`
		CSRFHash     string         `json:"csrf_hash"`
		RecoveryHash string         `json:"recovery_hash"`
		Key          string         `json:"key"`
		Extra        map[string]any `json:"extra"`
	}
	phone := seal("+86 138 0000 1234")
	before := account{Username: "bob", Phone: phone, Passport: seal("E12345678"), PasswordHash: "$argon2id$v=19$old", TokenHash: "tok-old", CodeHash: "code-old",
		CSRFHash: "csrf-old", RecoveryHash: "rec-old", Key: "k-old", Extra: map[string]any{"api": map[string]any{"token_hash": "nested-old"}, "card": seal("4111")}}
	after := account{Username: "robert", Phone: seal("+86 138 0000 1234"), Passport: seal("G98765432"), PasswordHash: "$argon2id$v=19$new", TokenHash: "tok-new", CodeHash: "code-new",
		CSRFHash: "csrf-new", RecoveryHash: "rec-new", Key: "k-new", Extra: map[string]any{"api": map[string]any{"token_hash": "nested-new"}, "card": seal("4111")}}

	db := openAuditStore(t, filepath.Join(t.TempDir(), "innkeep.db"), "aaaa000000000001")
	s := auditService(db)
	s.Keys.Set(kr)
	writeAudit(t, s, auditUser("U1", "alice"), "user.update", "user", "U2", before, after)
	e := allAudit(t, db)[0]

	wantBefore := `{"code_hash":"[secret]","csrf_hash":"[secret]","extra":{"api":{"token_hash":"[secret]"},"card":"[encrypted]"},"key":"[secret]","passport":"[encrypted]","password_hash":"[secret]","recovery_hash":"[secret]","token_hash":"[secret]","username":"bob"}`
	wantAfter := strings.Replace(wantBefore, `"bob"`, `"robert"`, 1)
	if got := string(canonicalObject(e.Before)); got != wantBefore {
		t.Errorf("before\n got %s\nwant %s", got, wantBefore)
	}
	if got := string(canonicalObject(e.After)); got != wantAfter {
		t.Errorf("after\n got %s\nwant %s", got, wantAfter)
	}
	if _, ok := e.After["phone"]; ok {
		t.Error("a phone number sealed again with the same value shows as a change")
	}
	raw, _ := json.Marshal(e)
	for _, secret := range []string{"argon2id", "tok-", "code-", "csrf-", "rec-", "k-old", "k-new", "nested-", "enc:v1:", "E12345678", "0000 1234"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the entry shows %q: %s", secret, raw)
		}
	}

	// Without the data key, a value sealed again counts as a change, still
	// without showing anything.
	s.Keys = nil
	b, a, err := s.auditChanges(map[string]any{"phone": phone}, map[string]any{"phone": seal("+86 138 0000 1234")})
	if err != nil {
		t.Fatal(err)
	}
	if string(b["phone"]) != `"[encrypted]"` || string(a["phone"]) != `"[encrypted]"` {
		t.Errorf("without the key: before %s, after %s", b["phone"], a["phone"])
	}
}

// auditTamper changes the closed store file at path with fn, which gets the
// bbolt "docs" bucket, where an entry is "audit\x00<id>" -> docState JSON.
func auditTamper(t *testing.T, path string, fn func(docs *bolt.Bucket) error) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(func(tx *bolt.Tx) error { return fn(tx.Bucket([]byte("docs"))) }); err != nil {
		t.Fatal(err)
	}
}

// auditDocKey is the docs key of entry seq of node.
func auditDocKey(node string, seq uint64) []byte {
	return []byte(auditKindName + "\x00" + auditID(node, seq))
}

// editAuditField sets field name of a stored entry to the JSON value v,
// keeping its stamp, as someone editing the file would.
func editAuditField(docs *bolt.Bucket, key []byte, name, v string) error {
	d, err := store.DecodeStoredDoc(docs.Get(key))
	if err != nil {
		return err
	}
	if _, ok := d.Fields()[name]; !ok {
		return fmt.Errorf("no field %s", name)
	}
	d.SetValue(name, json.RawMessage(v))
	return docs.Put(key, d.Encode())
}

// editAuditOp sets field name to the JSON value v in the op that wrote the
// entry id, as someone editing the op log to match an edited entry would.
// The ops bucket holds "<origin>\x00<seq, 8 bytes big-endian>" -> op.
func editAuditOp(tx *bolt.Tx, id, name, v string) error {
	ops := tx.Bucket([]byte("ops"))
	c := ops.Cursor()
	for k, raw := c.First(); k != nil; k, raw = c.Next() {
		op, err := store.DecodeStoredOp(k, raw)
		if err != nil {
			return err
		}
		if op.Kind != auditKindName || op.ID != id {
			continue
		}
		op.Fields[name] = json.RawMessage(v)
		return ops.Put(bytes.Clone(k), store.EncodeStoredOp(op))
	}
	return fmt.Errorf("no op writes %s", id)
}

// readAuditDoc decodes a stored entry from the docs bucket.
func readAuditDoc(docs *bolt.Bucket, key []byte) (Entry, error) {
	d, err := store.DecodeStoredDoc(docs.Get(key))
	if err != nil {
		return Entry{}, err
	}
	b, _ := json.Marshal(d.Fields())
	var e Entry
	err = json.Unmarshal(b, &e)
	return e, err
}

func TestVerifyAuditReportsTampering(t *testing.T) {
	const node = "aaaa000000000001"
	cases := []struct {
		name       string
		tamper     func(docs *bolt.Bucket) error
		wantSeq    uint64
		wantReason string
	}{
		{"an edited entry breaks its own hash", func(docs *bolt.Bucket) error {
			return editAuditField(docs, auditDocKey(node, 3), "action", `"hotel.delete"`)
		}, 3, "hash mismatch"},
		{"an edited actor breaks its own hash", func(docs *bolt.Bucket) error {
			return editAuditField(docs, auditDocKey(node, 2), "username", `"mallory"`)
		}, 2, "hash mismatch"},
		{"an edited entry with a recomputed hash differs from its op", func(docs *bolt.Bucket) error {
			e, err := readAuditDoc(docs, auditDocKey(node, 3))
			if err != nil {
				return err
			}
			e.Username = "mallory"
			if err := editAuditField(docs, auditDocKey(node, 3), "username", `"mallory"`); err != nil {
				return err
			}
			return editAuditField(docs, auditDocKey(node, 3), "hash", `"`+e.computeHash()+`"`)
		}, 3, "op log mismatch"},
		{"an edited entry with a recomputed hash, and its op edited alike, breaks the next link", func(docs *bolt.Bucket) error {
			e, err := readAuditDoc(docs, auditDocKey(node, 3))
			if err != nil {
				return err
			}
			e.Username = "mallory"
			hash := `"` + e.computeHash() + `"`
			for name, v := range map[string]string{"username": `"mallory"`, "hash": hash} {
				if err := editAuditField(docs, auditDocKey(node, 3), name, v); err != nil {
					return err
				}
				if err := editAuditOp(docs.Tx(), auditID(node, 3), name, v); err != nil {
					return err
				}
			}
			return nil
		}, 4, "prev_hash mismatch"},
		{"a removed middle entry leaves a seq gap", func(docs *bolt.Bucket) error {
			return docs.Delete(auditDocKey(node, 3))
		}, 3, "seq gap"},
		{"two removed entries leave a seq gap at the first", func(docs *bolt.Bucket) error {
			if err := docs.Delete(auditDocKey(node, 2)); err != nil {
				return err
			}
			return docs.Delete(auditDocKey(node, 3))
		}, 2, "seq gap"},
		{"a removed newest entry is a truncation", func(docs *bolt.Bucket) error {
			return docs.Delete(auditDocKey(node, 5))
		}, 5, "truncated"},
		{"a removed first entry leaves a gap at 1", func(docs *bolt.Bucket) error {
			return docs.Delete(auditDocKey(node, 1))
		}, 1, "seq gap"},
		{"a replaced newest entry differs from its op", func(docs *bolt.Bucket) error {
			e, err := readAuditDoc(docs, auditDocKey(node, 5))
			if err != nil {
				return err
			}
			e.Action = "nothing.happened"
			if err := editAuditField(docs, auditDocKey(node, 5), "action", `"nothing.happened"`); err != nil {
				return err
			}
			return editAuditField(docs, auditDocKey(node, 5), "hash", `"`+e.computeHash()+`"`)
		}, 5, "op log mismatch"},
		{"a replaced newest entry, and its op edited alike, does not match the head", func(docs *bolt.Bucket) error {
			e, err := readAuditDoc(docs, auditDocKey(node, 5))
			if err != nil {
				return err
			}
			e.Action = "nothing.happened"
			for name, v := range map[string]string{"action": `"nothing.happened"`, "hash": `"` + e.computeHash() + `"`} {
				if err := editAuditField(docs, auditDocKey(node, 5), name, v); err != nil {
					return err
				}
				if err := editAuditOp(docs.Tx(), auditID(node, 5), name, v); err != nil {
					return err
				}
			}
			return nil
		}, 5, "head mismatch"},
		{"swapped entries are misplaced", func(docs *bolt.Bucket) error {
			a, b := docs.Get(auditDocKey(node, 2)), docs.Get(auditDocKey(node, 4))
			a, b = bytes.Clone(a), bytes.Clone(b)
			if err := docs.Put(auditDocKey(node, 2), b); err != nil {
				return err
			}
			return docs.Put(auditDocKey(node, 4), a)
		}, 2, "misplaced"},
		{"an unreadable entry is reported", func(docs *bolt.Bucket) error {
			return editAuditField(docs, auditDocKey(node, 4), "seq", `"four"`)
		}, 4, "unreadable"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "innkeep.db")
			db, err := store.Open(path, store.Options{Kinds: []store.Kind{auditKind()}, NodeID: node, NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			s := auditService(db)
			for i := range 5 {
				writeAudit(t, s, auditUser("U1", "alice"), "hotel.update", "hotel", "H1", nil, map[string]any{"n": i})
			}
			if rep := verifyAudit(t, s); !rep.OK {
				t.Fatalf("intact chain reported broken: %+v", rep)
			}
			db.Close()

			auditTamper(t, path, tc.tamper)

			db = openAuditStore(t, path, node)
			s = auditService(db)
			rep := verifyAudit(t, s)
			if rep.OK || len(rep.Chains) != 1 {
				t.Fatalf("tampering not detected: %+v", rep)
			}
			c := rep.Chains[0]
			if c.OK || c.BrokenAt == nil {
				t.Fatalf("chain not broken: %+v", c)
			}
			if c.BrokenAt.Seq != tc.wantSeq || !strings.HasPrefix(c.BrokenAt.Reason, tc.wantReason) {
				t.Errorf("broken at %d (%s), want %d (%s…)", c.BrokenAt.Seq, c.BrokenAt.Reason, tc.wantSeq, tc.wantReason)
			}
		})
	}
}

// seedAudit writes the entries the listing tests read: 12 entries, one
// second apart, oldest first.
func seedAudit(t *testing.T, s *Service) {
	t.Helper()
	alice, bob := auditUser("U1", "alice"), auditUser("U2", "bob")
	type w struct {
		a              app.Actor
		action, entity string
	}
	for _, x := range []w{
		{alice, "session.login", "session"},      // 1  09:00:01
		{alice, "hotel.create", "hotel"},         // 2  09:00:02
		{alice, "user.create", "user"},           // 3
		{bob, "session.login_failed", "session"}, // 4
		{bob, "session.lockout", "user"},         // 5
		{bob, "session.login", "session"},        // 6
		{bob, "hotel.update", "hotel"},           // 7
		{alice, "role.create", "role"},           // 8
		{alice, "user.update", "user"},           // 9
		{bob, "session.logout", "session"},       // 10
		{alice, "hotel.update", "hotel"},         // 11
		{alice, "sessionless.thing", "session"},  // 12 09:00:12
	} {
		writeAudit(t, s, x.a, x.action, x.entity, "E1", nil, map[string]any{"v": x.action})
	}
}

// seqs returns the seqs of entries.
func seqs(entries []Entry) []uint64 {
	out := []uint64{}
	for _, e := range entries {
		out = append(out, e.Seq)
	}
	return out
}

func TestListAuditFiltersNewestFirst(t *testing.T) {
	db := openAuditStore(t, filepath.Join(t.TempDir(), "innkeep.db"), "aaaa000000000001")
	s := auditService(db)
	seedAudit(t, s)
	at := func(sec int) time.Time { return time.Date(2026, 11, 26, 9, 0, sec, 0, time.UTC) }
	cases := []struct {
		name string
		f    Filter
		want []uint64
	}{
		{"no filter lists everything newest first", Filter{}, []uint64{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}},
		{"user matches the username", Filter{User: "bob"}, []uint64{10, 7, 6, 5, 4}},
		{"user matches the username in any case", Filter{User: "Bob"}, []uint64{10, 7, 6, 5, 4}},
		{"user matches the user id", Filter{User: "U2"}, []uint64{10, 7, 6, 5, 4}},
		{"action matches exactly", Filter{Action: "session.login"}, []uint64{6, 1}},
		{"action ending in a dot matches a prefix", Filter{Action: "session."}, []uint64{10, 6, 5, 4, 1}},
		{"action without a dot is no prefix", Filter{Action: "session"}, []uint64{}},
		{"entity matches exactly", Filter{Entity: "user"}, []uint64{9, 5, 3}},
		{"from is inclusive", Filter{From: at(10)}, []uint64{12, 11, 10}},
		{"to is exclusive", Filter{To: at(3)}, []uint64{2, 1}},
		{"from and to bound both ends", Filter{From: at(4), To: at(7)}, []uint64{6, 5, 4}},
		{"bounds outside 1970-2262 are clamped", Filter{From: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)}, []uint64{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}},
		{"filters combine", Filter{User: "alice", Entity: "hotel", From: at(3)}, []uint64{11}},
		{"before a time lists older entries", Filter{Before: at(3).Format(time.RFC3339)}, []uint64{2, 1}},
		{"before an index key lists older entries", Filter{Before: auditTimeKey(at(3))}, []uint64{2, 1}},
		{"before an id lists older entries", Filter{Before: auditID("aaaa000000000001", 5)}, []uint64{4, 3, 2, 1}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.List(context.Background(), auditUser("U9", "auditor"), tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := seqs(page.Entries); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if page.NextBefore != "" {
				t.Errorf("a full page has next_before %q", page.NextBefore)
			}
		})
	}
}

func TestListAuditPagesThroughEverything(t *testing.T) {
	db := openAuditStore(t, filepath.Join(t.TempDir(), "innkeep.db"), "aaaa000000000001")
	s := auditService(db)
	// Entries written at the same instant page in seq order too.
	seedAudit(t, s)
	s.Clock = func() time.Time { return time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC) }
	for range 5 {
		writeAudit(t, s, auditUser("U1", "alice"), "same.time", "x", "", nil, map[string]any{"v": 1})
	}
	for _, f := range []Filter{{}, {User: "alice"}, {Action: "session."}} {
		for _, limit := range []int{1, 2, 3, 5, 16, 17} {
			t.Run(fmt.Sprintf("user=%s action=%s limit=%d", f.User, f.Action, limit), func(t *testing.T) {
				all := f
				all.Limit = MaxLimit
				want, err := s.List(context.Background(), auditUser("U9", "auditor"), all)
				if err != nil {
					t.Fatal(err)
				}
				var got []Entry
				f := f
				f.Limit = limit
				for pages := 0; ; pages++ {
					if pages > 20 {
						t.Fatal("paging does not end")
					}
					page, err := s.List(context.Background(), auditUser("U9", "auditor"), f)
					if err != nil {
						t.Fatal(err)
					}
					if len(page.Entries) > limit {
						t.Fatalf("page of %d entries with limit %d", len(page.Entries), limit)
					}
					got = append(got, page.Entries...)
					if page.NextBefore == "" {
						break
					}
					if page.NextBefore != page.Entries[len(page.Entries)-1].ID {
						t.Fatalf("next_before %q is not the last entry shown", page.NextBefore)
					}
					f.Before = page.NextBefore
				}
				if fmt.Sprint(seqs(got)) != fmt.Sprint(seqs(want.Entries)) {
					t.Errorf("pages give %v, want %v", seqs(got), seqs(want.Entries))
				}
			})
		}
	}
}

func TestListAuditChecksItsInput(t *testing.T) {
	db := openAuditStore(t, filepath.Join(t.TempDir(), "innkeep.db"), "aaaa000000000001")
	s := auditService(db)
	seedAudit(t, s)
	for range 60 {
		writeAudit(t, s, auditUser("U1", "alice"), "x.y", "x", "", nil, map[string]any{"v": 1})
	}
	viewer := auditUser("U9", "auditor")
	cases := []struct {
		name string
		a    app.Actor
		f    Filter
		want string
		n    int
	}{
		{"the default limit is 50", viewer, Filter{}, "", 50},
		{"a limit above 500 is accepted and capped", viewer, Filter{Limit: 10000}, "", 72},
		{"a negative limit is refused", viewer, Filter{Limit: -1}, app.EINVALID, 0},
		{"from after to is refused", viewer, Filter{From: time.Now(), To: time.Now().Add(-time.Hour)}, app.EINVALID, 0},
		{"an unknown cursor is refused", viewer, Filter{Before: "nope"}, app.EINVALID, 0},
		{"an actor without audit.view is refused", app.Actor{Username: "eve", Perms: app.NewPermissionSet(app.Perm("users", "view"))}, Filter{}, app.EFORBIDDEN, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			page, err := s.List(context.Background(), tc.a, tc.f)
			if app.ErrorCode(err) != tc.want {
				t.Fatalf("error %v, want code %q", err, tc.want)
			}
			if len(page.Entries) != tc.n {
				t.Errorf("%d entries, want %d", len(page.Entries), tc.n)
			}
		})
	}
	page, _ := s.List(context.Background(), viewer, Filter{Entity: "nothing"})
	if b, _ := json.Marshal(page); string(b) != `{"entries":[],"next_before":""}` {
		t.Errorf("an empty page is %s", b)
	}
}

func TestExportAuditCSVWritesEveryMatchAndIsAudited(t *testing.T) {
	db := openAuditStore(t, filepath.Join(t.TempDir(), "innkeep.db"), "aaaa000000000001")
	s := auditService(db)
	seedAudit(t, s)
	evil := app.Actor{UserID: "U3", Username: "=HYPERLINK(\"http://x\")", Address: "+1", Perms: app.NewPermissionSet(app.Perm("audit", "view"))}
	writeAudit(t, s, evil, "user.update", "user", "@U4", map[string]any{"email": "a@x"}, map[string]any{"email": "-b@x"})

	viewer := auditUser("U9", "auditor")
	var buf bytes.Buffer
	n, err := s.ExportCSV(context.Background(), viewer, Filter{Entity: "user", Limit: 1}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("exported %d rows, want 4 (every match, whatever the limit)", n)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || strings.Join(rows[0], ",") != "at,node,seq,username,user_id,address,action,entity,entity_id,before,after,hash" {
		t.Fatalf("rows: %q", rows)
	}
	var gotSeqs []string
	for _, r := range rows[1:] {
		gotSeqs = append(gotSeqs, r[2])
	}
	if strings.Join(gotSeqs, " ") != "13 9 5 3" {
		t.Errorf("rows in seq order %v, want newest first 13 9 5 3", gotSeqs)
	}
	first := rows[1]
	want := []string{"2026-11-26T09:00:13.000000000Z", "aaaa000000000001", "13", `'=HYPERLINK("http://x")`, "U3", "'+1",
		"user.update", "user", "'@U4", `{"email":"a@x"}`, `{"email":"-b@x"}`}
	for i, w := range want {
		if first[i] != w {
			t.Errorf("column %s = %q, want %q", rows[0][i], first[i], w)
		}
	}
	if len(first[11]) != 64 {
		t.Errorf("hash column %q", first[11])
	}

	// The export is itself the newest entry, with its filter and count.
	page, err := s.List(context.Background(), viewer, Filter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	e := page.Entries[0]
	if e.Action != "audit.export" || e.Entity != "audit" || e.Username != "auditor" || e.UserID != "U9" {
		t.Fatalf("newest entry after an export: %+v", e)
	}
	if got := string(canonicalObject(e.After)); got != `{"complete":true,"filter":{"entity":"user"},"format":"csv","rows":4}` {
		t.Errorf("export entry records %s", got)
	}
	if rep := verifyAudit(t, s); !rep.OK || rep.Entries != 14 {
		t.Errorf("report after export: %+v", rep)
	}

	// Refused without audit.view, and then nothing is written or audited.
	buf.Reset()
	_, err = s.ExportCSV(context.Background(), app.Actor{Username: "eve"}, Filter{}, &buf)
	if app.ErrorCode(err) != app.EFORBIDDEN || buf.Len() != 0 {
		t.Errorf("export without permission: %v, %d bytes", err, buf.Len())
	}
	if rep := verifyAudit(t, s); rep.Entries != 14 {
		t.Errorf("a refused export was audited: %d entries", rep.Entries)
	}
}

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, fmt.Errorf("connection reset")
	}
	w.n -= len(p)
	return len(p), nil
}

func TestExportAuditCSVRecordsAnExportThatFailed(t *testing.T) {
	db := openAuditStore(t, filepath.Join(t.TempDir(), "innkeep.db"), "aaaa000000000001")
	s := auditService(db)
	seedAudit(t, s)
	_, err := s.ExportCSV(context.Background(), auditUser("U9", "auditor"), Filter{}, &failingWriter{n: 10})
	if app.ErrorCode(err) != app.EUNAVAILABLE {
		t.Fatalf("export to a broken writer: %v", err)
	}
	page, _ := s.List(context.Background(), auditUser("U9", "auditor"), Filter{Action: "audit.export"})
	if len(page.Entries) != 1 || string(page.Entries[0].After["complete"]) != "false" {
		t.Errorf("failed export recorded as %+v", page.Entries)
	}
}

func TestAuditOfTwoDesksVerifiesAsTwoChains(t *testing.T) {
	dir := t.TempDir()
	dbA := openAuditStore(t, filepath.Join(dir, "a.db"), "aaaa000000000001")
	dbB := openAuditStore(t, filepath.Join(dir, "b.db"), "bbbb000000000002")
	sA, sB := auditService(dbA), auditService(dbB)
	for range 3 {
		writeAudit(t, sA, auditUser("U1", "alice"), "hotel.update", "hotel", "H1", nil, map[string]any{"desk": "a"})
	}
	for range 2 {
		writeAudit(t, sB, auditUser("U2", "bob"), "room.update", "room", "R1", nil, map[string]any{"desk": "b"})
	}
	sync := func(from, to *store.DB) {
		t.Helper()
		have, err := to.VersionVector()
		if err != nil {
			t.Fatal(err)
		}
		ops, err := from.OpsSince(have, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := to.ApplyRemote(ops); err != nil {
			t.Fatal(err)
		}
	}
	sync(dbA, dbB)
	sync(dbB, dbA)
	// Both desks keep appending to their own chains after the exchange.
	writeAudit(t, sB, auditUser("U2", "bob"), "room.update", "room", "R1", nil, map[string]any{"desk": "b", "n": 3})
	sync(dbB, dbA)

	for name, s := range map[string]*Service{"a": sA, "b": sB} {
		rep := verifyAudit(t, s)
		b, _ := json.Marshal(rep)
		want := `{"ok":true,"entries":6,"chains":[{"node":"aaaa000000000001","entries":3,"ok":true,"broken_at":null},{"node":"bbbb000000000002","entries":3,"ok":true,"broken_at":null}]}`
		if string(b) != want {
			t.Errorf("desk %s reports\n %s\nwant %s", name, b, want)
		}
	}
	b := allAudit(t, dbB)
	if b[5].Node != "bbbb000000000002" || b[5].Seq != 3 || b[5].PrevHash != b[4].Hash {
		t.Errorf("desk b's third entry does not follow its second: %+v", b[5])
	}
	page, err := sA.List(context.Background(), auditUser("U9", "auditor"), Filter{User: "bob"})
	if err != nil || len(page.Entries) != 3 {
		t.Errorf("desk a lists %d of bob's entries (%v), want 3", len(page.Entries), err)
	}

	// A removed entry of the other desk breaks only that desk's chain.
	dbA.Close()
	auditTamper(t, filepath.Join(dir, "a.db"), func(docs *bolt.Bucket) error {
		return docs.Delete(auditDocKey("bbbb000000000002", 2))
	})
	dbA = openAuditStore(t, filepath.Join(dir, "a.db"), "aaaa000000000001")
	rep := verifyAudit(t, auditService(dbA))
	if rep.OK || !rep.Chains[0].OK || rep.Chains[1].OK || rep.Chains[1].BrokenAt.Seq != 2 || !strings.HasPrefix(rep.Chains[1].BrokenAt.Reason, "seq gap") {
		t.Errorf("report: %+v %+v", rep.Chains[0], rep.Chains[1].BrokenAt)
	}
}
