package main_test

import (
	"bytes"
	"context"
	"errors"
	innkeep "innkeep"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/audit"
	"innkeep/app/datadir"
	"innkeep/app/desk"
	"innkeep/app/property"
	"innkeep/app/setup"
)

// The tests of `innkeep user`, `innkeep audit` and `innkeep key` run the
// real binary on a data folder that the setup made through the app's own
// services, and check the result through the same services.

const (
	cliAdminPassword = "harbour lights at dawn"
	cliAdminPhone    = "+86 138 0000 1234"
)

// dataFolder is a data folder after the first-run setup.
type dataFolder struct {
	dir     string
	phrase  string // the recovery phrase that setup showed
	adminID string // alice, the system administrator
	hotelID string // Harbour Inn
	node    string // the desk's node id
}

// setUpDataFolder runs the first-run setup on a new data folder (hotel
// Harbour Inn, administrator alice with a phone number) and closes it.
func setUpDataFolder(t *testing.T) dataFolder {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	if err := datadir.EnsureDataDir(dir); err != nil {
		t.Fatal(err)
	}
	var d dataFolder
	withService(t, dir, func(svc *desk.Desk) {
		res, err := svc.Setup.Setup(context.Background(), setup.SetupInput{
			Hotel: property.HotelInput{Name: "Harbour Inn", TimeZone: "Asia/Shanghai", Currency: "CNY"},
			Admin: access.UserInput{Username: "alice", DisplayName: "Alice Chen", Email: "alice@example.com",
				Phone: cliAdminPhone, Password: cliAdminPassword},
		}, app.Client{Address: "127.0.0.1"})
		if err != nil {
			t.Fatalf("setup: %v", err)
		}
		d = dataFolder{dir: dir, phrase: res.RecoveryPhrase, adminID: res.User.ID, hotelID: res.Hotel.ID, node: svc.DB.NodeID()}
	})
	return d
}

// withService opens the store of dir (with its data key, when there is
// one), runs fn with a service on it, and closes the store again, so that
// the binary can take it next.
func withService(t *testing.T, dir string, fn func(svc *desk.Desk)) {
	t.Helper()
	db, err := desk.OpenStore(dir)
	if err != nil {
		t.Fatalf("open the store: %v", err)
	}
	defer db.Close()
	keys, err := datadir.LoadKeyFile(dir)
	if err != nil && app.ErrorCode(err) != app.ENOTFOUND {
		t.Fatalf("load the data key: %v", err)
	}
	fn(desk.New(desk.Config{DB: db, DataDir: dir, Keys: keys}))
}

// runInput runs the command line args in this process, with stdin as its
// standard input (not a terminal), to its end, and returns its exit code and
// output. The environment is the tests' (baseEnv). Terminal and server
// behaviour is tested with the binary instead.
func runInput(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	env := map[string]string{}
	for _, kv := range baseEnv() {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	var out, errOut bytes.Buffer
	code = innkeep.RunInProcess(ctx, args, strings.NewReader(stdin), &out, &errOut, func(k string) string { return env[k] })
	return code, out.String(), errOut.String()
}

// cliStep is one run of the command line and what it must answer.
type cliStep struct {
	name       string
	stdin      string
	args       []string
	wantCode   int
	wantStdout string // a regexp; "^$" for nothing
	wantStderr string // a regexp; "^$" for nothing
}

// runSteps runs steps in order, each as a subtest.
func runSteps(t *testing.T, steps []cliStep) {
	t.Helper()
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			code, stdout, stderr := runInput(t, st.stdin, st.args...)
			if code != st.wantCode {
				t.Errorf("exit code = %d, want %d\nstdout: %s\nstderr: %s", code, st.wantCode, stdout, stderr)
			}
			if !regexp.MustCompile(st.wantStdout).MatchString(stdout) {
				t.Errorf("stdout = %q, want match for %q", stdout, st.wantStdout)
			}
			if !regexp.MustCompile(st.wantStderr).MatchString(stderr) {
				t.Errorf("stderr = %q, want match for %q", stderr, st.wantStderr)
			}
		})
	}
}

