package datadir

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// WriteFileAtomic writes data to path with mode perm so that a reader (or a
// crash) sees either the old file or the whole new one, never a part: it
// writes a temporary file in the same folder (created 0600, then given
// perm), syncs it, renames it over path and syncs the folder. It replaces
// an existing file; use it for files that are made again (a certificate),
// not for the key file, which is never replaced. The error is the
// operating system's, for the caller to put in its own message.
func WriteFileAtomic(path string, data []byte, perm fs.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := writeTemp(dir, filepath.Base(path), data, perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // gone after the rename; removes a leftover on failure
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// writeTemp writes data to a new temporary file in dir, named after name,
// with mode perm (the mode is set before anything is written), syncs and
// closes it, and returns its path. The caller links or renames it into
// place and removes the temporary name.
func writeTemp(dir, name string, data []byte, perm fs.FileMode) (string, error) {
	// os.CreateTemp makes the file with mode 0600 before anything is
	// written to it.
	tmp, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return "", err
	}
	fail := func(err error) (string, error) {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	if err := tmp.Chmod(perm); err != nil && runtime.GOOS != "windows" {
		return fail(err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return tmp.Name(), nil
}
