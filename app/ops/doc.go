// Package ops is the desk's own state: Health (build, mode, data folder,
// store). Backups, logs and host monitoring belong here.
package ops
