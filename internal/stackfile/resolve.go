package stackfile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sce-dev/sce/internal/plan"
)

// Resolver resolves a stack reference from the offline plan of the
// referenced stack's file in dir (its last name part is the stack), run with
// the same program and known keys: what `sce plan` does for a project's
// sce:baselineStack.
func Resolver(ctx context.Context, dir string, program plan.Program, known []string) plan.StackResolver {
	return resolver(ctx, dir, program, known, nil, nil)
}

// resolver is Resolver for the stacks of chain, the stacks being planned
// that led here, so that a reference cycle is an error, not a hang. Within
// run (a Fleet's), a stack already planned or being planned is not planned
// again.
func resolver(ctx context.Context, dir string, program plan.Program, known, chain []string, run *planRun) plan.StackResolver {
	return func(name string) (map[string]any, error) {
		stack := name[strings.LastIndexByte(name, '/')+1:]
		if slices.Contains(chain, stack) {
			return nil, fmt.Errorf("stack reference cycle: %s -> %s", strings.Join(chain, " -> "), stack)
		}
		p, err := run.plan(ctx, stack, func() (*plan.Plan, error) {
			return planChain(ctx, dir, stack, program, known, append(slices.Clone(chain), stack), run)
		})
		if err != nil {
			return nil, err
		}
		return p.Outputs, nil
	}
}

// locateFailedReference turns a failed stack reference into an error on
// the config key of this stack file that names the referenced stack; errors
// in the referenced stack's own file are returned as they are.
func (f *File) locateFailedReference(refErr *plan.StackReferenceError) error {
	var cerrs ConfigErrors
	if errors.As(refErr.Err, &cerrs) {
		return cerrs
	}
	key, line := f.keyWithValue(refErr.Name)
	if key == "" {
		return refErr
	}
	msg := fmt.Sprintf("planning the stack %q it names failed: %v", refErr.Name, refErr.Err)
	var notFound *NotFoundError
	if errors.As(refErr.Err, &notFound) {
		msg = fmt.Sprintf("names the stack %q, which has no stack file %s", refErr.Name, notFound.Path)
		if len(notFound.Available) > 0 {
			msg += " (stacks there: " + strings.Join(notFound.Available, ", ") + ")"
		}
		msg += ": write that stack's file, or name an existing stack"
	}
	return ConfigErrors{{Path: f.Path, Line: line, Key: key, Message: msg}}
}

// keyWithValue is the first key, in line order, whose value is value.
func (f *File) keyWithValue(value string) (string, int) {
	key, line := "", 0
	for k, v := range f.Config {
		if v == value && (key == "" || f.Lines[k] < line) {
			key, line = k, f.Lines[k]
		}
	}
	return key, line
}
