package main_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// The tape chart on a front-desk tablet: a finger that swipes from a booking
// scrolls the chart, and a finger that touches and holds a booking picks it
// up and moves it, behind the same confirmation as a mouse drag. Chromium
// emulates a touch tablet, and the touches go in as real touch events
// (Input.dispatchTouchEvent), through the browser's own gesture handling.

// openTouchTapeChart starts `innkeep serve` with the demo hotel, opens it
// in Chromium emulating a 1024×768 touch tablet, signs in and shows the
// tape chart of the demo hotel.
func openTouchTapeChart(t *testing.T) (*uiBrowser, *server) {
	t.Helper()
	chromium := chromiumPath(t)
	s := startServe(t, baseEnv(), "--data", t.TempDir(), "--demo")
	requireBuiltUI(t, s.url)
	// The first run's own hotel, named to sort after the demo one, which
	// the app then opens first.
	setUpOverHTTP(t, s.url, "Zhongshan Road Hotel")

	b := openSizedBrowser(t, chromium, 1024, 768)
	b.do("emulating a touch tablet", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 1024, Height: 768, DeviceScaleFactor: 1, Mobile: true,
			ScreenOrientation: &emulation.ScreenOrientation{Type: emulation.ScreenOrientationTypeLandscapePrimary, Angle: 90},
		}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 5})
		return err
	}))
	b.do("opening "+s.url, chromedp.Navigate(s.url))
	if !uiEval[bool](b, `navigator.maxTouchPoints > 0 && matchMedia('(any-pointer: coarse)').matches`) {
		t.Fatal("the page does not see a touch screen")
	}
	b.signIn("alice", "correct horse battery")
	b.goTo("#/tape-chart")
	b.waitJS("the demo tape chart", `document.querySelector('#tape-title') !== null &&
		document.querySelectorAll('[data-testid="tape-block"]').length > 40 &&
		document.querySelector('[data-testid="tape-grid"]').scrollHeight > document.querySelector('[data-testid="tape-grid"]').clientHeight + 200`)
	return b, s
}

// longPress is how long a finger rests on a booking to pick it up
// (LONG_PRESS_MS in TapeGrid.svelte).
const longPress = 400 * time.Millisecond

// afterPageTimers waits until the page has run a timer of d that it starts
// now, and drawn two frames after it. A page runs its timers in the order
// they fall due, so every timer it started earlier for less time (a long
// press's) has run by then, however slow the machine.
func (b *uiBrowser) afterPageTimers(d time.Duration) {
	b.t.Helper()
	js := fmt.Sprintf(`new Promise((done) => setTimeout(() =>
		requestAnimationFrame(() => requestAnimationFrame(() => done(true))), %d))`, d.Milliseconds())
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](js, chromedp.EvalAwaitPromise)); err != nil {
		b.t.Fatalf("waiting for the page's timers: %v", err)
	}
}

// touch sends one touch event of a single finger at (x, y); touchEnd lifts it.
func (b *uiBrowser) touch(typ input.DispatchTouchEventType, x, y float64) {
	b.t.Helper()
	points := []*input.TouchPoint{}
	if typ != input.DispatchTouchEventTypeTouchEnd {
		points = append(points, &input.TouchPoint{X: x, Y: y})
	}
	b.do("touch "+string(typ), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: points})
		return err
	}))
}

// slide moves the finger that is down from (x0, y0) to (x1, y1) in steps,
// at about the pace of a hand.
func (b *uiBrowser) slide(x0, y0, x1, y1 float64) {
	b.t.Helper()
	const n = 12
	for i := 1; i <= n; i++ {
		f := float64(i) / n
		b.touch(input.DispatchTouchEventTypeTouchMove, x0+(x1-x0)*f, y0+(y1-y0)*f)
		time.Sleep(16 * time.Millisecond)
	}
}

// touchTarget is a booking to touch: where, and the room one row below it.
type touchTarget struct {
	Code     string  `json:"code"`
	Room     string  `json:"room"`
	NextRoom string  `json:"nextRoom"`
	X        float64 `json:"x"`
	Y        float64 `json:"y"`
	NextY    float64 `json:"nextY"`
}

