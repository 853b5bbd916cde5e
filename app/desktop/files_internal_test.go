package desktop

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSaveAsWritesWhereTheDialogSays runs SaveAs with the dialog replaced by
// a function that answers a path (the window tests use the real one).
func TestSaveAsWritesWhereTheDialogSays(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		answer   string // the dialog's answer
		existing string // what the chosen file held before
		wantPath string
		wantErr  bool
	}{
		{name: "writes the file", answer: filepath.Join(dir, "a.csv"), wantPath: filepath.Join(dir, "a.csv")},
		{name: "replaces a file the person chose to overwrite", answer: filepath.Join(dir, "b.csv"), existing: "old", wantPath: filepath.Join(dir, "b.csv")},
		{name: "a cancelled dialog writes nothing", answer: ""},
		{name: "a folder that does not exist is an error", answer: filepath.Join(dir, "missing", "c.csv"), wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.existing != "" {
				if err := os.WriteFile(tt.answer, []byte(tt.existing), 0o600); err != nil {
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
