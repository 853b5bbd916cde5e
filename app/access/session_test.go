package access_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/access"
)

func TestTooManySignInsReadsInEveryLanguageWithItsMinutes(t *testing.T) {
	tr, err := app.NewTranslator(app.Messages(), access.Messages())
	if err != nil {
		t.Fatal(err)
	}
	rl := &access.RateLimitError{RetryAfter: 4*time.Minute + 30*time.Second}
	err = fmt.Errorf("login: %w", rl)

	if code := app.ErrorCode(err); code != app.ERATELIMITED {
		t.Errorf("code %q, want %q", code, app.ERATELIMITED)
	}
	const en = "Too many failed sign-ins from this computer; try again in 5 minutes."
	if msg := app.ErrorMessage(err); msg != en {
		t.Errorf("message %q, want %q", msg, en)
	}
	var e *app.Error
	if !errors.As(err, &e) || e.Key != "access.too_many_sign_ins" || e.Params["minutes"] != 5 {
		t.Fatalf("errors.As finds %+v, want the key access.too_many_sign_ins with 5 minutes", e)
	}
	for lang, want := range map[string]string{app.LangEN: en, app.LangZH: "本机登录失败次数过多，请在 5 分钟后重试。"} {
		if got := tr.Message(lang, err); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
