package plan

import (
	"net/netip"
	"regexp"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
)

const testStackURN = "urn:pulumi:dev::sce::pulumi:pulumi:Stack::sce-dev"

// register sends one registration to m as the SDK's mock monitor would.
func register(t *testing.T, m *monitor, typ, name string, custom bool, inputs resource.PropertyMap) (
	string, resource.PropertyMap,
) {
	t.Helper()
	obj, err := plugin.MarshalProperties(inputs, plugin.MarshalOptions{KeepSecrets: true})
	require.NoError(t, err)
	id, outs, err := m.NewResource(pulumi.MockResourceArgs{
		TypeToken: typ, Name: name, Inputs: inputs, Custom: custom,
		RegisterRPC: &pulumirpc.RegisterResourceRequest{
			Type: typ, Name: name, Custom: custom, Object: obj, Parent: testStackURN,
		},
	})
	require.NoError(t, err)
	return id, outs
}

func strs(kv ...string) resource.PropertyMap {
	m := resource.PropertyMap{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[resource.PropertyKey(kv[i])] = resource.NewProperty(kv[i+1])
	}
	return m
}

const (
	acct     = `123456789012`
	ec2ARNRe = `arn:aws:ec2:us-west-2:123456789012:`
	hex8     = `[0-9a-f]{8}`
	uuid     = `[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}`
)

