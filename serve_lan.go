package main

import (
	"crypto/tls"
	"flag"
	"net"
	"strings"
	"time"

	"innkeep/app/lan"
)

// lanFlags are the flags of `innkeep serve` that decide who may connect and
// how: --tls, --cert, --key and --allow.
type lanFlags struct {
	tls       *bool
	certFile  *string
	keyFile   *string
	allowSpec *string
	allow     lan.AllowList // parsed by check; zero until then
}

// defineLANFlags defines the flags of lanFlags on flags.
func defineLANFlags(flags *flag.FlagSet) *lanFlags {
	return &lanFlags{
		tls:       flags.Bool("tls", false, ""),
		certFile:  flags.String("cert", "", ""),
		keyFile:   flags.String("key", "", ""),
		allowSpec: flags.String("allow", "", ""),
	}
}

// check validates the flags once parsed, before anything is opened. It
// returns the message of a usage error, or "".
func (f *lanFlags) check() string {
	if (*f.certFile == "") != (*f.keyFile == "") {
		return "--cert and --key go together: give both, or neither"
	}
	if *f.allowSpec != "" {
		allow, err := lan.ParseAllow(*f.allowSpec)
		if err != nil {
			return "--allow: " + failureMessage(err)
		}
		f.allow = allow
	}
	return ""
}

// listen wraps ln for `innkeep serve`: the allow list (the host's subnets
// and loopback unless --allow was given), the connection caps, and TLS with
// --cert/--key or, for --tls, the data folder's self-signed certificate
// for the names of this host and of addr, the --addr flag (kept while it
// covers the host name and addr; addresses it misses are logged).
// It returns the listener, the URL scheme, and the certificate (nil
// without TLS).
func (n *node) listen(ln net.Listener, addr string, f *lanFlags) (net.Listener, string, *lan.Cert, error) {
	allow := f.allow
	if *f.allowSpec == "" {
		var err error
		allow, err = lan.DefaultAllow()
		if err != nil {
			n.logger.Warn("cannot list the network interfaces: only loopback may connect; name the LAN with --allow", "err", err)
		}
	}
	var cert *lan.Cert
	var cfg *tls.Config
	switch {
	case *f.certFile != "":
		c, err := lan.LoadPair(*f.certFile, *f.keyFile)
		if err != nil {
			return nil, "", nil, err
		}
		if now := time.Now(); now.After(c.Leaf.NotAfter) || now.Before(c.Leaf.NotBefore) {
			n.logger.Warn("the certificate is not valid now: browsers will refuse it", "cert", *f.certFile,
				"not_before", c.Leaf.NotBefore, "not_after", c.Leaf.NotAfter)
		}
		cert, cfg = c, c.Config()
	case *f.tls:
		// The host of --addr as given (a name stays a name), else as bound.
		host, _, _ := net.SplitHostPort(ln.Addr().String())
		if h, _, err := net.SplitHostPort(addr); err == nil && h != "" {
			host = h
		}
		c, err := lan.SelfSigned(n.svc.DataDir, lan.Names(host), time.Now())
		if err != nil {
			return nil, "", nil, err
		}
		if c.Made {
			n.logger.Info("made a self-signed TLS certificate", "names", strings.Join(append(c.Leaf.DNSNames, ipStrings(c.Leaf.IPAddresses)...), ","),
				"not_after", c.Leaf.NotAfter, "fingerprint", c.Fingerprint)
		}
		if len(c.Unnamed) > 0 {
			// Kept so that the fingerprint staff checked stays the same.
			n.logger.Warn("the TLS certificate does not name these addresses of this host: browsers that use them warn of a wrong name. "+
				"Use a name or address it covers, or, to make a new certificate (with a new fingerprint to check on every device), "+
				"stop Innkeep and delete "+lan.CertFileName+" and "+lan.KeyFileName+" in the data folder",
				"unnamed", strings.Join(c.Unnamed, ","), "data", n.svc.DataDir)
		}
		cert, cfg = c, c.Config()
	}
	n.logger.Info("connections", "allow", allow.String(), "per_address", lan.DefaultPerAddress, "total", lan.DefaultTotal, "tls", cfg != nil)
	scheme := "http"
	if cfg != nil {
		scheme = "https"
	}
	return lan.Listen(ln, lan.Options{Allow: allow, TLS: cfg, Logger: n.logger}), scheme, cert, nil
}

func ipStrings(ips []net.IP) []string {
	s := make([]string, len(ips))
	for i, ip := range ips {
		s[i] = ip.String()
	}
	return s
}
