package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/desk"
	"innkeep/app/property"
)

const userUsageText = `Usage:
  innkeep user add --username NAME --role ROLE [--role ROLE …] [--display-name NAME]
                   [--email ADDRESS] [--hotels all|HOTEL,HOTEL] [--data DIR]
  innkeep user list [--data DIR]
  innkeep user reset USERNAME [--data DIR]
  innkeep user disable USERNAME [--data DIR]
  innkeep user enable USERNAME [--data DIR]

Manages the staff accounts of a data folder while Innkeep is stopped, for
example when the only administrator is locked out. The first account is made
by the setup in Innkeep's window or browser page, not here.

  add      creates an active account. It asks twice for the password on a
           terminal, without showing it; otherwise it reads the password
           from the first line of standard input. ROLE is a built-in role
           (system_admin, hotel_manager, front_desk, housekeeping,
           accountant, auditor) or the name or id of a custom role; repeat
           --role, or separate roles with commas. --hotels is "all" (the
           default) or hotel names or ids separated by commas.
  list     prints every account: username, name, roles, hotels and status.
  reset    prints a one-time code for USERNAME to sign in with; at that
           sign-in they must choose a new password. It also lifts the
           account's sign-in lockout and ends its sessions. A disabled
           account stays disabled: enable it too.
  disable  stops USERNAME from signing in and ends their sessions. The last
           active system administrator cannot be disabled.
  enable   lets a disabled USERNAME sign in again.

Flags:
  --data DIR   the data folder (default: $INNKEEP_DATA, else "innkeep" in the
               user config folder)

Every change is written to the audit log with the user "cli".
`

// errCancelled ends a command that was interrupted while it waited for
// input; nothing was changed.
var errCancelled = errors.New("cancelled; nothing was changed")

// user runs `innkeep user SUBCOMMAND`.
func (c *cli) user(ctx context.Context, args []string) int {
	if len(args) == 0 {
		return c.usageError(userUsageText, "user needs a subcommand: add, list, reset, disable or enable")
	}
	switch args[0] {
	case "add":
		return c.userAdd(ctx, args[1:])
	case "list":
		return c.userList(ctx, args[1:])
	case "reset":
		return c.userReset(ctx, args[1:])
	case "disable":
		return c.userSetStatus(ctx, args[1:], access.UserDisabled)
	case "enable":
		return c.userSetStatus(ctx, args[1:], access.UserActive)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(c.stdout, userUsageText)
		return exitOK
	}
	return c.usageError(userUsageText, "unknown user subcommand %q", args[0])
}

// listFlag is a flag that may be repeated; each value may also hold several
// items separated by commas.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			*l = append(*l, item)
		}
	}
	return nil
}

// errNotSetUp is the answer of commands that need accounts before the
// first-run setup made any.
func errNotSetUp(dir string) error {
	return app.Errorf(app.ECONFLICT, "Innkeep is not set up yet in %s: open it (the window, or `innkeep serve` and a browser) and run the setup, "+
		"which makes the first hotel, the first system administrator and the data key", dir)
}

