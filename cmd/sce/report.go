package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/sce-dev/sce/internal/report"
)

// reportOptions are the flags of sce report.
type reportOptions struct {
	out          string
	stacksDir    string
	policyConfig string
	only         []string
	reproducible bool
}

func newReportCmd(a app) *cobra.Command {
	var opts reportOptions
	cmd := &cobra.Command{
		Use:   "report <stack> --out DIR",
		Short: "Write the evidence bundle of a stack: control matrix, inventory, plan, diagram, provenance",
		Long: "report plans the stack offline, evaluates the policy pack and writes into DIR:\n" +
			"  controls.md       HIPAA section -> control -> rule -> pass/fail -> resources\n" +
			"  inventory.csv     every resource with its type, tags, encryption and network placement\n" +
			"  plan.json         the offline plan (schema v1)\n" +
			"  architecture.svg  the architecture drawn from the plan\n" +
			"  provenance.json   the stack file and its baseline stack's file (path and SHA-256), the study\n" +
			"                    (title, PI, IRB protocol, data class, end date), when and by which sce\n" +
			"                    version and commit the bundle was made, the SHA-256 of the policy config\n" +
			"The control matrix records the same provenance, and counts the rules the policy config disabled\n" +
			"or moved off their declared level. --reproducible leaves the time and the build out (for the copy\n" +
			"committed to the repository: its history dates it); the digests stay. The bundle is written even\n" +
			"when rules fail; the command then exits with 1.",
		Example: "  sce report hipaa --out evidence/hipaa\n" +
			"  sce report hipaa --out evidence/hipaa --policy-config site-policy.json\n" +
			"  " + docsReportCommand,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd, a, args[0], opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.out, "out", "o", "", "directory to write the bundle into (required)")
	f.StringVar(&opts.stacksDir, "stacks", "stacks", "directory of the Pulumi.<stack>.yaml files")
	f.StringVar(&opts.policyConfig, "policy-config", "", policyConfigUsage)
	f.StringSliceVar(&opts.only, "only", nil, "write only these files of the bundle (comma-separated)")
	f.BoolVar(&opts.reproducible, "reproducible", false, "leave out the generation time and the sce build (for committed copies)")
	return cmd
}

// docsReportCommand writes the evidence committed in docs/.
const docsReportCommand = "sce report hipaa --out docs --only controls.md,architecture.svg --reproducible"

func runReport(cmd *cobra.Command, a app, stack string, opts reportOptions) error {
	if opts.out == "" {
		return usagef("--out DIR is required: where to write the bundle")
	}
	if err := checkOnly(opts.only, cmd.Flags().Changed("only")); err != nil {
		return err
	}
	if a.policyPack == nil {
		return fmt.Errorf("no policy pack")
	}
	a.policies.start()
	ctx := commandContext(cmd)
	cfgFile, err := policyConfigFile("--policy-config", opts.policyConfig)
	if err != nil {
		return err
	}
	over, err := loadPolicyConfig(ctx, a, "--policy-config", opts.policyConfig)
	if err != nil {
		return err
	}
	p, cfg, sources, err := planStackConfig(cmd, a, opts.stacksDir, stack)
	if err != nil {
		return err
	}
	res, err := evaluatePolicies(ctx, a, p, over)
	if err != nil {
		return err
	}
	if err := cfgFile.unchanged("the report was made"); err != nil {
		return err
	}
	pack, err := a.policies.get(ctx)
	if err != nil {
		return err
	}
	bundle := report.Bundle{Plan: p, Config: cfg, Result: res, PackRules: pack.Rules,
		Provenance: newProvenance(a, opts.reproducible, cfgFile)}
	bundle.Provenance.StackFiles = stackFiles(sources)
	written, err := report.Write(opts.out, bundle, opts.only)
	if err != nil {
		return &usageError{err: err}
	}
	for _, path := range written {
		fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", path)
	}
	if err := res.WriteSummary(cmd.OutOrStdout()); err != nil {
		return err
	}
	levels, err := report.RuleLevels(bundle)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprint(cmd.OutOrStdout(), levels); err != nil {
		return err
	}
	return mandatoryError(res)
}

// checkOnly refuses, before anything is planned, an --only that names no
// file, a file the bundle does not have, or a file twice; given is whether --only was on
// the command line (an empty --only is not "all of them").
func checkOnly(only []string, given bool) error {
	names := strings.Join(report.Files(), ", ")
	if given && len(only) == 0 {
		return usagef("--only is empty: name the files to write, from %s (leave --only out for all of them)", names)
	}
	for i, name := range only {
		if name == "" {
			return usagef("--only %s: holds an empty name: name the files to write, from %s", strings.Join(only, ","), names)
		}
		if slices.Contains(only[:i], name) {
			return usagef("--only %s: names %s twice: name each file once", strings.Join(only, ","), name)
		}
		if !slices.Contains(report.Files(), name) {
			return usagef("--only %s: %q is not a file of the bundle: choose from %s", strings.Join(only, ","), name, names)
		}
	}
	return nil
}
