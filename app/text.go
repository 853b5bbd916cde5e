package app

import (
	"encoding/json"
	"strings"

	"innkeep/store"
)

// foldKey returns s in the form index keys compare in: trimmed, lower case,
// without 0x00.
func foldKey(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "\x00", "")
}

// stringField returns the string value of a document's field, or "".
func stringField(d store.Doc, name string) string {
	var s string
	_ = json.Unmarshal(d.Field(name), &s)
	return s
}

// unmarshalDoc decodes a document into v, ignoring errors of fields that
// do not fit (an index must not fail on a newer document).
func unmarshalDoc(d store.Doc, v any) error {
	return json.Unmarshal(d.Object(), v)
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