// userAdd runs `innkeep user add`.
func (c *cli) userAdd(ctx context.Context, args []string) int {
	flags := flag.NewFlagSet("user add", flag.ContinueOnError)
	data := flags.String("data", "", "")
	username := flags.String("username", "", "")
	displayName := flags.String("display-name", "", "")
	email := flags.String("email", "", "")
	hotels := flags.String("hotels", "all", "")
	var roles listFlag
	flags.Var(&roles, "role", "")
	if code := c.parse(flags, userUsageText, args); code >= 0 {
		return code
	}
	if strings.TrimSpace(*username) == "" {
		return c.usageError(userUsageText, "user add needs --username")
	}
	if len(roles) == 0 {
		return c.usageError(userUsageText, "user add needs at least one --role")
	}
	svc, err := c.openData(*data)
	if err != nil {
		return c.fail(err)
	}
	defer svc.DB.Close()

	if needed, err := svc.Setup.NeedsSetup(); err != nil {
		return c.fail(err)
	} else if needed {
		return c.fail(errNotSetUp(svc.DataDir))
	}
	a := app.CLIActor()
	in := access.UserInput{Username: strings.TrimSpace(*username), DisplayName: *displayName, Email: *email}
	if in.Roles, err = resolveRoles(ctx, svc, a, roles); err != nil {
		return c.fail(err)
	}
	if in.Hotels, err = resolveHotels(ctx, svc, a, *hotels); err != nil {
		return c.fail(err)
	}
	// Check everything else before asking for the password.
	if err := svc.Access.CheckNewUser(ctx, a, in); err != nil {
		return c.fail(err)
	}
	if in.Password, err = c.readNewPassword(ctx, in.Username); err != nil {
		return c.fail(err)
	}
	u, err := svc.Access.CreateUser(ctx, a, in)
	if err != nil {
		return c.fail(err)
	}
	names, err := hotelNames(ctx, svc, a)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "Created the account %s (%s): roles %s; hotels %s.\n",
		u.Username, u.DisplayName, strings.Join(u.Roles, ", "), scopeText(u.Hotels, names))
	return exitOK
}

// resolveRoles returns the role ids that args name: built-in role ids, and
// custom roles by id or name (case-insensitive). It returns EINVALID naming
// the first argument that is no role, with the roles there are.
func resolveRoles(ctx context.Context, svc *desk.Desk, a app.Actor, args []string) ([]string, error) {
	all, err := svc.Access.ListRoles(ctx, a)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(args))
	for _, arg := range args {
		i := slices.IndexFunc(all, func(r access.Role) bool {
			return r.ID == arg || (!r.Builtin && strings.EqualFold(r.Name, arg))
		})
		if i < 0 {
			known := make([]string, 0, len(all))
			for _, r := range all {
				if r.Builtin {
					known = append(known, r.ID)
				} else {
					known = append(known, fmt.Sprintf("%q", r.Name))
				}
			}
			return nil, app.Errorf(app.EINVALID, "there is no role %q; the roles are %s", arg, strings.Join(known, ", "))
		}
		out = append(out, all[i].ID)
	}
	return out, nil
}

// resolveHotels returns the scope that arg names: "all", or hotels by id or
// name (case-insensitive) separated by commas. It returns EINVALID naming
// the first that is no hotel, with the hotels there are.
func resolveHotels(ctx context.Context, svc *desk.Desk, a app.Actor, arg string) (app.HotelScope, error) {
	if strings.EqualFold(strings.TrimSpace(arg), "all") {
		return app.AllHotels, nil
	}
	all, err := svc.Property.ListHotels(ctx, a)
	if err != nil {
		return app.HotelScope{}, err
	}
	var items listFlag
	_ = items.Set(arg)
	if len(items) == 0 {
		return app.HotelScope{}, app.Errorf(app.EINVALID, `--hotels must be "all" or hotel names or ids separated by commas`)
	}
	ids := make([]string, 0, len(items))
	for _, item := range items {
		i := slices.IndexFunc(all, func(h property.Hotel) bool { return h.ID == item || strings.EqualFold(h.Name, item) })
		if i < 0 {
			known := make([]string, 0, len(all))
			for _, h := range all {
				known = append(known, fmt.Sprintf("%q (%s)", h.Name, h.ID))
			}
			return app.HotelScope{}, app.Errorf(app.EINVALID, "there is no hotel %q; the hotels are %s", item, strings.Join(known, ", "))
		}
		ids = append(ids, all[i].ID)
	}
	return app.Hotels(ids...), nil
}

// hotelNames returns the names of the hotels by id.
func hotelNames(ctx context.Context, svc *desk.Desk, a app.Actor) (map[string]string, error) {
	all, err := svc.Property.ListHotels(ctx, a)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(all))
	for _, h := range all {
		names[h.ID] = h.Name
	}
	return names, nil
}

