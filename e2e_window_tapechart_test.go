package main_test

import (
	"image"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Colours of the tape chart's blocks (TapeGrid.svelte).
var (
	confirmedBlock = [3]int{0x2f, 0x6f, 0xa5}
	inHouseBlock   = [3]int{0x1f, 0x7a, 0x47}
)

// TestWindowShowsTheDemoTapeChart opens the real window on a data folder
// with the demo hotel, signs in by typing into it as a person would, goes
// to the tape chart with the keyboard (g then t), and checks the screen
// shows the chart's confirmed and in-house blocks.
func TestWindowShowsTheDemoTapeChart(t *testing.T) {
	bin := desktopBinary(t)
	data := t.TempDir()
	// Set up the data folder: the demo hotel, then the first run's own
	// hotel, named to sort after the demo one, which the app opens first.
	s := startServe(t, baseEnv(), "--data", data, "--demo")
	requireBuiltUI(t, s.url)
	body := `{"hotel":{"name":"Zhongshan Road Hotel","time_zone":"Asia/Shanghai","currency":"CNY"},
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
	// The sign-in screen asked who is signed in and got no one.
	waitLog("the sign-in screen", "path=/api/v1/me status=401")
	time.Sleep(time.Second) // let it paint and focus the username field
	env := d.env()
	xdoEnv := func(args ...string) {
		t.Helper()
		cmd := exec.Command("xdotool", args...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("xdotool %v: %v: %s", args, err, out)
		}
	}
	// Without a window manager the keyboard follows the pointer: put it
	// over the window (the page itself focused the username field).
	xdoEnv("search", "--sync", "--onlyvisible", "--name", "^Innkeep$")
	xdoEnv("mousemove", "640", "30")
	xdoEnv("type", "--delay", "30", "alice")
	xdoEnv("key", "Tab")
	xdoEnv("type", "--delay", "30", "correct horse battery")
	xdoEnv("key", "Return")
	waitLog("signing in", "path=/api/v1/sessions status=201")
	waitLog("the dashboard", "path=/api/v1/me/permissions status=200")
	time.Sleep(2 * time.Second) // the hotels load and the dashboard draws
	xdoEnv("key", "g", "t")
	waitLog("the tape chart", "/tape-chart")

	var img image.Image
	var confirmed, inHouse float64
	deadline := time.Now().Add(30 * time.Second)
	for {
		img = d.screenshot(t)
		confirmed, inHouse = share(img, confirmedBlock, 6), share(img, inHouseBlock, 6)
		if confirmed >= 0.02 && inHouse >= 0.002 {
			break
		}
		if time.Now().After(deadline) {
			saveScreenshot(t, img, "window-tape-chart-missing.png")
			t.Fatalf("the tape chart is not on the screen: %.2f%% confirmed and %.2f%% in-house blocks", confirmed*100, inHouse*100)
		}
		time.Sleep(300 * time.Millisecond)
	}
	saveScreenshot(t, img, "window-tape-chart.png")
	t.Logf("%.1f%% of the screen shows confirmed blocks, %.1f%% in-house ones", confirmed*100, inHouse*100)

	p.signal(t, syscall.SIGTERM)
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit code after SIGTERM = %d, want 0", code)
	}
}
