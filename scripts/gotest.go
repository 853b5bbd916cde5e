//go:build ignore

// Gotest runs `go test -json` and reports it so that nothing passes
// silently: it prints one line per package as each one ends, the output of
// every failing test, every skipped test with its reason, and fails the run
// when a test skipped that is not on the allow-list.
//
// Usage, from the repository root:
//
//	go run scripts/gotest.go [-allow scripts/allowed-skips.txt] [-v] -- GO_TEST_ARGS...
//	go test -json ./... | go run scripts/gotest.go [-allow FILE] [-v]
//
// With arguments after --, it runs `go test -json GO_TEST_ARGS...` itself;
// without them it reads the JSON events of go test from standard input.
//
// The last line it prints is always of the form
//
//	N passed, N failed, N skipped
//
// where every test and every subtest counts once (a test with two subtests
// that pass is 3 passed), and failed also counts each skip that is not on
// the allow-list, each package that failed outside any test (a build
// failure, a panic or os.Exit in TestMain, a timeout), each test that never
// finished, and a go test that exited non-zero with nothing else to show
// for it. The exit status is 0 exactly when failed is 0.
//
// A package with test files in which no test ran (a TestMain that returned
// without running them) fails too.
//
// The allow-list has one entry per line, "IMPORT_PATH TEST_NAME # reason";
// the reason is required. TEST_NAME is the full name as go test prints it
// (TestX or TestX/subtest); "*" allows a package in which no test runs.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action      string
	Package     string
	ImportPath  string // build-output and build-fail
	Test        string
	Elapsed     float64
	Output      string
	FailedBuild string
}

// line is one line of a test's output.
type line struct {
	test string
	text string
}

// group is the output of a top-level test and its subtests, in order.
type group struct {
	lines  []line
	failed map[string]bool // tests of the group that failed
}

// pkgState is what is known of a package while its tests run.
type pkgState struct {
	groups  map[string]*group // by top-level test
	running map[string]bool   // tests that started and have not ended
	output  []string          // lines that belong to no test
	failed  int               // tests of the package that failed
	ran     int               // tests of the package that started
}

// skip is a test that skipped.
type skip struct {
	pkg, test, reason string
	allowed           bool
}

type report struct {
	out     io.Writer
	verbose bool
	allow   map[string]bool // "pkg test"
	pkgs    map[string]*pkgState

	passed, failed int
	skips          []skip
	failedPkgs     []string
	packages       int // packages that ended, whatever their result
}

func main() {
	allowPath := flag.String("allow", "scripts/allowed-skips.txt", "the allow-list of tests that may skip")
	verbose := flag.Bool("v", false, "also print every test that passes")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run scripts/gotest.go [-allow FILE] [-v] [-- GO_TEST_ARGS...]")
		flag.PrintDefaults()
	}
	flag.Parse()

	allow, err := readAllowList(*allowPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gotest:", err)
		os.Exit(2)
	}
	r := &report{out: os.Stdout, verbose: *verbose, allow: allow, pkgs: map[string]*pkgState{}}

	var (
		in   io.Reader = os.Stdin
		cmd  *exec.Cmd
		wait = func() error { return nil }
	)
	if args := flag.Args(); len(args) > 0 {
		cmd = exec.Command("go", append([]string{"test", "-json"}, args...)...)
		cmd.Stderr = os.Stderr
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			fmt.Fprintln(os.Stderr, "gotest:", err)
			os.Exit(2)
		}
		in = pipe
		// Ctrl-C and SIGTERM reach go test through the process group (or
		// are passed on here); the report is still printed.
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		if err := cmd.Start(); err != nil {
			fmt.Fprintln(os.Stderr, "gotest:", err)
			os.Exit(2)
		}
		go func() {
			for s := range sigs {
				_ = cmd.Process.Signal(s)
			}
		}()
		wait = cmd.Wait
	}

	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		r.handle(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(r.out, "gotest: reading the events:", err)
		r.failed++
	}
	waitErr := wait()
	r.finishUnended()
	if r.packages == 0 && r.failed == 0 {
		fmt.Fprintln(r.out, "FAIL: go test reported no package at all")
		r.failed++
	}
	if waitErr != nil {
		var ee *exec.ExitError
		if !errors.As(waitErr, &ee) {
			fmt.Fprintln(r.out, "gotest: go test:", waitErr)
			r.failed++
		} else if r.failed == 0 {
			// go test failed without a failing test or package to show
			// for it (a bad flag, no packages, a vet error).
			fmt.Fprintf(r.out, "FAIL go test exited with status %d\n", ee.ExitCode())
			r.failed++
		}
	}
	r.summary()
	if r.failed > 0 {
		os.Exit(1)
	}
}

