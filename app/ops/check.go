package ops

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/shirou/gopsutil/v4/disk"

	"innkeep/app"
)

// Codes of the findings of Check.
const (
	FindingStoreDamaged      = "store_damaged"        // store.Check found damage
	FindingAuditBroken       = "audit_broken"         // the audit log's verification failed
	FindingKeyFileMissing    = "key_file_missing"     // set up, but innkeep.key is gone
	FindingKeyFileNotPrivate = "key_file_not_private" // innkeep.key may be read by others
	FindingKeyFileDamaged    = "key_file_damaged"     // innkeep.key cannot be used
	FindingFolderNotPrivate  = "folder_not_private"   // the data folder may be read by others
	FindingStoreNotPrivate   = "store_not_private"    // innkeep.db may be read by others
	FindingTLSKeyNotPrivate  = "tls_key_not_private"  // tls.key (serve --tls) may be read by others
	FindingDiskLow           = "disk_low"             // little free space for the data folder
	FindingDiskUnknown       = "disk_unknown"         // the free space cannot be read
)

// MinFreeBytes is the least free space Check accepts on the disk of the
// data folder; it also wants twice the store's size (a backup copies it).
const MinFreeBytes = 512 << 20

// CheckConfig is what Check needs from the data folder and the other
// slices; app/desk wires it (ops may import only the kernel).
type CheckConfig struct {
	DataDir   string // the data folder
	StoreFile string // the store's file in it
	KeyFile   string // the key file's path, for messages
	// TLSKeyFile is the key of the self-signed certificate of serve --tls
	// in the data folder (app/lan): checked, when it exists, like the
	// store.
	TLSKeyFile string
	// VerifyAudit verifies the audit log with its cross-checks and returns
	// one line per broken chain, none when it is intact (app/audit).
	VerifyAudit func(ctx context.Context) ([]string, error)
	// LoadKeyFile loads the data key file: ENOTFOUND when it is missing,
	// EINVALID (with what to do) when it may not be used (app/datadir).
	LoadKeyFile func() error
	// CheckPrivate returns EINVALID when others may read the file or
	// folder at path (app/datadir).
	CheckPrivate func(path string) error
	// NeedsSetup reports whether the first-run setup is still to be done;
	// until then there is no key file to check.
	NeedsSetup func() (bool, error)
	// FreeBytes returns the free space of the disk holding dir; nil reads
	// it with gopsutil.
	FreeBytes func(dir string) (uint64, error)
}

// Checker checks a desk as `innkeep check` and GET /api/v1/system/check
// do: the store, the audit log, the key file, permissions (of the folder,
// the store and the TLS key) and free space.
type Checker struct {
	app.Env
	cfg  CheckConfig
	busy chan struct{} // one check at a time: it reads the whole store
}

// NewChecker returns the checker of the desk over env.
func NewChecker(env app.Env, cfg CheckConfig) *Checker {
	return &Checker{Env: env, cfg: cfg, busy: make(chan struct{}, 1)}
}

// CheckReport is the result of Check. Its JSON form is the body of
// GET /api/v1/system/check.
type CheckReport struct {
	OK       bool      `json:"ok"`       // no finding
	Findings []Finding `json:"findings"` // never nil; empty when OK
}

// Finding is one thing that is wrong, and what to do about it.
type Finding struct {
	Code string `json:"code" enum:"store_damaged,audit_broken,key_file_missing,key_file_not_private,key_file_damaged,folder_not_private,store_not_private,tls_key_not_private,disk_low,disk_unknown"`
	// Message says what is wrong and what to do, in English (the API
	// answers it in the request's language; see In).
	Message string `json:"message"`
	msg     *app.Error
}

// In returns f with its message in lang.
func (f Finding) In(tr *app.Translator, lang string) Finding {
	if f.msg != nil {
		f.Message = tr.Message(lang, f.msg)
	}
	return f
}

