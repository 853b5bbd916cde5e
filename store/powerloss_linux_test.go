package store_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"

	"innkeep/store"
)

// A power loss keeps what the disk holds: what every fsync made durable,
// and any part of what was written since. A killed process loses nothing
// of what it wrote (the page cache survives it), so only a file system that
// can forget unsynced writes shows whether the store syncs before it
// acknowledges. syncFS is such a file system: one directory, held in
// memory and mounted with FUSE, whose files remember what an fsync made
// durable and the writes since; cut takes the image a power loss would
// leave, and from then on every write fails. Directory changes (create,
// rename, unlink) count as durable at once.
type syncFS struct {
	fs.Inode

	mu    sync.Mutex
	files map[string]*syncFile
	ino   uint64
	dead  bool // the power is off
	syncs int  // fsyncs so far
	init  map[string][]byte
}

type syncFile struct {
	fs.Inode
	sfs     *syncFS
	data    []byte   // what readers see
	durable []byte   // what an fsync made durable
	pending []change // writes and size changes since, in order
}

// change is a write of data at off, or, when data is nil, a size change.
type change struct {
	off  int64
	data []byte
	size int64
}

var (
	_ fs.NodeOnAdder   = (*syncFS)(nil)
	_ fs.NodeCreater   = (*syncFS)(nil)
	_ fs.NodeUnlinker  = (*syncFS)(nil)
	_ fs.NodeRenamer   = (*syncFS)(nil)
	_ fs.NodeGetattrer = (*syncFS)(nil)
	_ fs.NodeFsyncer   = (*syncFS)(nil)
	_ fs.NodeOpener    = (*syncFile)(nil)
	_ fs.NodeReader    = (*syncFile)(nil)
	_ fs.NodeWriter    = (*syncFile)(nil)
	_ fs.NodeFsyncer   = (*syncFile)(nil)
	_ fs.NodeSetattrer = (*syncFile)(nil)
	_ fs.NodeGetattrer = (*syncFile)(nil)
	_ fs.NodeFlusher   = (*syncFile)(nil)
)

func (s *syncFS) OnAdd(ctx context.Context) {
	for name, data := range s.init {
		f := s.newFile(ctx, name)
		f.data, f.durable = clone(data), clone(data)
	}
}

func (s *syncFS) newFile(ctx context.Context, name string) *syncFile {
	s.ino++
	f := &syncFile{sfs: s}
	ch := s.NewPersistentInode(ctx, f, fs.StableAttr{Mode: syscall.S_IFREG, Ino: s.ino + 1})
	s.AddChild(name, ch, true)
	s.files[name] = f
	return f
}

func (s *syncFS) Getattr(ctx context.Context, fh fs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	out.Mode = syscall.S_IFDIR | 0o700
	return 0
}

// Fsync of the folder: its entries are durable at once.
func (s *syncFS) Fsync(ctx context.Context, fh fs.FileHandle, flags uint32) syscall.Errno { return 0 }

func (s *syncFS) Create(ctx context.Context, name string, flags, mode uint32, out *fuse.EntryOut) (*fs.Inode, fs.FileHandle, uint32, syscall.Errno) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dead {
		return nil, nil, 0, syscall.EIO
	}
	f := s.newFile(ctx, name)
	out.Mode = syscall.S_IFREG | 0o600
	return f.EmbeddedInode(), nil, 0, 0
}

func (s *syncFS) Unlink(ctx context.Context, name string) syscall.Errno {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.files, name)
	return 0
}

func (s *syncFS) Rename(ctx context.Context, name string, newParent fs.InodeEmbedder, newName string, flags uint32) syscall.Errno {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dead {
		return syscall.EIO
	}
	s.files[newName] = s.files[name]
	delete(s.files, name)
	return 0
}

func (f *syncFile) Open(ctx context.Context, flags uint32) (fs.FileHandle, uint32, syscall.Errno) {
	return nil, 0, 0
}

func (f *syncFile) Getattr(ctx context.Context, fh fs.FileHandle, out *fuse.AttrOut) syscall.Errno {
	f.sfs.mu.Lock()
	defer f.sfs.mu.Unlock()
	out.Mode = syscall.S_IFREG | 0o600
	out.Size = uint64(len(f.data))
	return 0
}

