package stackfile

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// namePattern is what Pulumi allows in a stack name (and what keeps a name
// from escaping the stacks directory).
var namePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// Plan makes the offline plan of one stack from its file
// dir/Pulumi.<stack>.yaml: it loads and checks the file against known (see
// Load), runs program with its config, and turns the program's
// sce.ValidationErrors into ConfigErrors located in the file. A stack
// without a file is a *NotFoundError. A StackReference the program reads is
// resolved from the referenced stack's own plan (see Resolver); when that
// fails, the error is located on the config key that names the stack.
func Plan(ctx context.Context, dir, stack string, program plan.Program, known []string) (*plan.Plan, error) {
	return planChain(ctx, dir, stack, program, known, []string{stack}, nil)
}

// planChain is Plan for the last stack of chain, the stacks whose
// references led to it; run, when not nil, is the Fleet run that keeps and
// shares the plans of the referenced stacks.
func planChain(ctx context.Context, dir, stack string, program plan.Program, known, chain []string, run *planRun) (*plan.Plan, error) {
	path, err := Find(dir, stack)
	if err != nil {
		return nil, err
	}
	f, err := Load(path, known)
	if err != nil {
		return nil, err
	}
	run.record(stack, f)
	p, err := plan.Run(ctx, plan.RunOptions{Project: plan.ProjectName, Stack: stack, Config: f.Config, Program: program,
		StackReferences: resolver(ctx, dir, program, known, chain, run)})
	var (
		verrs  sce.ValidationErrors
		refErr *plan.StackReferenceError
	)
	switch {
	case errors.As(err, &refErr):
		return nil, f.locateReference(refErr)
	case errors.As(err, &verrs):
		return nil, f.Locate(verrs)
	}
	return p, err
}

// locateReference locates a failed stack reference on the config key that
// names the referenced stack, after the other config problems the program
// reported with it.
func (f *File) locateReference(refErr *plan.StackReferenceError) error {
	located := f.locateFailedReference(refErr)
	var (
		verrs sce.ValidationErrors
		cerrs ConfigErrors
	)
	if !errors.As(refErr.ProgramErr, &verrs) || !errors.As(located, &cerrs) {
		return located
	}
	return append(f.Locate(verrs), cerrs...)
}

// Find returns the path of stack's file in dir, or a *NotFoundError that
// says which stacks exist; a name Pulumi does not allow is a *NameError,
// and a directory that cannot be read a *DirError.
func Find(dir, stack string) (string, error) {
	if !namePattern.MatchString(stack) {
		return "", &NameError{Stack: stack}
	}
	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	_, err := os.Stat(path)
	if err == nil {
		return path, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("stack file: %w", err)
	}
	available, err := List(dir)
	if err != nil {
		return "", err
	}
	return "", &NotFoundError{Stack: stack, Path: path, Available: available}
}

// List returns the stacks that have a Pulumi.<stack>.yaml file in dir,
// sorted; a directory that cannot be read is a *DirError.
func List(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, &DirError{Dir: dir, Err: err}
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && strings.HasPrefix(name, "Pulumi.") && strings.HasSuffix(name, ".yaml") && name != "Pulumi.yaml" {
			out = append(out, nameOf(name))
		}
	}
	sort.Strings(out)
	return out, nil
}

// line finds the line of key, or of the nearest enclosing value that is in
// the file: "sce:workers.count" falls back to "sce:workers", and
// "sce:researchers[1].publicKey" to "sce:researchers[1]", then "sce:researchers".
func (f *File) line(key string) (int, bool) {
	for {
		if line, ok := f.Lines[key]; ok {
			return line, true
		}
		cut := strings.LastIndexAny(key, ".[")
		if cut <= strings.IndexByte(key, ':') {
			return 0, false
		}
		key = key[:cut]
	}
}

// Locate places each validation error on the line of its key (the list
// item's line when there is one). A key that is not in the file has no
// line: a required one is reported as missing, any other as a default
// that does not fit (the PIT taken from the stack name, say).
func (f *File) Locate(verrs sce.ValidationErrors) ConfigErrors {
	out := make(ConfigErrors, 0, len(verrs))
	for _, fe := range verrs {
		line, ok := f.line(fe.Key)
		msg := fe.Message
		switch {
		case ok:
		case strings.HasPrefix(msg, "is required"):
			msg = "missing from this file: " + msg
		default:
			msg = "not set in this file, so its default applies: " + msg
		}
		out = append(out, ConfigError{Path: f.Path, Line: line, Key: fe.Key, Message: msg})
	}
	return out
}