func TestFakeResources(t *testing.T) {
	tests := []struct {
		typ, name string
		inputs    resource.PropertyMap
		id        string            // regexp
		outputs   map[string]string // output -> regexp
	}{
		{awstype.EC2Vpc, "v", strs("cidrBlock", "10.20.0.0/16"), `vpc-[0-9a-f]{17}`, map[string]string{
			"arn": ec2ARNRe + `vpc/vpc-[0-9a-f]{17}`, "cidrBlock": `10\.20\.0\.0/16`, "ownerId": acct,
			"defaultNetworkAclId": `acl-[0-9a-f]{17}`, "defaultRouteTableId": `rtb-[0-9a-f]{17}`,
			"mainRouteTableId": `rtb-[0-9a-f]{17}`, "defaultSecurityGroupId": `sg-[0-9a-f]{17}`,
		}},
		{awstype.EC2Subnet, "s", nil, `subnet-[0-9a-f]{17}`, map[string]string{"arn": ec2ARNRe + `subnet/subnet-.*`}},
		{awstype.EC2InternetGateway, "g", nil, `igw-[0-9a-f]{17}`, map[string]string{
			"arn": ec2ARNRe + `internet-gateway/igw-.*`}},
		{awstype.EC2NatGateway, "n", nil, `nat-[0-9a-f]{17}`, map[string]string{
			"publicIp": `203\.0\.113\.\d+`, "privateIp": `10\.\d+\.\d+\.\d+`}},
		{awstype.EC2Eip, "e", nil, `eipalloc-[0-9a-f]{17}`, map[string]string{
			"publicIp": `203\.0\.113\.\d+`, "allocationId": `eipalloc-[0-9a-f]{17}`, "domain": "vpc"}},
		{awstype.EC2RouteTable, "r", nil, `rtb-[0-9a-f]{17}`, nil},
		{awstype.EC2NetworkAcl, "a", nil, `acl-[0-9a-f]{17}`, nil},
		{awstype.EC2SecurityGroup, "bastion-sg", nil, `sg-[0-9a-f]{17}`, map[string]string{
			"name": "bastion-sg", "arn": ec2ARNRe + `security-group/sg-.*`}},
		{awstype.EC2VpcEndpoint, "s3", nil, `vpce-[0-9a-f]{17}`, map[string]string{
			"prefixListId": `pl-[0-9a-f]{17}`}},
		{awstype.EC2FlowLog, "f", nil, `fl-[0-9a-f]{17}`, nil},
		{awstype.EC2Instance, "i", nil, `i-[0-9a-f]{17}`, map[string]string{
			"arn": ec2ARNRe + `instance/i-.*`, "privateIp": `10\.\d+\.\d+\.\d+`}},
		{awstype.EBSVolume, "d", nil, `vol-[0-9a-f]{17}`, nil},
		{awstype.KMSKey, "k", nil, uuid, map[string]string{
			"arn": `arn:aws:kms:us-west-2:123456789012:key/` + uuid, "keyId": uuid}},
		{awstype.KMSAlias, "k", nil, `alias/k`, map[string]string{
			"arn": `arn:aws:kms:us-west-2:123456789012:alias/k`}},
		{awstype.S3BucketV2, "data", strs("bucket", "hipaa-data-123456789012-us-west-2"),
			`hipaa-data-123456789012-us-west-2`, map[string]string{
				"arn":                      `arn:aws:s3:::hipaa-data-123456789012-us-west-2`,
				"bucketDomainName":         `hipaa-data-123456789012-us-west-2\.s3\.amazonaws\.com`,
				"bucketRegionalDomainName": `hipaa-data-123456789012-us-west-2\.s3\.us-west-2\.amazonaws\.com`,
			}},
		{awstype.S3BucketV2, "logs", nil, `logs`, map[string]string{"bucket": "logs", "arn": `arn:aws:s3:::logs`}},
		{awstype.S3BucketPolicy, "p", strs("bucket", "b1"), `b1`, nil},
		{awstype.CloudTrailTrail, "t", strs("name", "hipaa-trail"),
			`arn:aws:cloudtrail:us-west-2:123456789012:trail/hipaa-trail`, map[string]string{
				"arn": `arn:aws:cloudtrail:us-west-2:123456789012:trail/hipaa-trail`}},
		{awstype.ConfigRule, "c", nil, `c`, map[string]string{
			"arn": `arn:aws:config:us-west-2:123456789012:config-rule/config-rule-[0-9a-f]{6}`}},
		{awstype.SNSTopic, "t", strs("name", "alerts"), `arn:aws:sns:us-west-2:123456789012:alerts`,
			map[string]string{"arn": `arn:aws:sns:us-west-2:123456789012:alerts`}},
		{awstype.SNSTopicSubscription, "s", strs("topic", "arn:aws:sns:us-west-2:123456789012:alerts",
			"protocol", "email"), `arn:aws:sns:us-west-2:123456789012:alerts:` + uuid, nil},
		{awstype.CloudWatchLogGroup, "l", strs("name", "/sce/hipaa/flow"), `/sce/hipaa/flow`,
			map[string]string{"arn": `arn:aws:logs:us-west-2:123456789012:log-group:/sce/hipaa/flow`}},
		{awstype.CloudWatchMetricAlarm, "root-login", nil, `root-login`, map[string]string{
			"arn": `arn:aws:cloudwatch:us-west-2:123456789012:alarm:root-login`}},
		{awstype.CloudWatchEventRule, "guard", nil, `guard`, map[string]string{
			"arn": `arn:aws:events:us-west-2:123456789012:rule/guard`}},
		{awstype.IAMRole, "flow-logs", strs("name", "hipaa-flow-logs"), `hipaa-flow-logs`, map[string]string{
			"arn": `arn:aws:iam::123456789012:role/hipaa-flow-logs`, "uniqueId": `AROA[A-Z2-7]{17}`}},
		{awstype.IAMRole, "r", strs("path", "/sce/"), `r`, map[string]string{
			"arn": `arn:aws:iam::123456789012:role/sce/r`}},
		{awstype.IAMPolicy, "p", nil, `arn:aws:iam::123456789012:policy/p`, nil},
		{"aws:foo/bar:Bar", "thing", strs("x", "y"), `thing-` + hex8, map[string]string{"x": "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.typ+"/"+tt.name, func(t *testing.T) {
			m := newMonitor("sce", "dev", "us-west-2")
			id, outs := register(t, m, tt.typ, tt.name, true, tt.inputs)
			assert.Regexp(t, "^"+tt.id+"$", id)
			for k, want := range tt.outputs {
				v := outs[resource.PropertyKey(k)]
				require.True(t, v.IsString(), "output %s: %v", k, v)
				assert.Regexp(t, "^"+want+"$", v.StringValue(), "output %s", k)
			}
			if _, listed := tt.outputs["arn"]; !listed && tt.typ == "aws:foo/bar:Bar" {
				assert.NotContains(t, outs, resource.PropertyKey("arn"))
			}
		})
	}
}

func TestFakeVpcMainRouteTableIsDefault(t *testing.T) {
	m := newMonitor("sce", "dev", "us-west-2")
	_, outs := register(t, m, awstype.EC2Vpc, "v", true, nil)
	assert.Equal(t, outs["defaultRouteTableId"], outs["mainRouteTableId"])
}

func TestFakeIsDeterministicAndDistinct(t *testing.T) {
	id1, outs1 := register(t, newMonitor("sce", "dev", "us-west-2"), awstype.EC2Eip, "a", true, nil)
	id2, outs2 := register(t, newMonitor("sce", "dev", "us-west-2"), awstype.EC2Eip, "a", true, nil)
	id3, _ := register(t, newMonitor("sce", "dev", "us-west-2"), awstype.EC2Eip, "b", true, nil)
	assert.Equal(t, id1, id2)
	assert.Equal(t, outs1, outs2)
	assert.NotEqual(t, id1, id3)
}

