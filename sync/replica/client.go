package replica

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"innkeep/store"
)

// Puller brings DB up to date with peers: it asks a peer for the ops DB
// lacks, page by page, and applies each page in one transaction.
type Puller struct {
	DB        *store.DB
	Client    *http.Client // nil means http.DefaultClient
	PageBytes int          // the bound asked for each page; 0 means DefaultPageBytes
}

// PeerError is a peer's refusal: its HTTP status and what it said.
type PeerError struct {
	Status int
	Body   ErrorBody
}

// Error implements the error interface.
func (e *PeerError) Error() string {
	return fmt.Sprintf("the other desk refused (%d %s): %s", e.Status, e.Body.Code, e.Body.Message)
}

// Pull asks the peer at baseURL (scheme, host and port) for every op DB
// lacks and applies them, a page at a time, until the peer has no more.
// It returns how many ops were new. A refusal of the peer is a *PeerError
// (CodeSchema: update one of the desks; CodeSnapshot: this desk must start
// anew from a snapshot); a page DB refuses is the store's error (its cause
// a *store.RefusedOp naming the op), and the pages applied before it stay.
func (p *Puller) Pull(ctx context.Context, baseURL string) (int, error) {
	client := p.Client
	if client == nil {
		client = http.DefaultClient
	}
	bound := p.PageBytes
	if bound <= 0 {
		bound = DefaultPageBytes
	}
	applied := 0
	for {
		have, err := p.DB.VersionVector()
		if err != nil {
			return applied, err
		}
		body, _ := json.Marshal(PullRequest{Schema: p.DB.ProgramSchemaVersion(), Have: have, MaxBytes: bound})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(baseURL, "/")+PullPath, bytes.NewReader(body))
		if err != nil {
			return applied, err
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return applied, err
		}
		page, err := readPage(res)
		res.Body.Close()
		if err != nil {
			return applied, err
		}
		n, err := p.DB.ApplyBatch(store.Batch{Schema: page.Schema, Ops: page.Ops})
		applied += n
		if err != nil {
			return applied, err
		}
		if !page.More {
			return applied, nil
		}
		if n == 0 {
			return applied, fmt.Errorf("the other desk says it has more ops but sent none this desk lacks")
		}
	}
}

// readPage decodes a peer's answer: a page, or its refusal.
func readPage(res *http.Response) (PullResponse, error) {
	if res.StatusCode != http.StatusOK {
		var body ErrorBody
		b, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
		if json.Unmarshal(b, &body) != nil || body.Code == "" {
			body = ErrorBody{Code: CodeInternal, Message: strings.TrimSpace(string(b))}
		}
		return PullResponse{}, &PeerError{Status: res.StatusCode, Body: body}
	}
	// A page holds at least one op, which may be as large as a document.
	return DecodePullResponse(res.Body, MaxPageBytes+store.DefaultMaxDocSize+64<<10)
}
