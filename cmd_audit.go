package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"innkeep/app"
	"innkeep/app/audit"
)

const auditUsageText = `Usage: innkeep audit verify [--json] [--data DIR]

Checks the audit log of a data folder while Innkeep is stopped. Each desk
chains its own entries: every entry holds the hash of the one before it, so
an entry that was edited, removed or reordered breaks its desk's chain.
Every entry is also written by an op of the store's op log, in the
transaction of the change it records: verify checks that the op log agrees
with the entries (no op missing, every entry there as written), that this
desk's head names its newest entry, and that the counts and the store's
clock show nothing removed from the end. Only a rewrite of everything
after the change (entries, ops, counts, clock, head) passes; a backup or an
exported log shows that.

verify walks every chain and prints, for each desk, its number of entries
and whether it is intact, or the seq of the first broken entry and why. It
exits 0 when every chain is intact and 1 when any is broken, or when it
cannot run: like the user and key commands it takes the store as the app
does, and gives up while a window or 'innkeep serve' holds the data folder.
'innkeep check' runs it together with the store's own check.

Flags:
  --json       print the report as JSON, as GET /api/v1/audit/verify does
  --data DIR   the data folder (default: $INNKEEP_DATA, else "innkeep" in the
               user config folder)
`

// audit runs `innkeep audit SUBCOMMAND`.
func (c *cli) audit(ctx context.Context, args []string) int {
	if len(args) == 0 {
		return c.usageError(auditUsageText, "audit needs a subcommand: verify")
	}
	switch args[0] {
	case "verify":
		return c.auditVerify(ctx, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(c.stdout, auditUsageText)
		return exitOK
	}
	return c.usageError(auditUsageText, "unknown audit subcommand %q", args[0])
}

// auditVerify runs `innkeep audit verify`: it prints the report on stdout
// and, when a chain is broken, names the broken links on stderr and returns
// exitFail.
func (c *cli) auditVerify(ctx context.Context, args []string) int {
	flags := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	data := flags.String("data", "", "")
	asJSON := flags.Bool("json", false, "")
	if code := c.parse(flags, auditUsageText, args); code >= 0 {
		return code
	}
	svc, err := c.openData(*data)
	if err != nil {
		return c.fail(err)
	}
	defer svc.DB.Close()

	rep, err := svc.Audit.Verify(ctx)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		if err := c.printJSON(rep); err != nil {
			return c.fail(err)
		}
	} else {
		c.printAuditReport(rep, svc.DB.NodeID(), svc.DataDir)
	}
	if rep.OK {
		return exitOK
	}
	var broken []string
	for _, ch := range rep.Chains {
		if !ch.OK && ch.BrokenAt != nil {
			broken = append(broken, fmt.Sprintf("desk %s at seq %d", ch.Node, ch.BrokenAt.Seq))
		}
	}
	return c.fail(app.Errorf(app.ECONFLICT, "the audit log is broken: %s", strings.Join(broken, "; ")))
}

// printAuditReport prints rep for people: one line per desk, this desk
// (node) marked.
func (c *cli) printAuditReport(rep audit.Report, node, dir string) {
	desks := "desks"
	if len(rep.Chains) == 1 {
		desks = "desk"
	}
	fmt.Fprintf(c.stdout, "Audit log in %s: %d entries from %d %s.\n", dir, rep.Entries, len(rep.Chains), desks)
	brokenChains := 0
	for _, ch := range rep.Chains {
		name := ch.Node
		if ch.Node == node {
			name += " (this desk)"
		}
		state := "intact"
		if !ch.OK {
			brokenChains++
			state = "BROKEN"
			if ch.BrokenAt != nil {
				state = fmt.Sprintf("BROKEN at seq %d: %s", ch.BrokenAt.Seq, ch.BrokenAt.Reason)
			}
		}
		fmt.Fprintf(c.stdout, "  desk %s: %d entries, %s\n", name, ch.Entries, state)
	}
	if rep.OK {
		fmt.Fprintln(c.stdout, "Every chain is intact.")
		return
	}
	fmt.Fprintf(c.stdout, "%d of %d chains are broken: entries were changed, removed or reordered outside Innkeep. "+
		"Keep a copy of the data folder as evidence before changing anything.\n", brokenChains, len(rep.Chains))
}
