package audit

import (
	"innkeep/app"
	"innkeep/store"
)

// Service keeps the audit log: it records entries inside the transactions
// of every slice (it is the Env's Recorder), verifies their hash chains,
// lists and exports them.
type Service struct {
	app.Env
}

// New returns the audit log over env. It records into itself: its
// Env.Audit is the log.
func New(env app.Env) *Service {
	s := &Service{Env: env}
	s.Env.Audit = s
	return s
}

// Kinds returns the kinds of documents this slice owns (the audit log), with
// their indexes.
func Kinds() []store.Kind { return []store.Kind{auditKind()} }
