package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/api"
)

func TestEveryRouteDeclaresAKnownPermission(t *testing.T) {
	e := newEnv(t, distFS())
	known := api.Permissions()
	for _, rt := range e.h.Routes() {
		if rt.Permission == "" {
			t.Errorf("%s %s declares no permission", rt.Method, rt.Path)
			continue
		}
		if !slices.Contains(known, rt.Permission) {
			t.Errorf("%s %s declares unknown permission %q", rt.Method, rt.Path, rt.Permission)
		}
	}
}

func TestNewRefusesABadRoute(t *testing.T) {
	ok := api.Raw(http.StatusOK, "text/plain", func(w http.ResponseWriter, r *http.Request, _ api.None) error { return nil })
	tests := []struct {
		name  string
		route api.Route
	}{
		{"no permission", api.Route{Method: "GET", Path: "/api/test/x", ID: "x", Summary: "x", Endpoint: ok}},
		{"unknown permission", api.Route{Method: "GET", Path: "/api/test/x", ID: "x", Summary: "x", Permission: "root", Endpoint: ok}},
		{"no summary", api.Route{Method: "GET", Path: "/api/test/x", ID: "x", Permission: api.PermPublic, Endpoint: ok}},
		{"no handler", api.Route{Method: "GET", Path: "/api/test/x", ID: "x", Summary: "x", Permission: api.PermPublic}},
		{"path outside /api/", api.Route{Method: "GET", Path: "/x", ID: "x", Summary: "x", Permission: api.PermPublic, Endpoint: ok}},
		{"unsupported method", api.Route{Method: "TRACE", Path: "/api/test/x", ID: "x", Summary: "x", Permission: api.PermPublic, Endpoint: ok}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("New accepted the route")
				}
			}()
			newEnv(t, distFS(), tt.route)
		})
	}
}