// findTouchTarget finds a confirmed booking in a room whose next row is a
// room, both in sight in the chart, and a point on the booking that a
// finger would hit: the same point of the next row is NextY. It skips the
// top rows, so that a swipe up has somewhere to go. With freeBelow, the
// next room must be free on the booking's nights (a drop on a taken room
// is refused before a move is offered), and the chart is scrolled to such
// a booking when none is in sight.
func (b *uiBrowser) findTouchTarget(freeBelow bool) touchTarget {
	b.t.Helper()
	got := uiEval[touchTarget](b, `((freeBelow) => {
		const grid = document.querySelector('[data-testid="tape-grid"]');
		// The grid's visible area, measured again after each scroll.
		const area = () => {
			const view = grid.getBoundingClientRect();
			return {
				view,
				head: grid.querySelector('.tc-head').getBoundingClientRect().bottom,
				label: grid.querySelector('.tc-label').getBoundingClientRect().right,
				bottom: Math.min(view.bottom, window.innerHeight) - 40,
			};
		};
		const inSight = (r, a) => r.top >= a.head + 40 && r.bottom <= a.bottom && r.left >= a.label + 4 && r.right <= a.view.right - 4;
		// A confirmed booking whose room below is free on its nights (a drop
		// on a taken room is refused before any move is offered), scrolled
		// into sight within the grid when it is not: the demo hotel's
		// bookings differ from run to run.
		const overlaps = (a, b) => a.left < b.right - 1 && a.right > b.left + 1;
		for (const row of grid.querySelectorAll('.tc-row:not(.unassigned)')) {
			const next = row.nextElementSibling;
			if (!next || !next.classList.contains('tc-row')) continue;
			const room = row.dataset.testid.replace('tape-row-', '');
			const nextRoom = next.dataset.testid.replace('tape-row-', '');
			for (const block of row.querySelectorAll('.tc-block.status-confirmed.tc-lane-0:not(.conflict)')) {
				let r = block.getBoundingClientRect();
				if (r.width < 60) continue;
				if (freeBelow && [...next.querySelectorAll('.tc-block, .tc-ooo')].some((o) => overlaps(o.getBoundingClientRect(), r))) continue;
				let a = area();
				if (freeBelow && (!inSight(r, a) || next.getBoundingClientRect().bottom > a.bottom)) {
					grid.scrollTop += r.top - (a.head + a.bottom) / 2;
					grid.scrollLeft += r.left + r.width / 2 - (a.label + a.view.right) / 2;
					a = area();
					r = block.getBoundingClientRect();
				}
				if (!inSight(r, a) || next.getBoundingClientRect().bottom > a.bottom) continue;
				const x = r.left + 20, y = r.top + r.height / 2;
				if (document.elementFromPoint(x, y)?.closest('[data-block]') !== block) continue;
				const track = next.querySelector('.tc-track').getBoundingClientRect();
				return { code: block.dataset.code, room, nextRoom, x, y, nextY: track.top + (y - row.querySelector('.tc-track').getBoundingClientRect().top) };
			}
		}
		return { code: '', room: '', nextRoom: '', x: 0, y: 0, nextY: 0 };
	})(`+strconv.FormatBool(freeBelow)+`)`)
	if got.Code == "" {
		b.shot("touch-no-target")
		b.t.Fatalf("no confirmed booking in sight with a room below it (free on its nights: %v)", freeBelow)
	}
	return got
}

// chartScroll returns the scroll position of the chart and of the page.
func (b *uiBrowser) chartScroll() [3]float64 {
	b.t.Helper()
	v := uiEval[[]float64](b, `(() => {
		const grid = document.querySelector('[data-testid="tape-grid"]');
		return [grid.scrollLeft, grid.scrollTop, window.scrollY];
	})()`)
	return [3]float64{v[0], v[1], v[2]}
}

