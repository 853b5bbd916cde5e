// Command openapi prints the OpenAPI document of Innkeep's API, as the
// binary serves it at /api/v1/openapi.json, without building the binary or
// the frontend: `make api-types` turns it into the frontend's API types.
//
// Usage: go run ./scripts/openapi > frontend/src/lib/api/openapi.json
package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"innkeep/app/api"
	"innkeep/app/desk"
	"innkeep/app/ops"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "openapi:", err)
		os.Exit(1)
	}
}

func run() error {
	dir, err := os.MkdirTemp("", "innkeep-openapi-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := desk.OpenStore(dir)
	if err != nil {
		return err
	}
	defer db.Close()
	// The version is fixed, so that the document changes only when the API does.
	d := desk.New(desk.Config{DB: db, DataDir: dir, Facts: ops.Facts{DataDir: filepath.Clean(dir), Version: "v1"}})
	rec := httptest.NewRecorder()
	api.New(api.Config{Desk: d}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	if rec.Code != http.StatusOK {
		return fmt.Errorf("GET /api/v1/openapi.json answered %d", rec.Code)
	}
	_, err = os.Stdout.Write(rec.Body.Bytes())
	return err
}
