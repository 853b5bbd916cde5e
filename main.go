// Command innkeep is an offline-first hotel front desk in one binary.
//
//	innkeep [--data DIR]                          open the desktop window
//	innkeep serve [--addr ADDR] [--tls] [--allow CIDR,…]   serve the UI and the API over HTTP(S)
//	innkeep user add|list|reset|disable|enable    manage staff accounts (cmd_user.go)
//	innkeep audit verify                          check the audit log's chains (cmd_audit.go)
//	innkeep check                                 check the store, audit log, key file, permissions, disk (cmd_check.go)
//	innkeep key recover                           rebuild innkeep.key (cmd_key.go)
//	innkeep version                               print the version
//	innkeep help [COMMAND]                        print help
//
// The user, audit, key and check commands work on the data folder while Innkeep is
// stopped: they take the store like the app does, and give up with the same
// message when another process holds it.
//
// Exit codes: 0 on success (also after SIGINT/SIGTERM), 1 when the command
// fails (the data folder is in use, the port is taken, …), 2 for a usage
// error; `innkeep check` exits 3 when it ran and found problems.
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"innkeep/app"
	"innkeep/app/access"
	"innkeep/app/api"
	"innkeep/app/datadir"
	"innkeep/app/desk"
	"innkeep/app/desktop"
	"innkeep/app/ops"
	"innkeep/store"
)

// dist is the built frontend. The all: prefix embeds frontend/dist/.keep, so
// that the embed works before the frontend is built.
//
//go:embed all:frontend/dist
var dist embed.FS

// shutdownTimeout bounds how long `innkeep serve` waits for requests in
// flight after SIGINT or SIGTERM.
const shutdownTimeout = 10 * time.Second

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	assets, err := fs.Sub(dist, "frontend/dist")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	c := &cli{
		getenv:        os.Getenv,
		userConfigDir: os.UserConfigDir,
		stdin:         os.Stdin,
		stdout:        os.Stdout,
		stderr:        os.Stderr,
		assets:        assets,
		stopSignals:   stop,
	}
	code := c.run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// cli runs one command line. Its fields are what a command may use of the
// process.
type cli struct {
	getenv        func(string) string
	userConfigDir func() (string, error)
	// stdin is where passwords and the recovery phrase come from when it
	// is not a terminal. When it is an *os.File on a terminal, they are
	// read from it without echo.
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	assets fs.FS
	// stopSignals restores the default handling of SIGINT and SIGTERM, so
	// that a second Ctrl-C during shutdown ends the process at once.
	stopSignals func()
}

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

const usageText = `Innkeep is an offline-first hotel front desk.

Usage:
  innkeep [--data DIR]                       open the desktop window
  innkeep serve [--addr ADDR] [--tls]        serve the UI and the API over HTTP(S), without a window
  innkeep user SUBCOMMAND                    manage staff accounts: add, list, reset, disable, enable
  innkeep audit verify                       check that the audit log was not tampered with
  innkeep check                              check the store, the audit log, the key file, permissions and free space
  innkeep key recover                        rebuild the data key file from the recovery phrase
  innkeep version                            print the version
  innkeep help [COMMAND]                     print this help, or the help of COMMAND

Flags:
  --data DIR   the data folder (default: $INNKEEP_DATA, else "innkeep" in the
               user config folder, e.g. ~/.config/innkeep)
  --demo       add the demo hotel (40 rooms, three months of bookings) if it is not there
  --session-idle D, --session-max D   session limits (default 30m, 12h;
               each at least 1m, the idle limit no longer than the other)

Only one Innkeep process may use a data folder at a time: run the user,
audit, key and check commands while Innkeep is stopped.
`

