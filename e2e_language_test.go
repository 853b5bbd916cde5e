package main_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserShowsTheServersRefusalsInChinese: a desk that works in 简体中文
// reads the server's own refusals in Chinese, not only the UI's labels. The
// UI sends its language with every request, and the server answers in it.
func TestBrowserShowsTheServersRefusalsInChinese(t *testing.T) {
	chromium := chromiumPath(t)
	s := startServe(t, baseEnv(), "--data", t.TempDir())
	requireBuiltUI(t, s.url)
	setUpOverHTTP(t, s.url, "Harbour Inn")

	b := openSizedBrowser(t, chromium, 1280, 900)
	b.do("opening "+s.url, chromedp.Navigate(s.url))
	b.signIn("alice", "correct horse battery")
	b.see("dashboard-page")
	b.fill("lang-switch", "zh-CN")
	b.waitJS("the UI in Chinese", `document.documentElement.lang === 'zh-CN'`)

	addRoomType := func(code string) {
		b.click("room-type-create")
		b.fill("room-type-form-code", code)
		b.fill("room-type-form-name", "标准双床房")
		b.fill("room-type-form-bed", "twin")
		b.fill("room-type-form-adults", "2")
		b.click("room-type-form-submit")
	}
	b.click("nav-settings")
	b.click("settings-tab-room-types")
	addRoomType("STD")
	b.see("room-type-photos") // the first one was made: its photos come next
	b.click("dialog-close")
	b.see("room-type-row-STD")

	// The same code again: the server refuses, in Chinese.
	addRoomType("STD")
	b.see("room-type-form-error")
	got := b.text("room-type-form-error")
	if !strings.Contains(got, "本酒店已有代码为 STD 的房型") {
		t.Errorf("the refusal reads %q, want the server's message in Chinese", got)
	}
	if strings.Contains(got, "is taken") {
		t.Errorf("the refusal is (partly) in English: %q", got)
	}
	b.screenshot("server-refusal-zh-CN")

	// The binary answers the API in the language asked for.
	req, err := http.NewRequest("GET", s.url+"api/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var env struct {
		Error struct{ Code, Key, Message string }
	}
	if err := json.NewDecoder(res.Body).Decode(&env); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 401 || env.Error.Key != "api.sign_in_first" || env.Error.Message != "请先登录" || res.Header.Get("Content-Language") != "zh-CN" {
		t.Errorf("GET /api/v1/me without a session in Chinese = %d %+v (Content-Language %q)", res.StatusCode, env.Error, res.Header.Get("Content-Language"))
	}
}