func (f *syncFile) Setattr(ctx context.Context, fh fs.FileHandle, in *fuse.SetAttrIn, out *fuse.AttrOut) syscall.Errno {
	f.sfs.mu.Lock()
	defer f.sfs.mu.Unlock()
	if sz, ok := in.GetSize(); ok {
		if f.sfs.dead {
			return syscall.EIO
		}
		f.data = resize(f.data, int64(sz))
		f.pending = append(f.pending, change{size: int64(sz)})
	}
	out.Mode = syscall.S_IFREG | 0o600
	out.Size = uint64(len(f.data))
	return 0
}

func (f *syncFile) Read(ctx context.Context, fh fs.FileHandle, dest []byte, off int64) (fuse.ReadResult, syscall.Errno) {
	f.sfs.mu.Lock()
	defer f.sfs.mu.Unlock()
	off = min(off, int64(len(f.data)))
	end := min(off+int64(len(dest)), int64(len(f.data)))
	return fuse.ReadResultData(clone(f.data[off:end])), 0
}

func (f *syncFile) Write(ctx context.Context, fh fs.FileHandle, data []byte, off int64) (uint32, syscall.Errno) {
	f.sfs.mu.Lock()
	defer f.sfs.mu.Unlock()
	if f.sfs.dead {
		return 0, syscall.EIO
	}
	f.data = writeAt(f.data, data, off)
	f.pending = append(f.pending, change{off: off, data: clone(data)})
	return uint32(len(data)), 0
}

func (f *syncFile) Fsync(ctx context.Context, fh fs.FileHandle, flags uint32) syscall.Errno {
	f.sfs.mu.Lock()
	defer f.sfs.mu.Unlock()
	if f.sfs.dead {
		return syscall.EIO
	}
	f.durable, f.pending = clone(f.data), nil
	f.sfs.syncs++
	return 0
}

func (f *syncFile) Flush(ctx context.Context, fh fs.FileHandle) syscall.Errno { return 0 }

// cut switches the power off: it returns the files as the disk holds
// them, what fsync made durable and, of every 4 KiB piece written since,
// those that keep says reached the disk; later writes fail.
func (s *syncFS) cut(keep func() bool) map[string][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dead = true
	image := map[string][]byte{}
	for name, f := range s.files {
		img := clone(f.durable)
		for _, c := range f.pending {
			if c.data == nil {
				if keep() {
					img = resize(img, c.size)
				}
				continue
			}
			for p := 0; p < len(c.data); p += 4096 {
				if keep() {
					img = writeAt(img, c.data[p:min(p+4096, len(c.data))], c.off+int64(p))
				}
			}
		}
		image[name] = img
	}
	return image
}

func (s *syncFS) syncCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.syncs
}

func clone(b []byte) []byte { return append([]byte{}, b...) }

func resize(b []byte, n int64) []byte {
	if n <= int64(len(b)) {
		return b[:n]
	}
	return append(b, make([]byte, n-int64(len(b)))...)
}

func writeAt(b, data []byte, off int64) []byte {
	if end := off + int64(len(data)); end > int64(len(b)) {
		b = resize(b, end)
	}
	copy(b[off:], data)
	return b
}

