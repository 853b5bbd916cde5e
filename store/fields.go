package store

import (
	"reflect"
	"strings"
	"sync"
)

// declaredFields returns the JSON member names that values of type t may
// marshal to — every exported field by its JSON name, omitempty ones
// included, fields of embedded structs promoted as encoding/json promotes
// them — or nil when t is not a struct (a map, say), whose members are not
// known in advance. Collection.Put clears only these names, so that a
// program whose T predates a field leaves that field alone.
func declaredFields(t reflect.Type) map[string]bool {
	if v, ok := fieldCache.Load(t); ok {
		return v.(map[string]bool)
	}
	key := t
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var names map[string]bool
	if t.Kind() == reflect.Struct {
		names = map[string]bool{}
		collectFields(t, names, map[reflect.Type]bool{})
	}
	fieldCache.Store(key, names)
	return names
}

var fieldCache sync.Map // reflect.Type -> map[string]bool

func collectFields(t reflect.Type, names map[string]bool, seen map[reflect.Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				collectFields(ft, names, seen)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names[name] = true
	}
}
