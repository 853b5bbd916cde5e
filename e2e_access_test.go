package main_test

import (
	"context"
	"innkeep/app/datadir"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// uiBrowser is a headless Chromium page driven through the UI's data-testid
// hooks (frontend/src/lib/testids.md). It records console errors,
// uncaught exceptions and CSP violations for checkClean.
type uiBrowser struct {
	t        *testing.T
	ctx      context.Context
	mu       sync.Mutex
	problems []string
}

// openUIBrowser starts Chromium with a fresh profile at a tablet's
// landscape size (the narrowest layout the desk is used at); it is closed
// at the end of the test.
func openUIBrowser(t *testing.T, chromium string) *uiBrowser {
	t.Helper()
	return openSizedBrowser(t, chromium, 1024, 768)
}

// uiTestID selects the element with data-testid id.
func uiTestID(id string) chromedp.CSS { return chromedp.CSS(`[data-testid="` + id + `"]`) }

// do runs steps and fails the test, naming what, when one fails.
func (b *uiBrowser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.screenshot(strings.ReplaceAll(what, " ", "-"))
		b.t.Fatalf("%s: %v", what, err)
	}
}

// fill sets the value of the field id as typing would (input and change events).
func (b *uiBrowser) fill(id, value string) {
	b.t.Helper()
	b.do("filling "+id, chromedp.WaitVisible(uiTestID(id)), chromedp.SetValue(uiTestID(id), value))
}

// click clicks the element id once it is visible.
func (b *uiBrowser) click(id string) {
	b.t.Helper()
	b.do("clicking "+id, chromedp.WaitVisible(uiTestID(id)), chromedp.Click(uiTestID(id)))
}

// see waits until the element id is visible.
func (b *uiBrowser) see(id string) {
	b.t.Helper()
	b.do("waiting for "+id, chromedp.WaitVisible(uiTestID(id)))
}

// text returns the trimmed text of the element id.
func (b *uiBrowser) text(id string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Text(uiTestID(id)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", id, err)
	}
	return strings.TrimSpace(v)
}

