package lan

import (
	"bufio"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// Defaults of Options.
const (
	// DefaultPerAddress is the number of connections one address may hold
	// open at once. A browser opens about six per server; 32 leaves room
	// for several tabs and a script, and keeps one client from holding the
	// server's connections.
	DefaultPerAddress = 32
	// DefaultTotal is the number of connections the server holds open at
	// once, from all addresses together.
	DefaultTotal = 1024
	// DefaultSniffTimeout bounds the wait for a TLS connection's first
	// byte, and for the whole request head of plain HTTP on a TLS port.
	DefaultSniffTimeout = 10 * time.Second
	// DefaultLogEvery is how often each kind of refusal may be logged.
	DefaultLogEvery = 10 * time.Second
	// maxRedirectHead bounds the request head read to answer a redirect.
	maxRedirectHead = 8 << 10
)

// Options configures Listen. The zero value of a field takes its default;
// Allow has no default and must be set.
type Options struct {
	Allow        AllowList     // who may connect; see ParseAllow, DefaultAllow
	PerAddress   int           // open connections per address; 0 means DefaultPerAddress
	Total        int           // open connections in all; 0 means DefaultTotal
	TLS          *tls.Config   // nil serves plain TCP; else see the package doc
	SniffTimeout time.Duration // 0 means DefaultSniffTimeout
	Logger       *slog.Logger  // refusals; nil discards them
	LogEvery     time.Duration // 0 means DefaultLogEvery
}

// Listener is a net.Listener that enforces Options on the connections of
// another one. Make it with Listen.
type Listener struct {
	inner net.Listener
	opts  Options

	ready  chan net.Conn // admitted connections for Accept
	closed chan struct{}
	once   sync.Once

	mu    sync.Mutex
	open  map[netip.Addr]int // open connections by address (see key)
	total int

	logs map[string]*rateLog
}

// Listen wraps inner: it accepts inner's connections in a goroutine of its
// own and hands those it admits to Accept. Close closes inner; connections
// already handed out stay open until their owner closes them.
func Listen(inner net.Listener, opts Options) *Listener {
	if opts.PerAddress <= 0 {
		opts.PerAddress = DefaultPerAddress
	}
	if opts.Total <= 0 {
		opts.Total = DefaultTotal
	}
	if opts.SniffTimeout <= 0 {
		opts.SniffTimeout = DefaultSniffTimeout
	}
	if opts.LogEvery <= 0 {
		opts.LogEvery = DefaultLogEvery
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	l := &Listener{
		inner:  inner,
		opts:   opts,
		ready:  make(chan net.Conn),
		closed: make(chan struct{}),
		open:   map[netip.Addr]int{},
		logs:   map[string]*rateLog{},
	}
	for _, reason := range []string{refusedNotAllowed, refusedPerAddress, refusedTotal} {
		l.logs[reason] = &rateLog{every: opts.LogEvery}
	}
	go l.acceptLoop()
	return l
}

// Reasons for refusing a connection, as logged.
const (
	refusedNotAllowed = "the address is not in the allow list (--allow)"
	refusedPerAddress = "too many open connections from this address"
	refusedTotal      = "too many open connections in all"
)

// Accept returns the next admitted connection: a *tls.Conn when Options.TLS
// is set, else the plain connection. After Close it returns net.ErrClosed.
func (l *Listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ready:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// Close stops accepting: it closes the inner listener.
func (l *Listener) Close() error {
	var err error
	l.once.Do(func() {
		close(l.closed)
		err = l.inner.Close()
	})
	return err
}

// Addr returns the inner listener's address.
func (l *Listener) Addr() net.Addr { return l.inner.Addr() }

// acceptLoop accepts the inner listener's connections until it is closed,
// refusing those that Options do not admit.
func (l *Listener) acceptLoop() {
	var backoff time.Duration
	for {
		c, err := l.inner.Accept()
		if err != nil {
			select {
			case <-l.closed:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				l.Close()
				return
			}
			// Out of file descriptors and the like: wait and try again,
			// as net/http does.
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			l.opts.Logger.Warn("accepting a connection failed", "err", err, "retry_in", backoff)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		ip := remoteIP(c)
		if !l.opts.Allow.Allows(ip) {
			c.Close()
			l.refused(refusedNotAllowed, ip)
			continue
		}
		tc, reason := l.admit(c, ip)
		if tc == nil {
			c.Close()
			l.refused(reason, ip)
			continue
		}
		if l.opts.TLS == nil {
			l.deliver(tc)
			continue
		}
		go l.sniff(tc)
	}
}

// admit counts c against the caps and returns it wrapped so that closing
// it frees its place, or nil and the reason when a cap is reached.
func (l *Listener) admit(c net.Conn, ip netip.Addr) (*countedConn, string) {
	k := key(ip)
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.total >= l.opts.Total:
		return nil, refusedTotal
	case l.open[k] >= l.opts.PerAddress:
		return nil, refusedPerAddress
	}
	l.open[k]++
	l.total++
	return &countedConn{Conn: c, release: func() { l.release(k) }}, ""
}

func (l *Listener) release(k netip.Addr) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if l.open[k]--; l.open[k] <= 0 {
		delete(l.open, k)
	}
}

// deliver hands c to Accept, or closes it when the listener is closed.
func (l *Listener) deliver(c net.Conn) {
	select {
	case l.ready <- c:
	case <-l.closed:
		c.Close()
	}
}

// sniff reads the first byte of c: a TLS handshake goes to Accept as a
// *tls.Conn, anything else gets a redirect to https.
func (l *Listener) sniff(c *countedConn) {
	deadline := time.Now().Add(l.opts.SniffTimeout)
	_ = c.SetReadDeadline(deadline)
	var first [1]byte
	if _, err := io.ReadFull(c, first[:]); err != nil {
		c.Close()
		return
	}
	pc := &peekedConn{Conn: c, first: first[:]}
	if first[0] == 0x16 { // a TLS record of type handshake
		_ = c.SetReadDeadline(time.Time{})
		l.deliver(tls.Server(pc, l.opts.TLS))
		return
	}
	defer pc.Close()
	redirectToHTTPS(pc, deadline)
}

// redirectToHTTPS reads one request head from c and answers it with a 308
// redirect to the same host and path over https. Heads larger than
// maxRedirectHead, or not complete by deadline, are dropped.
func redirectToHTTPS(c net.Conn, deadline time.Time) {
	_ = c.SetDeadline(deadline)
	req, err := http.ReadRequest(bufio.NewReader(io.LimitReader(c, maxRedirectHead)))
	if err != nil {
		io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
		return
	}
	host := req.Host
	if !validHost(host) {
		host = c.LocalAddr().String()
	}
	target := "/"
	if req.URL != nil && strings.HasPrefix(req.URL.RequestURI(), "/") {
		target = req.URL.RequestURI()
	}
	loc := "https://" + host + target
	body := "Innkeep serves HTTPS on this port: " + loc + "\n"
	fmt.Fprintf(c, "HTTP/1.1 308 Permanent Redirect\r\nLocation: %s\r\nContent-Type: text/plain; charset=utf-8\r\n"+
		"Content-Length: %d\r\nConnection: close\r\n\r\n%s", loc, len(body), body)
}

// validHost reports whether h is a host[:port] that may go into a Location
// header as it is: letters, digits and . - : [ ] only.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for _, r := range h {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', strings.ContainsRune(".-:[]", r):
		default:
			return false
		}
	}
	return true
}

