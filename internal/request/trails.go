package request

import (
	"fmt"
	"strings"
)

// TrailsPerRegion is CloudTrail's "Trails per Region" quota, which AWS does
// not raise. A multi-Region trail counts once in every Region, and every sce
// trail is one: the baseline's and each project's
// (docs/deployment-facts.md#21).
const TrailsPerRegion = 5

// TrailLimitError says that one more project would give the account more
// trails than CloudTrail allows: its `pulumi up` would fail at the trail,
// with the rest of the stack half built.
type TrailLimitError struct {
	// Stacks are the existing stacks that hold a trail, in directory order.
	Stacks []string
}

// Error says how many trails there would be and what to do instead.
func (e *TrailLimitError) Error() string {
	return fmt.Sprintf("the account would hold %d CloudTrail trails, one for each of the stacks %s and one for the new project: "+
		"CloudTrail allows %d trails per Region, a multi-Region trail counts in every Region, and AWS does not raise this quota; "+
		"close out a finished project and move its stack file into the stacks directory's closed/ subdirectory (docs/lifecycle.md), or give the project its own AWS account with its own baseline stack, stacks directory and site file",
		len(e.Stacks)+1, strings.Join(e.Stacks, ", "), TrailsPerRegion)
}

// checkTrails refuses one more project in account when the stacks of that
// account already hold TrailsPerRegion trails: every stack has one, a
// baseline (sce:kind baseline) the account trail and a project its own. A
// stack deployed by a role of another account does not count; one whose
// account is unknown (no sce:adminRoleArn, here or in the site file) does.
func checkTrails(projects []Project, account string) error {
	var holders []string
	for _, p := range projects {
		if p.Account == "" || account == "" || p.Account == account {
			holders = append(holders, p.Stack)
		}
	}
	if len(holders)+1 > TrailsPerRegion {
		return &TrailLimitError{Stacks: holders}
	}
	return nil
}
