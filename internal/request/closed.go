package request

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// ClosedDir is the subdirectory of the stacks directory that keeps the
// stack files of closed-out projects (docs/lifecycle.md): they no longer
// count for VPC blocks or trails, but their PITs stay taken, because
// close-out leaves some of a project's resources in the account under the
// PIT's names (those marked retainOnDelete, such as its backup vault).
const ClosedDir = "closed"

// closedProjects reads the closed-out projects' stack files in dir's
// ClosedDir; none when there is no such directory. A file that cannot be
// read is an error: its PIT would be unknown, and a new project could take
// it.
func closedProjects(dir string) ([]Project, error) {
	closed := filepath.Join(dir, ClosedDir)
	names, err := stackfile.List(closed)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := make([]Project, 0, len(names))
	for _, name := range names {
		path := filepath.Join(closed, "Pulumi."+name+".yaml")
		cfg, _, err := stacks.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("closed-out stack %s cannot be read, so its PIT is unknown; fix it first: %w", name, err)
		}
		out = append(out, Project{Stack: name, Path: path, PIT: cfg.PITOf(name)})
	}
	return out, nil
}
