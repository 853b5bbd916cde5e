package ops

import (
	"context"
	"path/filepath"
	"time"

	"github.com/shirou/gopsutil/v4/disk"

	"innkeep/app"
	"innkeep/store"
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

// Status is what anyone who can reach the server may learn of it: that it
// answers. Its JSON form is the body of GET /api/v1/health.
type Status struct {
	Status string `json:"status" enum:"ok"` // "ok"
}

// Health statuses.
const (
	StatusOK      = "ok"      // nothing needs attention
	StatusWarning = "warning" // the disk is full or nearly so (see DiskHealth), or ops of another desk are refused (see ReplicationHealth)
)

// LowDiskBytes is the free space of the data folder's disk under which
// Health warns.
const LowDiskBytes = 1 << 30

// Health describes the running node, for those allowed to see the system
// (system.view). Its JSON form is the body of GET /api/v1/system/health,
// on which the UI relies: keep the names stable.
type Health struct {
	Status    string      `json:"status" enum:"ok,warning"` // "warning" when Disk.Low, Disk.WriteFailedFull or any Replication.Refusals
	Version   string      `json:"version"`
	Mode      string      `json:"mode" enum:"serve,desktop"` // "serve" or "desktop"
	NodeID    string      `json:"node_id"`                   // 16 hex digits
	DataDir   string      `json:"data_dir"`
	StartedAt time.Time   `json:"started_at"` // RFC 3339 UTC, whole seconds
	Store     StoreHealth `json:"store"`
	Disk      DiskHealth  `json:"disk"`
	// Replication: what this desk refuses of other desks' changes.
	Replication ReplicationHealth `json:"replication"`
}

// DiskHealth describes the disk of the data folder.
type DiskHealth struct {
	FreeBytes  uint64 `json:"free_bytes"`  // free to this process
	TotalBytes uint64 `json:"total_bytes"` // 0 when the system did not say
	// Low: less than LowDiskBytes is free.
	Low bool `json:"low"`
	// WriteFailedFull: the last write to the store failed because the disk
	// was full; the next write that succeeds clears it.
	WriteFailedFull bool `json:"write_failed_full"`
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

// Status reports that the node answers. It returns EUNAVAILABLE when the
// store is closed.
func (s *Service) Status(ctx context.Context) (Status, error) {
	if err := ctx.Err(); err != nil {
		return Status{}, app.Cancelled()
	}
	if err := s.DB.View(func(*store.Tx) error { return nil }); err != nil {
		return Status{}, err
	}
	return Status{Status: StatusOK}, nil
}

// Health reports the state of the node: its build, its store and the free
// space of its data folder's disk. The caller needs system.view. It
// returns EFORBIDDEN without it, EUNAVAILABLE when the store is closed, and
// EINTERNAL when it cannot be read. A disk whose free space cannot be read
// is reported as 0 bytes free, and low.
func (s *Service) Health(ctx context.Context, a app.Actor) (Health, error) {
	if err := a.Require(app.Perm("system", "view")); err != nil {
		return Health{}, err
	}
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
	h := Health{
		Status:    StatusOK,
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
		Disk: s.disk(ctx),
	}
	if h.Replication, err = s.replication(); err != nil {
		return Health{}, err
	}
	if h.Disk.Low || h.Disk.WriteFailedFull || len(h.Replication.Refusals) > 0 {
		h.Status = StatusWarning
	}
	return h, nil
}

// disk reports the free space of the data folder's disk (that of the
// store's file).
func (s *Service) disk(ctx context.Context) DiskHealth {
	d := DiskHealth{WriteFailedFull: s.DB.DiskFull()}
	// The store's folder: the data folder, where every write goes.
	if u, err := disk.UsageWithContext(ctx, filepath.Dir(s.DB.Path())); err == nil {
		d.FreeBytes, d.TotalBytes = u.Free, u.Total
	}
	d.Low = d.FreeBytes < LowDiskBytes
	return d
}

// Version returns the version this desk reports (ops.Facts.Version).
func (s *Service) Version() string { return s.facts.Version }
