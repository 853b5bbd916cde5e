package app

import (
	"sync/atomic"
	"time"

	"innkeep/store"
)

// Env is the environment every slice of the domain runs in: the store, the
// clock, the data key and the audit log. The slices share one Env; build it
// once (app/desk does) and pass it to each slice's constructor.
type Env struct {
	// DB is the open store. Required.
	DB *store.DB
	// Clock reads the time; nil means time.Now. Tests inject clocks here.
	Clock func() time.Time
	// Keys holds the data key that seals sensitive fields. It is shared by
	// every slice, so that a key made at setup or recovered from its phrase
	// is used at once by all of them. Never nil once built by NewEnv.
	Keys *Keys
	// Audit records what people and the system did. Required for writes.
	Audit Recorder
}

// Now returns the current time in UTC.
func (e *Env) Now() time.Time {
	if e.Clock != nil {
		return e.Clock().UTC()
	}
	return time.Now().UTC()
}

// Recorder appends an entry to the audit log inside the write transaction
// tx, so that the entry commits exactly when the change does. before and
// after are the record before and after the change (nil for a creation or a
// deletion); the recorder keeps only the fields that changed and redacts
// secrets. app/audit implements it.
type Recorder interface {
	Record(tx *store.Tx, a Actor, action, entity, entityID string, before, after any) error
}

// Keys holds the data key of the data folder, or nil when there is none
// yet (before setup) or its file is missing. It is safe for concurrent use.
type Keys struct{ p atomic.Pointer[Keyring] }

// NewKeys returns a holder of k (which may be nil).
func NewKeys(k *Keyring) *Keys {
	h := &Keys{}
	h.p.Store(k)
	return h
}

// Get returns the current keyring; nil stands for a missing key, whose
// methods return EUNAVAILABLE.
func (h *Keys) Get() *Keyring {
	if h == nil {
		return nil
	}
	return h.p.Load()
}

// Set makes k the data key of every slice that shares h.
func (h *Keys) Set(k *Keyring) { h.p.Store(k) }

// Encrypt seals plain with the current data key; see Keyring.Encrypt.
func (h *Keys) Encrypt(plain string) (string, error) { return h.Get().Encrypt(plain) }

// Decrypt opens a sealed value with the current data key; see
// Keyring.Decrypt.
func (h *Keys) Decrypt(s string) (string, error) { return h.Get().Decrypt(s) }

// ID returns the id of the current data key, or "" when there is none.
func (h *Keys) ID() string { return h.Get().ID() }

// Seal is Encrypt, except that an empty value stays empty (an optional
// field left blank needs no key).
func (h *Keys) Seal(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	return h.Encrypt(v)
}
