package app

import (
	"errors"
	"fmt"
	"strings"
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
	EDISKFULL     = "disk_full"    // the disk of the data folder is full; nothing was written
	EINTERNAL     = "internal"     // a bug or a broken file; details go to the log only
)

// Codes lists every error code, in the order of the constants above.
func Codes() []string {
	return []string{EINVALID, ENOTFOUND, ECONFLICT, EUNAUTHORIZED, EFORBIDDEN, EUNAVAILABLE, ERATELIMITED, EDISKFULL, EINTERNAL}
}

// internalMessage is the only message that users see for an internal error.
const internalMessage = "internal error"

// Error is an error that a person may read: a code from the list above, a
// stable message key, the message's named parameters, and the message in
// English. Edges (app/api) show it in the reader's language through a
// Translator; the English message is what logs and the command line print.
type Error struct {
	Code    string
	Key     string         // e.g. "booking.too_many_guests"; see E
	Params  map[string]any // the values of the message's {placeholders}
	Message string         // the message in English
	english string         // the English template, for Translator
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("innkeep error: code=%s message=%s", e.Code, e.Message)
}

// ErrorCode returns e.Code.
func (e *Error) ErrorCode() string { return e.Code }

// ErrorMessage returns e.Message.
func (e *Error) ErrorMessage() string { return e.Message }

// E returns an *Error with code, the stable message key, the English
// template of the message and its parameters as name/value pairs:
//
//	app.E(app.ECONFLICT, "booking.room_taken", "room {room} is taken on {night}", "room", rm.Number, "night", night)
//
// A key names one message everywhere it is used: "slice.what_went_wrong",
// lower case. Each placeholder {name} of the template must have a pair, and
// each key a translation in every language of Languages (see Translations);
// TestEveryMessageHasItsTranslations keeps them so. A parameter that is an
// error with a key is translated with the message that holds it.
func E(code, key, english string, pairs ...any) *Error {
	params := make(map[string]any, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		name, _ := pairs[i].(string)
		params[name] = pairs[i+1]
	}
	return &Error{Code: code, Key: key, Params: params, english: english, Message: Render(english, params, nil)}
}

// Errorf returns an *Error with the given code and a formatted message,
// without a key: its message is English only. Use E for every message a
// person reads; Errorf remains for messages that never leave the process.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Coded is what an error of any package implements to carry a code and a
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
	case EINVALID, ENOTFOUND, ECONFLICT, EUNAUTHORIZED, EFORBIDDEN, EUNAVAILABLE, ERATELIMITED, EDISKFULL, EINTERNAL:
		return true
	}
	return false
}

// NotFound turns the store's not-found error into a message naming the
// record as users know it: kind is a message key of the record's kind
// ("hotel", "room", …; see Messages) and id the id that was asked for.
func NotFound(err error, kind, id string) error {
	if ErrorCode(err) == ENOTFOUND {
		return NotFoundError(kind, id)
	}
	return err
}

// NotFoundError returns the error of a record of kind that does not exist
// or that the actor may not see: the two must read the same, key and
// parameters included, so that no answer tells them apart.
func NotFoundError(kind, id string) *Error {
	return E(ENOTFOUND, "app.not_found", "{kind} \"{id}\" not found", "kind", MakeWord("kind."+kind, strings.ReplaceAll(kind, "_", " ")), "id", id)
}

// Cancelled returns the EUNAVAILABLE error of a request whose context was
// cancelled (the client went away or gave up) before the work was done.
func Cancelled() *Error {
	return E(EUNAVAILABLE, "app.cancelled", "the request was cancelled")
}

// DiskFull returns the EDISKFULL error of a write that the disk of the data
// folder had no room for. Nothing of the write was kept.
func DiskFull() *Error {
	return E(EDISKFULL, "app.disk_full", "the disk is full: nothing was saved; free some space on the disk of the data folder, then try again")
}

// FirstErr returns the first of errs that is not nil, or nil.
func FirstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
