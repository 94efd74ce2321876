package sce_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

func TestVpcIsDedicatedWithDNS(t *testing.T) {
	p := hipaaPlan(t)
	vpc := res(t, p, tVpc, "hipaa-vpc")
	assert.Equal(t, "10.20.0.0/16", vpc.Inputs["cidrBlock"])
	assert.Equal(t, "dedicated", vpc.Inputs["instanceTenancy"])
	assert.Equal(t, true, vpc.Inputs["enableDnsSupport"])
	assert.Equal(t, true, vpc.Inputs["enableDnsHostnames"])
	assert.Len(t, p.Find(tVpc), 1)
}

func TestDefaultSecurityGroupHasNoRules(t *testing.T) {
	p := hipaaPlan(t)
	sg := res(t, p, tDefaultSG, "hipaa-default-sg")
	assert.NotContains(t, sg.Inputs, "ingress")
	assert.NotContains(t, sg.Inputs, "egress")
	assert.Equal(t, []string{urnOf(t, p, tVpc, "hipaa-vpc")}, sg.PropertyDependencies["vpcId"])
}

func TestSubnetsOneZone(t *testing.T) {
	p := hipaaPlan(t)
	assert.ElementsMatch(t, []string{"hipaa-public-subnet", "hipaa-private-subnet"}, names(p, tSubnet))
	pub := res(t, p, tSubnet, "hipaa-public-subnet")
	assert.Equal(t, "10.20.0.0/24", pub.Inputs["cidrBlock"])
	assert.Equal(t, "us-west-2a", pub.Inputs["availabilityZone"])
	assert.Equal(t, false, pub.Inputs["mapPublicIpOnLaunch"], "the bastion and the NAT gateway have Elastic IPs")
	priv := res(t, p, tSubnet, "hipaa-private-subnet")
	assert.Equal(t, "10.20.1.0/24", priv.Inputs["cidrBlock"])
	assert.Equal(t, "us-west-2a", priv.Inputs["availabilityZone"])
	assert.Equal(t, false, priv.Inputs["mapPublicIpOnLaunch"])
	assert.Equal(t, "hipaa", priv.Inputs["tags"].(map[string]any)[sce.TagPrivate])
	assert.NotContains(t, pub.Inputs["tags"], sce.TagPrivate)
}

func TestSubnetsTwoZones(t *testing.T) {
	p := omopPlan(t)
	want := map[string][2]string{
		"omop-public-subnet":    {"10.21.0.0/24", "us-west-2b"},
		"omop-private-subnet":   {"10.21.1.0/24", "us-west-2b"},
		"omop-public-subnet-2":  {"10.21.2.0/24", "us-west-2c"},
		"omop-private-subnet-2": {"10.21.3.0/24", "us-west-2c"},
	}
	assert.Len(t, p.Find(tSubnet), len(want))
	for name, w := range want {
		s := res(t, p, tSubnet, name)
		assert.Equal(t, w[0], s.Inputs["cidrBlock"], name)
		assert.Equal(t, w[1], s.Inputs["availabilityZone"], name)
	}
	// One NAT gateway serves both zones; both private subnets use the private table.
	assert.Len(t, p.Find(tNat), 1)
	assert.ElementsMatch(t, []string{"omop-public-rta", "omop-public-rta-2", "omop-private-rta", "omop-private-rta-2"}, names(p, tRTA))
	rt := urnOf(t, p, tRouteTable, "omop-private-rt")
	for _, n := range []string{"omop-private-rta", "omop-private-rta-2"} {
		assert.Equal(t, []string{rt}, res(t, p, tRTA, n).PropertyDependencies["routeTableId"])
	}
	assert.Equal(t, []string{urnOf(t, p, tSubnet, "omop-private-subnet-2")}, res(t, p, tRTA, "omop-private-rta-2").PropertyDependencies["subnetId"])
}

