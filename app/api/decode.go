package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"innkeep/app"
)

// decodeJSON decodes the request body into v. Unknown fields, wrong types,
// trailing data and an empty body are EINVALID errors that name the
// problem; nothing is changed by a request that fails here.
func decodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return app.E(app.EINVALID, "api.body_not_json_type", "the body must be JSON (Content-Type: application/json)")
	}
	body, err := io.ReadAll(r.Body)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge) || bodyTimedOut(err):
		return err // "body too large" or 408 at the edge
	case err != nil:
		// The client went away, or sent less than it announced.
		return app.E(app.EINVALID, "api.body_cut_off", "the request body ended before it was complete; nothing was changed")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return app.E(app.EINVALID, "api.body_missing", "the request needs a JSON body")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describeJSONError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return app.E(app.EINVALID, "api.body_trailing_data", "the body has data after the JSON value")
	}
	return nil
}

// describeJSONError returns the EINVALID error that names what is wrong
// with a body that encoding/json refused.
func describeJSONError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var coded app.Coded
	switch {
	case errors.As(err, &typeErr):
		want := jsonKind(typeErr.Type.Kind().String())
		if typeErr.Field == "" {
			switch typeErr.Type.Kind().String() {
			case "struct", "map":
				return app.E(app.EINVALID, "api.body_not_object", "the body must be a JSON object")
			case "slice", "array":
				return app.E(app.EINVALID, "api.body_not_array", "the body must be a JSON array")
			}
			return app.E(app.EINVALID, "api.body_wrong_type", "the body must be {kind}", "kind", want)
		}
		return app.E(app.EINVALID, "api.field_wrong_type", "field \"{field}\" must be {kind}, not {value}",
			"field", typeErr.Field, "kind", want, "value", typeErr.Value)
	case errors.As(err, &syntaxErr):
		return app.E(app.EINVALID, "api.body_bad_json_at", "the body is not valid JSON (at byte {offset})", "offset", syntaxErr.Offset)
	case errors.As(err, &coded):
		return err // a type's own decoder (a hotel scope, …) said what is wrong
	case errors.Is(err, io.ErrUnexpectedEOF):
		return app.E(app.EINVALID, "api.body_cut_short", "the body is cut short")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return app.E(app.EINVALID, "api.body_unknown_field", "unknown field {field}", "field", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return app.E(app.EINVALID, "api.body_bad_json", "the body is not valid JSON")
}

// jsonKind names a JSON type as a translatable word.
func jsonKind(goKind string) app.Word {
	switch goKind {
	case "string":
		return app.MakeWord("api.json_string", "a string")
	case "bool":
		return app.MakeWord("api.json_bool", "true or false")
	case "slice", "array":
		return app.MakeWord("api.json_array", "an array")
	case "struct", "map":
		return app.MakeWord("api.json_object", "an object")
	case "int", "int64", "int32", "uint", "uint64", "uint32", "float64":
		return app.MakeWord("api.json_number", "a number")
	}
	return app.MakeWord("api.json_other", "of another type")
}
