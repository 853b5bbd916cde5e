package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"innkeep/app"
)

// openAPIDocument returns the OpenAPI 3.1 document of routes, for the API
// of the given version, as JSON. Each operation is generated from its
// route's Endpoint: the request body, the query and path parameters with
// their types and enums, the success status and body, and every error
// status the route can answer, with the error envelope.
func openAPIDocument(routes []Route, version string) ([]byte, error) {
	schemas := map[string]any{"Error": errorSchema()}
	paths := map[string]map[string]any{}
	for _, rt := range routes {
		op, err := operation(rt, schemas)
		if err != nil {
			return nil, fmt.Errorf("route %q: %w", rt.pattern(), err)
		}
		p := openAPIPath(rt.Path)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(rt.Method)] = op
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":   "Innkeep API",
			"version": version,
			"description": "The REST API of an Innkeep node. Errors have the body " +
				"{\"error\":{\"code\":…,\"key\":…,\"params\":{…},\"message\":…}}, the message in the language of Accept-Language (en or zh-CN).",
		},
		"paths":      paths,
		"components": map[string]any{"schemas": schemas},
	}
	return json.MarshalIndent(doc, "", "  ")
}

// operation returns the OpenAPI operation of rt.
func operation(rt Route, schemas map[string]any) (map[string]any, error) {
	e := rt.Endpoint
	op := map[string]any{
		"operationId":  rt.ID,
		"summary":      rt.Summary,
		"tags":         []string{tagOf(rt.Path)},
		"x-permission": string(rt.Permission),
	}
	params := pathParams(rt.Path)
	if e.Query != nil {
		qs, err := queryParams(e.Query)
		if err != nil {
			return nil, err
		}
		params = append(params, qs...)
	}
	if rt.Method == http.MethodPost && !rt.NoReplay {
		params = append(params, map[string]any{
			"name": "Idempotency-Key", "in": "header", "required": false,
			"description": "Makes a retry safe: the same key and body get the first answer again for 24 hours.",
			"schema":      map[string]any{"type": "string", "minLength": 1, "maxLength": 200},
		})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	switch {
	case e.Request != nil:
		s, err := inputSchemaOf(e.Request, schemas)
		if err != nil {
			return nil, err
		}
		op["requestBody"] = map[string]any{
			"required": !e.OptionalBody,
			"content":  map[string]any{"application/json": map[string]any{"schema": s}},
		}
	case len(e.BodyTypes) > 0:
		content := map[string]any{}
		for _, t := range e.BodyTypes {
			content[t] = map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": t}}
		}
		op["requestBody"] = map[string]any{"required": true, "content": content}
	}
	success := map[string]any{"description": successDescription(e.Status)}
	switch {
	case e.Response != nil:
		s, err := schemaOf(e.Response, schemas)
		if err != nil {
			return nil, err
		}
		success["content"] = map[string]any{"application/json": map[string]any{"schema": s}}
	case e.ContentType == "application/json":
		success["content"] = map[string]any{e.ContentType: map[string]any{"schema": map[string]any{"type": "object"}}}
	case e.ContentType != "":
		success["content"] = map[string]any{e.ContentType: map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": e.ContentType}}}
	}
	responses := map[string]any{strconv.Itoa(e.Status): success}
	for _, st := range errorStatuses(rt) {
		responses[strconv.Itoa(st)] = map[string]any{
			"description": errorDescriptions[st],
			"content":     map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}},
		}
	}
	op["responses"] = responses
	return op, nil
}

// errorDescriptions describe the error statuses of the API.
var errorDescriptions = map[int]string{
	http.StatusBadRequest:          "invalid: the input is malformed or breaks a rule; nothing changed.",
	http.StatusUnauthorized:        "unauthorized: sign in first (no session, or it ended).",
	http.StatusForbidden:           "forbidden: not set up yet, another site's request, or a missing permission.",
	http.StatusNotFound:            "not_found: no such record in the caller's hotels.",
	http.StatusConflict:            "conflict: the request contradicts the current state; nothing changed.",
	http.StatusRequestTimeout:      "invalid: the request body did not arrive in time; nothing changed.",
	http.StatusTooManyRequests:     "rate_limited: too many attempts; try again after Retry-After seconds.",
	http.StatusInternalServerError: "internal: a fault of the server; the details are in its log.",
	http.StatusServiceUnavailable:  "unavailable: cannot be done now (the store is busy or closed, the data key is missing).",
	http.StatusInsufficientStorage: "disk_full: the disk of the data folder is full; nothing changed.",
}