func TestNatGatewayAndEipDependOnInternetGateway(t *testing.T) {
	p := hipaaPlan(t)
	igw := urnOf(t, p, tIgw, "hipaa-igw")
	eip := res(t, p, tEip, "hipaa-nat-eip")
	assert.Equal(t, "vpc", eip.Inputs["domain"])
	assert.Contains(t, eip.Dependencies, igw)
	nat := res(t, p, tNat, "hipaa-nat")
	assert.Contains(t, nat.Dependencies, igw)
	assert.Equal(t, []string{eip.URN}, nat.PropertyDependencies["allocationId"])
	assert.Equal(t, []string{urnOf(t, p, tSubnet, "hipaa-public-subnet")}, nat.PropertyDependencies["subnetId"])
	assert.Equal(t, []string{urnOf(t, p, tVpc, "hipaa-vpc")}, res(t, p, tIgw, "hipaa-igw").PropertyDependencies["vpcId"])
}

func TestRoutes(t *testing.T) {
	p := hipaaPlan(t)
	// Routes are separate resources: no route table carries inline routes.
	for _, rt := range p.Find(tRouteTable) {
		assert.NotContains(t, rt.Inputs, "routes", rt.Name)
	}
	pub := res(t, p, tRoute, "hipaa-public-default-route")
	assert.Equal(t, "0.0.0.0/0", pub.Inputs["destinationCidrBlock"])
	assert.Equal(t, []string{urnOf(t, p, tIgw, "hipaa-igw")}, pub.PropertyDependencies["gatewayId"])
	assert.Equal(t, []string{urnOf(t, p, tRouteTable, "hipaa-public-rt")}, pub.PropertyDependencies["routeTableId"])
	assert.NotContains(t, pub.Inputs, "natGatewayId")

	priv := res(t, p, tRoute, "hipaa-private-default-route")
	assert.Equal(t, "0.0.0.0/0", priv.Inputs["destinationCidrBlock"])
	assert.Equal(t, []string{urnOf(t, p, tNat, "hipaa-nat")}, priv.PropertyDependencies["natGatewayId"])
	assert.Equal(t, []string{urnOf(t, p, tRouteTable, "hipaa-private-rt")}, priv.PropertyDependencies["routeTableId"])
	assert.NotContains(t, priv.Inputs, "gatewayId")
	assert.Len(t, p.Find(tRoute), 2)

	assert.Equal(t, []string{urnOf(t, p, tSubnet, "hipaa-public-subnet")}, res(t, p, tRTA, "hipaa-public-rta").PropertyDependencies["subnetId"])
	assert.Equal(t, []string{urnOf(t, p, tRouteTable, "hipaa-public-rt")}, res(t, p, tRTA, "hipaa-public-rta").PropertyDependencies["routeTableId"])
	assert.Equal(t, []string{urnOf(t, p, tSubnet, "hipaa-private-subnet")}, res(t, p, tRTA, "hipaa-private-rta").PropertyDependencies["subnetId"])
}

func TestMainRouteTableIsPrivate(t *testing.T) {
	p := hipaaPlan(t)
	main := res(t, p, tMainRTA, "hipaa-main-rt")
	assert.Equal(t, []string{urnOf(t, p, tRouteTable, "hipaa-private-rt")}, main.PropertyDependencies["routeTableId"])
	assert.Equal(t, []string{urnOf(t, p, tVpc, "hipaa-vpc")}, main.PropertyDependencies["vpcId"])
	assert.Len(t, p.Find(tMainRTA), 1)
}

func TestS3EndpointKeepsNatRoute(t *testing.T) {
	p := hipaaPlan(t)
	ep := res(t, p, tEndpoint, "hipaa-s3-endpoint")
	assert.Equal(t, "com.amazonaws.us-west-2.s3", ep.Inputs["serviceName"])
	assert.Equal(t, "Gateway", ep.Inputs["vpcEndpointType"])
	require.Len(t, ep.Inputs["routeTableIds"], 2)
	privateRT := urnOf(t, p, tRouteTable, "hipaa-private-rt")
	assert.ElementsMatch(t, []string{privateRT, urnOf(t, p, tRouteTable, "hipaa-public-rt")}, ep.PropertyDependencies["routeTableIds"])
	// The NAT default route is its own resource on the same table, so the
	// endpoint's route is added next to it and neither replaces the other.
	assert.Equal(t, []string{privateRT}, res(t, p, tRoute, "hipaa-private-default-route").PropertyDependencies["routeTableId"])
}

