package stackfile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync"

	"github.com/sce-dev/sce/internal/plan"
)

// sources.go: which stack files a plan was made from, by the digest of
// the bytes planned, for evidence that must tie a verdict to a stack's
// config (sce report's provenance).

// Source is a stack file a plan was made from.
type Source struct {
	// Stack is the stack the file configures.
	Stack string
	// Path is the file, as found in the stacks directory.
	Path string
	// SHA256 is the hex SHA-256 of the bytes planned.
	SHA256 string
}

// PlanSources is Plan that also returns the stack files the plan was made
// from: the stack's own first, then the file of each stack a StackReference
// of the program led to (a project's baseline, sce:baselineStack), sorted
// by stack. The digests are of the bytes each plan parsed, so a file
// edited while sce ran cannot be recorded for a plan made from its old
// content.
func PlanSources(ctx context.Context, dir, stack string, program plan.Program, known []string) (*plan.Plan, []Source, error) {
	run := &planRun{read: &sourceLog{}}
	p, err := planChain(ctx, dir, stack, program, known, []string{stack}, run)
	if err != nil {
		return nil, nil, err
	}
	return p, run.read.sorted(), nil
}

// sourceLog records the stack files of one PlanSources; the program may
// resolve its references at once, so it is safe for concurrent use.
type sourceLog struct {
	mu   sync.Mutex
	list []Source
}

// record notes that r planned stack from f; a run that records nothing
// (nil, or without a log) ignores it.
func (r *planRun) record(stack string, f *File) {
	if r == nil || r.read == nil {
		return
	}
	r.read.mu.Lock()
	defer r.read.mu.Unlock()
	r.read.list = append(r.read.list, Source{Stack: stack, Path: f.Path, SHA256: f.SHA256})
}

// sorted is the first file recorded (the stack's own), then the others
// sorted by stack and path, each once (two references to one stack plan
// it twice).
func (l *sourceLog) sorted() []Source {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := slices.Clone(l.list)
	if len(out) > 1 {
		slices.SortFunc(out[1:], func(a, b Source) int {
			if c := strings.Compare(a.Stack, b.Stack); c != 0 {
				return c
			}
			return strings.Compare(a.Path, b.Path)
		})
		out = append(out[:1], slices.Compact(out[1:])...)
	}
	return out
}

// digest is the hex SHA-256 of data.
func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
