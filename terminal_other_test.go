//go:build !linux

package main_test

import (
	"os/exec"
	"testing"
)

// waitForNoEcho waits until the terminal that onTerminal made has echo
// turned off. Only Linux shows a terminal's settings to another process
// (through /proc); elsewhere the terminal tests cannot wait for it.
func waitForNoEcho(t *testing.T, cmd *exec.Cmd, screen *syncBuffer) {
	t.Helper()
	missing(t, "Linux's /proc, to see when the terminal stops echoing")
}
