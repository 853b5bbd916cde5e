package app

import (
	"errors"
	"fmt"
)

// Error codes. They are the only codes that leave the application: the API
// maps each to an HTTP status, and the UI shows the message next to it.
const (
	EINVALID      = "invalid"      // the input is malformed or breaks a rule
	ENOTFOUND     = "not_found"    // no such thing
	ECONFLICT     = "conflict"     // the request contradicts the current state
	EUNAUTHORIZED = "unauthorized" // the caller is not signed in
	EFORBIDDEN    = "forbidden"    // the caller may not do this
	EUNAVAILABLE  = "unavailable"  // cannot be done right now (store locked or closed)
	ERATELIMITED  = "rate_limited" // too many attempts; try again later
	EINTERNAL     = "internal"     // a bug or a broken file; details go to the log only
)

// Codes lists every error code, in the order of the constants above.
func Codes() []string {
	return []string{EINVALID, ENOTFOUND, ECONFLICT, EUNAUTHORIZED, EFORBIDDEN, EUNAVAILABLE, ERATELIMITED, EINTERNAL}
}

// internalMessage is the only message that users see for an internal error.
const internalMessage = "internal error"

// Error is an error that a person may read: a code from the list above and a
// message that names what went wrong in the user's terms.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("innkeep error: code=%s message=%s", e.Code, e.Message)
}

// ErrorCode returns e.Code.
func (e *Error) ErrorCode() string { return e.Code }

// ErrorMessage returns e.Message.
func (e *Error) ErrorMessage() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// coded is what an error of any package implements to carry a code and a
// message for people (app.Error and store.Error both do).
type Coded interface {
	error
	ErrorCode() string
	ErrorMessage() string
}

// ErrorCode returns the code of the first error in err's chain that carries
// one. It returns "" for nil and EINTERNAL for an error without a code or with
// a code that is not one of Codes().
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var c Coded
	if errors.As(err, &c) && knownCode(c.ErrorCode()) {
		return c.ErrorCode()
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first error in err's chain that
// carries a code. It returns "" for nil and "internal error" for an internal
// error of any kind, so that details of bugs never reach users; log err
// itself to keep them.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var c Coded
	if errors.As(err, &c) && knownCode(c.ErrorCode()) && c.ErrorCode() != EINTERNAL {
		return c.ErrorMessage()
	}
	return internalMessage
}

func knownCode(code string) bool {
	switch code {
	case EINVALID, ENOTFOUND, ECONFLICT, EUNAUTHORIZED, EFORBIDDEN, EUNAVAILABLE, ERATELIMITED, EINTERNAL:
		return true
	}
	return false
}

// notFound turns the store's not-found error into a message naming the
// record as users know it.
func NotFound(err error, kind, id string) error {
	if ErrorCode(err) == ENOTFOUND {
		return Errorf(ENOTFOUND, "%s %q not found", kind, id)
	}
	return err
}

func FirstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
