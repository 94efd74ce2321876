package sce_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/sce"
)

// warehousePlan is the second project's plan with a two-node RA3 warehouse.
func warehousePlan(t testing.TB) *plan.Plan {
	t.Helper()
	args := omopArgs()
	args.Warehouse = &sce.WarehouseArgs{NodeType: "ra3.xlplus", NodeCount: 2, DatabaseName: "omop"}
	return envPlan(t, omopPIT, args)
}

func TestWarehouseCluster(t *testing.T) {
	p := warehousePlan(t)
	c := res(t, p, awstype.RedshiftCluster, "omop-warehouse")
	key := res(t, p, awstype.KMSKey, "omop-key")
	in := c.Inputs
	assert.Equal(t, "omop-warehouse", in["clusterIdentifier"])
	assert.Equal(t, "ra3.xlplus", in["nodeType"])
	assert.Equal(t, "multi-node", in["clusterType"])
	assert.EqualValues(t, 2, in["numberOfNodes"])
	assert.Equal(t, "omop", in["databaseName"])
	assert.Equal(t, sce.WarehouseAdminUser, in["masterUsername"])
	assert.Equal(t, true, in["manageMasterPassword"])
	assert.NotContains(t, in, "masterPassword", "no password in config or state")
	assert.Equal(t, true, in["encrypted"])
	assert.Equal(t, false, in["publiclyAccessible"])
	assert.Equal(t, true, in["enhancedVpcRouting"])
	assert.EqualValues(t, 7, in["automatedSnapshotRetentionPeriod"])
	assert.Equal(t, false, in["skipFinalSnapshot"])
	assert.Equal(t, "omop-warehouse-final", in["finalSnapshotIdentifier"])
	assert.Equal(t, "omop-warehouse-subnets", in["clusterSubnetGroupName"])
	assert.Equal(t, "omop-warehouse-params", in["clusterParameterGroupName"])
	assert.True(t, c.Options.Protect, "the warehouse holds PHI")
	assert.Contains(t, c.Dependencies, urnOf(t, p, awstype.IAMRolePolicyAttachment, "omop-warehouse-role-warehouse-policy"))
	keyArn := p.Outputs[sce.OutputKmsKeyArn]
	assert.Equal(t, keyArn, in["kmsKeyId"])
	assert.Equal(t, keyArn, in["masterPasswordSecretKmsKeyId"])
	assert.Equal(t, "omop-key", key.Name)
}

func TestWarehouseGroupsAndLogging(t *testing.T) {
	p := warehousePlan(t)
	params := res(t, p, awstype.RedshiftParameterGroup, "omop-warehouse-params")
	assert.Equal(t, "redshift-1.0", params.Inputs["family"])
	assert.Equal(t, []any{
		map[string]any{"name": "require_ssl", "value": "true"},
		map[string]any{"name": "enable_user_activity_logging", "value": "true"},
	}, params.Inputs["parameters"])
	subnets := res(t, p, awstype.RedshiftSubnetGroup, "omop-warehouse-subnets")
	assert.Equal(t, p.Outputs[sce.OutputPrivateSubnetIDs], subnets.Inputs["subnetIds"])
	logging := res(t, p, awstype.RedshiftLogging, "omop-warehouse-logging")
	assert.Equal(t, "cloudwatch", logging.Inputs["logDestinationType"])
	assert.Equal(t, []any{"connectionlog", "userlog", "useractivitylog"}, logging.Inputs["logExports"])
	for _, export := range []string{"connectionlog", "userlog", "useractivitylog"} {
		lg := res(t, p, awstype.CloudWatchLogGroup, "omop-warehouse-"+export+"-log-group")
		assert.Equal(t, "/aws/redshift/cluster/omop-warehouse/"+export, lg.Inputs["name"])
		assert.Equal(t, p.Outputs[sce.OutputKmsKeyArn], lg.Inputs["kmsKeyId"])
		assert.Contains(t, logging.Dependencies, lg.URN)
	}
	vpc := res(t, p, awstype.EC2Vpc, "omop-vpc")
	assert.Equal(t, "default", vpc.Inputs["instanceTenancy"], "Redshift refuses dedicated-tenancy VPCs")
	assert.Equal(t, "redshift", vpc.Inputs["tags"].(map[string]any)[sce.TagWarehouse])
	for _, i := range p.Find(awstype.EC2Instance) {
		assert.Equal(t, "dedicated", i.Inputs["tenancy"], i.Name)
	}
}

