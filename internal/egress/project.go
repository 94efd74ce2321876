package egress

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sce-dev/sce/internal/pulumicmd"
	"github.com/sce-dev/sce/sce"
)

// Project is a deployed project's PIT and the buckets the airlock uses,
// from the stack's outputs.
type Project struct {
	// PIT is the project identifier.
	PIT string
	// Output holds the results and the request manifests.
	Output string
	// Logs holds the decisions and receipts, under Object Lock.
	Logs string
	// Egress receives the approved copies; "" while the stack has none.
	Egress string
}

// FromOutputs reads the project from its stack outputs (pit and
// bucketNames); a missing output is named. A stack without an egress
// bucket is read (requests and history work without it); approving needs
// it (see Project.egressBucket).
func FromOutputs(raw map[string]any) (Project, error) {
	names, _ := raw[sce.OutputBucketNames].(map[string]any)
	get := func(role sce.BucketRole) string {
		s, _ := names[string(role)].(string)
		return s
	}
	pit, _ := raw[sce.OutputPIT].(string)
	p := Project{PIT: pit, Output: get(sce.BucketOutput), Logs: get(sce.BucketLogs), Egress: get(sce.BucketEgress)}
	var missing []string
	if p.PIT == "" {
		missing = append(missing, sce.OutputPIT)
	}
	if p.Output == "" {
		missing = append(missing, sce.OutputBucketNames+"."+string(sce.BucketOutput))
	}
	if p.Logs == "" {
		missing = append(missing, sce.OutputBucketNames+"."+string(sce.BucketLogs))
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return p, fmt.Errorf("the stack outputs have no %s: is this an sce project stack, deployed with `pulumi up`?", strings.Join(missing, ", "))
	}
	return p, nil
}

// egressBucket is the egress bucket, or an error saying the stack has none.
func (p Project) egressBucket() (string, error) {
	if p.Egress == "" {
		return "", fmt.Errorf("project %s has no egress bucket (stack output %s.%s): update the stack to a version of sce with the airlock and run %s first",
			p.PIT, sce.OutputBucketNames, sce.BucketEgress, pulumicmd.Deploy("sce", p.PIT))
	}
	return p.Egress, nil
}