// readAllowList reads the allow-list; each entry must give its reason.
func readAllowList(path string) (map[string]bool, error) {
	allow := map[string]bool{}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for i, text := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		// The reason follows " #", so that a test name may hold a "#"
		// (go test numbers repeated subtest names: TestX/y#01).
		entry, reason, _ := strings.Cut(text, " #")
		f := strings.Fields(entry)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 || strings.TrimSpace(reason) == "" {
			return nil, fmt.Errorf("%s:%d: want \"IMPORT_PATH TEST_NAME # reason\", got %q", path, i+1, text)
		}
		allow[f[0]+" "+f[1]] = true
	}
	return allow, nil
}

func (r *report) pkg(name string) *pkgState {
	p := r.pkgs[name]
	if p == nil {
		p = &pkgState{groups: map[string]*group{}, running: map[string]bool{}}
		r.pkgs[name] = p
	}
	return p
}

// handle takes one line of go test's output.
func (r *report) handle(raw []byte) {
	var e event
	if err := json.Unmarshal(raw, &e); err != nil || e.Action == "" {
		// Not an event: pass it on as it is.
		fmt.Fprintln(r.out, string(raw))
		return
	}
	switch e.Action {
	case "build-output":
		fmt.Fprint(r.out, e.Output)
		return
	case "build-fail":
		return // the package's own fail event follows
	}
	if e.Package == "" {
		if e.Output != "" {
			fmt.Fprint(r.out, e.Output)
		}
		return
	}
	p := r.pkg(e.Package)
	if e.Test == "" {
		switch e.Action {
		case "output":
			p.output = append(p.output, e.Output)
		case "pass", "fail", "skip":
			r.endPackage(e, p)
		}
		return
	}
	top, _, _ := strings.Cut(e.Test, "/")
	g := p.groups[top]
	if g == nil {
		g = &group{failed: map[string]bool{}}
		p.groups[top] = g
	}
	switch e.Action {
	case "run":
		p.running[e.Test] = true
		p.ran++
	case "output":
		g.lines = append(g.lines, line{e.Test, e.Output})
	case "pass":
		delete(p.running, e.Test)
		r.passed++
		if r.verbose {
			fmt.Fprintf(r.out, "    pass %s (%.2fs)\n", e.Test, e.Elapsed)
		}
	case "skip":
		delete(p.running, e.Test)
		s := skip{pkg: e.Package, test: e.Test, reason: reason(g, e.Test)}
		s.allowed = r.allow[s.pkg+" "+s.test]
		r.skips = append(r.skips, s)
		if !s.allowed {
			r.failed++
		}
	case "fail":
		delete(p.running, e.Test)
		r.failed++
		p.failed++
		g.failed[e.Test] = true
	}
	if e.Test == top && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip") {
		if e.Action == "fail" {
			r.printFailure(e.Package, g)
		}
		delete(p.groups, top)
	}
}

