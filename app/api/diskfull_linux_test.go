//go:build linux

package api_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"innkeep/app/api"
	"innkeep/app/apptest"
	"innkeep/app/datadir"
	"innkeep/app/desk"
	"innkeep/app/ops"
	"innkeep/store"
)

// mountSmallDisk mounts a tmpfs of size bytes on a new temporary folder
// and returns it; it is unmounted when the test ends. Mounting needs root
// (as in CI); elsewhere the test skips (scripts/allowed-skips.txt).
func mountSmallDisk(t *testing.T, size int) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d,mode=0700", size)); err != nil {
		t.Fatalf("mount a %d-byte tmpfs on %s: %v", size, dir, err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// fillDisk writes a file into dir until the disk is full, and returns its
// path.
func fillDisk(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 64<<10)
	for {
		if _, err := f.Write(block); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling the disk: %v", err)
			}
			break
		}
	}
	for _, n := range []int{4096, 512, 1} { // the last crumbs
		for {
			if _, err := f.Write(block[:n]); err != nil {
				break
			}
		}
	}
	return path
}

func TestSecurityAFullDiskIsSaidSoAndLosesNothing(t *testing.T) {
	dir := mountSmallDisk(t, 32<<20)
	db, err := store.Open(filepath.Join(dir, datadir.StoreFileName), store.Options{Kinds: desk.Kinds(), Migrations: desk.Migrations()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	k := apptest.OnStore(db, dir, apptest.Options{Clock: apptest.NewClock(time.Now().UTC().Truncate(time.Second))})
	d := &testDesk{h: api.New(api.Config{Desk: k.Desk}), svc: k, clk: k.Clock}
	d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	filler := fillDisk(t, dir)

	// Guests are added until one finds no room: each answer is either a
	// new guest or disk_full, and the one that failed left no trace.
	var full reply
	for i := 0; i < 500 && full.status == 0; i++ {
		before := d.stateHash(t)
		r := d.do(t, request{method: "POST", path: "/api/v1/guests", token: admin,
			body:   fmt.Sprintf(`{"name":"Guest %d","notes":%q}`, i, strings.Repeat("n", 2000)),
			header: map[string]string{"Accept-Language": "zh-CN"}})
		switch r.status {
		case 201:
		case 507:
			full = r
			if after := d.stateHash(t); after != before {
				t.Errorf("the write that found the disk full changed the store")
			}
		default:
			t.Fatalf("add a guest on a full disk: %d %.300s, want 201 or 507", r.status, r.body)
		}
	}
	if full.status == 0 {
		t.Fatal("500 guests fit on a full disk: the disk was not full")
	}
	if code, msg := full.envelope(t); code != "disk_full" || !strings.Contains(msg, "磁盘已满") {
		t.Errorf("full disk answered %s %q, want disk_full in Chinese", code, msg)
	}
	r := d.do(t, request{method: "POST", path: "/api/v1/guests", token: admin, body: `{"name":"Guest X","notes":"` + strings.Repeat("n", 2000) + `"}`}).want(t, 507)
	if code, msg := r.envelope(t); code != "disk_full" || !strings.Contains(msg, "the disk is full") {
		t.Errorf("full disk answered %s %q, want disk_full in English", code, msg)
	}

	var h ops.Health
	d.do(t, request{method: "GET", path: "/api/v1/system/health", token: admin}).want(t, 200).decode(t, &h)
	if h.Status != ops.StatusWarning || !h.Disk.WriteFailedFull || !h.Disk.Low || h.Disk.FreeBytes >= 1<<20 || h.Disk.TotalBytes != 32<<20 {
		t.Errorf("health of a full disk = %s %+v, want a warning, a failed write and almost no free space of 32 MiB", h.Status, h.Disk)
	}

	// Room again: writes go through, and the warning of the failed write
	// goes with the first of them.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	d.do(t, request{method: "POST", path: "/api/v1/guests", token: admin, body: `{"name":"Guest after"}`}).want(t, 201)
	d.do(t, request{method: "GET", path: "/api/v1/system/health", token: admin}).want(t, 200).decode(t, &h)
	if h.Disk.WriteFailedFull || h.Disk.FreeBytes == 0 {
		t.Errorf("health after space was freed = %+v, want no failed write", h.Disk)
	}
}
