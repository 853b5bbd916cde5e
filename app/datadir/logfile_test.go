package datadir_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"innkeep/app/datadir"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readLog returns the contents of path, or "<missing>".
func readLog(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "<missing>"
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRotatingFile(t *testing.T) {
	tests := []struct {
		name    string
		maxSize int64
		backups int
		before  string // contents of the active file before opening
		writes  []string
		want    map[string]string // file suffix ("" for the active file) -> contents
	}{
		{
			name: "writes that fit stay in the active file", maxSize: 10, backups: 2,
			writes: []string{"aaa\n", "bbb\n"},
			want:   map[string]string{"": "aaa\nbbb\n", ".1": "<missing>"},
		},
		{
			name: "a write that would pass the limit rotates first and is never split", maxSize: 10, backups: 2,
			writes: []string{"aaaa\n", "bbbb\n", "cccc\n"},
			want:   map[string]string{"": "cccc\n", ".1": "aaaa\nbbbb\n", ".2": "<missing>"},
		},
		{
			name: "only the given number of rotated files is kept, oldest dropped", maxSize: 5, backups: 2,
			writes: []string{"1111\n", "2222\n", "3333\n", "4444\n"},
			want:   map[string]string{"": "4444\n", ".1": "3333\n", ".2": "2222\n", ".3": "<missing>"},
		},
		{
			name: "a write larger than the limit gets a file of its own", maxSize: 4, backups: 3,
			writes: []string{"ab\n", "0123456789\n", "cd\n"},
			want:   map[string]string{"": "cd\n", ".1": "0123456789\n", ".2": "ab\n"},
		},
		{
			name: "the size of an existing file counts", maxSize: 10, backups: 1,
			before: "old-line\n",
			writes: []string{"new\n"},
			want:   map[string]string{"": "new\n", ".1": "old-line\n"},
		},
		{
			name: "no backups cuts the active file on rotation", maxSize: 5, backups: 0,
			writes: []string{"1111\n", "2222\n"},
			want:   map[string]string{"": "2222\n", ".1": "<missing>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "logs", "innkeep.log")
			if tt.before != "" {
				if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(tt.before), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			r, err := datadir.OpenRotatingFile(path, tt.maxSize, tt.backups)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.writes {
				if n, err := r.Write([]byte(w)); err != nil || n != len(w) {
					t.Fatalf("Write(%q) = %d, %v", w, n, err)
				}
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			for suffix, want := range tt.want {
				if got := readLog(t, path+suffix); got != want {
					t.Errorf("innkeep.log%s = %q, want %q", suffix, got, want)
				}
			}
		})
	}
}

func TestRotatingFileCreatesPrivateFolderAndFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "logs")
	r, err := datadir.OpenRotatingFile(filepath.Join(dir, "innkeep.log"), 100, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for path, want := range map[string]fs.FileMode{dir: 0o700, filepath.Join(dir, "innkeep.log"): 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s has mode %v, want %v", path, got, want)
		}
	}
}

func TestRotatingFileRefusesWritesAfterClose(t *testing.T) {
	r, err := datadir.OpenRotatingFile(filepath.Join(t.TempDir(), "x.log"), 100, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Write([]byte("late\n")); !errors.Is(err, fs.ErrClosed) {
		t.Fatalf("Write after Close = %v, want fs.ErrClosed", err)
	}
}

func TestRotatingFileRefusesBadLimits(t *testing.T) {
	for _, lim := range []struct {
		max     int64
		backups int
	}{{0, 1}, {-1, 1}, {10, -1}} {
		if _, err := datadir.OpenRotatingFile(filepath.Join(t.TempDir(), "x.log"), lim.max, lim.backups); err == nil {
			t.Errorf("OpenRotatingFile(max %d, backups %d) succeeded", lim.max, lim.backups)
		}
	}
}

func TestNewLoggerWritesTextToConsoleAndJSONToFile(t *testing.T) {
	var console, file bytes.Buffer
	logger := datadir.NewLogger(&console, &file)
	logger.Debug("details", "k", 1)
	logger.Info("request", "method", "GET", "status", 200)

	if strings.Contains(console.String(), "details") {
		t.Errorf("console got a debug line: %q", console.String())
	}
	if !strings.Contains(console.String(), "msg=request method=GET status=200") {
		t.Errorf("console = %q, want a text line for the request", console.String())
	}
	lines := strings.Split(strings.TrimSpace(file.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("file has %d lines, want 2 (debug and info): %q", len(lines), file.String())
	}
	for _, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("file line is not JSON: %q: %v", line, err)
		}
	}
	var rec map[string]any
	_ = json.Unmarshal([]byte(lines[1]), &rec)
	if rec["msg"] != "request" || rec["method"] != "GET" || rec["status"] != float64(200) {
		t.Errorf("JSON record = %v", rec)
	}
}
