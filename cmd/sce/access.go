package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/access"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// accessOptions are the flags of sce access.
type accessOptions struct {
	outputs    string
	researcher string
	identity   string
	stacksDir  string
}

func newAccessCmd(a app) *cobra.Command {
	var opts accessOptions
	cmd := &cobra.Command{
		Use:   "access <stack>",
		Short: "Print each researcher's ssh config, to append to ~/.ssh/config, with the data upload commands",
		Long: "access prints, per researcher, ssh config blocks that reach the bastion and every worker\n" +
			"through it with ProxyJump; how to upload data is in comments, so the whole output is a valid\n" +
			"ssh config to append to ~/.ssh/config. With --outputs it reads a deployed stack's outputs\n" +
			"(pulumi stack output --json); without, it uses the offline plan and says so.",
		Example: "  sce access hipaa\n" +
			"  pulumi stack output --json -s hipaa > outputs.json\n" +
			"  sce access hipaa --outputs outputs.json --researcher jdoe >> ~/.ssh/config",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAccess(cmd, a, args[0], opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.outputs, "outputs", "", "JSON file of the deployed stack's outputs (pulumi stack output --json)")
	f.StringVar(&opts.researcher, "researcher", "", "print only this researcher's section")
	f.StringVar(&opts.identity, "identity", "~/.ssh/id_ed25519", "private key path to write as IdentityFile")
	f.StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files")
	return cmd
}

func runAccess(cmd *cobra.Command, a app, stack string, opts accessOptions) error {
	if err := checkAccessFlags(cmd, opts); err != nil {
		return err
	}
	out, offline, err := stackOutputs(cmd, a, stack, opts)
	if err != nil {
		return err
	}
	p, err := access.FromOutputs(out, offline)
	if err != nil {
		return fmt.Errorf("access %s: %w", stack, err)
	}
	err = access.Render(cmd.OutOrStdout(), p, access.Options{Researcher: opts.researcher, Identity: opts.identity})
	if errors.Is(err, access.ErrUnknownResearcher) || errors.Is(err, access.ErrBadIdentity) {
		return usagef("%v", err)
	}
	return err
}

// checkAccessFlags refuses an empty --identity, which would print
// IdentityFile lines without a key, and an empty --researcher given on
// purpose, which would silently print every researcher.
func checkAccessFlags(cmd *cobra.Command, opts accessOptions) error {
	if strings.TrimSpace(opts.identity) == "" {
		return usagef("--identity is empty: give the path of the private key to write as IdentityFile, "+
			"or leave the flag out for %s", cmd.Flags().Lookup("identity").DefValue)
	}
	if cmd.Flags().Changed("researcher") && strings.TrimSpace(opts.researcher) == "" {
		return usagef("--researcher is empty: name one researcher of the project, or leave the flag out for all of them")
	}
	return nil
}

// baselineAccessError refuses the account baseline stack: it has no
// bastion and no researchers to print ssh config for.
func baselineAccessError(stack string) error {
	return usagef("stack %s is the account baseline (sce:kind: baseline): it has no bastion and no researchers; "+
		"access prints the ssh config of a research project's stack", stack)
}

// stackOutputs reads the deployed outputs file, or plans the stack offline.
func stackOutputs(cmd *cobra.Command, a app, stack string, opts accessOptions) (map[string]any, bool, error) {
	if opts.outputs != "" {
		out, err := readOutputs(opts.outputs)
		if err != nil {
			return nil, false, err
		}
		return out, false, outputsOfStack(opts.stacksDir, stack, opts.outputs, out)
	}
	p, cfg, err := planStackConfig(cmd, a, opts.stacksDir, stack)
	if err != nil {
		return nil, false, err
	}
	if cfg.Baseline() {
		return nil, false, baselineAccessError(stack)
	}
	return p.Outputs, true, nil
}

// outputsOfStack refuses outputs whose PIT is not the stack's: its sce:pit
// from its stack file when there is one, else the stack name (the default
// PIT). Another project's outputs would print ssh config for the wrong
// hosts. A stack file of the account baseline is refused whatever the
// outputs; outputs without a PIT are left to access.FromOutputs to refuse.
func outputsOfStack(stacksDir, stack, path string, out map[string]any) error {
	want, from := stack, "the stack name, as no stack file "+filepath.Join(stacksDir, "Pulumi."+stack+".yaml")+" was found"
	if file, err := stackfile.Find(stacksDir, stack); err == nil {
		if cfg, _, err := stacks.ReadFile(file); err == nil {
			if cfg.Baseline() {
				return baselineAccessError(stack)
			}
			want, from = cfg.PITOf(stack), file
		}
	}
	got, ok := out[sce.OutputPIT].(string)
	if !ok || got == want {
		return nil
	}
	return usagef("--outputs %s: holds the outputs of project %q (output %s), but stack %s is project %q (%s): "+
		"write this stack's outputs with `pulumi stack output --json -s %s > %s`, or name the stack those outputs belong to",
		path, got, sce.OutputPIT, stack, want, from, stack, path)
}
