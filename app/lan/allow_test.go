package lan_test

import (
	"net"
	"net/netip"
	"testing"

	"innkeep/app"
	"innkeep/app/lan"
)

func TestAnAllowListAdmitsOnlyItsRanges(t *testing.T) {
	tests := []struct {
		name  string
		allow string
		ip    string
		want  bool
	}{
		{"an address inside an IPv4 range", "192.168.1.0/24", "192.168.1.77", true},
		{"an address outside it", "192.168.1.0/24", "192.168.2.1", false},
		{"one of several ranges", "10.0.0.0/8, 192.168.1.0/24", "192.168.1.5", true},
		{"a single address given bare", "192.168.1.20", "192.168.1.20", true},
		{"its neighbour", "192.168.1.20", "192.168.1.21", false},
		{"an IPv4 address mapped into IPv6", "192.168.1.0/24", "::ffff:192.168.1.9", true},
		{"an IPv6 range", "fd00::/8", "fd12:3456::1", true},
		{"an IPv6 address outside it", "fd00::/8", "2001:db8::1", false},
		{"an IPv6 address with a zone", "fe80::/64", "fe80::1%eth0", true},
		{"IPv4 is not in an IPv6 range", "::/0", "192.168.1.1", false},
		{"any admits IPv4", "any", "203.0.113.9", true},
		{"any admits IPv6", "ANY", "2001:db8::1", true},
		{"0.0.0.0/0 and ::/0 admit everyone", "0.0.0.0/0,::/0", "2001:db8::1", true},
		{"a range given unmasked is masked", "192.168.1.77/24", "192.168.1.1", true},
		{"loopback is not implied", "192.168.1.0/24", "127.0.0.1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := lan.ParseAllow(tt.allow)
			if err != nil {
				t.Fatal(err)
			}
			if got := l.Allows(netip.MustParseAddr(tt.ip)); got != tt.want {
				t.Fatalf("ParseAllow(%q).Allows(%s) = %v, want %v", tt.allow, tt.ip, got, tt.want)
			}
		})
	}
}

func TestAllowListsThatAreNotRangesAreRefused(t *testing.T) {
	for _, spec := range []string{"192.168.1.0/33", "192.168.1", "lan", "192.168.1.0/24,nonsense", "fe80::1%eth0", "", " , "} {
		t.Run(spec, func(t *testing.T) {
			_, err := lan.ParseAllow(spec)
			if app.ErrorCode(err) != app.EINVALID {
				t.Fatalf("ParseAllow(%q) = %v, want invalid", spec, err)
			}
		})
	}
}

func TestTheDefaultAllowListIsLoopbackAndTheHostsSubnets(t *testing.T) {
	l, err := lan.DefaultAllow()
	if err != nil {
		t.Fatal(err)
	}
	for _, ip := range []string{"127.0.0.1", "127.1.2.3", "::1"} {
		if !l.Allows(netip.MustParseAddr(ip)) {
			t.Errorf("the default list does not allow %s", ip)
		}
	}
	ifaces, err := net.Interfaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 {
			continue
		}
		addrs, _ := ifc.Addrs()
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			ip, _ := netip.AddrFromSlice(n.IP)
			if !l.Allows(ip) {
				t.Errorf("the default list %s does not allow %s, an address of %s", l, ip, ifc.Name)
			}
		}
	}
	for _, ip := range []string{"203.0.113.9", "2001:db8::1"} { // documentation ranges: no host is on them
		if l.Allows(netip.MustParseAddr(ip)) {
			t.Errorf("the default list %s allows %s", l, ip)
		}
	}
}
