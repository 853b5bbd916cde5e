package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// Snapshots. A snapshot is every document of a store with its full merge
// state (each field's value and stamp, tombstones included), the version
// vector the documents reflect, the schema version, the clock and the
// kinds: what a new desk needs to start where the source stood and then
// take ops from any desk as if it had received every op before.
//
// The stream (format 1):
//
//	magic   "INNKEEP-SNAPSHOT" (16 bytes)
//	frames  one byte of type, a uvarint length, that many bytes:
//	        'H' header, JSON: {"format","schema","node","clock","vv","kinds"}
//	        'D' document: uvarint length + kind, uvarint length + id, then
//	            the document's state (values and stamps) as the source
//	            store encodes it; opaque to the format, read by the
//	            store's document decoder
//	        'E' end: a uvarint, the number of 'D' frames
//	digest  SHA-256 of every byte before it (32 bytes), then nothing
//
// The header comes first, documents follow in kind and id order, and the
// end frame closes the stream. A reader refuses an unknown format, a
// missing or misplaced frame, a wrong count or digest, and trailing bytes.

// SnapshotFormat is the version of the snapshot stream that Snapshot
// writes and OpenFromSnapshot reads.
const SnapshotFormat = 1

var snapshotMagic = []byte("INNKEEP-SNAPSHOT")

// Frame types of the snapshot stream.
const (
	frameHeader = 'H'
	frameDoc    = 'D'
	frameEnd    = 'E'
)

// maxSnapshotFrame bounds one frame, so that a damaged length cannot make
// the reader allocate without end.
const maxSnapshotFrame = 64 << 20

// snapshotHeader is the 'H' frame.
type snapshotHeader struct {
	Format int           `json:"format"`
	Schema int           `json:"schema"`
	Node   string        `json:"node"`  // the source's node id
	Clock  Timestamp     `json:"clock"` // the source's recorded clock
	VV     VersionVector `json:"vv"`
	Kinds  []string      `json:"kinds"`
}

// SnapshotInfo describes a snapshot as written.
type SnapshotInfo struct {
	Documents int           `json:"documents"`
	Bytes     int64         `json:"bytes"`
	Vector    VersionVector `json:"vector"`
	Schema    int           `json:"schema"`
}

// Snapshot writes a consistent snapshot of the store to w (one read
// transaction; writes go on meanwhile) in the format above, and returns
// what it holds. Local spaces (LocalGet) are this desk's only and are not
// in it; neither are the op log, indexes and counts, which the new store
// rebuilds. It returns EUNAVAILABLE while migrations are pending, and the
// writer's error as an EINTERNAL one.
func (db *DB) Snapshot(w io.Writer) (SnapshotInfo, error) {
	var info SnapshotInfo
	if db.MigrationsPending() {
		return info, Errorf(EUNAVAILABLE, "the store's migrations have not run yet")
	}
	h := sha256.New()
	cw := &countWriter{w: w}
	bw := bufio.NewWriterSize(io.MultiWriter(cw, h), 64<<10)
	err := db.View(func(tx *Tx) error {
		meta := tx.btx.Bucket(bucketMeta)
		hd := snapshotHeader{
			Format: SnapshotFormat,
			Schema: int(getU64(meta.Get(keySchema))),
			Node:   db.nodeID,
			Clock:  tx.RecordedClock(),
			VV:     tx.VersionVector(),
			Kinds:  append(db.Kinds(), MigrationKind),
		}
		info.Vector, info.Schema = hd.VV, hd.Schema
		hb, err := json.Marshal(hd)
		if err != nil {
			return wrapInternal(err, "encode snapshot header")
		}
		bw.Write(snapshotMagic)
		writeSnapshotFrame(bw, frameHeader, hb)
		var buf []byte
		err = tx.docs().ForEach(func(k, v []byte) error {
			kind, id, ok := splitDocKey(k)
			if !ok {
				return Errorf(EINTERNAL, "damaged document key %q", k)
			}
			// The stored bytes go as they are: the reader takes them
			// through decodeState, which reads every encoding a store
			// file may hold, and stores them in its own.
			buf = binary.AppendUvarint(buf[:0], uint64(len(kind)))
			buf = append(buf, kind...)
			buf = binary.AppendUvarint(buf, uint64(len(id)))
			buf = append(buf, id...)
			buf = append(buf, v...)
			writeSnapshotFrame(bw, frameDoc, buf)
			info.Documents++
			return nil
		})
		if err != nil {
			return err
		}
		writeSnapshotFrame(bw, frameEnd, binary.AppendUvarint(nil, uint64(info.Documents)))
		if err := bw.Flush(); err != nil {
			return &Error{Code: EINTERNAL, Message: "write snapshot", Err: err}
		}
		if _, err := cw.Write(h.Sum(nil)); err != nil {
			return &Error{Code: EINTERNAL, Message: "write snapshot", Err: err}
		}
		return nil
	})
	info.Bytes = cw.n
	return info, err
}

