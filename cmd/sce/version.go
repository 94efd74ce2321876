package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// buildInfo reads the build information the Go toolchain embeds in the
// binary; tests bring their own.
type buildInfo func() (*debug.BuildInfo, bool)

// addVersion gives root the version command and the --version flag; a nil
// read reads the binary's own build information.
func addVersion(root *cobra.Command, read buildInfo) {
	if read == nil {
		read = debug.ReadBuildInfo
	}
	var flag bool
	root.Flags().BoolVar(&flag, "version", false, "print the version, as sce version does")
	run := root.RunE
	root.RunE = func(cmd *cobra.Command, args []string) error {
		if !flag {
			return run(cmd, args)
		}
		if len(args) > 0 {
			return usagef("--version takes no arguments")
		}
		_, err := fmt.Fprint(cmd.OutOrStdout(), versionText(read))
		return err
	}
	root.AddCommand(newVersionCmd(read))
}

func newVersionCmd(read buildInfo) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print sce's module version and the commit it was built from",
		Long: "version prints what the Go toolchain recorded when sce was built: the module version\n" +
			"(\"(devel)\" for a build from a checkout), the VCS commit, its time, and whether the checkout\n" +
			"had uncommitted changes. `sce --version` prints the same.",
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), versionText(read))
			return err
		},
	}
}

// versionText describes the build: module version, commit, commit time,
// uncommitted changes and Go version, saying plainly what was not recorded.
func versionText(read buildInfo) string {
	bi, ok := read()
	if !ok || bi == nil {
		return "sce: version unknown: the binary carries no build information (build it with module support)\n"
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	version := bi.Main.Version
	if version == "" {
		version = "unknown"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "sce %s\n", version)
	row := func(key, value string) { fmt.Fprintf(&b, "  %-9s %s\n", key, value) }
	if bi.Main.Path != "" {
		row("module", bi.Main.Path)
	}
	commit, ok := settings["vcs.revision"]
	if !ok {
		row("commit", "not recorded (built outside a VCS checkout, or with -buildvcs=false)")
	} else {
		switch settings["vcs.modified"] {
		case "true":
			commit += " with uncommitted changes"
		case "false":
			commit += " (clean checkout)"
		}
		row("commit", commit)
		if t, ok := settings["vcs.time"]; ok {
			row("committed", t)
		}
	}
	row("go", bi.GoVersion)
	return b.String()
}
