package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"

	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"github.com/sce-dev/sce/internal/cost"
	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/internal/progress"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// fleetStack is one stack's line of sce plan --all.
type fleetStack struct {
	// Stack is the stack name (the file is <stacks>/Pulumi.<stack>.yaml).
	Stack string `json:"stack"`
	// OK is false when the stack failed: see Failure and Error.
	OK bool `json:"ok"`
	// Failure says how the stack failed: "config", "plan", "policy" (the
	// pack could not be evaluated) or "mandatory" (mandatory violations).
	Failure string `json:"failure,omitempty"`
	// Error is the failure's full message (config errors one per line, as
	// "file:line: key: message").
	Error string `json:"error,omitempty"`
	// Warnings are what comparing the stack with the other stacks of the
	// directory found worth a second look (sce plan prints the same).
	Warnings []string `json:"warnings,omitempty"`
	// Resources is the number of resources of the plan.
	Resources int `json:"resources"`
	// Mandatory and Advisory count the policy violations of the plan.
	Mandatory int `json:"mandatory"`
	Advisory  int `json:"advisory"`
	// Monthly is the estimate's total (without the shared per-region fee);
	// nil when the stack could not be planned.
	Monthly *cost.Total `json:"monthly,omitempty"`
}

// fleetSummary adds up the stacks of sce plan --all.
type fleetSummary struct {
	// Stacks is the number of stack files planned; Failed of them failed.
	Stacks int `json:"stacks"`
	Failed int `json:"failed"`
	// FailedStacks names the failed stacks, sorted.
	FailedStacks []string `json:"failedStacks"`
	// Resources, Mandatory and Advisory add up the stacks that could be planned.
	Resources int `json:"resources"`
	Mandatory int `json:"mandatory"`
	Advisory  int `json:"advisory"`
	// Monthly adds up the estimates of the stacks that could be planned.
	Monthly cost.Total `json:"monthly"`
}

// fleetReport is the result of sce plan --all, in stack name order.
type fleetReport struct {
	// Stacks has one entry per stack file, sorted by name.
	Stacks []fleetStack `json:"stacks"`
	// Summary adds them up.
	Summary fleetSummary `json:"summary"`
	// PolicyConfig is the policy config every stack was checked with.
	PolicyConfig fleetPolicyConfig `json:"policyConfig"`
}

// fleetPolicyConfig says which policy config sce plan --all applied, and
// what it turned off or moved, so that its counts are never read without it.
type fleetPolicyConfig struct {
	// File is the --policy-config file; "" for none (the pack's levels).
	File string `json:"file"`
	// Disabled are the rules the file disables, in pack order.
	Disabled []string `json:"disabled"`
	// Changed are the rules it moves from the level their names declare.
	Changed []string `json:"changed"`
}

// fleetFailure is the error sce plan --all returns when stacks failed.
func fleetFailure(r *fleetReport) error {
	if r.Summary.Failed == 0 {
		return nil
	}
	return fmt.Errorf("%d of %s failed: %s", r.Summary.Failed, english.Plural(r.Summary.Stacks, "stack"),
		strings.Join(r.Summary.FailedStacks, ", "))
}

// fleetPlanner plans the stacks of one directory with what every stack
// shares: the plans of the stacks others reference, the compiled policy
// pack, the policy config override and the price table.
type fleetPlanner struct {
	a     app
	fleet *stackfile.Fleet
	pack  *policy.Pack // nil: the app has no policy pack
	over  policy.Config
	table *cost.Table
	// checks are the stacks.CheckDir findings by stack; nil when the app
	// compares no neighbours.
	checks map[string]stacks.Findings
	// dir is the stacks directory.
	dir string
	// workers is how many stacks are planned at the same time: GOMAXPROCS.
	workers int
}

// newFleetPlanner loads what the stacks share, once.
func newFleetPlanner(ctx context.Context, a app, dir, configPath string) (*fleetPlanner, error) {
	fp := &fleetPlanner{a: a, fleet: stackfile.NewFleet(dir, a.build, a.knownKeys), dir: dir, workers: runtime.GOMAXPROCS(0)}
	var err error
	if a.neighbours != nil {
		if fp.checks, err = stacks.CheckDir(dir); err != nil {
			return nil, err
		}
	}
	if fp.table, err = cost.DefaultTable(); err != nil {
		return nil, fmt.Errorf("estimate the cost of the stacks: %w", err)
	}
	if a.policyPack == nil {
		return fp, nil
	}
	if fp.pack, err = a.policies.get(ctx); err != nil {
		return nil, err
	}
	if fp.over, err = loadPolicyConfig(ctx, a, "--policy-config", configPath); err != nil {
		return nil, err
	}
	return fp, nil
}

// planAll plans every stack of the directory, at most fp.workers at a
// time, drawing the progress on bar.
func (fp *fleetPlanner) planAll(ctx context.Context, names []string, bar *progress.Bar) *fleetReport {
	r := &fleetReport{Stacks: make([]fleetStack, len(names))}
	var done atomic.Int64
	var g errgroup.Group
	g.SetLimit(fp.workers)
	bar.Update(0, int64(len(names)), "")
	for i, name := range names {
		g.Go(func() error {
			r.Stacks[i] = fp.planOne(ctx, name)
			bar.Update(done.Add(1), int64(len(names)), name)
			return nil
		})
	}
	_ = g.Wait() // planOne reports its errors in its line
	bar.Done()
	r.sum()
	return r
}

