package desk_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/api"
	"innkeep/app/audit"
	"innkeep/app/desk"
)

// message is one use of a message key in the source.
type message struct {
	key, english string
	params       []string // names given, in order; nil when not checked
	at           string
}

// unknownEnglish marks a use whose English text is not a literal.
const unknownEnglish = "\x00"

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$`)

// sourceMessages finds, in every non-test Go file of app/, the calls that
// make a message: app.E(code, key, english, pairs…), app.MakeWord(key,
// english), Translator.Text(lang, key, english, …), and app.NotFound(err,
// kind, id) (the word "kind."+kind). Keys and templates must be literals.
func sourceMessages(t *testing.T) []message {
	t.Helper()
	var out []message
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		inKernel := f.Name.Name == "app"
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "app" {
					name = fn.Sel.Name
				} else if fn.Sel.Name == "Text" {
					name = "Text"
				}
			case *ast.Ident:
				if inKernel {
					name = fn.Name
				}
			}
			at := fset.Position(call.Pos()).String()
			lit := func(i int) (string, bool) {
				if i >= len(call.Args) {
					return "", false
				}
				b, ok := call.Args[i].(*ast.BasicLit)
				if !ok || b.Kind != token.STRING {
					return "", false
				}
				s, err := strconv.Unquote(b.Value)
				return s, err == nil
			}
			need := func(i int) string {
				s, ok := lit(i)
				if !ok {
					t.Errorf("%s: %s needs a literal key and English template (argument %d)", at, name, i+1)
				}
				return s
			}
			switch name {
			case "Errorf":
				// Errorf has no key: only for internal errors, whose message
				// never reaches a person.
				if sel, ok := call.Args[0].(*ast.SelectorExpr); !ok || sel.Sel.Name != "EINTERNAL" {
					if id, ok := call.Args[0].(*ast.Ident); !ok || id.Name != "EINTERNAL" {
						t.Errorf("%s: Errorf makes a message without a key; use app.E (Errorf is for EINTERNAL only)", at)
					}
				}
			case "E":
				m := message{key: need(1), english: need(2), at: at, params: []string{}}
				for i := 3; i < len(call.Args); i += 2 {
					p, ok := lit(i)
					if !ok {
						t.Errorf("%s: parameter names must be literals", at)
					}
					m.params = append(m.params, p)
				}
				if (len(call.Args)-3)%2 != 0 {
					t.Errorf("%s: parameters come in name/value pairs", at)
				}
				out = append(out, m)
			case "MakeWord":
				if k, ok := lit(0); ok {
					e, _ := lit(1)
					out = append(out, message{key: k, english: e, at: at})
				}
			case "Text":
				if k, ok := lit(1); ok {
					e, ok := lit(2)
					if !ok {
						e = unknownEnglish
					}
					out = append(out, message{key: k, english: e, at: at})
				}
			case "NotFoundError":
				if k, ok := lit(0); ok {
					out = append(out, message{key: "kind." + k, english: strings.ReplaceAll(k, "_", " "), at: at})
				}
			case "NotFound":
				if k, ok := lit(1); ok {
					out = append(out, message{key: "kind." + k, english: strings.ReplaceAll(k, "_", " "), at: at})
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEveryMessageHasItsTranslations fails when a message made in the code
// lacks a translation, when a translation's placeholders differ from the
// English template's, when a message's parameters differ from its
// placeholders, when one key has two English templates, and when a catalog
// holds a key that no code uses.
func TestEveryMessageHasItsTranslations(t *testing.T) {
	tr, err := app.NewTranslator(append(desk.Translations(), api.Messages())...)
	if err != nil {
		t.Fatal(err)
	}
	msgs := sourceMessages(t)
	if len(msgs) < 10 {
		t.Fatalf("found only %d messages in the source; is the walk broken?", len(msgs))
	}
	// The names of audit actions are words made from a table, not calls.
	for _, a := range audit.Actions() {
		w, _ := audit.ActionName(a)
		msgs = append(msgs, message{key: w.Key, english: w.English, at: "app/audit/actions.go"})
	}
	english := map[string]message{}
	for _, m := range msgs {
		if !keyPattern.MatchString(m.key) {
			t.Errorf("%s: key %q is not of the form slice.what_happened", m.at, m.key)
		}
		if prev, ok := english[m.key]; ok && prev.english != m.english && m.english != unknownEnglish && prev.english != unknownEnglish {
			t.Errorf("%s: key %s has another English text at %s: %q vs %q", m.at, m.key, prev.at, m.english, prev.english)
		}
		if prev, ok := english[m.key]; !ok || prev.english == unknownEnglish {
			english[m.key] = m
		}
		want := app.Placeholders(m.english)
		if m.params != nil {
			got := slices.Clone(m.params)
			slices.Sort(got)
			w := slices.Clone(want)
			slices.Sort(w)
			if !slices.Equal(got, w) {
				t.Errorf("%s: %s gives parameters %v for the placeholders %v", m.at, m.key, m.params, want)
			}
		}
		for _, lang := range app.Languages()[1:] {
			if !tr.Has(lang, m.key) {
				t.Errorf("%s: %s (%q) has no %s translation", m.at, m.key, m.english, lang)
				continue
			}
			text := tr.Text(lang, m.key, "", nil)
			got, w := app.Placeholders(text), slices.Clone(want)
			slices.Sort(got)
			slices.Sort(w)
			if !slices.Equal(got, w) {
				t.Errorf("%s: the %s text of %s has placeholders %v, the English %v", m.at, lang, m.key, got, w)
			}
		}
	}
	for _, ts := range append(desk.Translations(), api.Messages()) {
		for lang, cat := range ts {
			for k := range cat {
				if _, ok := english[k]; !ok {
					t.Errorf("the %s catalog has %s, which no code uses", lang, k)
				}
			}
		}
	}
}