const serveUsageText = `Usage: innkeep serve [--addr ADDR] [--data DIR] [--tls | --cert FILE --key FILE] [--allow CIDR,...] [--demo]

Serves the user interface and the API over HTTP, or HTTPS with --tls or
--cert/--key, without a window, until SIGINT or SIGTERM; then finishes the
requests in flight and exits 0.

Flags:
  --addr ADDR  the address to listen on (default 127.0.0.1:8080; use
               0.0.0.0:8080 for the LAN, 127.0.0.1:0 for a free port)
  --data DIR   the data folder (default: $INNKEEP_DATA, else "innkeep" in the
               user config folder)
  --tls        serve HTTPS with a self-signed certificate kept in the data
               folder (tls.crt, tls.key), made on first use and again when it
               nears expiry or the host gets a new address; its SHA-256
               fingerprint is printed at start: check it once on each tablet.
               Plain HTTP on the same port is redirected to HTTPS.
  --cert FILE, --key FILE
               serve HTTPS with this certificate and private key (PEM)
  --allow CIDR,...
               who may connect, e.g. 192.168.1.0/24,10.0.0.7 (default: the
               host's own subnets and loopback; "any" for everyone). Other
               addresses are disconnected before anything is read.
  --demo       add the demo hotel (40 rooms, three months of bookings) if it is not there
  --session-idle D  end sessions unused for D (default 30m, at least 1m)
  --session-max D   end sessions D after sign-in (default 12h, at least 1m,
                    not shorter than --session-idle)

One address may hold at most 32 connections open at once, and the server
1024 in all; further connections are closed at once.
`

const versionUsageText = `Usage: innkeep version

Prints the version, the commit and the Go version of this binary.
`

// run runs the command line args and returns the exit code.
func (c *cli) run(ctx context.Context, args []string) int {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "serve":
			return c.serve(ctx, args[1:])
		case "version":
			return c.version(args[1:])
		case "user":
			return c.user(ctx, args[1:])
		case "audit":
			return c.audit(ctx, args[1:])
		case "key":
			return c.key(ctx, args[1:])
		case "check":
			return c.check(ctx, args[1:])
		case "help":
			return c.help(args[1:])
		default:
			return c.usageError(usageText, "unknown command %q", args[0])
		}
	}
	return c.window(ctx, args)
}

// help prints the help of the command named in args, or the general help.
func (c *cli) help(args []string) int {
	text := usageText
	if len(args) > 0 {
		switch args[0] {
		case "serve":
			text = serveUsageText
		case "version":
			text = versionUsageText
		case "user":
			text = userUsageText
		case "audit":
			text = auditUsageText
		case "key":
			text = keyUsageText
		case "check":
			text = checkUsageText
		case "help":
		default:
			return c.usageError(usageText, "unknown command %q", args[0])
		}
	}
	fmt.Fprint(c.stdout, text)
	return exitOK
}

// usageError prints a usage error and the usage text on stderr, and returns
// exitUsage.
func (c *cli) usageError(usage, format string, args ...any) int {
	fmt.Fprintf(c.stderr, "innkeep: "+format+"\n\n", args...)
	fmt.Fprint(c.stderr, usage)
	return exitUsage
}

// parse parses args with flags. It returns -1 when the command should go on,
// else the exit code: exitOK after printing the help for -h or --help, and
// exitUsage for a bad flag or a stray argument.
func (c *cli) parse(flags *flag.FlagSet, usage string, args []string) int {
	flags.SetOutput(io.Discard)
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(c.stdout, usage)
			return exitOK
		}
		return c.usageError(usage, "%v", err)
	}
	if flags.NArg() > 0 {
		return c.usageError(usage, "unexpected argument %q", flags.Arg(0))
	}
	return -1
}

// parseOperands is parse for commands that take operands (such as a
// username): flags may come before, between or after them. It returns the
// operands and -1 when the command should go on, else the exit code, as
// parse does; a missing or extra operand is a usage error. names names the
// operands for the message, e.g. "USERNAME".
func (c *cli) parseOperands(flags *flag.FlagSet, usage string, args []string, names ...string) ([]string, int) {
	flags.SetOutput(io.Discard)
	var operands []string
	for {
		if err := flags.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(c.stdout, usage)
				return nil, exitOK
			}
			return nil, c.usageError(usage, "%v", err)
		}
		args = flags.Args()
		if len(args) == 0 {
			break
		}
		operands, args = append(operands, args[0]), args[1:]
	}
	switch {
	case len(operands) < len(names):
		return nil, c.usageError(usage, "%s needs %s", flags.Name(), strings.Join(names[len(operands):], " "))
	case len(operands) > len(names):
		return nil, c.usageError(usage, "unexpected argument %q", operands[len(names)])
	}
	return operands, -1
}

// version prints the build of the binary.
func (c *cli) version(args []string) int {
	flags := flag.NewFlagSet("version", flag.ContinueOnError)
	if code := c.parse(flags, versionUsageText, args); code >= 0 {
		return code
	}
	fmt.Fprintln(c.stdout, app.BuildInfo())
	return exitOK
}

