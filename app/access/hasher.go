package access

import (
	"context"
	"runtime"
	"sync"
	"time"

	"innkeep/app"
)

// DefaultHashWait is how long a password check waits for a free argon2 slot
// before it gives up with a BusyError.
const DefaultHashWait = 10 * time.Second

// DefaultHashLimit returns how many argon2 runs the service lets run at
// once: the number of CPUs, at least 2. Each run holds 19 MiB (see
// DefaultArgon2), so the bound also bounds the memory that sign-ins take.
func DefaultHashLimit() int { return max(2, runtime.NumCPU()) }

// Hasher runs argon2id, at most Limit runs at once. Every hash and check of
// a password, a one-time code or a setup's password goes through it, so
// that a burst of sign-ins queues instead of exhausting memory. A caller
// waits at most Wait (or until its context ends) for a slot and then gets a
// BusyError (EUNAVAILABLE). The zero Hasher is not usable: use NewHasher.
type Hasher struct {
	slots chan struct{}
	wait  time.Duration

	mu      sync.Mutex
	running int
	// observe, when set, is called as each argon2 run starts, with the
	// number of runs in progress (this one included).
	observe func(running int)
}

// NewHasher returns a Hasher that allows limit runs at once (at least 1)
// and lets callers wait up to wait for a slot (DefaultHashWait when wait is
// not positive).
func NewHasher(limit int, wait time.Duration) *Hasher {
	if limit < 1 {
		limit = 1
	}
	if wait <= 0 {
		wait = DefaultHashWait
	}
	return &Hasher{slots: make(chan struct{}, limit), wait: wait}
}

// Limit returns how many runs may go at once.
func (h *Hasher) Limit() int { return cap(h.slots) }

// Observe sets a function that is called as each run starts, with the number
// of runs in progress, this one included. It is meant for tests and
// monitoring; a slow observe holds the slot of its run.
func (h *Hasher) Observe(f func(running int)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.observe = f
}

// acquire waits for a slot and returns the function that frees it. It
// returns a BusyError when no slot frees within the wait or ctx ends first.
func (h *Hasher) acquire(ctx context.Context) (func(), error) {
	if ctx == nil {
		ctx = context.Background()
	}
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return func() { <-h.slots }, nil
	case <-t.C:
	case <-ctx.Done():
	}
	return nil, &BusyError{RetryAfter: time.Second}
}

// argon2 runs f, one argon2 run, for a caller that holds a slot.
func (h *Hasher) argon2(f func()) {
	h.mu.Lock()
	h.running++
	n, observe := h.running, h.observe
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		h.running--
		h.mu.Unlock()
	}()
	if observe != nil {
		observe(n)
	}
	f()
}

// Hash returns the argon2id hash of password (see HashPassword), waiting
// for a slot. It returns a BusyError when none frees in time.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	free, err := h.acquire(ctx)
	if err != nil {
		return "", err
	}
	defer free()
	var hash string
	h.argon2(func() { hash, err = HashPassword(password, DefaultArgon2) })
	return hash, err
}

// BusyError is an EUNAVAILABLE error: too many passwords are being checked
// at once; try again after RetryAfter. Like RateLimitError, it unwraps to an
// *app.Error with a key, so that the edges show it in the reader's
// language; the API answers 503 with a Retry-After header.
type BusyError struct {
	RetryAfter time.Duration
}

func (e *BusyError) Error() string { return "busy: " + e.ErrorMessage() }

func (e *BusyError) ErrorCode() string { return app.EUNAVAILABLE }

func (e *BusyError) ErrorMessage() string { return e.message().Message }

// RetryAfterSeconds returns the whole seconds to wait, at least 1.
func (e *BusyError) RetryAfterSeconds() int {
	return max(1, int((e.RetryAfter+time.Second-1)/time.Second))
}

// Unwrap returns the message of e as an *app.Error (code EUNAVAILABLE).
func (e *BusyError) Unwrap() error { return e.message() }

func (e *BusyError) message() *app.Error {
	return app.E(app.EUNAVAILABLE, "access.busy", "Innkeep is busy checking other passwords; try again in a few seconds.")
}
