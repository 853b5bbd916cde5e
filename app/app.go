package app

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Version and Commit describe the build. Release builds set them with
//
//	go build -ldflags "-X innkeep/app.Version=0.1.0 -X innkeep/app.Commit=$(git rev-parse --short HEAD)"
//
// They are variables only so that the linker can set them; nothing assigns
// them at run time.
var (
	Version = "dev"
	Commit  = ""
)

// Build describes the running binary.
type Build struct {
	Version   string // app.Version
	Commit    string // app.Commit, else the VCS revision that Go recorded, else "unknown"
	GoVersion string // the Go toolchain that built the binary
	Platform  string // GOOS/GOARCH
}

// BuildInfo returns the description of the running binary.
func BuildInfo() Build {
	b := Build{
		Version:   Version,
		Commit:    Commit,
		GoVersion: runtime.Version(),
		Platform:  runtime.GOOS + "/" + runtime.GOARCH,
	}
	if b.Commit == "" {
		if info, ok := debug.ReadBuildInfo(); ok {
			for _, s := range info.Settings {
				if s.Key == "vcs.revision" && s.Value != "" {
					b.Commit = s.Value
				}
			}
		}
	}
	if b.Commit == "" {
		b.Commit = "unknown"
	}
	return b
}

// String returns the one-line form that `innkeep version` prints, e.g.
// "innkeep 0.1.0 (commit 1a2b3c4, go1.26.8, linux/amd64)".
func (b Build) String() string {
	return fmt.Sprintf("innkeep %s (commit %s, %s, %s)", b.Version, b.Commit, b.GoVersion, b.Platform)
}
