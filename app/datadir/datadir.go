package datadir

import (
	"innkeep/app"
	"os"
	"path/filepath"
	"time"
)

// DataDirEnv is the environment variable that names the data folder when
// --data is not given.
const DataDirEnv = "INNKEEP_DATA"

// Files inside the data folder.
const (
	StoreFileName = "innkeep.db"       // the store
	LogFileName   = "logs/innkeep.log" // the active log; rotated files get .1, .2, …
)

// Log rotation of the data folder's log.
const (
	LogMaxSize = 10 << 20 // rotate when the active file would grow past 10 MiB
	LogBackups = 5        // rotated files kept besides the active one
)

// StoreLockTimeout is how long OpenStore waits for another process to
// release the store before it gives up.
const StoreLockTimeout = time.Second

// ResolveDataDir returns the absolute path of the data folder: flagValue when
// it is not empty, else the value of INNKEEP_DATA from getenv, else "innkeep"
// in the directory that userConfigDir returns (os.UserConfigDir in the
// binary). It does not create the folder. It returns EINVALID when no folder
// can be found.
func ResolveDataDir(flagValue string, getenv func(string) string, userConfigDir func() (string, error)) (string, error) {
	dir := flagValue
	if dir == "" {
		dir = getenv(DataDirEnv)
	}
	if dir == "" {
		base, err := userConfigDir()
		if err != nil {
			return "", app.E(app.EINVALID, "datadir.no_folder", "cannot find a folder for Innkeep's data ({reason}); name one with --data or {env}", "reason", err.Error(), "env", DataDirEnv)
		}
		dir = filepath.Join(base, "innkeep")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", app.E(app.EINVALID, "datadir.bad_folder", "bad data folder \"{dir}\": {reason}", "dir", dir, "reason", err.Error())
	}
	return abs, nil
}

// EnsureDataDir creates the data folder dir and its parents, readable by the
// owner only (0700), when it does not exist. An existing folder keeps its
// permissions, but must pass CheckDataDir: on Unix, one that others may
// write to, or that belongs to another user, is refused with a message
// saying what to run. It returns EINVALID when dir cannot be created, is a
// file, or is refused.
func EnsureDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return app.E(app.EINVALID, "datadir.cannot_create_folder", "cannot create the data folder {dir}: {reason}", "dir", dir, "reason", err.Error())
	}
	return CheckDataDir(dir)
}

// PhotosDirName is the folder of room type photos in the data folder.
const PhotosDirName = "photos"
