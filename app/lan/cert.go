package lan

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io/fs"
	"math/big"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"innkeep/app"
	"innkeep/app/datadir"
)

// Files of the self-signed certificate in the data folder.
const (
	CertFileName = "tls.crt" // the certificate, PEM
	KeyFileName  = "tls.key" // its private key, PEM (PKCS #8), mode 0600
)

// Lifetime of a self-signed certificate.
const (
	// CertValidity is how long a new self-signed certificate is valid.
	CertValidity = 3 * 365 * 24 * time.Hour
	// RenewBefore: a certificate that expires within this is made again.
	RenewBefore = 30 * 24 * time.Hour
)

// Cert is the certificate a server presents.
type Cert struct {
	TLS         tls.Certificate // for tls.Config.Certificates
	Leaf        *x509.Certificate
	Fingerprint string // see Fingerprint
	Made        bool   // SelfSigned made it now (first use or renewal)
	// Unnamed are the host's addresses (CertNames.Others) that a kept
	// self-signed certificate does not name; browsers that reach the
	// server by one of them warn of a name mismatch.
	Unnamed []string
}

// Config returns the TLS configuration of a server presenting c: TLS 1.2
// at least, HTTP/1.1 (and HTTP/2) by ALPN.
func (c *Cert) Config() *tls.Config {
	return &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{c.TLS},
		NextProtos:   []string{"h2", "http/1.1"},
	}
}

// Fingerprint returns the SHA-256 fingerprint of a DER certificate as
// browsers show it: upper-case hex bytes joined by colons.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = strings.ToUpper(hex.EncodeToString([]byte{b}))
	}
	return strings.Join(parts, ":")
}

// CertNames are the names and addresses a self-signed certificate is for.
type CertNames struct {
	// Required are the names a kept certificate must cover; one it does not
	// cover makes a new certificate: "localhost", 127.0.0.1 and ::1, the
	// host's name (and name.local), and the host of --addr.
	Required []string
	// Others are the host's other addresses. A new certificate names them
	// too; a kept one that does not is kept all the same (see
	// Cert.Unnamed), so that an address that comes and goes (a VPN, a
	// container bridge, a new lease) does not change the fingerprint staff
	// have checked.
	Others []string
}

// Names returns the names a server listening on listenHost is reached by.
// Required: "localhost", 127.0.0.1 and ::1, the host's name (and
// name.local, its mDNS name), and listenHost unless it is empty or an
// unspecified address (0.0.0.0, ::). Others: the IPv4 addresses of the
// interfaces that are up, but link-local ones (browsers cannot use them in
// a URL). IPv6 addresses of interfaces are left out: most are temporary
// (privacy addresses that change daily), which no portable interface
// tells apart; name a stable IPv6 address with --addr to have it covered.
// Interfaces that cannot be listed are left out.
func Names(listenHost string) CertNames {
	var names CertNames
	add := func(list *[]string, n string) {
		if n != "" && !slices.Contains(names.Required, n) && !slices.Contains(names.Others, n) {
			*list = append(*list, n)
		}
	}
	for _, n := range []string{"localhost", "127.0.0.1", "::1"} {
		add(&names.Required, n)
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		h = strings.ToLower(h)
		add(&names.Required, h)
		if !strings.Contains(h, ".") {
			add(&names.Required, h+".local")
		}
	}
	if ip, err := netip.ParseAddr(listenHost); err == nil {
		if ip = ip.Unmap().WithZone(""); !ip.IsUnspecified() {
			add(&names.Required, ip.String())
		}
	} else {
		add(&names.Required, strings.ToLower(listenHost))
	}
	if ifaces, err := net.Interfaces(); err == nil {
		for _, ifc := range ifaces {
			if ifc.Flags&net.FlagUp == 0 {
				continue
			}
			addrs, _ := ifc.Addrs()
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok {
					if ip, ok := netip.AddrFromSlice(n.IP); ok && ip.Unmap().Is4() && !ip.Unmap().IsLinkLocalUnicast() {
						add(&names.Others, ip.Unmap().String())
					}
				}
			}
		}
	}
	return names
}

// SelfSigned returns the self-signed certificate kept in the data folder
// dir for names (see Names). It reuses the stored one while it is valid
// beyond now+RenewBefore, covers every required name, and its files are
// intact and match; Unnamed lists the other names it does not cover.
// Otherwise it makes a new one for all names (ECDSA P-256, valid for
// CertValidity), writes the key (mode 0600) and then the certificate
// atomically with datadir.WriteFileAtomic, and sets Made. A stored key
// that users other than the owner may read is refused with EINVALID
// (datadir.CheckPrivate): it may have been copied. It returns EUNAVAILABLE
// when the files cannot be written.
func SelfSigned(dir string, names CertNames, now time.Time) (*Cert, error) {
	certPath, keyPath := filepath.Join(dir, CertFileName), filepath.Join(dir, KeyFileName)
	if err := datadir.CheckPrivate(keyPath); app.ErrorCode(err) == app.EINVALID {
		return nil, err
	}
	if c, err := loadPair(certPath, keyPath); err == nil && c.Leaf.NotAfter.After(now.Add(RenewBefore)) &&
		!c.Leaf.NotBefore.After(now) && len(uncovered(c.Leaf, names.Required)) == 0 {
		c.Unnamed = uncovered(c.Leaf, names.Others)
		return c, nil
	}
	certPEM, keyPEM, err := makeSelfSigned(slices.Concat(names.Required, names.Others), now)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct {
		path string
		data []byte
		perm fs.FileMode
	}{{keyPath, keyPEM, 0o600}, {certPath, certPEM, 0o644}} {
		if err := datadir.WriteFileAtomic(f.path, f.data, f.perm); err != nil {
			return nil, app.E(app.EUNAVAILABLE, "lan.cannot_write_cert", "cannot write {path}: {reason}", "path", f.path, "reason", err.Error())
		}
	}
	c, err := pair(certPEM, keyPEM, certPath, keyPath)
	if err != nil {
		return nil, err
	}
	c.Made = true
	return c, nil
}

