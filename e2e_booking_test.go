package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The booking area as a newcomer uses it: set up the property, book, check in
// and out, cancel with a fee, and move a booking on the tape chart by
// dragging it. The showcase test takes screenshots of the demo hotel.

// openSizedBrowser starts Chromium with a fresh profile at a chosen size
// (extra adds flags, such as the certificate to trust);
// it is closed at the end of the test. It records console errors and CSP
// violations for checkClean, but not the 401 that the page gets (and the
// browser logs) when it asks who is signed in before anyone is.
func openSizedBrowser(t *testing.T, chromium string, width, height int, extra ...chromedp.ExecAllocatorOption) *uiBrowser {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(width, height),
		chromedp.UserDataDir(t.TempDir()),
	)
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelBrowser)

	b := &uiBrowser{t: t, ctx: bctx}
	console := chromedp.Console(bctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if strings.Contains(m.URL, "/api/v1/me") && strings.Contains(m.String(), "401") {
				continue
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				b.mu.Lock()
				b.problems = append(b.problems, fmt.Sprintf("%s (%s %s:%d)", m, m.Source, m.URL, m.Line))
				b.mu.Unlock()
			}
		}
	}()
	probe := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspProbe})
		return chromedp.Void{}, err
	}
	if err := chromedp.Do(bctx, probe); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return b
}

// css is a selector of elements by data-testid, nested: css("a", "b") is
// [data-testid="a"] [data-testid="b"].
func css(ids ...string) chromedp.CSS {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = `[data-testid="` + id + `"]`
	}
	return chromedp.CSS(strings.Join(parts, " "))
}

// clickCSS clicks the first element sel matches once it is visible.
func (b *uiBrowser) clickCSS(sel chromedp.CSS) {
	b.t.Helper()
	b.do("clicking "+string(sel), chromedp.WaitVisible(sel), chromedp.Click(sel))
}

// clickEnabled clicks the button id once it is visible and enabled (dialogs
// enable their action when what they need has loaded).
func (b *uiBrowser) clickEnabled(id string) {
	b.t.Helper()
	b.do("clicking "+id, chromedp.WaitVisible(uiTestID(id)), chromedp.WaitEnabled(uiTestID(id)), chromedp.Click(uiTestID(id)))
}

