package ops

import (
	"time"
)

// ReplicationHealth describes what this desk makes of other desks' changes.
type ReplicationHealth struct {
	// Refusals: for each desk whose changes this desk refuses, the last
	// refused change, newest first; empty ([]) when none is refused. A
	// desk leaves the list once a change of it is taken again.
	Refusals []Refusal `json:"refusals"`
}

// Refusal is the last change of one desk that this desk refused. Reason
// says why, for the UI to word it; the parameters below it say how far or
// which, where the reason has them.
type Refusal struct {
	Origin string `json:"origin"` // the node id of the desk that made the change
	Seq    uint64 `json:"seq"`    // the change's number among that desk's changes
	// Reason: clock_ahead (its clock runs ahead of this desk's by more than
	// allowed; see ahead_ms), unknown_kind (a kind of record this version
	// does not know; see kind), too_large, gap (changes before it are
	// missing; see expected_seq), own_origin (it claims this desk's id:
	// another desk uses it), duplicate_differs (two desks use that desk's
	// id), append_only (it changes a record that is never changed; see
	// kind), malformed, failed (this desk failed to store it).
	Reason  string    `json:"reason" enum:"clock_ahead,unknown_kind,too_large,gap,own_origin,duplicate_differs,append_only,malformed,failed"`
	Message string    `json:"message"` // the store's explanation, in English
	At      time.Time `json:"at"`      // when this desk refused it, RFC 3339 UTC
	Count   uint64    `json:"count"`   // refusals of that desk's changes since one was last taken
	// AheadMS (clock_ahead): how far that desk's clock was ahead of this
	// desk's, in milliseconds.
	AheadMS int64 `json:"ahead_ms,omitempty"`
	// Kind (unknown_kind, append_only, too_large): the kind of record.
	Kind string `json:"kind,omitempty"`
	// ExpectedSeq (gap): the number of the change this desk waits for.
	ExpectedSeq uint64 `json:"expected_seq,omitempty"`
}

// replication reads the store's refusals.
func (s *Service) replication() (ReplicationHealth, error) {
	rs, err := s.DB.Refusals()
	if err != nil {
		return ReplicationHealth{}, err
	}
	h := ReplicationHealth{Refusals: make([]Refusal, 0, len(rs))}
	for _, r := range rs {
		h.Refusals = append(h.Refusals, Refusal{
			Origin: r.Origin, Seq: r.Seq, Reason: r.Reason, Message: r.Message, At: r.At.UTC(), Count: r.Count,
			AheadMS: r.AheadMS, Kind: r.Kind, ExpectedSeq: r.ExpectedSeq,
		})
	}
	return h, nil
}
