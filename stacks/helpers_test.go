package stacks_test

import (
	"context"
	"errors"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

// The tests of this package read the shipped stack files: they check what
// the stacks add to the components (config keys, file:line errors, the link
// to the baseline stack, the outputs `sce` commands read). The components
// themselves are tested in package sce, from arguments built in Go.

// shippedPlan is the offline plan of the shipped stack file
// Pulumi.<stack>.yaml, made by the same engine and program as `sce plan`.
func shippedPlan(t testing.TB, stack string) *plan.Plan {
	t.Helper()
	p, err := stackfile.Plan(context.Background(), ".", stack, stacks.Build, stacks.KnownConfigKeys())
	require.NoError(t, err)
	return p
}

// shippedResolver resolves stack references (a project's sce:baselineStack)
// from the shipped stack files, as `sce plan` does.
func shippedResolver() plan.StackResolver {
	return stackfile.Resolver(context.Background(), ".", stacks.Build, stacks.KnownConfigKeys())
}

// planWithChanges plans a shipped stack with changes to its config (""
// deletes a key), resolving stack references from the shipped stack files.
func planWithChanges(t testing.TB, stack string, changes map[string]string) (*plan.Plan, error) {
	t.Helper()
	sf, err := stackfile.Load(filepath.Join(".", "Pulumi."+stack+".yaml"), stacks.KnownConfigKeys())
	require.NoError(t, err)
	cfg := maps.Clone(sf.Config)
	for k, v := range changes {
		if v == "" {
			delete(cfg, k)
		} else {
			cfg[k] = v
		}
	}
	return plan.Run(context.Background(), plan.RunOptions{Stack: stack, Config: cfg, Program: stacks.Build,
		StackReferences: shippedResolver()})
}

// validationProblems returns the validation problems of err as "key:
// message" lines.
func validationProblems(t testing.TB, err error) []string {
	t.Helper()
	var verrs sce.ValidationErrors
	require.True(t, errors.As(err, &verrs), "want ValidationErrors, got %v", err)
	var out []string
	for _, e := range verrs {
		out = append(out, e.Error())
	}
	return out
}

// lineOf is the 1-based line of the first occurrence of text in src.
func lineOf(t testing.TB, src, text string) int {
	t.Helper()
	i := strings.Index(src, text)
	require.GreaterOrEqual(t, i, 0, "%q is not in the stack file", text)
	return 1 + strings.Count(src[:i], "\n")
}
