package datadir_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/datadir"
	"innkeep/app/desk"
	"innkeep/store"
)

func TestResolveDataDir(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	configDir := func() (string, error) { return "/home/ana/.config", nil }
	noConfigDir := func() (string, error) { return "", errors.New("$HOME is not defined") }
	env := func(vals map[string]string) func(string) string {
		return func(k string) string { return vals[k] }
	}
	tests := []struct {
		name      string
		flag      string
		env       map[string]string
		configDir func() (string, error)
		want      string
		wantCode  string
	}{
		{"flag wins over the environment", "/srv/flag", map[string]string{"INNKEEP_DATA": "/srv/env"}, configDir, "/srv/flag", ""},
		{"environment wins over the user config folder", "", map[string]string{"INNKEEP_DATA": "/srv/env"}, configDir, "/srv/env", ""},
		{"user config folder is the fallback", "", nil, configDir, "/home/ana/.config/innkeep", ""},
		{"relative flag becomes absolute", "rel/data", nil, configDir, filepath.Join(cwd, "rel/data"), ""},
		{"path is cleaned", "/srv//x/../data/", nil, configDir, "/srv/data", ""},
		{"flag needs no user config folder", "/srv/flag", nil, noConfigDir, "/srv/flag", ""},
		{"no folder at all is invalid", "", nil, noConfigDir, "", app.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := datadir.ResolveDataDir(tt.flag, env(tt.env), tt.configDir)
			if code := app.ErrorCode(err); code != tt.wantCode {
				t.Fatalf("error = %v (code %q), want code %q", err, code, tt.wantCode)
			}
			if got != tt.want {
				t.Fatalf("ResolveDataDir = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEnsureDataDir(t *testing.T) {
	t.Run("creates a missing folder and its parents, owner only", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "a", "b", "innkeep")
		if err := datadir.EnsureDataDir(dir); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(dir)
		if err != nil {
			t.Fatal(err)
		}
		if !st.IsDir() || st.Mode().Perm() != 0o700 {
			t.Fatalf("mode = %v, want a folder with 0700", st.Mode())
		}
	})
	t.Run("keeps the permissions of an existing folder", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o750); err != nil {
			t.Fatal(err)
		}
		if err := datadir.EnsureDataDir(dir); err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(dir)
		if st.Mode().Perm() != 0o750 {
			t.Fatalf("mode = %v, want 0750 kept", st.Mode().Perm())
		}
	})
	t.Run("a file in the way is invalid", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "file")
		if err := os.WriteFile(file, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		err := datadir.EnsureDataDir(file)
		if app.ErrorCode(err) != app.EINVALID {
			t.Fatalf("err = %v, want invalid", err)
		}
	})
}

func TestOpenStoreGivesUpOnALockedFolder(t *testing.T) {
	dir := t.TempDir()
	db, err := desk.OpenStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := os.Stat(filepath.Join(dir, "innkeep.db")); err != nil {
		t.Fatalf("store file: %v", err)
	}

	done := make(chan error, 1)
	go func() {
		db2, err := desk.OpenStore(dir)
		if err == nil {
			db2.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, store.ErrLocked) {
			t.Fatalf("second OpenStore = %v, want an error wrapping store.ErrLocked", err)
		}
		if app.ErrorCode(err) != app.EUNAVAILABLE {
			t.Fatalf("code = %q, want unavailable", app.ErrorCode(err))
		}
	case <-time.After(30 * time.Second):
		t.Fatal("second OpenStore never gave up")
	}
}
