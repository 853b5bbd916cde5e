//go:build !windows

package datadir_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/datadir"
)

func TestSecurityADataFolderOthersCanChangeIsRefused(t *testing.T) {
	tests := []struct {
		name  string
		mode  os.FileMode
		owner int // -1 keeps the owner
		key   string
		hint  string
	}{
		{"a private folder is used", 0o700, -1, "", ""},
		{"a folder others may only read is used", 0o755, -1, "", ""},
		{"a folder the group may change is refused", 0o770, -1, "datadir.folder_not_private", "chmod 700"},
		{"a folder everyone may change is refused", 0o777, -1, "datadir.folder_not_private", "chmod 700"},
		{"a folder of another user is refused", 0o700, 65534, "datadir.folder_of_another_user", "chown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, tt.mode); err != nil {
				t.Fatal(err)
			}
			if tt.owner >= 0 {
				if os.Geteuid() != 0 {
					t.Skip("giving a folder to another user needs root")
				}
				if err := os.Chown(dir, tt.owner, tt.owner); err != nil {
					t.Fatal(err)
				}
			}
			err := datadir.EnsureDataDir(dir)
			if tt.key == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e, _ := err.(*app.Error)
			if e == nil || e.Code != app.EINVALID || e.Key != tt.key || !strings.Contains(e.Message, tt.hint) || !strings.Contains(e.Message, dir) {
				t.Fatalf("err = %v, want %s naming the folder and saying %q", err, tt.key, tt.hint)
			}
		})
	}
	t.Run("a new folder is made private", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "new", "data")
		if err := datadir.EnsureDataDir(dir); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("mode %v, %v; want 0700", fi.Mode().Perm(), err)
		}
	})
}
