package main

import (
	"bytes"
	"context"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

// fakeBuild is build information as the Go toolchain records it.
func fakeBuild(version string, settings ...string) buildInfo {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/sce-dev/sce", Version: version}}
	for i := 0; i+1 < len(settings); i += 2 {
		bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
	}
	return func() (*debug.BuildInfo, bool) { return bi, true }
}

func TestVersionText(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name string
		read buildInfo
		want string
	}{
		{"release from a clean checkout", fakeBuild("v1.4.0", "vcs", "git", "vcs.revision", commit,
			"vcs.time", "2026-11-30T09:15:00Z", "vcs.modified", "false"),
			"sce v1.4.0\n  module    github.com/sce-dev/sce\n  commit    " + commit + " (clean checkout)\n" +
				"  committed 2026-11-30T09:15:00Z\n  go        go1.26.8\n"},
		{"checkout with changes", fakeBuild("(devel)", "vcs.revision", commit, "vcs.time", "2026-11-30T09:15:00Z", "vcs.modified", "true"),
			"sce (devel)\n  module    github.com/sce-dev/sce\n  commit    " + commit + " with uncommitted changes\n" +
				"  committed 2026-11-30T09:15:00Z\n  go        go1.26.8\n"},
		{"no VCS stamp", fakeBuild("v1.4.0", "-buildmode", "exe"),
			"sce v1.4.0\n  module    github.com/sce-dev/sce\n" +
				"  commit    not recorded (run with go run, built outside a VCS checkout, or built with -buildvcs=false: " +
				"for evidence, build with go build -buildvcs=true in the checkout)\n  go        go1.26.8\n"},
		{"no module version", fakeBuild("", "vcs.revision", commit),
			"sce unknown\n  module    github.com/sce-dev/sce\n  commit    " + commit + "\n  go        go1.26.8\n"},
		{"no build information", func() (*debug.BuildInfo, bool) { return nil, false },
			"sce: version unknown: the binary carries no build information (build it with module support)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, versionText(tt.read))
		})
	}
}

func TestVersionCommandAndFlag(t *testing.T) {
	a := testApp()
	a.buildInfo = fakeBuild("v1.4.0", "vcs.revision", "abc123", "vcs.modified", "false")
	want := "sce v1.4.0\n  module    github.com/sce-dev/sce\n  commit    abc123 (clean checkout)\n  go        go1.26.8\n"
	for _, args := range [][]string{{"version"}, {"--version"}} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, &stdout, &stderr, a)
		assert.Equal(t, exitOK, code, args)
		assert.Equal(t, want, stdout.String(), args)
		assert.Empty(t, stderr.String(), args)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"version", "now"}, "sce: accepts 0 arg(s), received 1: usage: sce version [flags]\n"},
		{[]string{"--version", "now"}, "sce: --version takes no arguments\n"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tt.args, &stdout, &stderr, a)
		assert.Equal(t, exitUsage, code, tt.args)
		assert.Empty(t, stdout.String(), tt.args)
		assert.Equal(t, tt.want, stderr.String(), tt.args)
	}
}

// TestVersionOfThisBinary: the real build information is read (a test
// binary carries the module path; its version is "(devel)" or empty).
func TestVersionOfThisBinary(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("this test binary carries no build information")
	}
	stdout, _, code := execute(t, "version")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "  go        "+bi.GoVersion+"\n")
}