// framing reports whether s is a line go test prints around a test's own
// output (=== RUN and the like), which a report of a failure leaves out.
func framing(s string) bool {
	t := strings.TrimSpace(s)
	for _, p := range []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// reason returns what a skipped test printed, on one line.
func reason(g *group, test string) string {
	var parts []string
	for _, l := range g.lines {
		t := strings.TrimSpace(l.text)
		if l.test != test || t == "" || framing(t) || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		return "(no reason given)"
	}
	return strings.Join(parts, " / ")
}

// printFailure prints the output of the tests of g that failed, as go test
// prints it without -v.
func (r *report) printFailure(pkg string, g *group) {
	fmt.Fprintf(r.out, "--- in %s\n", pkg)
	for _, l := range g.lines {
		if g.failed[l.test] && !framing(l.text) {
			fmt.Fprint(r.out, l.text)
		}
	}
}

// endPackage prints the package's line and whatever explains a failure
// that no test shows.
func (r *report) endPackage(e event, p *pkgState) {
	r.packages++
	switch {
	case e.Action == "pass" && p.ran == 0 && !r.allow[e.Package+" *"]:
		// Test files, yet no test ran: a TestMain that returned without
		// running them is a whole package skipping silently.
		r.printPackageOutput(p)
		fmt.Fprintf(r.out, "FAIL %s [no test ran; allow it with %q in the allow-list if that is meant]\n", e.Package, e.Package+" * # why")
		r.failed++
		r.failedPkgs = append(r.failedPkgs, e.Package)
	case e.Action == "skip":
		if r.verbose {
			fmt.Fprintf(r.out, "?    %s [no test files]\n", e.Package)
		}
	case e.Action == "pass":
		fmt.Fprintf(r.out, "ok   %s %.1fs\n", e.Package, e.Elapsed)
	case e.FailedBuild != "":
		fmt.Fprintf(r.out, "FAIL %s [build failed: %s]\n", e.Package, e.FailedBuild)
		r.failed++
		r.failedPkgs = append(r.failedPkgs, e.Package)
	default:
		if r.unended(e.Package, p) == 0 && p.failed == 0 {
			// Nothing failed inside a test: a panic or os.Exit outside
			// one, a race outside a test, or a timeout.
			r.failed++
		}
		// What the package printed outside its tests says which.
		r.printPackageOutput(p)
		fmt.Fprintf(r.out, "FAIL %s %.1fs\n", e.Package, e.Elapsed)
		r.failedPkgs = append(r.failedPkgs, e.Package)
	}
	delete(r.pkgs, e.Package)
}

// unended counts, reports and prints the tests of p that started and never
// ended (the test binary died under them), and returns how many there were.
func (r *report) unended(pkg string, p *pkgState) int {
	names := make([]string, 0, len(p.running))
	for name := range p.running {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		top, _, _ := strings.Cut(name, "/")
		g := p.groups[top]
		fmt.Fprintf(r.out, "--- in %s: %s never finished\n", pkg, name)
		if g != nil {
			for _, l := range g.lines {
				if l.test == name && !framing(l.text) {
					fmt.Fprint(r.out, l.text)
				}
			}
		}
		r.failed++
	}
	p.running = map[string]bool{}
	return len(names)
}

func (r *report) printPackageOutput(p *pkgState) {
	for _, o := range p.output {
		t := strings.TrimSpace(o)
		if t == "PASS" || t == "FAIL" || strings.HasPrefix(t, "ok  \t") || strings.HasPrefix(t, "FAIL\t") {
			continue
		}
		fmt.Fprint(r.out, o)
	}
}

// finishUnended handles packages whose end never came (go test was killed).
func (r *report) finishUnended() {
	names := make([]string, 0, len(r.pkgs))
	for name := range r.pkgs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := r.pkgs[name]
		if len(p.running) == 0 && len(p.groups) == 0 && len(p.output) == 0 {
			continue
		}
		if r.unended(name, p) == 0 {
			r.failed++
		}
		r.printPackageOutput(p)
		fmt.Fprintf(r.out, "FAIL %s [did not finish]\n", name)
		r.failedPkgs = append(r.failedPkgs, name)
	}
}

// summary prints the skips, the failed packages and the closing line.
func (r *report) summary() {
	allowed := 0
	if len(r.skips) > 0 {
		fmt.Fprintf(r.out, "\nSkipped tests (%d):\n", len(r.skips))
		for _, s := range r.skips {
			mark := "allowed"
			if !s.allowed {
				mark = "NOT ON THE ALLOW-LIST"
			} else {
				allowed++
			}
			fmt.Fprintf(r.out, "  %s %s [%s]: %s\n", s.pkg, s.test, mark, s.reason)
		}
	}
	if n := len(r.skips) - allowed; n > 0 {
		fmt.Fprintf(r.out, "FAIL: %d skipped test(s) not on the allow-list: make them run here, or add them with the reason to the allow-list\n", n)
	}
	if len(r.failedPkgs) > 0 {
		fmt.Fprintf(r.out, "FAIL: packages: %s\n", strings.Join(r.failedPkgs, " "))
	}
	fmt.Fprintf(r.out, "%d passed, %d failed, %d skipped\n", r.passed, r.failed, allowed)
}
