//go:build innkeep_testroutes

package api

import (
	"io"
	"net/http"
)

// testRoutes returns the routes that only binaries built with the tag
// innkeep_testroutes have. The end-to-end tests of the binary use them to
// hold a request in flight; release builds never have them.
func testRoutes() []Route {
	return []Route{{
		Method:     http.MethodPost,
		Path:       "/api/test/upload",
		ID:         "testUpload",
		Summary:    "Test builds only: read the whole body, then answer with its length.",
		Permission: PermPublic, BeforeSetup: true,
		Endpoint: Raw(http.StatusCreated, "application/json", func(w http.ResponseWriter, r *http.Request, _ None) error {
			n, err := io.Copy(io.Discard, r.Body)
			if err != nil {
				return err
			}
			return writeJSON(w, http.StatusCreated, uploadResponse{Bytes: n})
		}),
	}}
}

type uploadResponse struct {
	Bytes int64 `json:"bytes"`
}
