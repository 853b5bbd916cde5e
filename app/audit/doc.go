// Package audit is the tamper-evident audit log of a desk.
//
// The audit log records every change, sign-in, sign-out, failed sign-in,
// lockout, permission change and export, each in the same transaction as
// what it records (Service is the Recorder of app.Env). Entries are
// append-only documents of kind "audit", and each desk (node) chains its
// own entries: entry n holds the hash of entry n-1 of the same desk, so an
// edited, removed or reordered entry breaks the chain (Verify). Each entry
// is also written by an op of the store's op log, so Verify compares the
// entries with the ops that wrote them, this desk's head, the counts and
// the store's clock: removing the newest entries, or all of them, shows
// too, unless every trace after them was rewritten. The hashed record is
// described at computeHash and in docs/security.md. Entries of other desks
// arrive by replication with their own chains. Actions have
// names people read (ActionName), in every language of the product.
package audit