// scopeText writes a hotel scope for people: "all", or hotel names (ids of
// hotels that this desk does not know) separated by commas.
func scopeText(s app.HotelScope, names map[string]string) string {
	if s.All {
		return "all"
	}
	if len(s.IDs) == 0 {
		return "none"
	}
	out := make([]string, 0, len(s.IDs))
	for _, id := range s.IDs {
		if n, ok := names[id]; ok {
			out = append(out, n)
		} else {
			out = append(out, id)
		}
	}
	return strings.Join(out, ", ")
}

// userList runs `innkeep user list`.
func (c *cli) userList(ctx context.Context, args []string) int {
	flags := flag.NewFlagSet("user list", flag.ContinueOnError)
	data := flags.String("data", "", "")
	if code := c.parse(flags, userUsageText, args); code >= 0 {
		return code
	}
	svc, err := c.openData(*data)
	if err != nil {
		return c.fail(err)
	}
	defer svc.DB.Close()

	a := app.CLIActor()
	users, err := svc.Access.ListUsers(ctx, a)
	if err != nil {
		return c.fail(err)
	}
	if len(users) == 0 {
		fmt.Fprintln(c.stdout, "There are no accounts yet: open Innkeep and run the setup.")
		return exitOK
	}
	names, err := hotelNames(ctx, svc, a)
	if err != nil {
		return c.fail(err)
	}
	roles, err := svc.Access.ListRoles(ctx, a)
	if err != nil {
		return c.fail(err)
	}
	roleNames := map[string]string{}
	for _, r := range roles {
		if !r.Builtin {
			roleNames[r.ID] = r.Name
		}
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tNAME\tROLES\tHOTELS\tSTATUS")
	for _, u := range users {
		rs := make([]string, 0, len(u.Roles))
		for _, r := range u.Roles {
			if n, ok := roleNames[r]; ok {
				r = n
			}
			rs = append(rs, r)
		}
		status := u.Status
		if u.MustChangePassword {
			status += " (must change password)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Username, oneLine(u.DisplayName), strings.Join(rs, ", "), scopeText(u.Hotels, names), status)
	}
	if err := tw.Flush(); err != nil {
		return c.fail(err)
	}
	return exitOK
}

// oneLine replaces control characters in s, so that a name cannot break
// the table.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// findUser returns the account with username (case-insensitive), or
// ENOTFOUND.
func findUser(ctx context.Context, svc *desk.Desk, a app.Actor, username string) (access.UserView, error) {
	users, err := svc.Access.ListUsers(ctx, a)
	if err != nil {
		return access.UserView{}, err
	}
	for _, u := range users {
		if strings.EqualFold(u.Username, strings.TrimSpace(username)) {
			return u, nil
		}
	}
	return access.UserView{}, app.Errorf(app.ENOTFOUND, "there is no account %q; `innkeep user list` shows them", username)
}

// userReset runs `innkeep user reset USERNAME`.
func (c *cli) userReset(ctx context.Context, args []string) int {
	flags := flag.NewFlagSet("user reset", flag.ContinueOnError)
	data := flags.String("data", "", "")
	operands, code := c.parseOperands(flags, userUsageText, args, "USERNAME")
	if code >= 0 {
		return code
	}
	svc, err := c.openData(*data)
	if err != nil {
		return c.fail(err)
	}
	defer svc.DB.Close()

	a := app.CLIActor()
	u, err := findUser(ctx, svc, a, operands[0])
	if err != nil {
		return c.fail(err)
	}
	code1, err := svc.Access.ResetPassword(ctx, a, u.ID)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "One-time code for %s: %s\n\n", u.Username, code1)
	fmt.Fprintf(c.stdout, "Give it to %s in person. They sign in with it and must then choose a new password.\n", u.Username)
	fmt.Fprintln(c.stdout, "Their sign-in lockout is lifted and their sessions have ended. The code is not shown again.")
	if u.Status == access.UserDisabled {
		fmt.Fprintf(c.stdout, "The account is disabled and stays so: run `innkeep user enable %s` to let them sign in.\n", u.Username)
	}
	return exitOK
}

// userSetStatus runs `innkeep user disable|enable USERNAME`.
func (c *cli) userSetStatus(ctx context.Context, args []string, status string) int {
	verb := map[string]string{access.UserActive: "enable", access.UserDisabled: "disable"}[status]
	flags := flag.NewFlagSet("user "+verb, flag.ContinueOnError)
	data := flags.String("data", "", "")
	operands, code := c.parseOperands(flags, userUsageText, args, "USERNAME")
	if code >= 0 {
		return code
	}
	svc, err := c.openData(*data)
	if err != nil {
		return c.fail(err)
	}
	defer svc.DB.Close()

	a := app.CLIActor()
	u, err := findUser(ctx, svc, a, operands[0])
	if err != nil {
		return c.fail(err)
	}
	if u.Status == status {
		fmt.Fprintf(c.stdout, "%s is %s already; nothing was changed.\n", u.Username, map[string]string{access.UserActive: "active", access.UserDisabled: "disabled"}[status])
		return exitOK
	}
	if _, err := svc.Access.SetUserStatus(ctx, a, u.ID, status); err != nil {
		return c.fail(err)
	}
	if status == access.UserDisabled {
		fmt.Fprintf(c.stdout, "Disabled %s: they cannot sign in, and their sessions have ended.\n", u.Username)
	} else {
		fmt.Fprintf(c.stdout, "Enabled %s: they can sign in again.\n", u.Username)
	}
	return exitOK
}

// readNewPassword returns the password of a new account for username: on a
// terminal it asks twice without echo (checking the policy after the first
// answer); otherwise it reads the first line of stdin.
func (c *cli) readNewPassword(ctx context.Context, username string) (string, error) {
	fd, ok := c.terminal()
	if !ok {
		pw, err := c.readLine(ctx, "the password")
		if err != nil {
			return "", err
		}
		return pw, nil
	}
	pw, err := c.readSecret(ctx, fd, fmt.Sprintf("Password for %s (at least %d characters, not shown): ", username, access.MinPasswordLen))
	if err != nil {
		return "", err
	}
	if err := access.CheckPasswordPolicy(username, pw); err != nil {
		return "", err
	}
	again, err := c.readSecret(ctx, fd, "The same password again: ")
	if err != nil {
		return "", err
	}
	if again != pw {
		return "", app.Errorf(app.EINVALID, "the two passwords differ; nothing was changed")
	}
	return pw, nil
}

// terminal returns the file descriptor of stdin and true when stdin is a
// terminal.
func (c *cli) terminal() (int, bool) {
	f, ok := c.stdin.(*os.File)
	if !ok {
		return 0, false
	}
	fd := int(f.Fd())
	return fd, term.IsTerminal(fd)
}

// readSecret prints prompt on stderr and reads a line from the terminal fd
// without echo. When ctx ends first (Ctrl-C), it puts the terminal back as
// it was and returns errCancelled.
func (c *cli) readSecret(ctx context.Context, fd int, prompt string) (string, error) {
	state, err := term.GetState(fd)
	if err != nil {
		return "", fmt.Errorf("cannot use the terminal: %w", err)
	}
	fmt.Fprint(c.stderr, prompt)
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		fmt.Fprintln(c.stderr)
		if r.err != nil {
			return "", fmt.Errorf("cannot read from the terminal: %w", r.err)
		}
		return string(r.b), nil
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		fmt.Fprintln(c.stderr)
		return "", errCancelled
	}
}

// readLine reads the first line of stdin (without its line ending) and
// returns EINVALID naming what when stdin is empty, or errCancelled when
// ctx ends first.
func (c *cli) readLine(ctx context.Context, what string) (string, error) {
	type result struct {
		line string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		line, err := bufio.NewReaderSize(c.stdin, 4096).ReadString('\n')
		done <- result{line, err}
	}()
	select {
	case r := <-done:
		if r.err != nil && (r.err != io.EOF || r.line == "") {
			if r.err == io.EOF {
				return "", app.Errorf(app.EINVALID, "standard input is empty; give %s on its first line, or run the command on a terminal", what)
			}
			return "", fmt.Errorf("cannot read standard input: %w", r.err)
		}
		return strings.TrimRight(r.line, "\r\n"), nil
	case <-ctx.Done():
		return "", errCancelled
	}
}
