//go:build unix

package store

import (
	"errors"
	"strings"
	"syscall"
)

// isDiskFull reports whether err says that the disk has no room left
// (ENOSPC). bbolt formats some of its errors with %s, which drops the
// errno from the chain; its text still names it.
func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), syscall.ENOSPC.Error())
}