func TestTouchSwipeOnABookingScrollsTheTapeChart(t *testing.T) {
	b, _ := openTouchTapeChart(t)
	target := b.findTouchTarget(false)
	before := b.chartScroll()
	if before[1] != 0 {
		t.Fatalf("the chart starts scrolled: scrollTop %v", before[1])
	}

	// A swipe up that starts on the booking. A swipe is a quick motion: on
	// a machine stalled long enough between the touch and the first move
	// for the press to become a hold, the lift asks to move the booking;
	// cancel that and swipe again.
	scrolled := `document.querySelector('[data-testid="tape-grid"]').scrollTop > 0`
	for attempt := 1; ; attempt++ {
		b.touch(input.DispatchTouchEventTypeTouchStart, target.X, target.Y)
		b.slide(target.X, target.Y, target.X, target.Y-240)
		b.touch(input.DispatchTouchEventTypeTouchEnd, 0, 0)
		b.waitJS("the chart to scroll (or a stalled swipe's move dialog)", scrolled+` || document.querySelector('[data-testid="move-dialog"]') !== null`)
		if !b.present("move-dialog") || attempt == 3 {
			break
		}
		t.Logf("swipe %d became a hold on a stalled machine; swiping again", attempt)
		b.clickEnabled("move-cancel")
		b.do("waiting for the dialog to close", chromedp.WaitNotPresent(uiTestID("move-dialog")))
	}
	b.waitJS("the chart to scroll", scrolled)
	// Whatever a move would show comes at once on the lift; let a long
	// press that were still under way run out too.
	b.afterPageTimers(2 * longPress)
	if b.present("move-dialog") {
		t.Error("a swipe on a booking asked to move it")
	}
	if uiEval[bool](b, `document.querySelector('.tc-block.moving, [data-testid="tape-ghost"]') !== null`) {
		t.Error("a swipe on a booking picked it up")
	}
	if b.present("reservation-page") {
		t.Error("a swipe on a booking opened it")
	}
	t.Logf("the swipe scrolled the chart from %v to %v", before, b.chartScroll())
	b.checkClean()
}

func TestTouchHoldMovesABookingAfterConfirmation(t *testing.T) {
	b, s := openTouchTapeChart(t)
	target := b.findTouchTarget(true)

	var list struct {
		Reservations []e2eReservation `json:"reservations"`
	}
	b.apiGet(s.url, "api/v1/reservations?q="+target.Code, &list)
	if len(list.Reservations) != 1 {
		t.Fatalf("reservations with code %s: %d, want 1", target.Code, len(list.Reservations))
	}
	var was e2eReservation
	b.apiGet(s.url, "api/v1/reservations/"+list.Reservations[0].ID, &was)
	before := b.chartScroll()

	// Touch and hold: the booking is picked up, and shows it.
	block := `document.querySelector('[data-testid="tape-row-` + target.Room + `"] [data-code="` + target.Code + `"]')`
	b.touch(input.DispatchTouchEventTypeTouchStart, target.X, target.Y)
	b.waitJS("the booking picked up", block+`.classList.contains('moving')`)
	b.shot("touch-picked-up")

	// One row down, then lift the finger.
	b.slide(target.X, target.Y, target.X, target.NextY)
	b.waitJS("the booking over room "+target.NextRoom, `document.querySelector('[data-testid="tape-row-`+target.NextRoom+`"] [data-testid="tape-ghost"]') !== null`)
	if after := b.chartScroll(); after != before {
		t.Errorf("the chart scrolled while the finger moved a booking: %v, then %v", before, after)
	}
	b.touch(input.DispatchTouchEventTypeTouchEnd, 0, 0)

	b.see("move-dialog")
	b.see("move-difference")
	b.shot("touch-move-dialog")
	if got := b.text("move-to"); !strings.Contains(got, target.NextRoom) {
		t.Errorf("move to %q, want room %s", got, target.NextRoom)
	}

	// Cancelling changes nothing.
	b.clickEnabled("move-cancel")
	b.do("waiting for the dialog to close", chromedp.WaitNotPresent(uiTestID("move-dialog")))
	b.waitJS("the booking back in place", block+` !== null && !`+block+`.classList.contains('moving')`)
	var is e2eReservation
	b.apiGet(s.url, "api/v1/reservations/"+was.ID, &is)
	if is.RoomID != was.RoomID || is.CheckIn != was.CheckIn || is.CheckOut != was.CheckOut || is.Total != was.Total {
		t.Errorf("after cancelling: %+v; want it unchanged: %+v", is, was)
	}
	b.checkClean()
}
