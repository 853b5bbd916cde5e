package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
)

// RunInProcess runs one command line in this process, as main would, with
// the given standard streams and environment; the tests of the commands
// that need no terminal and no server (user, audit, key, version, help)
// use it instead of starting the binary.
func RunInProcess(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	assets, err := fs.Sub(dist, "frontend/dist")
	if err != nil {
		panic(err)
	}
	c := &cli{
		getenv:        getenv,
		userConfigDir: func() (string, error) { return "", errors.New("tests name the data folder") },
		stdin:         stdin,
		stdout:        stdout,
		stderr:        stderr,
		assets:        assets,
		stopSignals:   func() {},
	}
	return c.run(ctx, args)
}
