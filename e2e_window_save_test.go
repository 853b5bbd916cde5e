package main_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
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
	body := `{"hotel":{"name":"Harbour Inn","time_zone":"Asia/Shanghai","currency":"CNY"},
		"admin":{"username":"alice","display_name":"Alice","password":"correct horse battery"}}`
	res, err := http.Post(s.url+"api/v1/setup", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("setup: %s", res.Status)
	}
	s.stop(t)

	d := startXvfb(t)
	p := start(t, bin, d.env(), "--data", data)
	waitLog := func(what, text string) {
		t.Helper()
		waitFor(t, 45*time.Second, what, func() bool {
			if !p.running() {
				t.Fatalf("the window exited: %v\n%s", p.err, p.stderr.String())
			}
			return strings.Contains(p.stderr.String(), text)
		})
	}
	xdo := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("xdotool", args...)
		cmd.Env = d.env()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("xdotool %v: %v: %s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}

	waitLog("the sign-in screen", "path=/api/v1/me status=401")
	time.Sleep(time.Second) // let it paint and focus the username field
	// Without a window manager the keyboard follows the pointer.
	xdo("search", "--sync", "--onlyvisible", "--name", "^Innkeep$")
	xdo("mousemove", "640", "30")
	xdo("type", "--delay", "30", "alice")
	xdo("key", "Tab")
	xdo("type", "--delay", "30", "correct horse battery")
	xdo("key", "Return")
	waitLog("signing in", "path=/api/v1/sessions status=201")
	waitLog("the dashboard", "path=/api/v1/me/permissions status=200")
	time.Sleep(2 * time.Second) // the hotels load and the dashboard draws

	// g a: the audit log, with the focus at the start of the page's
	// content; its first two stops are Verify chain and Export CSV.
	xdo("key", "g", "a")
	waitLog("the audit log", "path=/api/v1/audit status=200")
	time.Sleep(time.Second)
	xdo("key", "Tab", "Tab", "Return")

	// The native Save dialog, titled with the file's name.
	var dialog string
	waitFor(t, 30*time.Second, "the Save dialog", func() bool {
		cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^innkeep-audit-.*\\.csv$")
		cmd.Env = d.env()
		out, _ := cmd.Output()
		dialog, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
		if dialog == "" {
			saveScreenshot(t, d.screenshot(t), "window-save-dialog-missing.png")
		}
		return dialog != ""
	})
	xdo("mousemove", "--window", dialog, "40", "40")
	time.Sleep(500 * time.Millisecond) // the name field takes the focus
	target := filepath.Join(t.TempDir(), "audit-from-the-window.csv")
	xdo("key", "ctrl+a")
	xdo("type", "--delay", "20", target)
	xdo("key", "Return")
	waitLog("the save", "path=/api/v1/desktop/save status=200")

	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatalf("the export was not saved where the dialog said: %v\n%s", err, p.stderr.String())
	}
	if !strings.Contains(string(got), "session.login") || !strings.Contains(string(got), "alice") {
		t.Errorf("the saved file is not the audit export:\n%.500s", got)
	}
	t.Logf("saved %d bytes to %s", len(got), target)

	p.signal(t, syscall.SIGTERM)
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit code after SIGTERM = %d, want 0", code)
	}
}
