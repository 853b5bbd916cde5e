package api

import (
	"net/http/httptest"
	"testing"
)

// TestOnePeerIsOneAddressToTheSignInThrottle: the address the throttle
// counts is written one way for one peer, however it arrived, as app/lan's
// connection caps count it.
func TestOnePeerIsOneAddressToTheSignInThrottle(t *testing.T) {
	for _, tt := range []struct{ remote, want string }{
		{"192.0.2.7:51000", "192.0.2.7"},
		{"[::ffff:192.0.2.7]:51000", "192.0.2.7"},
		{"[fe80::9%eth0]:51000", "fe80::9"},
		{"[fe80::9%eth1]:51000", "fe80::9"},
		{"[fd00::abcd:2]:443", "fd00::abcd:2"},
		{"not an address", "not an address"},
	} {
		r := httptest.NewRequest("POST", "/api/v1/sessions", nil)
		r.RemoteAddr = tt.remote
		if got := clientOf(r).Address; got != tt.want {
			t.Errorf("clientOf(%q).Address = %q, want %q", tt.remote, got, tt.want)
		}
	}
}