// writeSnapshotFrame writes one frame; bufio.Writer keeps the first error
// for Flush.
func writeSnapshotFrame(w *bufio.Writer, typ byte, payload []byte) {
	var n [binary.MaxVarintLen64 + 1]byte
	n[0] = typ
	l := binary.PutUvarint(n[1:], uint64(len(payload)))
	w.Write(n[:1+l])
	w.Write(payload)
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// snapshotReader reads frames and hashes every byte it reads.
type snapshotReader struct {
	r *bufio.Reader
	h hash.Hash
}

func (s *snapshotReader) ReadByte() (byte, error) {
	b, err := s.r.ReadByte()
	if err == nil {
		s.h.Write([]byte{b})
	}
	return b, err
}

func (s *snapshotReader) full(n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(s.r, b); err != nil {
		return nil, err
	}
	s.h.Write(b)
	return b, nil
}

// frame reads one frame.
func (s *snapshotReader) frame() (byte, []byte, error) {
	typ, err := s.ReadByte()
	if err != nil {
		return 0, nil, err
	}
	n, err := binary.ReadUvarint(s)
	if err != nil {
		return 0, nil, err
	}
	if n > maxSnapshotFrame {
		return 0, nil, fmt.Errorf("a frame of %d bytes", n)
	}
	b, err := s.full(int(n))
	return typ, b, err
}

// snapshotDamaged is the refusal of a snapshot that cannot be read.
func snapshotDamaged(err error, format string, args ...any) error {
	msg := "the snapshot is damaged or incomplete: " + fmt.Sprintf(format, args...)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		msg = "the snapshot is truncated: " + fmt.Sprintf(format, args...)
	}
	return &Error{Code: EINVALID, Message: msg, Err: err}
}

// snapshotLoadBatch bounds the documents stored per transaction.
const snapshotLoadBatch = 10_000

