package main_test

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"innkeep/app/lan"
)

var fingerprintLine = regexp.MustCompile(`(?m)^TLS certificate SHA-256 fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})$`)

// startServeTLS starts `innkeep serve --tls` with args added and returns
// it with the fingerprint it printed.
func startServeTLS(t *testing.T, args ...string) (*server, string) {
	t.Helper()
	s := startServe(t, baseEnv(), append([]string{"--tls"}, args...)...)
	if !strings.HasPrefix(s.url, "https://") {
		t.Fatalf("serving %s, want https", s.url)
	}
	var fp string
	waitFor(t, hangTimeout, "the fingerprint on stdout", func() bool {
		if m := fingerprintLine.FindStringSubmatch(s.stdout.String()); m != nil {
			fp = m[1]
		}
		return fp != "" || !s.running()
	})
	if fp == "" {
		t.Fatalf("no fingerprint printed; stdout:\n%s", s.stdout.String())
	}
	return s, fp
}

// readCert returns the certificate in the PEM file path.
func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(data)
	if b == nil {
		t.Fatalf("%s holds no PEM", path)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// trustingClient returns a client that trusts cert only and follows no
// redirects.
func trustingClient(cert *x509.Certificate) *http.Client {
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &http.Client{
		Timeout:       hangTimeout,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func TestServeWithTLSPrintsTheFingerprintOfACertificateItKeeps(t *testing.T) {
	data := t.TempDir()
	s, fp := startServeTLS(t, "--data", data)
	cert := readCert(t, filepath.Join(data, lan.CertFileName))
	sum := sha256.Sum256(cert.Raw)
	if want := strings.ReplaceAll(fmt.Sprintf("% X", sum[:]), " ", ":"); fp != want {
		t.Fatalf("printed fingerprint %s, the certificate's is %s", fp, want)
	}
	if st, err := os.Stat(filepath.Join(data, lan.KeyFileName)); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v; want mode 0600", st, err)
	}

	// The server presents that certificate, with HSTS, and redirects
	// plain HTTP on its port.
	client := trustingClient(cert)
	res, err := client.Get(s.url + "api/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Strict-Transport-Security") == "" {
		t.Fatalf("GET health over https: %d, HSTS %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
	}
	plain := "http" + strings.TrimPrefix(s.url, "https")
	res, err = client.Get(plain + "api/v1/health")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusPermanentRedirect || res.Header.Get("Location") != s.url+"api/v1/health" {
		t.Fatalf("GET health over http: %d to %q, want 308 to %s", res.StatusCode, res.Header.Get("Location"), s.url+"api/v1/health")
	}
	s.stop(t)

	// The next start keeps it.
	again, fp2 := startServeTLS(t, "--data", data)
	if fp2 != fp {
		t.Fatalf("second start printed %s, want the same certificate %s", fp2, fp)
	}
	again.stop(t)
}

// TestServeWithTLSKeepsItsCertificateWhenTheHostHasAnAddressItDoesNotName:
// an address of the host that the certificate does not name (a VPN, a
// container bridge, a new lease) does not make a new certificate, whose
// fingerprint staff would have to check again on every device: the
// server keeps it and logs which addresses it misses and how to renew.
func TestServeWithTLSKeepsItsCertificateWhenTheHostHasAnAddressItDoesNotName(t *testing.T) {
	names := lan.Names("127.0.0.1")
	if len(names.Others) == 0 {
		t.Skip("this host has no IPv4 address but loopback")
	}
	data := t.TempDir()
	kept, err := lan.SelfSigned(data, lan.CertNames{Required: names.Required}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	s, fp := startServeTLS(t, "--data", data)
	if fp != kept.Fingerprint {
		t.Fatalf("serving with fingerprint %s, want the kept certificate's %s", fp, kept.Fingerprint)
	}
	waitFor(t, hangTimeout, "the warning of the unnamed addresses", func() bool {
		return strings.Contains(s.stderr.String(), "does not name these addresses") || !s.running()
	})
	if log := s.stderr.String(); !strings.Contains(log, names.Others[0]) || !strings.Contains(log, "delete "+lan.CertFileName+" and "+lan.KeyFileName) {
		t.Fatalf("the warning does not name %s or say how to renew:\n%s", names.Others[0], log)
	}
	s.stop(t)
}

// TestServeRefusesATLSKeyOthersMayRead: a tls.key that users other than
// the owner may read (say after a restore) may have been copied; serve
// --tls stops and says to chmod it, and leaves it as it is.
func TestServeRefusesATLSKeyOthersMayRead(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file modes do not say who may read a file")
	}
	data := t.TempDir()
	if _, err := lan.SelfSigned(data, lan.Names("127.0.0.1"), time.Now()); err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(data, lan.KeyFileName)
	before, _ := os.ReadFile(keyPath)
	if err := os.Chmod(keyPath, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, serveBinary(t), baseEnv(), "serve", "--tls", "--addr", "127.0.0.1:0", "--data", data)
	if code != 1 || strings.Contains(stdout, "serving") {
		t.Errorf("exit code %d, stdout %q; want 1 and not serving", code, stdout)
	}
	if !strings.Contains(stderr, "chmod 600 "+keyPath) {
		t.Errorf("stderr = %q, want the chmod 600 of %s", stderr, keyPath)
	}
	if after, _ := os.ReadFile(keyPath); string(after) != string(before) {
		t.Error("the key was replaced")
	}
}

func TestServeUsesAGivenCertificateAndRefusesAPairThatDoesNotMatch(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, err := lan.SelfSigned(dir, lan.CertNames{Required: []string{"localhost", "127.0.0.1"}}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	certA, keyA, keyB := filepath.Join(a, lan.CertFileName), filepath.Join(a, lan.KeyFileName), filepath.Join(b, lan.KeyFileName)

	data := t.TempDir()
	s := startServe(t, baseEnv(), "--data", data, "--cert", certA, "--key", keyA)
	m := fingerprintLine.FindStringSubmatch(s.stdout.String())
	waitFor(t, hangTimeout, "the fingerprint", func() bool { m = fingerprintLine.FindStringSubmatch(s.stdout.String()); return m != nil })
	if want := lan.Fingerprint(readCert(t, certA).Raw); m[1] != want {
		t.Fatalf("fingerprint %s, want the given certificate's %s", m[1], want)
	}
	res, err := trustingClient(readCert(t, certA)).Get(s.url + "api/v1/health")
	if err != nil {
		t.Fatalf("the given certificate is not presented: %v", err)
	}
	res.Body.Close()
	s.stop(t)
	if _, err := os.Stat(filepath.Join(data, lan.CertFileName)); err == nil {
		t.Errorf("a certificate was made in the data folder though one was given")
	}

	code, stdout, stderr := runCLI(t, serveBinary(t), baseEnv(), "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--cert", certA, "--key", keyB)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "does not belong to the certificate") || !strings.Contains(stderr, keyB) {
		t.Fatalf("a mismatched pair: exit %d, stdout %q, stderr %q; want 1 and a message naming the key", code, stdout, stderr)
	}
}

func TestServeFlagsThatMakeNoSenseAreUsageErrors(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"a range with a bad prefix length", []string{"--allow", "192.168.1.0/33"}, `--allow: "192.168.1.0/33" is not an address range`},
		{"a word that is not a range", []string{"--allow", "192.168.1.0/24,office"}, `--allow: "office" is not an address range`},
		{"an empty list", []string{"--allow", ","}, `--allow: the allow list is empty`},
		{"a certificate without its key", []string{"--cert", "x.pem"}, `--cert and --key go together`},
		{"a key without its certificate", []string{"--key", "x.pem"}, `--cert and --key go together`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "never-created")
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data}, tt.args...)
			code, stdout, stderr := runCLI(t, serveBinary(t), baseEnv(), args...)
			if code != 2 || stdout != "" {
				t.Errorf("exit code %d, stdout %q; want 2 and nothing", code, stdout)
			}
			if !strings.Contains(stderr, tt.wantStderr) || !strings.Contains(stderr, "Usage: innkeep serve") {
				t.Errorf("stderr = %q, want %q and the usage", stderr, tt.wantStderr)
			}
			if _, err := os.Stat(data); err == nil {
				t.Errorf("a usage error created the data folder")
			}
		})
	}
}

