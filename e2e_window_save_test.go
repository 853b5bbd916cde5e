package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

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
	w.xdo("key", "g", "a")
	w.waitLog("the audit log", "path=/api/v1/audit status=200")
	time.Sleep(time.Second)
	w.xdo("key", "Tab", "Tab", "Return")

	// The native Save dialog, titled with the file's name.
	var dialog string
	waitFor(t, 30*time.Second, "the Save dialog", func() bool {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^innkeep-audit-.*\\.csv$")
		cmd.Env = w.d.env()
		out, _ := cmd.Output()
		dialog, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
		if dialog == "" {
			saveScreenshot(t, w.d.screenshot(t), "window-save-dialog-missing.png")
		}
		return dialog != ""
	})
	w.xdo("mousemove", "--window", dialog, "40", "40")
	time.Sleep(500 * time.Millisecond) // the name field takes the focus
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