// errorStatuses returns the error statuses rt can answer.
func errorStatuses(rt Route) []int {
	out := []int{}
	e := rt.Endpoint
	if e.Request != nil || e.Query != nil || len(e.BodyTypes) > 0 || rt.Method != http.MethodGet {
		out = append(out, http.StatusBadRequest)
	}
	if rt.Permission != PermPublic || rt.ID == "login" {
		out = append(out, http.StatusUnauthorized)
	}
	if rt.Permission != PermPublic || !rt.BeforeSetup || changesState(rt.Method) {
		out = append(out, http.StatusForbidden)
	}
	if strings.Contains(rt.Path, "{") || rt.Permission != PermPublic {
		// A record named in the path, the body or the query may be missing
		// or outside the caller's hotels.
		out = append(out, http.StatusNotFound)
	}
	if e.Request != nil || len(e.BodyTypes) > 0 {
		out = append(out, http.StatusRequestTimeout)
	}
	if rt.Method != http.MethodGet {
		out = append(out, http.StatusConflict)
	}
	if rt.ID == "login" {
		out = append(out, http.StatusTooManyRequests)
	}
	out = append(out, http.StatusInternalServerError, http.StatusServiceUnavailable)
	if rt.Method != http.MethodGet {
		out = append(out, http.StatusInsufficientStorage)
	}
	return out
}

// successDescription names a success status.
func successDescription(status int) string {
	switch status {
	case http.StatusCreated:
		return "Created."
	case http.StatusNoContent:
		return "Done; no body."
	}
	return "Success."
}

// tagOf groups an operation by the first part of its path after /api/v1/.
func tagOf(path string) string {
	rest := strings.TrimPrefix(strings.TrimPrefix(path, "/api/v1/"), "/api/")
	first, _, _ := strings.Cut(rest, "/")
	return first
}

// queryParams returns the OpenAPI parameters of a query struct type.
func queryParams(t reflect.Type) ([]any, error) {
	var out []any
	for _, f := range queryFields(t) {
		var s map[string]any
		switch f.kind {
		case reflect.String:
			s = map[string]any{"type": "string"}
		case reflect.Int, reflect.Pointer:
			s = map[string]any{"type": "integer"}
		case reflect.Bool:
			s = map[string]any{"type": "boolean"}
		case reflect.Slice:
			s = map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
		case reflect.Array:
			s = map[string]any{"type": "array", "items": map[string]any{"type": "integer"}}
		}
		if f.enum != nil {
			if f.kind == reflect.Slice {
				s["items"].(map[string]any)["enum"] = f.enum
			} else {
				s["enum"] = f.enum
			}
		}
		if f.min != nil {
			s["minimum"] = *f.min
		}
		if f.def != "" {
			switch f.kind {
			case reflect.Int:
				n, err := strconv.Atoi(f.def)
				if err != nil {
					return nil, fmt.Errorf("query %s: default %q is not a number", f.name, f.def)
				}
				s["default"] = n
			default:
				s["default"] = f.def
			}
		}
		p := map[string]any{"name": f.name, "in": "query", "required": false, "schema": s}
		if f.doc != "" {
			p["description"] = f.doc
		}
		if f.kind == reflect.Slice || f.kind == reflect.Array {
			p["style"], p["explode"] = "form", true
		}
		out = append(out, p)
	}
	return out, nil
}

