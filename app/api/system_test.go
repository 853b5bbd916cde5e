package api_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/ops"
)

func TestSecuritySystemCheckIsForAdministratorsAndSpeaksTheirLanguage(t *testing.T) {
	d := newDesk(t)
	d.setUp(t)
	admin := d.signIn(t, adminName, adminPassword).Token
	d.addUser(t, admin, access.UserInput{Username: "mina", DisplayName: "Mina", Roles: []string{access.RoleHotelManager},
		Hotels: app.AllHotels, Password: staffPassword})
	manager := d.signIn(t, "mina", staffPassword).Token

	if err := os.Chmod(d.svc.Dir, 0o700); err != nil { // as innkeep makes it; t.TempDir's is 0755
		t.Fatal(err)
	}
	var rep ops.CheckReport
	d.do(t, request{method: "GET", path: "/api/v1/system/check", token: admin}).want(t, 200).decode(t, &rep)
	if !rep.OK || len(rep.Findings) != 0 {
		t.Fatalf("a fresh desk's check: %+v", rep)
	}
	r := d.do(t, request{method: "GET", path: "/api/v1/system/check", token: manager}).want(t, 403)
	if code, _ := r.envelope(t); code != app.EFORBIDDEN {
		t.Errorf("a hotel manager gets %s", code)
	}
	d.do(t, request{method: "GET", path: "/api/v1/system/check"}).want(t, 401)

	if runtime.GOOS == "windows" {
		return // modes say nothing of other users there
	}
	if err := os.Chmod(filepath.Join(d.svc.Dir, app.KeyFileName), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []struct{ header, want string }{{"en", "chmod 600"}, {"zh-CN,zh;q=0.9", "将其设为私有"}} {
		var rep ops.CheckReport
		d.do(t, request{method: "GET", path: "/api/v1/system/check", token: admin, header: map[string]string{"Accept-Language": lang.header}}).
			want(t, 200).decode(t, &rep)
		if rep.OK || len(rep.Findings) != 1 || rep.Findings[0].Code != ops.FindingKeyFileNotPrivate || !strings.Contains(rep.Findings[0].Message, lang.want) {
			t.Errorf("%s: a readable key file reports %+v", lang.header, rep)
		}
	}
}
