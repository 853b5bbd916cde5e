package datadir

import (
	"fmt"
	"innkeep/app"
	"io/fs"
	"os"
	"runtime"
)

// notPrivate reports whether mode lets users other than the owner read,
// write or enter a file or folder (any group or other permission bit).
// Windows modes do not say that: there it is always false.
func notPrivate(mode fs.FileMode) bool {
	return runtime.GOOS != "windows" && mode.Perm()&0o077 != 0
}

// CheckPrivate returns EINVALID when the file or folder at path may be
// read, written or entered by users other than its owner, with the chmod
// that makes it private (600 for a file, 700 for a folder): the rule that
// LoadKeyFile applies to the key file, for the data folder and the store.
// It returns ENOTFOUND when path does not exist, and nil on Windows.
func CheckPrivate(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return app.E(app.ENOTFOUND, "datadir.cannot_stat", "cannot read the permissions of {path}: {reason}", "path", path, "reason", err.Error())
	}
	if !notPrivate(fi.Mode()) {
		return nil
	}
	want := "600"
	if fi.IsDir() {
		want = "700"
	}
	return app.E(app.EINVALID, "datadir.not_private", "{path} may be read by other users (mode {mode}); make it private with `chmod {want} {path}`",
		"path", path, "mode", fmt.Sprintf("%04o", fi.Mode().Perm()), "want", want)
}
