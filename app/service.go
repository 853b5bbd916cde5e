package app

import (
	"context"
	"time"

	"innkeep/store"
)

// Modes in which the binary runs.
const (
	ModeServe   = "serve"   // headless: `innkeep serve`, the UI in browsers on the LAN
	ModeDesktop = "desktop" // a native window on this PC
)

// Service is the entry point of the domain for the edges (the API, the
// window). It holds one open store and facts about the running process. Its
// methods are safe for concurrent use.
type Service struct {
	DB      *store.DB
	DataDir string    // absolute path of the data folder
	Mode    string    // ModeServe or ModeDesktop
	Started time.Time // when the process started
	Version string    // the version reported by Health; usually app.Version

	// Now reads the clock; nil means time.Now. Tests inject clocks here.
	Now func() time.Time
	// Keys encrypts and decrypts sensitive fields. It is nil until setup
	// made the data key (or when the key file is missing).
	Keys *Keyring
	// Sessions bounds the life of sign-in sessions; zero values take the
	// defaults.
	Sessions SessionConfig
}

// Clock returns the service's current time in UTC.
func (s *Service) Clock() time.Time { return s.now() }

// now returns the current time in UTC.
func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Health describes the running node. Its JSON form is the body of
// GET /api/v1/health, on which the UI relies: keep the names stable.
type Health struct {
	Status    string      `json:"status"` // "ok"
	Version   string      `json:"version"`
	Mode      string      `json:"mode"`    // "serve" or "desktop"
	NodeID    string      `json:"node_id"` // 16 hex digits
	DataDir   string      `json:"data_dir"`
	StartedAt time.Time   `json:"started_at"` // RFC 3339 UTC, whole seconds
	Store     StoreHealth `json:"store"`
}

// StoreHealth describes the store file.
type StoreHealth struct {
	File          string         `json:"file"`
	SizeBytes     int64          `json:"size_bytes"`
	SchemaVersion int            `json:"schema_version"`
	Documents     DocumentCounts `json:"documents"`
}

// DocumentCounts counts the live documents of the store.
type DocumentCounts struct {
	Total  int            `json:"total"`
	ByKind map[string]int `json:"by_kind"` // never nil: {} when the store is empty
}

// Health reports the state of the node. It returns EUNAVAILABLE when the
// store is closed, and EINTERNAL when it cannot be read.
func (s *Service) Health(ctx context.Context) (Health, error) {
	if err := ctx.Err(); err != nil {
		return Health{}, Errorf(EUNAVAILABLE, "the request was cancelled")
	}
	st, err := s.DB.Stats()
	if err != nil {
		return Health{}, err
	}
	byKind := st.ByKind
	if byKind == nil {
		byKind = map[string]int{}
	}
	return Health{
		Status:    "ok",
		Version:   s.Version,
		Mode:      s.Mode,
		NodeID:    s.DB.NodeID(),
		DataDir:   s.DataDir,
		StartedAt: s.Started.UTC().Truncate(time.Second),
		Store: StoreHealth{
			File:          st.Path,
			SizeBytes:     st.SizeBytes,
			SchemaVersion: st.SchemaVersion,
			Documents:     DocumentCounts{Total: st.Documents, ByKind: byKind},
		},
	}, nil
}