func TestServeClosesConnectionsFromOutsideTheAllowList(t *testing.T) {
	s := startServe(t, baseEnv(), "--data", t.TempDir(), "--allow", "192.0.2.0/24")
	client := &http.Client{Timeout: hangTimeout}
	if res, err := client.Get(s.url + "api/v1/health"); err == nil {
		res.Body.Close()
		t.Fatalf("loopback, outside the allow list, got an answer: %s", res.Status)
	}
	waitFor(t, hangTimeout, "the refusal in the log", func() bool {
		return strings.Contains(s.stderr.String(), "not in the allow list")
	})
	s.stop(t)

	open := startServe(t, baseEnv(), "--data", t.TempDir(), "--allow", "192.0.2.0/24,127.0.0.1")
	if h := getHealth(t, open.url); h.Status != "ok" {
		t.Fatalf("health = %+v", h)
	}
	open.stop(t)
}

// TestSecurityOneAddressCannotHoldMoreThanItsShareOfConnections: 500
// connections from one address, each sending a sign-in request whose body
// never comes, do not all stay open: the server closes all but
// lan.DefaultPerAddress of them at once, logs the refusals sparingly, and
// serves that address again when it lets go.
func TestSecurityOneAddressCannotHoldMoreThanItsShareOfConnections(t *testing.T) {
	s := startServe(t, baseEnv(), "--data", t.TempDir())
	setUpOverHTTP(t, s.url, "Harbour Inn")
	u, _ := url.Parse(s.url)
	const attackers = 500
	head := "POST /api/v1/sessions HTTP/1.1\r\nHost: " + u.Host + "\r\nContent-Type: application/json\r\n" +
		"Content-Length: 100000\r\n\r\n{"
	var closed atomic.Int32
	conns := make([]net.Conn, 0, attackers)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range attackers {
		c, err := net.DialTimeout("tcp", u.Host, hangTimeout)
		if err != nil {
			t.Fatalf("dial %d: %v", len(conns)+1, err)
		}
		conns = append(conns, c)
		c.Write([]byte(head)) // those over the cap may be closed already
		go func() {
			var b [512]byte
			for {
				if _, err := c.Read(b[:]); err != nil {
					closed.Add(1)
					return
				}
			}
		}()
	}
	waitFor(t, hangTimeout, fmt.Sprintf("all but %d of %d slow connections to be closed", lan.DefaultPerAddress, attackers), func() bool {
		return closed.Load() >= attackers-lan.DefaultPerAddress
	})
	if open := attackers - int(closed.Load()); open > lan.DefaultPerAddress {
		t.Fatalf("%d slow connections stayed open, want at most %d", open, lan.DefaultPerAddress)
	}

	// While the address holds its share, it gets no more (unless the
	// server has meanwhile let one of them go, say at a read timeout).
	client := &http.Client{Timeout: hangTimeout}
	before := closed.Load()
	if res, err := client.Get(s.url + "api/v1/health"); err == nil {
		res.Body.Close()
		if closed.Load() == before {
			t.Fatalf("a connection over the cap was served: %s", res.Status)
		}
	}
	refusals := strings.Count(s.stderr.String(), "refused a connection")
	if refusals == 0 || refusals > 50 {
		t.Errorf("%d log lines for %d refusals, want a few (rate-limited)", refusals, attackers-lan.DefaultPerAddress)
	}

	// Once it lets go, it is served again.
	for _, c := range conns {
		c.Close()
	}
	waitFor(t, hangTimeout, "the address to be served again", func() bool {
		res, err := client.Get(s.url + "api/v1/health")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == 200
	})
	s.stop(t)
}

