package store

import (
	"errors"
	"fmt"
)

// Error codes. They match the codes the application layer translates at its
// edges (HTTP statuses, CLI messages); the store never formats them for users.
const (
	EINVALID     = "invalid"     // the caller's input is malformed
	ENOTFOUND    = "not_found"   // no such live document
	ECONFLICT    = "conflict"    // the write contradicts stored state
	EUNAVAILABLE = "unavailable" // the store cannot be used right now (locked, closed)
	EDISKFULL    = "disk_full"   // the disk of the store's file has no room for the write
	EINTERNAL    = "internal"    // a bug or a damaged file
)

// Error is an error with a machine-readable code and a message that is safe
// to show to a person.
type Error struct {
	Code    string
	Message string
	Err     error // the underlying cause, if any; never shown to users
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of e. It lets other packages read the code
// without importing this one.
func (e *Error) ErrorCode() string { return e.Code }

// ErrorMessage returns the human-readable message of e.
func (e *Error) ErrorMessage() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err: the code of the first *Error in its
// chain, "" for nil, and EINTERNAL for any other error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrLocked is returned by Open when another process holds the file lock.
var ErrLocked = &Error{Code: EUNAVAILABLE, Message: "the store is in use by another process"}

// ErrClosed is returned by operations on a closed DB.
var ErrClosed = &Error{Code: EUNAVAILABLE, Message: "the store is closed"}

// ErrDiskFull is returned by Update when the write could not be stored
// because the disk of the file is full. Nothing of the write was kept.
var ErrDiskFull = &Error{Code: EDISKFULL, Message: "the disk is full"}

// diskFullErr returns an error that wraps ErrDiskFull and cause.
func diskFullErr(cause error) error {
	return &Error{Code: EDISKFULL, Message: ErrDiskFull.Message, Err: errors.Join(ErrDiskFull, cause)}
}

func wrapInternal(err error, msg string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Code: EINTERNAL, Message: msg, Err: err}
}