// mountSyncFS mounts a syncFS holding the files of image in a new folder
// and returns the folder. It skips the test where FUSE cannot be mounted.
func mountSyncFS(t *testing.T, image map[string][]byte) (string, *syncFS, func()) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("mounting a FUSE file system (without fusermount) needs root; CI runs the tests as root")
	}
	if _, err := os.Stat("/dev/fuse"); err != nil {
		t.Skipf("no FUSE device: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "mnt")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	sfs := &syncFS{files: map[string]*syncFile{}, init: image}
	srv, err := fs.Mount(dir, sfs, &fs.Options{MountOptions: fuse.MountOptions{DirectMountStrict: true, FsName: "syncfs", Name: "syncfs"}})
	if err != nil {
		if errors.Is(err, syscall.EPERM) {
			t.Skipf("this machine does not let root mount a FUSE file system: %v", err)
		}
		t.Fatalf("mount: %v", err)
	}
	unmounted := false
	unmount := func() {
		if !unmounted {
			unmounted = true
			if err := srv.Unmount(); err != nil {
				t.Errorf("unmount: %v", err)
			}
		}
	}
	t.Cleanup(unmount)
	return dir, sfs, unmount
}

// writeTx is one of the writes both tests make: a document, an index
// change on another, and a ledger line.
func writeTx(db *store.DB, i int) error {
	return db.Update("power", func(tx *store.Tx) error {
		if err := tx.Put("note", itoa(i), fields("n", i, "pad", strings.Repeat("x", i%900))); err != nil {
			return err
		}
		if err := tx.Put("room", itoa(i%50), fields("floor", i%9, "features", []string{itoa(i % 4)})); err != nil {
			return err
		}
		return tx.Put("line", "l"+itoa(i), fields("amount", i))
	})
}

// restart writes image to a folder of its own, as the disk is found after
// the power comes back, and opens the store there.
func restart(t *testing.T, image map[string][]byte, mods ...func(*store.Options)) (*store.DB, error) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range image {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	opts := store.Options{Kinds: testKinds()}
	for _, m := range mods {
		m(&opts)
	}
	return store.Open(filepath.Join(dir, "innkeep.db"), opts)
}

// readImage reads back every file of the folder of db (closed).
func readImage(t *testing.T, path string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	image := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(filepath.Dir(path), e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		image[e.Name()] = b
	}
	return image
}

// powerEnv names the store file a power-loss child writes to; the
// child's writes go to the parent's syncFS. The two are apart because a
// process that serves a FUSE file system must not fault on a mapping of
// one of its files: the faulting thread waits in the kernel for the
// server, and the Go runtime, stopping the world, waits for that thread.
const powerEnv = "INNKEEP_POWER_CHILD_DB"

// TestPowerLossChild is the child of the power-loss tests: it writes with
// writeTx from INNKEEP_POWER_CHILD_DB_START on, each write in its own
// transaction, and prints "ack N" after each commit returns. With
// INNKEEP_POWER_CHILD_DB_STEP it waits for a line on its input before each
// write. It does nothing in a normal run.
func TestPowerLossChild(t *testing.T) {
	path := os.Getenv(powerEnv)
	if path == "" {
		t.Skip("runs only as the child of the power-loss tests")
	}
	start, _ := strconv.Atoi(os.Getenv(powerEnv + "_START"))
	db, err := store.Open(path, store.Options{Kinds: testKinds(), NoSync: os.Getenv(powerEnv+"_NOSYNC") != ""})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	for i := start; ; i++ {
		if os.Getenv(powerEnv+"_STEP") != "" && !in.Scan() {
			os.Exit(0)
		}
		if err := writeTx(db, i); err != nil {
			fmt.Fprintln(out, "write failed:", err)
			out.Flush()
			os.Exit(3)
		}
		fmt.Fprintf(out, "ack %d\n", i)
		out.Flush()
	}
}

// child is a running power-loss child.
type child struct {
	cmd   *exec.Cmd
	in    io.WriteCloser
	lines *bufio.Scanner
}

// startChild starts a power-loss child writing to path from write start on.
func startChild(t *testing.T, path string, start int, env ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestPowerLossChild$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), powerEnv+"="+path, powerEnv+"_START="+itoa(start)), env...)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, in: in, lines: bufio.NewScanner(out)}
	t.Cleanup(c.kill)
	return c
}

// ack reads the child's next acknowledgment.
func (c *child) ack(t *testing.T) int {
	t.Helper()
	if !c.lines.Scan() {
		t.Fatalf("child ended: %v", c.lines.Err())
	}
	n, ok := strings.CutPrefix(c.lines.Text(), "ack ")
	if !ok {
		t.Fatalf("child: %s", c.lines.Text())
	}
	i, _ := strconv.Atoi(n)
	return i
}

func (c *child) kill() {
	if c.cmd.ProcessState == nil {
		_ = c.cmd.Process.Signal(syscall.SIGKILL)
		c.in.Close()
		for c.lines.Scan() {
		}
		_ = c.cmd.Wait()
	}
}