func TestS3EndpointPolicyAllowsOnlyProjectAndRepositoryBuckets(t *testing.T) {
	p := hipaaPlan(t)
	st := statements(t, doc(t, res(t, p, tEndpoint, "hipaa-s3-endpoint").Inputs["policy"]))
	require.Len(t, st, 2)
	project := st["ProjectBucketsOnly"]
	assert.Equal(t, "Allow", project["Effect"])
	assert.Equal(t, "*", project["Principal"])
	assert.Equal(t, "s3:*", project["Action"])
	var want []any
	for _, role := range sce.BucketRoles() {
		arn := fmt.Sprintf("arn:aws:s3:::hipaa-%s-%s-%s", role, account, region)
		want = append(want, arn, arn+"/*")
	}
	assert.Equal(t, want, project["Resource"])

	repos := st["OperatingSystemRepositories"]
	assert.Equal(t, "Allow", repos["Effect"])
	assert.Equal(t, "s3:GetObject", repos["Action"])
	assert.Equal(t, []any{
		"arn:aws:s3:::al2023-repos-us-west-2-de612dc2/*",
		"arn:aws:s3:::amazonlinux-2-repos-us-west-2/*",
		"arn:aws:s3:::amazon-ssm-us-west-2/*",
		"arn:aws:s3:::amazon-ssm-packages-us-west-2/*",
		"arn:aws:s3:::aws-ssm-us-west-2/*",
		"arn:aws:s3:::us-west-2-birdwatcher-prod/*",
		"arn:aws:s3:::aws-ssm-distributor-file-us-west-2/*",
		"arn:aws:s3:::aws-ssm-document-attachments-us-west-2/*",
		"arn:aws:s3:::amazoncloudwatch-agent-us-west-2/*",
		"arn:aws:s3:::aws-patch-manager-us-west-2-34d7f99f8/*",
		"arn:aws:s3:::patch-baseline-snapshot-us-west-2/*",
	}, repos["Resource"], "Patch Manager's scripts and snapshots: AWS-RunPatchBaseline fails without them")
}

func TestFlowLogs(t *testing.T) {
	p := hipaaPlan(t)
	lg := res(t, p, tLogGroup, "hipaa-flow-logs-log-group")
	assert.Equal(t, "/sce/hipaa/flow-logs", lg.Inputs["name"])
	assert.Equal(t, float64(365), lg.Inputs["retentionInDays"])
	key := urnOf(t, p, tKey, "hipaa-key")
	assert.Equal(t, []string{key}, lg.PropertyDependencies["kmsKeyId"])

	cw := res(t, p, tFlowLog, "hipaa-flow-log")
	assert.Equal(t, "ALL", cw.Inputs["trafficType"])
	assert.Equal(t, "cloud-watch-logs", cw.Inputs["logDestinationType"])
	assert.Equal(t, []string{lg.URN}, cw.PropertyDependencies["logDestination"])
	role := res(t, p, tRole, "hipaa-flow-log-role")
	assert.Equal(t, []string{role.URN}, cw.PropertyDependencies["iamRoleArn"])
	assert.Contains(t, cw.Dependencies, urnOf(t, p, tAttach, "hipaa-flow-log-role-policy-attachment"))
	assert.Equal(t, []string{urnOf(t, p, tVpc, "hipaa-vpc")}, cw.PropertyDependencies["vpcId"])

	trust := statements(t, doc(t, role.Inputs["assumeRolePolicy"]))
	assert.Equal(t, asJSON(t, map[string]any{
		"Sid": "AssumeRoleFromvpc-flow-logs.amazonaws.com", "Effect": "Allow",
		"Principal": map[string]any{"Service": "vpc-flow-logs.amazonaws.com"},
		"Action":    "sts:AssumeRole",
		"Condition": map[string]any{
			"StringEquals": map[string]any{"aws:SourceAccount": account},
			"ArnLike":      map[string]any{"aws:SourceArn": "arn:aws:ec2:us-west-2:123456789012:vpc-flow-log/*"},
		},
	}), any(trust["AssumeRoleFromvpc-flow-logs.amazonaws.com"]))
	perms := statements(t, doc(t, res(t, p, tIAMPolicy, "hipaa-flow-log-role-policy").Inputs["policy"]))
	lgArn := "arn:aws:logs:us-west-2:123456789012:log-group:/sce/hipaa/flow-logs"
	assert.Equal(t, asJSON(t, map[string]any{
		"Sid": "WriteProjectLogGroup", "Effect": "Allow",
		"Action":   []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"},
		"Resource": []string{lgArn, lgArn + ":log-stream:*"},
	}), any(perms["WriteProjectLogGroup"]))

	s3 := res(t, p, tFlowLog, "hipaa-flow-log-s3")
	assert.Equal(t, "ALL", s3.Inputs["trafficType"])
	assert.Equal(t, "s3", s3.Inputs["logDestinationType"])
	assert.Equal(t, "arn:aws:s3:::hipaa-logs-123456789012-us-west-2/flow-logs", s3.Inputs["logDestination"])
	assert.Contains(t, s3.Dependencies, urnOf(t, p, tPolicy, "hipaa-logs-policy"))
	assert.Len(t, p.Find(tFlowLog), 2)
}

