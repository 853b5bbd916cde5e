// Package replica moves a store's ops between desks: a desk asks a peer
// for the ops it lacks (its version vector and schema version in the
// request), the peer answers them in pages bounded by bytes, and the asking
// desk applies each page in one transaction (store.DB.ApplyBatch), so a
// page is applied whole or not at all and a retry is harmless.
//
// This file set is the pull protocol and its wire types; discovery,
// pairing and mutually authenticated TLS sit around it (docs/replication.md).
package replica
