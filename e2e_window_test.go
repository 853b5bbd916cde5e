package main_test

import (
	"bufio"
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// topBar is the colour of the app's top bar (#0f3d5e). The window's own
// background is white, so a large area of it means the app drew itself.
var topBar = [3]int{0x0f, 0x3d, 0x5e}

// display is a running Xvfb.
type display struct {
	name string // e.g. ":99"
}

// startXvfb starts Xvfb on a free display, 1280x800 at 24 bits, and stops it
// at the end of the test.
func startXvfb(t *testing.T) display {
	t.Helper()
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		missing(t, "Xvfb (apt-get install xvfb)")
	}
	for _, tool := range []string{"import", "xwininfo", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing(t, "%s (apt-get install imagemagick x11-utils xdotool)", tool)
		}
	}
	// -displayfd makes Xvfb choose a free display and write its number.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// -noreset: the server must not reset when its last client leaves
	// (a screenshot before the window connects), or a window that connects
	// just then loses its connection.
	cmd := exec.Command(xvfb, "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	cmd.ExtraFiles = []*os.File{w}
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	num := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		r.Close()
		num <- strings.TrimSpace(line)
	}()
	select {
	case n := <-num:
		if n == "" {
			t.Fatalf("Xvfb gave no display number; stderr:\n%s", stderr.String())
		}
		return display{name: ":" + n}
	case <-time.After(30 * time.Second):
		t.Fatalf("Xvfb did not start; stderr:\n%s", stderr.String())
	}
	return display{}
}

// env returns the environment of a program on this display.
func (d display) env(extra ...string) []string {
	return append(append(baseEnv(), "DISPLAY="+d.name, "GDK_BACKEND=x11", "NO_AT_BRIDGE=1"), extra...)
}

// screenshot returns the whole screen.
func (d display) screenshot(t *testing.T) image.Image {
	t.Helper()
	out, err := exec.Command("import", "-display", d.name, "-window", "root", "png:-").Output()
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("decoding the screenshot: %v", err)
	}
	return img
}

// windowShot returns the X window id as it is drawn.
func (d display) windowShot(t *testing.T, id string) image.Image {
	t.Helper()
	out, err := exec.Command("import", "-display", d.name, "-window", id, "png:-").Output()
	if err != nil {
		t.Fatalf("import -window %s: %v", id, err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("decoding the screenshot of window %s: %v", id, err)
	}
	return img
}

// windows returns the output of xwininfo -root -tree.
func (d display) windows(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("xwininfo", "-display", d.name, "-root", "-tree").Output()
	if err != nil {
		t.Fatalf("xwininfo: %v", err)
	}
	return string(out)
}

// share returns the share of the pixels of img within tol of c per channel.
func share(img image.Image, c [3]int, tol int) float64 {
	b := img.Bounds()
	near := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if abs(int(r>>8)-c[0]) <= tol && abs(int(g>>8)-c[1]) <= tol && abs(int(bl>>8)-c[2]) <= tol {
				near++
			}
		}
	}
	return float64(near) / float64(b.Dx()*b.Dy())
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// saveScreenshot writes img to $INNKEEP_SCREENSHOT_DIR/name when it is set.
func saveScreenshot(t *testing.T, img image.Image, name string) {
	t.Helper()
	dir := os.Getenv("INNKEEP_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
		t.Errorf("saving the screenshot: %v", err)
	}
}