func TestWarehouseSecurityGroupAdmitsWorkersOnly(t *testing.T) {
	p := warehousePlan(t)
	workers := res(t, p, awstype.EC2SecurityGroup, "omop-worker-sg")
	wh := res(t, p, awstype.EC2SecurityGroup, "omop-warehouse-sg")
	var ingress []string
	for _, r := range p.Find(awstype.VPCSecurityGroupIngressRule) {
		if assert.ObjectsAreEqual([]string{wh.URN}, r.PropertyDependencies["securityGroupId"]) {
			ingress = append(ingress, r.Name)
		}
	}
	assert.Equal(t, []string{"omop-warehouse-from-workers"}, ingress)
	in := res(t, p, awstype.VPCSecurityGroupIngressRule, "omop-warehouse-from-workers")
	assert.EqualValues(t, 5439, in.Inputs["fromPort"])
	assert.EqualValues(t, 5439, in.Inputs["toPort"])
	assert.Equal(t, []string{workers.URN}, in.PropertyDependencies["referencedSecurityGroupId"])
	assert.NotContains(t, in.Inputs, "cidrIpv4")
	out := res(t, p, awstype.VPCSecurityGroupEgressRule, "omop-worker-warehouse-out")
	assert.Equal(t, []string{wh.URN}, out.PropertyDependencies["referencedSecurityGroupId"])
	assert.Equal(t, []string{workers.URN}, out.PropertyDependencies["securityGroupId"])
}

