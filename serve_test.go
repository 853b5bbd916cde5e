package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"innkeep/app/desk"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestServeRefusesABusyDataFolder(t *testing.T) {
	data := filepath.Join(t.TempDir(), "shared data")
	first := startServe(t, baseEnv(), "--data", data)

	// The second process gives up rather than waiting for the lock forever
	// (it waits a second for it); hangTimeout only bounds a hang.
	began := time.Now()
	second := start(t, serveBinary(t), baseEnv(), "serve", "--addr", "127.0.0.1:0", "--data", data)
	code := second.wait(t, hangTimeout)
	t.Logf("the second process gave up after %v", time.Since(began))
	if code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	stderr := second.stderr.String()
	if !strings.Contains(stderr, data) || !strings.Contains(stderr, "in use by another Innkeep process") {
		t.Errorf("stderr = %q, want a message naming the folder %q", stderr, data)
	}
	if second.stdout.String() != "" {
		t.Errorf("stdout = %q, want nothing", second.stdout.String())
	}

	// The first one is untouched.
	if h := getHealth(t, first.url); h.Status != "ok" {
		t.Fatalf("first server's health = %+v", h)
	}
	first.stop(t)
}

func TestServeReportsAnAddressInUse(t *testing.T) {
	first := startServe(t, baseEnv(), "--data", t.TempDir())
	u, _ := url.Parse(first.url)
	second := start(t, serveBinary(t), baseEnv(), "serve", "--addr", u.Host, "--data", t.TempDir())
	if code := second.wait(t, 30*time.Second); code != 1 {
		t.Errorf("exit code = %d, want 1", code)
	}
	if stderr := second.stderr.String(); !strings.Contains(stderr, "cannot listen on "+u.Host) {
		t.Errorf("stderr = %q, want it to name the address", stderr)
	}
	first.stop(t)
}

func TestServeStopsCleanlyOnSignals(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			data := t.TempDir()
			s := startServe(t, baseEnv(), "--data", data)
			getHealth(t, s.url) // it answers
			node := startedNodeID(t, s.proc)
			s.signal(t, sig)
			if code := s.wait(t, 30*time.Second); code != 0 {
				t.Fatalf("exit code = %d, want 0", code)
			}
			reopen(t, data, node)
			if !strings.Contains(s.stderr.String(), "the store is closed") {
				t.Errorf("stderr does not say the store was closed:\n%s", s.stderr.String())
			}
		})
	}
}

// reopen opens the store of data, as the next run would, and checks that it
// is the same node.
func reopen(t *testing.T, data, node string) {
	t.Helper()
	db, err := desk.OpenStore(data)
	if err != nil {
		t.Fatalf("the store does not reopen cleanly: %v", err)
	}
	defer db.Close()
	if err := db.Check(); err != nil {
		t.Fatalf("the reopened store fails its check: %v", err)
	}
	if db.NodeID() != node {
		t.Fatalf("node id after reopen = %s, want %s", db.NodeID(), node)
	}
}

// testRoutesBinary builds, once, a binary with the routes of test builds
// (tag innkeep_testroutes) and without the window.
func testRoutesBinary(t *testing.T) string {
	t.Helper()
	testRoutesOnce.Do(func() {
		out := filepath.Join(buildDir, "innkeep-testroutes")
		b, err := exec.Command("go", "build", "-tags", "innkeep_testroutes", "-o", out, ".").CombinedOutput()
		if err != nil {
			testRoutesErr = fmt.Errorf("go build -tags innkeep_testroutes: %v\n%s", err, b)
			return
		}
		testRoutesBin = out
	})
	if testRoutesBin == "" {
		t.Fatal(testRoutesErr)
	}
	return testRoutesBin
}

var (
	testRoutesOnce sync.Once
	testRoutesBin  string
	testRoutesErr  error
)

func TestServeFinishesARequestInFlightOnSIGTERM(t *testing.T) {
	data := t.TempDir()
	p := start(t, testRoutesBinary(t), baseEnv(), "serve", "--addr", "127.0.0.1:0", "--data", data)
	s := &server{proc: p}
	waitFor(t, 30*time.Second, "the URL on stdout", func() bool {
		m := servingLine.FindStringSubmatch(strings.TrimSpace(p.stdout.String()))
		if m != nil {
			s.url, s.dataDir = m[1], m[2]
		}
		return m != nil || !p.running()
	})
	if s.url == "" {
		t.Fatalf("innkeep serve exited: %v", p.err)
	}
	getHealth(t, s.url) // it answers
	node := startedNodeID(t, p)
	u, _ := url.Parse(s.url)

	// A request in flight: the handler of the test route is running, reading
	// a body that the client has not sent yet. The server's 100 Continue
	// proves that the handler has started to read.
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(60 * time.Second))
	req := "POST /api/test/upload HTTP/1.1\r\nHost: " + u.Host + "\r\nContent-Type: text/plain\r\n" +
		"Content-Length: 11\r\nExpect: 100-continue\r\n\r\n"
	if _, err := conn.Write([]byte(req)); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	if cont, err := http.ReadResponse(br, nil); err != nil || cont.StatusCode != http.StatusContinue {
		t.Fatalf("want 100 Continue, got %v, %v", cont, err)
	}

	s.signal(t, syscall.SIGTERM)
	waitFor(t, hangTimeout, "the server to start shutting down", func() bool {
		return strings.Contains(s.stderr.String(), "shutting down")
	})
	// It stops accepting new connections …
	waitFor(t, hangTimeout, "new connections to be refused", func() bool {
		c, err := net.DialTimeout("tcp", u.Host, time.Second)
		if err != nil {
			return true
		}
		c.Close()
		return false
	})
	if !s.running() {
		t.Fatalf("the server exited before the request in flight was answered; stderr:\n%s", s.stderr.String())
	}

	// … and still finishes the request in flight.
	if _, err := conn.Write([]byte("hello world")); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("reading the response of the request in flight: %v", err)
	}
	defer res.Body.Close()
	var got struct {
		Bytes int `json:"bytes"`
	}
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil || res.StatusCode != http.StatusCreated || got.Bytes != 11 {
		t.Fatalf("response = %d %+v, %v; want 201 with bytes 11", res.StatusCode, got, err)
	}
	if !res.Close {
		t.Errorf("the response during shutdown does not close the connection")
	}

	if code := s.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("exit code = %d, want 0", code)
	}
	reopen(t, data, node)
}

// waitFor polls cond until it holds, failing the test after d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}
