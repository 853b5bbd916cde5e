package main_test

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"innkeep/app"
	"innkeep/app/audit"
	"innkeep/app/datadir"
	"innkeep/app/desk"
)

// withTypo returns phrase with its first character changed to another valid one.
func withTypo(phrase string) string {
	c := byte('2')
	if phrase[0] == c {
		c = '3'
	}
	return string(c) + phrase[1:]
}

func TestKeyRecoverRebuildsTheKeyFile(t *testing.T) {
	d := setUpDataFolder(t)
	keyFile := filepath.Join(d.dir, app.KeyFileName)
	if err := os.Remove(keyFile); err != nil {
		t.Fatal(err)
	}
	withService(t, d.dir, func(svc *desk.Desk) {
		alice, err := svc.Access.GetUser(context.Background(), app.CLIActor(), d.adminID)
		if err != nil || alice.Phone != "" {
			t.Fatalf("without the key alice's phone reads %q (%v), want it hidden", alice.Phone, err)
		}
	})
	other := make([]byte, app.DataKeySize)
	rand.Read(other)
	data := []string{"--data", d.dir}
	recoverArgs := append([]string{"key", "recover"}, data...)

	runSteps(t, []cliStep{
		{"a phrase with a typo is refused", withTypo(d.phrase) + "\n", recoverArgs, 1,
			`^$`, `^innkeep: the recovery phrase has a typo: its checksum does not match\n$`},
		{"a phrase that is too short is refused", d.phrase[:40] + "\n", recoverArgs, 1,
			`^$`, `the recovery phrase has \d+ letters and digits; it should have 64`},
		{"the phrase of another install is refused", datadir.RecoveryPhrase(other) + "\n", recoverArgs, 1,
			`^$`, `this recovery phrase is for the data key \w{8}, but the data in .* was encrypted with the data key \w{8}: the phrase belongs to another Innkeep install`},
		{"an empty stdin is refused", "", recoverArgs, 1,
			`^$`, `standard input is empty`},
	})
	if _, err := os.Stat(keyFile); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("a refused phrase left a key file (stat: %v)", err)
	}

	// Written by hand: lower case, spaces for dashes, over two lines.
	handwritten := strings.ToLower(strings.ReplaceAll(d.phrase, "-", " "))
	handwritten = handwritten[:40] + "\n" + handwritten[40:] + "\n"
	runSteps(t, []cliStep{
		{"the right phrase rebuilds the key file", handwritten, recoverArgs, 0,
			`^Rebuilt .*innkeep\.key \(data key \w{8}\) from the recovery phrase\. Innkeep can read the sensitive fields again\.\n`, `^$`},
	})
	st, err := os.Stat(keyFile)
	if err != nil {
		t.Fatalf("no key file after the recovery: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("the key file has mode %v, want 0600", st.Mode().Perm())
	}
	withService(t, d.dir, func(svc *desk.Desk) {
		alice, err := svc.Access.GetUser(context.Background(), app.CLIActor(), d.adminID)
		if err != nil || alice.Phone != cliAdminPhone {
			t.Errorf("with the recovered key alice's phone reads %q (%v), want %q", alice.Phone, err, cliAdminPhone)
		}
	})

	if err := os.Chmod(keyFile, 0o644); err != nil {
		t.Fatal(err)
	}
	runSteps(t, []cliStep{
		{"the same phrase again makes the key file private", d.phrase, recoverArgs, 0,
			`^.*innkeep\.key already holds this data key \(\w{8}\); it is private again \(mode 0600\)\.\n`, `^$`},
		{"the phrase of another install is refused beside the right key file", datadir.RecoveryPhrase(other), recoverArgs, 1,
			`^$`, `this recovery phrase is for the data key`},
	})
	if st, err := os.Stat(keyFile); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("key file after the second recovery: %v, %v", st, err)
	}

	withService(t, d.dir, func(svc *desk.Desk) {
		page, err := svc.Audit.List(context.Background(), app.CLIActor(), audit.Filter{Action: "key.recover"})
		if err != nil {
			t.Fatal(err)
		}
		var created []string
		for _, e := range slices.Backward(page.Entries) {
			if e.Username != "cli" {
				t.Errorf("key.recover by %q, want cli", e.Username)
			}
			created = append(created, string(e.After["created"]))
		}
		if !slices.Equal(created, []string{"true", "false"}) {
			t.Errorf("key.recover entries say created %v, want [true false]", created)
		}
	})
}

func TestKeyRecoverNeverReplacesAnotherKey(t *testing.T) {
	d := setUpDataFolder(t)
	keyFile := filepath.Join(d.dir, app.KeyFileName)
	if err := os.Remove(keyFile); err != nil {
		t.Fatal(err)
	}
	// A key file of another install was put in place meanwhile.
	if _, _, err := datadir.CreateKeyFile(d.dir); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(keyFile)
	code, _, stderr := runInput(t, d.phrase, "key", "recover", "--data", d.dir)
	if code != 1 || !regexp.MustCompile(`innkeep\.key already holds another data key \(id \w{8}, the phrase is for \w{8}\); move it away first`).MatchString(stderr) {
		t.Errorf("key recover over another key = %d, stderr %q", code, stderr)
	}
	if after, _ := os.ReadFile(keyFile); string(after) != string(before) {
		t.Error("the other key file was changed")
	}
}

func TestKeyRecoverAsksForThePhraseOnATerminal(t *testing.T) {
	d := setUpDataFolder(t)
	if err := os.Remove(filepath.Join(d.dir, app.KeyFileName)); err != nil {
		t.Fatal(err)
	}
	cmd, typed, screen := onTerminal(t, "key", "recover", "--data", d.dir)
	waitForText(t, screen, "Recovery phrase (16 groups of 4 letters and digits, not shown): ")
	waitForNoEcho(t, cmd, screen) // see TestUserAddAsksForThePasswordOnATerminal
	io.WriteString(typed, d.phrase+"\n")
	if code := terminalExitCode(t, cmd); code != 0 {
		t.Fatalf("exit code = %d; the terminal shows:\n%s", code, screen.String())
	}
	if out := screen.String(); strings.Contains(out, d.phrase) || !strings.Contains(out, "Rebuilt ") {
		t.Errorf("the terminal shows:\n%s", out)
	}
	if _, err := datadir.LoadKeyFile(d.dir); err != nil {
		t.Errorf("the rebuilt key file does not load: %v", err)
	}
}
