package replica_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"innkeep/store"
	"innkeep/sync/replica"
)

func kinds() []store.Kind {
	return []store.Kind{{Name: "room", Sets: []string{"tags"}}, {Name: "line", AppendOnly: true}}
}

func open(t *testing.T, migrations int) *store.DB {
	t.Helper()
	var ms []store.Migration
	for i := 1; i <= migrations; i++ {
		ms = append(ms, store.Migration{Version: i, Name: fmt.Sprint("m", i), Run: func(*store.Tx) error { return nil }})
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "innkeep.db"), store.Options{Kinds: kinds(), Migrations: ms, NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func put(t *testing.T, db *store.DB, kind, id string, fields map[string]any) {
	t.Helper()
	f := map[string]json.RawMessage{}
	for k, v := range fields {
		f[k], _ = json.Marshal(v)
	}
	if err := db.Update("test", func(tx *store.Tx) error { return tx.Put(kind, id, f) }); err != nil {
		t.Fatal(err)
	}
}

// serve serves db's ops on loopback and counts the pulls it answers.
func serve(t *testing.T, db *store.DB) (string, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		(&replica.Server{DB: db}).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

func hash(t *testing.T, db *store.DB) string {
	t.Helper()
	h, err := db.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestTwoDesksPullingFromEachOtherConverge(t *testing.T) {
	a, b := open(t, 1), open(t, 1)
	for i := range 30 {
		put(t, a, "room", fmt.Sprint("a", i), map[string]any{"n": i, "tags": []string{"x", fmt.Sprint(i % 3)}})
		put(t, b, "room", fmt.Sprint("b", i), map[string]any{"n": -i})
	}
	put(t, a, "line", "l1", map[string]any{"amount": 100})
	put(t, b, "room", "a1", map[string]any{"tags": []string{"y"}}) // unknown to b until it pulls: a new room there
	urlA, _ := serve(t, a)
	urlB, _ := serve(t, b)
	ctx := context.Background()
	for range 2 {
		if _, err := (&replica.Puller{DB: b}).Pull(ctx, urlA); err != nil {
			t.Fatal(err)
		}
		if _, err := (&replica.Puller{DB: a}).Pull(ctx, urlB); err != nil {
			t.Fatal(err)
		}
	}
	if hash(t, a) != hash(t, b) {
		t.Fatal("the desks differ after pulling from each other")
	}
	// Pulling again brings nothing and changes nothing.
	res, err := (&replica.Puller{DB: b}).Pull(ctx, urlA)
	if err != nil || res.Applied != 0 || res.Behind != 0 {
		t.Fatalf("a second pull: %+v (err %v)", res, err)
	}
	for _, db := range []*store.DB{a, b} {
		if err := db.Check(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPagesStayWithinTheirBoundAndAllArrive(t *testing.T) {
	a, b := open(t, 0), open(t, 0)
	long := strings.Repeat("w", 900)
	for i := range 120 {
		put(t, a, "room", fmt.Sprint(i), map[string]any{"note": long})
	}
	url, pulls := serve(t, a)
	res, err := (&replica.Puller{DB: b, PageBytes: 8 << 10}).Pull(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	n := res.Applied
	if n != 120 || hash(t, a) != hash(t, b) {
		t.Fatalf("applied %d of 120 ops; same state: %v", n, hash(t, a) == hash(t, b))
	}
	// About 1 KB an op, 8 KB a page: at least 120/8 round trips.
	if got := pulls.Load(); got < 15 {
		t.Fatalf("%d pulls for 120 ops of 1 KB in pages of 8 KB: the pages are not bounded", got)
	}
	// A page holds one op even when that op alone is larger than the bound.
	c := open(t, 0)
	if _, err := (&replica.Puller{DB: c, PageBytes: 100}).Pull(context.Background(), url); err != nil || hash(t, c) != hash(t, a) {
		t.Fatalf("pages smaller than one op: err %v", err)
	}
}

func TestDesksOfAnotherSchemaAreRefusedAndNothingMoves(t *testing.T) {
	older, newer := open(t, 1), open(t, 2)
	put(t, newer, "room", "r", map[string]any{"n": 1})
	url, _ := serve(t, newer)
	before := hash(t, older)
	_, err := (&replica.Puller{DB: older}).Pull(context.Background(), url)
	var pe *replica.PeerError
	if !errors.As(err, &pe) || pe.Status != http.StatusConflict || pe.Body.Code != replica.CodeSchema || pe.Body.Ours != 2 || pe.Body.Theirs != 1 {
		t.Fatalf("err = %v, want a schema refusal naming 2 (there) and 1 (here)", err)
	}
	if !strings.Contains(pe.Body.Message, "update") {
		t.Errorf("the refusal does not say which desk to update: %q", pe.Body.Message)
	}
	if hash(t, older) != before {
		t.Fatal("a refused pull changed the store")
	}
}

func TestADeskLackingPrunedOpsIsToldToStartFromASnapshot(t *testing.T) {
	a, b := open(t, 0), open(t, 0)
	put(t, a, "room", "r1", map[string]any{"n": 1})
	put(t, a, "room", "r2", map[string]any{"n": 2})
	vv, _ := a.VersionVector()
	if _, err := a.Prune([]store.VersionVector{vv}); err != nil {
		t.Fatal(err)
	}
	url, _ := serve(t, a)
	_, err := (&replica.Puller{DB: b}).Pull(context.Background(), url)
	var pe *replica.PeerError
	if !errors.As(err, &pe) || pe.Status != http.StatusGone || pe.Body.Code != replica.CodeSnapshot {
		t.Fatalf("err = %v, want snapshot_needed", err)
	}
}

func TestAPeerRefusesMalformedRequests(t *testing.T) {
	url, _ := serve(t, open(t, 0))
	for name, body := range map[string]string{
		"not JSON":            "{",
		"an unknown field":    `{"schema":0,"have":{},"max_bytes":0,"give_me":"all"}`,
		"a negative page":     `{"schema":0,"have":{},"max_bytes":-1}`,
		"a page too large":    fmt.Sprintf(`{"schema":0,"have":{},"max_bytes":%d}`, replica.MaxPageBytes+1),
		"a bad origin":        `{"schema":0,"have":{"Not A Desk":3}}`,
		"data after the JSON": `{"schema":0,"have":{}} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			res, err := http.Post(url+replica.PullPath, "application/json", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var e replica.ErrorBody
			_ = json.NewDecoder(res.Body).Decode(&e)
			if res.StatusCode != http.StatusBadRequest || e.Code != replica.CodeBad || e.Message == "" {
				t.Fatalf("status %d, body %+v, want 400 bad_request saying why", res.StatusCode, e)
			}
		})
	}
	res, err := http.Get(url + replica.PullPath)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: status %d, want 405", res.StatusCode)
	}
}

// TestAForgedPageIsRefusedWhole: a peer that sends an op changing a ledger
// line, after good ones, gets the whole page refused, and the desk keeps
// what it had.
func TestAForgedPageIsRefusedWhole(t *testing.T) {
	b := open(t, 0)
	put(t, b, "line", "l1", map[string]any{"amount": 100})
	ops, _ := b.OpsSince(store.VersionVector{}, 10)
	line := ops[0]
	forged := store.Op{Origin: "e0e0e0e0e0e0e0e0", Seq: 2, HLC: line.HLC + 1, Kind: "line", ID: "l1", Fields: map[string]json.RawMessage{"amount": json.RawMessage("1")}}
	good := store.Op{Origin: "e0e0e0e0e0e0e0e0", Seq: 1, HLC: line.HLC, Kind: "room", ID: "x", Fields: map[string]json.RawMessage{"n": json.RawMessage("1")}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(replica.PullResponse{Schema: 0, Ops: []store.Op{good, forged}})
	}))
	defer srv.Close()
	before := hash(t, b)
	_, err := (&replica.Puller{DB: b}).Pull(context.Background(), srv.URL)
	var refused *store.RefusedOp
	if !errors.As(err, &refused) || refused.Seq != 2 {
		t.Fatalf("err = %v, want the forged op refused", err)
	}
	if hash(t, b) != before {
		t.Fatal("a refused page changed the store")
	}
}

// TestOneRefusedDeskDoesNotHoldUpTheOthers: desk A holds its own ops and
// those of desk X, whose clock runs an hour ahead. Desk B refuses X's ops
// (too far ahead of its clock) but still gets A's, is told which origin it
// refused and how many ops it still lacks, and has the refusal recorded.
func TestOneRefusedDeskDoesNotHoldUpTheOthers(t *testing.T) {
	openAt := func(offset time.Duration) *store.DB {
		db, err := store.Open(filepath.Join(t.TempDir(), "innkeep.db"), store.Options{Kinds: kinds(), NoSync: true,
			Now: func() time.Time { return time.Now().Add(offset) }})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a, x, b := openAt(time.Hour), openAt(time.Hour), openAt(0)
	for i := range 5 {
		put(t, x, "room", fmt.Sprint("x", i), map[string]any{"n": i})
	}
	// Desk A passes on the ops of a desk on time and those of X.
	onTime := openAt(0)
	for i := range 7 {
		put(t, onTime, "room", fmt.Sprint("a", i), map[string]any{"n": i})
	}
	for _, src := range []*store.DB{onTime, x} {
		ops, _ := src.OpsSince(store.VersionVector{}, 100)
		if _, err := a.ApplyRemote(ops); err != nil {
			t.Fatal(err)
		}
	}
	url, _ := serve(t, a)
	res, err := (&replica.Puller{DB: b}).Pull(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 7 || len(res.Refused) != 1 || res.Refused[0].Origin != x.NodeID() || res.Behind != 5 {
		t.Fatalf("pull = %+v, want A's 7 ops applied, X refused, 5 ops behind", res)
	}
	refusals, err := b.Refusals()
	if err != nil || len(refusals) != 1 || refusals[0].Origin != x.NodeID() || refusals[0].Reason != store.RefusedClockAhead {
		t.Fatalf("refusals recorded: %+v (err %v)", refusals, err)
	}
}

func FuzzDecodePullRequest(f *testing.F) {
	f.Add([]byte(`{"schema":3,"have":{"a1b2":4},"max_bytes":1024}`))
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"have":{"":1}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		req, err := replica.DecodePullRequest(bytes.NewReader(b))
		if err == nil && (req.MaxBytes < 0 || req.MaxBytes > replica.MaxPageBytes) {
			t.Fatalf("accepted max_bytes %d", req.MaxBytes)
		}
	})
}

func FuzzDecodePullResponse(f *testing.F) {
	f.Add([]byte(`{"schema":1,"ops":[{"origin":"a","seq":1,"hlc":5,"kind":"room","id":"r","fields":{"n":1}}],"more":false}`))
	f.Add([]byte(`{"ops":[{"origin":"a","seq":0}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		resp, err := replica.DecodePullResponse(bytes.NewReader(b), 1<<20)
		if err != nil {
			return
		}
		for _, op := range resp.Ops {
			if err := op.Validate(); err != nil {
				t.Fatalf("accepted an invalid op: %v", err)
			}
		}
	})
}