// OpenFromSnapshot creates the store file path from a snapshot read from
// r and opens it with opts, as Open does. The new store has a node id of
// its own (opts.NodeID, or random; never the source's nor any origin the
// snapshot holds ops of), the snapshot's documents with their merge state,
// its version vector (as both the vector and the pruned floor: the new
// log is empty), its clock and schema version, and indexes and counts
// rebuilt from the documents. Replication goes on from there: ApplyRemote
// skips the ops the snapshot covers and applies those after it.
//
// The file is built beside path and renamed into place only when the
// whole snapshot has been read and its digest matches, so a failure
// leaves nothing at path. It returns ECONFLICT when path exists, and
// EINVALID for a snapshot that is damaged or truncated (the message says
// which), of an unknown format, of a kind this program does not declare,
// or of another schema version than opts.Migrations' (its cause then a
// *SchemaMismatch).
func OpenFromSnapshot(path string, r io.Reader, opts Options) (*DB, error) {
	if _, err := os.Stat(path); err == nil {
		return nil, Errorf(ECONFLICT, "%s exists already: a snapshot starts a new store", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, &Error{Code: EINTERNAL, Message: "cannot read " + path, Err: err}
	}
	if opts.ReadOnly {
		return nil, Errorf(EINVALID, "a store is started from a snapshot read-write")
	}
	sr := &snapshotReader{r: bufio.NewReaderSize(r, 64<<10), h: sha256.New()}
	magic, err := sr.full(len(snapshotMagic))
	if err != nil || !bytes.Equal(magic, snapshotMagic) {
		return nil, Errorf(EINVALID, "this is not an Innkeep snapshot")
	}
	typ, hb, err := sr.frame()
	if err != nil || typ != frameHeader {
		return nil, snapshotDamaged(err, "no header")
	}
	var hd snapshotHeader
	if err := json.Unmarshal(hb, &hd); err != nil {
		return nil, snapshotDamaged(err, "the header cannot be read")
	}
	if hd.Format != SnapshotFormat {
		return nil, Errorf(EINVALID, "the snapshot is of format %d; this program reads format %d", hd.Format, SnapshotFormat)
	}
	if ours := len(opts.Migrations); hd.Schema != ours {
		return nil, schemaError(EINVALID, ours, hd.Schema, "snapshot", "the snapshot")
	}
	// A snapshot's clock becomes the new desk's: one from a desk whose
	// clock runs ahead would stamp every write of this one in the future.
	o := opts
	o.defaults()
	if err := NewClock(o.Now, o.MaxDrift).CheckDrift(hd.Clock); err != nil {
		return nil, &Error{Code: EINVALID, Message: "the snapshot's clock is ahead of this computer's", Err: err}
	}

	tmp := path + ".loading"
	for _, p := range []string{tmp, tmp + markerSuffix} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, &Error{Code: EINTERNAL, Message: "cannot remove " + p, Err: err}
		}
	}
	load := opts
	load.Migrations, load.DeferMigrations, load.NoSync = nil, false, true
	db, err := Open(tmp, load)
	if err != nil {
		return nil, err
	}
	err = db.load(sr, &hd)
	if err == nil {
		err = wrapInternal(db.bolt.Sync(), "sync the new store")
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = placeLoaded(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		os.Remove(tmp + markerSuffix)
		return nil, err
	}
	return Open(path, opts)
}

// placeLoaded renames the loaded file tmp (and its node marker, which
// names the same file) to path, durably.
func placeLoaded(tmp, path string) error {
	if err := os.Rename(tmp, path); err != nil {
		return &Error{Code: EINTERNAL, Message: "cannot put the new store in place", Err: err}
	}
	if err := os.Rename(tmp+markerSuffix, path+markerSuffix); err != nil && !errors.Is(err, os.ErrNotExist) {
		return &Error{Code: EINTERNAL, Message: "cannot put the new store's marker in place", Err: err}
	}
	return wrapInternal(syncDir(filepath.Dir(path)), "sync "+filepath.Dir(path))
}

