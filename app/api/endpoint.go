package api

import (
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"innkeep/app"
)

// Endpoint is the contract of a route and the code that keeps it: the
// types of its JSON body, of its query parameters and of its success body,
// and its success status. The OpenAPI document is generated from it, and
// the same types decode the request and encode the answer, so the two
// cannot drift. Build one with JSON, JSONWith or Raw.
type Endpoint struct {
	Request      reflect.Type // the JSON body; nil: the route takes none
	OptionalBody bool         // the body may be left out (an empty body decodes to the zero value)
	Query        reflect.Type // a struct of query parameters (see decodeQuery); nil: none
	Response     reflect.Type // the success body; nil: none (204) or not JSON (Raw)
	Status       int          // the success status
	ContentType  string       // the success body's media type; "" is application/json
	BodyTypes    []string     // the media types of a body that is not JSON (Upload)
	serve        func(e Endpoint, w http.ResponseWriter, r *http.Request) error
}

// Serve runs the endpoint's handler on r.
func (e Endpoint) Serve(w http.ResponseWriter, r *http.Request) error { return e.serve(e, w, r) }

// None is the request, query or response type of an endpoint that has none.
type None struct{}

var noneType = reflect.TypeFor[None]()

// typeOf returns the reflect.Type of T, or nil for None.
func typeOf[T any]() reflect.Type {
	t := reflect.TypeFor[T]()
	if t == noneType {
		return nil
	}
	return t
}

// JSON returns the endpoint of fn, which takes the JSON body In and the
// query parameters Q (None for either that the route does not take) and
// answers Out with status (None: no body; status should then be 204).
func JSON[In, Q, Out any](status int, fn func(r *http.Request, in In, q Q) (Out, error)) Endpoint {
	return JSONWith(status, func(_ http.ResponseWriter, r *http.Request, in In, q Q) (Out, error) {
		return fn(r, in, q)
	})
}

// JSONWith is JSON for a handler that also sets headers or cookies on w
// before its body is written. It must not write the body itself.
func JSONWith[In, Q, Out any](status int, fn func(w http.ResponseWriter, r *http.Request, in In, q Q) (Out, error)) Endpoint {
	e := Endpoint{Request: typeOf[In](), Query: typeOf[Q](), Response: typeOf[Out](), Status: status}
	e.serve = func(e Endpoint, w http.ResponseWriter, r *http.Request) error {
		var in In
		if e.Request != nil && !(e.OptionalBody && r.ContentLength == 0) {
			if err := decodeJSON(r, &in); err != nil {
				return err
			}
		}
		var q Q
		if e.Query != nil {
			if err := decodeQuery(r, &q); err != nil {
				return err
			}
		}
		out, err := fn(w, r, in, q)
		if err != nil {
			return err
		}
		if e.Response == nil {
			w.WriteHeader(status)
			return nil
		}
		return writeJSON(w, status, out)
	}
	return e
}

// Optional returns e with a body that may be left out.
func (e Endpoint) Optional() Endpoint {
	e.OptionalBody = true
	return e
}

// Upload returns the endpoint of fn, which reads a body of one of the
// media types (an image, a file) itself and answers Out as JSON.
func Upload[Out any](status int, mediaTypes []string, fn func(r *http.Request) (Out, error)) Endpoint {
	e := Endpoint{Response: typeOf[Out](), Status: status, BodyTypes: mediaTypes}
	e.serve = func(_ Endpoint, w http.ResponseWriter, r *http.Request) error {
		out, err := fn(r)
		if err != nil {
			return err
		}
		return writeJSON(w, status, out)
	}
	return e
}

// Manual returns the endpoint of a handler that decodes its JSON body In
// and writes its answer Out (or another answer) itself; the types only
// document it. Prefer JSON: Manual is for a handler that relays another
// route's answer (the desktop's save).
func Manual[In, Out any](status int, serve func(w http.ResponseWriter, r *http.Request) error) Endpoint {
	return Endpoint{Request: typeOf[In](), Response: typeOf[Out](), Status: status,
		serve: func(_ Endpoint, w http.ResponseWriter, r *http.Request) error { return serve(w, r) }}
}

// Raw returns the endpoint of a handler that writes its own success answer
// (a file, a CSV export) of contentType with status, after reading the
// query parameters Q (None: none). On error it must not have written
// anything.
func Raw[Q any](status int, contentType string, fn func(w http.ResponseWriter, r *http.Request, q Q) error) Endpoint {
	e := Endpoint{Query: typeOf[Q](), Status: status, ContentType: contentType}
	e.serve = func(e Endpoint, w http.ResponseWriter, r *http.Request) error {
		var q Q
		if e.Query != nil {
			if err := decodeQuery(r, &q); err != nil {
				return err
			}
		}
		return fn(w, r, q)
	}
	return e
}

