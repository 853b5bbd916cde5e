package desktop

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"innkeep/app"
)

// TestSaveAsWritesWhereTheDialogSays runs SaveAs with the dialog replaced by
// a function that answers a path (the window tests use the real one).
func TestSaveAsWritesWhereTheDialogSays(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		answer   string // the dialog's answer
		existing string // what the chosen file held before
		mode     os.FileMode
		wantPath string
		wantMode os.FileMode
		wantErr  bool
	}{
		{name: "writes a new file for its owner only", answer: filepath.Join(dir, "a.csv"), wantPath: filepath.Join(dir, "a.csv"), wantMode: 0o600},
		{name: "replaces a file the person chose to overwrite, keeping its mode", answer: filepath.Join(dir, "b.csv"), existing: "old", mode: 0o644,
			wantPath: filepath.Join(dir, "b.csv"), wantMode: 0o644},
		{name: "a cancelled dialog writes nothing", answer: ""},
		{name: "a folder that does not exist is an error", answer: filepath.Join(dir, "missing", "c.csv"), wantErr: true},
		{name: "a path that is not absolute is an error", answer: "d.csv", wantErr: true},
		{name: "a folder chosen as the file is an error", answer: dir, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.existing != "" {
				if err := os.WriteFile(tt.answer, []byte(tt.existing), tt.mode); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(tt.answer, tt.mode); err != nil {
					t.Fatal(err)
				}
			}
			f := NewFiles()
			var proposed string
			f.connect(context.Background(), func(_ context.Context, name string) (string, error) {
				proposed = name
				return tt.answer, nil
			})
			path, err := f.SaveAs(context.Background(), "audit.csv", []byte("seq,at\n1,now\n"))
			if (err != nil) != tt.wantErr || path != tt.wantPath {
				t.Fatalf("SaveAs = %q, %v; want %q, error %v", path, err, tt.wantPath, tt.wantErr)
			}
			if proposed != "audit.csv" {
				t.Errorf("the dialog proposed %q", proposed)
			}
			if path != "" {
				if got, err := os.ReadFile(path); err != nil || string(got) != "seq,at\n1,now\n" {
					t.Errorf("the file holds %q, %v", got, err)
				}
				if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != tt.wantMode {
					t.Errorf("the file's mode is %v, want %v", fi.Mode().Perm(), tt.wantMode)
				}
			}
			left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
			if len(left) != 0 {
				t.Errorf("temporary files left behind: %v", left)
			}
		})
	}
}

func TestSaveAsWaitsForTheWindow(t *testing.T) {
	f := NewFiles()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := f.SaveAs(ctx, "a.csv", nil); err != context.DeadlineExceeded {
		t.Errorf("SaveAs before the window started = %v, want the context's error", err)
	}
}

func TestSaveAsShowsOneDialogAtATime(t *testing.T) {
	f := NewFiles()
	open, release := make(chan struct{}), make(chan struct{})
	f.connect(context.Background(), func(context.Context, string) (string, error) {
		close(open)
		<-release
		return "", nil
	})
	done := make(chan error)
	go func() {
		_, err := f.SaveAs(context.Background(), "a.csv", nil)
		done <- err
	}()
	<-open
	if _, err := f.SaveAs(context.Background(), "b.csv", nil); app.ErrorCode(err) != app.ECONFLICT {
		t.Errorf("a second save while the dialog is open = %v, want a conflict", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("the first save: %v", err)
	}
}
