package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// BackupInfo describes a backup as it was written: its size, the SHA-256
// of its bytes and the StateHash of the snapshot it holds.
type BackupInfo struct {
	Bytes     int64  `json:"bytes"`
	FileHash  string `json:"file_sha256"`
	StateHash string `json:"state_hash"`
}

// Backup writes a consistent copy of the store to w while other
// transactions go on, and returns what VerifyBackup needs to check the copy.
func (db *DB) Backup(w io.Writer) (BackupInfo, error) {
	var info BackupInfo
	err := db.View(func(tx *Tx) error {
		var err error
		if info.StateHash, err = tx.StateHash(); err != nil {
			return err
		}
		h := sha256.New()
		info.Bytes, err = tx.WriteTo(io.MultiWriter(w, h))
		info.FileHash = hex.EncodeToString(h.Sum(nil))
		return err
	})
	return info, err
}

// VerifyBackup checks the backup file at path against want: first its
// bytes (so that a damaged copy is never handed to bbolt, which may crash
// on one), then, opened read-only, its consistency and its StateHash. It
// returns an EINVALID error that says how the copy differs.
func VerifyBackup(path string, want BackupInfo, opts Options) (err error) {
	f, err := os.Open(path)
	if err != nil {
		return &Error{Code: EINVALID, Message: fmt.Sprintf("cannot read backup %s", path), Err: err}
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	f.Close()
	if err != nil {
		return &Error{Code: EINVALID, Message: fmt.Sprintf("cannot read backup %s", path), Err: err}
	}
	if n != want.Bytes || hex.EncodeToString(h.Sum(nil)) != want.FileHash {
		return Errorf(EINVALID, "backup %s is damaged: its bytes differ from those written (%d bytes, expected %d)", path, n, want.Bytes)
	}
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
	if got != want.StateHash {
		return Errorf(EINVALID, "backup %s does not hold the state it was taken from (state %s, expected %s)", path, got, want.StateHash)
	}
	return nil
}
