package closeout

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sce-dev/sce/internal/awstype"
)

// TestCoverageCreditsSettingsToTheirResource: a resource no search sees
// counts as accounted for through its resource only when the state records
// that its property naming that resource came from a resource of the
// parent type that a search looks for; otherwise it is not checked.
func TestCoverageCreditsSettingsToTheirResource(t *testing.T) {
	// res is a resource whose property naming its resource came from deps.
	res := func(typ, name string, tagged bool, deps ...string) Resource {
		r := Resource{URN: "urn:pulumi:hipaa::sce::" + typ + "::" + name, Type: typ, ID: name, Custom: true, Tagged: tagged}
		if p := parentOf(typ).Property; p != "" && len(deps) > 0 {
			r.PropertyDependencies = map[string][]string{p: deps}
		}
		return r
	}
	bucket := res(awstype.S3BucketV2, "hipaa-data-in", false)
	policy := res(awstype.S3BucketPolicy, "hipaa-data-in-policy", false, bucket.URN)
	policy2 := res(awstype.S3BucketPolicy, "hipaa-data-in-policy-2", false, bucket.URN)
	role := res(awstype.IAMRole, "hipaa-worker-role", true)
	attachment := res(awstype.IAMRolePolicyAttachment, "hipaa-worker-role-1", false, role.URN)
	table := res(awstype.EC2RouteTable, "hipaa-private-rt", true)
	route := res(awstype.EC2Route, "hipaa-private-default", false, table.URN)
	unrecorded := Resource{URN: "urn:pulumi:hipaa::sce::aws:iam/role:Role::hipaa-failed-role", Type: awstype.IAMRole, Custom: true, Tagged: true}
	cluster := res(awstype.RedshiftCluster, "hipaa-warehouse", true)
	instance := res(awstype.EC2Instance, "hipaa-worker-1", true)
	for _, tt := range []struct {
		name                   string
		existed                []Resource
		withParent, notChecked map[string]int
	}{
		{"every parent looked for",
			[]Resource{{Type: stackType}, bucket, policy, policy2, role, attachment, table, route, res(awstype.BudgetsBudget, "hipaa-budget", false)},
			map[string]int{awstype.S3BucketPolicy: 2, awstype.IAMRolePolicyAttachment: 1, awstype.EC2Route: 1},
			map[string]int{awstype.BudgetsBudget: 1}},
		{"a warehouse's logging and an instance's state",
			[]Resource{cluster, res(awstype.RedshiftLogging, "hipaa-warehouse-logging", false, cluster.URN),
				instance, res(awstype.EC2TransitGatewayInstanceState, "hipaa-worker-1-state", false, instance.URN)},
			map[string]int{awstype.RedshiftLogging: 1, awstype.EC2TransitGatewayInstanceState: 1}, map[string]int{}},
		{"a role without a recorded ID, an untagged route table, no topic",
			[]Resource{role, unrecorded, res(awstype.IAMRolePolicyAttachment, "hipaa-failed-role-1", false, unrecorded.URN),
				res(awstype.EC2RouteTable, "hipaa-public-rt", false), res(awstype.EC2Route, "hipaa-public-default", false,
					"urn:pulumi:hipaa::sce::aws:ec2/routeTable:RouteTable::hipaa-public-rt"),
				res(awstype.SNSTopicSubscription, "hipaa-alerts-mail", false, "urn:pulumi:hipaa::sce::aws:sns/topic:Topic::elsewhere")},
			map[string]int{},
			map[string]int{awstype.IAMRole: 1, awstype.IAMRolePolicyAttachment: 1, awstype.EC2RouteTable: 1, awstype.EC2Route: 1,
				awstype.SNSTopicSubscription: 1}},
		{"an attachment to a role outside the stack, beside one to a role the stack holds",
			[]Resource{role, attachment, res(awstype.IAMRolePolicyAttachment, "outside-role-1", false), bucket,
				res(awstype.IAMRolePolicy, "hipaa-inline", false, bucket.URN),
				{URN: "urn:pulumi:hipaa::sce::aws:iam/rolePolicyAttachment:RolePolicyAttachment::outside-role-2",
					Type: awstype.IAMRolePolicyAttachment, Custom: true,
					PropertyDependencies: map[string][]string{"policyArn": {role.URN}}}},
			map[string]int{awstype.IAMRolePolicyAttachment: 1},
			map[string]int{awstype.IAMRolePolicyAttachment: 2, awstype.IAMRolePolicy: 1}},
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
