package app_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// layers lists the packages of app/ from the bottom up, with what each may
// import of the others. docs/architecture.md draws the same graph.
var layers = map[string][]string{
	"innkeep/app":          {},
	"innkeep/app/datadir":  {"innkeep/app"},
	"innkeep/app/lan":      {"innkeep/app", "innkeep/app/datadir"},
	"innkeep/app/audit":    {"innkeep/app"},
	"innkeep/app/property": {"innkeep/app"},
	"innkeep/app/access":   {"innkeep/app", "innkeep/app/property"},
	"innkeep/app/guest":    {"innkeep/app"},
	"innkeep/app/company":  {"innkeep/app", "innkeep/app/property"},
	"innkeep/app/booking":  {"innkeep/app", "innkeep/app/property", "innkeep/app/guest", "innkeep/app/company"},
	"innkeep/app/setup":    {"innkeep/app", "innkeep/app/access", "innkeep/app/property", "innkeep/app/audit", "innkeep/app/datadir"},
	"innkeep/app/ops":      {"innkeep/app"},
	"innkeep/app/desk": {"innkeep/app", "innkeep/app/datadir", "innkeep/app/audit", "innkeep/app/property",
		"innkeep/app/access", "innkeep/app/guest", "innkeep/app/company", "innkeep/app/booking", "innkeep/app/setup", "innkeep/app/ops", "innkeep/app/lan"},
	"innkeep/app/api":     {"*"},
	"innkeep/app/desktop": {"innkeep/app", "innkeep/app/api"},
	"innkeep/app/apptest": {"*"},
}

// TestImportsPointOneWay fails when a package of app/ imports another that
// its layer does not allow (an upward or sideways import), or when a new
// package is not placed in the layers at all. Tests may import more (the
// kit), so only non-test files count. The domain never imports the edges.
func TestImportsPointOneWay(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if d.Name() == "testdata" || d.Name() == "node_modules" {
			return filepath.SkipDir
		}
		pkg := "innkeep/app"
		if path != "." {
			pkg += "/" + filepath.ToSlash(path)
		}
		files, _ := filepath.Glob(filepath.Join(path, "*.go"))
		var imports []string
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, im := range af.Imports {
				p := strings.Trim(im.Path.Value, `"`)
				if strings.HasPrefix(p, "innkeep/") {
					imports = append(imports, p)
				}
			}
		}
		if len(files) == 0 {
			return nil
		}
		allowed, ok := layers[pkg]
		if !ok {
			t.Errorf("%s is not in the layers of app/imports_test.go: place it, and in docs/architecture.md", pkg)
			return nil
		}
		for _, p := range imports {
			if p == "innkeep/store" || slices.Contains(allowed, "*") || slices.Contains(allowed, p) {
				continue
			}
			t.Errorf("%s imports %s, which its layer does not allow", pkg, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
