package app_test

import (
	"errors"
	"fmt"
	"testing"

	"innkeep/app"
	"innkeep/store"
)

// otherCoded is an error of another package that carries a code.
type otherCoded struct{ code, msg string }

func (e otherCoded) Error() string        { return e.code + ": " + e.msg }
func (e otherCoded) ErrorCode() string    { return e.code }
func (e otherCoded) ErrorMessage() string { return e.msg }

func TestErrorCodeAndMessage(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantCode string
		wantMsg  string
	}{
		{"nil has no code", nil, "", ""},
		{"app error keeps its code and message", app.Errorf(app.ECONFLICT, "room %s is taken", "101"), app.ECONFLICT, "room 101 is taken"},
		{"wrapped app error is found in the chain", fmt.Errorf("booking: %w", app.Errorf(app.ENOTFOUND, "no booking X")), app.ENOTFOUND, "no booking X"},
		{"store error is understood through its methods", store.Errorf(store.EINVALID, "bad kind"), app.EINVALID, "bad kind"},
		{"store lock error is unavailable", &store.Error{Code: store.EUNAVAILABLE, Message: "in use", Err: store.ErrLocked}, app.EUNAVAILABLE, "in use"},
		{"error of another package with a code is understood", otherCoded{app.EFORBIDDEN, "not yours"}, app.EFORBIDDEN, "not yours"},
		{"internal store error hides its details", &store.Error{Code: store.EINTERNAL, Message: "page 7 is damaged at /secret/path", Err: errors.New("checksum")}, app.EINTERNAL, "internal error"},
		{"internal app error hides its message", app.Errorf(app.EINTERNAL, "nil map in %s", "folio.go"), app.EINTERNAL, "internal error"},
		{"plain error is internal and hidden", errors.New("open /etc/shadow: permission denied"), app.EINTERNAL, "internal error"},
		{"unknown code is internal and hidden", otherCoded{"teapot", "short and stout"}, app.EINTERNAL, "internal error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := app.ErrorCode(tt.err); got != tt.wantCode {
				t.Errorf("ErrorCode = %q, want %q", got, tt.wantCode)
			}
			if got := app.ErrorMessage(tt.err); got != tt.wantMsg {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.wantMsg)
			}
		})
	}
}

func TestCodesAreTheDesignedSet(t *testing.T) {
	want := []string{"invalid", "not_found", "conflict", "unauthorized", "forbidden", "unavailable", "rate_limited", "disk_full", "internal"}
	got := app.Codes()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("Codes() = %v, want %v", got, want)
	}
}

func TestErrorStringNamesCodeAndMessage(t *testing.T) {
	err := app.Errorf(app.EINVALID, "nights must be positive")
	if got, want := err.Error(), "innkeep error: code=invalid message=nights must be positive"; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
}