// Check runs every check for actor a, who needs system.view. It returns
// EFORBIDDEN without it, EUNAVAILABLE when another check is running, and
// an error only when a check could not run at all (the store is closed,
// ctx ended); what it finds wrong is in the report.
func (c *Checker) Check(ctx context.Context, a app.Actor) (CheckReport, error) {
	if err := a.Require(app.Perm("system", "view")); err != nil {
		return CheckReport{}, err
	}
	select {
	case c.busy <- struct{}{}:
		defer func() { <-c.busy }()
	default:
		return CheckReport{}, app.E(app.EUNAVAILABLE, "ops.check_running", "a check is running already; try again when it is done")
	}
	if err := ctx.Err(); err != nil {
		return CheckReport{}, app.Cancelled()
	}
	rep := CheckReport{OK: true, Findings: []Finding{}}
	add := func(code string, msg *app.Error) {
		rep.OK = false
		rep.Findings = append(rep.Findings, Finding{Code: code, Message: msg.Message, msg: msg})
	}

	// The store: bbolt's pages, the op log, documents, indexes, counts.
	if err := c.DB.Check(); err != nil {
		if app.ErrorCode(err) == app.EUNAVAILABLE {
			return CheckReport{}, err
		}
		add(FindingStoreDamaged, app.E(app.ECONFLICT, "ops.store_damaged",
			"the store {path} is damaged: {problems}. Stop Innkeep, keep a copy of the data folder, and put back the newest backup of the store that passes this check",
			"path", c.cfg.StoreFile, "problems", detail(err)))
	}

	// The audit log, with its cross-checks of the op log.
	broken, err := c.verifyAudit(ctx)
	switch {
	case app.ErrorCode(err) == app.EUNAVAILABLE || ctx.Err() != nil:
		return CheckReport{}, app.FirstErr(err, app.Cancelled())
	case err != nil:
		broken = []string{detail(err)}
	}
	for _, b := range broken {
		add(FindingAuditBroken, app.E(app.ECONFLICT, "ops.audit_broken",
			"the audit log was changed outside Innkeep: {problem}. Keep a copy of the data folder as evidence, and compare it with a backup or an exported log before changing anything",
			"problem", b))
	}

	// The key file, and who may read the folder and the store.
	if needed, err := c.cfg.NeedsSetup(); err == nil && !needed {
		if err := c.cfg.LoadKeyFile(); err != nil {
			var msg *app.Error
			if e, ok := err.(*app.Error); ok && e.Key != "" {
				msg = e
			} else {
				msg = app.E(app.EINVALID, "ops.key_file_unusable", "the data key file {path} cannot be used: {reason}", "path", c.cfg.KeyFile, "reason", detail(err))
			}
			switch {
			case app.ErrorCode(err) == app.ENOTFOUND:
				add(FindingKeyFileMissing, msg)
			case msg.Key == "datadir.key_file_not_private":
				add(FindingKeyFileNotPrivate, msg)
			default:
				add(FindingKeyFileDamaged, msg)
			}
		}
	}
	for _, p := range []struct{ code, path string }{{FindingFolderNotPrivate, c.cfg.DataDir}, {FindingStoreNotPrivate, c.cfg.StoreFile},
		{FindingTLSKeyNotPrivate, c.cfg.TLSKeyFile}} {
		// A missing file (ENOTFOUND) is no finding: there is no tls.key
		// until serve --tls first runs.
		if p.path == "" {
			continue
		}
		if err := c.cfg.CheckPrivate(p.path); err != nil && app.ErrorCode(err) == app.EINVALID {
			if e, ok := err.(*app.Error); ok {
				add(p.code, e)
			}
		}
	}

	// Free space: a full disk stops every write, and a backup needs room
	// for a copy of the store.
	free := c.cfg.FreeBytes
	if free == nil {
		free = diskFree
	}
	need := uint64(MinFreeBytes)
	if fi, err := os.Stat(c.cfg.StoreFile); err == nil && uint64(2*fi.Size()) > need {
		need = uint64(2 * fi.Size())
	}
	switch n, err := free(c.cfg.DataDir); {
	case err != nil:
		add(FindingDiskUnknown, app.E(app.EUNAVAILABLE, "ops.disk_unknown", "cannot read the free space of the disk of {dir}: {reason}. Check that the disk is there and has at least {need} free",
			"dir", c.cfg.DataDir, "reason", err.Error(), "need", formatBytes(need)))
	case n < need:
		add(FindingDiskLow, app.E(app.EUNAVAILABLE, "ops.disk_low", "only {free} are free on the disk of {dir}; Innkeep needs at least {need} to keep writing and to take backups. Free some space, or move the data folder to a larger disk",
			"free", formatBytes(n), "dir", c.cfg.DataDir, "need", formatBytes(need)))
	}
	return rep, nil
}

// verifyAudit runs cfg.VerifyAudit. bbolt may panic on a damaged page that
// the store's check has reported already; then the audit log cannot be
// read, which is a finding, not a crash.
func (c *Checker) verifyAudit(ctx context.Context) (broken []string, err error) {
	defer func() {
		if v := recover(); v != nil {
			broken, err = []string{fmt.Sprintf("the audit log cannot be read: %v", v)}, nil
		}
	}()
	return c.cfg.VerifyAudit(ctx)
}

// detail returns the message of err for the administrator who runs the
// check: the store's own message, internal ones included (which problems a
// damaged store has is what the check is for), else err's text.
func detail(err error) string {
	var c app.Coded
	if errors.As(err, &c) {
		return c.ErrorMessage()
	}
	return err.Error()
}

// diskFree returns the bytes free to the user on the disk holding dir.
func diskFree(dir string) (uint64, error) {
	u, err := disk.Usage(filepath.Clean(dir))
	if err != nil {
		return 0, err
	}
	return u.Free, nil
}

// formatBytes writes n in binary units, e.g. "512 MiB".
func formatBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTP"[exp])
}
