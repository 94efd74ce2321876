package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/internal/pulumicmd"
	"github.com/sce-dev/sce/internal/report"
)

// violationsError says a plan has mandatory policy violations; it exits with exitFailure.
type violationsError struct {
	stack string
	n     int
}

func (e *violationsError) Error() string {
	return fmt.Sprintf("stack %s has %s: fix %s (see docs/policy-pack.md)", e.stack,
		english.Plural(e.n, "mandatory policy violation"), english.Agree(e.n, "it", "them"))
}

// mandatoryError is a violationsError when res has mandatory violations, else nil.
func mandatoryError(res *policy.Result) error {
	if n := res.Count(policy.Mandatory); n > 0 {
		return &violationsError{stack: res.Stack, n: n}
	}
	return nil
}

// policyConfigUsage documents every --policy-config flag.
const policyConfigUsage = "policy pack config file (format of pulumi --policy-pack-config)"

// commandContext is the command's context, or the background context when
// the command runs outside Execute (tests).
func commandContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// packLoader compiles a policy pack once per run of the command line, in
// the background from the moment a command that evaluates it starts, so
// that compiling overlaps with planning the stack; commands that never
// evaluate policies never compile the pack.
type packLoader struct {
	fsys fs.FS
	once sync.Once
	done chan struct{}
	pack *policy.Pack
	err  error
}

func newPackLoader(fsys fs.FS) *packLoader {
	return &packLoader{fsys: fsys, done: make(chan struct{})}
}

// start begins compiling the pack, once.
func (l *packLoader) start() {
	l.once.Do(func() {
		if l.fsys == nil {
			l.err = errors.New("no policy pack")
			close(l.done)
			return
		}
		go func() {
			defer close(l.done)
			l.pack, l.err = policy.Load(l.fsys)
		}()
	})
}

// get returns the compiled pack, waiting for it (or ctx).
func (l *packLoader) get(ctx context.Context) (*policy.Pack, error) {
	l.start()
	select {
	case <-l.done:
		return l.pack, l.err
	case <-ctx.Done():
		return nil, fmt.Errorf("load the policy pack: %w", ctx.Err())
	}
}

// loadPolicyConfig loads and checks the policy config file at path, given
// with flag, against a's policy pack, before anything is planned: a config
// with an error is wrong input, reported before any output. An empty path
// is no file (the configuration sce derives from the plan).
func loadPolicyConfig(ctx context.Context, a app, flag, path string) (policy.Config, error) {
	if path == "" || a.policyPack == nil {
		return nil, nil
	}
	pack, err := a.policies.get(ctx)
	if err != nil {
		return nil, err
	}
	over, err := pack.LoadConfig(path)
	var unreadable *fs.PathError
	switch {
	case errors.As(err, &unreadable):
		return nil, usagef("%s: %v", flag, unreadable)
	case err != nil:
		return nil, &usageError{err: err}
	}
	return over, nil
}

// evaluatePolicies evaluates a's policy pack on p with the configuration sce
// derives from p and over, the loaded policy config file (nil for none).
func evaluatePolicies(ctx context.Context, a app, p *plan.Plan, over policy.Config) (*policy.Result, error) {
	pack, err := a.policies.get(ctx)
	if err != nil {
		return nil, err
	}
	return pack.Check(ctx, p, over)
}

// checkPlan evaluates the policy pack on the plan sce plan printed and writes
// the summary: on stdout after a table, else on stderr so that JSON output
// stays clean. Mandatory violations fail the command.
func checkPlan(cmd *cobra.Command, a app, p *plan.Plan, over policy.Config, toStdout bool) error {
	if a.policyPack == nil {
		return nil
	}
	res, err := evaluatePolicies(commandContext(cmd), a, p, over)
	if err != nil {
		return err
	}
	w := cmd.ErrOrStderr()
	if toStdout {
		w = cmd.OutOrStdout()
		fmt.Fprintln(w)
	}
	if err := res.WriteSummary(w); err != nil {
		return err
	}
	return mandatoryError(res)
}

func newPolicyCmd(a app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Check plans against the HIPAA policy pack (policies/)",
		Long: "policy evaluates the OPA policy pack in policies/ offline, with the input shape of Pulumi's\n" +
			"OPA analyzer: the same rules `pulumi preview --policy-pack policies` enforces.",
		Args:                       cobra.ArbitraryArgs,
		RunE:                       runRoot,
		SuggestionsMinimumDistance: 2,
	}
	cmd.AddCommand(newPolicyCheckCmd(a), newPolicyConfigCmd(a))
	return cmd
}

// policyCheckOptions are the flags of sce policy check.
type policyCheckOptions struct {
	config string
	format string
}

