package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The tests of this package run the real binary. INNKEEP_BIN names one built
// with -tags desktop,production,webkit2_40 (the Makefile passes it); without
// it the tests build one once, into a folder removed at the end. A test that
// needs something this machine lacks (chromium, Xvfb, GTK) skips, and fails
// when INNKEEP_REQUIRE_E2E=1, which `make test` sets.

// hangTimeout bounds a wait for something that must happen, so that a hang
// ends with a message. It is no measure of speed: a busy CI machine with two
// cores may take many times longer than a desk does, and must still pass.
const hangTimeout = 60 * time.Second

// desktopTags returns the build tags of the release binary: webkit2_40 for
// WebKitGTK 4.0 (Debian 12), webkit2_41 where only 4.1 exists.
func desktopTags() string {
	if exec.Command("pkg-config", "--exists", "webkit2gtk-4.0").Run() != nil &&
		exec.Command("pkg-config", "--exists", "webkit2gtk-4.1").Run() == nil {
		return "desktop,production,webkit2_41"
	}
	return "desktop,production,webkit2_40"
}

var (
	buildDir  string // where TestMain's builds go
	buildOnce sync.Once
	built     struct {
		path    string // the binary; "" when no build worked
		desktop bool   // built with desktopTags (or given by INNKEEP_BIN)
		err     error  // why the desktop build failed
	}
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "innkeep-test-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	buildDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// requireE2EEnv names the variable that makes a missing prerequisite of a
// browser or window test a failure instead of a skip. `make test` and
// `make test-go` set it to 1, whatever CI says: a skipped end-to-end test
// must never pass for a run of the whole suite.
const requireE2EEnv = "INNKEEP_REQUIRE_E2E"

// requireE2E reports whether every end-to-end test must run.
func requireE2E() bool { return os.Getenv(requireE2EEnv) == "1" }

// missing skips the test for a missing prerequisite, or fails it when
// INNKEEP_REQUIRE_E2E=1.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	if requireE2E() {
		t.Fatalf("prerequisite missing ("+requireE2EEnv+"=1, so this fails): "+format, args...)
	}
	t.Skipf("prerequisite missing: "+format, args...)
}

// build builds the binary once: with the desktop tags, else (no GTK) without
// them, so that the tests of `innkeep serve` still run.
func build() {
	buildOnce.Do(func() {
		if bin := os.Getenv("INNKEEP_BIN"); bin != "" {
			built.path, built.desktop = bin, true
			return
		}
		out := filepath.Join(buildDir, "innkeep")
		tags := desktopTags()
		cmd := exec.Command("go", "build", "-tags", tags, "-o", out, ".")
		if b, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build -tags %s: %v\n%s", tags, err, b)
		} else {
			built.path, built.desktop = out, true
			return
		}
		plain := filepath.Join(buildDir, "innkeep-nowindow")
		if b, err := exec.Command("go", "build", "-o", plain, ".").CombinedOutput(); err == nil {
			built.path = plain
		} else {
			built.err = fmt.Errorf("%v\ngo build: %v\n%s", built.err, err, b)
		}
	})
}

// serveBinary returns a binary that can run `innkeep serve`.
func serveBinary(t *testing.T) string {
	t.Helper()
	build()
	if built.path == "" {
		t.Fatalf("cannot build innkeep: %v", built.err)
	}
	return built.path
}

// desktopBinary returns a binary built with the window.
func desktopBinary(t *testing.T) string {
	t.Helper()
	build()
	if !built.desktop {
		missing(t, "a binary with the window (GTK and WebKitGTK dev packages): %v", built.err)
	}
	return built.path
}

// baseEnv returns the environment of the test process without the
// variables that choose the data folder or the display.
func baseEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "INNKEEP_DATA", "XDG_CONFIG_HOME", "DISPLAY", "WAYLAND_DISPLAY":
			continue
		}
		env = append(env, kv)
	}
	return env
}

// syncBuffer collects a child's output while it runs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// proc is a running innkeep process.
type proc struct {
	cmd    *exec.Cmd
	stdout *syncBuffer
	stderr *syncBuffer
	done   chan struct{} // closed when it exited
	err    error         // from Wait, after done
}

// start starts bin with args and env; the process is killed at the end of
// the test if it is still running.
func start(t *testing.T, bin string, env []string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	p := &proc{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Kill()
			<-p.done
		}
		if t.Failed() {
			t.Logf("stderr of %s %v:\n%s", filepath.Base(bin), args, p.stderr.String())
		}
	})
	return p
}