func TestWarehouseRolePolicy(t *testing.T) {
	p := warehousePlan(t)
	role := res(t, p, awstype.IAMRole, "omop-warehouse-role")
	trust := statements(t, doc(t, role.Inputs["assumeRolePolicy"]))
	require.Len(t, trust, 1)
	for _, s := range trust {
		assert.Equal(t, map[string]any{"Service": "redshift.amazonaws.com"}, s["Principal"])
	}
	pol := res(t, p, awstype.IAMPolicy, "omop-warehouse-policy")
	st := statements(t, doc(t, pol.Inputs["policy"]))
	in, out := "arn:aws:s3:::omop-data-in-123456789012-us-west-2", "arn:aws:s3:::omop-output-123456789012-us-west-2"
	assert.Equal(t, map[string]any{"Sid": "ListDataIn", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": in}, st["ListDataIn"])
	assert.Equal(t, map[string]any{"Sid": "CopyFromDataIn", "Effect": "Allow", "Action": "s3:GetObject", "Resource": in + "/*"}, st["CopyFromDataIn"])
	assert.Equal(t, map[string]any{"Sid": "ListOutput", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": out}, st["ListOutput"],
		"UNLOAD lists its target prefix to refuse overwriting an earlier result")
	assert.Equal(t, map[string]any{"Sid": "UnloadToOutput", "Effect": "Allow", "Action": "s3:PutObject", "Resource": out + "/*"}, st["UnloadToOutput"])
	assert.Equal(t, []any{"kms:Decrypt", "kms:GenerateDataKey"}, st["UseProjectKeyThroughS3"]["Action"])
	assert.Equal(t, p.Outputs[sce.OutputKmsKeyArn], st["UseProjectKeyThroughS3"]["Resource"])
	assert.Len(t, st, 5)
	att := res(t, p, awstype.IAMRolePolicyAttachment, "omop-warehouse-role-warehouse-policy")
	assert.Equal(t, "omop-warehouse-role", att.Inputs["role"])
	for _, rp := range p.Find(awstype.IAMRolePolicy) {
		assert.NotEqual(t, "omop-warehouse-role", rp.Inputs["role"], "no inline policy on the warehouse role")
	}
}

func TestWarehouseNoPasswordInPlan(t *testing.T) {
	p := warehousePlan(t)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "masterPassword\"")
	assert.NotContains(t, string(b), "\"password\"")
	assert.Equal(t, "omop", p.Outputs[sce.OutputWarehouseDatabase])
	assert.Regexp(t, `^arn:aws:secretsmanager:us-west-2:123456789012:secret:redshift!omop-warehouse-sceadmin-[0-9a-f]{6}$`, p.Outputs[sce.OutputWarehouseAdminSecretArn])
	assert.Equal(t, "arn:aws:iam::123456789012:role/omop-warehouse-role", p.Outputs[sce.OutputWarehouseRoleArn])
}

func TestWarehouseValidation(t *testing.T) {
	tests := []struct {
		name string
		w    sce.WarehouseArgs
		want []string
	}{
		{"nodes", sce.WarehouseArgs{NodeType: "dc1.large", NodeCount: 33}, []string{
			`sce:warehouse.nodeType: "dc1.large" is not a Redshift node type sce supports: use one of ra3.large, ra3.xlplus, ra3.4xlarge, ra3.16xlarge, dc2.large, dc2.8xlarge`,
			`sce:warehouse.nodeCount: 33 is out of range: a cluster has 1 to 32 nodes`}},
		{"database and snapshots", sce.WarehouseArgs{DatabaseName: "Omop", SnapshotRetentionDays: 3}, []string{
			`sce:warehouse.databaseName: "Omop" is not a Redshift database name: start with a lowercase letter, use only a-z, 0-9 and '_', at most 64 characters`,
			`sce:warehouse.snapshotRetentionDays: 3 is out of range: automated snapshots are kept 7 to 35 days`}},
		{"reserved word", sce.WarehouseArgs{DatabaseName: "select"}, []string{
			`sce:warehouse.databaseName: "select" is a Redshift reserved word, which Redshift refuses as the database name: choose another, for example select_db or the default research`}},
		{"reserved word with digits", sce.WarehouseArgs{DatabaseName: "delta32k"}, []string{
			`sce:warehouse.databaseName: "delta32k" is a Redshift reserved word, which Redshift refuses as the database name: choose another, for example delta32k_db or the default research`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := omopArgs()
			w := tc.w
			args.Warehouse = &w
			err := sce.Validate(omopPIT, args)
			var verrs sce.ValidationErrors
			require.ErrorAs(t, err, &verrs)
			var got []string
			for _, e := range verrs {
				got = append(got, e.Error())
			}
			assert.Equal(t, tc.want, got)
		})
	}
	args := omopArgs()
	args.Warehouse = &sce.WarehouseArgs{}
	assert.NoError(t, sce.Validate(omopPIT, args), "the zero value is valid")
	args.Warehouse = &sce.WarehouseArgs{DatabaseName: "start"}
	assert.NoError(t, sce.Validate(omopPIT, args), "START is not reserved, though the guide warns about it as a table alias")
}

// TestWarehouseNameResolves: the workers reach the warehouse by its
// endpoint's name, which the VPC's resolver answers through the DNS
// Firewall: with a warehouse the allow list holds the region's Redshift
// names (before the project's own domains), in allowlist and in none;
// without one it does not.
func TestWarehouseNameResolves(t *testing.T) {
	withWarehouse := func(change func(a *sce.EnvironmentArgs)) []any {
		a := omopArgs()
		a.Warehouse = &sce.WarehouseArgs{NodeType: "ra3.xlplus", NodeCount: 2, DatabaseName: "omop"}
		change(&a)
		p := envPlan(t, omopPIT, a)
		return res(t, p, awstype.Route53ResolverFirewallDomainList, "omop-dns-allowed").Inputs["domains"].([]any)
	}
	for _, mode := range []sce.EgressMode{sce.EgressAllowlist, sce.EgressNone} {
		domains := withWarehouse(func(a *sce.EnvironmentArgs) { a.Egress.Mode = mode })
		assert.Equal(t, "*.us-west-2.redshift.amazonaws.com", domains[len(domains)-1], mode)
		assert.Len(t, domains, 12, mode)
	}
	domains := withWarehouse(func(a *sce.EnvironmentArgs) { a.Egress.Domains = []string{"cran.r-project.org"} })
	assert.Equal(t, []any{"*.us-west-2.redshift.amazonaws.com", "cran.r-project.org"}, domains[len(domains)-2:])
	without := res(t, omopPlan(t), awstype.Route53ResolverFirewallDomainList, "omop-dns-allowed").Inputs["domains"].([]any)
	assert.NotContains(t, without, "*.us-west-2.redshift.amazonaws.com")
	assert.Len(t, without, 11)
}
