//go:build !unix && !windows

package store

// isDiskFull reports whether err says that the disk has no room left. This
// platform has no code for it that the store knows.
func isDiskFull(err error) bool { return false }
