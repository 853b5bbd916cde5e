//go:build windows

package datadir

import (
	"os"

	"innkeep/app"
)

// CheckDataDir returns EINVALID when dir is not a folder. Windows keeps
// permissions in access control lists, which are not checked: a folder
// under the user's profile is private to them.
func CheckDataDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return app.E(app.EINVALID, "datadir.cannot_create_folder", "cannot create the data folder {dir}: {reason}", "dir", dir, "reason", err.Error())
	}
	if !fi.IsDir() {
		return app.E(app.EINVALID, "datadir.not_a_folder", "the data folder {dir} is not a folder", "dir", dir)
	}
	return nil
}
