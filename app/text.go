package app

import (
	"encoding/json"
	"fmt"
	"innkeep/store"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SetIf sets *dst to *v when v is not nil.
func SetIf[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// HiddenRune reports whether r may make a name or a code read otherwise
// than it is stored, or hide part of it: a control character (C0 and C1,
// line breaks and tabs included), a line or paragraph separator, or a
// format character (Unicode category Cf). Cf holds the bidirectional
// marks, embeddings, overrides and isolates (U+200E, U+200F, U+061C,
// U+202A–U+202E, U+2066–U+2069), the zero-width space, non-joiner and
// joiner (U+200B–U+200D), the word joiner (U+2060), the byte order mark
// (U+FEFF), the soft hyphen and the emoji tag characters. So an emoji
// joined with U+200D (a family, a profession) is refused in a name, while
// single emoji, combining accents and every script's letters, Chinese
// included, pass.
func HiddenRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// CheckName returns EINVALID when s, the text of a name or a code (what: a
// word naming it, such as "hotel name"), holds a HiddenRune, naming the
// first one by its code point; nil otherwise.
func CheckName(what Word, s string) error {
	i := strings.IndexFunc(s, HiddenRune)
	if i < 0 {
		return nil
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return E(EINVALID, "app.name_hidden_characters", "the {what} may not hold control characters, text-direction marks or invisible characters (it holds U+{code})",
		"what", what, "code", fmt.Sprintf("%04X", r))
}

// Clean removes the bytes that separate index key parts.
func Clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 0 || r == 0x1f {
			return ' '
		}
		return r
	}, s)
}

func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// FoldKey returns s in the form index keys compare in: trimmed, lower case,
// without 0x00.
func FoldKey(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "\x00", "")
}

// StringField returns the string value of a document's field, or "".
func StringField(d store.Doc, name string) string {
	var s string
	_ = json.Unmarshal(d.Field(name), &s)
	return s
}

// UnmarshalDoc decodes a document into v, ignoring errors of fields that
// do not fit (an index must not fail on a newer document).
func UnmarshalDoc(d store.Doc, v any) error {
	return json.Unmarshal(d.Object(), v)
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// SearchWords returns the index words of a name and a phone number: each
// word of the name in lower case, and the phone's keys (PhoneKeys).
func SearchWords(name, phone string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.Fields(FoldKey(name)) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return append(out, PhoneKeys(phone)...)
}

// PhoneSuffixMark starts the index key of a phone number's reversed
// digits. It is a control character, so no word of a name starts with it.
const PhoneSuffixMark = "\x01"

// PhoneKeys returns the index keys of a phone number of four digits or
// more: its digits, for a search by the first digits or the whole number,
// and PhoneSuffixMark followed by its digits reversed, for a search by the
// last digits or by the number without its country code. Two keys per
// number, where every tail of the digits made one key per digit.
func PhoneKeys(phone string) []string {
	ds := PhoneDigits(phone)
	if len(ds) < 4 {
		return nil
	}
	return []string{ds, PhoneSuffixMark + reverseDigits(ds)}
}

// PhonePrefixes returns the index prefixes under which the phone numbers
// that start or end with digits are found (see PhoneKeys).
func PhonePrefixes(digits string) []string {
	return []string{digits, PhoneSuffixMark + reverseDigits(digits)}
}

// PhoneDigits returns the digits of s, in order.
func PhoneDigits(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func reverseDigits(ds string) string {
	b := []byte(ds)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// QueryWords returns the words to look up for a search query: the digits
// alone when the query looks like a phone number, else its words.
func QueryWords(q string) []string {
	digits, other := 0, false
	var b strings.Builder
	for _, c := range q {
		switch {
		case c >= '0' && c <= '9':
			digits++
			b.WriteRune(c)
		case strings.ContainsRune("+-() ", c):
		default:
			other = true
		}
	}
	if !other && digits >= 4 {
		return []string{b.String()}
	}
	return strings.Fields(FoldKey(q))
}
