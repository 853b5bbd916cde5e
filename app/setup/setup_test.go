package setup_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/apptest"
	"innkeep/app/datadir"
	"innkeep/app/property"
	"innkeep/app/setup"
)

func input(admin string) setup.SetupInput {
	return setup.SetupInput{
		Hotel: property.HotelInput{Name: "Harbour Inn", TimeZone: "UTC", Currency: "EUR"},
		Admin: access.UserInput{Username: admin, Password: "correct horse battery"},
	}
}

func TestSecurityParallelSetupsMakeOneAdministratorAndKeepItsKey(t *testing.T) {
	k := apptest.NewDesk(t, apptest.Options{})
	const n = 6
	type outcome struct {
		res setup.SetupResult
		err error
	}
	out := make([]outcome, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := k.Setup.Setup(context.Background(), input(fmt.Sprintf("admin%d", i)), app.Client{Address: "10.0.0.1"})
			out[i] = outcome{res, err}
		}()
	}
	wg.Wait()
	var winner *setup.SetupResult
	for i, o := range out {
		switch {
		case o.err == nil:
			if winner != nil {
				t.Fatalf("two setups succeeded: %s and %s", winner.User.Username, o.res.User.Username)
			}
			winner = &out[i].res
		default:
			e, _ := o.err.(*app.Error)
			if e == nil || e.Code != app.ECONFLICT || e.Key != "setup.set_up_already" {
				t.Errorf("a losing setup: %v, want conflict setup.set_up_already", o.err)
			}
			if strings.Contains(app.ErrorMessage(o.err), "move") {
				t.Errorf("a losing setup tells to move a file: %v", o.err)
			}
		}
	}
	if winner == nil {
		t.Fatal("no setup succeeded")
	}
	want, err := datadir.KeyFromPhrase(winner.RecoveryPhrase)
	if err != nil {
		t.Fatal(err)
	}
	kr, err := datadir.LoadKeyFile(k.Dir)
	if err != nil {
		t.Fatalf("the winner's key file: %v", err)
	}
	if got, _ := app.NewKeyring(want); got.ID() != kr.ID() {
		t.Errorf("the key file holds %s, the winner's phrase is for %s", kr.ID(), got.ID())
	}
}

func TestASetupFailingAfterItsKeyRemovesOnlyItsOwnKeyFile(t *testing.T) {
	k := apptest.NewDesk(t, apptest.Options{})
	path := filepath.Join(k.Dir, app.KeyFileName)
	// A key file left by an earlier install is never replaced nor removed.
	if _, _, err := datadir.CreateKeyFile(k.Dir); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err := k.Setup.Setup(context.Background(), input("alice"), app.Client{Address: "10.0.0.1"})
	if e, _ := err.(*app.Error); e == nil || e.Key != "setup.key_file_exists" {
		t.Fatalf("setup over an old key file: %v, want setup.key_file_exists", err)
	}
	after, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the old key file changed or went: %v", err)
	}
}