// TestSecurityOneAddressGetsAtMost16StreamsPerHTTP2Connection: over
// --tls the server speaks HTTP/2, where one connection carries many
// requests at once. It announces SETTINGS_MAX_CONCURRENT_STREAMS 16 (Go's
// default is 250), so that one address's 32 connections cannot hold 8000
// slow uploads.
func TestSecurityOneAddressGetsAtMost16StreamsPerHTTP2Connection(t *testing.T) {
	data := t.TempDir()
	s, _ := startServeTLS(t, "--data", data)
	defer s.stop(t)
	pool := x509.NewCertPool()
	pool.AddCert(readCert(t, filepath.Join(data, lan.CertFileName)))
	u, _ := url.Parse(s.url)
	dialer := &net.Dialer{Timeout: hangTimeout}
	c, err := tls.DialWithDialer(dialer, "tcp", u.Host, &tls.Config{RootCAs: pool, ServerName: u.Hostname(), NextProtos: []string{"h2"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if p := c.ConnectionState().NegotiatedProtocol; p != "h2" {
		t.Fatalf("negotiated %q, want h2", p)
	}
	// The client preface, and an empty SETTINGS frame.
	if _, err := c.Write([]byte("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00")); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(hangTimeout))
	settings := readHTTP2Settings(t, c)
	const maxConcurrentStreams = 0x3
	if v, ok := settings[maxConcurrentStreams]; !ok || v != 16 {
		t.Fatalf("the server's SETTINGS_MAX_CONCURRENT_STREAMS is %d (announced: %v), want 16", v, ok)
	}
}

// readHTTP2Settings reads HTTP/2 frames from c until the server's first
// SETTINGS frame (not an acknowledgement) and returns its parameters.
func readHTTP2Settings(t *testing.T, c net.Conn) map[uint16]uint32 {
	t.Helper()
	for {
		var head [9]byte // length (24 bits), type, flags, stream id
		if _, err := io.ReadFull(c, head[:]); err != nil {
			t.Fatalf("reading a frame: %v", err)
		}
		length := int(head[0])<<16 | int(head[1])<<8 | int(head[2])
		payload := make([]byte, length)
		if _, err := io.ReadFull(c, payload); err != nil {
			t.Fatalf("reading a frame: %v", err)
		}
		const typeSettings, flagAck = 0x4, 0x1
		if head[3] != typeSettings || head[4]&flagAck != 0 {
			continue
		}
		settings := map[uint16]uint32{}
		for p := payload; len(p) >= 6; p = p[6:] {
			settings[binary.BigEndian.Uint16(p)] = binary.BigEndian.Uint32(p[2:])
		}
		return settings
	}
}

// spkiHash returns the base64 SHA-256 of the certificate's public key, as
// Chromium's --ignore-certificate-errors-spki-list takes it.
func spkiHash(c *x509.Certificate) string {
	sum := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestBrowserSignsInOverHTTPSWithSecureCookies(t *testing.T) {
	chromium := chromiumPath(t)
	data := t.TempDir()
	s, _ := startServeTLS(t, "--data", data)
	cert := readCert(t, filepath.Join(data, lan.CertFileName))
	client := trustingClient(cert)

	requireBuiltUIOver(t, client, s.url)
	body := `{"hotel":{"name":"Harbour Inn","time_zone":"Asia/Shanghai","currency":"CNY"},
		"admin":{"username":"alice","display_name":"Alice Chen","password":"correct horse battery"}}`
	res, err := client.Post(s.url+"api/v1/setup", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("setup over https: %s", res.Status)
	}

	// Chromium trusts this one certificate, pinned by its public key, and
	// nothing else it would not trust anyway.
	b := openSizedBrowser(t, chromium, 1024, 768, chromedp.Flag("ignore-certificate-errors-spki-list", spkiHash(cert)))
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(s.url))
	if err != nil {
		t.Fatalf("opening %s: %v", s.url, err)
	}
	if resp.Status != 200 || !strings.HasPrefix(resp.URL, "https://") {
		t.Fatalf("navigation answered %d at %s", resp.Status, resp.URL)
	}
	if hsts := headerOf(resp.Headers, "Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") {
		t.Errorf("the page came without Strict-Transport-Security (headers %v)", resp.Headers)
	}
	b.signIn("alice", "correct horse battery")
	if got := b.text("user-menu"); !strings.Contains(got, "Alice Chen") {
		t.Errorf("user menu = %q, want Alice Chen", got)
	}

	get := func(ctx context.Context, tg *chromedp.Target) (network.GetCookiesResult, error) {
		return cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{URLs: []string{s.url}})
	}
	cookies, err := chromedp.Run(b.ctx, get)
	if err != nil {
		t.Fatalf("reading cookies: %v", err)
	}
	found := false
	for _, c := range cookies.Cookies {
		if c.Name != "innkeep_session" {
			continue
		}
		found = true
		if !c.Secure || !c.HTTPOnly || c.SameSite != network.CookieSameSiteStrict {
			t.Errorf("session cookie: Secure %v, HttpOnly %v, SameSite %q; want Secure, HttpOnly, Strict", c.Secure, c.HTTPOnly, c.SameSite)
		}
	}
	if !found {
		t.Fatalf("the browser holds no session cookie for %s (cookies %v)", s.url, cookies.Cookies)
	}

	// http:// on the same port ends on https://, still signed in.
	plain := "http" + strings.TrimPrefix(s.url, "https")
	b.do("opening "+plain, chromedp.Navigate(plain), chromedp.WaitVisible(uiTestID("user-menu")))
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("opening %s: %v", plain, err)
	}
	if !strings.HasPrefix(loc, s.url) {
		t.Errorf("http:// ended on %s, want %s", loc, s.url)
	}
	b.checkClean()
	s.stop(t)
}

// requireBuiltUIOver is requireBuiltUI with client.
func requireBuiltUIOver(t *testing.T, client *http.Client, baseURL string) {
	t.Helper()
	res, err := client.Get(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	page, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s = %d", baseURL, res.StatusCode)
	}
	if strings.Contains(string(page), "was not built") {
		missing(t, "the built frontend (frontend/dist/index.html; run make build)")
	}
}

// headerOf returns the value of the header name in CDP headers, whatever
// its case.
func headerOf(h network.Headers, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return fmt.Sprint(v)
		}
	}
	return ""
}
