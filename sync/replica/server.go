package replica

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"

	"innkeep/store"
)

// Server answers pull requests with the ops of DB. It is mounted on
// PullPath of the desk's sync listener.
type Server struct {
	DB *store.DB
}

// opsPerRead is how many ops a page reads from the store at a time while
// it fills up to its byte bound.
const opsPerRead = 512

// ServeHTTP answers POST PullPath: 200 with a PullResponse; 400 for a bad
// request; 409 (CodeSchema) when the desks' schema versions differ, naming
// both; 410 (CodeSnapshot) when the asking desk lacks ops this one pruned;
// 503 while this desk's migrations are pending.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != PullPath {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		refuse(w, http.StatusMethodNotAllowed, ErrorBody{Code: CodeBad, Message: "pull with POST"})
		return
	}
	req, err := DecodePullRequest(r.Body)
	if err != nil {
		refuse(w, http.StatusBadRequest, ErrorBody{Code: CodeBad, Message: err.Error()})
		return
	}
	if err := s.DB.CheckSchema(req.Schema); err != nil {
		var m *store.SchemaMismatch
		body := ErrorBody{Code: CodeSchema, Message: err.Error()}
		if errors.As(err, &m) {
			body.Ours, body.Theirs = m.Ours, m.Theirs
		}
		refuse(w, http.StatusConflict, body)
		return
	}
	resp, err := s.page(req)
	if err != nil {
		var pruned *store.PrunedError
		switch {
		case errors.As(err, &pruned):
			refuse(w, http.StatusGone, ErrorBody{Code: CodeSnapshot, Message: err.Error()})
		case store.ErrorCode(err) == store.EUNAVAILABLE:
			refuse(w, http.StatusServiceUnavailable, ErrorBody{Code: CodeInternal, Message: err.Error()})
		default:
			refuse(w, http.StatusInternalServerError, ErrorBody{Code: CodeInternal, Message: "the desk could not read its ops"})
		}
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// page gathers the ops req lacks, each origin's in seq order, until the
// next would take the page past its byte bound (a page holds at least one
// op, whatever its size).
func (s *Server) page(req PullRequest) (PullResponse, error) {
	bound := req.MaxBytes
	if bound == 0 {
		bound = DefaultPageBytes
	}
	have := store.VersionVector{}
	for o, n := range req.Have {
		have[o] = n
	}
	for _, o := range req.Skip {
		have[o] = math.MaxUint64 // nothing of it
	}
	holds, err := s.DB.VersionVector()
	if err != nil {
		return PullResponse{}, err
	}
	resp := PullResponse{Schema: s.DB.ProgramSchemaVersion(), Ops: []store.Op{}, Holds: holds}
	size := 0
	for {
		b, err := s.DB.OpsBatch(have, opsPerRead)
		if err != nil {
			return PullResponse{}, err
		}
		for _, op := range b.Ops {
			enc, err := op.Encode()
			if err != nil {
				return PullResponse{}, err
			}
			if len(resp.Ops) > 0 && size+len(enc)+1 > bound {
				resp.More = true
				return resp, nil
			}
			size += len(enc) + 1
			resp.Ops = append(resp.Ops, op)
			have[op.Origin] = op.Seq
		}
		if len(b.Ops) < opsPerRead {
			return resp, nil
		}
	}
}

func refuse(w http.ResponseWriter, status int, body ErrorBody) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
