package main_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromiumPath returns the browser for the browser tests: $INNKEEP_CHROMIUM,
// else /usr/bin/chromium, else chromium, chromium-browser or google-chrome on
// PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("INNKEEP_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "chromium (apt-get install chromium)")
	return ""
}

// requireBuiltUI skips (fails with INNKEEP_REQUIRE_E2E=1) when the binary serves the "not built"
// page instead of the frontend.
func requireBuiltUI(t *testing.T, baseURL string) {
	t.Helper()
	res, err := http.Get(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if strings.Contains(string(body), "was not built") {
		missing(t, "the built frontend (frontend/dist/index.html; run make build)")
	}
}

// cspProbe records the page's CSP violations in window.__cspViolations; it
// runs in every document before the page's own scripts.
const cspProbe = `window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber);
});`

func TestBrowserShowsNodeHealthAndSwitchesLanguage(t *testing.T) {
	chromium := chromiumPath(t)
	s := startServe(t, baseEnv(), "--data", t.TempDir())
	requireBuiltUI(t, s.url)
	// The health page is behind the sign-in: set up an administrator first.
	setUpOverHTTP(t, s.url, "Harbour Inn")
	node := getSystemHealth(t, s.url, signInOverHTTP(t, s.url, "alice", "correct horse battery")).NodeID

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 800),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelBrowser()

	// Collect everything the page writes to the console, and its uncaught
	// exceptions and browser log entries (CSP reports among them).
	var (
		mu       sync.Mutex
		problems []string
	)
	console := chromedp.Console(bctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			// Before signing in, the page asks who is signed in and gets 401:
			// that is the expected answer, which the browser logs anyway.
			if strings.Contains(m.URL, "/api/v1/me") && strings.Contains(m.String(), "401") {
				continue
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				problems = append(problems, fmt.Sprintf("%s (%s %s:%d)", m, m.Source, m.URL, m.Line))
				mu.Unlock()
			}
		}
	}()

	addProbe := func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspProbe})
		return chromedp.Void{}, err
	}
	nodeID := chromedp.CSS(`[data-testid=health-node-id]`)
	label := chromedp.CSS(`[data-testid=health-node-id-label]`)
	field := func(id string) chromedp.CSS { return chromedp.CSS(`[data-testid="` + id + `"]`) }
	if err := chromedp.Do(bctx, addProbe, chromedp.Navigate(s.url+"#/health"),
		chromedp.WaitVisible(field("login-form")),
		chromedp.SendKeys(field("login-username"), "alice"),
		chromedp.SendKeys(field("login-password"), "correct horse battery"),
		chromedp.Click(field("login-submit")),
		chromedp.WaitVisible(nodeID)); err != nil {
		t.Fatalf("after signing in, the health page did not show the node id: %v", err)
	}
	text := func(sel chromedp.CSS) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return strings.TrimSpace(v)
	}
	if got := text(nodeID); got != node {
		t.Errorf("node id on the page = %q, want %q from /api/v1/system/health", got, node)
	}
	if got := text(label); got != "Node ID" {
		t.Errorf("label = %q, want %q", got, "Node ID")
	}

	if err := chromedp.Do(bctx, chromedp.SetValue(chromedp.CSS(`select[data-testid=lang-switch]`), "zh-CN")); err != nil {
		t.Fatalf("choosing zh-CN: %v", err)
	}
	waitFor(t, hangTimeout, "the label in Chinese", func() bool { return text(label) == "节点 ID" })
	if got := text(nodeID); got != node {
		t.Errorf("node id after switching language = %q, want %q", got, node)
	}

	if dir := os.Getenv("INNKEEP_SCREENSHOT_DIR"); dir != "" {
		png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Errorf("screenshot: %v", err)
		} else if err := os.WriteFile(filepath.Join(dir, "browser-health-zh-CN.png"), png, 0o644); err != nil {
			t.Errorf("saving the screenshot: %v", err)
		}
	}

	violations, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`window.__cspViolations`))
	if err != nil {
		t.Fatalf("reading CSP violations: %v", err)
	}
	for _, v := range violations {
		t.Errorf("CSP violation: %s", v)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("console: %s", p)
	}
}
