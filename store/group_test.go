package store_test

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"innkeep/store"
)

// batchOf holds a first Update open until n more calls of Update queue
// behind it, then lets it commit, so that the n run as one batch. Each
// call i runs fns[i]; it returns the errors and panics of the n calls.
func batchOf(t *testing.T, db *store.DB, fns []func(*store.Tx) error) (errs []error, panics []any) {
	t.Helper()
	hold, held := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- db.Update("first", func(tx *store.Tx) error {
			close(held)
			<-hold
			return tx.Put("note", "first", fields("text", "first"))
		})
	}()
	<-held
	errs, panics = make([]error, len(fns)), make([]any, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[i] = recover() }()
			errs[i] = db.Update(fmt.Sprintf("clerk%d", i), fn)
		}()
	}
	for store.QueuedUpdates(db) < len(fns) {
		runtime.Gosched()
	}
	close(hold)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	return errs, panics
}

func TestConcurrentUpdatesShareOneCommitAndAllAreDurable(t *testing.T) {
	path := t.TempDir() + "/innkeep.db"
	db := MustOpenAt(t, path)
	const n = 8
	var mu sync.Mutex
	txIDs := map[int]bool{}
	fns := make([]func(*store.Tx) error, n)
	for i := range fns {
		fns[i] = func(tx *store.Tx) error {
			mu.Lock()
			txIDs[store.TxID(tx)] = true
			mu.Unlock()
			return tx.Put("note", fmt.Sprintf("n%d", i), fields("text", i))
		}
	}
	errs, _ := batchOf(t, db, fns)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if len(txIDs) != 1 {
		t.Errorf("%d concurrent Updates ran in %d transactions, want one shared commit", n, len(txIDs))
	}
	// Each op carries its own call's actor.
	ops, err := db.OpsSince(nil, 1000)
	if err != nil {
		t.Fatal(err)
	}
	actors := map[string]string{}
	for _, op := range ops {
		actors[op.ID] = op.Actor
	}
	for i := 0; i < n; i++ {
		if got, want := actors[fmt.Sprintf("n%d", i)], fmt.Sprintf("clerk%d", i); got != want {
			t.Errorf("note n%d was written by %q, want %q", i, got, want)
		}
	}
	db.Close()
	db = MustOpenAt(t, path)
	for i := 0; i < n; i++ {
		if _, err := getDoc(db, "note", fmt.Sprintf("n%d", i)); err != nil {
			t.Errorf("after reopening, note n%d: %v", i, err)
		}
	}
}

func TestAFailingFunctionInABatchTakesNoOtherWritesAndKeepsNoneOfItsOwn(t *testing.T) {
	errOwn := errors.New("refused")
	for _, tc := range []struct {
		name string
		fail func(tx *store.Tx, run int) error // the middle call's function, on its run-th run
	}{
		{"failing before it writes", func(tx *store.Tx, run int) error {
			return fmt.Errorf("run %d: %w", run, errOwn)
		}},
		{"failing after it writes", func(tx *store.Tx, run int) error {
			if err := tx.Put("note", "bad", fields("text", "partial")); err != nil {
				return err
			}
			if err := tx.LocalPut("space", "bad", []byte("partial")); err != nil {
				return err
			}
			return fmt.Errorf("run %d: %w", run, errOwn)
		}},
		{"panicking after it writes", func(tx *store.Tx, run int) error {
			if err := tx.Put("note", "bad", fields("text", "partial")); err != nil {
				return err
			}
			panic(fmt.Sprintf("run %d", run))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := MustOpen(t)
			runs := 0
			var sawGood0 []bool
			fns := []func(*store.Tx) error{
				func(tx *store.Tx) error { return tx.Put("note", "good0", fields("text", "a")) },
				func(tx *store.Tx) error {
					runs++
					_, err := tx.Get("note", "good0")
					sawGood0 = append(sawGood0, err == nil)
					return tc.fail(tx, runs)
				},
				func(tx *store.Tx) error { return tx.Put("note", "good1", fields("text", "b")) },
			}
			errs, panics := batchOf(t, db, fns)
			if errs[0] != nil || errs[2] != nil || panics[0] != nil || panics[2] != nil {
				t.Fatalf("the other calls failed: %v %v %v %v", errs[0], errs[2], panics[0], panics[2])
			}
			for _, id := range []string{"good0", "good1"} {
				if _, err := getDoc(db, "note", id); err != nil {
					t.Errorf("note %s of a call that succeeded: %v", id, err)
				}
			}
			if _, err := getDoc(db, "note", "bad"); store.ErrorCode(err) != store.ENOTFOUND {
				t.Errorf("the failing call's note: %v, want it absent", err)
			}
			_ = db.View(func(tx *store.Tx) error {
				if v := tx.LocalGet("space", "bad"); v != nil {
					t.Errorf("the failing call's local record %q was kept", v)
				}
				return nil
			})
			// Its outcome is that of its last run, alone, on the state the
			// others committed.
			if runs < 2 || !sawGood0[len(sawGood0)-1] {
				t.Fatalf("the failing function ran %d times (saw good0: %v), want a last run alone after the batch", runs, sawGood0)
			}
			want := fmt.Sprintf("run %d", runs)
			if panics[1] != nil {
				if panics[1] != want {
					t.Errorf("the call panicked with %v, want its own last run's %q", panics[1], want)
				}
			} else if !errors.Is(errs[1], errOwn) || errs[1].Error() != want+": refused" {
				t.Errorf("the failing call returned %v, want its own last run's error (%s: refused)", errs[1], want)
			}
		})
	}
}

func TestAnUpdateAloneRunsItsFunctionOnce(t *testing.T) {
	db := MustOpen(t)
	runs := 0
	err := db.Update("a", func(tx *store.Tx) error {
		runs++
		return errors.New("no")
	})
	if err == nil || runs != 1 {
		t.Fatalf("a lone failing Update ran its function %d times and returned %v, want once and its error", runs, err)
	}
}

// TestAViewInsideABatchedUpdateSeesOnlyCommittedWrites: reading through
// the DB from inside a function of a batch works as before, and sees no
// write of the batch, not even the function's own.
func TestAViewInsideABatchedUpdateSeesOnlyCommittedWrites(t *testing.T) {
	db := MustOpen(t)
	var inView, inTx [2]error
	fns := make([]func(*store.Tx) error, 2)
	for i := range fns {
		fns[i] = func(tx *store.Tx) error {
			id := fmt.Sprintf("n%d", i)
			if err := tx.Put("note", id, fields("text", i)); err != nil {
				return err
			}
			_, inTx[i] = tx.Get("note", id)
			inView[i] = db.View(func(v *store.Tx) error {
				if _, err := v.Get("note", "first"); err != nil {
					return err
				}
				_, err := v.Get("note", id)
				return err
			})
			return nil
		}
	}
	errs, _ := batchOf(t, db, fns)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	for i := range fns {
		if inTx[i] != nil || store.ErrorCode(inView[i]) != store.ENOTFOUND {
			t.Errorf("function %d: its transaction reads its write: %v; a View inside it: %v, want not_found", i, inTx[i], inView[i])
		}
	}
}
