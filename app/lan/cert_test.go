package lan_test

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/lan"
)

var fingerprintShape = regexp.MustCompile(`^([0-9A-F]{2}:){31}[0-9A-F]{2}$`)

func TestTheSelfSignedCertificateIsMadeOnceAndReused(t *testing.T) {
	dir := t.TempDir()
	names := lan.CertNames{Required: []string{"localhost", "127.0.0.1", "::1", "frontdesk"}, Others: []string{"192.168.1.10"}}
	now := time.Now()
	first, err := lan.SelfSigned(dir, names, now)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Made {
		t.Fatal("the first call did not make a certificate")
	}
	if !fingerprintShape.MatchString(first.Fingerprint) {
		t.Fatalf("fingerprint = %q, want 32 colon-separated hex bytes", first.Fingerprint)
	}
	sum := sha256.Sum256(first.Leaf.Raw)
	if want := strings.ReplaceAll(fmt.Sprintf("% X", sum[:]), " ", ":"); first.Fingerprint != want {
		t.Fatalf("fingerprint = %s, want the SHA-256 of the certificate %s", first.Fingerprint, want)
	}
	if err := first.Leaf.VerifyHostname("frontdesk"); err != nil {
		t.Errorf("the certificate does not name the host: %v", err)
	}
	for _, ip := range []string{"127.0.0.1", "::1", "192.168.1.10"} {
		if err := first.Leaf.VerifyHostname(ip); err != nil {
			t.Errorf("the certificate does not name %s: %v", ip, err)
		}
	}
	if !first.Leaf.NotAfter.After(now.Add(2 * 365 * 24 * time.Hour)) {
		t.Errorf("the certificate expires %v, want years ahead", first.Leaf.NotAfter)
	}
	if runtime.GOOS != "windows" {
		st, err := os.Stat(filepath.Join(dir, lan.KeyFileName))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("the key file has mode %04o, want 0600", st.Mode().Perm())
		}
	}

	// The next start, even with fewer names, uses the same certificate.
	again, err := lan.SelfSigned(dir, lan.CertNames{Required: names.Required[:3]}, now.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if again.Made || again.Fingerprint != first.Fingerprint {
		t.Fatalf("second start: made %v, fingerprint %s; want the first one %s reused", again.Made, again.Fingerprint, first.Fingerprint)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestTheSelfSignedCertificateIsMadeAgainWhenItNoLongerFits(t *testing.T) {
	names := lan.CertNames{Required: []string{"localhost", "127.0.0.1", "frontdesk"}, Others: []string{"192.168.1.10"}}
	with := func(required ...string) lan.CertNames {
		return lan.CertNames{Required: append(slices.Clone(names.Required), required...), Others: names.Others}
	}
	now := time.Now()
	tests := []struct {
		name  string
		names lan.CertNames
		now   time.Time
		spoil func(dir string)
	}{
		{"the host name changed", lan.CertNames{Required: []string{"localhost", "127.0.0.1", "reception"}, Others: names.Others}, now, nil},
		{"the listen address is not named", with("192.168.7.20"), now, nil},
		{"the listen host name is not named", with("innkeep.example"), now, nil},
		{"it nears expiry", names, now.Add(lan.CertValidity - lan.RenewBefore + time.Hour), nil},
		{"the key file is damaged", names, now, func(dir string) {
			os.WriteFile(filepath.Join(dir, lan.KeyFileName), []byte("garbage"), 0o600)
		}},
		{"the certificate file is gone", names, now, func(dir string) {
			os.Remove(filepath.Join(dir, lan.CertFileName))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			first, err := lan.SelfSigned(dir, names, now)
			if err != nil {
				t.Fatal(err)
			}
			if tt.spoil != nil {
				tt.spoil(dir)
			}
			next, err := lan.SelfSigned(dir, tt.names, tt.now)
			if err != nil {
				t.Fatal(err)
			}
			if !next.Made || next.Fingerprint == first.Fingerprint {
				t.Fatalf("made %v, same fingerprint %v; want a new certificate", next.Made, next.Fingerprint == first.Fingerprint)
			}
			for _, n := range slices.Concat(tt.names.Required, tt.names.Others) {
				if err := next.Leaf.VerifyHostname(n); err != nil {
					t.Errorf("the new certificate does not name %s", n)
				}
			}
			reread, err := lan.LoadPair(filepath.Join(dir, lan.CertFileName), filepath.Join(dir, lan.KeyFileName))
			if err != nil || reread.Fingerprint != next.Fingerprint {
				t.Fatalf("the files hold %v, %v; want the new certificate", reread, err)
			}
		})
	}
}

func TestTheSelfSignedCertificateIsKeptWhenTheHostGainsAnAddress(t *testing.T) {
	dir := t.TempDir()
	names := lan.CertNames{Required: []string{"localhost", "127.0.0.1", "frontdesk"}, Others: []string{"192.168.1.10"}}
	now := time.Now()
	first, err := lan.SelfSigned(dir, names, now)
	if err != nil {
		t.Fatal(err)
	}
	// A VPN, a container bridge or a new lease: the host has an address
	// the certificate does not name, and one it named is gone.
	next, err := lan.SelfSigned(dir, lan.CertNames{Required: names.Required, Others: []string{"10.8.0.2", "172.17.0.1"}}, now.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if next.Made || next.Fingerprint != first.Fingerprint {
		t.Fatalf("made %v, same fingerprint %v; want the certificate kept", next.Made, next.Fingerprint == first.Fingerprint)
	}
	if want := []string{"10.8.0.2", "172.17.0.1"}; !slices.Equal(next.Unnamed, want) {
		t.Fatalf("Unnamed = %v, want %v", next.Unnamed, want)
	}
	if first.Unnamed != nil {
		t.Errorf("a new certificate leaves %v unnamed", first.Unnamed)
	}
}

func TestAStoredTLSKeyOthersMayReadIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows file modes do not say who may read a file")
	}
	dir := t.TempDir()
	names := lan.CertNames{Required: []string{"localhost"}}
	if _, err := lan.SelfSigned(dir, names, time.Now()); err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(dir, lan.KeyFileName)
	before, _ := os.ReadFile(keyPath)
	if err := os.Chmod(keyPath, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := lan.SelfSigned(dir, names, time.Now())
	var ae *app.Error
	if !errors.As(err, &ae) || ae.Code != app.EINVALID || !strings.Contains(ae.Message, "chmod 600 "+keyPath) {
		t.Fatalf("SelfSigned = %v, want invalid with the chmod 600 of %s", err, keyPath)
	}
	if after, _ := os.ReadFile(keyPath); string(after) != string(before) {
		t.Fatal("the refused key was replaced")
	}
	os.Chmod(keyPath, 0o600)
	if _, err := lan.SelfSigned(dir, names, time.Now()); err != nil {
		t.Fatalf("after chmod 600: %v", err)
	}
}

func TestAGivenCertificateAndKeyAreUsed(t *testing.T) {
	dir := t.TempDir()
	made, err := lan.SelfSigned(dir, lan.CertNames{Required: []string{"innkeep.example"}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, lan.CertFileName), filepath.Join(dir, lan.KeyFileName)
	before, _ := os.ReadFile(certFile)
	got, err := lan.LoadPair(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	if got.Fingerprint != made.Fingerprint || got.Made {
		t.Fatalf("LoadPair gave %s (made %v), want %s", got.Fingerprint, got.Made, made.Fingerprint)
	}
	if after, _ := os.ReadFile(certFile); string(after) != string(before) {
		t.Fatal("LoadPair changed the certificate file")
	}
	if cfg := got.Config(); len(cfg.Certificates) != 1 || cfg.MinVersion < 0x0303 {
		t.Fatalf("config = %+v, want the certificate and TLS 1.2 at least", cfg)
	}
}

func TestCertificateAndKeyThatDoNotMakeAPairAreRefused(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, err := lan.SelfSigned(dir, lan.CertNames{Required: []string{"localhost"}}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	junk := filepath.Join(t.TempDir(), "junk.pem")
	os.WriteFile(junk, []byte("not PEM at all\n"), 0o600)
	certA, keyA := filepath.Join(a, lan.CertFileName), filepath.Join(a, lan.KeyFileName)
	keyB := filepath.Join(b, lan.KeyFileName)
	missing := filepath.Join(a, "nope.pem")
	tests := []struct {
		name, cert, key string
		wantKey         string // the message key
		wantNamed       string // a file the message names
	}{
		{"the key of another certificate", certA, keyB, "lan.key_mismatch", keyB},
		{"a missing certificate file", missing, keyA, "lan.file_missing", missing},
		{"a missing key file", certA, missing, "lan.file_missing", missing},
		{"no certificate in the certificate file", junk, keyA, "lan.not_a_certificate", junk},
		{"the key given as the certificate", keyA, keyA, "lan.not_a_certificate", keyA},
		{"no key in the key file", certA, junk, "lan.not_a_key", junk},
		{"the certificate given as the key", certA, certA, "lan.not_a_key", certA},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := lan.LoadPair(tt.cert, tt.key)
			var ae *app.Error
			if !errors.As(err, &ae) || ae.Code != app.EINVALID || ae.Key != tt.wantKey {
				t.Fatalf("LoadPair = %v, want invalid %s", err, tt.wantKey)
			}
			if !strings.Contains(ae.Message, tt.wantNamed) {
				t.Errorf("message %q does not name %s", ae.Message, tt.wantNamed)
			}
		})
	}
}

func TestNamesRequireTheHostAndTheListenAddressAndOfferTheIPv4Addresses(t *testing.T) {
	names := lan.Names("192.0.2.44")
	for _, want := range []string{"localhost", "127.0.0.1", "::1", "192.0.2.44"} {
		if !slices.Contains(names.Required, want) {
			t.Errorf("Names = %v, want %s required", names, want)
		}
	}
	if h, err := os.Hostname(); err == nil && !slices.Contains(names.Required, strings.ToLower(h)) {
		t.Errorf("Names = %v, want the host name %s required", names, h)
	}
	ifaces, _ := net.Interfaces()
	for _, ifc := range ifaces {
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok || ifc.Flags&net.FlagUp == 0 || n.IP.IsLinkLocalUnicast() {
				continue
			}
			all := slices.Concat(names.Required, names.Others)
			switch {
			case n.IP.To4() != nil && !slices.Contains(all, n.IP.String()):
				t.Errorf("Names = %v, want %s (of %s) in it", names, n.IP, ifc.Name)
			case n.IP.To4() == nil && !n.IP.IsLoopback() && slices.Contains(all, n.IP.String()):
				t.Errorf("Names = %v names the IPv6 address %s (of %s), which may be temporary", names, n.IP, ifc.Name)
			}
		}
	}
	if slices.Contains(lan.Names("0.0.0.0").Required, "0.0.0.0") || slices.Contains(lan.Names("::").Required, "::") {
		t.Errorf("an unspecified listen address is named")
	}
	if !slices.Contains(lan.Names("innkeep.example").Required, "innkeep.example") {
		t.Errorf("a listen host name is not required")
	}
	if !slices.Contains(lan.Names("fd00::5").Required, "fd00::5") {
		t.Errorf("an IPv6 listen address is not required")
	}
}
