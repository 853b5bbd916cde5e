package app_test

import (
	"testing"

	"innkeep/app"
)

func TestLangFollowsAcceptLanguage(t *testing.T) {
	tests := []struct {
		name, header, want string
	}{
		{"nothing asked is English", "", app.LangEN},
		{"Chinese is zh-CN", "zh-CN", app.LangZH},
		{"any Chinese tag is zh-CN", "zh-Hans-CN", app.LangZH},
		{"the higher quality wins", "en;q=0.5, zh;q=0.9", app.LangZH},
		{"English first wins a tie", "en, zh", app.LangEN},
		{"q=0 refuses a language", "zh;q=0, en;q=0.1", app.LangEN},
		{"q=0 alone leaves English", "fr, zh;q=0", app.LangEN},
		{"other parameters do not drop the tag", "zh;q=0.5;x=y", app.LangZH},
		{"a malformed quality skips the tag", "zh;q=abc", app.LangEN},
		{"unknown languages fall back to English", "fr-FR, de", app.LangEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := app.Lang(tt.header); got != tt.want {
				t.Errorf("Lang(%q) = %q, want %q", tt.header, got, tt.want)
			}
		})
	}
}

func TestTranslatorRendersTheReadersLanguage(t *testing.T) {
	tr, err := app.NewTranslator(app.Translations{app.LangZH: {"t.room_taken": "房间 {room} 在 {night} 已被占用", "t.outer": "第 {n} 间：{reason}"}})
	if err != nil {
		t.Fatal(err)
	}
	inner := app.E(app.ECONFLICT, "t.room_taken", "room {room} is taken on {night}", "room", "101", "night", "2026-12-01")
	outer := app.E(app.EINVALID, "t.outer", "room {n}: {reason}", "n", 2, "reason", inner)
	if got := tr.Message(app.LangZH, outer); got != "第 2 间：房间 101 在 2026-12-01 已被占用" {
		t.Errorf("zh = %q", got)
	}
	if got := tr.Message(app.LangEN, outer); got != "room 2: room 101 is taken on 2026-12-01" {
		t.Errorf("en = %q", got)
	}
	internal := app.E(app.EINVALID, "t.outer", "room {n}: {reason}", "n", 1, "reason", app.Errorf(app.EINTERNAL, "secret detail"))
	if got := tr.Message(app.LangEN, internal); got != "room 1: internal error" {
		t.Errorf("a nested internal error reads %q, want its details hidden", got)
	}
	if got := app.Render("{a} {b", map[string]any{"a": "x"}, nil); got != "x {b" {
		t.Errorf("Render of a cut placeholder = %q", got)
	}
}
