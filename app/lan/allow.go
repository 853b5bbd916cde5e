package lan

import (
	"net"
	"net/netip"
	"slices"
	"strings"

	"innkeep/app"
)

// AllowList is the set of address ranges that may connect. The zero value
// allows nobody.
type AllowList struct {
	prefixes []netip.Prefix
}

// AllowAny is what --allow takes to let every address connect.
const AllowAny = "any"

// ParseAllow parses a comma-separated list of address ranges in CIDR
// notation (192.168.1.0/24, fd00::/8) or single addresses (192.168.1.20),
// or "any" for every address. Spaces around entries are ignored. It
// returns EINVALID naming the first entry that is not a range, or when the
// list is empty.
func ParseAllow(spec string) (AllowList, error) {
	var l AllowList
	for _, entry := range strings.Split(spec, ",") {
		entry = strings.TrimSpace(entry)
		if strings.EqualFold(entry, AllowAny) {
			l.prefixes = append(l.prefixes, netip.MustParsePrefix("0.0.0.0/0"), netip.MustParsePrefix("::/0"))
			continue
		}
		if entry == "" {
			continue
		}
		p, err := netip.ParsePrefix(entry)
		if err != nil {
			a, aerr := netip.ParseAddr(entry)
			if aerr != nil || a.Zone() != "" {
				return AllowList{}, app.E(app.EINVALID, "lan.bad_allow_entry",
					"\"{entry}\" is not an address range such as 192.168.1.0/24 or fd00::/8, an address, or \"any\"", "entry", entry)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		l.add(p)
	}
	if len(l.prefixes) == 0 {
		return AllowList{}, app.E(app.EINVALID, "lan.empty_allow", "the allow list is empty: name address ranges such as 192.168.1.0/24, or \"any\"")
	}
	return l, nil
}

// DefaultAllow returns the host's own subnets — the prefix of every address
// of its network interfaces that are up — and loopback (127.0.0.0/8, ::1).
// When the interfaces cannot be listed, it returns loopback only and the
// error, for the caller to log.
func DefaultAllow() (AllowList, error) {
	var l AllowList
	l.add(netip.MustParsePrefix("127.0.0.0/8"))
	l.add(netip.MustParsePrefix("::1/128"))
	ifaces, err := net.Interfaces()
	if err != nil {
		return l, err
	}
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			n, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			ip, ok := netip.AddrFromSlice(n.IP)
			if !ok {
				continue
			}
			ones, _ := n.Mask.Size()
			ip = ip.Unmap()
			if ip.Is4() && ones > 32 {
				ones -= 96
			}
			if p, err := ip.Prefix(ones); err == nil {
				l.add(p)
			}
		}
	}
	return l, nil
}

// add adds p, masked, unless the list holds it already.
func (l *AllowList) add(p netip.Prefix) {
	p = p.Masked()
	if !slices.Contains(l.prefixes, p) {
		l.prefixes = append(l.prefixes, p)
	}
}

// Allows reports whether a connection from ip may be accepted. IPv4
// addresses mapped into IPv6 (::ffff:192.168.1.20) count as IPv4, and an
// IPv6 zone (fe80::1%eth0) is ignored.
func (l AllowList) Allows(ip netip.Addr) bool {
	ip = ip.Unmap().WithZone("")
	for _, p := range l.prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// String returns the list as ParseAllow reads it.
func (l AllowList) String() string {
	s := make([]string, len(l.prefixes))
	for i, p := range l.prefixes {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}
