package api

import (
	"context"
	"encoding/json"
	"innkeep/app"
	"innkeep/store"
	"time"
)

// replaySpace keeps, per desk, the answers to creating requests by their
// Idempotency-Key, so that a retry gets the first answer instead of doing
// the work twice.
const replaySpace = "replay"

// ReplayTTL is how long an answer is kept for retries.
const ReplayTTL = 24 * time.Hour

// Replay is a stored answer to a request.
type Replay struct {
	Request string    `json:"request"` // hash of method, path and body
	Status  int       `json:"status"`
	Body    []byte    `json:"body"`
	At      time.Time `json:"at"`
}

func replayKey(a app.Actor, key string) string { return a.UserID + "\x1f" + key }

// checkReplayKey returns app.EINVALID for keys that are empty or too long.
func checkReplayKey(key string) error {
	if key == "" || len(key) > 200 {
		return app.E(app.EINVALID, "api.idempotency_key_length", "the Idempotency-Key must be 1 to 200 characters")
	}
	return nil
}

// lookupReplay returns the answer stored for the actor's key, if any and
// not older than ReplayTTL. A stored answer to another request under the
// same key is app.ECONFLICT.
func (h *Handler) lookupReplay(ctx context.Context, a app.Actor, key, request string) (Replay, bool, error) {
	if err := checkReplayKey(key); err != nil {
		return Replay{}, false, err
	}
	var r Replay
	var ok bool
	err := h.svc.Env.DB.View(func(tx *store.Tx) error {
		var err error
		ok, err = app.GetLocal(tx, replaySpace, replayKey(a, key), &r)
		return err
	})
	if err != nil || !ok || h.svc.Env.Now().Sub(r.At) > ReplayTTL {
		return Replay{}, false, err
	}
	if r.Request != request {
		return Replay{}, false, app.E(app.ECONFLICT, "api.idempotency_key_reused", "this Idempotency-Key was used for another request")
	}
	return r, true, nil
}

// storeReplay keeps the answer to the actor's key, and forgets answers
// older than ReplayTTL.
func (h *Handler) storeReplay(ctx context.Context, a app.Actor, key string, r Replay) error {
	if err := checkReplayKey(key); err != nil {
		return err
	}
	r.At = h.svc.Env.Now()
	return h.svc.Env.DB.Update(a.String(), func(tx *store.Tx) error {
		var stale []string
		if err := tx.LocalScan(replaySpace, "", func(k string, v []byte) error {
			var old Replay
			if getErr := json.Unmarshal(v, &old); getErr != nil || r.At.Sub(old.At) > ReplayTTL {
				stale = append(stale, k)
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range stale {
			if err := tx.LocalDelete(replaySpace, k); err != nil {
				return err
			}
		}
		return app.PutLocal(tx, replaySpace, replayKey(a, key), r)
	})
}