// refused logs a refusal of a connection from ip, rate-limited per reason.
func (l *Listener) refused(reason string, ip netip.Addr) {
	if n, ok := l.logs[reason].allow(time.Now()); ok {
		l.opts.Logger.Warn("refused a connection", "reason", reason, "remote", ip.String(), "refused_unlogged", n)
	}
}

// remoteIP returns the IP address of c's peer (the zero Addr when it has
// none, which no allow list holds).
func remoteIP(c net.Conn) netip.Addr {
	if ta, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		return ta.AddrPort().Addr().Unmap()
	}
	ap, err := netip.ParseAddrPort(c.RemoteAddr().String())
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}

// key returns what the caps count by: the exact address, IPv4-mapped
// addresses unmapped and the zone dropped, as the sign-in throttle counts.
// Not the /64 of an IPv6 address: on a LAN every SLAAC or ULA device
// shares one /64, and one of them would shut out all the others. The total
// cap bounds a client that uses many addresses.
func key(ip netip.Addr) netip.Addr {
	return ip.Unmap().WithZone("")
}

// countedConn frees its place in the caps when it is closed (once).
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// peekedConn gives back the byte that sniff read before the rest of the
// stream.
type peekedConn struct {
	net.Conn
	first []byte
}

func (c *peekedConn) Read(p []byte) (int, error) {
	if len(c.first) > 0 {
		n := copy(p, c.first)
		c.first = c.first[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}

// rateLog lets a line through at most once per every, and counts those it
// held back.
type rateLog struct {
	every time.Duration
	mu    sync.Mutex
	last  time.Time
	held  int
}

// allow reports whether a line may be logged at now, and how many were
// held back since the last one.
func (r *rateLog) allow(now time.Time) (int, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.last.IsZero() && now.Sub(r.last) < r.every {
		r.held++
		return 0, false
	}
	n := r.held
	r.last, r.held = now, 0
	return n, true
}
