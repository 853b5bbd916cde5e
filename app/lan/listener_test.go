package lan_test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"innkeep/app/lan"
)

// hangTimeout bounds a wait for something that must happen, so that a hang
// ends with a message; it is no measure of speed.
const hangTimeout = 60 * time.Second

// waitFor polls cond until it holds, failing the test after hangTimeout.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(hangTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// holder accepts the connections of a lan.Listener on loopback and holds
// each open until its client closes it.
type holder struct {
	ln       *lan.Listener
	mu       sync.Mutex
	accepted int
	open     int
}

// listenLoopback starts a lan.Listener with opts on a free loopback port
// and a holder behind it; both stop at the end of the test.
func listenLoopback(t *testing.T, opts lan.Options) *holder {
	t.Helper()
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &holder{ln: lan.Listen(inner, opts)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := h.ln.Accept()
			if err != nil {
				return
			}
			h.mu.Lock()
			h.accepted++
			h.open++
			h.mu.Unlock()
			go func() {
				io.Copy(io.Discard, c) // until the client closes
				c.Close()
				h.mu.Lock()
				h.open--
				h.mu.Unlock()
			}()
		}
	}()
	t.Cleanup(func() {
		h.ln.Close()
		<-done
	})
	return h
}

func (h *holder) counts() (accepted, open int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.accepted, h.open
}

// dial connects to the holder's address.
func (h *holder) dial(t *testing.T) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", h.ln.Addr().String(), hangTimeout)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// closedByServer reports whether the server closed c: a read gives EOF or
// a reset (it never gets data here), within hangTimeout.
func closedByServer(c net.Conn) bool {
	_ = c.SetReadDeadline(time.Now().Add(hangTimeout))
	_, err := c.Read(make([]byte, 1))
	var ne net.Error
	return err != nil && !(errors.As(err, &ne) && ne.Timeout())
}

