package main_test

import (
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// gtkSelection is the background of selected text in GTK's default theme
// (Adwaita).
var gtkSelection = [3]int{0x35, 0x84, 0xe4}

// subImage returns the part r of img.
func subImage(img image.Image, r image.Rectangle) image.Image {
	if s, ok := img.(interface {
		SubImage(image.Rectangle) image.Image
	}); ok {
		return s.SubImage(r)
	}
	return img
}

// TestWindowSavesTheAuditExportThroughTheSaveDialog opens the real window,
// signs in and goes to the audit log with the keyboard as a person would,
// exports the log, and answers the native Save dialog with a path: the CSV
// must land there. (In the window a download link cannot carry the session;
// the export goes through the native dialog instead.)
func TestWindowSavesTheAuditExportThroughTheSaveDialog(t *testing.T) {
	bin := desktopBinary(t)
	data := t.TempDir()
	s := startServe(t, baseEnv(), "--data", data)
	requireBuiltUI(t, s.url)
	setUpOverHTTP(t, s.url, "Harbour Inn")
	s.stop(t)

	w := openSignedInWindow(t, bin, data)

	// g a: the audit log, with the focus at the start of the page's
	// content; its first two stops are Verify chain and Export CSV.
	// The page mounts with its buttons, then asks for the log: once the
	// answer is in the window's log, the buttons are there, after the focus.
	mark := w.logMark()
	w.xdo("key", "g", "a")
	w.waitLogAfter(mark, "the audit log", "path=/api/v1/audit status=200")
	w.xdo("key", "Tab", "Tab", "Return")

	// The native Save dialog, titled with the file's name.
	var dialog string
	waitFor(t, hangTimeout, "the Save dialog", func() bool {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^innkeep-audit-.*\\.csv$")
		cmd.Env = w.d.env()
		out, _ := cmd.Output()
		dialog, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
		if dialog == "" {
			saveScreenshot(t, w.d.screenshot(t), "window-save-dialog-missing.png")
		}
		return dialog != ""
	})
	w.xdo("mousemove", "--sync", "--window", dialog, "40", "40")
	// The name field has the focus once it shows the file's name selected
	// (GTK selects it as it focuses the field).
	var selected float64
	waitFor(t, hangTimeout, "the selected name in the Save dialog's name field", func() bool {
		img := w.d.windowShot(t, dialog)
		b := img.Bounds()
		nameRow := image.Rect(b.Min.X, b.Min.Y, b.Max.X, min(b.Max.Y, b.Min.Y+48))
		selected = share(subImage(img, nameRow), gtkSelection, 12)
		return selected >= 0.01
	})
	t.Logf("the name field shows its name selected (%.1f%% of its row)", selected*100)
	target := filepath.Join(t.TempDir(), "audit-from-the-window.csv")
	w.xdo("key", "ctrl+a")
	w.xdo("type", "--delay", "20", target)
	w.xdo("key", "Return")
	w.waitLog("the save", "path=/api/v1/desktop/save status=200")

	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatalf("the export was not saved where the dialog said: %v\n%s", err, w.p.stderr.String())
	}
	if !strings.Contains(string(got), "session.login") || !strings.Contains(string(got), "alice") {
		t.Errorf("the saved file is not the audit export:\n%.500s", got)
	}
	t.Logf("saved %d bytes to %s", len(got), target)

	w.close()
}