// wildcard matches a ServeMux wildcard: {name} or {name...}.
var wildcard = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}`)

// openAPIPath turns a ServeMux path into an OpenAPI path template.
func openAPIPath(p string) string { return wildcard.ReplaceAllString(p, "{$1}") }

// pathParams returns the OpenAPI parameters of the wildcards in p.
func pathParams(p string) []any {
	var params []any
	for _, m := range wildcard.FindAllStringSubmatch(p, -1) {
		params = append(params, map[string]any{
			"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"},
		})
	}
	return params
}

// errorSchema is the schema of the error envelope.
func errorSchema() map[string]any {
	return map[string]any{
		"type":                 "object",
		"required":             []string{"error"},
		"additionalProperties": false,
		"properties": map[string]any{
			"error": map[string]any{
				"type":                 "object",
				"required":             []string{"code", "message"},
				"additionalProperties": false,
				"properties": map[string]any{
					"code":    map[string]any{"type": "string", "enum": app.Codes()},
					"key":     map[string]any{"type": "string", "description": "The stable key of the message (e.g. booking.room_taken); absent for messages without one."},
					"params":  map[string]any{"type": "object", "additionalProperties": map[string]any{}, "description": "The values of the message's placeholders, in the same language as message."},
					"message": map[string]any{"type": "string", "description": "The message, in the language of Accept-Language."},
				},
			},
		},
	}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	rawType  = reflect.TypeFor[json.RawMessage]()
)

// schemaGen writes the JSON Schemas of Go types into components. Answers
// (input false) are described as encoding/json writes them: every field
// without omitempty is required, and a pointer may be null. Request bodies
// (input true) as the server reads them: no field is required by the
// schema (the domain says which are, in the user's language), and
// pointers may be null. A named struct becomes a component, referred to by
// $ref; one read as input gets the suffix "Input" unless its name ends in
// Input or Patch already.
type schemaGen struct {
	schemas map[string]any
	input   bool
}

// schemaOf returns the JSON Schema of the JSON encoding of t.
func schemaOf(t reflect.Type, schemas map[string]any) (map[string]any, error) {
	return schemaGen{schemas: schemas}.of(t)
}

// inputSchemaOf returns the JSON Schema of a request body of type t.
func inputSchemaOf(t reflect.Type, schemas map[string]any) (map[string]any, error) {
	return schemaGen{schemas: schemas, input: true}.of(t)
}

func (g schemaGen) of(t reflect.Type) (map[string]any, error) {
	if t.Kind() == reflect.Pointer {
		s, err := g.of(t.Elem())
		if err != nil {
			return nil, err
		}
		return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}, nil
	}
	if t.Implements(schemaerType) {
		return reflect.Zero(t).Interface().(schemaer).JSONSchema(), nil
	}
	switch t {
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}, nil
	case rawType:
		return map[string]any{"description": "Any JSON value."}, nil
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}, nil
	case reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}, nil
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}, nil
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}, nil
		}
		items, err := g.of(t.Elem())
		if err != nil {
			return nil, err
		}
		s := map[string]any{"type": "array", "items": items}
		if g.input {
			s["type"] = []string{"array", "null"}
		}
		return s, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("map key type %s is not a string", t.Key())
		}
		values, err := g.of(t.Elem())
		if err != nil {
			return nil, err
		}
		s := map[string]any{"type": "object", "additionalProperties": values}
		if g.input {
			s["type"] = []string{"object", "null"}
		}
		return s, nil
	case reflect.Interface:
		return map[string]any{}, nil
	case reflect.Struct:
		if t.Name() == "" {
			return g.structSchema(t)
		}
		name := t.Name()
		if g.input && !strings.HasSuffix(name, "Input") && !strings.HasSuffix(name, "Patch") {
			name += "Input"
		}
		ref := map[string]any{"$ref": "#/components/schemas/" + name}
		if _, done := g.schemas[name]; done {
			return ref, nil
		}
		g.schemas[name] = map[string]any{} // placeholder: breaks cycles
		s, err := g.structSchema(t)
		if err != nil {
			return nil, err
		}
		g.schemas[name] = s
		return ref, nil
	}
	return nil, fmt.Errorf("type %s has no JSON schema", t)
}

// schemaer is a type with its own JSON encoding that describes its schema.
type schemaer interface{ JSONSchema() map[string]any }

var schemaerType = reflect.TypeFor[schemaer]()

// structSchema returns the object schema of a struct: its exported fields
// under their JSON names. In an answer, the fields without omitempty are
// required; a request body refuses unknown members.
func (g schemaGen) structSchema(t reflect.Type) (map[string]any, error) {
	props := map[string]any{}
	required := []string{}
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			// An embedded struct's fields are the outer object's, as in
			// encoding/json.
			inner, err := g.structSchema(f.Type)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", t.Name(), f.Name, err)
			}
			for k, v := range inner["properties"].(map[string]any) {
				props[k] = v
			}
			if r, ok := inner["required"].([]string); ok {
				required = append(required, r...)
			}
			continue
		}
		if f.Anonymous {
			return nil, fmt.Errorf("%s.%s: only embedded structs without a JSON name are supported", t.Name(), f.Name)
		}
		if name == "-" && opts == "" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		omitted := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		gf := g
		s, err := gf.of(f.Type)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.Name(), f.Name, err)
		}
		if f.Type.Kind() == reflect.Pointer && omitted && !g.input {
			s = s["anyOf"].([]any)[0].(map[string]any) // omitted when nil, never null
		}
		if e := f.Tag.Get("enum"); e != "" {
			s = withEnum(s, strings.Split(e, ","))
		}
		props[name] = s
		if !omitted && !g.input {
			required = append(required, name)
		}
	}
	out := map[string]any{"type": "object", "properties": props}
	if g.input {
		out["additionalProperties"] = false
	} else {
		out["required"] = required
	}
	return out, nil
}

// withEnum returns s limited to the values of enum (a field tagged
// enum:"a,b,c").
func withEnum(s map[string]any, enum []string) map[string]any {
	if alts, ok := s["anyOf"].([]any); ok {
		inner := withEnum(alts[0].(map[string]any), enum)
		return map[string]any{"anyOf": []any{inner, alts[1]}}
	}
	out := map[string]any{}
	for k, v := range s {
		out[k] = v
	}
	out["enum"] = enum
	return out
}