// uiEval evaluates a JavaScript expression and returns its value.
func uiEval[T any](b *uiBrowser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// present reports whether an element id is in the page now.
func (b *uiBrowser) present(id string) bool {
	b.t.Helper()
	return uiEval[bool](b, `document.querySelector('[data-testid="`+id+`"]') !== null`)
}

// signIn signs in through the login form and waits for the app (or, for a
// user who must choose a new password first, the password form).
func (b *uiBrowser) signIn(username, password string) {
	b.t.Helper()
	b.see("login-form")
	b.fill("login-username", username)
	b.fill("login-password", password)
	b.click("login-submit")
	b.do("waiting for the app after signing in as "+username,
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="user-menu"], [data-testid="change-password-form"], [data-testid="login-error"]`)))
	if b.present("login-error") {
		b.t.Fatalf("signing in as %s failed: %s", username, b.text("login-error"))
	}
}

// signOut signs out through the user menu.
func (b *uiBrowser) signOut() {
	b.t.Helper()
	b.click("user-menu")
	b.click("sign-out")
	b.see("login-form")
}

// sessionCookie returns the browser's innkeep_session cookie for baseURL.
func (b *uiBrowser) sessionCookie(baseURL string) *http.Cookie {
	b.t.Helper()
	get := func(ctx context.Context, tg *chromedp.Target) (network.GetCookiesResult, error) {
		return cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{URLs: []string{baseURL}})
	}
	res, err := chromedp.Run(b.ctx, get)
	if err != nil {
		b.t.Fatalf("reading cookies: %v", err)
	}
	for _, c := range res.Cookies {
		if c.Name == "innkeep_session" {
			if !c.HTTPOnly {
				b.t.Errorf("the session cookie is not HttpOnly")
			}
			return &http.Cookie{Name: c.Name, Value: c.Value}
		}
	}
	b.t.Fatalf("the browser holds no innkeep_session cookie for %s", baseURL)
	return nil
}

// screenshot saves the page to $INNKEEP_SCREENSHOT_DIR, when set.
func (b *uiBrowser) screenshot(name string) {
	dir := os.Getenv("INNKEEP_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, "access-"+name+".png"), png, 0o644); err != nil {
		b.t.Logf("saving screenshot %s: %v", name, err)
	}
}

// checkClean fails the test for every CSP violation and console error seen.
func (b *uiBrowser) checkClean() {
	b.t.Helper()
	violations, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](`window.__cspViolations`))
	if err != nil {
		b.t.Fatalf("reading CSP violations: %v", err)
	}
	for _, v := range violations {
		b.t.Errorf("CSP violation: %s", v)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Errorf("console: %s", p)
	}
}

var recoveryPhraseShape = regexp.MustCompile(`^[A-Za-z0-9]{4}([ -][A-Za-z0-9]{4}){15}$`)

func TestBrowserFirstRunAdminCreatesAFrontDeskUser(t *testing.T) {
	chromium := chromiumPath(t)
	s := startServe(t, baseEnv(), "--data", t.TempDir())
	requireBuiltUI(t, s.url)
	setup, err := http.Get(s.url + "api/v1/setup")
	if err != nil {
		t.Fatal(err)
	}
	setup.Body.Close()
	if setup.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/setup = %d, want 200 (docs/access.md)", setup.StatusCode)
	}

	b := openUIBrowser(t, chromium)
	b.do("opening "+s.url, chromedp.Navigate(s.url))

	// A new data folder opens the setup wizard: first the hotel…
	b.see("setup-wizard")
	b.fill("setup-hotel-name", "Harbour Inn")
	b.fill("setup-time-zone", "Asia/Shanghai")
	b.fill("setup-currency", "CNY")
	b.click("setup-next")

	// …then the first administrator…
	b.fill("setup-admin-username", "alice")
	b.fill("setup-admin-display-name", "Alice Chen")
	b.fill("setup-admin-email", "alice@example.com")
	b.fill("setup-admin-password", "a long passphrase")
	b.fill("setup-admin-password-confirm", "a long passphrase")
	b.click("setup-submit")

	// …then the recovery phrase, shown once; Finish waits for the acknowledgement.
	b.see("setup-recovery-phrase")
	phrase := b.text("setup-recovery-phrase")
	if !recoveryPhraseShape.MatchString(phrase) {
		t.Errorf("recovery phrase = %q, want 16 groups of 4 letters and digits", phrase)
	} else if _, err := datadir.KeyFromPhrase(phrase); err != nil {
		t.Errorf("the recovery phrase shown does not decode: %v", err)
	}
	b.screenshot("recovery-phrase")
	if !uiEval[bool](b, `document.querySelector('[data-testid="setup-finish"]').disabled`) {
		t.Errorf("Finish is enabled before the recovery phrase is acknowledged")
	}
	b.click("setup-recovery-ack")
	b.click("setup-finish")

	// The administrator signs in and creates a front-desk user for all hotels.
	b.signIn("alice", "a long passphrase")
	if got := b.text("user-menu"); !strings.Contains(got, "Alice Chen") {
		t.Errorf("user menu = %q, want the display name Alice Chen", got)
	}
	b.click("nav-users")
	b.see("users-page")
	b.see("users-row-alice")
	b.click("user-create")
	b.fill("user-form-username", "bob")
	b.fill("user-form-display-name", "Bob Li")
	b.click("user-form-role-front_desk")
	b.click("user-form-hotels-all")
	b.fill("user-form-password", "front desk passphrase")
	b.click("user-form-submit")
	b.see("users-row-bob")
	if row := b.text("users-row-bob"); !strings.Contains(row, "Bob Li") || !strings.Contains(row, "Front desk") {
		t.Errorf("row of bob = %q, want his name and the Front desk role", row)
	}
	b.screenshot("users")
	b.signOut()

	// The front-desk user sees no administration, and the page refuses by URL.
	b.signIn("bob", "front desk passphrase")
	if b.present("change-password-form") {
		b.fill("change-password-current", "front desk passphrase")
		b.fill("change-password-new", "my own desk passphrase")
		b.fill("change-password-confirm", "my own desk passphrase")
		b.click("change-password-submit")
		b.see("user-menu")
	}
	if got := b.text("user-menu"); !strings.Contains(got, "Bob Li") {
		t.Errorf("user menu = %q, want Bob Li", got)
	}
	b.see("nav-health")
	for _, id := range []string{"nav-users", "nav-roles", "nav-audit"} {
		if b.present(id) {
			t.Errorf("%s is shown to a front-desk user", id)
		}
	}
	uiEval[string](b, `location.hash = '#/users'`)
	b.see("no-access")
	if b.present("users-page") {
		t.Errorf("the users page is shown to a front-desk user")
	}
	// A reload restores the session from the cookie and still refuses.
	b.do("reloading", chromedp.Reload())
	b.see("no-access")
	if got := b.text("user-menu"); !strings.Contains(got, "Bob Li") {
		t.Errorf("after a reload the user menu = %q, want Bob Li", got)
	}
	b.screenshot("no-access")

	// The API is the real guard: bob's own session may not list users.
	req, _ := http.NewRequest("GET", s.url+"api/v1/users", nil)
	req.AddCookie(b.sessionCookie(s.url))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("GET /api/v1/users with the front-desk session = %d, want 403", res.StatusCode)
	}

	b.checkClean()
}
