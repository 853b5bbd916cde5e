package replica

import (
	"context"
	"errors"
	"sort"
	"sync"
	"time"
)

// Peer is a desk this one pulls from.
type Peer struct {
	NodeID string
	Name   string
	URL    string // scheme, host and port of its sync listener
}

// Peer states, as the Desks page shows them.
const (
	StateNew     = "new"     // not tried yet
	StateOK      = "ok"      // the last pull worked
	StateAway    = "away"    // the last pull could not reach it
	StateRefused = "refused" // it refused this desk, or a page of it was refused
)

// PeerStatus is what this desk knows of a peer.
type PeerStatus struct {
	Peer
	State         string
	LastContactAt time.Time // the last pull that worked
	BehindOps     uint64    // ops the peer held that this desk lacked after that pull
	ErrorCode     string    // CodeSchema, CodeSnapshot, a store refusal reason, "unreachable" or "unavailable"
	Error         string    // the error in English, for logs; the UI words it from ErrorCode
	NextTryAt     time.Time // when the next pull is due
	Failures      int       // pulls that failed in a row
}

// Syncer pulls from each known peer in turn, backing off from a peer that
// fails (MinBackoff, doubled at each failure up to MaxBackoff) without
// holding up the others, and keeps each peer's status.
type Syncer struct {
	Puller     Puller
	Now        func() time.Time // nil means time.Now
	MinBackoff time.Duration    // 0 means one second
	MaxBackoff time.Duration    // 0 means one minute

	mu    sync.Mutex
	peers map[string]*PeerStatus // by URL
}

// SetPeers replaces the peers to pull from, keeping what is known of
// those that stay.
func (s *Syncer) SetPeers(peers []Peer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := make(map[string]*PeerStatus, len(peers))
	for _, p := range peers {
		st := s.peers[p.URL]
		if st == nil {
			st = &PeerStatus{State: StateNew}
		}
		st.Peer = p
		next[p.URL] = st
	}
	s.peers = next
}

// Status returns every peer's status, by name then URL.
func (s *Syncer) Status() []PeerStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]PeerStatus, 0, len(s.peers))
	for _, st := range s.peers {
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].URL < out[j].URL
	})
	return out
}

// Round pulls from every peer whose next try is due, one after the other,
// and records how each went. It returns when every due peer was tried or
// ctx ends.
func (s *Syncer) Round(ctx context.Context) {
	now := s.now()
	s.mu.Lock()
	var due []Peer
	for _, st := range s.peers {
		if !st.NextTryAt.After(now) {
			due = append(due, st.Peer)
		}
	}
	s.mu.Unlock()
	sort.Slice(due, func(i, j int) bool { return due[i].URL < due[j].URL })
	for _, p := range due {
		if ctx.Err() != nil {
			return
		}
		res, err := s.Puller.Pull(ctx, p.URL)
		s.record(p, res, err)
	}
}

// Run calls Round every interval until ctx ends.
func (s *Syncer) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.Round(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Syncer) record(p Peer, res Result, err error) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.peers[p.URL]
	if st == nil {
		return // removed meanwhile
	}
	var pe *PeerError
	switch {
	case err == nil:
		st.State, st.LastContactAt, st.BehindOps, st.Failures = StateOK, now, res.Behind, 0
		st.ErrorCode, st.Error, st.NextTryAt = "", "", time.Time{}
		if len(res.Refused) > 0 {
			// Reached, but some of its ops refused: it is retried at the
			// usual pace, and the store's refusal records say why.
			st.State, st.ErrorCode, st.Error = StateRefused, res.Refused[0].Reason, res.Refused[0].Error()
		}
		return
	case errors.As(err, &pe) && pe.Status >= 500:
		st.State, st.ErrorCode = StateAway, "unavailable" // busy or starting: try again later
	case errors.As(err, &pe):
		st.State, st.ErrorCode = StateRefused, pe.Body.Code
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return
	default:
		st.State, st.ErrorCode = StateAway, "unreachable"
	}
	st.Error = err.Error()
	st.Failures++
	st.NextTryAt = now.Add(s.backoff(st.Failures))
}

// backoff is the wait after n failures in a row.
func (s *Syncer) backoff(n int) time.Duration {
	lo, hi := s.MinBackoff, s.MaxBackoff
	if lo <= 0 {
		lo = time.Second
	}
	if hi <= 0 {
		hi = time.Minute
	}
	d := lo
	for i := 1; i < n && d < hi; i++ {
		d *= 2
	}
	return min(d, hi)
}

func (s *Syncer) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
