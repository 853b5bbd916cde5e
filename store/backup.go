package store

import (
	"fmt"
	"io"
)

// Backup writes a consistent copy of the store to w while other
// transactions go on, and returns the bytes written and the StateHash of
// the copied snapshot, for VerifyBackup.
func (db *DB) Backup(w io.Writer) (n int64, stateHash string, err error) {
	err = db.View(func(tx *Tx) error {
		if stateHash, err = tx.StateHash(); err != nil {
			return err
		}
		n, err = tx.WriteTo(w)
		return err
	})
	return n, stateHash, err
}

// VerifyBackup opens the backup file at path read-only, checks its
// consistency, and compares its StateHash with want. It returns an EINVALID
// error when the copy is damaged or differs.
func VerifyBackup(path string, want string, opts Options) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = Errorf(EINVALID, "backup %s is damaged: %v", path, v)
		}
	}()
	opts.ReadOnly = true
	db, err := Open(path, opts)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		return &Error{Code: EINVALID, Message: fmt.Sprintf("backup %s is damaged", path), Err: err}
	}
	got, err := db.StateHash()
	if err != nil {
		return err
	}
	if got != want {
		return Errorf(EINVALID, "backup %s does not match the store it was taken from (state %s, expected %s)", path, got, want)
	}
	return nil
}