// cliActions returns the actions of the audit entries written by the
// command line, oldest first.
func cliActions(t *testing.T, svc *desk.Desk) []string {
	t.Helper()
	page, err := svc.Audit.List(context.Background(), app.CLIActor(), audit.Filter{User: "cli", Limit: audit.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range slices.Backward(page.Entries) {
		if e.Address != "cli" {
			t.Errorf("entry %s of the command line has the address %q", e.ID, e.Address)
		}
		out = append(out, e.Action)
	}
	return out
}

func TestUserCommandsManageAccounts(t *testing.T) {
	d := setUpDataFolder(t)
	data := []string{"--data", d.dir}
	cmd := func(args ...string) []string { return append(args, data...) }
	runSteps(t, []cliStep{
		{"add creates an account with the password from stdin", "correct horse battery\n",
			cmd("user", "add", "--username", "bob", "--role", "front_desk", "--display-name", "Bob Li", "--email", "bob@example.com"),
			0, `^Created the account bob \(Bob Li\): roles front_desk; hotels all\.\n$`, `^$`},
		{"add takes several roles and hotels by name", "another long password\r\n",
			cmd("user", "add", "--username", "carol", "--role", "housekeeping,front_desk", "--role", "accountant", "--hotels", "harbour inn"),
			0, `roles accountant, front_desk, housekeeping; hotels Harbour Inn\.`, `^$`},
		{"list shows every account", "",
			cmd("user", "list"),
			0, `(?ms)\AUSERNAME +NAME +ROLES +HOTELS +STATUS\n` +
				`alice +Alice Chen +system_admin +all +active\n` +
				`bob +Bob Li +front_desk +all +active\n` +
				`carol +carol +accountant, front_desk, housekeeping +Harbour Inn +active\n\z`, `^$`},
		{"a taken username is refused", "yet another password\n",
			cmd("user", "add", "--username", "bob", "--role", "front_desk"),
			1, `^$`, `^innkeep: the username "bob" is taken\n$`},
		{"an unknown role is refused, naming the roles", "yet another password\n",
			cmd("user", "add", "--username", "dave", "--role", "concierge"),
			1, `^$`, `^innkeep: there is no role "concierge"; the roles are system_admin, hotel_manager, front_desk, housekeeping, accountant, auditor\n$`},
		{"an unknown hotel is refused", "yet another password\n",
			cmd("user", "add", "--username", "dave", "--role", "front_desk", "--hotels", "Nowhere Inn"),
			1, `^$`, `there is no hotel "Nowhere Inn"; the hotels are "Harbour Inn" \(` + d.hotelID + `\)`},
		{"a malformed username is refused", "yet another password\n",
			cmd("user", "add", "--username", "Dave Smith", "--role", "front_desk"),
			1, `^$`, `usernames are 3 to 32 characters`},
		{"a short password is refused", "short\n",
			cmd("user", "add", "--username", "dave", "--role", "front_desk"),
			1, `^$`, `the password must have at least 10 characters`},
		{"a password with the username is refused", "dave-at-the-desk\n",
			cmd("user", "add", "--username", "dave", "--role", "front_desk"),
			1, `^$`, `the password must not contain the username`},
		{"an empty stdin is refused", "",
			cmd("user", "add", "--username", "dave", "--role", "front_desk"),
			1, `^$`, `standard input is empty`},
		{"disable stops an account", "",
			cmd("user", "disable", "bob"),
			0, `^Disabled bob: they cannot sign in, and their sessions have ended\.\n$`, `^$`},
		{"disable again changes nothing", "",
			cmd("user", "disable", "bob"),
			0, `^bob is disabled already; nothing was changed\.\n$`, `^$`},
		{"list shows the disabled account", "",
			cmd("user", "list"),
			0, `(?m)^bob +Bob Li +front_desk +all +disabled$`, `^$`},
		{"the last active administrator cannot be disabled", "",
			cmd("user", "disable", "alice"),
			1, `^$`, `^innkeep: alice is the last active system administrator; make someone else one first\n$`},
		{"flags may come before the username, which ignores case", "",
			append([]string{"user", "enable"}, append(data, "BOB")...),
			0, `^Enabled bob: they can sign in again\.\n$`, `^$`},
		{"an unknown username is named", "",
			cmd("user", "reset", "zed"),
			1, `^$`, "^innkeep: there is no account \"zed\"; `innkeep user list` shows them\n$"},
	})

	withService(t, d.dir, func(svc *desk.Desk) {
		ctx := context.Background()
		users, err := svc.Access.ListUsers(ctx, app.CLIActor())
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 3 {
			t.Fatalf("%d users, want alice, bob and carol", len(users))
		}
		bob := users[1]
		if bob.Username != "bob" || bob.Email != "bob@example.com" || bob.Status != access.UserActive || bob.MustChangePassword {
			t.Errorf("bob = %+v", bob)
		}
		carol := users[2]
		if carol.Hotels.All || !slices.Equal(carol.Hotels.IDs, []string{d.hotelID}) {
			t.Errorf("carol's hotels = %+v, want only Harbour Inn", carol.Hotels)
		}
		if _, err := svc.Access.Login(ctx, "bob", "correct horse battery", app.Client{Address: "10.0.0.2"}); err != nil {
			t.Errorf("bob cannot sign in with the password given on stdin: %v", err)
		}
		if _, err := svc.Access.Login(ctx, "carol", "another long password", app.Client{Address: "10.0.0.2"}); err != nil {
			t.Errorf("carol cannot sign in without the line ending of stdin: %v", err)
		}
		want := []string{"user.create", "user.create", "user.disable", "user.enable"}
		if got := cliActions(t, svc); !slices.Equal(got, want) {
			t.Errorf("audit entries of the command line = %v, want %v", got, want)
		}
	})
}

var oneTimeCodeLine = regexp.MustCompile(`(?m)^One-time code for bob: (\w{4}-\w{4}-\w{4})$`)

func TestUserResetLetsALockedOutDisabledUserChooseANewPassword(t *testing.T) {
	d := setUpDataFolder(t)
	ctx := context.Background()
	if code, _, stderr := runInput(t, "the old password here\n", "user", "add", "--username", "bob", "--role", "front_desk", "--data", d.dir); code != 0 {
		t.Fatalf("user add: %d %s", code, stderr)
	}
	if code, _, stderr := runInput(t, "", "user", "disable", "bob", "--data", d.dir); code != 0 {
		t.Fatalf("user disable: %d %s", code, stderr)
	}
	// Lock bob out: LockoutFailures wrong passwords in a row.
	withService(t, d.dir, func(svc *desk.Desk) {
		for range access.LockoutFailures {
			if _, err := svc.Access.Login(ctx, "bob", "a wrong password", app.Client{Address: "10.0.0.2"}); app.ErrorCode(err) != app.EUNAUTHORIZED {
				t.Fatalf("a wrong password: %v", err)
			}
		}
	})

	code, stdout, stderr := runInput(t, "", "user", "reset", "bob", "--data", d.dir)
	if code != 0 || stderr != "" {
		t.Fatalf("user reset = %d, stderr %q", code, stderr)
	}
	m := oneTimeCodeLine.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("user reset printed no code:\n%s", stdout)
	}
	for _, want := range []string{"must then choose a new password", "lockout is lifted", "The account is disabled and stays so: run `innkeep user enable bob`"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("user reset does not say %q:\n%s", want, stdout)
		}
	}

	withService(t, d.dir, func(svc *desk.Desk) {
		users, err := svc.Access.ListUsers(ctx, app.CLIActor())
		if err != nil {
			t.Fatal(err)
		}
		if bob := users[1]; bob.Status != access.UserDisabled || !bob.MustChangePassword {
			t.Errorf("after the reset bob is %s, must change password %v; want disabled and true", bob.Status, bob.MustChangePassword)
		}
	})
	if code, _, stderr := runInput(t, "", "user", "enable", "bob", "--data", d.dir); code != 0 {
		t.Fatalf("user enable: %d %s", code, stderr)
	}
	withService(t, d.dir, func(svc *desk.Desk) {
		if _, err := svc.Access.Login(ctx, "bob", "the old password here", app.Client{Address: "10.0.0.3"}); err == nil {
			t.Error("the old password still works after the reset")
		}
		// The failure above counts again; the code still gets in, as
		// the lockout was lifted by the reset.
		res, err := svc.Access.Login(ctx, "bob", strings.ToLower(m[1]), app.Client{Address: "10.0.0.3"})
		if err != nil {
			t.Fatalf("bob cannot sign in with the one-time code: %v", err)
		}
		if !res.MustChangePassword || !res.User.MustChangePassword {
			t.Errorf("signing in with the code gives must_change_password %v, want true", res.MustChangePassword)
		}
		want := []string{"user.create", "user.disable", "user.reset_password", "user.enable"}
		if got := cliActions(t, svc); !slices.Equal(got, want) {
			t.Errorf("audit entries of the command line = %v, want %v", got, want)
		}
	})
}