// waitJS waits until the JavaScript expression is true, or fails naming what
// after hangTimeout.
func (b *uiBrowser) waitJS(what, expr string) {
	b.t.Helper()
	deadline := time.Now().Add(hangTimeout)
	for !uiEval[bool](b, expr) {
		if time.Now().After(deadline) {
			b.shot("timeout-" + strings.ReplaceAll(what, " ", "-"))
			b.t.Fatalf("timed out waiting for %s (%s)", what, expr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// goTo opens a hash route of the app.
func (b *uiBrowser) goTo(hash string) {
	b.t.Helper()
	uiEval[string](b, `location.hash = `+jsString(hash))
}

// shot saves the page to $INNKEEP_SCREENSHOT_DIR/booking-name.png, when set.
func (b *uiBrowser) shot(name string) {
	dir := os.Getenv("INNKEEP_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, "booking-"+name+".png"), png, 0o644); err != nil {
		b.t.Logf("saving screenshot %s: %v", name, err)
	}
}

func jsString(s string) string {
	v, _ := json.Marshal(s)
	return string(v)
}

// drag presses the left button at (x0, y0), moves to (x1, y1) in steps and
// releases it there, as a person dragging with a mouse.
func (b *uiBrowser) drag(x0, y0, x1, y1 float64) {
	b.t.Helper()
	mouse := func(typ input.DispatchMouseEventType, x, y float64, buttons int64) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			p := input.DispatchMouseEventParams{Type: typ, X: x, Y: y, Buttons: buttons, PointerType: input.DispatchMouseEventPointerTypeMouse}
			if typ != input.DispatchMouseEventTypeMouseMoved {
				p.Button, p.ClickCount = input.MouseButtonLeft, 1
			}
			_, err := cdp.Call(ctx, tg, input.DispatchMouseEvent, p)
			return err
		})
	}
	steps := []chromedp.Action[chromedp.Void]{mouse(input.DispatchMouseEventTypeMouseMoved, x0, y0, 0), mouse(input.DispatchMouseEventTypeMousePressed, x0, y0, 1)}
	const n = 8
	for i := 1; i <= n; i++ {
		f := float64(i) / n
		steps = append(steps, mouse(input.DispatchMouseEventTypeMouseMoved, x0+(x1-x0)*f, y0+(y1-y0)*f, 1), chromedp.Sleep(20*time.Millisecond))
	}
	steps = append(steps, mouse(input.DispatchMouseEventTypeMouseReleased, x1, y1, 0))
	b.do("dragging", steps...)
}

// apiGet reads path with the browser's session and decodes the JSON answer.
func (b *uiBrowser) apiGet(baseURL, path string, out any) {
	b.t.Helper()
	req, _ := http.NewRequest("GET", baseURL+strings.TrimPrefix(path, "/"), nil)
	req.AddCookie(b.sessionCookie(baseURL))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b.t.Fatalf("GET %s = %s", path, res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		b.t.Fatalf("GET %s: %v", path, err)
	}
}

// tinyPNG writes a small PNG photo of a room and returns its path.
func tinyPNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			img.Set(x, y, color.RGBA{uint8(40 + x*2), uint8(90 + y), 160, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "room.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// addDate returns the date n days after d (YYYY-MM-DD).
func addDate(t *testing.T, d string, n int) string {
	t.Helper()
	v, err := time.Parse(time.DateOnly, d)
	if err != nil {
		t.Fatalf("date %q: %v", d, err)
	}
	return v.AddDate(0, 0, n).Format(time.DateOnly)
}

type e2eReservation struct {
	ID           string `json:"id"`
	Code         string `json:"code"`
	Status       string `json:"status"`
	RoomID       string `json:"room_id"`
	CheckIn      string `json:"check_in"`
	CheckOut     string `json:"check_out"`
	Total        int64  `json:"total"`
	Cancellation *struct {
		Fee int64 `json:"fee"`
	} `json:"cancellation"`
}

// bookThroughUI walks the booking flow from the search (already prefilled
// or typed) to the confirmation code, for a new guest.
func (b *uiBrowser) bookThroughUI(typeCode, guest, phone string) string {
	b.t.Helper()
	b.clickCSS(css("book-type-"+typeCode, "book-add"))
	b.see("book-room")
	b.click("book-next")
	b.fill("book-guest-name", guest)
	b.fill("book-guest-phone", phone)
	b.click("book-next")
	b.see("book-details")
	b.click("book-next")
	b.see("book-review")
	b.clickEnabled("book-confirm")
	b.see("book-code")
	return b.text("book-code")
}

func TestBrowserBookingFrontDeskDay(t *testing.T) {
	chromium := chromiumPath(t)
	s := startServe(t, baseEnv(), "--data", t.TempDir())
	requireBuiltUI(t, s.url)
	setUpOverHTTP(t, s.url, "Harbour Inn")

	b := openSizedBrowser(t, chromium, 1280, 900)
	b.do("opening "+s.url, chromedp.Navigate(s.url))
	b.signIn("alice", "correct horse battery")

	// An administrator starts on the dashboard; the new hotel has no rooms yet.
	b.see("dashboard-page")
	b.see("dashboard-empty")
	b.see("business-date")
	today := uiEval[string](b, `document.querySelector('[data-testid="business-date"]').dataset.date`)
	if _, err := time.Parse(time.DateOnly, today); err != nil {
		t.Fatalf("business date in the top bar = %q", today)
	}

	// Hotel settings: cancelling is free only until midnight of the arrival
	// date, so that a booking for today costs a fee to cancel.
	b.click("nav-settings")
	b.click("settings-tab-hotel")
	b.fill("hotel-form-address", "1 Harbour Road, Qingdao")
	b.fill("hotel-form-stars", "3")
	b.fill("hotel-form-check-in", "00:00")
	b.fill("hotel-form-free-hours", "0")
	b.fill("hotel-form-fee", "first_night")
	b.click("hotel-form-submit")
	b.see("hotel-form-saved")

	// A room type, with a photo.
	b.click("settings-tab-room-types")
	b.click("room-type-create")
	b.fill("room-type-form-code", "STD")
	b.fill("room-type-form-name", "Standard Twin")
	b.fill("room-type-form-bed", "twin")
	b.fill("room-type-form-area", "24")
	b.fill("room-type-form-adults", "2")
	b.fill("room-type-form-amenities", "wifi, tea set")
	b.click("room-type-form-submit")
	b.see("room-type-photos")
	b.do("choosing a photo", chromedp.SetUploadFiles(uiTestID("room-type-photo-input"), []string{tinyPNG(t)}))
	b.see("room-type-photo-preview")
	b.clickEnabled("room-type-photo-upload")
	b.waitJS("the thumbnail", `!!document.querySelector('[data-testid="room-type-photo"] img[src^="blob:"]')`)
	b.shot("room-type-with-photo")
	b.click("dialog-close")
	b.see("room-type-row-STD")

	// Two rooms of the type.
	b.click("settings-tab-rooms")
	for _, number := range []string{"101", "102"} {
		b.click("room-create")
		b.fill("room-form-number", number)
		b.click("room-form-submit")
		b.see("room-row-" + number)
	}

	// A rate plan.
	b.click("settings-tab-rate-plans")
	b.click("rate-plan-create")
	b.fill("rate-plan-form-code", "BAR")
	b.fill("rate-plan-form-name", "Best available rate")
	b.fill("rate-plan-form-base", "580")
	b.click("rate-plan-form-submit")
	b.see("rate-plan-row-BAR")
	b.shot("settings-rate-plans")

	// Book one night from today, through the availability search.
	b.goTo("#/book")
	b.see("book-page")
	b.click("book-search")
	b.see("book-type-STD")
	if got := b.text("book-type-STD"); !strings.Contains(got, "2") || !strings.Contains(got, "580") {
		t.Errorf("availability of STD = %q, want 2 rooms at 580", got)
	}
	b.shot("availability")
	first := b.bookThroughUI("STD", "Wang Fang", "+86 139 0000 1111")

	// Check the guest in and out.
	b.click("book-open")
	b.see("reservation-page")
	b.click("action-check-in")
	b.see("check-in-dialog")
	b.clickEnabled("check-in-confirm")
	b.waitJS("the guest in house", `document.querySelector('[data-testid="reservation-status"]')?.dataset.status === 'checked_in'`)
	b.click("action-check-out")
	b.clickCSS(css("check-out-dialog", "confirm-yes"))
	b.waitJS("the guest checked out", `document.querySelector('[data-testid="reservation-status"]')?.dataset.status === 'checked_out'`)
	b.shot("reservation-checked-out")

	// Book another, two nights from today.
	b.goTo("#/book")
	b.fill("book-check-out", addDate(t, today, 2))
	b.click("book-search")
	b.see("book-type-STD")
	second := b.bookThroughUI("STD", "Li Wei", "+86 139 0000 2222")

	// Both are on the tape chart: the departed guest in 101, the new booking
	// (no room yet) in the unassigned row.
	b.click("nav-tape-chart")
	b.see("tape-grid")
	b.see("tape-row-unassigned")
	b.do("waiting for the first booking in room 101", chromedp.WaitVisible(chromedp.CSS(`[data-testid="tape-row-101"] [data-code="`+first+`"][data-status="checked_out"]`)))
	b.do("waiting for the second booking unassigned", chromedp.WaitVisible(chromedp.CSS(`[data-testid="tape-row-unassigned"] [data-code="`+second+`"]`)))
	b.shot("tape-chart-two-bookings")

	// Cancel the second: late, so the first night is charged.
	b.do("opening the second booking from the chart", chromedp.Click(chromedp.CSS(`[data-code="`+second+`"]`)))
	b.see("reservation-page")
	b.click("action-cancel")
	b.see("cancel-fee")
	fee := uiEval[string](b, `document.querySelector('[data-testid="cancel-fee"]').dataset.fee`)
	if fee == "" || fee == "0" {
		t.Fatalf("cancellation fee = %q, want the first night", fee)
	}
	b.shot("cancel-with-fee")
	b.fill("cancel-reason", "Plans changed")
	b.clickEnabled("cancel-confirm")
	b.waitJS("the booking cancelled", `document.querySelector('[data-testid="reservation-status"]')?.dataset.status === 'cancelled'`)
	if got := b.text("reservation-cancellation-fee"); !strings.Contains(got, "580") {
		t.Errorf("cancellation fee shown = %q, want 580", got)
	}
	secondID := strings.TrimPrefix(uiEval[string](b, `location.hash`), "#/reservations/")
	var cancelled e2eReservation
	b.apiGet(s.url, "api/v1/reservations/"+secondID, &cancelled)
	if cancelled.Status != "cancelled" || cancelled.Cancellation == nil || cancelled.Cancellation.Fee != 58000 {
		t.Errorf("cancelled reservation = %+v, want status cancelled with a fee of 58000", cancelled)
	}

	// A third booking from an empty cell of the chart: room 101, tomorrow.
	b.click("nav-tape-chart")
	b.see("tape-row-101")
	b.do("waiting for the cancelled booking to leave the chart",
		chromedp.WaitNotPresent(chromedp.CSS(`[data-testid="tape-grid"] [data-code="`+second+`"]`)))
	cell := uiEval[[]float64](b, `(() => {
		const track = document.querySelector('[data-testid="tape-row-101"] .tc-track');
		const r = track.getBoundingClientRect();
		const days = 14, day = r.width / days;
		const col = [...document.querySelectorAll('.tc-day')].findIndex((d) => d.dataset.date === `+jsString(addDate(t, today, 1))+`);
		return [r.left + day * col + day / 2, r.top + r.height / 2];
	})()`)
	b.do("clicking the free cell of room 101 tomorrow", chromedp.MouseClickXY(cell[0], cell[1]))
	b.see("book-preset-room")
	b.see("book-type-STD")
	third := b.bookThroughUI("STD", "Zhang Min", "+86 139 0000 3333")

	// Drag it to room 102, one day later.
	b.click("nav-tape-chart")
	block := chromedp.CSS(`[data-testid="tape-row-101"] [data-code="` + third + `"]`)
	b.do("waiting for the third booking in room 101", chromedp.WaitVisible(block))
	pos := uiEval[[]float64](b, `(() => {
		const block = document.querySelector('[data-testid="tape-row-101"] [data-code="`+third+`"]').getBoundingClientRect();
		const track = document.querySelector('[data-testid="tape-row-102"] .tc-track').getBoundingClientRect();
		const day = track.width / 14;
		return [block.left + 10, block.top + block.height / 2, block.left + 10 + day, track.top + track.height / 2];
	})()`)
	b.drag(pos[0], pos[1], pos[2], pos[3])
	b.see("move-dialog")
	b.see("move-difference")
	b.shot("move-dialog")
	b.clickEnabled("move-confirm")
	b.see("tape-notice")
	b.do("waiting for the booking in room 102", chromedp.WaitVisible(chromedp.CSS(`[data-testid="tape-row-102"] [data-code="`+third+`"]`)))
	b.shot("tape-chart-after-move")

	// The move reached the API: room 102, from the day after tomorrow.
	var rooms struct {
		Rooms []struct {
			ID     string `json:"id"`
			Number string `json:"number"`
		} `json:"rooms"`
	}
	var list struct {
		Reservations []e2eReservation `json:"reservations"`
	}
	b.apiGet(s.url, "api/v1/reservations?q="+third, &list)
	if len(list.Reservations) != 1 {
		t.Fatalf("reservations with code %s: %d, want 1", third, len(list.Reservations))
	}
	var moved e2eReservation
	b.apiGet(s.url, "api/v1/reservations/"+list.Reservations[0].ID, &moved)
	var hotels struct {
		Hotels []struct {
			ID string `json:"id"`
		} `json:"hotels"`
	}
	b.apiGet(s.url, "api/v1/hotels", &hotels)
	b.apiGet(s.url, "api/v1/hotels/"+hotels.Hotels[0].ID+"/rooms", &rooms)
	room102 := ""
	for _, r := range rooms.Rooms {
		if r.Number == "102" {
			room102 = r.ID
		}
	}
	if moved.RoomID != room102 || moved.CheckIn != addDate(t, today, 2) || moved.CheckOut != addDate(t, today, 3) {
		t.Errorf("after the drag: room %s, %s to %s; want room 102 (%s), %s to %s",
			moved.RoomID, moved.CheckIn, moved.CheckOut, room102, addDate(t, today, 2), addDate(t, today, 3))
	}

	b.checkClean()
}

func TestBrowserBookingDemoShowcase(t *testing.T) {
	chromium := chromiumPath(t)
	s := startServe(t, baseEnv(), "--data", t.TempDir())
	requireBuiltUI(t, s.url)
	setUpOverHTTP(t, s.url, "Harbour Inn")

	b := openSizedBrowser(t, chromium, 1440, 900)
	b.do("opening "+s.url, chromedp.Navigate(s.url))
	b.signIn("alice", "correct horse battery")

	// The new hotel has no rooms: load the demo hotel, which becomes current.
	b.see("dashboard-empty")
	b.click("load-demo")
	b.waitJS("the demo dashboard", `document.querySelector('#dash-title')?.textContent.includes('Demo')`)
	b.waitJS("today's figures", `/\d+%/.test(document.querySelector('[data-testid="stat-occupancy"] .value')?.textContent ?? '')`)
	demo := uiEval[string](b, `document.querySelector('[data-testid="hotel-switcher"]').value`)
	if got := uiEval[string](b, `localStorage.getItem('innkeep.hotel')`); got != demo || demo == "" {
		t.Errorf("remembered hotel = %q, want the demo hotel %q", got, demo)
	}
	b.shot("dashboard")

	// The switcher goes back to the first hotel, and to the demo again.
	harbour := uiEval[string](b, `(() => {
		const sel = document.querySelector('[data-testid="hotel-switcher"]');
		return [...sel.options].find((o) => o.value !== sel.value).value;
	})()`)
	b.fill("hotel-switcher", harbour)
	b.see("dashboard-empty")
	b.fill("hotel-switcher", demo)
	b.waitJS("the demo dashboard again", `document.querySelector('#dash-title')?.textContent.includes('Demo')`)

	// The tape chart over 30 days: the showcase.
	b.click("nav-tape-chart")
	b.click("tape-days-30")
	b.waitJS("the 30-day chart", `document.querySelectorAll('.tc-day').length === 30 && document.querySelectorAll('[data-testid="tape-block"]').length > 40`)
	b.see("tape-row-unassigned")
	b.shot("tape-chart")

	// The keyboard moves a cursor over the cells.
	b.do("focusing the chart", chromedp.Focus(uiTestID("tape-grid")))
	b.do("arrow keys", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowRight))
	if got := uiEval[string](b, `document.querySelector('[data-testid="tape-cursor"]').textContent`); !strings.Contains(got, "Room") {
		t.Errorf("the chart's cursor describes no cell after arrow keys")
	}

	// The same in Chinese.
	b.fill("lang-switch", "zh-CN")
	b.waitJS("the chart in Chinese", `document.querySelector('#tape-title')?.textContent === '房态图'`)
	b.shot("tape-chart-zh-CN")
	b.fill("lang-switch", "en")

	// Housekeeping on a tablet.
	b.do("tablet width", chromedp.EmulateViewport(768, 1024))
	b.click("nav-housekeeping")
	b.see("housekeeping-page")
	b.waitJS("the room tiles", `document.querySelectorAll('[data-testid^="hk-tile-"]').length === 40`)
	for _, set := range [][2]string{{"103", "dirty"}, {"105", "dirty"}, {"107", "inspected"}} {
		b.click("hk-tile-" + set[0])
		b.click("hk-set-" + set[1])
		b.waitJS("room "+set[0]+" "+set[1], `document.querySelector('[data-testid="hk-tile-`+set[0]+`"]').dataset.status === '`+set[1]+`'`)
	}
	b.shot("housekeeping-tablet")
	b.do("desktop width", chromedp.EmulateViewport(1440, 900))

	// The rate calendar of the demo's first plan.
	b.goTo("#/settings/rate-calendar")
	b.waitJS("the month of prices", `document.querySelectorAll('[data-testid^="calendar-day-"] .price').length > 27`)
	b.shot("rate-calendar")

	// The reservations of the demo, and the quick search of the top bar.
	b.goTo("#/reservations")
	b.waitJS("the reservations", `document.querySelectorAll('[data-testid="reservation-row"]').length > 20`)
	b.do("pressing /", chromedp.KeyEvent("/"))
	b.waitJS("the search box focused", `document.activeElement?.dataset.testid === 'quick-search'`)
	b.do("typing a name", chromedp.KeyEvent("Wang"))
	b.see("quick-search-result")
	b.shot("reservations-quick-search")
	b.do("opening the first result", chromedp.KeyEvent(kb.Enter))
	b.see("reservation-page")
	b.see("reservation-code")
	b.shot("reservation")

	// The booking flow's results for the demo hotel.
	b.goTo("#/book")
	b.fill("book-check-out", addDate(t, uiEval[string](b, `document.querySelector('[data-testid="business-date"]').dataset.date`), 3))
	b.click("book-search")
	b.see("book-type-DLX")
	b.shot("booking-search")

	b.checkClean()
}
