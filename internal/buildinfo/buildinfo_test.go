package buildinfo

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

// fake is build information as the Go toolchain records it.
func fake(version string, settings ...string) Reader {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/sce-dev/sce", Version: version}}
	for i := 0; i+1 < len(settings); i += 2 {
		bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
	}
	return func() (*debug.BuildInfo, bool) { return bi, true }
}

const commit = "0123456789abcdef0123456789abcdef01234567"

func TestTextAndLine(t *testing.T) {
	tests := []struct {
		name       string
		read       Reader
		text, line string
	}{
		{"release from a clean checkout", fake("v1.4.0", "vcs", "git", "vcs.revision", commit,
			"vcs.time", "2026-11-30T09:15:00Z", "vcs.modified", "false"),
			"sce v1.4.0\n  module    github.com/sce-dev/sce\n  commit    " + commit + " (clean checkout)\n" +
				"  committed 2026-11-30T09:15:00Z\n  go        go1.26.8\n",
			"sce v1.4.0, commit " + commit + " (clean checkout)"},
		{"checkout with changes", fake("(devel)", "vcs.revision", commit, "vcs.time", "2026-11-30T09:15:00Z", "vcs.modified", "true"),
			"sce (devel)\n  module    github.com/sce-dev/sce\n  commit    " + commit + " with uncommitted changes\n" +
				"  committed 2026-11-30T09:15:00Z\n  go        go1.26.8\n",
			"sce (devel), commit " + commit + " with uncommitted changes"},
		{"no VCS stamp", fake("v1.4.0", "-buildmode", "exe"),
			"sce v1.4.0\n  module    github.com/sce-dev/sce\n" +
				"  commit    not recorded (run with go run, built outside a VCS checkout, or built with -buildvcs=false: " +
				"for evidence, build with go build -buildvcs=true in the checkout)\n  go        go1.26.8\n",
			"sce v1.4.0, commit not recorded (run with go run, built outside a VCS checkout, or built with -buildvcs=false: " +
				"for evidence, build with go build -buildvcs=true in the checkout)"},
		{"no module version", fake("", "vcs.revision", commit),
			"sce unknown\n  module    github.com/sce-dev/sce\n  commit    " + commit + "\n  go        go1.26.8\n",
			"sce unknown, commit " + commit},
		{"no build information", func() (*debug.BuildInfo, bool) { return nil, false },
			"sce: version unknown: the binary carries no build information (build it with module support)\n",
			"sce, version unknown (the binary carries no build information)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := Read(tt.read)
			assert.Equal(t, tt.text, info.Text())
			assert.Equal(t, tt.line, info.Line())
		})
	}
}

// TestReadsThisBinary: a nil reader reads the running binary's own build
// information.
func TestReadsThisBinary(t *testing.T) {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		t.Skip("this test binary carries no build information")
	}
	info := Read(nil)
	assert.True(t, info.Known)
	assert.Equal(t, bi.GoVersion, info.GoVersion)
}
