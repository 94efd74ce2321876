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
// ClosedDir; none when there is no such directory. A file is only asked for
// its PIT: one an older sce wrote, or that this one no longer validates,
// still gives it (see closedPIT). A file that is not YAML at all is an
// error: its PIT would be unknown, and a new project could take it.
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
		pit, err := closedPIT(path, name)
		if err != nil {
			return nil, fmt.Errorf("closed-out stack %s cannot be read, so its PIT is unknown; fix it first: %w", name, err)
		}
		out = append(out, Project{Stack: name, Path: path, PIT: pit})
	}
	return out, nil
}

// closedPIT is the PIT of the closed-out stack name in the file at path:
// its sce:pit, or the stack name without one. The file is read without the
// config keys this sce knows (stackfile.Load with none), so one an older
// sce wrote still gives it.
func closedPIT(path, name string) (string, error) {
	f, err := stackfile.Load(path, nil)
	if err != nil {
		return "", err
	}
	if pit := f.Config[stacks.KeyPIT]; pit != "" {
		return pit, nil
	}
	return name, nil
}