// load fills the new, empty store db from the snapshot whose header was
// read: documents in batches, then meta, then indexes.
func (db *DB) load(sr *snapshotReader, hd *snapshotHeader) error {
	if db.nodeID == hd.Node || hd.VV[db.nodeID] > 0 {
		return Errorf(EINVALID, "the new store's node id %s is one the snapshot's desks use already", db.nodeID)
	}
	for o := range hd.VV {
		if err := checkName("origin", o, MaxNameLen); err != nil {
			return snapshotDamaged(nil, "its vector names %q", o)
		}
	}
	live := map[string]uint64{}
	docs := 0
	type doc struct {
		kind, id string
		st       *docState
		enc      []byte
	}
	var batch []doc
	// flush stores the documents read and their index entries. Batches
	// start small and grow with the store: bbolt splits a page only at
	// commit, so thousands of inserts into the one leaf of a young tree
	// would each move all the others.
	flush := func() error {
		err := db.Update("snapshot", func(tx *Tx) error {
			tx.dirty = true // writes the file directly: a failure must roll its batch back
			b := tx.docs()
			for _, d := range batch {
				if err := b.Put(docKey(d.kind, d.id), d.enc); err != nil {
					return wrapInternal(err, "store snapshot documents")
				}
				k := db.kinds[d.kind]
				if !d.st.live() || len(k.Indexes) == 0 {
					continue
				}
				view := d.st.doc(d.kind, d.id)
				for i := range k.Indexes {
					ix := &k.Indexes[i]
					if err := tx.reindex(d.kind, ix, d.id, nil, ix.Keys(view)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		batch = batch[:0]
		return err
	}
	var end []byte
	var lastKey []byte // documents come in strictly increasing kind and id order
	for end == nil {
		typ, payload, err := sr.frame()
		if err != nil {
			return snapshotDamaged(err, "it ends after %d documents without its end", docs)
		}
		switch typ {
		case frameDoc:
			kind, id, state, err := splitSnapshotDoc(payload)
			if err != nil {
				return snapshotDamaged(err, "document %d cannot be read", docs+1)
			}
			if _, ok := db.kinds[kind]; !ok {
				return Errorf(EINVALID, "the snapshot holds documents of kind %q, which this program does not declare", kind)
			}
			if err := checkID(id); err != nil {
				return snapshotDamaged(err, "document %d has a bad id", docs+1)
			}
			if key := docKey(kind, id); bytes.Compare(key, lastKey) <= 0 {
				return snapshotDamaged(nil, "%s %q is out of order or there twice", kind, id)
			} else {
				lastKey = key
			}
			st, err := decodeState(state)
			if err != nil {
				return snapshotDamaged(err, "%s %q cannot be read", kind, id)
			}
			enc, err := st.encode()
			if err != nil {
				return err
			}
			if st.live() {
				live[kind]++
			}
			batch = append(batch, doc{kind: kind, id: id, st: st, enc: enc})
			docs++
			if len(batch) >= min(snapshotLoadBatch, max(100, docs/2)) {
				if err := flush(); err != nil {
					return err
				}
			}
		case frameEnd:
			end = payload
		default:
			return snapshotDamaged(nil, "a frame of unknown type %q after %d documents", typ, docs)
		}
	}
	if n, k := binary.Uvarint(end); k <= 0 || k != len(end) || n != uint64(docs) {
		return snapshotDamaged(nil, "its end says %d documents, %d were read", n, docs)
	}
	sum := sr.h.Sum(nil)
	digest := make([]byte, len(sum))
	if _, err := io.ReadFull(sr.r, digest); err != nil {
		return snapshotDamaged(err, "its digest is missing")
	}
	if !bytes.Equal(digest, sum) {
		return snapshotDamaged(nil, "its digest does not match its content")
	}
	if _, err := sr.r.ReadByte(); err != io.EOF {
		return snapshotDamaged(err, "bytes follow its digest")
	}
	if err := flush(); err != nil {
		return err
	}
	err := db.Update("snapshot", func(tx *Tx) error {
		tx.dirty = true // writes the file directly: a failure must roll its batch back
		meta := tx.btx.Bucket(bucketMeta)
		origins := make([]string, 0, len(hd.VV))
		for o := range hd.VV {
			origins = append(origins, o)
		}
		sort.Strings(origins)
		for _, o := range origins {
			if err := meta.Put(vvKey(o), u64(hd.VV[o])); err != nil {
				return err
			}
			if err := meta.Put(append(bytes.Clone(prefixPruned), o...), u64(hd.VV[o])); err != nil {
				return err
			}
		}
		for kind, n := range live {
			if err := meta.Put(countKey(kind), u64(n)); err != nil {
				return err
			}
		}
		for _, kv := range [][2][]byte{{keyClock, u64(uint64(hd.Clock))}, {keyPrunedClock, u64(uint64(hd.Clock))}, {keySchema, u64(uint64(hd.Schema))}} {
			if err := meta.Put(kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return wrapInternal(err, "store snapshot metadata")
	}
	db.clock.Observe(hd.Clock)
	return nil
}

// splitSnapshotDoc splits a 'D' frame into kind, id and state.
func splitSnapshotDoc(p []byte) (kind, id string, state []byte, err error) {
	part := func() (string, error) {
		n, k := binary.Uvarint(p)
		if k <= 0 || n > uint64(len(p)-k) {
			return "", fmt.Errorf("bad length")
		}
		s := string(p[k : k+int(n)])
		p = p[k+int(n):]
		return s, nil
	}
	if kind, err = part(); err != nil {
		return
	}
	if id, err = part(); err != nil {
		return
	}
	return kind, id, p, nil
}