// serve runs `innkeep serve` until ctx is done.
func (c *cli) serve(ctx context.Context, args []string) int {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:8080", "")
	data := flags.String("data", "", "")
	demo := flags.Bool("demo", false, "")
	idle, maxAge := sessionFlags(flags)
	lf := defineLANFlags(flags)
	if code := c.parse(flags, serveUsageText, args); code >= 0 {
		return code
	}
	if msg := lf.check(); msg != "" {
		return c.usageError(serveUsageText, "%s", msg)
	}
	n, err := c.open(*data, ops.ModeServe, access.SessionConfig{Idle: *idle, Max: *maxAge}, nil)
	if err != nil {
		fmt.Fprintf(c.stderr, "innkeep: %s\n", failureMessage(err))
		return exitFail
	}
	defer n.close()
	if *demo {
		n.loadDemo(ctx)
	}

	raw, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(c.stderr, "innkeep: cannot listen on %s: %v\n", *addr, err)
		return exitFail
	}
	ln, scheme, cert, err := n.listen(raw, *addr, lf)
	if err != nil {
		raw.Close()
		return c.fail(err)
	}
	srv := newServer(n)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	url := scheme + "://" + ln.Addr().String() + "/"
	n.logger.Info("serving", "url", url)
	fmt.Fprintf(c.stdout, "Innkeep is serving %s (data: %s)\n", url, n.svc.DataDir)
	if cert != nil {
		fmt.Fprintf(c.stdout, "TLS certificate SHA-256 fingerprint: %s\n", cert.Fingerprint)
	}

	select {
	case err := <-served:
		n.logger.Error("server failed", "err", err)
		return exitFail
	case <-ctx.Done():
	}
	c.stopSignals()
	n.logger.Info("shutting down: finishing requests in flight", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		n.logger.Warn("requests still running at the shutdown timeout were cut off", "err", err)
		srv.Close()
	}
	return exitOK
}

// maxStreamsPerConn is how many requests one HTTP/2 connection (over
// --tls) may have in flight at once. Go's default is 250: with 32
// connections per address, each stream a sign-in whose 1 MiB body may take
// 15 s, one address could make the server hold about 8 GiB. 16 is more
// than a browser uses for one page, and bounds one address at 32 × 16
// requests in flight.
const maxStreamsPerConn = 16

// newServer returns the HTTP server of `innkeep serve` over n's handler. A
// client gets 10 s to send a request's headers (64 KiB at most) and keeps
// an idle connection 2 minutes; the handler bounds the time for its body
// and for each write of its answer (api.Config's timeouts).
func newServer(n *node) *http.Server {
	return &http.Server{
		Handler:           n.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		HTTP2:             &http.HTTP2Config{MaxConcurrentStreams: maxStreamsPerConn},
		ErrorLog:          slog.NewLogLogger(n.logger.Handler(), slog.LevelWarn),
	}
}

// window runs the desktop window until it is closed or ctx is done.
func (c *cli) window(ctx context.Context, args []string) int {
	flags := flag.NewFlagSet("innkeep", flag.ContinueOnError)
	data := flags.String("data", "", "")
	demo := flags.Bool("demo", false, "")
	idle, maxAge := sessionFlags(flags)
	if code := c.parse(flags, usageText, args); code >= 0 {
		return code
	}
	if err := desktop.CanOpen(); err != nil {
		fmt.Fprintf(c.stderr, "innkeep: %v\n", err)
		return exitFail
	}
	files := desktop.NewFiles()
	n, err := c.open(*data, ops.ModeDesktop, access.SessionConfig{Idle: *idle, Max: *maxAge}, files)
	if err != nil {
		msg := failureMessage(err)
		fmt.Fprintf(c.stderr, "innkeep: %s\n", msg)
		logger := datadir.NewLogger(c.stderr, nil)
		if derr := desktop.ShowError("Innkeep cannot start", sentence(msg), logger); derr != nil {
			fmt.Fprintf(c.stderr, "innkeep: cannot show the message in a window: %v\n", derr)
		}
		return exitFail
	}
	defer n.close()
	if *demo {
		n.loadDemo(ctx)
	}
	n.logger.Info("opening the window")
	if err := desktop.Run(ctx, desktop.Options{Handler: n.handler, Logger: n.logger, Files: files}); err != nil {
		n.logger.Error("cannot open the window", "err", err)
		return exitFail
	}
	return exitOK
}

