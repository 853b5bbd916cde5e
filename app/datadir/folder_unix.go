//go:build !windows

package datadir

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"innkeep/app"
)

// CheckDataDir returns EINVALID when the data folder dir could be changed
// by someone other than the user running Innkeep: when it is not a folder
// (a symbolic link to one is followed), when group or others may write to
// it, or when it belongs to another user than the one running Innkeep
// (folders of root are accepted). The message says what to run (chmod 700,
// chown). A folder that others may only read is accepted: the store, the
// key file and the logs inside it are readable by their owner only.
func CheckDataDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return app.E(app.EINVALID, "datadir.cannot_create_folder", "cannot create the data folder {dir}: {reason}", "dir", dir, "reason", err.Error())
	}
	if !fi.IsDir() {
		return app.E(app.EINVALID, "datadir.not_a_folder", "the data folder {dir} is not a folder", "dir", dir)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		if me := os.Geteuid(); int(st.Uid) != me && st.Uid != 0 {
			return app.E(app.EINVALID, "datadir.folder_of_another_user", "the data folder {dir} belongs to another user (uid {owner}), who could change Innkeep's files; use a folder of your own, or make it yours with `chown {me} {dir}`",
				"dir", dir, "owner", int(st.Uid), "me", me)
		}
	}
	if perm := fi.Mode().Perm(); perm&0o022 != 0 {
		return app.E(app.EINVALID, "datadir.folder_not_private", "other users may change the data folder {dir} (mode {mode}); make it private with `chmod 700 {dir}`",
			"dir", dir, "mode", fmt.Sprintf("%04o", perm&fs.ModePerm))
	}
	return nil
}