func newPolicyCheckCmd(a app) *cobra.Command {
	var opts policyCheckOptions
	cmd := &cobra.Command{
		Use:   "check <plan.json>",
		Short: "Evaluate the policy pack on a saved plan (schema v1)",
		Long: "check evaluates the policy pack on a plan written by `sce plan <stack> --format json --out FILE`,\n" +
			"so a plan from anywhere can be checked. It exits with 1 on any mandatory violation.\n" +
			"The output records how the check was made: the table ends with when and by which sce build;\n" +
			"the JSON adds the time, the build (version and commit), the plan file's SHA-256, the policy\n" +
			"config file's SHA-256 (or that there was none) with the configuration evaluated, and each\n" +
			"rule's declared level beside its effective one.",
		Example: "  sce plan hipaa -f json -o hipaa.json && sce policy check hipaa.json\n" +
			"  sce policy check hipaa.json --config policy-config.json --format json",
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPolicyCheck(cmd, a, args[0], opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.config, "config", "", policyConfigUsage)
	f.StringVarP(&opts.format, "format", "f", "table", "output format: table or json")
	return cmd
}

func runPolicyCheck(cmd *cobra.Command, a app, path string, opts policyCheckOptions) error {
	if opts.format != "table" && opts.format != "json" {
		return usagef("unknown --format %q: use table or json", opts.format)
	}
	a.policies.start()
	// The plan is read once: the digest the output records is that of
	// the bytes checked.
	data, err := os.ReadFile(path)
	if err != nil {
		return &usageError{err: fmt.Errorf("read plan: %w", err)}
	}
	p, err := plan.Decode(path, data)
	if err != nil {
		return &usageError{err: err}
	}
	if len(p.Resources) == 0 {
		return usagef("plan %s has no resources, so there is nothing to check: write the plan of a stack with "+
			"`sce plan <stack> --format json --out FILE`", path)
	}
	ctx := commandContext(cmd)
	cfgFile, err := policyConfigFile("--config", opts.config)
	if err != nil {
		return err
	}
	over, err := loadPolicyConfig(ctx, a, "--config", opts.config)
	if err != nil {
		return err
	}
	res, err := evaluatePolicies(ctx, a, p, over)
	if err != nil {
		return err
	}
	if err := cfgFile.unchanged("the plan was checked"); err != nil {
		return err
	}
	prov := newProvenance(a, false, cfgFile)
	if opts.format == "json" {
		err = writePolicyCheckJSON(cmd, a, res, prov, report.File{Path: path, SHA256: digest(data)}, p, over)
	} else {
		err = res.WriteSummary(cmd.OutOrStdout())
		if err == nil {
			err = writeCheckedLine(cmd.OutOrStdout(), prov)
		}
	}
	if err != nil {
		return err
	}
	return mandatoryError(res)
}

// writePolicyCheckJSON writes the result of checking p, read from planFile,
// with its provenance and the configuration evaluated (the pack's
// configuration of p with over).
func writePolicyCheckJSON(cmd *cobra.Command, a app, res *policy.Result, prov report.Provenance, planFile report.File,
	p *plan.Plan, over policy.Config) error {
	pack, err := a.policies.get(commandContext(cmd))
	if err != nil {
		return err
	}
	effective, err := pack.Config(p, over)
	if err != nil {
		return err
	}
	return writeJSON(cmd.OutOrStdout(), newPolicyCheckDoc(res, prov, planFile, effective))
}

// policyConfigOptions are the flags of sce policy config.
type policyConfigOptions struct {
	stacksDir string
	out       string
}

func newPolicyConfigCmd(a app) *cobra.Command {
	var opts policyConfigOptions
	cmd := &cobra.Command{
		Use:   "config <stack>",
		Short: "Print the policy pack config sce uses for a stack, for pulumi --policy-pack-config",
		Long: "config prints the configuration sce evaluates a stack's plan with: the defaults of\n" +
			"policies/schema/config-schema.json and the bastion's SSH sources from sce:allowedSshCidrs. Give it\n" +
			"to Pulumi so that a real preview judges the stack exactly as `sce plan` does.",
		Example: "  " + pulumicmd.PolicyConfig("sce", "hipaa") + "\n  " + pulumicmd.Run("preview", "hipaa"),
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPolicyConfig(cmd, a, args[0], opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files")
	f.StringVarP(&opts.out, "out", "o", "", "write the config to this file instead of stdout")
	return cmd
}

func runPolicyConfig(cmd *cobra.Command, a app, stack string, opts policyConfigOptions) error {
	if err := checkOutFile(opts.out, pulumicmd.ConfigFile(stack)); err != nil {
		return err
	}
	a.policies.start()
	p, err := planStack(cmd, a, opts.stacksDir, stack)
	if err != nil {
		return err
	}
	pack, err := a.policies.get(commandContext(cmd))
	if err != nil {
		return err
	}
	cfg, err := pack.Config(p, nil)
	if err != nil {
		return err
	}
	if err := pack.CheckConfig(cfg); err != nil {
		return fmt.Errorf("policy config of stack %s: %w", stack, err)
	}
	if opts.out == "" {
		return writeJSON(cmd.OutOrStdout(), cfg)
	}
	f, err := os.Create(opts.out)
	if err != nil {
		return fmt.Errorf("write policy config: %w", err)
	}
	if err := writeJSON(f, cfg); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeJSON writes v as indented JSON with a trailing newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	return nil
}
