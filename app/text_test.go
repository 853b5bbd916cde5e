package app_test

import (
	"slices"
	"strings"
	"testing"

	"innkeep/app"
)

func TestNamesRefuseControlDirectionAndInvisibleCharacters(t *testing.T) {
	what := app.MakeWord("property.field_hotel_name", "hotel name")
	tests := []struct {
		name string
		s    string
		ok   bool
	}{
		{"plain Latin letters", "Harbour Inn", true},
		{"Chinese", "陈静", true},
		{"Chinese with a middle dot", "阿卜杜拉·买买提", true},
		{"accents, precomposed and combining", "Zoë Zoe\u0308 Ångström", true},
		{"Arabic letters", "فندق الميناء", true},
		{"Hebrew letters", "מלון הנמל", true},
		{"Japanese and Korean", "港ホテル 항구", true},
		{"a single emoji", "Sea View 🌊", true},
		{"an emoji with a variation selector", "Sun ☀\uFE0F", true},
		{"a right-to-left override", "Harbour \u202EnnI", false},
		{"a left-to-right embedding", "\u202AHarbour", false},
		{"a pop directional formatting", "Harbour\u202C", false},
		{"a left-to-right override", "\u202DHarbour", false},
		{"a right-to-left embedding", "\u202BHarbour", false},
		{"a left-to-right isolate", "\u2066Harbour\u2069", false},
		{"a right-to-left isolate", "\u2067Harbour", false},
		{"a first strong isolate", "\u2068Harbour", false},
		{"a left-to-right mark", "Harbour\u200E", false},
		{"a right-to-left mark", "\u200FHarbour", false},
		{"an Arabic letter mark", "\u061CHarbour", false},
		{"a zero-width space", "Har\u200Bbour", false},
		{"a zero-width non-joiner", "Har\u200Cbour", false},
		{"a zero-width joiner", "Har\u200Dbour", false},
		{"an emoji joined with a zero-width joiner", "👩\u200D🍳", false},
		{"a word joiner", "Har\u2060bour", false},
		{"a byte order mark", "\uFEFFHarbour", false},
		{"a soft hyphen", "Har\u00ADbour", false},
		{"a line break", "Harbour\nInn", false},
		{"a tab", "Harbour\tInn", false},
		{"a NUL", "Harbour\x00", false},
		{"a C1 control", "Harbour\u0085", false},
		{"a line separator", "Harbour\u2028Inn", false},
		{"a paragraph separator", "Harbour\u2029Inn", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := app.CheckName(what, tt.s)
			if tt.ok && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tt.ok && app.ErrorCode(err) != app.EINVALID {
				t.Errorf("err = %v, want invalid", err)
			}
		})
	}
}

func TestAPhoneNumberMakesTwoSearchKeysNotOneEveryTail(t *testing.T) {
	got := app.SearchWords("Wang Fang", "+86 139 1234 5678")
	want := []string{"wang", "fang", "8613912345678", app.PhoneSuffixMark + "8765432193168"}
	if !slices.Equal(got, want) {
		t.Errorf("SearchWords = %q, want %q", got, want)
	}
	if got := app.SearchWords("Li", "123"); !slices.Equal(got, []string{"li"}) {
		t.Errorf("a phone of three digits: %q, want no phone key", got)
	}
	// The prefixes a search scans find the number by its first and its last digits.
	for _, q := range []string{"8613912345678", "8613", "5678", "13912345678"} {
		found := false
		for _, p := range app.PhonePrefixes(q) {
			for _, k := range want[2:] {
				found = found || strings.HasPrefix(k, p)
			}
		}
		if !found {
			t.Errorf("the digits %s do not find the number", q)
		}
	}
}
