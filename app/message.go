package app

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Languages the product speaks. English is the language of the templates in
// the code; every other one has a Catalog per package (see Messages).
const (
	LangEN = "en"
	LangZH = "zh-CN"
)

// Languages returns every language, English first.
func Languages() []string { return []string{LangEN, LangZH} }

// Lang picks the language of an Accept-Language header: zh-CN for any
// Chinese tag ranked above English (zh, zh-CN, zh-Hans, zh-SG…), else
// English. Quality values order the tags, and q=0 means "not this one";
// malformed parts are skipped.
func Lang(acceptLanguage string) string {
	best, bestQ := LangEN, 0.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		fields := strings.Split(part, ";")
		tag := strings.ToLower(strings.TrimSpace(fields[0]))
		q, ok := 1.0, true
		for _, p := range fields[1:] {
			if v, found := strings.CutPrefix(strings.TrimSpace(p), "q="); found {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil || f < 0 || f > 1 {
					ok = false
				}
				q = f
			}
		}
		if !ok || q <= 0 {
			continue
		}
		var lang string
		switch {
		case tag == "zh" || strings.HasPrefix(tag, "zh-"):
			lang = LangZH
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			lang = LangEN
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = lang, q
		}
	}
	return best
}

// Catalog holds the texts of messages in one language, by key, with the
// same {placeholders} as their English templates.
type Catalog map[string]string

// Translations are the translations of one package's messages: a Catalog per
// language other than English. Each slice returns its own from a function
// named Messages; app/desk gathers them into a Translator.
type Translations map[string]Catalog

// Word is a translatable word used as a parameter of a message (a kind of
// record, a status): its key, and its English text.
type Word struct {
	Key     string
	English string
}

// String returns the English text.
func (w Word) String() string { return w.English }

// MakeWord returns the word of key with its English text.
func MakeWord(key, english string) Word { return Word{Key: key, English: english} }

// Translator renders messages in a language. Build it with NewTranslator;
// it is read-only afterwards and safe for concurrent use.
type Translator struct {
	langs map[string]Catalog
}

// NewTranslator merges the catalogs of every package. It returns an error
// when two packages give one key different texts in one language.
func NewTranslator(all ...Translations) (*Translator, error) {
	t := &Translator{langs: map[string]Catalog{}}
	for _, ms := range all {
		for lang, cat := range ms {
			dst := t.langs[lang]
			if dst == nil {
				dst = Catalog{}
				t.langs[lang] = dst
			}
			for k, v := range cat {
				if old, ok := dst[k]; ok && old != v {
					return nil, fmt.Errorf("message %s has two %s texts: %q and %q", k, lang, old, v)
				}
				dst[k] = v
			}
		}
	}
	return t, nil
}

// Has reports whether the translator has key in lang. English has every key.
func (t *Translator) Has(lang, key string) bool {
	if lang == LangEN {
		return true
	}
	_, ok := t.langs[lang][key]
	return ok
}

// Text returns the text of key in lang with params filled in, or the
// English template filled in when lang or key has no translation.
func (t *Translator) Text(lang, key, english string, params map[string]any) string {
	tmpl := english
	if t != nil && lang != LangEN {
		if s, ok := t.langs[lang][key]; ok {
			tmpl = s
		}
	}
	return Render(tmpl, params, func(v any) (string, bool) { return t.param(lang, v) })
}

// Message returns the message of err in lang: the translation of its key
// when it has one, else its English message. It returns "" for nil and
// "internal error" (translated) for an internal error of any kind, like
// ErrorMessage.
func (t *Translator) Message(lang string, err error) string {
	if err == nil {
		return ""
	}
	if ErrorCode(err) == EINTERNAL {
		return t.Text(lang, "app.internal", internalMessage, nil)
	}
	var e *Error
	if errors.As(err, &e) && e.Key != "" {
		return t.Text(lang, e.Key, e.english, e.Params)
	}
	return ErrorMessage(err)
}

// param renders a parameter that is itself translatable.
func (t *Translator) param(lang string, v any) (string, bool) {
	switch v := v.(type) {
	case Word:
		return t.Text(lang, v.Key, v.English, nil), true
	case *Error:
		return t.Message(lang, v), true
	case error:
		return t.Message(lang, v), true
	}
	return "", false
}

// Render fills the {placeholders} of tmpl with params: strings as they are,
// numbers in decimal, words and errors through special (nil: in English),
// anything else with fmt. A placeholder without a parameter stays as it is.
func Render(tmpl string, params map[string]any, special func(any) (string, bool)) string {
	if !strings.Contains(tmpl, "{") {
		return tmpl
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		name := tmpl[i+1 : i+j]
		v, ok := params[name]
		b.WriteString(tmpl[:i])
		if !ok {
			b.WriteString(tmpl[i : i+j+1])
		} else {
			b.WriteString(renderValue(v, special))
		}
		tmpl = tmpl[i+j+1:]
	}
}

func renderValue(v any, special func(any) (string, bool)) string {
	if special != nil {
		if s, ok := special(v); ok {
			return s
		}
	}
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case error:
		return ErrorMessage(v)
	case fmt.Stringer:
		return v.String()
	}
	return fmt.Sprint(v)
}

// Placeholders returns the names of the {placeholders} of tmpl, in order,
// each once.
func Placeholders(tmpl string) []string {
	var out []string
	seen := map[string]bool{}
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			return out
		}
		name := tmpl[i+1 : i+j]
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
		tmpl = tmpl[i+j+1:]
	}
}

// Params returns params with translatable values (words, errors) rendered
// in lang, for a client that shows them on their own. Other values stay.
func (t *Translator) Params(lang string, params map[string]any) map[string]any {
	out := make(map[string]any, len(params))
	for k, v := range params {
		if s, ok := t.param(lang, v); ok {
			out[k] = s
			continue
		}
		out[k] = v
	}
	return out
}
