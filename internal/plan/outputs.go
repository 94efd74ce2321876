package plan

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// MockOutputs returns the outputs the offline plan's mocks give custom
// resource r of a stack in region: its inputs plus the computed attributes
// of its type (mocks.go), as Run records them in Resource.Outputs. It
// serves plans written by hand (policy fixtures), which have inputs only.
func MockOutputs(project, stack, region string, r Resource) map[string]any {
	m := newMonitor(project, stack, region)
	args := pulumi.MockResourceArgs{TypeToken: r.Type, Name: r.Name, Inputs: propertyValue(r.Inputs).ObjectValue(), Custom: true}
	_, outs := m.fakeResource(r.URN, args)
	return plainMap(outs)
}