func TestNetworkACLs(t *testing.T) {
	p := hipaaPlan(t)
	pubACL := res(t, p, tNacl, "hipaa-public-nacl")
	assert.Equal(t, []string{urnOf(t, p, tSubnet, "hipaa-public-subnet")}, pubACL.PropertyDependencies["subnetIds"])
	privACL := res(t, p, tNacl, "hipaa-private-nacl")
	assert.Equal(t, []string{urnOf(t, p, tSubnet, "hipaa-private-subnet")}, privACL.PropertyDependencies["subnetIds"])

	type entry struct {
		number         float64
		egress         bool
		protocol, act  string
		cidr           string
		fromPort, port float64
	}
	got := map[string]entry{}
	for _, r := range p.Find(tNaclRule) {
		in := r.Inputs
		got[r.Name] = entry{in["ruleNumber"].(float64), in["egress"].(bool), in["protocol"].(string),
			in["ruleAction"].(string), in["cidrBlock"].(string), in["fromPort"].(float64), in["toPort"].(float64)}
		acl := "hipaa-public-nacl"
		if strings.HasPrefix(r.Name, "hipaa-private") {
			acl = "hipaa-private-nacl"
		}
		assert.Equal(t, []string{urnOf(t, p, tNacl, acl)}, r.PropertyDependencies["networkAclId"], r.Name)
	}
	want := map[string]entry{
		"hipaa-public-nacl-in-ssh-1":    {200, false, "6", "allow", "198.51.100.0/24", 22, 22},
		"hipaa-public-nacl-in-ssh-2":    {201, false, "6", "allow", "203.0.113.0/25", 22, 22},
		"hipaa-public-nacl-in-vpc":      {400, false, "-1", "allow", "10.20.0.0/16", 0, 0},
		"hipaa-public-nacl-in-return":   {500, false, "6", "allow", "0.0.0.0/0", 1024, 65535},
		"hipaa-public-nacl-out-egress":  {100, true, "-1", "allow", "0.0.0.0/0", 0, 0},
		"hipaa-private-nacl-in-vpc":     {100, false, "-1", "allow", "10.20.0.0/16", 0, 0},
		"hipaa-private-nacl-in-return":  {200, false, "6", "allow", "0.0.0.0/0", 1024, 65535},
		"hipaa-private-nacl-out-egress": {100, true, "-1", "allow", "0.0.0.0/0", 0, 0},
	}
	assert.Equal(t, want, got)
}

// TestPublicNACLFitsTheMostSSHBlocks: with as many client blocks as
// validation allows, the public network ACL holds the default quota of 20
// inbound rules, and none of them denies a port of the return range, which
// the NAT gateway uses as the source ports of the connections it translates.
func TestPublicNACLFitsTheMostSSHBlocks(t *testing.T) {
	p := hipaaVariant(t, func(a *sce.EnvironmentArgs) {
		a.Network.AllowedSSHCidrs = nil
		for i := range sce.MaxSSHCidrs {
			a.Network.AllowedSSHCidrs = append(a.Network.AllowedSSHCidrs, fmt.Sprintf("198.51.%d.0/24", i))
		}
	})
	inbound := 0
	for _, r := range p.Find(tNaclRule) {
		if !strings.HasPrefix(r.Name, "hipaa-public-nacl-in-") {
			continue
		}
		inbound++
		assert.Equal(t, "allow", r.Inputs["ruleAction"], r.Name)
	}
	assert.Equal(t, 20, inbound)
}