// LoadPair returns the certificate in the PEM file certFile with its
// private key in keyFile, as an administrator provides them; it never
// writes them. It returns EINVALID when a file is missing or unreadable,
// when certFile holds no certificate or keyFile no private key, and when
// the key does not belong to the certificate.
func LoadPair(certFile, keyFile string) (*Cert, error) {
	return loadPair(certFile, keyFile)
}

func loadPair(certPath, keyPath string) (*Cert, error) {
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		return nil, cannotRead(certPath, err)
	}
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, cannotRead(keyPath, err)
	}
	return pair(certPEM, keyPEM, certPath, keyPath)
}

func cannotRead(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return app.E(app.EINVALID, "lan.file_missing", "{path} does not exist", "path", path)
	}
	return app.E(app.EINVALID, "lan.cannot_read_file", "cannot read {path}: {reason}", "path", path, "reason", err.Error())
}

// pair builds a Cert of PEM data, naming the files in its errors.
func pair(certPEM, keyPEM []byte, certPath, keyPath string) (*Cert, error) {
	kp, err := tls.X509KeyPair(certPEM, keyPEM)
	if err == nil {
		return &Cert{TLS: kp, Leaf: kp.Leaf, Fingerprint: Fingerprint(kp.Certificate[0])}, nil
	}
	if b, _ := pem.Decode(certPEM); b == nil || b.Type != "CERTIFICATE" {
		return nil, app.E(app.EINVALID, "lan.not_a_certificate", "{path} holds no PEM certificate", "path", certPath)
	} else if _, err := x509.ParseCertificate(b.Bytes); err != nil {
		return nil, app.E(app.EINVALID, "lan.bad_certificate", "the certificate in {path} cannot be read: {reason}", "path", certPath, "reason", err.Error())
	}
	if !holdsKey(keyPEM) {
		return nil, app.E(app.EINVALID, "lan.not_a_key", "{path} holds no PEM private key", "path", keyPath)
	}
	return nil, app.E(app.EINVALID, "lan.key_mismatch", "the private key in {key} does not belong to the certificate in {cert}", "key", keyPath, "cert", certPath)
}

// holdsKey reports whether data holds a PEM private key that parses.
func holdsKey(data []byte) bool {
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return false
		}
		if !strings.HasSuffix(b.Type, "PRIVATE KEY") {
			continue
		}
		if _, err := x509.ParsePKCS8PrivateKey(b.Bytes); err == nil {
			return true
		}
		if _, err := x509.ParseECPrivateKey(b.Bytes); err == nil {
			return true
		}
		if _, err := x509.ParsePKCS1PrivateKey(b.Bytes); err == nil {
			return true
		}
	}
}

// uncovered returns those of names the certificate does not name.
func uncovered(c *x509.Certificate, names []string) []string {
	var missing []string
	for _, n := range names {
		if ip, err := netip.ParseAddr(n); err == nil {
			if !slices.ContainsFunc(c.IPAddresses, func(a net.IP) bool { return a.Equal(net.IP(ip.AsSlice())) }) {
				missing = append(missing, n)
			}
		} else if !slices.Contains(c.DNSNames, n) {
			missing = append(missing, n)
		}
	}
	return missing
}

// makeSelfSigned makes a key and a certificate for names, in PEM.
func makeSelfSigned(names []string, now time.Time) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, app.Errorf(app.EINTERNAL, "make a TLS key: %v", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, app.Errorf(app.EINTERNAL, "make a certificate serial number: %v", err)
	}
	host := "innkeep"
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		NotBefore:             now.Add(-time.Hour), // a tablet's clock may be a little behind
		NotAfter:              now.Add(CertValidity),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, n := range names {
		if ip, err := netip.ParseAddr(n); err == nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, net.IP(ip.AsSlice()))
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
			if host == "innkeep" && n != "localhost" {
				host = n
			}
		}
	}
	tmpl.Subject = pkix.Name{CommonName: "Innkeep on " + host, Organization: []string{"Innkeep"}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, app.Errorf(app.EINTERNAL, "make a certificate: %v", err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, app.Errorf(app.EINTERNAL, "encode a TLS key: %v", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), nil
}
