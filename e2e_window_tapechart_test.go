package main_test

import (
	"image"
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
	setUpOverHTTP(t, s.url, "Zhongshan Road Hotel")
	s.stop(t)

	w := openSignedInWindow(t, bin, data)
	mark := w.logMark()
	w.xdo("key", "g", "t")
	w.waitLogAfter(mark, "the tape chart", "/tape-chart status=200")

	var img image.Image
	var confirmed, inHouse float64
	deadline := time.Now().Add(hangTimeout)
	for {
		img = w.d.screenshot(t)
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

	w.close()
}