func TestFakeInstanceInItsSubnet(t *testing.T) {
	m := newMonitor("sce", "dev", "us-west-2")
	subnetID, _ := register(t, m, awstype.EC2Subnet, "private", true, strs("cidrBlock", "10.20.1.0/26"))
	for _, name := range []string{"a", "b", "c", "d"} {
		_, outs := register(t, m, awstype.EC2Instance, name, true, strs("subnetId", subnetID))
		ip := netip.MustParseAddr(outs["privateIp"].StringValue())
		assert.True(t, netip.MustParsePrefix("10.20.1.0/26").Contains(ip), ip)
		assert.GreaterOrEqual(t, ip.As4()[3], byte(4), "first four addresses are reserved")
		assert.Less(t, ip.As4()[3], byte(63), "last address is reserved")
		assert.Equal(t, "ip-"+hostIP(ip.String())+".us-west-2.compute.internal", outs["privateDns"].StringValue())
	}
	_, outs := register(t, m, awstype.EC2Instance, "fixed", true,
		strs("subnetId", subnetID, "privateIp", "10.20.1.10"))
	assert.Equal(t, "10.20.1.10", outs["privateIp"].StringValue())
}

func TestFakeTagsAll(t *testing.T) {
	m := newMonitor("sce", "dev", "us-west-2")
	tags := resource.NewProperty(strs("sce:pit", "dev"))
	_, outs := register(t, m, awstype.EC2Vpc, "v", true, resource.PropertyMap{"tags": tags})
	assert.Equal(t, tags, outs["tagsAll"])
}

func TestFakeComponentHasNoID(t *testing.T) {
	m := newMonitor("sce", "dev", "us-west-2")
	id, outs := register(t, m, "sce:index:Environment", "dev", false, nil)
	assert.Empty(t, id)
	assert.Empty(t, outs)
	require.Len(t, m.sortedResources(), 1)
	assert.Equal(t, "urn:pulumi:dev::sce::sce:index:Environment::dev", m.sortedResources()[0].URN)
}

func TestInvokes(t *testing.T) {
	tests := []struct {
		token string
		want  map[string]string
	}{
		{awstype.InvokeGetCallerIdentity, map[string]string{
			"accountId": acct, "arn": "arn:aws:iam::123456789012:user/sce-offline"}},
		{awstype.InvokeGetPartition, map[string]string{
			"partition": "aws", "dnsSuffix": "amazonaws.com", "reverseDnsPrefix": "com.amazonaws"}},
		{awstype.InvokeGetRegion, map[string]string{"name": "eu-central-1", "id": "eu-central-1"}},
		{awstype.InvokeEC2GetAmi, map[string]string{
			"id": "ami-0123456789abcdef0", "architecture": "x86_64",
			"name": "al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64"}},
	}
	m := newMonitor("sce", "dev", "eu-central-1")
	for _, tt := range tests {
		t.Run(tt.token, func(t *testing.T) {
			out, err := m.Call(pulumi.MockCallArgs{Token: tt.token})
			require.NoError(t, err)
			for k, want := range tt.want {
				assert.Equal(t, want, out[resource.PropertyKey(k)].StringValue(), k)
			}
		})
	}
	_, err := m.Call(pulumi.MockCallArgs{Token: awstype.InvokeIAMGetPolicyDocument})
	assert.EqualError(t, err, "offline plan has no mock for invoke aws:iam/getPolicyDocument:getPolicyDocument: "+
		"add one in internal/plan/mocks.go")
}

func TestMockURN(t *testing.T) {
	const env = "urn:pulumi:dev::sce::sce:index:Environment::dev"
	tests := []struct{ parent, want string }{
		{"", "urn:pulumi:dev::sce::aws:ec2/vpc:Vpc::v"},
		{testStackURN, "urn:pulumi:dev::sce::aws:ec2/vpc:Vpc::v"},
		{env, "urn:pulumi:dev::sce::sce:index:Environment$aws:ec2/vpc:Vpc::v"},
		{"urn:pulumi:dev::sce::sce:index:Environment$sce:index:Network::n",
			"urn:pulumi:dev::sce::sce:index:Environment$sce:index:Network$aws:ec2/vpc:Vpc::v"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, mockURN("sce", "dev", tt.parent, awstype.EC2Vpc, "v"))
	}
	assert.True(t, regexp.MustCompile(uuid).MatchString((&fake{urn: "x"}).uuid("k")))
}
