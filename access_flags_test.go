package main_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestSecuritySessionFlagsRefuseLimitsThatCannotBeMeant(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"a zero idle limit", []string{"--session-idle", "0s"}, "at least 1m"},
		{"a negative idle limit", []string{"--session-idle", "-5m"}, "at least 1m"},
		{"an idle limit of seconds", []string{"--session-idle", "4s"}, "at least 1m"},
		{"a zero absolute limit", []string{"--session-max", "0"}, "at least 1m"},
		{"a negative absolute limit", []string{"--session-max", "-1h"}, "at least 1m"},
		{"an idle limit over the absolute one", []string{"--session-idle", "2h", "--session-max", "1h"}, "longer than their absolute limit"},
		{"the same, given the other way round", []string{"--session-max", "1h", "--session-idle", "2h"}, "longer than their absolute limit"},
		{"not a duration", []string{"--session-idle", "soon"}, "not a duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "never-created")
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data}, tt.args...)
			code, stdout, stderr := runInput(t, "", args...)
			if code != 2 || stdout != "" || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "Usage: innkeep serve") {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and a usage error about %q", code, stdout, stderr, tt.want)
			}
			if _, err := os.Stat(data); !os.IsNotExist(err) {
				t.Error("a refused command line created the data folder")
			}
		})
	}
}

func TestSecurityServeRefusesADataFolderOthersCanChange(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps permissions in access control lists")
	}
	data := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(data, 0o777); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runInput(t, "", "serve", "--addr", "127.0.0.1:0", "--data", data)
	if code != 1 || !strings.Contains(stderr, "chmod 700 "+data) {
		t.Errorf("exit %d, stderr %q; want 1 and the chmod to run", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(data, "innkeep.db")); !os.IsNotExist(err) {
		t.Error("the store was made in a folder others can change")
	}
}

// TestServeWarnsOfADataFolderOthersMayRead: a folder others may only read
// (0755, as a hand-made folder often is) is accepted, since every file in it
// is private, but said at start with the chmod that makes it private.
func TestServeWarnsOfADataFolderOthersMayRead(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows keeps permissions in access control lists")
	}
	data := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(data, 0o755); err != nil {
		t.Fatal(err)
	}
	s := startServe(t, baseEnv(), "--data", data)
	s.stop(t)
	if !strings.Contains(s.stderr.String(), "chmod 700 "+data) {
		t.Errorf("stderr %q does not say to make the folder private", s.stderr.String())
	}
}
