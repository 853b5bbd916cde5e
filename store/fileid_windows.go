//go:build windows

package store

import (
	"fmt"
	"os"
	"syscall"
)

// fileIdentity returns the volume serial number and file index of the file
// at path: a copy or a restored file has another; a rename within the
// volume keeps it.
func fileIdentity(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var info syscall.ByHandleFileInformation
	if err := syscall.GetFileInformationByHandle(syscall.Handle(f.Fd()), &info); err != nil {
		return "", err
	}
	return fmt.Sprintf("%x:%x%08x", info.VolumeSerialNumber, info.FileIndexHigh, info.FileIndexLow), nil
}

// syncDir does nothing: Windows makes a rename durable with the file
// system's own journal, and directories cannot be opened for syncing.
func syncDir(string) error { return nil }
