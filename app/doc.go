// Package app is the kernel of Innkeep's domain: what every slice of the
// domain shares. It holds the actor and its permissions, errors and their
// codes, ids, money and stay dates, the data key, and Env, the environment
// a slice runs in (the store, the clock, the data key, the audit log).
//
// The slices live in packages beneath it — app/audit, app/property,
// app/access, app/guest, app/booking, app/setup, app/ops — and import it;
// it imports none of them. app/desk builds the slices over one store and
// wires the interfaces by which a lower slice asks a higher one.
// docs/architecture.md draws the import graph, and a test keeps it true.
//
// Everything here runs on the store's transactions and knows nothing of
// HTTP or windows. Errors carry codes (see Error); app/api and main
// translate them at the edges into HTTP statuses and messages for people.
package app
