package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"innkeep/app"
	"innkeep/app/ops"
)

// exitProblems is the exit code of `innkeep check` when it ran and found
// something wrong (exitFail means it could not run).
const exitProblems = 3

const checkUsageText = `Usage: innkeep check [--json] [--data DIR]

Checks a data folder while Innkeep is stopped, and prints what is wrong and
what to do, one line per problem:

  - the store: its pages, that its op log has no gaps and replays to the
    stored records, that indexes and counts match (the same check as a
    backup's);
  - the audit log: every desk's hash chain, this desk's head, and that the
    op log, which records every entry's write, agrees with the entries, the
    counts and the clock (the same as 'innkeep audit verify');
  - the data key file innkeep.key: there (once set up), usable, and private
    (mode 0600);
  - the data folder (mode 0700) and the store (0600): private;
  - free space on the data folder's disk: at least 512 MiB, and twice the
    store's size.

Like the user, audit and key commands, it takes the store as the app does:
while a window or 'innkeep serve' holds the data folder, it gives up with
exit 1. (A running server checks itself on its System page, or at
GET /api/v1/system/check.)

Exit codes: 0 all is well, 3 problems were found, 1 the check could not
run (the folder holds no store, another process holds it, or the store's
file cannot be opened at all), 2 usage.

Flags:
  --json       print the report as JSON, as GET /api/v1/system/check does
  --data DIR   the data folder (default: $INNKEEP_DATA, else "innkeep" in the
               user config folder)
`

// check runs `innkeep check`: it prints the findings on stdout and returns
// exitProblems when there are any.
func (c *cli) check(ctx context.Context, args []string) int {
	flags := flag.NewFlagSet("check", flag.ContinueOnError)
	data := flags.String("data", "", "")
	asJSON := flags.Bool("json", false, "")
	if code := c.parse(flags, checkUsageText, args); code >= 0 {
		return code
	}
	// Not openData: a folder others could change is a finding here, not a
	// reason to stop.
	svc, err := c.openDataFolder(*data, false)
	if err != nil {
		return c.fail(err)
	}
	defer svc.DB.Close()

	rep, err := svc.Check.Check(ctx, app.CLIActor())
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		if err := c.printJSON(rep); err != nil {
			return c.fail(err)
		}
	} else {
		c.printCheckReport(rep, svc.DataDir)
	}
	if rep.OK {
		return exitOK
	}
	fmt.Fprintf(c.stderr, "innkeep: the check found %s in %s\n", problems(len(rep.Findings)), svc.DataDir)
	return exitProblems
}

// printCheckReport prints rep for people: a summary, then one line per
// finding, its code first.
func (c *cli) printCheckReport(rep ops.CheckReport, dir string) {
	if rep.OK {
		fmt.Fprintf(c.stdout, "Checked %s: all is well (store, audit log, key file, permissions, free space).\n", dir)
		return
	}
	fmt.Fprintf(c.stdout, "Checked %s: %s.\n", dir, problems(len(rep.Findings)))
	for _, f := range rep.Findings {
		fmt.Fprintf(c.stdout, "  %s: %s.\n", f.Code, sentence(f.Message))
	}
}

// problems counts problems in words.
func problems(n int) string {
	if n == 1 {
		return "1 problem"
	}
	return fmt.Sprintf("%d problems", n)
}

// printJSON prints v on standard output as indented JSON, for the commands'
// --json flag.
func (c *cli) printJSON(v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(c.stdout, "%s\n", b)
	return err
}
