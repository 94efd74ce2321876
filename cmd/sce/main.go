// Command sce is the command line of the Secure Computing Environment: it
// covers the parts of a research project's life that Pulumi alone does not.
// `sce plan <stack>` shows, offline, what `pulumi up` would create.
package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"time"

	_ "github.com/sce-dev/sce/internal/hugeheap/atstart"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/progress/quietterm"
	"github.com/sce-dev/sce/policies"
	"github.com/sce-dev/sce/stacks"
)

func main() {
	if err := quietterm.Restore(); err != nil {
		fmt.Fprintln(os.Stderr, "sce:", err)
		os.Exit(exitFailure)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, defaultApp())
	stop()
	os.Exit(code)
}

// app is what the commands need from outside: how a stack is built (run
// by the offline plan) and the config keys a stack file may set. Tests bring
// their own.
type app struct {
	// build builds a stack's resources and returns its outputs: stacks.Build,
	// the body of the Pulumi program, in production.
	build     plan.Program
	knownKeys []string
	// policyPack is the policy pack plan, policy and report evaluate; nil
	// leaves policies out (tests of other commands).
	policyPack fs.FS
	// policies compiles policyPack once per run of the command line.
	policies *packLoader
	// buildInfo reads the binary's build information (sce version); nil
	// reads the real one.
	buildInfo buildInfo
	// now is the clock of the commands that record when they ran (the
	// evidence report, sce stacks); nil is the system clock.
	now func() time.Time
	// neighbours compares a stack with the other stacks of its directory
	// before it is planned (stacks.CheckNeighbours); nil compares nothing
	// (tests whose stacks are not sce's).
	neighbours func(dir, stack string) (stacks.Findings, error)
}

// clock is a's clock: a.now, or the system clock.
func (a app) clock() func() time.Time {
	if a.now == nil {
		return time.Now
	}
	return a.now
}

// defaultApp builds the real stacks of stacks/.
func defaultApp() app {
	return app{build: stacks.Build, knownKeys: stacks.KnownConfigKeys(), policyPack: policies.FS(),
		neighbours: stacks.CheckNeighbours}
}

// run executes the command line args and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, a app) int {
	a.policies = newPackLoader(a.policyPack)
	root := newRootCmd(a)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	return exitCode(stderr, root.ExecuteContext(ctx))
}
