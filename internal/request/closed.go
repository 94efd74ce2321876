package request

import (
	"errors"
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

// closedPITs maps the PIT of each closed-out project in dir's ClosedDir to
// its stack file; none when there is no such directory. A file that cannot
// be read as a stack still takes its stack name.
func closedPITs(dir string) (map[string]string, error) {
	closed := filepath.Join(dir, ClosedDir)
	names, err := stackfile.List(closed)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, name := range names {
		path := filepath.Join(closed, "Pulumi."+name+".yaml")
		out[name] = path
		if cfg, _, err := stacks.ReadFile(path); err == nil {
			out[cfg.PITOf(name)] = path
		}
	}
	return out, nil
}
