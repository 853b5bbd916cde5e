// Package discovery finds the desks of one hotel on the LAN by mDNS
// (RFC 6762/6763, github.com/hashicorp/mdns): each desk announces the
// service _innkeep._tcp with TXT records naming its installation (a hash,
// so desks of other hotels on the same network are told apart and
// ignored), node id, name, schema version and sync port, and browses for
// the others. Discovery only suggests addresses: trust comes from pairing
// (docs/replication.md).
package discovery

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/mdns"
)

// Service is the mDNS service type desks announce.
const Service = "_innkeep._tcp"

// InstallationTag returns the tag a desk announces for its installation:
// 16 hex digits of a hash of the installation id, which says which desks
// belong together without telling the network the id itself.
func InstallationTag(installationID string) string {
	sum := sha256.Sum256([]byte("innkeep installation\x00" + installationID))
	return hex.EncodeToString(sum[:8])
}

// Desk is what a desk announces of itself.
type Desk struct {
	Installation string         // its InstallationTag
	NodeID       string         // its store's node id
	Name         string         // what staff call it ("Front desk 2")
	Schema       int            // its program's schema version
	Addr         netip.AddrPort // where its sync listener is
}

// txt returns d's TXT records.
func (d Desk) txt() []string {
	return []string{"inst=" + d.Installation, "node=" + d.NodeID, "name=" + d.Name, "schema=" + strconv.Itoa(d.Schema)}
}

// parseTXT reads a desk's TXT records; ok is false when they are not an
// Innkeep desk's.
func parseTXT(fields []string) (d Desk, ok bool) {
	for _, f := range fields {
		k, v, found := strings.Cut(f, "=")
		if !found {
			continue
		}
		switch k {
		case "inst":
			d.Installation = v
		case "node":
			d.NodeID = v
		case "name":
			d.Name = v
		case "schema":
			n, err := strconv.Atoi(v)
			if err != nil {
				return Desk{}, false
			}
			d.Schema = n
		}
	}
	return d, d.Installation != "" && d.NodeID != ""
}

// Announcer answers mDNS queries for one desk until Stop.
type Announcer struct {
	srv *mdns.Server
}

// Announce starts answering queries for desk d on iface (nil: the
// system's default multicast interface), with the addresses given (the
// addresses of iface when none are). It returns an error when no multicast
// listener can be started.
func Announce(d Desk, iface *net.Interface) (*Announcer, error) {
	if d.Installation == "" || d.NodeID == "" || !d.Addr.IsValid() {
		return nil, fmt.Errorf("a desk needs its installation, node id and address to be announced")
	}
	ips := []net.IP{net.IP(d.Addr.Addr().AsSlice())}
	host := d.NodeID + ".innkeep.local."
	svc, err := mdns.NewMDNSService(d.NodeID, Service, "", host, int(d.Addr.Port()), ips, d.txt())
	if err != nil {
		return nil, fmt.Errorf("announce the desk: %w", err)
	}
	srv, err := mdns.NewServer(&mdns.Config{Zone: svc, Iface: iface, Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		return nil, fmt.Errorf("announce the desk: %w", err)
	}
	return &Announcer{srv: srv}, nil
}

// Stop stops answering.
func (a *Announcer) Stop() error { return a.srv.Shutdown() }

// Browse asks the network for the desks of installation (an
// InstallationTag) for as long as wait, on iface (nil: the default
// multicast interface), and returns those that answered, by name then
// node id; desks of other installations are left out.
func Browse(ctx context.Context, installation string, iface *net.Interface, wait time.Duration) ([]Desk, error) {
	entries := make(chan *mdns.ServiceEntry, 64)
	params := mdns.DefaultParams(Service)
	params.Entries, params.Timeout, params.Interface = entries, wait, iface
	params.DisableIPv6 = true
	params.Logger = log.New(io.Discard, "", 0)
	// The query runs on the calling goroutine (its sockets belong to the
	// caller's network); the answers are read meanwhile.
	found := map[string]Desk{}
	read := make(chan struct{})
	go func() {
		defer close(read)
		for e := range entries {
			d, ok := parseTXT(e.InfoFields)
			if !ok || d.Installation != installation || e.AddrV4 == nil {
				continue
			}
			ip, ok := netip.AddrFromSlice(e.AddrV4.To4())
			if !ok || e.Port <= 0 || e.Port > 65535 {
				continue
			}
			d.Addr = netip.AddrPortFrom(ip, uint16(e.Port))
			found[d.NodeID] = d
		}
	}()
	err := mdns.QueryContext(ctx, params)
	close(entries)
	<-read
	if err != nil && ctx.Err() == nil {
		return nil, fmt.Errorf("browse for desks: %w", err)
	}
	out := make([]Desk, 0, len(found))
	for _, d := range found {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].NodeID < out[j].NodeID
	})
	return out, nil
}