func TestDataCommandsBeforeSetup(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	if err := datadir.EnsureDataDir(dir); err != nil {
		t.Fatal(err)
	}
	withService(t, dir, func(*desk.Desk) {}) // an empty store
	missing := filepath.Join(t.TempDir(), "nothing here")
	runSteps(t, []cliStep{
		{"user add refuses to make the first account", "a long enough password\n",
			[]string{"user", "add", "--username", "root", "--role", "system_admin", "--data", dir},
			1, `^$`, `^innkeep: Innkeep is not set up yet in .*: open it .* and run the setup, which makes the first hotel, the first system administrator and the data key\n$`},
		{"user list says there are no accounts", "",
			[]string{"user", "list", "--data", dir},
			0, `^There are no accounts yet: open Innkeep and run the setup\.\n$`, `^$`},
		{"key recover has no key to recover", "",
			[]string{"key", "recover", "--data", dir},
			1, `^$`, `Innkeep is not set up yet in .*, so it has no data key to recover`},
		{"audit verify finds an empty log intact", "",
			[]string{"audit", "verify", "--data", dir},
			0, `0 entries from 0 desks\.\nEvery chain is intact\.`, `^$`},
		{"a folder without a store is named, not created", "",
			[]string{"user", "list", "--data", missing},
			1, `^$`, `^innkeep: there is no Innkeep data in .*nothing here \(no innkeep.db\); name the data folder with --data or INNKEEP_DATA\n$`},
	})
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("user list made the folder %s (stat: %v)", missing, err)
	}
}

