package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
		return app.Errorf(app.EINVALID, "the body must be JSON (Content-Type: application/json)")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err // a MaxBytesError becomes "body too large" at the edge
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return app.Errorf(app.EINVALID, "the request needs a JSON body")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return app.Errorf(app.EINVALID, "%s", describeJSONError(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return app.Errorf(app.EINVALID, "the body has data after the JSON value")
	}
	return nil
}

func describeJSONError(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var coded interface{ ErrorMessage() string }
	switch {
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			switch typeErr.Type.Kind().String() {
			case "struct", "map":
				return "the body must be a JSON object"
			case "slice", "array":
				return "the body must be a JSON array"
			}
			return fmt.Sprintf("the body must be %s", jsonKind(typeErr.Type.Kind().String()))
		}
		return fmt.Sprintf("field %q must be %s, not %s", field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("the body is not valid JSON (at byte %d)", syntaxErr.Offset)
	case errors.As(err, &coded):
		return coded.ErrorMessage()
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the body is cut short"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return "the body is not valid JSON"
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	case "int", "int64", "int32", "uint", "uint64", "uint32", "float64":
		return "a number"
	}
	return "of another type"
}
