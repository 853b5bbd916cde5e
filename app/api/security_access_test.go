package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/apptest"
)

// loopback serves d over a real HTTP server on 127.0.0.1 and returns a
// function that posts a sign-in to it, returning the status, the
// Retry-After header and the body.
func loopback(t *testing.T, d *testDesk) func(user, pass string) (int, string, string) {
	t.Helper()
	return loopbackFrom(t, d, "")
}

// loopbackFrom is loopback with requests sent from the loopback address
// from (127.0.0.2, 127.0.0.3…: each is another client address to the
// server), or from the default one when from is "".
func loopbackFrom(t *testing.T, d *testDesk, from string) func(user, pass string) (int, string, string) {
	t.Helper()
	srv := httptest.NewServer(d.h)
	t.Cleanup(srv.Close)
	return sender(t, srv.URL, from)
}

// sender returns a function that posts sign-ins to url from the loopback
// address from ("" for the default).
func sender(t *testing.T, url, from string) func(user, pass string) (int, string, string) {
	tr := &http.Transport{MaxIdleConnsPerHost: 512}
	if from != "" {
		tr.DialContext = (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}).DialContext
	}
	client := &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	t.Cleanup(client.CloseIdleConnections)
	srv := struct{ URL string }{url}
	return func(user, pass string) (int, string, string) {
		body, _ := json.Marshal(map[string]string{"username": user, "password": pass})
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/sessions", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Language", "zh-CN")
		res, err := client.Do(req)
		if err != nil {
			t.Error(err)
			return 0, "", ""
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header.Get("Retry-After"), string(b)
	}
}

func TestSecurityParallelGuessesCannotBeatTheLockout(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	srv := httptest.NewServer(d.h)
	t.Cleanup(srv.Close)
	// Each guess from another address (127.0.0.2…), so that only the
	// username's lockout stands in the way.
	from := func(i int) func(user, pass string) (int, string, string) {
		return sender(t, srv.URL, fmt.Sprintf("127.0.0.%d", i+2))
	}
	login := from(200)
	// Room for every guess at once, and each held inside its hash until
	// all were sent: the attack of many guesses in flight together.
	const guesses = 40
	h := access.NewHasher(guesses+1, time.Minute)
	d.svc.Access.Hasher = h
	var entered atomic.Int32
	release := make(chan struct{})
	h.Observe(func(int) { entered.Add(1); <-release })

	statuses := make(chan int, guesses+1)
	var wg sync.WaitGroup
	for i := range guesses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, _, _ := from(i)(adminName, fmt.Sprintf("wrong guess number %d", i))
			statuses <- st
		}()
	}
	apptest.Eventually(t, "every wrong guess is being hashed", func() bool { return entered.Load() == guesses })
	wg.Add(1)
	go func() {
		defer wg.Done()
		st, _, _ := from(guesses)(adminName, adminPassword)
		statuses <- st
	}()
	apptest.Eventually(t, "the right password is being hashed too", func() bool { return entered.Load() == guesses+1 })
	close(release)
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for st := range statuses {
		count[st]++
	}
	if count[http.StatusCreated] != 0 || count[http.StatusUnauthorized] != guesses+1 {
		t.Fatalf("answers %v: the right password sent after %d guesses in flight signed in", count, guesses)
	}
	h.Observe(nil)
	if st, _, _ := login(adminName, adminPassword); st != http.StatusUnauthorized {
		t.Errorf("right after the burst: %d, want 401 (locked)", st)
	}
	d.clk.Add(access.LockoutPeriod + time.Second)
	if st, _, body := login(adminName, adminPassword); st != http.StatusCreated {
		t.Errorf("after the lockout: %d %s, want 201", st, body)
	}
}

func TestSecurityParallelFailuresFromOneAddressAreRateLimited(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	login := loopback(t, d)
	d.svc.Access.Hasher = access.NewHasher(access.DefaultHashLimit(), 5*time.Minute) // no busy answers here
	const n = 400
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, _, _ := login(fmt.Sprintf("guess%03d", i), "not the password")
			statuses <- st
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for st := range statuses {
		count[st]++
	}
	if count[http.StatusUnauthorized] != access.AddressFailures || count[http.StatusTooManyRequests] != n-access.AddressFailures {
		t.Fatalf("answers %v, want %d × 401 then %d × 429", count, access.AddressFailures, n-access.AddressFailures)
	}
	st, retry, _ := login(adminName, adminPassword)
	if secs, err := strconv.Atoi(retry); st != http.StatusTooManyRequests || err != nil || secs < 1 {
		t.Errorf("the right password after the burst: %d, Retry-After %q; want 429 with seconds", st, retry)
	}
}

func TestSecurityArgon2RunsNeverExceedTheBound(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	login := loopback(t, d)
	h := access.NewHasher(access.DefaultHashLimit(), 5*time.Minute)
	d.svc.Access.Hasher = h
	limit := int32(h.Limit())
	var most atomic.Int32
	full := make(chan struct{})
	var once sync.Once
	h.Observe(func(running int) {
		n := int32(running)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		if n >= limit {
			once.Do(func() { close(full) })
		}
		// Hold each run until the bound was reached once, so that the
		// runs overlap as much as the hasher lets them.
		select {
		case <-full:
		case <-time.After(30 * time.Second):
		}
	})
	var wg sync.WaitGroup
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%3 == 0 {
				login(adminName, adminPassword)
			} else {
				login(fmt.Sprintf("user%02d", i), "not the password at all")
			}
		}()
	}
	wg.Wait()
	if got := most.Load(); got != limit {
		t.Errorf("at most %d argon2 runs at once, want the bound %d reached and never passed", got, limit)
	}
}

func TestSecurityABusyServerAnswers503WithRetryAfter(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	login := loopback(t, d)
	h := access.NewHasher(1, 100*time.Millisecond)
	d.svc.Access.Hasher = h
	release := make(chan struct{})
	var entered atomic.Int32
	h.Observe(func(int) { entered.Add(1); <-release })
	first := make(chan int, 1)
	go func() { st, _, _ := login(adminName, adminPassword); first <- st }()
	apptest.Eventually(t, "the first sign-in holds the only slot", func() bool { return entered.Load() == 1 })

	st, retry, body := login(adminName, adminPassword)
	var env struct {
		Error struct{ Code, Key, Message string }
	}
	_ = json.Unmarshal([]byte(body), &env)
	if secs, err := strconv.Atoi(retry); st != http.StatusServiceUnavailable || err != nil || secs < 1 {
		t.Errorf("while busy: %d, Retry-After %q; want 503 with seconds", st, retry)
	}
	if env.Error.Code != app.EUNAVAILABLE || env.Error.Key != "access.busy" || !strings.Contains(env.Error.Message, "重试") {
		t.Errorf("envelope %+v, want unavailable, access.busy, in Chinese", env.Error)
	}
	close(release)
	if st := <-first; st != http.StatusCreated {
		t.Errorf("the sign-in that held the slot: %d, want 201", st)
	}
	h.Observe(nil)
	// The busy answer was not counted as a failure.
	for range access.LockoutFailures - 1 {
		if st, _, _ := login(adminName, "not the password"); st != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", st)
		}
	}
	if st, _, _ := login(adminName, adminPassword); st != http.StatusCreated {
		t.Errorf("after %d failures the right password: %d, want 201", access.LockoutFailures-1, st)
	}
}
