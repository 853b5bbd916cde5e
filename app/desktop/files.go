package desktop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"innkeep/app"
)

// Files saves files through the window's native "Save as" dialog. Make it
// with NewFiles, give it to the API (it is an api.Saver) and to Run
// (Options.Files), which connects it to the window once the window starts.
type Files struct {
	once  sync.Once
	ready chan struct{} // closed when the window has started
	wctx  context.Context
	mu    sync.Mutex // one dialog at a time
	// dialog asks where to save name; "" means cancelled. Run sets it to
	// the native dialog.
	dialog func(wctx context.Context, name string) (string, error)
}

// NewFiles returns Files not yet connected to a window.
func NewFiles() *Files { return &Files{ready: make(chan struct{})} }

// connect makes f use the window of wctx.
func (f *Files) connect(wctx context.Context, dialog func(context.Context, string) (string, error)) {
	f.once.Do(func() {
		f.wctx, f.dialog = wctx, dialog
		close(f.ready)
	})
}

// SaveAs shows the Save dialog proposing name, and writes data to the path
// chosen: to a temporary file beside it first, synced, then renamed over
// it (and the folder synced), so a failure never leaves half a file under
// the chosen name. A file it replaces keeps its permissions; a new one is
// readable by its owner only, as exports hold personal data. It returns
// the path, or "" when the person cancelled; ECONFLICT while another Save
// dialog is open. It waits for the window to start, or for ctx.
func (f *Files) SaveAs(ctx context.Context, name string, data []byte) (string, error) {
	select {
	case <-f.ready:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	if !f.mu.TryLock() {
		return "", app.E(app.ECONFLICT, "desktop.save_dialog_open", "a Save dialog is open already: finish it first")
	}
	defer f.mu.Unlock()
	path, err := f.dialog(f.wctx, name)
	if err != nil || path == "" {
		return "", err
	}
	if err := writeFileAtomic(path, data); err != nil {
		return "", err
	}
	return path, nil
}

// saveDialog is the native Save dialog. Its title is the file's name,
// which needs no translation; the toolkit translates the rest.
func saveDialog(wctx context.Context, name string) (string, error) {
	return runtime.SaveFileDialog(wctx, runtime.SaveDialogOptions{Title: name, DefaultFilename: name, CanCreateDirectories: true})
}

// writeFileAtomic writes data to the absolute path through a synced
// temporary file in the same folder, renamed over path; then it syncs the
// folder, so that the rename survives a crash. The file keeps the mode of
// the regular file it replaces, else it is 0600.
func writeFileAtomic(path string, data []byte) (err error) {
	if !filepath.IsAbs(path) {
		return fmt.Errorf("%q is not a full path", path)
	}
	dir, base := filepath.Split(path)
	if base == "" {
		return errors.New("no file name was chosen")
	}
	mode := os.FileMode(0o600)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, ".innkeep-save-*.tmp") // 0600
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", filepath.Clean(dir), err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if mode != 0o600 {
		if err = tmp.Chmod(mode); err != nil {
			return err
		}
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // not every system can sync a folder; the file is written either way
		d.Close()
	}
	return nil
}
