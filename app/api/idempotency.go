package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"sync"
)

// keyLocks serializes requests that carry the same Idempotency-Key, so that
// a retry sent while the first request still runs waits for its answer.
type keyLocks struct {
	mu    sync.Mutex
	locks map[string]*keyLock
}

type keyLock struct {
	sync.Mutex
	users int
}

func (k *keyLocks) lock(key string) func() {
	k.mu.Lock()
	if k.locks == nil {
		k.locks = map[string]*keyLock{}
	}
	l := k.locks[key]
	if l == nil {
		l = &keyLock{}
		k.locks[key] = l
	}
	l.users++
	k.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		k.mu.Lock()
		if l.users--; l.users == 0 {
			delete(k.locks, key)
		}
		k.mu.Unlock()
	}
}

// idempotent serves a POST that carries an Idempotency-Key: a retry of the
// same request (same method, path and body, same user) gets the first
// successful answer again instead of doing the work twice, and another
// request under the same key is a conflict. Answers are kept for a day.
// Bookings also record their key in the booking's own transaction, so a
// retry after a crash between the booking and this record is safe too.
func (h *Handler) idempotent(w http.ResponseWriter, r *http.Request, rt Route, key string) error {
	a := actor(r)
	if a.UserID == "" {
		return rt.Endpoint.Serve(w, r) // only signed-in users' requests are remembered
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.Sum256(append([]byte(r.Method+" "+r.URL.RequestURI()+"\n"), body...))
	request := hex.EncodeToString(sum[:])

	unlock := h.keys.lock(a.UserID + "\x1f" + key)
	defer unlock()
	prev, ok, err := h.lookupReplay(r.Context(), a, key, request)
	if err != nil {
		return err
	}
	if ok {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(prev.Status)
		_, _ = w.Write(prev.Body)
		return nil
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	if err := rt.Endpoint.Serve(rec, r); err != nil {
		return err
	}
	if rec.status >= 200 && rec.status < 300 {
		if err := h.storeReplay(r.Context(), a, key, Replay{Request: request, Status: rec.status, Body: rec.body.Bytes()}); err != nil {
			h.logger.WarnContext(r.Context(), "cannot keep the answer for the Idempotency-Key", "err", err)
		}
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
	return nil
}

// recorder keeps a handler's response to send it later.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	return r.body.Write(p)
}
