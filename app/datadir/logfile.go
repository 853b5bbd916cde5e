package datadir

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
)

// RotatingFile is an io.WriteCloser that appends to a log file and rotates it
// by size: when a write would make the active file larger than maxSize, the
// file is renamed to path.1 (path.1 to path.2, and so on), the oldest beyond
// the number of backups is removed, and a new active file is started.
//
// Each Write goes whole into one file, so a log record written with one call
// (as slog handlers do) is never split between two files. A single write
// larger than maxSize gets a file of its own. It is safe for concurrent use.
type RotatingFile struct {
	path    string
	maxSize int64
	backups int

	mu   sync.Mutex
	f    *os.File
	size int64
}

// OpenRotatingFile opens path for appending, creating it and its folder
// (0700, the file 0600) when missing. maxSize must be positive and backups at
// least 0 (0 keeps no rotated file: the active one is cut on rotation).
func OpenRotatingFile(path string, maxSize int64, backups int) (*RotatingFile, error) {
	if maxSize <= 0 || backups < 0 {
		return nil, fmt.Errorf("rotating log %s: bad limits (max size %d, backups %d)", path, maxSize, backups)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	r := &RotatingFile{path: path, maxSize: maxSize, backups: backups}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

// Write appends p to the active file, rotating first when p would not fit.
func (r *RotatingFile) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return 0, fs.ErrClosed
	}
	if r.size > 0 && r.size+int64(len(p)) > r.maxSize {
		if err := r.rotate(); err != nil && r.f == nil {
			return 0, err
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

// Close closes the active file. Later writes return fs.ErrClosed.
func (r *RotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}

// open opens the active file for appending and reads its size.
func (r *RotatingFile) open() error {
	f, err := os.OpenFile(r.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	r.f, r.size = f, st.Size()
	return nil
}

// rotate shifts path.N-1 to path.N … path to path.1, dropping what falls off
// the end, and opens a new active file. When a rename fails it still reopens
// the active file, so that logging goes on in an oversized file rather than
// stopping; it returns the first error.
func (r *RotatingFile) rotate() error {
	err := r.f.Close()
	r.f = nil
	keep := func(e error) {
		if err == nil && e != nil && !errors.Is(e, fs.ErrNotExist) {
			err = e
		}
	}
	if r.backups == 0 {
		keep(os.Remove(r.path))
	} else {
		keep(os.Remove(r.backup(r.backups)))
		for i := r.backups - 1; i >= 1; i-- {
			keep(os.Rename(r.backup(i), r.backup(i+1)))
		}
		keep(os.Rename(r.path, r.backup(1)))
	}
	if oerr := r.open(); oerr != nil {
		return oerr
	}
	return err
}

func (r *RotatingFile) backup(i int) string { return fmt.Sprintf("%s.%d", r.path, i) }

// NewLogger returns a logger that writes human-readable text lines of level
// Info and above to console (stderr in the binary), and JSON lines of level
// Debug and above to file (a RotatingFile in the binary). Either may be nil.
func NewLogger(console, file io.Writer) *slog.Logger {
	var hs []slog.Handler
	if console != nil {
		hs = append(hs, slog.NewTextHandler(console, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	if file != nil {
		hs = append(hs, slog.NewJSONHandler(file, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewMultiHandler(hs...))
}