func TestWindowShowsTheApp(t *testing.T) {
	bin := desktopBinary(t)
	d := startXvfb(t)
	// Without the built frontend the window shows the "not built" notice.
	probe := startServe(t, baseEnv(), "--data", t.TempDir())
	requireBuiltUI(t, probe.url)
	probe.stop(t)

	data := t.TempDir()
	p := start(t, bin, d.env(), "--data", data)

	// Poll until the window shows the app: the top bar's colour covers a
	// large area (the window itself is white until the page paints).
	const want = 0.02
	var (
		img image.Image
		got float64
	)
	deadline := time.Now().Add(hangTimeout)
	for {
		if !p.running() {
			t.Fatalf("the window process exited (%v); stderr:\n%s", p.err, p.stderr.String())
		}
		img = d.screenshot(t)
		if got = share(img, topBar, 6); got >= want {
			break
		}
		if time.Now().After(deadline) {
			saveScreenshot(t, img, "window-blank.png")
			t.Fatalf("after %v only %.2f%% of the screen has the top bar's colour, want at least %.0f%%; windows:\n%s",
				hangTimeout, got*100, want*100, d.windows(t))
		}
		time.Sleep(250 * time.Millisecond)
	}
	saveScreenshot(t, img, "window.png")
	if tree := d.windows(t); !strings.Contains(tree, `"Innkeep"`) {
		t.Errorf("no window named Innkeep:\n%s", tree)
	}
	t.Logf("%.1f%% of the screen has the top bar's colour", got*100)

	// The window's page reached the API: the store's data folder is in use.
	if !strings.Contains(p.stderr.String(), "path=/api/v1/setup status=200") {
		t.Errorf("the page did not fetch /api/v1/setup:\n%s", p.stderr.String())
	}

	// SIGTERM quits the window cleanly and closes the store.
	p.signal(t, syscall.SIGTERM)
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit code after SIGTERM = %d, want 0", code)
	}
	if !strings.Contains(p.stderr.String(), "the store is closed") {
		t.Errorf("stderr does not say that the store was closed:\n%s", p.stderr.String())
	}
	reopen(t, data, nodeIDFromLog(t, p.stderr.String()))
}

// nodeIDFromLog returns the node_id of the "starting" line of a text log.
func nodeIDFromLog(t *testing.T, log string) string {
	t.Helper()
	_, rest, ok := strings.Cut(log, " node_id=")
	if !ok || len(rest) < 16 {
		t.Fatalf("no node_id in the log:\n%s", log)
	}
	return rest[:16]
}

func TestWindowRefusesABusyDataFolder(t *testing.T) {
	bin := desktopBinary(t)
	d := startXvfb(t)
	// The % checks that a printf directive in the folder name does not break
	// the dialog (Wails hands the message to GTK as a format).
	data := filepath.Join(t.TempDir(), "front desk 100%s")

	first := start(t, bin, d.env(), "--data", data)
	waitFor(t, hangTimeout, "the first window to open the store", func() bool {
		if !first.running() {
			t.Fatalf("the first window exited (%v):\n%s", first.err, first.stderr.String())
		}
		return strings.Contains(first.stderr.String(), "opening the window")
	})

	// The second one gives up rather than waiting for the lock forever (it
	// waits a second for it); hangTimeout only bounds a hang.
	began := time.Now()
	second := start(t, bin, d.env(), "--data", data)
	waitFor(t, hangTimeout, "the message on stderr", func() bool {
		return strings.Contains(second.stderr.String(), "is in use by another Innkeep process")
	})
	t.Logf("message after %v", time.Since(began))
	if msg := second.stderr.String(); !strings.Contains(msg, data) {
		t.Errorf("stderr = %q, want it to name the folder %q", msg, data)
	}

	// A native dialog shows the message; dismiss it with the keyboard.
	const title = "Innkeep cannot start"
	var id string
	waitFor(t, hangTimeout, "the dialog", func() bool {
		search := exec.Command("xdotool", "search", "--onlyvisible", "--name", title)
		search.Env = d.env()
		out, _ := search.Output()
		id, _, _ = strings.Cut(strings.TrimSpace(string(out)), "\n")
		return id != ""
	})
	waitFor(t, hangTimeout, "xwininfo to list the dialog", func() bool {
		return strings.Contains(d.windows(t), `"`+title+`"`)
	})
	saveScreenshot(t, d.screenshot(t), "window-busy-dialog.png")
	if !second.running() {
		t.Fatalf("the second process exited before the dialog was dismissed")
	}
	dismiss := exec.Command("xdotool", "windowfocus", "--sync", id, "key", "Return")
	dismiss.Env = d.env()
	if out, err := dismiss.CombinedOutput(); err != nil {
		t.Fatalf("xdotool: %v\n%s", err, out)
	}
	if code := second.wait(t, hangTimeout); code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}

	// The first window is untouched.
	if !first.running() {
		t.Fatalf("the first window exited")
	}
	first.signal(t, syscall.SIGTERM)
	if code := first.wait(t, 30*time.Second); code != 0 {
		t.Errorf("first window's exit code after SIGTERM = %d, want 0", code)
	}
}

