package ops_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/ops"
)

// checkConfig is a desk whose every part is well: fn changes one.
func checkConfig(dir, file string, fn func(*ops.CheckConfig)) ops.CheckConfig {
	cfg := ops.CheckConfig{
		DataDir: dir, StoreFile: file, KeyFile: filepath.Join(dir, "innkeep.key"), TLSKeyFile: filepath.Join(dir, "tls.key"),
		VerifyAudit:  func(context.Context) ([]string, error) { return nil, nil },
		LoadKeyFile:  func() error { return nil },
		CheckPrivate: func(string) error { return nil },
		NeedsSetup:   func() (bool, error) { return false, nil },
		FreeBytes:    func(string) (uint64, error) { return 10 << 30, nil },
	}
	if fn != nil {
		fn(&cfg)
	}
	return cfg
}

func TestCheckNamesWhatIsWrongAndWhatToDo(t *testing.T) {
	admin := app.Actor{Username: "alice", Perms: app.NewPermissionSet(app.Perm("system", "view"))}
	cases := []struct {
		name     string
		change   func(*ops.CheckConfig)
		want     []string // finding codes
		contains string   // in the first message
	}{
		{"a desk that is well has no finding", nil, nil, ""},
		{"a broken audit chain is one finding per desk", func(c *ops.CheckConfig) {
			c.VerifyAudit = func(context.Context) ([]string, error) {
				return []string{"desk a at seq 4: truncated: gone", "desk b at seq 1: seq gap: gone"}, nil
			}
		}, []string{ops.FindingAuditBroken, ops.FindingAuditBroken}, "desk a at seq 4: truncated"},
		{"a missing key file after setup", func(c *ops.CheckConfig) {
			c.LoadKeyFile = func() error {
				return app.E(app.ENOTFOUND, "datadir.key_file_missing", "the data key file {path} is missing", "path", "k")
			}
		}, []string{ops.FindingKeyFileMissing}, "is missing"},
		{"no key file before setup is no finding", func(c *ops.CheckConfig) {
			c.NeedsSetup = func() (bool, error) { return true, nil }
			c.LoadKeyFile = func() error {
				return app.E(app.ENOTFOUND, "datadir.key_file_missing", "the data key file {path} is missing", "path", "k")
			}
		}, nil, ""},
		{"a key file others may read", func(c *ops.CheckConfig) {
			c.LoadKeyFile = func() error {
				return app.E(app.EINVALID, "datadir.key_file_not_private", "{path} may be read by other users (mode {mode}); make it private with `chmod 600 {path}`", "path", "k", "mode", "0644")
			}
		}, []string{ops.FindingKeyFileNotPrivate}, "chmod 600"},
		{"a damaged key file", func(c *ops.CheckConfig) {
			c.LoadKeyFile = func() error { return errors.New("unexpected EOF") }
		}, []string{ops.FindingKeyFileDamaged}, "unexpected EOF"},
		{"a folder, a store and a TLS key others may read", func(c *ops.CheckConfig) {
			c.CheckPrivate = func(p string) error { return app.E(app.EINVALID, "datadir.not_private", "{path} is open", "path", p) }
		}, []string{ops.FindingFolderNotPrivate, ops.FindingStoreNotPrivate, ops.FindingTLSKeyNotPrivate}, "is open"},
		{"a TLS key others may read", func(c *ops.CheckConfig) {
			c.CheckPrivate = func(p string) error {
				if filepath.Base(p) != "tls.key" {
					return nil
				}
				return app.E(app.EINVALID, "datadir.not_private", "{path} may be read by other users; make it private with `chmod 600 {path}`", "path", p)
			}
		}, []string{ops.FindingTLSKeyNotPrivate}, "chmod 600"},
		{"no TLS key (serve --tls never ran) is no finding", func(c *ops.CheckConfig) {
			c.CheckPrivate = func(p string) error {
				if filepath.Base(p) != "tls.key" {
					return nil
				}
				return app.E(app.ENOTFOUND, "datadir.cannot_stat", "cannot read the permissions of {path}", "path", p)
			}
		}, nil, ""},
		{"little free space", func(c *ops.CheckConfig) {
			c.FreeBytes = func(string) (uint64, error) { return 100 << 20, nil }
		}, []string{ops.FindingDiskLow}, "only 100.0 MiB are free"},
		{"free space that cannot be read", func(c *ops.CheckConfig) {
			c.FreeBytes = func(string) (uint64, error) { return 0, errors.New("no such device") }
		}, []string{ops.FindingDiskUnknown}, "no such device"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := MustOpen(t)
			c := ops.NewChecker(app.Env{DB: db}, checkConfig(t.TempDir(), db.Path(), tc.change))
			rep, err := c.Check(context.Background(), admin)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Findings {
				got = append(got, f.Code)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") || rep.OK != (len(tc.want) == 0) {
				t.Fatalf("findings %v (ok %v), want %v", got, rep.OK, tc.want)
			}
			if tc.contains != "" && !strings.Contains(rep.Findings[0].Message, tc.contains) {
				t.Errorf("message %q does not say %q", rep.Findings[0].Message, tc.contains)
			}
		})
	}

	db := MustOpen(t)
	c := ops.NewChecker(app.Env{DB: db}, checkConfig(t.TempDir(), db.Path(), nil))
	if _, err := c.Check(context.Background(), app.Actor{Username: "eve"}); app.ErrorCode(err) != app.EFORBIDDEN {
		t.Errorf("without system.view: %v", err)
	}
	db.Close()
	if _, err := c.Check(context.Background(), admin); app.ErrorCode(err) != app.EUNAVAILABLE {
		t.Errorf("on a closed store: %v", err)
	}
}
