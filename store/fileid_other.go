//go:build !unix && !windows

package store

// fileIdentity returns "": this system cannot tell a copy from the file
// it was copied from, so the store keeps its node id.
func fileIdentity(string) (string, error) { return "", nil }

func syncDir(string) error { return nil }