// planOne plans, prices and checks one stack.
func (fp *fleetPlanner) planOne(ctx context.Context, name string) fleetStack {
	s := fleetStack{Stack: name}
	found := fp.checks[name]
	for _, w := range found.Warnings {
		s.Warnings = append(s.Warnings, w.Error())
	}
	if len(found.Errors) > 0 {
		return s.failed("config", found.Errors)
	}
	p, err := fp.fleet.Plan(ctx, name)
	if err != nil {
		return s.failed(planFailure(err), err)
	}
	s.Resources = len(p.Resources)
	est, cfg, err := fp.estimate(p)
	if err != nil {
		return s.failed("plan", err)
	}
	s.Monthly = &est.Total
	if fp.checks != nil { // sce's own stacks: the budget warning of sce plan
		for _, w := range budgetWarning(fp.dir, name, fp.a.knownKeys, cfg, est) {
			s.Warnings = append(s.Warnings, w.Error())
		}
	}
	if fp.pack == nil {
		s.OK = true
		return s
	}
	res, err := fp.pack.Check(ctx, p, fp.over)
	if err != nil {
		return s.failed("policy", err)
	}
	s.Mandatory, s.Advisory = res.Count(policy.Mandatory), res.Count(policy.Advisory)
	if err := mandatoryError(res); err != nil {
		return s.failed("mandatory", err)
	}
	s.OK = true
	return s
}

// policyConfig describes the policy config file (path, "" for none) the
// stacks were checked with.
func (fp *fleetPlanner) policyConfig(file string) fleetPolicyConfig {
	c := fleetPolicyConfig{File: file, Disabled: []string{}, Changed: []string{}}
	if fp.pack != nil {
		c.Disabled, c.Changed = fp.pack.Overrides(fp.over)
	}
	return c
}

// estimate prices p with the shared table; it returns the stack's config too.
func (fp *fleetPlanner) estimate(p *plan.Plan) (*cost.Estimate, stacks.Config, error) {
	cfg, err := stacks.DecodeConfig(p.Config)
	if err != nil {
		return nil, cfg, fmt.Errorf("stack %s: the planned config does not decode: %w", p.Stack, err)
	}
	est, err := cost.EstimatePlan(p, cfg, fp.table)
	return est, cfg, err
}

// planFailure classifies a planning error: a problem of the stack file
// ("config") or of the program ("plan").
func planFailure(err error) string {
	var (
		cerrs    stackfile.ConfigErrors
		notFound *stackfile.NotFoundError
	)
	if errors.As(err, &cerrs) || errors.As(err, &notFound) {
		return "config"
	}
	return "plan"
}

// failed marks s failed with kind and err.
func (s fleetStack) failed(kind string, err error) fleetStack {
	s.OK, s.Failure, s.Error = false, kind, err.Error()
	return s
}

// sum fills r.Summary from r.Stacks.
func (r *fleetReport) sum() {
	sum := &r.Summary
	sum.Stacks = len(r.Stacks)
	sum.FailedStacks = []string{}
	for _, s := range r.Stacks {
		if !s.OK {
			sum.Failed++
			sum.FailedStacks = append(sum.FailedStacks, s.Stack)
		}
		sum.Resources += s.Resources
		sum.Mandatory += s.Mandatory
		sum.Advisory += s.Advisory
		if s.Monthly == nil {
			continue
		}
		for _, c := range cost.AllColumns() {
			sum.Monthly.Monthly[c] += s.Monthly.Monthly[c]
			sum.Monthly.AtLeast[c] = sum.Monthly.AtLeast[c] || s.Monthly.AtLeast[c]
		}
	}
}

// runPlanAll is sce plan --all: every stack file of opts.stacksDir.
func runPlanAll(cmd *cobra.Command, a app, opts planOptions) error {
	if opts.format != "table" && opts.format != "json" {
		return usagef("unknown --format %q: use table or json", opts.format)
	}
	if opts.out != "" {
		return usagef("--out writes one stack's plan: it does not go with --all")
	}
	names, err := stackfile.List(opts.stacksDir)
	if err != nil {
		return err // a *stackfile.DirError: wrong input
	}
	if len(names) == 0 {
		return usagef("no stack files (Pulumi.<stack>.yaml) in %s: pass --stacks DIR", opts.stacksDir)
	}
	a.policies.start()
	defer lessGC(os.Getenv("GOGC"))()
	ctx := commandContext(cmd)
	fp, err := newFleetPlanner(ctx, a, opts.stacksDir, opts.policyConfig)
	if err != nil {
		return err
	}
	stderr := cmd.ErrOrStderr()
	bar := progress.New(stderr, "planning "+english.Plural(len(names), "stack"), progress.IsTerminal(stderr))
	r := fp.planAll(ctx, names, bar)
	r.PolicyConfig = fp.policyConfig(opts.policyConfig)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("plan --all: %w", err)
	}
	if opts.format == "json" {
		err = writeJSON(cmd.OutOrStdout(), r)
	} else {
		err = writeFleetTable(cmd.OutOrStdout(), r)
	}
	if err != nil {
		return err
	}
	writeFleetFailures(stderr, r)
	return fleetFailure(r)
}