func TestDataCommandsUsage(t *testing.T) {
	runSteps(t, []cliStep{
		{"help lists the data commands", "", []string{"help"}, 0,
			`(?s)innkeep user SUBCOMMAND +manage staff accounts: add, list, reset, disable, enable\n.*innkeep audit verify.*innkeep key recover`, `^$`},
		{"help user prints the user usage", "", []string{"help", "user"}, 0, `(?s)\AUsage:\n  innkeep user add --username NAME --role ROLE.*innkeep user enable USERNAME`, `^$`},
		{"help audit prints the audit usage", "", []string{"help", "audit"}, 0, `\AUsage: innkeep audit verify \[--json\] \[--data DIR\]`, `^$`},
		{"help key prints the key usage", "", []string{"help", "key"}, 0, `\AUsage: innkeep key recover \[--data DIR\]`, `^$`},
		{"user add --help prints the user usage", "", []string{"user", "add", "--help"}, 0, `innkeep user add`, `^$`},
		{"user without a subcommand is a usage error", "", []string{"user"}, 2, `^$`, `(?s)user needs a subcommand: add, list, reset, disable or enable.*Usage:`},
		{"an unknown user subcommand is a usage error", "", []string{"user", "remove", "bob"}, 2, `^$`, `(?s)unknown user subcommand "remove".*Usage:`},
		{"user add without --username is a usage error", "", []string{"user", "add", "--role", "front_desk"}, 2, `^$`, `user add needs --username`},
		{"user add without --role is a usage error", "", []string{"user", "add", "--username", "bob"}, 2, `^$`, `user add needs at least one --role`},
		{"user add has no --phone", "", []string{"user", "add", "--username", "bob", "--role", "front_desk", "--phone", "1"}, 2, `^$`, `flag provided but not defined: -phone`},
		{"user reset without a username is a usage error", "", []string{"user", "reset"}, 2, `^$`, `user reset needs USERNAME`},
		{"user disable with two usernames is a usage error", "", []string{"user", "disable", "bob", "carol"}, 2, `^$`, `unexpected argument "carol"`},
		{"user list takes no argument", "", []string{"user", "list", "all"}, 2, `^$`, `unexpected argument "all"`},
		{"audit without a subcommand is a usage error", "", []string{"audit"}, 2, `^$`, `(?s)audit needs a subcommand: verify.*Usage: innkeep audit verify`},
		{"an unknown audit subcommand is a usage error", "", []string{"audit", "export"}, 2, `^$`, `unknown audit subcommand "export"`},
		{"key without a subcommand is a usage error", "", []string{"key"}, 2, `^$`, `(?s)key needs a subcommand: recover.*Usage: innkeep key recover`},
		{"an unknown key flag is a usage error", "", []string{"key", "recover", "--phrase", "x"}, 2, `^$`, `flag provided but not defined: -phrase`},
	})
}