// openAPIDoc is the part of the OpenAPI document that the tests read.
type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Paths   map[string]map[string]struct {
		OperationID string         `json:"operationId"`
		Summary     string         `json:"summary"`
		Permission  string         `json:"x-permission"`
		Responses   map[string]any `json:"responses"`
		Parameters  []struct {
			Name string `json:"name"`
			In   string `json:"in"`
		} `json:"parameters"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]json.RawMessage `json:"schemas"`
	} `json:"components"`
}

func TestOpenAPIDocumentEqualsTheRouter(t *testing.T) {
	param := api.Route{
		Method: "DELETE", Path: "/api/test/rooms/{id}", ID: "deleteRoom", Summary: "test: a path wildcard", Permission: api.PermPublic,
		Endpoint: api.Raw(http.StatusOK, "application/json", func(w http.ResponseWriter, r *http.Request, _ api.None) error { return nil }),
	}
	e := newEnv(t, distFS(), param)
	res := e.do("GET", "/api/v1/openapi.json", nil)
	body := readBody(t, res)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET openapi.json = %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var doc openAPIDoc
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi = %q, want 3.1.x", doc.OpenAPI)
	}

	// Every route is in the document, with its summary and permission, and
	// the router sends a request for it to the route's own pattern.
	wild := regexp.MustCompile(`\{[^}]+\}`)
	var fromRoutes []string
	for _, rt := range e.h.Routes() {
		key := rt.Method + " " + rt.Path
		fromRoutes = append(fromRoutes, key)
		op, ok := doc.Paths[rt.Path][strings.ToLower(rt.Method)]
		if !ok {
			t.Errorf("%s is routed but not in the OpenAPI document", key)
			continue
		}
		if op.Summary != rt.Summary || op.Permission != string(rt.Permission) || op.OperationID != rt.ID {
			t.Errorf("%s: document has summary %q, x-permission %q, operationId %q; route has %q %q %q",
				key, op.Summary, op.Permission, op.OperationID, rt.Summary, rt.Permission, rt.ID)
		}
		if _, ok := op.Responses[strconv.Itoa(rt.Endpoint.Status)]; !ok {
			t.Errorf("%s: its success status %d is not documented", key, rt.Endpoint.Status)
		}
		if _, ok := op.Responses["500"]; !ok {
			t.Errorf("%s: no error responses", key)
		}
		target := wild.ReplaceAllString(rt.Path, "x")
		if got := e.h.Pattern(httptest.NewRequest(rt.Method, target, nil)); got != key {
			t.Errorf("the router sends %s %s to %q, want %q", rt.Method, target, got, key)
		}
	}

	// Every operation of the document is routed to its own pattern.
	var fromDoc []string
	for path, ops := range doc.Paths {
		for method, op := range ops {
			key := strings.ToUpper(method) + " " + path
			fromDoc = append(fromDoc, key)
			target := wild.ReplaceAllString(path, "x")
			if got := e.h.Pattern(httptest.NewRequest(strings.ToUpper(method), target, nil)); got != key {
				t.Errorf("document has %s but the router sends it to %q", key, got)
			}
			for _, m := range wild.FindAllString(path, -1) {
				name := strings.Trim(m, "{}")
				if !slices.ContainsFunc(op.Parameters, func(p struct {
					Name string `json:"name"`
					In   string `json:"in"`
				}) bool {
					return p.Name == name && p.In == "path"
				}) {
					t.Errorf("%s: path parameter %q is not declared", key, name)
				}
			}
		}
	}
	sort.Strings(fromRoutes)
	sort.Strings(fromDoc)
	if !slices.Equal(fromRoutes, fromDoc) {
		t.Errorf("routes %v\n!= document %v", fromRoutes, fromDoc)
	}
}

func TestOpenAPIDocumentDescribesHealthAndErrors(t *testing.T) {
	e := newEnv(t, distFS())
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct {
					Schema map[string]any `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Required   []string                  `json:"required"`
				Properties map[string]map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(readBody(t, e.do("GET", "/api/v1/openapi.json", nil))), &doc); err != nil {
		t.Fatal(err)
	}
	if ref := doc.Paths["/api/v1/health"]["get"].Responses["200"].Content["application/json"].Schema["$ref"]; ref != "#/components/schemas/Status" {
		t.Errorf("health 200 schema = %v, want a $ref to Status", ref)
	}
	health := doc.Paths["/api/v1/system/health"]["get"]
	if ref := health.Responses["200"].Content["application/json"].Schema["$ref"]; ref != "#/components/schemas/Health" {
		t.Errorf("system health 200 schema = %v, want a $ref to Health", health.Responses["200"].Content["application/json"].Schema)
	}
	if ref := health.Responses["500"].Content["application/json"].Schema["$ref"]; ref != "#/components/schemas/Error" {
		t.Errorf("health 500 schema = %v, want a $ref to Error", ref)
	}
	tests := []struct {
		schema   string
		required []string
	}{
		{"Status", []string{"status"}},
		{"Health", []string{"status", "version", "mode", "node_id", "data_dir", "started_at", "store", "disk", "replication"}},
		{"ReplicationHealth", []string{"refusals"}},
		{"Refusal", []string{"origin", "seq", "reason", "message", "at", "count"}},
		{"DiskHealth", []string{"free_bytes", "total_bytes", "low", "write_failed_full"}},
		{"StoreHealth", []string{"file", "size_bytes", "schema_version", "documents"}},
		{"DocumentCounts", []string{"total", "by_kind"}},
		{"Error", []string{"error"}},
	}
	for _, tt := range tests {
		t.Run(tt.schema, func(t *testing.T) {
			s, ok := doc.Components.Schemas[tt.schema]
			if !ok {
				t.Fatalf("no schema %s", tt.schema)
			}
			if !slices.Equal(s.Required, tt.required) {
				t.Errorf("required = %v, want %v", s.Required, tt.required)
			}
		})
	}
	if f := doc.Components.Schemas["Health"].Properties["started_at"]["format"]; f != "date-time" {
		t.Errorf("started_at format = %v, want date-time", f)
	}
	codes := doc.Components.Schemas["Error"].Properties["error"]["properties"].(map[string]any)["code"].(map[string]any)["enum"]
	if len(codes.([]any)) != len(app.Codes()) {
		t.Errorf("error codes = %v, want every code of app.Codes()", codes)
	}
}