// running reports whether the process has not exited yet.
func (p *proc) running() bool {
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// wait waits up to d for the process to exit and returns its exit code.
func (p *proc) wait(t *testing.T, d time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(d):
		t.Fatalf("still running after %v; stderr:\n%s", d, p.stderr.String())
	}
	if p.err == nil {
		return 0
	}
	if ee, ok := p.err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	t.Fatalf("wait: %v", p.err)
	return -1
}

// signal sends sig to the process.
func (p *proc) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v: %v", sig, err)
	}
}

var servingLine = regexp.MustCompile(`^Innkeep is serving (https?://\S+/) \(data: (.+)\)$`)

// server is a running `innkeep serve`.
type server struct {
	*proc
	url     string // e.g. http://127.0.0.1:41234/
	dataDir string // as the server printed it
}

// startServe starts `innkeep serve --addr 127.0.0.1:0` with args added, and
// waits for the line that names its URL.
func startServe(t *testing.T, env []string, args ...string) *server {
	t.Helper()
	p := start(t, serveBinary(t), env, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	deadline := time.Now().Add(30 * time.Second)
	for {
		line, _, complete := strings.Cut(p.stdout.String(), "\n")
		if complete {
			m := servingLine.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("first line of stdout = %q, want %q", line, servingLine)
			}
			return &server{proc: p, url: m[1], dataDir: m[2]}
		}
		if !p.running() {
			t.Fatalf("innkeep serve exited (%v); stderr:\n%s", p.err, p.stderr.String())
		}
		if time.Now().After(deadline) {
			t.Fatalf("innkeep serve printed no URL; stderr:\n%s", p.stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop sends SIGTERM and expects exit code 0.
func (s *server) stop(t *testing.T) {
	t.Helper()
	s.signal(t, syscall.SIGTERM)
	if code := s.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit code after SIGTERM = %d, want 0; stderr:\n%s", code, s.stderr.String())
	}
}

// health is the part of GET /api/v1/health and GET /api/v1/system/health
// that the tests read. Anonymous health has the status only.
type health struct {
	Status  string `json:"status"`
	Mode    string `json:"mode"`
	NodeID  string `json:"node_id"`
	DataDir string `json:"data_dir"`
}

// getHealth fetches GET /api/v1/health from baseURL, as anyone.
func getHealth(t *testing.T, baseURL string) health {
	t.Helper()
	return getJSONHealth(t, baseURL+"api/v1/health", "")
}

// getSystemHealth fetches GET /api/v1/system/health from baseURL with the
// session token.
func getSystemHealth(t *testing.T, baseURL, token string) health {
	t.Helper()
	return getJSONHealth(t, baseURL+"api/v1/system/health", token)
}

func getJSONHealth(t *testing.T, url, token string) health {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangTimeout)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var h health
	if err := json.NewDecoder(res.Body).Decode(&h); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET %s = %d, %v", url, res.StatusCode, err)
	}
	return h
}

// startedNodeID returns the node id that p logged when it started (anonymous
// health does not tell it).
func startedNodeID(t *testing.T, p *proc) string {
	t.Helper()
	m := regexp.MustCompile(`msg=starting .*node_id=([0-9a-f]{16})`).FindStringSubmatch(p.stderr.String())
	if m == nil {
		t.Fatalf("no node id in the start-up log:\n%s", p.stderr.String())
	}
	return m[1]
}

// signInOverHTTP signs in at baseURL and returns the session token.
func signInOverHTTP(t *testing.T, baseURL, username, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	res, err := http.Post(baseURL+"api/v1/sessions", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusCreated || out.Token == "" {
		t.Fatalf("sign in as %s: %d %v", username, res.StatusCode, err)
	}
	return out.Token
}

// setUpOverHTTP runs the first-run setup on the server at baseURL: the
// hotel named hotel, and alice, its administrator, with the password
// "correct horse battery".
func setUpOverHTTP(t *testing.T, baseURL, hotel string) {
	t.Helper()
	body := fmt.Sprintf(`{"hotel":{"name":%q,"time_zone":"Asia/Shanghai","currency":"CNY"},
		"admin":{"username":"alice","display_name":"Alice Chen","password":"correct horse battery"}}`, hotel)
	res, err := http.Post(baseURL+"api/v1/setup", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("setup: %s", res.Status)
	}
}