func TestDataCommandsRefuseABusyDataFolder(t *testing.T) {
	d := setUpDataFolder(t)
	s := startServe(t, baseEnv(), "--data", d.dir)
	for _, args := range [][]string{
		{"user", "add", "--username", "bob", "--role", "front_desk"},
		{"user", "list"},
		{"user", "reset", "alice"},
		{"user", "disable", "alice"},
		{"user", "enable", "alice"},
		{"audit", "verify"},
		{"key", "recover"},
	} {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			// It gives up rather than waiting for the lock forever: runInput
			// fails a command that is still running after its deadline.
			code, stdout, stderr := runInput(t, "a long enough password\n", append(args, "--data", d.dir)...)
			if code != 1 {
				t.Errorf("exit code = %d, want 1", code)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			if !strings.Contains(stderr, "the data folder "+d.dir+" is in use by another Innkeep process") {
				t.Errorf("stderr = %q, want the message that names the folder in use", stderr)
			}
		})
	}
	if h := getHealth(t, s.url); h.Status != "ok" {
		t.Errorf("the server's health = %+v", h)
	}
	s.stop(t)
}

// shellQuote quotes s for sh.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// onTerminal starts the binary with args on a pseudo-terminal made by
// script(1), and returns the process, the writer of what is typed on the
// terminal, and everything the terminal shows.
func onTerminal(t *testing.T, args ...string) (*exec.Cmd, io.Writer, *syncBuffer) {
	t.Helper()
	script, err := exec.LookPath("script")
	if err != nil {
		missing(t, "script(1) from util-linux, for a terminal")
	}
	// exec: the shell must not stay between the terminal and the
	// binary, or a Ctrl-C reaches the shell too and its exit status
	// (130) hides the binary's.
	line := "exec " + shellQuote(serveBinary(t))
	for _, a := range args {
		line += " " + shellQuote(a)
	}
	cmd := exec.Command(script, "--quiet", "--return", "--command", line, "/dev/null")
	cmd.Env = baseEnv()
	typed, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	screen := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = screen, screen
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, typed, screen
}

