package replica

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
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

// Result is what one Pull did.
type Result struct {
	Applied int // ops that were new here
	// Behind is how many ops the peer held that this desk still lacks
	// after the pull (those of the refused origins, or made meanwhile).
	Behind uint64
	// Refused lists, per origin, the op of it this desk refused; the
	// pull went on without that origin.
	Refused []*store.RefusedOp
}

// Pull asks the peer at baseURL (scheme, host and port) for every op DB
// lacks and applies them, a page at a time, until the peer has no more.
// A refusal of the peer is a *PeerError (CodeSchema: update one of the
// desks; CodeSnapshot: this desk must start anew from a snapshot). A page
// DB refuses is applied not at all, and the pull goes on without the origin
// of the refused op (Result.Refused), so that one faulty desk does not hold
// up the others; the store records the refusal for the health page.
func (p *Puller) Pull(ctx context.Context, baseURL string) (Result, error) {
	client := p.Client
	if client == nil {
		client = http.DefaultClient
	}
	bound := p.PageBytes
	if bound <= 0 {
		bound = DefaultPageBytes
	}
	var res Result
	skip := map[string]bool{}
	for {
		have, err := p.DB.VersionVector()
		if err != nil {
			return res, err
		}
		body, _ := json.Marshal(PullRequest{Schema: p.DB.ProgramSchemaVersion(), Have: have, MaxBytes: bound, Skip: sortedKeys(skip)})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(baseURL, "/")+PullPath, bytes.NewReader(body))
		if err != nil {
			return res, err
		}
		req.Header.Set("Content-Type", "application/json")
		hr, err := client.Do(req)
		if err != nil {
			return res, err
		}
		page, err := readPage(hr)
		hr.Body.Close()
		if err != nil {
			return res, err
		}
		n, err := p.DB.ApplyBatch(store.Batch{Schema: page.Schema, Ops: page.Ops})
		res.Applied += n
		var refused *store.RefusedOp
		switch {
		case err == nil:
		case errors.As(err, &refused) && !skip[refused.Origin]:
			skip[refused.Origin] = true
			res.Refused = append(res.Refused, refused)
			continue // ask again without it
		default:
			return res, err
		}
		if !page.More {
			now, err := p.DB.VersionVector()
			if err != nil {
				return res, err
			}
			for o, n := range page.Holds {
				if n > now[o] {
					res.Behind += n - now[o]
				}
			}
			return res, nil
		}
		if n == 0 {
			return res, fmt.Errorf("the other desk says it has more ops but sent none this desk lacks")
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
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
