package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/pulumicmd"
)

// newRootCmd builds the sce command tree around a.
func newRootCmd(a app) *cobra.Command {
	root := &cobra.Command{
		Use:   "sce",
		Short: "Secure Computing Environments for research projects on AWS",
		Long: "sce provisions and runs HIPAA-aligned Secure Computing Environments, one per research\n" +
			"project, with Pulumi. `" + pulumicmd.Run("up", "<stack>") + "` deploys a stack; sce covers the rest.",
		Args:          cobra.ArbitraryArgs,
		RunE:          runRoot,
		SilenceUsage:  true,
		SilenceErrors: true,

		SuggestionsMinimumDistance: 2,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err: err} })
	root.AddCommand(newPlanCmd(a))
	root.AddCommand(newCostCmd(a))
	root.AddCommand(newPolicyCmd(a), newReportCmd(a))
	root.AddCommand(newAccessCmd(a), newStacksCmd(a))
	root.AddCommand(lifecycleCommands(a)...)
	addVersion(root, a.buildInfo)
	onceFlags(root)
	return root
}

// runRoot prints the help, or refuses an unknown command, suggesting the
// nearest one, or else naming the commands there are.
func runRoot(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		return usagef("unknown command %q for %q; did you mean %s?", args[0], cmd.CommandPath(), strings.Join(s, " or "))
	}
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return usagef("unknown command %q for %q: use %s", args[0], cmd.CommandPath(), english.Or(names))
}

// exactArgs is cobra.ExactArgs whose error is a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return usagef("%v: usage: %s", err, cmd.UseLine())
		}
		return nil
	}
}