// missingWrites returns the acknowledged writes 0..acked that db lacks.
func missingWrites(t *testing.T, db *store.DB, acked int) []int {
	t.Helper()
	var missing []int
	err := db.View(func(tx *store.Tx) error {
		for i := 0; i <= acked; i++ {
			_, errNote := tx.Get("note", itoa(i))
			_, errLine := tx.Get("line", "l"+itoa(i))
			if errNote != nil || errLine != nil {
				missing = append(missing, i)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return missing
}

// TestPowerLossLosesNoAcknowledgedWrite writes on a file system that
// forgets unsynced writes, cuts the power while a writer is busy (keeping
// none, all or a random part of what was written since the last fsync),
// and checks after each cut that the store opens, passes its check, and
// holds every write it acknowledged. Four rounds over one file.
func TestPowerLossLosesNoAcknowledgedWrite(t *testing.T) {
	if os.Getenv(powerEnv) != "" {
		t.Skip("child")
	}
	rng := rand.New(rand.NewPCG(10, 4))
	var image map[string][]byte
	next := 0
	for round := 0; round < 4; round++ {
		mnt, sfs, unmount := mountSyncFS(t, image)
		c := startChild(t, filepath.Join(mnt, "innkeep.db"), next)
		last := next - 1
		for target := next + 10 + rng.IntN(60); last < target; {
			last = c.ack(t)
		}
		// Every write acknowledged so far was synced: the cut comes after
		// its ack, maybe while the next one is being written.
		mode := []int{2, 0, 1, 2}[round] // some, none, all, some
		image = sfs.cut(func() bool {
			switch mode {
			case 0:
				return false
			case 1:
				return true
			}
			return rng.IntN(2) == 0
		})
		c.kill()
		unmount()

		db, err := restart(t, image)
		if err != nil {
			t.Fatalf("round %d: open after the power cut: %v", round, err)
		}
		if err := db.Check(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if missing := missingWrites(t, db, last); len(missing) > 0 {
			t.Fatalf("round %d: acknowledged writes %v are lost", round, missing)
		}
		err = db.View(func(tx *store.Tx) error { next = tx.Count("line"); return nil })
		if err != nil {
			t.Fatal(err)
		}
		p := db.Path()
		db.Close()
		image = readImage(t, p)
		t.Logf("round %d: cut after %d acknowledged writes (unsynced pieces kept: %s); all present", round, last+1, []string{"none", "all", "some"}[mode])
	}
}

// TestPowerLossLosesUnsyncedWritesWithNoSync is the control of
// TestPowerLossLosesNoAcknowledgedWrite: with NoSync the store
// acknowledges writes that no fsync made durable, and a power loss that
// keeps none of them loses them, which shows that the file system forgets
// what the other test relies on being synced.
func TestPowerLossLosesUnsyncedWritesWithNoSync(t *testing.T) {
	if os.Getenv(powerEnv) != "" {
		t.Skip("child")
	}
	mnt, sfs, unmount := mountSyncFS(t, nil)
	c := startChild(t, filepath.Join(mnt, "innkeep.db"), 0, powerEnv+"_NOSYNC=1", powerEnv+"_STEP=1")
	// Write until three writes in a row were acknowledged without any
	// fsync (bbolt syncs when it grows the file, even with NoSync).
	acked, quiet := -1, 0
	for i := 0; quiet < 3; i++ {
		if i > 10000 {
			t.Fatal("every write synced")
		}
		before := sfs.syncCount()
		if _, err := io.WriteString(c.in, "next\n"); err != nil {
			t.Fatal(err)
		}
		acked = c.ack(t)
		if sfs.syncCount() == before {
			quiet++
		} else {
			quiet = 0
		}
	}
	image := sfs.cut(func() bool { return false })
	c.kill()
	unmount()

	db, err := restart(t, image)
	if err != nil {
		t.Logf("the store does not open after the cut: %v", err)
		return // lost, and worse
	}
	defer db.Close()
	missing := missingWrites(t, db, acked)
	if len(missing) < 3 {
		t.Fatalf("with NoSync, a power cut lost %v of the %d acknowledged writes; the last three were never synced and must be lost", missing, acked+1)
	}
	t.Logf("with NoSync, the cut lost acknowledged writes %v", missing)
}