func allowAll(t *testing.T) lan.AllowList {
	l, err := lan.ParseAllow("any")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestOneAddressHoldsAtMostItsShareOfConnections(t *testing.T) {
	const perAddress = 4
	h := listenLoopback(t, lan.Options{Allow: allowAll(t), PerAddress: perAddress})
	var held []net.Conn
	for range perAddress {
		held = append(held, h.dial(t))
	}
	waitFor(t, "the first connections to be accepted", func() bool { a, _ := h.counts(); return a == perAddress })

	extra := h.dial(t)
	if !closedByServer(extra) {
		t.Fatalf("connection %d from one address stayed open", perAddress+1)
	}
	if a, _ := h.counts(); a != perAddress {
		t.Fatalf("accepted %d connections, want %d", a, perAddress)
	}
	for _, c := range held {
		if _, err := c.Write([]byte("x")); err != nil {
			t.Fatalf("a connection within the cap was closed: %v", err)
		}
	}

	// Closing one lets a new one in (once the server has seen it close).
	held[0].Close()
	waitFor(t, "the server to see a connection close", func() bool { _, o := h.counts(); return o == perAddress-1 })
	h.dial(t)
	waitFor(t, "a new connection to be accepted", func() bool { a, _ := h.counts(); return a == perAddress+1 })
}

func TestTheServerHoldsAtMostItsTotalOfConnections(t *testing.T) {
	h := listenLoopback(t, lan.Options{Allow: allowAll(t), PerAddress: 100, Total: 3})
	for range 3 {
		h.dial(t)
	}
	waitFor(t, "three connections to be accepted", func() bool { a, _ := h.counts(); return a == 3 })
	if !closedByServer(h.dial(t)) {
		t.Fatal("a fourth connection stayed open over a total of 3")
	}
}

func TestAddressesOutsideTheAllowListAreClosedAtAcceptAndLoggedSparingly(t *testing.T) {
	var log bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(lockedWriter{&mu, &log}, nil))
	only, err := lan.ParseAllow("192.0.2.0/24")
	if err != nil {
		t.Fatal(err)
	}
	h := listenLoopback(t, lan.Options{Allow: only, Logger: logger, LogEvery: time.Hour})
	for range 20 {
		c := h.dial(t)
		c.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
		if !closedByServer(c) {
			t.Fatal("a connection from outside the allow list stayed open")
		}
	}
	if a, _ := h.counts(); a != 0 {
		t.Fatalf("%d connections from outside the allow list reached Accept", a)
	}
	mu.Lock()
	defer mu.Unlock()
	if n := strings.Count(log.String(), "refused a connection"); n != 1 {
		t.Fatalf("logged %d refusals of 20 within LogEvery, want 1:\n%s", n, log.String())
	}
	if !strings.Contains(log.String(), "allow list") || !strings.Contains(log.String(), "127.0.0.1") {
		t.Errorf("the refusal does not say why or from where:\n%s", log.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// serveTLS serves handler over a lan.Listener with the certificate of a
// fresh data folder, and returns its address and the certificate.
func serveTLS(t *testing.T, handler http.Handler) (string, *lan.Cert) {
	t.Helper()
	cert, err := lan.SelfSigned(t.TempDir(), lan.Names("127.0.0.1"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := lan.Listen(inner, lan.Options{Allow: allowAll(t), TLS: cert.Config()})
	srv := &http.Server{Handler: handler}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), cert
}

// trusting returns a client that trusts cert only and follows no redirect.
func trusting(cert *lan.Cert) *http.Client {
	pool := x509.NewCertPool()
	pool.AddCert(cert.Leaf)
	return &http.Client{
		Timeout:       hangTimeout,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func TestPlainHTTPOnTheTLSPortIsRedirectedToHTTPS(t *testing.T) {
	addr, cert := serveTLS(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.TLS == nil {
			t.Errorf("the handler got a request without TLS")
			return
		}
		io.WriteString(w, "hello over "+tls.CipherSuiteName(r.TLS.CipherSuite))
	}))
	client := trusting(cert)

	res, err := client.Get("http://" + addr + "/bookings/K7?day=2026-12-01")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusPermanentRedirect {
		t.Fatalf("plain HTTP: status = %d, want 308", res.StatusCode)
	}
	if loc, want := res.Header.Get("Location"), "https://"+addr+"/bookings/K7?day=2026-12-01"; loc != want {
		t.Fatalf("Location = %q, want %q", loc, want)
	}

	res, err = client.Get("https://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(string(body), "hello over TLS_") {
		t.Fatalf("HTTPS: %d %q", res.StatusCode, body)
	}
	if res.TLS == nil || res.TLS.Version < tls.VersionTLS12 {
		t.Fatalf("HTTPS connection state = %+v", res.TLS)
	}
}

func TestTLSBelowVersion12IsRefused(t *testing.T) {
	addr, cert := serveTLS(t, http.NotFoundHandler())
	pool := x509.NewCertPool()
	pool.AddCert(cert.Leaf)
	c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11})
	if err == nil {
		c.Close()
		t.Fatal("a TLS 1.1 handshake succeeded")
	}
}

func TestARedirectNeverEchoesABadHost(t *testing.T) {
	addr, _ := serveTLS(t, http.NotFoundHandler())
	c, err := net.DialTimeout("tcp", addr, hangTimeout)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(hangTimeout))
	io.WriteString(c, "GET /x HTTP/1.1\r\nHost: evil.example/<script>\r\n\r\n")
	got, _ := io.ReadAll(c)
	if !strings.Contains(string(got), "Location: https://"+addr+"/x\r\n") {
		t.Fatalf("answer = %q, want a redirect to this server's own address", got)
	}
}

func TestAConnectionThatSaysNothingOnTheTLSPortIsClosed(t *testing.T) {
	cert, err := lan.SelfSigned(t.TempDir(), lan.CertNames{Required: []string{"127.0.0.1"}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h := listenLoopback(t, lan.Options{Allow: allowAll(t), TLS: cert.Config(), SniffTimeout: 50 * time.Millisecond})
	if !closedByServer(h.dial(t)) {
		t.Fatal("a silent connection stayed open")
	}
	if a, _ := h.counts(); a != 0 {
		t.Fatalf("a silent connection reached Accept")
	}
}

func TestTLSConnectionsFreeTheirPlaceWhenClosed(t *testing.T) {
	cert, err := lan.SelfSigned(t.TempDir(), lan.CertNames{Required: []string{"127.0.0.1"}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := lan.Listen(inner, lan.Options{Allow: allowAll(t), TLS: cert.Config(), PerAddress: 1})
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		io.WriteString(w, "ok")
	})}
	go srv.Serve(ln)
	defer srv.Close()
	client := trusting(cert)
	client.Transport.(*http.Transport).DisableKeepAlives = true

	// With room for one connection, each request after the first gets in
	// only once the one before has freed its place.
	for i := range 5 {
		waitFor(t, fmt.Sprintf("request %d to be served", i+1), func() bool {
			res, err := client.Get("https://" + ln.Addr().String() + "/")
			if err != nil {
				return false
			}
			res.Body.Close()
			return res.StatusCode == 200
		})
	}
}

// fakeInner is a net.Listener whose connections are pipes that report the
// remote address the test chose, so that one machine can play many LAN
// devices.
type fakeInner struct {
	conns  chan net.Conn
	closed chan struct{}
	once   sync.Once
}

func (f *fakeInner) Accept() (net.Conn, error) {
	select {
	case c := <-f.conns:
		return c, nil
	case <-f.closed:
		return nil, net.ErrClosed
	}
}

func (f *fakeInner) Close() error { f.once.Do(func() { close(f.closed) }); return nil }

func (f *fakeInner) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv6loopback, Port: 8443} }

