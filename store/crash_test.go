package store_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"innkeep/store"
)

// crashEnv names the store file a crash child writes to.
const crashEnv = "INNKEEP_CRASH_CHILD_DB"

// TestProcessCrashChild is the child of TestProcessCrashLosesNoAcknowledgedWrite: it
// writes documents in a loop, each in its own durable transaction, and
// prints "ack N" after each commit returns. It does nothing in a normal run.
func TestProcessCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("runs only as the child of TestProcessCrashLosesNoAcknowledgedWrite")
	}
	start, _ := strconv.Atoi(os.Getenv(crashEnv + "_START"))
	db, err := store.Open(path, store.Options{Kinds: testKinds()})
	if err != nil {
		fmt.Println("open failed:", err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	for i := start; ; i++ {
		err := db.Update("crash", func(tx *store.Tx) error {
			// A document, an index change on another, and a ledger line.
			if err := tx.Put("note", itoa(i), fields("n", i, "pad", strings.Repeat("x", i%900))); err != nil {
				return err
			}
			if err := tx.Put("room", itoa(i%50), fields("floor", i%9, "features", []string{itoa(i % 4)})); err != nil {
				return err
			}
			return tx.Put("line", "l"+itoa(i), fields("amount", i))
		})
		if err != nil {
			fmt.Println("write failed:", err)
			os.Exit(3)
		}
		fmt.Fprintf(out, "ack %d\n", i)
		out.Flush()
	}
}

// TestProcessCrashLosesNoAcknowledgedWrite kills a writing child process with
// SIGKILL at a random moment, several times over one file, and checks after
// each kill that every write the child acknowledged is there and the store
// passes its consistency check. It proves recovery from a crash of the
// process (a commit cut short at any point leaves the last committed
// state), not durability: the page cache survives the process, so this
// test passes with syncing off too. TestPowerLossLosesNoAcknowledgedWrite
// (powerloss_linux_test.go) is the one that loses unsynced writes.
func TestProcessCrashLosesNoAcknowledgedWrite(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("child")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	next := 0
	for round := 0; round < 4; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestProcessCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path, crashEnv+"_START="+itoa(next))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killAfter := 20 + rand.IntN(200)
		acked := -1
		sc := bufio.NewScanner(stdout)
		killed := false
		for sc.Scan() {
			line := sc.Text()
			n, ok := strings.CutPrefix(line, "ack ")
			if !ok {
				t.Fatalf("child: %s", line)
			}
			acked, _ = strconv.Atoi(n)
			if !killed && acked-next+1 >= killAfter {
				_ = cmd.Process.Signal(syscall.SIGKILL)
				killed = true // acks already printed still count
			}
		}
		_ = cmd.Wait()
		if !killed || acked < 0 {
			t.Fatalf("round %d: child ended before it was killed (last ack %d)", round, acked)
		}

		db, err := store.Open(path, store.Options{Kinds: testKinds()})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		if err := db.Check(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		err = db.View(func(tx *store.Tx) error {
			for i := 0; i <= acked; i++ {
				if _, err := tx.Get("note", itoa(i)); err != nil {
					return fmt.Errorf("acknowledged write %d is lost: %w", i, err)
				}
				if _, err := tx.Get("line", "l"+itoa(i)); err != nil {
					return fmt.Errorf("acknowledged ledger line %d is lost: %w", i, err)
				}
			}
			// At most the one write in flight at the kill may be there too.
			for i := acked + 2; i < acked+5; i++ {
				if _, err := tx.Get("note", itoa(i)); err == nil {
					return fmt.Errorf("write %d exists but was never started", i)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		// The next round continues after whatever survived.
		vv, _ := db.VersionVector()
		next = int(vv[db.NodeID()]) / 3
		db.Close()
		t.Logf("round %d: killed after %d acknowledged writes; all present", round, acked+1)
	}
}
