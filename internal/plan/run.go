package plan

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// ProjectName is the Pulumi project name of sce, which is also the
// namespace of its own config keys ("sce:pit").
const ProjectName = "sce"

// DefaultRegion stands in for aws:region when the config does not set it.
const DefaultRegion = "us-east-1"

// Program is a Pulumi program that returns its stack outputs instead of
// exporting them; the engine exports them and records them in the plan.
type Program func(ctx *pulumi.Context) (pulumi.Map, error)

// RunOptions are the inputs of one offline run.
type RunOptions struct {
	// Project is the Pulumi project name; empty means ProjectName.
	Project string
	// Stack is the Pulumi stack name (required).
	Stack string
	// Config is the stack config as Pulumi passes it to programs: keys such as
	// "aws:region" or "sce:pit", structured values JSON-encoded.
	Config map[string]string
	// Program is the program to run (required).
	Program Program
	// StackReferences resolves the StackReferences the program reads; nil
	// makes reading one an error. stackfile.Plan sets it.
	StackReferences StackResolver
}

// Run runs opts.Program under the Pulumi SDK's mocks and returns its plan.
// Nothing is read from the environment, so concurrent runs are independent.
// The program runs as under `pulumi up` (ctx.DryRun() is false): every apply
// runs, and an output the mocks do not compute resolves to the input of the
// same name, or to its zero value. When the program fails, Run returns no
// plan and an error that wraps the program's own error (errors.As finds it).
func Run(ctx context.Context, opts RunOptions) (*Plan, error) {
	if err := checkOptions(ctx, &opts); err != nil {
		return nil, err
	}
	region := opts.Config["aws:region"]
	if region == "" {
		region = DefaultRegion
	}
	mon := newMonitor(opts.Project, opts.Stack, region)
	mon.resolve = opts.StackReferences
	r := &runner{program: opts.Program}
	runErr := onOwnStack(func() error {
		return pulumi.RunErr(r.body, isolated(opts.Config), pulumi.WithMocks(opts.Project, opts.Stack, mon))
	})
	if refErr := mon.referenceError(); refErr != nil {
		// The program only sees the SDK's rendering of this error.
		refErr.ProgramErr = r.programErr
		return nil, fmt.Errorf("stack %s: %w", opts.Stack, refErr)
	}
	if r.programErr != nil {
		return nil, fmt.Errorf("stack %s: %w", opts.Stack, r.programErr)
	}
	if runErr != nil {
		return nil, fmt.Errorf("stack %s: %w", opts.Stack, runErr)
	}
	outputs, err := mon.stackOutputs(r.keys)
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", opts.Stack, err)
	}
	return &Plan{
		Version: Version, Project: opts.Project, Stack: opts.Stack, Offline: true,
		Config:    maps.Clone(nonNilMap(opts.Config)),
		Resources: mon.sortedResources(),
		Outputs:   outputs,
	}, nil
}

// onOwnStack runs f on a goroutine of its own and returns its result. The
// SDK records the program's whole Go call stack with every resource it
// registers or reads, at a cost that grows with the stack's depth; on a
// fresh goroutine the frames of Run's callers (the command line, the
// fleet, the plan of a referencing stack) are not part of it. A panic of
// f is raised again in the caller, and runtime.Goexit in f (a test's
// FailNow in a program) exits the caller's goroutine too.
func onOwnStack(f func() error) error {
	type result struct {
		err      error
		panicked bool
		value    any
		exited   bool
	}
	done := make(chan result, 1)
	go func() {
		completed := false
		defer func() {
			if completed {
				return
			}
			if p := recover(); p != nil {
				done <- result{panicked: true, value: p}
				return
			}
			done <- result{exited: true}
		}()
		err := f()
		completed = true
		done <- result{err: err}
	}()
	r := <-done
	switch {
	case r.panicked:
		panic(r.value)
	case r.exited:
		runtime.Goexit()
	}
	return r.err
}

func checkOptions(ctx context.Context, opts *RunOptions) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("offline plan: %w", err)
	}
	if opts.Project == "" {
		opts.Project = ProjectName
	}
	switch {
	case opts.Stack == "":
		return errors.New("offline plan: no stack name")
	case opts.Program == nil:
		return errors.New("offline plan: no program")
	}
	return nil
}

// isolated replaces everything pulumi.RunErr read from PULUMI_* environment
// variables, so a run depends on its options only. It must come before
// pulumi.WithMocks, which then sets the project, stack and mocks.
func isolated(config map[string]string) pulumi.RunOption {
	return func(info *pulumi.RunInfo) {
		*info = pulumi.RunInfo{Config: maps.Clone(config), DryRun: false}
	}
}

// runner wraps a Program into a pulumi.RunFunc.
type runner struct {
	program    Program
	programErr error    // the program's own error, or its panic
	keys       []string // the output names the program returned
}

// body runs the program, exports its outputs and registers the hidden
// resource through which the monitor sees them resolved (see stackOutputs).
func (r *runner) body(ctx *pulumi.Context) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("program panicked: %v", p)
		}
		r.programErr = err
	}()
	outs, err := r.program(ctx)
	if err != nil {
		return err
	}
	r.keys = slices.Sorted(maps.Keys(outs))
	for _, k := range r.keys {
		ctx.Export(k, outs[k])
	}
	var capture pulumi.CustomResourceState
	if err := ctx.RegisterResource(outputsType, outputsName, pulumi.Map(outs), &capture); err != nil {
		return fmt.Errorf("capture stack outputs: %w", err)
	}
	return nil
}