// waitForText waits up to 30 s for the terminal to show text.
func waitForText(t *testing.T, screen *syncBuffer, text string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(screen.String(), text) {
		if time.Now().After(deadline) {
			t.Fatalf("the terminal does not show %q:\n%s", text, screen.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// terminalExitCode waits for cmd and returns its exit code.
func terminalExitCode(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	err := cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode()
}

func TestUserAddAsksForThePasswordOnATerminal(t *testing.T) {
	d := setUpDataFolder(t)
	add := func(name string) []string {
		return []string{"user", "add", "--username", name, "--role", "front_desk", "--data", d.dir}
	}
	const secret = "typed on the terminal"

	t.Run("twice, without echo", func(t *testing.T) {
		cmd, typed, screen := onTerminal(t, add("bob")...)
		// The prompt comes just before echo is turned off: a person
		// reads it first, and this test also waits for the echo to go.
		waitForText(t, screen, "Password for bob (at least 10 characters, not shown): ")
		waitForNoEcho(t, cmd, screen)
		io.WriteString(typed, secret+"\n")
		waitForText(t, screen, "The same password again: ")
		waitForNoEcho(t, cmd, screen)
		io.WriteString(typed, secret+"\n")
		if code := terminalExitCode(t, cmd); code != 0 {
			t.Fatalf("exit code = %d; the terminal shows:\n%s", code, screen.String())
		}
		if out := screen.String(); strings.Contains(out, secret) || !strings.Contains(out, "Created the account bob") {
			t.Errorf("the terminal shows:\n%s", out)
		}
	})
	t.Run("two different answers change nothing", func(t *testing.T) {
		cmd, typed, screen := onTerminal(t, add("carol")...)
		waitForText(t, screen, "Password for carol")
		io.WriteString(typed, secret+"\n")
		waitForText(t, screen, "The same password again: ")
		io.WriteString(typed, secret+" but not quite\n")
		if code := terminalExitCode(t, cmd); code != 1 || !strings.Contains(screen.String(), "innkeep: the two passwords differ; nothing was changed") {
			t.Errorf("exit code = %d; the terminal shows:\n%s", code, screen.String())
		}
	})
	t.Run("a weak password is refused before the second question", func(t *testing.T) {
		cmd, typed, screen := onTerminal(t, add("carol")...)
		waitForText(t, screen, "Password for carol")
		io.WriteString(typed, "short\n")
		if code := terminalExitCode(t, cmd); code != 1 || !strings.Contains(screen.String(), "innkeep: the password must have at least 10 characters") ||
			strings.Contains(screen.String(), "The same password again") {
			t.Errorf("exit code = %d; the terminal shows:\n%s", code, screen.String())
		}
	})
	t.Run("Ctrl-C cancels", func(t *testing.T) {
		cmd, typed, screen := onTerminal(t, add("carol")...)
		waitForText(t, screen, "Password for carol")
		io.WriteString(typed, "\x03")
		if code := terminalExitCode(t, cmd); code != 1 || !strings.Contains(screen.String(), "innkeep: cancelled; nothing was changed") {
			t.Errorf("exit code = %d; the terminal shows:\n%s", code, screen.String())
		}
	})

	withService(t, d.dir, func(svc *desk.Desk) {
		users, err := svc.Access.ListUsers(context.Background(), app.CLIActor())
		if err != nil {
			t.Fatal(err)
		}
		if len(users) != 2 || users[1].Username != "bob" {
			t.Fatalf("users after the terminal runs: %+v", users)
		}
		if _, err := svc.Access.Login(context.Background(), "bob", secret, app.Client{Address: "10.0.0.2"}); err != nil {
			t.Errorf("bob cannot sign in with the password typed on the terminal: %v", err)
		}
	})
}