// fromConn is the server end of a pipe, seen as coming from remote.
type fromConn struct {
	net.Conn
	remote net.Addr
}

func (c fromConn) RemoteAddr() net.Addr { return c.remote }

// closedNow reports whether the server has closed the pipe c, without
// waiting: a read past its deadline gives EOF when the other end is
// closed, and a timeout while it is open.
func closedNow(c net.Conn) bool {
	_ = c.SetReadDeadline(time.Now().Add(-time.Second))
	_, err := c.Read(make([]byte, 1))
	return errors.Is(err, io.EOF)
}

func TestEachIPv6AddressOfOneSubnetHoldsItsOwnShareOfConnections(t *testing.T) {
	const perAddress = 2
	inner := &fakeInner{conns: make(chan net.Conn), closed: make(chan struct{})}
	ln := lan.Listen(inner, lan.Options{Allow: allowAll(t), PerAddress: perAddress})
	var mu sync.Mutex
	accepted := map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			accepted[c.RemoteAddr().String()]++
			mu.Unlock()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })

	// dialFrom hands the listener a connection from ip and returns the
	// client's end.
	dialFrom := func(ip string) net.Conn {
		client, server := net.Pipe()
		t.Cleanup(func() { client.Close(); server.Close() })
		addr, zone, _ := strings.Cut(ip, "%")
		inner.conns <- fromConn{server, &net.TCPAddr{IP: net.ParseIP(addr), Zone: zone, Port: 50000}}
		return client
	}
	// Two tablets in the hotel's one /64 (SLAAC or ULA), each with its
	// share open: neither shuts the other out.
	var held []net.Conn
	for _, ip := range []string{"fd00::1", "fd00::1", "fd00::abcd:2", "fd00::abcd:2"} {
		held = append(held, dialFrom(ip))
	}
	total := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, v := range accepted {
			n += v
		}
		return n
	}
	waitFor(t, "both addresses' connections to be accepted or one refused", func() bool {
		return total() == len(held) || slices.ContainsFunc(held, closedNow)
	})
	for i, c := range held {
		if closedNow(c) {
			t.Fatalf("connection %d (of two addresses in one /64, %d each) was refused", i, perAddress)
		}
	}

	// Past its share, an address is refused: by its exact address, an
	// IPv4-mapped address counting as the IPv4 address, a zone dropped.
	waitRefused(t, dialFrom("fd00::abcd:2"))
	for _, tt := range []struct{ name, first, then string }{
		{"an IPv4-mapped address as its IPv4 address", "192.0.2.7", "::ffff:192.0.2.7"},
		{"a link-local address in another zone", "fe80::9%eth0", "fe80::9%eth1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := total()
			for range perAddress {
				dialFrom(tt.first)
			}
			waitFor(t, "the share to be accepted", func() bool { return total() == before+perAddress })
			waitRefused(t, dialFrom(tt.then))
		})
	}
}

// waitRefused waits until the server closes c, a connection over its
// address's share, failing the test after hangTimeout.
func waitRefused(t *testing.T, c net.Conn) {
	t.Helper()
	waitFor(t, "a connection over the share to be refused", func() bool { return closedNow(c) })
}
