package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// runCLI runs the binary to its end and returns its exit code and output.
func runCLI(t *testing.T, bin string, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	p := start(t, bin, env, args...)
	code = p.wait(t, 30*time.Second)
	return code, p.stdout.String(), p.stderr.String()
}

func TestCommandLine(t *testing.T) {
	bin := serveBinary(t)
	env := append(baseEnv(), "INNKEEP_DATA="+t.TempDir())
	noDisplayData := filepath.Join(t.TempDir(), "never-created")
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string // a regexp; "^$" for nothing
		wantStderr string // a regexp; "^$" for nothing
	}{
		{"help prints the usage on stdout", []string{"help"}, 0, `(?s)Usage:.*innkeep serve.*innkeep version`, `^$`},
		{"--help prints the usage on stdout", []string{"--help"}, 0, `(?s)Usage:.*innkeep serve`, `^$`},
		{"-h prints the usage on stdout", []string{"-h"}, 0, `Usage:`, `^$`},
		{"help serve prints the serve usage", []string{"help", "serve"}, 0, `Usage: innkeep serve \[--addr ADDR\] \[--data DIR\]`, `^$`},
		{"serve --help prints the serve usage", []string{"serve", "--help"}, 0, `Usage: innkeep serve`, `^$`},
		{"version prints version, commit and Go", []string{"version"}, 0, `^innkeep \S+ \(commit \S+, go1\.\d+\S*, \w+/\w+\)\n$`, `^$`},
		{"an unknown command is a usage error", []string{"bogus"}, 2, `^$`, `(?s)unknown command "bogus".*Usage:`},
		{"an unknown flag is a usage error", []string{"--bogus"}, 2, `^$`, `(?s)flag provided but not defined: -bogus.*Usage:`},
		{"an unknown serve flag is a usage error", []string{"serve", "--port", "80"}, 2, `^$`, `(?s)flag provided but not defined: -port.*Usage: innkeep serve`},
		{"a stray serve argument is a usage error", []string{"serve", "now"}, 2, `^$`, `unexpected argument "now"`},
		{"a flag value that is missing is a usage error", []string{"serve", "--addr"}, 2, `^$`, `flag needs an argument: -addr`},
		{"a stray version argument is a usage error", []string{"version", "--long"}, 2, `^$`, `flag provided but not defined: -long`},
		{"help of an unknown command is a usage error", []string{"help", "bogus"}, 2, `^$`, `unknown command "bogus"`},
		{"the window without a display fails with a hint", []string{"--data", noDisplayData}, 1, `^$`, "^innkeep: .*use `innkeep serve`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The window needs the binary's build tags; the rest runs in
			// this process.
			var code int
			var stdout, stderr string
			if tt.args[0] == "--data" {
				code, stdout, stderr = runCLI(t, bin, env, tt.args...)
			} else {
				code, stdout, stderr = runInput(t, "", tt.args...)
			}
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d", code, tt.wantCode)
			}
			if !regexp.MustCompile(tt.wantStdout).MatchString(stdout) {
				t.Errorf("stdout = %q, want match for %q", stdout, tt.wantStdout)
			}
			if !regexp.MustCompile(tt.wantStderr).MatchString(stderr) {
				t.Errorf("stderr = %q, want match for %q", stderr, tt.wantStderr)
			}
		})
	}
	if _, err := os.Stat(noDisplayData); err == nil {
		t.Errorf("the window without a display created its data folder")
	}
}

func TestVersionComesFromLinkerFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "innkeep-versioned")
	cmd := exec.Command("go", "build", "-o", out,
		"-ldflags", "-X innkeep/app.Version=9.8.7 -X innkeep/app.Commit=abc1234", ".")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	code, stdout, _ := runCLI(t, out, baseEnv(), "version")
	if code != 0 || !strings.HasPrefix(stdout, "innkeep 9.8.7 (commit abc1234, go") {
		t.Fatalf("version = %d %q, want innkeep 9.8.7 (commit abc1234, go…)", code, stdout)
	}
}

func TestDataFolderResolution(t *testing.T) {
	tmp := t.TempDir()
	dir := func(name string) string { return filepath.Join(tmp, name) }
	tests := []struct {
		name string
		args []string
		env  []string
		want string
	}{
		{"--data wins over INNKEEP_DATA", []string{"--data", dir("flag")}, []string{"INNKEEP_DATA=" + dir("env"), "XDG_CONFIG_HOME=" + dir("xdg")}, dir("flag")},
		{"INNKEEP_DATA wins over the user config folder", nil, []string{"INNKEEP_DATA=" + dir("env2"), "XDG_CONFIG_HOME=" + dir("xdg2")}, dir("env2")},
		{"the user config folder is the fallback", nil, []string{"XDG_CONFIG_HOME=" + dir("xdg3")}, filepath.Join(dir("xdg3"), "innkeep")},
		{"without XDG_CONFIG_HOME it is under HOME", nil, []string{"HOME=" + dir("home")}, filepath.Join(dir("home"), ".config", "innkeep")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := append(baseEnv(), tt.env...)
			s := startServe(t, env, tt.args...)
			if s.dataDir != tt.want {
				t.Errorf("serving from %q, want %q", s.dataDir, tt.want)
			}
			setUpOverHTTP(t, s.url, "Harbour Inn")
			h := getSystemHealth(t, s.url, signInOverHTTP(t, s.url, "alice", "correct horse battery"))
			if h.DataDir != tt.want || h.Mode != "serve" {
				t.Errorf("health data_dir %q mode %q, want %q serve", h.DataDir, h.Mode, tt.want)
			}
			st, err := os.Stat(tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != 0o700 {
				t.Errorf("data folder mode = %v, want 0700", st.Mode().Perm())
			}
			for _, f := range []string{"innkeep.db", "logs/innkeep.log"} {
				if _, err := os.Stat(filepath.Join(tt.want, f)); err != nil {
					t.Errorf("data folder lacks %s: %v", f, err)
				}
			}
			s.stop(t)
		})
	}
}
