package store

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// A store's node id names the origin of every op it writes, so two stores
// must never share one: a desk whose data folder was copied to another PC,
// or restored from a backup, would write ops under the same origin and seq
// as the desk it came from, and the two would diverge for good. The store
// therefore keeps, beside its file, a node-local marker: the node id and
// the identity of the file (device and inode, or volume and file index on
// Windows) it belongs to, and an instance number that every open renews in
// both the marker and the file. A copy or a restore is a new file: its
// identity no longer matches the marker (or the marker is missing), and the
// store takes a new node id at open. A backup restored over the file in
// place keeps the file's identity but brings back an older instance. A
// file moved within its file system keeps its identity and its id. The ops
// written under the old id stay in the log as that origin's.
//
// What this cannot see — a hot backup taken during the current session and
// put back in place before the next open — the peers see instead: the
// restored desk would write seqs they hold with other content, which
// ApplyRemote refuses on both sides, naming the origin (sameAsHeld).

// markerSuffix names the marker beside the store file.
const markerSuffix = ".node"

// keyMarked, in the meta bucket, holds the instance of the last open: its
// presence says that the store has a marker, so that from then on a
// missing marker means the file was copied without it.
var keyMarked = []byte("marked")

// nodeMarker is the marker's content.
type nodeMarker struct {
	NodeID   string `json:"node_id"`
	File     string `json:"file"`     // fileIdentity of the store file
	Instance string `json:"instance"` // renewed at every open, also kept in the file
}

// checkIdentity makes sure the store's node id belongs to this file: a
// store first opened by this version is marked; a store whose marker is
// missing or names another file or node takes a new node id. It runs at
// open, before any write.
func (db *DB) checkIdentity() error {
	file, err := fileIdentity(db.path)
	if err != nil {
		return wrapInternal(err, "read the store file's identity")
	}
	if file == "" {
		return nil // this system cannot tell files apart
	}
	markerPath := db.path + markerSuffix
	var m nodeMarker
	raw, err := os.ReadFile(markerPath)
	switch {
	case err == nil:
		if json.Unmarshal(raw, &m) != nil {
			m = nodeMarker{}
		}
	case !errors.Is(err, os.ErrNotExist):
		return wrapInternal(err, "read "+markerPath)
	}
	var instance string
	if err := db.bolt.View(func(btx *bolt.Tx) error {
		instance = string(btx.Bucket(bucketMeta).Get(keyMarked))
		return nil
	}); err != nil {
		return wrapInternal(err, "read store metadata")
	}
	if instance != "" && (m.NodeID != db.nodeID || m.File != file || m.Instance != instance) {
		// A copy or a restore: speak as a new node from now on.
		id, err := randomHex(8)
		if err != nil {
			return wrapInternal(err, "make a node id")
		}
		db.previousNodeID, db.nodeID = db.nodeID, id
	}
	next, err := randomHex(8)
	if err != nil {
		return wrapInternal(err, "make an instance")
	}
	// The marker is written first: a crash before the file records the
	// new instance leaves them apart, and the next open takes yet another
	// node id — never one in use elsewhere.
	if err := writeMarker(markerPath, nodeMarker{NodeID: db.nodeID, File: file, Instance: next}); err != nil {
		return wrapInternal(err, "write "+markerPath)
	}
	err = db.bolt.Update(func(btx *bolt.Tx) error {
		meta := btx.Bucket(bucketMeta)
		if err := meta.Put(keyNodeID, []byte(db.nodeID)); err != nil {
			return err
		}
		return meta.Put(keyMarked, []byte(next))
	})
	return wrapInternal(err, "record the node id")
}

// randomHex returns n random bytes in hex.
func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// PreviousNodeID returns the node id the store had before this open found
// it copied or restored and gave it a new one; "" when it kept its id.
func (db *DB) PreviousNodeID() string { return db.previousNodeID }

// writeMarker writes m to path durably: a temporary file, synced, renamed
// over the old one.
func writeMarker(path string, m nodeMarker) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("replace the marker: %w", err)
	}
	return syncDir(filepath.Dir(path))
}