// Query parameters are the exported fields of a struct with a `query` tag:
//
//	type reservationsQuery struct {
//		Hotel  string `query:"hotel" doc:"A hotel id."`
//		Status string `query:"status" enum:"tentative,confirmed,checked_in,checked_out,cancelled,no_show"`
//		Limit  int    `query:"limit" default:"100" min:"1"`
//	}
//
// Fields are strings, ints, *ints (absent: nil), bools, or lists of strings or ints (a list
// parameter may be repeated, and each value may hold several separated by
// commas). A parameter left out keeps its default (the tag `default`, else
// the zero value). A malformed number, a
// value outside `enum`, or a number below `min` is EINVALID, naming the
// parameter.

// queryField describes one query parameter.
type queryField struct {
	name, doc, def string
	enum           []string
	min            *int
	index          int
	kind           reflect.Kind
}

// queryFields returns the parameters of the struct type t.
func queryFields(t reflect.Type) []queryField {
	var out []queryField
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("query")
		if name == "" || !f.IsExported() {
			continue
		}
		qf := queryField{name: name, doc: f.Tag.Get("doc"), def: f.Tag.Get("default"), index: i, kind: f.Type.Kind()}
		if e := f.Tag.Get("enum"); e != "" {
			qf.enum = strings.Split(e, ",")
		}
		if m := f.Tag.Get("min"); m != "" {
			n, err := strconv.Atoi(m)
			if err != nil {
				panic("api: bad min tag on " + t.Name() + "." + f.Name)
			}
			qf.min = &n
		}
		switch qf.kind {
		case reflect.String, reflect.Int, reflect.Bool:
		case reflect.Pointer:
			if f.Type.Elem().Kind() != reflect.Int {
				panic("api: query parameter " + t.Name() + "." + f.Name + " points to something other than an int")
			}
		case reflect.Slice:
			if k := f.Type.Elem().Kind(); k == reflect.Int {
				qf.kind = reflect.Array // a list of whole numbers
			} else if k != reflect.String {
				panic("api: query parameter " + t.Name() + "." + f.Name + " is a list of neither strings nor ints")
			}
		default:
			panic("api: query parameter " + t.Name() + "." + f.Name + " is not a string, int, bool or list")
		}
		out = append(out, qf)
	}
	return out
}

// decodeQuery reads the query parameters of r into the struct *v.
func decodeQuery(r *http.Request, v any) error {
	rv := reflect.ValueOf(v).Elem()
	values := r.URL.Query()
	for _, f := range queryFields(rv.Type()) {
		if f.kind == reflect.Slice || f.kind == reflect.Array {
			if err := decodeList(rv.Field(f.index), f, values[f.name]); err != nil {
				return err
			}
			continue
		}
		raw, given := values.Get(f.name), values.Has(f.name)
		if !given || raw == "" {
			raw = f.def
		}
		if raw == "" {
			continue
		}
		if f.enum != nil && !slices.Contains(f.enum, raw) {
			return app.E(app.EINVALID, "api.query_not_one_of", "the parameter {name} must be one of {values}, not \"{value}\"",
				"name", f.name, "values", strings.Join(f.enum, ", "), "value", raw)
		}
		field := rv.Field(f.index)
		switch f.kind {
		case reflect.String:
			field.SetString(raw)
		case reflect.Int, reflect.Pointer:
			n, err := strconv.Atoi(raw)
			if err != nil {
				return app.E(app.EINVALID, "api.query_not_whole_number", "{name} must be a whole number", "name", f.name)
			}
			if f.min != nil && n < *f.min {
				return app.E(app.EINVALID, "api.query_below_min", "{name} must be at least {min}", "name", f.name, "min", *f.min)
			}
			if f.kind == reflect.Pointer {
				field.Set(reflect.ValueOf(&n))
			} else {
				field.SetInt(int64(n))
			}
		case reflect.Bool:
			b, err := strconv.ParseBool(raw)
			if err != nil {
				return app.E(app.EINVALID, "api.query_not_bool", "{name} must be true or false", "name", f.name)
			}
			field.SetBool(b)
		}
	}
	return nil
}

// decodeList sets the list field to the values of a parameter given once
// or more, each of them a single value or values separated by commas.
func decodeList(field reflect.Value, f queryField, given []string) error {
	for _, v := range given {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part == "" {
				continue
			}
			if f.enum != nil && !slices.Contains(f.enum, part) {
				return app.E(app.EINVALID, "api.query_not_one_of", "the parameter {name} must be one of {values}, not \"{value}\"",
					"name", f.name, "values", strings.Join(f.enum, ", "), "value", part)
			}
			if f.kind == reflect.Slice {
				field.Set(reflect.Append(field, reflect.ValueOf(part)))
				continue
			}
			n, err := strconv.Atoi(part)
			if err != nil {
				return app.E(app.EINVALID, "api.query_not_whole_numbers", "{name} must be whole numbers, not \"{value}\"", "name", f.name, "value", part)
			}
			field.Set(reflect.Append(field, reflect.ValueOf(n)))
		}
	}
	return nil
}
