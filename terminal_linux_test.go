package main_test

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// waitForNoEcho waits until the terminal that onTerminal made has echo
// turned off: the program is reading a secret, and what is typed now does
// not show. It reads the terminal's settings through the program's
// standard input, the terminal's slave side, found under /proc.
func waitForNoEcho(t *testing.T, cmd *exec.Cmd, screen *syncBuffer) {
	t.Helper()
	deadline := time.Now().Add(hangTimeout)
	child := 0
	for {
		if child == 0 {
			child = childOf(cmd.Process.Pid)
		}
		if child != 0 && echoOff(child) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the terminal still echoes after %v; it shows:\n%s", hangTimeout, screen.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// childOf returns the id of a child process of pid, or 0. script(1) has
// one: the program on the terminal.
func childOf(pid int) int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	for _, e := range entries {
		id, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces and parentheses.
		_, rest, ok := cutLast(string(stat), ")")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			return id
		}
	}
	return 0
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

// echoOff reports whether the terminal on the standard input of process
// pid has echo turned off.
func echoOff(pid int) bool {
	tty, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/0", pid))
	if err != nil || !strings.HasPrefix(tty, "/dev/pts/") {
		return false
	}
	f, err := os.OpenFile(tty, os.O_RDONLY|syscall.O_NOCTTY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	var tio syscall.Termios
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&tio))); errno != 0 {
		return false
	}
	return tio.Lflag&syscall.ECHO == 0
}
