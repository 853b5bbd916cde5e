package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"innkeep/app"
)

const keyUsageText = `Usage: innkeep key recover [--data DIR]

Rebuilds the data key file (innkeep.key) of a data folder from the recovery
phrase shown once at setup, while Innkeep is stopped. Without the key file
Innkeep cannot read or write sensitive fields (such as staff phone numbers).

recover asks for the phrase on a terminal, without showing it; otherwise it
reads it from standard input. Case, spaces, dashes and line breaks do not
matter. A phrase with a typo is refused, and so is the phrase of another
install. An existing key file is never overwritten: when it holds the same
key, recover only makes it private again (mode 0600).

Flags:
  --data DIR   the data folder (default: $INNKEEP_DATA, else "innkeep" in the
               user config folder)

The recovery is written to the audit log with the user "cli".
`

// maxPhraseInput bounds what `key recover` reads from standard input: a
// phrase is 79 characters.
const maxPhraseInput = 4096

// key runs `innkeep key SUBCOMMAND`.
func (c *cli) key(ctx context.Context, args []string) int {
	if len(args) == 0 {
		return c.usageError(keyUsageText, "key needs a subcommand: recover")
	}
	switch args[0] {
	case "recover":
		return c.keyRecover(ctx, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(c.stdout, keyUsageText)
		return exitOK
	}
	return c.usageError(keyUsageText, "unknown key subcommand %q", args[0])
}

// keyRecover runs `innkeep key recover`.
func (c *cli) keyRecover(ctx context.Context, args []string) int {
	flags := flag.NewFlagSet("key recover", flag.ContinueOnError)
	data := flags.String("data", "", "")
	if code := c.parse(flags, keyUsageText, args); code >= 0 {
		return code
	}
	svc, err := c.openData(*data)
	if err != nil {
		return c.fail(err)
	}
	defer svc.DB.Close()

	if needed, err := svc.Setup.NeedsSetup(); err != nil {
		return c.fail(err)
	} else if needed {
		return c.fail(app.Errorf(app.ECONFLICT, "Innkeep is not set up yet in %s, so it has no data key to recover; open it and run the setup", svc.DataDir))
	}
	phrase, err := c.readPhrase(ctx)
	if err != nil {
		return c.fail(err)
	}
	res, err := svc.Setup.RecoverDataKey(ctx, app.CLIActor(), phrase)
	if err != nil {
		return c.fail(err)
	}
	if res.Created {
		fmt.Fprintf(c.stdout, "Rebuilt %s (data key %s) from the recovery phrase. Innkeep can read the sensitive fields again.\n", res.Path, res.KeyID)
	} else {
		fmt.Fprintf(c.stdout, "%s already holds this data key (%s); it is private again (mode 0600).\n", res.Path, res.KeyID)
	}
	fmt.Fprintln(c.stdout, "Keep the recovery phrase somewhere safe, away from this PC: it still works.")
	return exitOK
}

// readPhrase returns the recovery phrase: asked for without echo on a
// terminal, else all of stdin (up to maxPhraseInput bytes).
func (c *cli) readPhrase(ctx context.Context) (string, error) {
	if fd, ok := c.terminal(); ok {
		return c.readSecret(ctx, fd, "Recovery phrase (16 groups of 4 letters and digits, not shown): ")
	}
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := io.ReadAll(io.LimitReader(c.stdin, maxPhraseInput+1))
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		switch {
		case r.err != nil:
			return "", fmt.Errorf("cannot read standard input: %w", r.err)
		case len(r.b) > maxPhraseInput:
			return "", app.Errorf(app.EINVALID, "standard input is far longer than a recovery phrase")
		case strings.TrimSpace(string(r.b)) == "":
			return "", app.Errorf(app.EINVALID, "standard input is empty; give the recovery phrase on it, or run the command on a terminal")
		}
		return string(r.b), nil
	case <-ctx.Done():
		return "", errCancelled
	}
}
