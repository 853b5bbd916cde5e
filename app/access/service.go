package access

import (
	"sync"
	"time"

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
	// Hasher runs every argon2 hash and check of this service (and of the
	// setup), a bounded number at once.
	Hasher *Hasher

	// lastUse holds the last use of each session seen by this process,
	// by token hash: the store has it only to within a fraction of the
	// idle limit (see Authenticate).
	mu      sync.Mutex
	lastUse map[string]time.Time
}

// New returns the access slice over env, with a Hasher of DefaultHashLimit
// runs at once.
func New(env app.Env, sessions SessionConfig) *Service {
	return &Service{Env: env, Sessions: sessions, Hasher: NewHasher(DefaultHashLimit(), DefaultHashWait), lastUse: map[string]time.Time{}}
}

// Kinds returns the kinds of documents this slice owns (users and roles), with
// their indexes.
func Kinds() []store.Kind { return []store.Kind{roleKind(), userKind()} }
