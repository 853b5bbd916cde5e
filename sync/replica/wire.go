package replica

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"innkeep/store"
)

// PullPath is the route a desk serves its ops on.
const PullPath = "/sync/v1/pull"

// Bounds of the protocol's messages.
const (
	MaxRequestBytes  = 1 << 20 // a pull request: a version vector
	MaxPageBytes     = 4 << 20 // the largest page a desk asks for or sends
	DefaultPageBytes = 512 << 10
	maxOrigins       = 4096 // origins in one version vector
)

// PullRequest asks a peer for the ops a desk lacks.
type PullRequest struct {
	Schema   int                 `json:"schema"`    // the asking desk's program schema version
	Have     store.VersionVector `json:"have"`      // what the asking desk holds
	MaxBytes int                 `json:"max_bytes"` // the page's bound; 0 means DefaultPageBytes
	// Skip names origins whose ops the asking desk refused: the page
	// leaves them out, so that one faulty origin does not hold up the
	// others.
	Skip []string `json:"skip,omitempty"`
}

// PullResponse is one page of ops, each origin's in seq order. More says
// that the peer holds more than the page: ask again with the vector the
// page leads to.
type PullResponse struct {
	Schema int        `json:"schema"`
	Ops    []store.Op `json:"ops"`
	More   bool       `json:"more"`
	// Holds is the answering desk's version vector when it made the page:
	// how far behind it the asking desk is.
	Holds store.VersionVector `json:"holds"`
}

// Error codes a peer answers with, besides HTTP statuses.
const (
	CodeSchema   = "schema_mismatch" // the desks run programs of different schema versions
	CodeSnapshot = "snapshot_needed" // the peer pruned ops the asking desk lacks
	CodeBad      = "bad_request"
	CodeInternal = "internal"
)

// ErrorBody is a peer's refusal.
type ErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Ours    int    `json:"ours,omitempty"`   // for CodeSchema: the answering desk's schema
	Theirs  int    `json:"theirs,omitempty"` // and the asking desk's
}

// DecodePullRequest reads a pull request of at most MaxRequestBytes and
// checks it: unknown fields, a negative or oversized page, bad origins and
// too many of them are refused with an error that says what is wrong. It
// never panics, whatever the input.
func DecodePullRequest(r io.Reader) (PullRequest, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxRequestBytes+1))
	if err != nil {
		return PullRequest{}, fmt.Errorf("reading the request: %w", err)
	}
	if len(b) > MaxRequestBytes {
		return PullRequest{}, fmt.Errorf("the request is larger than %d bytes", MaxRequestBytes)
	}
	var req PullRequest
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return PullRequest{}, fmt.Errorf("the request is not valid JSON: %v", err)
	}
	if dec.More() {
		return PullRequest{}, fmt.Errorf("the request has data after its JSON object")
	}
	if req.MaxBytes < 0 || req.MaxBytes > MaxPageBytes {
		return PullRequest{}, fmt.Errorf("max_bytes must be between 0 and %d", MaxPageBytes)
	}
	if len(req.Have) > maxOrigins {
		return PullRequest{}, fmt.Errorf("the version vector names more than %d desks", maxOrigins)
	}
	for o := range req.Have {
		if !validOrigin(o) {
			return PullRequest{}, fmt.Errorf("the version vector names a desk %q that is not a desk id", o)
		}
	}
	if len(req.Skip) > maxOrigins {
		return PullRequest{}, fmt.Errorf("skip names more than %d desks", maxOrigins)
	}
	for _, o := range req.Skip {
		if !validOrigin(o) {
			return PullRequest{}, fmt.Errorf("skip names a desk %q that is not a desk id", o)
		}
	}
	return req, nil
}

// DecodePullResponse reads a page of at most limit bytes and checks every
// op's shape (store.Op.Validate); the store checks the rest when it applies
// them. It never panics, whatever the input.
func DecodePullResponse(r io.Reader, limit int) (PullResponse, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return PullResponse{}, fmt.Errorf("reading the page: %w", err)
	}
	if len(b) > limit {
		return PullResponse{}, fmt.Errorf("the page is larger than %d bytes", limit)
	}
	var resp PullResponse
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&resp); err != nil {
		return PullResponse{}, fmt.Errorf("the page is not valid JSON: %v", err)
	}
	if dec.More() {
		return PullResponse{}, fmt.Errorf("the page has data after its JSON object")
	}
	for i := range resp.Ops {
		if err := resp.Ops[i].Validate(); err != nil {
			return PullResponse{}, fmt.Errorf("op %d of the page: %v", i, err)
		}
	}
	if len(resp.Holds) > maxOrigins {
		return PullResponse{}, fmt.Errorf("the page's version vector names more than %d desks", maxOrigins)
	}
	for o := range resp.Holds {
		if !validOrigin(o) {
			return PullResponse{}, fmt.Errorf("the page's version vector names a desk %q that is not a desk id", o)
		}
	}
	return resp, nil
}

// validOrigin accepts the names the store accepts as origins.
func validOrigin(o string) bool { return store.CheckNodeID(o) == nil }
