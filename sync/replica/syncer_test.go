package replica_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"innkeep/store"
	"innkeep/sync/replica"
)

// flaky serves db's ops, or answers 503 while down is set.
func flaky(t *testing.T, db *store.DB) (url string, down *atomic.Bool, hits *atomic.Int64) {
	t.Helper()
	down, hits = &atomic.Bool{}, &atomic.Int64{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if down.Load() {
			http.Error(w, "away", http.StatusServiceUnavailable)
			return
		}
		(&replica.Server{DB: db}).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, down, hits
}

// TestASyncerBacksOffFromAFailingPeerAndGoesOnWithTheOthers: one peer
// fails, another works; the working one is pulled every round, the failing
// one is retried only when its backoff (1 s, 2 s, 4 s… up to the maximum)
// is over, and once it answers again its status is ok and its wait resets.
func TestASyncerBacksOffFromAFailingPeerAndGoesOnWithTheOthers(t *testing.T) {
	local, good, bad := open(t, 0), open(t, 0), open(t, 0)
	put(t, good, "room", "g", map[string]any{"n": 1})
	put(t, bad, "room", "b", map[string]any{"n": 2})
	goodURL, _, goodHits := flaky(t, good)
	badURL, badDown, badHits := flaky(t, bad)
	badDown.Store(true)
	now := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
	s := &replica.Syncer{Puller: replica.Puller{DB: local}, Now: func() time.Time { return now }, MaxBackoff: 4 * time.Second}
	s.SetPeers([]replica.Peer{{NodeID: good.NodeID(), Name: "Desk 1", URL: goodURL}, {NodeID: bad.NodeID(), Name: "Desk 2", URL: badURL}})
	ctx := context.Background()

	wantWaits := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}
	for i, wait := range wantWaits {
		s.Round(ctx)
		st := s.Status()
		if st[0].State != replica.StateOK || st[1].State != replica.StateAway || st[1].Failures != i+1 || !st[1].NextTryAt.Equal(now.Add(wait)) {
			t.Fatalf("round %d: %+v, want desk 1 ok and desk 2 away until +%v", i, st, wait)
		}
		hitsBefore := badHits.Load()
		now = now.Add(wait / 2)
		s.Round(ctx) // desk 2 not due yet
		if badHits.Load() != hitsBefore {
			t.Fatalf("round %d: desk 2 was tried before its backoff was over", i)
		}
		now = now.Add(wait - wait/2)
	}
	if goodHits.Load() < int64(2*len(wantWaits)) {
		t.Fatalf("desk 1 was pulled %d times in %d rounds: a failing desk held it up", goodHits.Load(), 2*len(wantWaits))
	}
	badDown.Store(false)
	s.Round(ctx)
	st := s.Status()
	if st[1].State != replica.StateOK || st[1].Failures != 0 || !st[1].LastContactAt.Equal(now) || st[1].BehindOps != 0 {
		t.Fatalf("after desk 2 came back: %+v", st[1])
	}
	if h1, h2 := hash(t, local), hash(t, good); h1 == h2 {
		t.Fatal("the local desk should hold both desks' ops, not only desk 1's")
	}
	for _, name := range []string{"g", "b"} {
		if err := local.View(func(tx *store.Tx) error { _, err := tx.Get("room", name); return err }); err != nil {
			t.Fatalf("room %s did not arrive: %v", name, err)
		}
	}
}

// TestASyncerShowsAPeerOfAnotherSchemaAsRefused: the status names the
// refusal by its code, for the Desks page to word.
func TestASyncerShowsAPeerOfAnotherSchemaAsRefused(t *testing.T) {
	local, newer := open(t, 1), open(t, 2)
	url, _ := serve(t, newer)
	s := &replica.Syncer{Puller: replica.Puller{DB: local}}
	s.SetPeers([]replica.Peer{{Name: "Back office", URL: url}})
	s.Round(context.Background())
	st := s.Status()
	if len(st) != 1 || st[0].State != replica.StateRefused || st[0].ErrorCode != replica.CodeSchema || st[0].Failures != 1 {
		t.Fatalf("status %+v, want refused for its schema", st)
	}
	// Peers that go away from the list go away from the status.
	s.SetPeers(nil)
	if len(s.Status()) != 0 {
		t.Fatal("a removed peer is still listed")
	}
}
