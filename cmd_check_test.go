package main_test

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/datadir"
	"innkeep/app/desk"
	"innkeep/app/lan"
	"innkeep/store"
)

// editStore changes the closed store of dir with fn, right in the file, as
// someone holding the file would.
func editStore(t *testing.T, dir string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	bdb, err := bolt.Open(filepath.Join(dir, datadir.StoreFileName), 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(fn); err != nil {
		t.Fatal(err)
	}
}

// The store's layout, as store/layout.go describes it.
func auditKey(node string, seq int) []byte {
	return []byte(fmt.Sprintf("audit\x00%s-%012d", node, seq))
}

func opKey(node string, seq uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	return append([]byte(node+"\x00"), b[:]...)
}

var auditHeadKey = []byte("audit\x00head")

// entryHash reads the hash of entry seq of node.
func entryHash(tx *bolt.Tx, node string, seq int) (string, error) {
	d, err := store.DecodeStoredDoc(tx.Bucket([]byte("docs")).Get(auditKey(node, seq)))
	if err != nil {
		return "", err
	}
	var h string
	err = json.Unmarshal(d.Fields()["hash"], &h)
	return h, err
}

// auditOps returns the seqs of node's ops that wrote audit entries.
func auditOps(tx *bolt.Tx, node string) []uint64 {
	var out []uint64
	c := tx.Bucket([]byte("ops")).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if op, err := store.DecodeStoredOp(k, v); err == nil && op.Kind == "audit" {
			out = append(out, op.Seq)
		}
	}
	return out
}

