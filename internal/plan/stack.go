package plan

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

	"github.com/sce-dev/sce/sce"
)

// stackNamePattern is what Pulumi allows in a stack name (and what keeps a
// name from escaping the stacks directory).
var stackNamePattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// PlanStack plans one stack from its file stacksDir/Pulumi.<stack>.yaml:
// it loads and checks the file against known (see LoadStackFile), runs
// program with its config, and turns the program's sce.ValidationErrors
// into ConfigErrors located in the file. A stack without a file is a
// *StackNotFoundError. A StackReference the program reads is resolved from
// the referenced stack's own plan (see StackFileResolver); when that fails,
// the error is located on the config key that names the stack.
func PlanStack(ctx context.Context, stacksDir, stack string, program Program, known []string) (*Plan, error) {
	return planStack(ctx, stacksDir, stack, program, known, []string{stack})
}

// planStack is PlanStack for the last stack of chain, the stacks whose
// references led to it.
func planStack(ctx context.Context, stacksDir, stack string, program Program, known, chain []string) (*Plan, error) {
	path, err := stackPath(stacksDir, stack)
	if err != nil {
		return nil, err
	}
	sf, err := LoadStackFile(path, known)
	if err != nil {
		return nil, err
	}
	p, err := Run(ctx, RunOptions{Project: ProjectName, Stack: stack, Config: sf.Config, Program: program,
		StackReferences: StackFileResolver(ctx, stacksDir, program, known, chain...)})
	var (
		verrs  sce.ValidationErrors
		refErr *StackReferenceError
	)
	switch {
	case errors.As(err, &refErr):
		return nil, sf.locateReference(refErr)
	case errors.As(err, &verrs):
		return nil, sf.Locate(verrs)
	}
	return p, err
}

// stackPath finds the stack file, or says which stacks exist.
func stackPath(dir, stack string) (string, error) {
	if !stackNamePattern.MatchString(stack) {
		return "", fmt.Errorf("%q is not a stack name: use letters, digits, '-', '_' and '.'", stack)
	}
	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	_, err := os.Stat(path)
	if err == nil {
		return path, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("stack file: %w", err)
	}
	available, err := Stacks(dir)
	if err != nil {
		return "", err
	}
	return "", &StackNotFoundError{Stack: stack, Path: path, Available: available}
}

// Stacks lists the stacks that have a Pulumi.<stack>.yaml file in dir, sorted.
func Stacks(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("stacks directory: %w (run sce from the repository root, or pass --stacks)", err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() && strings.HasPrefix(name, "Pulumi.") && strings.HasSuffix(name, ".yaml") && name != "Pulumi.yaml" {
			out = append(out, stackName(name))
		}
	}
	sort.Strings(out)
	return out, nil
}

// line finds the line of key, or of the nearest enclosing value that is in
// the file: "sce:workers.count" falls back to "sce:workers", and
// "sce:researchers[1].publicKey" to "sce:researchers[1]", then "sce:researchers".
func (sf *StackFile) line(key string) (int, bool) {
	for {
		if line, ok := sf.Lines[key]; ok {
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
// item's line when there is one); a key that is not in the file is reported
// as missing, without a line.
func (sf *StackFile) Locate(verrs sce.ValidationErrors) ConfigErrors {
	out := make(ConfigErrors, 0, len(verrs))
	for _, fe := range verrs {
		line, ok := sf.line(fe.Key)
		msg := fe.Message
		if !ok {
			msg = "missing from this file: " + msg
		}
		out = append(out, ConfigError{Path: sf.Path, Line: line, Key: fe.Key, Message: msg})
	}
	return out
}