// loadDemo adds the demo hotel unless it is there already.
func (n *node) loadDemo(ctx context.Context) {
	h, err := n.svc.Booking.LoadDemo(ctx, app.CLIActor())
	switch {
	case err == nil:
		n.logger.Info("loaded the demo hotel", "hotel", h.ID)
	case app.ErrorCode(err) == app.ECONFLICT:
		n.logger.Info("the demo hotel is loaded already")
	default:
		n.logger.Error("cannot load the demo hotel", "err", err)
	}
}

// sessionFlags defines --session-idle and --session-max on flags. A value
// that is not a duration, is under access.MinSessionIdle or
// access.MinSessionMax (zero and negative ones included), or makes the idle
// limit longer than the absolute one when both are given, is a parse error
// (a usage error). When only --session-max is given and it is shorter than
// the default idle limit, the idle limit becomes equal to it.
func sessionFlags(flags *flag.FlagSet) (idle, max *time.Duration) {
	l := &sessionLimits{idle: access.DefaultSessionIdle, max: access.DefaultSessionMax}
	flags.Var(sessionFlag{l, true}, "session-idle", "")
	flags.Var(sessionFlag{l, false}, "session-max", "")
	return &l.idle, &l.max
}

// sessionLimits are the values of --session-idle and --session-max, and
// whether each was given.
type sessionLimits struct {
	idle, max       time.Duration
	idleSet, maxSet bool
}

// sessionFlag is --session-idle (idle) or --session-max of l.
type sessionFlag struct {
	l    *sessionLimits
	idle bool
}

func (f sessionFlag) String() string {
	if f.l == nil {
		return ""
	}
	if f.idle {
		return f.l.idle.String()
	}
	return f.l.max.String()
}

func (f sessionFlag) Set(v string) error {
	d, err := time.ParseDuration(v)
	if err != nil {
		return errors.New("not a duration such as 30m or 12h")
	}
	next := *f.l
	if f.idle {
		next.idle, next.idleSet = d, true
		if d < access.MinSessionIdle {
			return fmt.Errorf("the idle limit of sessions must be at least %s", access.MinSessionIdle)
		}
	} else {
		next.max, next.maxSet = d, true
		if d < access.MinSessionMax {
			return fmt.Errorf("the absolute limit of sessions must be at least %s", access.MinSessionMax)
		}
		if !next.idleSet && next.idle > d {
			next.idle = d
		}
	}
	if next.idleSet && next.maxSet {
		if err := (access.SessionConfig{Idle: next.idle, Max: next.max}).Validate(); err != nil {
			return errors.New(app.ErrorMessage(err))
		}
	}
	*f.l = next
	return nil
}

// node is an open data folder: the store, the log and the API handler.
type node struct {
	svc     *desk.Desk
	logger  *slog.Logger
	handler http.Handler
	log     io.Closer
}

// open resolves and opens the data folder for mode: it creates the folder
// when missing, takes the store (failing within about a second when another
// process holds it), and starts the log in DIR/logs. saver saves downloads
// in the window; it is nil otherwise.
func (c *cli) open(dataFlag, mode string, sessions access.SessionConfig, saver api.Saver) (*node, error) {
	dir, err := datadir.ResolveDataDir(dataFlag, c.getenv, c.userConfigDir)
	if err != nil {
		return nil, err
	}
	if err := datadir.EnsureDataDir(dir); err != nil {
		return nil, err
	}
	db, err := desk.OpenStore(dir)
	if err != nil {
		return nil, &openError{dir: dir, err: err}
	}
	logFile, err := datadir.OpenRotatingFile(filepath.Join(dir, datadir.LogFileName), datadir.LogMaxSize, datadir.LogBackups)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot open the log in %s: %w", dir, err)
	}
	logger := datadir.NewLogger(c.stderr, logFile)
	// Others may read the folder, though not change it (EnsureDataDir
	// refuses that): said at every start, and by `innkeep check`.
	if err := datadir.CheckPrivate(dir); app.ErrorCode(err) == app.EINVALID {
		logger.Warn(app.ErrorMessage(err))
	}
	keys, err := datadir.LoadKeyFile(dir)
	switch {
	case app.ErrorCode(err) == app.ENOTFOUND:
		keys = nil // made at setup; without it sensitive fields stay hidden
		if needed, _ := desk.NeedsSetup(db); !needed {
			logger.Warn("the data key is missing: sensitive fields cannot be read or written; restore it with 'innkeep key recover'",
				"file", filepath.Join(dir, app.KeyFileName))
		}
	case err != nil:
		db.Close()
		logFile.Close()
		return nil, err
	}
	svc := desk.New(desk.Config{DB: db, DataDir: dir, Keys: keys, Session: sessions,
		Facts: ops.Facts{DataDir: dir, Mode: mode, Started: time.Now(), Version: app.Version}})
	build := app.BuildInfo()
	logger.Info("starting", "version", build.Version, "commit", build.Commit, "mode", mode,
		"data_dir", dir, "node_id", db.NodeID(), "pid", os.Getpid())
	if prev := db.PreviousNodeID(); prev != "" {
		logger.Warn("store copied or restored: new node id", "node_id", db.NodeID(), "previous_node_id", prev)
	}
	return &node{
		svc:     svc,
		logger:  logger,
		handler: api.New(api.Config{Desk: svc, Logger: logger, Assets: c.assets, Saver: saver}),
		log:     logFile,
	}, nil
}

