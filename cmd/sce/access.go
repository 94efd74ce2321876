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
		Short: "Print each researcher's ssh config, to include from ~/.ssh/config, with the data upload commands",
		Long: "access prints, per researcher, ssh config blocks that reach the bastion and every worker\n" +
			"through it with ProxyJump; how to upload data is in comments, so the whole output is a valid\n" +
			"ssh config: save it as ~/.ssh/sce-<pit>.conf and put Include ~/.ssh/sce-<pit>.conf at the top\n" +
			"of ~/.ssh/config (ssh takes the first value it finds). With --outputs it reads a deployed\n" +
			"stack's outputs (pulumi stack output --json); without, it uses the offline plan and says so.",
		Example: "  sce access hipaa\n" +
			"  pulumi stack output --json -s hipaa > outputs.json\n" +
			"  sce access hipaa --outputs outputs.json --researcher jdoe > ~/.ssh/sce-hipaa.conf",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAccess(cmd, a, args[0], opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.outputs, "outputs", "", "JSON file of the deployed stack's outputs (pulumi stack output --json)")
	f.StringVar(&opts.researcher, "researcher", "", "print only this researcher's section")
	f.StringVar(&opts.identity, "identity", "", "private key path to write as IdentityFile (default: the file ssh-keygen "+
		"writes for the researcher's key type in the stack file, e.g. ~/.ssh/id_ecdsa; "+access.FallbackIdentity+" without one)")
	f.StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files")
	return cmd
}

func runAccess(cmd *cobra.Command, a app, stack string, opts accessOptions) error {
	if err := checkAccessFlags(cmd, opts); err != nil {
		return err
	}
	in, err := stackOutputs(cmd, a, stack, opts)
	if err != nil {
		return err
	}
	p, err := access.FromOutputs(in.outputs, in.offline)
	if err != nil {
		return fmt.Errorf("access %s: %w", stack, err)
	}
	o := access.Options{Researcher: opts.researcher, Identity: opts.identity}
	if in.cfg != nil {
		o.Identities = identities(in.cfg.Researchers)
		o.Schedule = in.cfg.Schedule
	}
	err = access.Render(cmd.OutOrStdout(), p, o)
	if errors.Is(err, access.ErrUnknownResearcher) || errors.Is(err, access.ErrBadIdentity) {
		return usagef("%v", err)
	}
	return err
}

// identities are each researcher's default IdentityFile, from the type of
// their key in the stack file.
func identities(researchers []sce.Researcher) map[string]string {
	out := make(map[string]string, len(researchers))
	for _, r := range researchers {
		out[r.Username] = access.DefaultIdentity(r.PublicKey)
	}
	return out
}

// checkAccessFlags refuses an empty --identity given on purpose, which
// would print IdentityFile lines without a key, and an empty --researcher
// given on purpose, which would silently print every researcher.
func checkAccessFlags(cmd *cobra.Command, opts accessOptions) error {
	if cmd.Flags().Changed("identity") && strings.TrimSpace(opts.identity) == "" {
		return usagef("--identity is empty: give the path of the private key to write as IdentityFile, " +
			"or leave the flag out for the file ssh-keygen writes for the researcher's key type")
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

// accessInputs are what access reads about a stack.
type accessInputs struct {
	// outputs are the stack's outputs, deployed or planned.
	outputs map[string]any
	// offline is true when outputs come from the offline plan.
	offline bool
	// cfg is the stack's config, nil when --outputs is given and no stack
	// file is found.
	cfg *stacks.Config
}

// stackOutputs reads the deployed outputs file, or plans the stack offline.
func stackOutputs(cmd *cobra.Command, a app, stack string, opts accessOptions) (accessInputs, error) {
	if opts.outputs != "" {
		out, err := readOutputs(opts.outputs)
		if err != nil {
			return accessInputs{}, err
		}
		cfg, err := outputsOfStack(opts.stacksDir, stack, opts.outputs, out)
		return accessInputs{outputs: out, cfg: cfg}, err
	}
	p, cfg, _, err := planStackConfig(cmd, a, opts.stacksDir, stack)
	if err != nil {
		return accessInputs{}, err
	}
	if cfg.Baseline() {
		return accessInputs{}, baselineAccessError(stack)
	}
	return accessInputs{outputs: p.Outputs, offline: true, cfg: &cfg}, nil
}

// outputsOfStack refuses outputs whose PIT is not the stack's: its sce:pit
// from its stack file when there is one, else the stack name (the default
// PIT). Another project's outputs would print ssh config for the wrong
// hosts. A stack file of the account baseline is refused whatever the
// outputs; outputs without a PIT are left to access.FromOutputs to refuse.
// It returns the stack file's config, nil when none is found or read.
func outputsOfStack(stacksDir, stack, path string, out map[string]any) (*stacks.Config, error) {
	want, from := stack, "the stack name, as no stack file "+filepath.Join(stacksDir, "Pulumi."+stack+".yaml")+" was found"
	var found *stacks.Config
	if file, err := stackfile.Find(stacksDir, stack); err == nil {
		if cfg, _, err := stacks.ReadFile(file); err == nil {
			if cfg.Baseline() {
				return nil, baselineAccessError(stack)
			}
			want, from, found = cfg.PITOf(stack), file, &cfg
		}
	}
	got, ok := out[sce.OutputPIT].(string)
	if !ok || got == want {
		return found, nil
	}
	return nil, usagef("--outputs %s: holds the outputs of project %q (output %s), but stack %s is project %q (%s): "+
		"write this stack's outputs with `pulumi stack output --json -s %s > %s`, or name the stack those outputs belong to",
		path, got, sce.OutputPIT, stack, want, from, stack, path)
}
