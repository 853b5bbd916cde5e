package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"time"

	"innkeep/app"
)

// openAPIDocument returns the OpenAPI 3.1 document of routes, for the API
// of the given version, as JSON. Each
// operation carries its route's summary, its permission as x-permission,
// the schema of its success body (from the Go type of Route.Response), and
// the error envelope for every other status.
func openAPIDocument(routes []Route, version string) ([]byte, error) {
	schemas := map[string]any{
		"Error": errorSchema(),
	}
	paths := map[string]map[string]any{}
	for _, rt := range routes {
		success := map[string]any{"type": "object"}
		if rt.Response != nil {
			s, err := schemaOf(reflect.TypeOf(rt.Response), schemas)
			if err != nil {
				return nil, fmt.Errorf("route %q: %w", rt.pattern(), err)
			}
			success = s
		}
		op := map[string]any{
			"operationId":  rt.ID,
			"summary":      rt.Summary,
			"x-permission": string(rt.Permission),
			"responses": map[string]any{
				successStatus(rt.Method): map[string]any{
					"description": "Success.",
					"content":     map[string]any{"application/json": map[string]any{"schema": success}},
				},
				"default": map[string]any{
					"description": "An error: the status follows the code (invalid 400, unauthorized 401, forbidden 403, not_found 404, conflict 409, unavailable 503, internal 500); 405 for a method the path does not serve.",
					"content":     map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}},
				},
			},
		}
		if params := pathParams(rt.Path); len(params) > 0 {
			op["parameters"] = params
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
			"title":       "Innkeep API",
			"version":     version,
			"description": "The REST API of an Innkeep node. Errors have the body {\"error\":{\"code\":…,\"message\":…}}.",
		},
		"paths":      paths,
		"components": map[string]any{"schemas": schemas},
	}
	return json.MarshalIndent(doc, "", "  ")
}

// successStatus is the status of a successful response to method.
func successStatus(method string) string {
	if method == http.MethodPost {
		return "201"
	}
	return "200"
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
					"message": map[string]any{"type": "string"},
				},
			},
		},
	}
}

var timeType = reflect.TypeFor[time.Time]()

// schemaOf returns the JSON Schema of the JSON encoding of t. A named struct
// becomes a component in schemas, referred to by $ref.
func schemaOf(t reflect.Type, schemas map[string]any) (map[string]any, error) {
	if t.Implements(schemaerType) {
		return reflect.Zero(t).Interface().(schemaer).JSONSchema(), nil
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}, nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		return schemaOf(t.Elem(), schemas)
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
		items, err := schemaOf(t.Elem(), schemas)
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "array", "items": items}, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("map key type %s is not a string", t.Key())
		}
		values, err := schemaOf(t.Elem(), schemas)
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "object", "additionalProperties": values}, nil
	case reflect.Interface:
		return map[string]any{}, nil
	case reflect.Struct:
		if t.Name() == "" {
			return structSchema(t, schemas)
		}
		ref := map[string]any{"$ref": "#/components/schemas/" + t.Name()}
		if _, done := schemas[t.Name()]; done {
			return ref, nil
		}
		schemas[t.Name()] = map[string]any{} // placeholder: breaks cycles
		s, err := structSchema(t, schemas)
		if err != nil {
			return nil, err
		}
		schemas[t.Name()] = s
		return ref, nil
	}
	return nil, fmt.Errorf("type %s has no JSON schema", t)
}

// schemaer is a type with its own JSON encoding that describes its schema.
type schemaer interface{ JSONSchema() map[string]any }

var schemaerType = reflect.TypeFor[schemaer]()

// structSchema returns the object schema of a struct: its exported fields
// under their JSON names; the fields without omitempty are required.
func structSchema(t reflect.Type, schemas map[string]any) (map[string]any, error) {
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
			inner, err := structSchema(f.Type, schemas)
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", t.Name(), f.Name, err)
			}
			for k, v := range inner["properties"].(map[string]any) {
				props[k] = v
			}
			required = append(required, inner["required"].([]string)...)
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
		s, err := schemaOf(f.Type, schemas)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.Name(), f.Name, err)
		}
		props[name] = s
		if !strings.Contains(","+opts+",", ",omitempty,") && !strings.Contains(","+opts+",", ",omitzero,") {
			required = append(required, name)
		}
	}
	return map[string]any{"type": "object", "properties": props, "required": required}, nil
}