// openData opens the store of an existing data folder for a command of the
// command line (user, audit, key): it resolves the folder like the app,
// takes the store (failing within about a second, with the same message as
// the app, when another process holds it) and loads nothing else: no log,
// no data key. It returns EINVALID when the folder holds no store, rather
// than creating one, and when others could change the folder (as the app
// does, datadir.CheckDataDir). The caller closes svc.DB.
func (c *cli) openData(dataFlag string) (*desk.Desk, error) {
	return c.openDataFolder(dataFlag, true)
}

// openDataFolder is openData; with strict false it opens a folder whose
// permissions the app would refuse, for `innkeep check` to report them.
func (c *cli) openDataFolder(dataFlag string, strict bool) (*desk.Desk, error) {
	dir, err := datadir.ResolveDataDir(dataFlag, c.getenv, c.userConfigDir)
	if err != nil {
		return nil, err
	}
	if strict {
		if err := datadir.CheckDataDir(dir); err != nil && app.ErrorCode(err) == app.EINVALID {
			if _, serr := os.Stat(dir); serr == nil {
				return nil, err
			}
		}
	}
	if _, err := os.Stat(filepath.Join(dir, datadir.StoreFileName)); err != nil {
		return nil, app.Errorf(app.EINVALID, "there is no Innkeep data in %s (no %s); name the data folder with --data or %s",
			dir, datadir.StoreFileName, datadir.DataDirEnv)
	}
	db, err := desk.OpenStore(dir)
	if err != nil {
		return nil, &openError{dir: dir, err: err}
	}
	return desk.New(desk.Config{DB: db, DataDir: dir, Facts: ops.Facts{DataDir: dir, Started: time.Now(), Version: app.Version}}), nil
}

// fail prints the message of err on stderr and returns exitFail.
func (c *cli) fail(err error) int {
	fmt.Fprintf(c.stderr, "innkeep: %s\n", failureMessage(err))
	return exitFail
}

// close closes the store, then the log.
func (n *node) close() {
	if err := n.svc.DB.Close(); err != nil {
		n.logger.Error("closing the store failed", "err", err)
	} else {
		n.logger.Info("stopped: the store is closed")
	}
	n.log.Close()
}

// openError is a failure to open the store of a data folder.
type openError struct {
	dir string
	err error
}

func (e *openError) Error() string {
	return fmt.Sprintf("cannot open the store in %s: %v", e.dir, e.err)
}
func (e *openError) Unwrap() error { return e.err }

// failureMessage returns the message that a person sees when a command
// cannot start.
func failureMessage(err error) string {
	var oe *openError
	if errors.As(err, &oe) && errors.Is(err, store.ErrLocked) {
		return fmt.Sprintf("the data folder %s is in use by another Innkeep process (a window or `innkeep serve`). "+
			"Close that one first, or choose another folder with --data or %s.", oe.dir, datadir.DataDirEnv)
	}
	var ae *app.Error
	if errors.As(err, &ae) {
		return ae.Message
	}
	return err.Error()
}

// sentence returns msg with its first letter in upper case, for a dialog.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	r, n := utf8.DecodeRuneInString(msg)
	return string(unicode.ToUpper(r)) + msg[n:]
}