// addEntries writes n more audit entries on d through the app: the
// administrator's profile changes n times, each change with its entry.
func addEntries(t *testing.T, d dataFolder, n int) {
	t.Helper()
	withService(t, d.dir, func(svc *desk.Desk) {
		for i := range n {
			name := fmt.Sprintf("Alice %d", i+1)
			if _, err := svc.Access.UpdateUser(t.Context(), app.CLIActor(), d.adminID, access.UserPatch{DisplayName: &name}); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestSecurityTruncatedAuditLogFailsVerifyAndCheck(t *testing.T) {
	cases := []struct {
		name   string
		tamper func(tx *bolt.Tx, node string) error
		reason string // in the report of audit verify
	}{
		{"the newest entries and the head removed", func(tx *bolt.Tx, node string) error {
			for _, seq := range []int{4, 5} {
				if err := tx.Bucket([]byte("docs")).Delete(auditKey(node, seq)); err != nil {
					return err
				}
			}
			return tx.Bucket([]byte("local")).Delete(auditHeadKey)
		}, "BROKEN at seq 4: truncated"},
		{"the newest entry removed and an older entry's hash copied into the head", func(tx *bolt.Tx, node string) error {
			if err := tx.Bucket([]byte("docs")).Delete(auditKey(node, 5)); err != nil {
				return err
			}
			h, err := entryHash(tx, node, 4)
			if err != nil {
				return err
			}
			head, _ := json.Marshal(map[string]any{"node": node, "seq": 4, "hash": h})
			return tx.Bucket([]byte("local")).Put(auditHeadKey, head)
		}, "BROKEN at seq 5: truncated"},
		{"every entry and the head removed", func(tx *bolt.Tx, node string) error {
			for seq := 1; seq <= 5; seq++ {
				if err := tx.Bucket([]byte("docs")).Delete(auditKey(node, seq)); err != nil {
					return err
				}
			}
			return tx.Bucket([]byte("local")).Delete(auditHeadKey)
		}, "BROKEN at seq 1: truncated"},
		{"every entry, the ops that wrote them and the head removed", func(tx *bolt.Tx, node string) error {
			for seq := 1; seq <= 5; seq++ {
				if err := tx.Bucket([]byte("docs")).Delete(auditKey(node, seq)); err != nil {
					return err
				}
			}
			for _, op := range auditOps(tx, node) {
				if err := tx.Bucket([]byte("ops")).Delete(opKey(node, op)); err != nil {
					return err
				}
			}
			return tx.Bucket([]byte("local")).Delete(auditHeadKey)
		}, "BROKEN at seq 1: "},
		{"a middle op removed", func(tx *bolt.Tx, node string) error {
			return tx.Bucket([]byte("ops")).Delete(opKey(node, 2))
		}, "BROKEN at seq 1: op log gap"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := setUpDataFolder(t) // entries 1 to 3
			addEntries(t, d, 2)     // 4 and 5
			data := []string{"--data", d.dir}
			runSteps(t, []cliStep{
				{"verify passes before", "", append([]string{"audit", "verify"}, data...), 0, `5 entries, intact`, `^$`},
				{"check passes before", "", append([]string{"check"}, data...), 0, `all is well`, `^$`},
			})
			editStore(t, d.dir, func(tx *bolt.Tx) error { return tc.tamper(tx, d.node) })
			runSteps(t, []cliStep{
				{"verify fails", "", append([]string{"audit", "verify"}, data...), 1,
					regexp.QuoteMeta(tc.reason), `^innkeep: the audit log is broken: desk ` + d.node},
				{"check fails", "", append([]string{"check"}, data...), 3,
					`(?m)^  audit_broken: The audit log was changed outside Innkeep: desk ` + d.node + ` at seq`, `^innkeep: the check found \d+ problems? in `},
			})
		})
	}
}

func TestSecurityCheckFindsADamagedStore(t *testing.T) {
	d := setUpDataFolder(t)
	data := []string{"--data", d.dir}
	// The administrator's record, edited behind the op log: she is made
	// someone else without a trace in the log.
	editStore(t, d.dir, func(tx *bolt.Tx) error {
		docs := tx.Bucket([]byte("docs"))
		key := []byte("user\x00" + d.adminID)
		raw := docs.Get(key)
		if raw == nil {
			return fmt.Errorf("no user %s", d.adminID)
		}
		doc, err := store.DecodeStoredDoc(raw)
		if err != nil {
			return err
		}
		doc.SetValue("username", json.RawMessage(`"mallory"`))
		return docs.Put(key, doc.Encode())
	})
	runSteps(t, []cliStep{
		{"the store is damaged; the audit log is not", "", append([]string{"check"}, data...), 3,
			`(?s)^Checked .*: 1 problem\.\n  store_damaged: The store .* is damaged: consistency check failed: user "` + d.adminID + `" differs from the replay of its ops.*Stop Innkeep`,
			`^innkeep: the check found 1 problem in `},
		{"--json answers the codes", "", append([]string{"check", "--json"}, data...), 3,
			`"ok": false,\n  "findings": \[\n    \{\n      "code": "store_damaged"`, `1 problem`},
		{"verify alone does not see it", "", append([]string{"audit", "verify"}, data...), 0, `intact`, `^$`},
	})
}

func TestCheckCommand(t *testing.T) {
	d := setUpDataFolder(t)
	data := []string{"--data", d.dir}
	runSteps(t, []cliStep{
		{"a set-up folder is well", "", append([]string{"check"}, data...), 0,
			`^Checked ` + regexp.QuoteMeta(d.dir) + `: all is well \(store, audit log, key file, permissions, free space\)\.\n$`, `^$`},
		{"--json prints the report of the API", "", append([]string{"check", "--json"}, data...), 0,
			`^\{\n  "ok": true,\n  "findings": \[\]\n\}\n$`, `^$`},
		{"help says when it runs and what the exit codes mean", "", []string{"help", "check"}, 0,
			`(?s)^Usage: innkeep check .*gives up with\nexit 1.*Exit codes: 0 all is well, 3 problems were found, 1 the check could not\nrun`, `^$`},
		{"a folder without a store cannot be checked", "", []string{"check", "--data", t.TempDir()}, 1, `^$`, `^innkeep: there is no Innkeep data in `},
		{"a stray argument is a usage error", "", append([]string{"check", "now"}, data...), 2, `^$`, `unexpected argument "now"`},
	})

	// While another process holds the store, the check cannot run.
	db, err := desk.OpenStore(d.dir)
	if err != nil {
		t.Fatal(err)
	}
	runSteps(t, []cliStep{
		{"a folder in use cannot be checked", "", append([]string{"check"}, data...), 1, `^$`, `is in use by another Innkeep process`},
	})
	db.Close()

	if runtime.GOOS == "windows" {
		return
	}
	// The key of serve --tls's certificate, as a restore may leave it.
	tlsKey := filepath.Join(d.dir, lan.KeyFileName)
	if err := os.WriteFile(tlsKey, []byte("-----BEGIN PRIVATE KEY-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		path string
		mode os.FileMode
	}{{filepath.Join(d.dir, app.KeyFileName), 0o644}, {d.dir, 0o755}, {filepath.Join(d.dir, datadir.StoreFileName), 0o640}, {tlsKey, 0o644}} {
		if err := os.Chmod(p.path, p.mode); err != nil {
			t.Fatal(err)
		}
	}
	key := regexp.QuoteMeta(filepath.Join(d.dir, app.KeyFileName))
	runSteps(t, []cliStep{
		{"files others may read are named with the chmod that fixes them", "", append([]string{"check"}, data...), 3,
			`(?m)^Checked .*: 4 problems\.\n  key_file_not_private: ` + key + ` may be read by other users \(mode 0644\); make it private with ` + "`chmod 600 " + key + "`" + `\.\n` +
				`  folder_not_private: .* \(mode 0755\); make it private with ` + "`chmod 700 " + regexp.QuoteMeta(d.dir) + "`" + `\.\n` +
				`  store_not_private: .* \(mode 0640\); make it private with ` + "`chmod 600 .*\n" +
				`  tls_key_not_private: .* \(mode 0644\); make it private with ` + "`chmod 600 " + regexp.QuoteMeta(tlsKey) + "`",
			`^innkeep: the check found 4 problems in `},
	})
}
