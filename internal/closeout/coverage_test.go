package closeout

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sce-dev/sce/internal/awstype"
)

// TestCoverageCreditsSettingsToTheirResource: a resource no search sees
// counts as accounted for through its resource only when the stack
// recorded resources of that type and a search looks for every one of
// them; otherwise it is not checked.
func TestCoverageCreditsSettingsToTheirResource(t *testing.T) {
	bucket := Resource{Type: awstype.S3BucketV2, Custom: true}
	policy := Resource{Type: awstype.S3BucketPolicy, Custom: true}
	role := Resource{Type: awstype.IAMRole, ID: "hipaa-worker-role", Custom: true, Tagged: true}
	attachment := Resource{Type: awstype.IAMRolePolicyAttachment, ID: "hipaa-worker-role-1", Custom: true}
	table := Resource{Type: awstype.EC2RouteTable, Custom: true, Tagged: true}
	route := Resource{Type: awstype.EC2Route, Custom: true}
	for _, tt := range []struct {
		name                   string
		existed                []Resource
		withParent, notChecked map[string]int
	}{
		{"every parent looked for",
			[]Resource{{Type: stackType}, bucket, policy, policy, role, attachment, table, route, {Type: awstype.BudgetsBudget, Custom: true}},
			map[string]int{awstype.S3BucketPolicy: 2, awstype.IAMRolePolicyAttachment: 1, awstype.EC2Route: 1},
			map[string]int{awstype.BudgetsBudget: 1}},
		{"a warehouse's logging and an instance's state",
			[]Resource{{Type: awstype.RedshiftCluster, Custom: true, Tagged: true}, {Type: awstype.RedshiftLogging, Custom: true},
				{Type: awstype.EC2Instance, Custom: true, Tagged: true}, {Type: awstype.EC2TransitGatewayInstanceState, Custom: true}},
			map[string]int{awstype.RedshiftLogging: 1, awstype.EC2TransitGatewayInstanceState: 1}, map[string]int{}},
		{"a role without a recorded ID, an untagged route table, no topic",
			[]Resource{role, {Type: awstype.IAMRole, Custom: true, Tagged: true}, attachment, table, {Type: awstype.EC2RouteTable, Custom: true},
				route, {Type: awstype.SNSTopicSubscription, Custom: true}},
			map[string]int{},
			map[string]int{awstype.IAMRole: 1, awstype.IAMRolePolicyAttachment: 1, awstype.EC2RouteTable: 1, awstype.EC2Route: 1,
				awstype.SNSTopicSubscription: 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			withParent, notChecked := coverage(tt.existed)
			assert.Equal(t, tt.withParent, withParent)
			assert.Equal(t, tt.notChecked, notChecked)
		})
	}
}

// TestReportNamesEachSettingsResource: the report lists what is accounted
// for through its resource with that resource's type, apart from what is
// not checked.
func TestReportNamesEachSettingsResource(t *testing.T) {
	rep := &Report{PIT: "hipaa", Trace: TraceResult{
		WithParent: map[string]int{awstype.S3BucketPolicy: 12, awstype.IAMRolePolicyAttachment: 14},
		NotChecked: map[string]int{awstype.BudgetsBudget: 1, awstype.SchedulerSchedule: 2},
	}}
	var b strings.Builder
	rep.markdownWithParent(&b)
	rep.markdownNotChecked(&b)
	assert.Equal(t, `
## Accounted for through their resource

No search above looks for these 26 resources the stack recorded: AWS deletes each with the resource named, or refuses to delete that resource while they exist, and the searches above account for that resource (found gone, or kept on purpose):

- aws:iam/rolePolicyAttachment:RolePolicyAttachment: 14 (with its aws:iam/role:Role)
- aws:s3/bucketPolicy:BucketPolicy: 12 (with its aws:s3/bucketV2:BucketV2)

## Not checked

No search above can see 3 resources the stack recorded: they are not tagged sce:pit=hipaa, or of a type the Resource Groups Tagging API does not list (IAM, AWS Budgets), and no other search looks for them or for a resource they would exist only with. Check them by hand:

- aws:budgets/budget:Budget: 1
- aws:scheduler/schedule:Schedule: 2

Nor do the searches see what AWS made for the project outside the stack without the project's tag.
`, b.String())
}
