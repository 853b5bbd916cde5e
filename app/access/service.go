package access

import (
	"innkeep/app"
	"innkeep/store"
)

// Service runs staff accounts: users, roles, sign-in sessions and password
// changes and resets.
type Service struct {
	app.Env
	// Sessions bounds the life of sign-in sessions; zero values take the
	// defaults.
	Sessions SessionConfig
}

// New returns the access slice over env.
func New(env app.Env, sessions SessionConfig) *Service {
	return &Service{Env: env, Sessions: sessions}
}

// Kinds returns the kinds of documents this slice owns (users and roles), with
// their indexes.
func Kinds() []store.Kind { return []store.Kind{roleKind(), userKind()} }
