package api_test

import (
	"net/http/httptest"
	"testing"
)

// TestStrictTransportSecurityOnlyOverTLS: a response over HTTPS tells the
// browser to keep to HTTPS; one over plain HTTP does not (browsers ignore
// it there, and the desktop window never uses TLS).
func TestStrictTransportSecurityOnlyOverTLS(t *testing.T) {
	e := newEnv(t, distFS())
	tests := []struct {
		name string
		srv  *httptest.Server
		want string
	}{
		{"over TLS", httptest.NewTLSServer(e.h), "max-age=31536000"},
		{"over plain HTTP", httptest.NewServer(e.h), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer tt.srv.Close()
			for _, path := range []string{"/api/v1/health", "/", "/api/v1/nope"} {
				res, err := tt.srv.Client().Get(tt.srv.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if got := res.Header.Get("Strict-Transport-Security"); got != tt.want {
					t.Errorf("GET %s: Strict-Transport-Security = %q, want %q", path, got, tt.want)
				}
			}
		})
	}
}
