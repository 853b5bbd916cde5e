package discovery_test

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"innkeep/sync/discovery"
)

// lan makes two network namespaces joined by a veth pair, 10.231.0.1 and
// 10.231.0.2, with the multicast route mDNS needs, and removes them when
// the test ends. Only addresses inside the namespaces it made are used.
func lan(t *testing.T) (a, b string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("network namespaces need root (CI runs as root)")
	}
	a, b = fmt.Sprintf("ik%da", os.Getpid()), fmt.Sprintf("ik%db", os.Getpid())
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	run("netns", "add", a)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", a).Run() })
	run("netns", "add", b)
	t.Cleanup(func() { _ = exec.Command("ip", "netns", "del", b).Run() })
	run("link", "add", "ikv", "netns", a, "type", "veth", "peer", "name", "ikv", "netns", b)
	for i, ns := range []string{a, b} {
		run("-n", ns, "addr", "add", fmt.Sprintf("10.231.0.%d/24", i+1), "dev", "ikv")
		run("-n", ns, "link", "set", "lo", "up")
		run("-n", ns, "link", "set", "ikv", "up")
		run("-n", ns, "route", "add", "224.0.0.0/4", "dev", "ikv")
	}
	return a, b
}

// inNetns runs fn on a thread of its own that has entered namespace ns;
// the thread is never given back (it ends with its goroutine), so no other
// code runs in the namespace. Sockets fn opens stay in it.
func inNetns(ns string, fn func(iface *net.Interface) error) error {
	errc := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		f, err := os.Open("/var/run/netns/" + ns)
		if err != nil {
			errc <- err
			return
		}
		defer f.Close()
		if err := unix.Setns(int(f.Fd()), unix.CLONE_NEWNET); err != nil {
			errc <- err
			return
		}
		iface, err := net.InterfaceByName("ikv")
		if err != nil {
			errc <- err
			return
		}
		errc <- fn(iface)
	}()
	return <-errc
}

// TestDesksOfOneHotelFindEachOtherAndNotOthers: in one namespace a desk of
// hotel T and a desk of another hotel announce themselves; a desk of T in
// the other namespace browses and finds only T's desk, with its name,
// schema and sync address; once that desk stops announcing, it is not
// found.
func TestDesksOfOneHotelFindEachOtherAndNotOthers(t *testing.T) {
	nsA, nsB := lan(t)
	tag, other := discovery.InstallationTag("hotel-T"), discovery.InstallationTag("hotel-U")
	if tag == other || len(tag) != 16 {
		t.Fatalf("tags %q and %q", tag, other)
	}
	desk := discovery.Desk{Installation: tag, NodeID: "a1b2c3d4e5f60718", Name: "Front desk 1", Schema: 4, Addr: netip.MustParseAddrPort("10.231.0.1:7443")}
	stranger := discovery.Desk{Installation: other, NodeID: "ffff000011112222", Name: "Hill Lodge", Schema: 4, Addr: netip.MustParseAddrPort("10.231.0.1:7444")}
	var announcers []*discovery.Announcer
	if err := inNetns(nsA, func(iface *net.Interface) error {
		for _, d := range []discovery.Desk{desk, stranger} {
			an, err := discovery.Announce(d, iface)
			if err != nil {
				return err
			}
			announcers = append(announcers, an)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, an := range announcers {
			an.Stop()
		}
	}()

	browse := func() []discovery.Desk {
		t.Helper()
		var found []discovery.Desk
		if err := inNetns(nsB, func(iface *net.Interface) error {
			var err error
			found, err = discovery.Browse(context.Background(), tag, iface, 1500*time.Millisecond)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return found
	}
	// mDNS answers may be lost on a busy machine: ask a few times.
	var found []discovery.Desk
	for range 5 {
		if found = browse(); len(found) > 0 {
			break
		}
	}
	if len(found) != 1 || found[0] != desk {
		t.Fatalf("found %+v, want only %+v", found, desk)
	}
	announcers[0].Stop()
	if found := browse(); len(found) != 0 {
		t.Fatalf("a desk that stopped announcing is still found: %+v", found)
	}
}

func TestAnnouncingNeedsTheDesksIdentityAndAddress(t *testing.T) {
	if _, err := discovery.Announce(discovery.Desk{NodeID: "a1"}, nil); err == nil {
		t.Fatal("a desk without installation or address was announced")
	}
}
