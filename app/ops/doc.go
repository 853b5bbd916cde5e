// Package ops is the desk's own state: Status (that it answers, for
// anyone) and Health (build, mode, data folder, store, free disk space,
// for those allowed to see the system). Backups, logs and host monitoring
// belong here.
package ops
