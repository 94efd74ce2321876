package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/buildinfo"
)

// buildInfo reads the build information the Go toolchain embeds in the
// binary; tests bring their own.
type buildInfo = buildinfo.Reader

// addVersion gives root the version command and the --version flag; a nil
// read reads the binary's own build information.
func addVersion(root *cobra.Command, read buildInfo) {
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
func versionText(read buildInfo) string { return buildinfo.Read(read).Text() }
