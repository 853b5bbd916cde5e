package main_test

import (
	"encoding/json"
	"fmt"
	"innkeep/app/datadir"
	"innkeep/store"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// tamperAuditEntry sets the field name of entry seq of node to the JSON
// value v, right in the store file of dir, as someone editing the file would:
// the docs bucket holds "audit\x00<node>-<seq in 12 digits>" -> the document
// in the store's encoding (read and written with store.DecodeStoredDoc).
func tamperAuditEntry(t *testing.T, dir, node string, seq int, name, v string) {
	t.Helper()
	bdb, err := bolt.Open(filepath.Join(dir, datadir.StoreFileName), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		docs := tx.Bucket([]byte("docs"))
		key := []byte(fmt.Sprintf("audit\x00%s-%012d", node, seq))
		doc, err := store.DecodeStoredDoc(docs.Get(key))
		if err != nil {
			return fmt.Errorf("entry %s: %v", key, err)
		}
		if _, ok := doc.Fields()[name]; !ok {
			return fmt.Errorf("entry %s has no field %s", key, name)
		}
		doc.SetValue(name, json.RawMessage(v))
		return docs.Put(key, doc.Encode())
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAuditVerifyCommand(t *testing.T) {
	d := setUpDataFolder(t)
	data := []string{"--data", d.dir}
	node := regexp.QuoteMeta(d.node)
	// The setup wrote 3 entries: the hotel, the administrator, the setup.
	runSteps(t, []cliStep{
		{"an untouched log is intact", "", append([]string{"audit", "verify"}, data...), 0,
			`^Audit log in .*: 3 entries from 1 desk\.\n  desk ` + node + ` \(this desk\): 3 entries, intact\nEvery chain is intact\.\n$`, `^$`},
		{"--json prints the report of the API", "", append([]string{"audit", "verify", "--json"}, data...), 0,
			`(?s)^\{\n  "ok": true,\n  "entries": 3,\n  "chains": \[\n    \{\n      "node": "` + node + `",\n      "entries": 3,\n      "ok": true,\n      "broken_at": null`, `^$`},
	})

	tamperAuditEntry(t, d.dir, d.node, 2, "username", `"mallory"`)
	runSteps(t, []cliStep{
		{"an edited entry breaks the chain at its seq", "", append([]string{"audit", "verify"}, data...), 1,
			`(?m)^  desk ` + node + ` \(this desk\): 3 entries, BROKEN at seq 2: hash mismatch: the entry was changed after it was written\n1 of 1 chains are broken`,
			`^innkeep: the audit log is broken: desk ` + node + ` at seq 2\n$`},
		{"--json reports the break too", "", append([]string{"audit", "verify", "--json"}, data...), 1,
			`"broken_at": \{\n        "seq": 2,\n        "reason": "hash mismatch`, `at seq 2`},
	})
}
