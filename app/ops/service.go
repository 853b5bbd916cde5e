package ops

import (
	"context"
	"innkeep/app"
	"time"
)

// Modes in which the binary runs.
const (
	ModeServe   = "serve"   // headless: `innkeep serve`, the UI in browsers on the LAN
	ModeDesktop = "desktop" // a native window on this PC
)

// Facts are what the running process knows of itself, for Health.
type Facts struct {
	DataDir string    // absolute path of the data folder
	Mode    string    // ModeServe or ModeDesktop
	Started time.Time // when the process started
	Version string    // the version reported by Health; usually app.Version
}

// Service reports the state of this desk: its build, its data folder and
// its store. Backups, logs and host monitoring will join it.
type Service struct {
	app.Env
	facts Facts
}

// New returns the operations slice over env, reporting facts.
func New(env app.Env, facts Facts) *Service { return &Service{Env: env, facts: facts} }

// Health describes the running node. Its JSON form is the body of
// GET /api/v1/health, on which the UI relies: keep the names stable.
type Health struct {
	Status    string      `json:"status"` // "ok"
	Version   string      `json:"version"`
	Mode      string      `json:"mode" enum:"serve,desktop"` // "serve" or "desktop"
	NodeID    string      `json:"node_id"`                   // 16 hex digits
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
		return Health{}, app.Cancelled()
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
		Version:   s.facts.Version,
		Mode:      s.facts.Mode,
		NodeID:    s.DB.NodeID(),
		DataDir:   s.facts.DataDir,
		StartedAt: s.facts.Started.UTC().Truncate(time.Second),
		Store: StoreHealth{
			File:          st.Path,
			SizeBytes:     st.SizeBytes,
			SchemaVersion: st.SchemaVersion,
			Documents:     DocumentCounts{Total: st.Documents, ByKind: byKind},
		},
	}, nil
}

// Version returns the version this desk reports (ops.Facts.Version).
func (s *Service) Version() string { return s.facts.Version }