// TestOpenAPIDocumentHasBodiesParametersAndStatuses ensures the document
// says what each operation takes and answers: the request body's schema,
// query parameters with their types and enums, the real success status,
// and the error statuses.
func TestOpenAPIDocumentHasBodiesParametersAndStatuses(t *testing.T) {
	e := newEnv(t, distFS())
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Required bool `json:"required"`
				Content  map[string]struct {
					Schema map[string]any `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
			Parameters []struct {
				Name   string         `json:"name"`
				In     string         `json:"in"`
				Schema map[string]any `json:"schema"`
			} `json:"parameters"`
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(readBody(t, e.do("GET", "/api/v1/openapi.json", nil))), &doc); err != nil {
		t.Fatal(err)
	}
	param := func(path, method, name string) map[string]any {
		for _, p := range doc.Paths[path][method].Parameters {
			if p.Name == name {
				return p.Schema
			}
		}
		t.Errorf("%s %s has no parameter %s", method, path, name)
		return nil
	}
	tests := []struct {
		name, path, method string
		check              func(t *testing.T)
	}{
		{"a creating POST documents its body and 201", "/api/v1/reservations", "post", func(t *testing.T) {
			op := doc.Paths["/api/v1/reservations"]["post"]
			if ref := op.RequestBody.Content["application/json"].Schema["$ref"]; ref != "#/components/schemas/BookingInput" || !op.RequestBody.Required {
				t.Errorf("request body = %+v", op.RequestBody)
			}
			if _, ok := op.Responses["201"]; !ok {
				t.Errorf("responses = %v, want 201", op.Responses)
			}
			if s := param("/api/v1/reservations", "post", "Idempotency-Key"); s == nil {
				t.Error("no Idempotency-Key header")
			}
		}},
		{"an action POST answers 200", "/api/v1/reservations/{id}/cancel", "post", func(t *testing.T) {
			op := doc.Paths["/api/v1/reservations/{id}/cancel"]["post"]
			if _, ok := op.Responses["200"]; !ok || op.RequestBody.Required {
				t.Errorf("responses = %v, body required = %v; want 200 and an optional body", op.Responses, op.RequestBody.Required)
			}
		}},
		{"a DELETE answers 204", "/api/v1/roles/{id}", "delete", func(t *testing.T) {
			if _, ok := doc.Paths["/api/v1/roles/{id}"]["delete"].Responses["204"]; !ok {
				t.Error("no 204")
			}
		}},
		{"query parameters have types, enums and defaults", "/api/v1/reservations", "get", func(t *testing.T) {
			if s := param("/api/v1/reservations", "get", "status"); s != nil && len(s["enum"].([]any)) != 6 {
				t.Errorf("status = %v, want an enum of the six statuses", s)
			}
			if s := param("/api/v1/reservations", "get", "limit"); s != nil && (s["type"] != "integer" || s["default"] != float64(100)) {
				t.Errorf("limit = %v", s)
			}
			if s := param("/api/v1/hotels", "get", "stars"); s != nil && s["type"] != "array" {
				t.Errorf("stars = %v, want an array", s)
			}
		}},
		{"the login may be refused and slowed down", "/api/v1/sessions", "post", func(t *testing.T) {
			for _, st := range []string{"201", "400", "401", "429"} {
				if _, ok := doc.Paths["/api/v1/sessions"]["post"].Responses[st]; !ok {
					t.Errorf("no %s", st)
				}
			}
		}},
		{"a photo upload takes an image", "/api/v1/room-types/{id}/photos", "post", func(t *testing.T) {
			c := doc.Paths["/api/v1/room-types/{id}/photos"]["post"].RequestBody.Content
			if _, ok := c["image/jpeg"]; !ok {
				t.Errorf("content = %v, want image/jpeg and image/png", c)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, tt.check)
	}
}