// signedInWindow is the real window, under its own Xvfb, on a data folder
// set up with alice as its administrator, signed in by typing into it as a
// person would.
type signedInWindow struct {
	t *testing.T
	d display
	p *proc
}

// signInCard is the white of the sign-in card, which the loading screen
// before it does not have.
var signInCard = [3]int{0xff, 0xff, 0xff}

// openSignedInWindow starts the window binary bin on data and signs in. It
// returns once the dashboard has loaded.
func openSignedInWindow(t *testing.T, bin, data string) *signedInWindow {
	t.Helper()
	w := &signedInWindow{t: t, d: startXvfb(t)}
	w.p = start(t, bin, w.d.env(), "--data", data)
	// The sign-in screen asked who is signed in and got no one; then it
	// draws the sign-in card, with the focus already in the username field
	// (the page focuses it as it mounts, before it paints).
	w.waitLog("the sign-in screen", "path=/api/v1/me status=401")
	var bar, card float64
	waitFor(t, hangTimeout, "the sign-in card on the screen", func() bool {
		if !w.p.running() {
			t.Fatalf("the window exited: %v\n%s", w.p.err, w.p.stderr.String())
		}
		img := w.d.screenshot(t)
		bar, card = share(img, topBar, 6), share(img, signInCard, 2)
		return bar >= 0.02 && card >= 0.05
	})
	t.Logf("the sign-in screen: %.1f%% top bar, %.1f%% card", bar*100, card*100)
	// Without a window manager the keyboard follows the pointer: put it
	// over the window.
	w.xdo("search", "--sync", "--onlyvisible", "--name", "^Innkeep$")
	w.xdo("mousemove", "--sync", "640", "30")
	w.xdo("type", "--delay", "30", "alice")
	w.xdo("key", "Tab")
	w.xdo("type", "--delay", "30", "correct horse battery")
	w.xdo("key", "Return")
	w.waitLog("signing in", "path=/api/v1/sessions status=201")
	// The dashboard asks for the business day's tape chart once the
	// session, the permissions and the hotels are in: the app is ready,
	// and its keyboard shortcuts work.
	w.waitLog("the dashboard", "/tape-chart status=200")
	return w
}

// logMark returns the length of the window's log, for waitLogAfter.
func (w *signedInWindow) logMark() int { return len(w.p.stderr.String()) }

// waitLog waits up to hangTimeout for the window's log to show text,
// failing at once when the window exits.
func (w *signedInWindow) waitLog(what, text string) {
	w.t.Helper()
	w.waitLogAfter(0, what, text)
}

// waitLogAfter is waitLog for the part of the log after mark (a logMark):
// what the window logs after an action, not what it logged before it.
func (w *signedInWindow) waitLogAfter(mark int, what, text string) {
	w.t.Helper()
	waitFor(w.t, hangTimeout, what, func() bool {
		if !w.p.running() {
			w.t.Fatalf("the window exited: %v\n%s", w.p.err, w.p.stderr.String())
		}
		return strings.Contains(w.p.stderr.String()[mark:], text)
	})
}

// xdo runs xdotool on the window's display and returns what it printed.
func (w *signedInWindow) xdo(args ...string) string {
	w.t.Helper()
	cmd := exec.Command("xdotool", args...)
	cmd.Env = w.d.env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		w.t.Fatalf("xdotool %v: %v: %s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// close ends the window with SIGTERM, which must exit 0.
func (w *signedInWindow) close() {
	w.t.Helper()
	w.p.signal(w.t, syscall.SIGTERM)
	if code := w.p.wait(w.t, hangTimeout); code != 0 {
		w.t.Fatalf("exit code after SIGTERM = %d, want 0", code)
	}
}
