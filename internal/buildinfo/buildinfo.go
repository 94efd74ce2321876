// Package buildinfo reads what the Go toolchain recorded when sce was
// built (module version, VCS commit, whether the checkout had uncommitted
// changes), for `sce version` and for the provenance of every evidence
// bundle.
package buildinfo

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Reader reads a binary's build information; debug.ReadBuildInfo in
// production, fakes in tests.
type Reader func() (*debug.BuildInfo, bool)

// notRecorded says why a binary carries no commit.
const notRecorded = "not recorded (run with go run, built outside a VCS checkout, or built with -buildvcs=false: for evidence, build with go build -buildvcs=true in the checkout)"

// Info is the build information sce reports.
type Info struct {
	// Known is false when the binary carries no build information at all.
	Known bool
	// Version is the module version: "(devel)" for a build from a
	// checkout, "unknown" when none was recorded.
	Version string
	// Module is the main module's path.
	Module string
	// Commit is the VCS revision; empty when not recorded.
	Commit string
	// Modified is "true" when the checkout had uncommitted changes,
	// "false" when it was clean, "" when not recorded.
	Modified string
	// CommitTime is the commit's time as recorded; empty when not recorded.
	CommitTime string
	// GoVersion is the toolchain that built the binary.
	GoVersion string
}

// Read reads the build information with read; a nil read reads the running
// binary's own.
func Read(read Reader) Info {
	if read == nil {
		read = debug.ReadBuildInfo
	}
	bi, ok := read()
	if !ok || bi == nil {
		return Info{}
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	version := bi.Main.Version
	if version == "" {
		version = "unknown"
	}
	return Info{Known: true, Version: version, Module: bi.Main.Path, Commit: settings["vcs.revision"],
		Modified: settings["vcs.modified"], CommitTime: settings["vcs.time"], GoVersion: bi.GoVersion}
}

// CommitText is the commit with the state of its checkout, or says that no
// commit was recorded.
func (i Info) CommitText() string {
	if i.Commit == "" {
		return notRecorded
	}
	switch i.Modified {
	case "true":
		return i.Commit + " with uncommitted changes"
	case "false":
		return i.Commit + " (clean checkout)"
	}
	return i.Commit
}

// Text describes the build for people, as `sce version` prints it: module
// version, module, commit, commit time and Go version, saying plainly what
// was not recorded.
func (i Info) Text() string {
	if !i.Known {
		return "sce: version unknown: the binary carries no build information (build it with module support)\n"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "sce %s\n", i.Version)
	row := func(key, value string) { fmt.Fprintf(&b, "  %-9s %s\n", key, value) }
	if i.Module != "" {
		row("module", i.Module)
	}
	row("commit", i.CommitText())
	if i.Commit != "" && i.CommitTime != "" {
		row("committed", i.CommitTime)
	}
	row("go", i.GoVersion)
	return b.String()
}

// Line is the build on one line, for evidence: "sce v1.4.0, commit
// <sha> (clean checkout)".
func (i Info) Line() string {
	if !i.Known {
		return "sce, version unknown (the binary carries no build information)"
	}
	return fmt.Sprintf("sce %s, commit %s", i.Version, i.CommitText())
}
