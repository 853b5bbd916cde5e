//go:build windows

package store

import (
	"errors"
	"strings"
	"syscall"
)

// Windows' codes of a full disk (winerror.h).
const (
	errorHandleDiskFull syscall.Errno = 39  // ERROR_HANDLE_DISK_FULL
	errorDiskFull       syscall.Errno = 112 // ERROR_DISK_FULL
)

// isDiskFull reports whether err says that the disk has no room left
// (ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL). bbolt formats some of its
// errors with %s, which drops the errno from the chain; its text still
// names it.
func isDiskFull(err error) bool {
	for _, code := range []syscall.Errno{errorDiskFull, errorHandleDiskFull} {
		if errors.Is(err, code) || strings.Contains(err.Error(), code.Error()) {
			return true
		}
	}
	return false
}
