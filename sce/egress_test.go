package sce_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/sce"
)

// dnsFirewallTypes are the resource types the allowlist mode adds.
func dnsFirewallTypes() []string {
	return []string{awstype.Route53ResolverFirewallDomainList, awstype.Route53ResolverFirewallRuleGroup,
		awstype.Route53ResolverFirewallRule, awstype.Route53ResolverFirewallRuleGroupAssociation,
		awstype.Route53ResolverFirewallConfig, awstype.Route53ResolverQueryLogConfig, awstype.Route53ResolverQueryLogConfigAssociation}
}

func TestEgressAllowlistIsTheDefault(t *testing.T) {
	p := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Egress.Domains = []string{"cran.r-project.org", "*.pythonhosted.org"} })
	allowed := res(t, p, awstype.Route53ResolverFirewallDomainList, "hipaa-dns-allowed")
	assert.Equal(t, []any{
		"s3.us-west-2.amazonaws.com", "*.s3.us-west-2.amazonaws.com", "s3.dualstack.us-west-2.amazonaws.com", "*.s3.dualstack.us-west-2.amazonaws.com",
		"ssm.us-west-2.amazonaws.com", "ssmmessages.us-west-2.amazonaws.com", "ec2messages.us-west-2.amazonaws.com", "logs.us-west-2.amazonaws.com",
		"kms.us-west-2.amazonaws.com", "sts.us-west-2.amazonaws.com", "monitoring.us-west-2.amazonaws.com",
		"cran.r-project.org", "*.pythonhosted.org"}, allowed.Inputs["domains"])
	assert.Equal(t, []any{"*"}, res(t, p, awstype.Route53ResolverFirewallDomainList, "hipaa-dns-all").Inputs["domains"])

	allow := res(t, p, awstype.Route53ResolverFirewallRule, "hipaa-dns-allow")
	assert.Equal(t, "ALLOW", allow.Inputs["action"])
	assert.Equal(t, float64(100), allow.Inputs["priority"])
	assert.Equal(t, []string{allowed.URN}, allow.PropertyDependencies["firewallDomainListId"])
	block := res(t, p, awstype.Route53ResolverFirewallRule, "hipaa-dns-block")
	assert.Equal(t, "BLOCK", block.Inputs["action"])
	assert.Equal(t, "NXDOMAIN", block.Inputs["blockResponse"])
	assert.Equal(t, float64(200), block.Inputs["priority"])

	vpc := urnOf(t, p, tVpc, "hipaa-vpc")
	assoc := res(t, p, awstype.Route53ResolverFirewallRuleGroupAssociation, "hipaa-dns-firewall-association")
	assert.Equal(t, []string{vpc}, assoc.PropertyDependencies["vpcId"])
	assert.Equal(t, float64(101), assoc.Inputs["priority"])
	assert.Equal(t, "DISABLED", res(t, p, awstype.Route53ResolverFirewallConfig, "hipaa-dns-firewall-config").Inputs["firewallFailOpen"])

	lg := res(t, p, tLogGroup, "hipaa-dns-queries-log-group")
	assert.Equal(t, "/sce/hipaa/dns-queries", lg.Inputs["name"])
	assert.Equal(t, []string{urnOf(t, p, tKey, "hipaa-key")}, lg.PropertyDependencies["kmsKeyId"])
	qlc := res(t, p, awstype.Route53ResolverQueryLogConfig, "hipaa-dns-query-log")
	assert.Equal(t, []string{lg.URN}, qlc.PropertyDependencies["destinationArn"])
	qla := res(t, p, awstype.Route53ResolverQueryLogConfigAssociation, "hipaa-dns-query-log-association")
	assert.Equal(t, []string{vpc}, qla.PropertyDependencies["resourceId"])
	assert.Equal(t, []string{qlc.URN}, qla.PropertyDependencies["resolverQueryLogConfigId"])

	s3 := res(t, p, awstype.Route53ResolverQueryLogConfig, "hipaa-dns-query-log-s3")
	assert.Equal(t, "arn:aws:s3:::hipaa-logs-123456789012-us-west-2/dns-queries", s3.Inputs["destinationArn"])
	assert.Equal(t, "hipaa-dns-query-log-s3", s3.Inputs["name"])
	assert.Subset(t, s3.Dependencies, []string{urnOf(t, p, tBucket, "hipaa-logs"), urnOf(t, p, tPolicy, "hipaa-logs-policy")},
		"Resolver delivers to the logs bucket only once its policy admits it")
	s3a := res(t, p, awstype.Route53ResolverQueryLogConfigAssociation, "hipaa-dns-query-log-s3-association")
	assert.Equal(t, []string{vpc}, s3a.PropertyDependencies["resourceId"])
	assert.Equal(t, []string{s3.URN}, s3a.PropertyDependencies["resolverQueryLogConfigId"])
	assert.Len(t, p.Find(awstype.Route53ResolverQueryLogConfig), 2, "one config per destination")

	f := res(t, p, tFilter, "hipaa-dns-blocked-queries-filter")
	assert.Equal(t, `{ $.firewall_rule_action = "BLOCK" }`, f.Inputs["pattern"])
	res(t, p, tAlarm, "hipaa-dns-blocked-queries")

	w := res(t, p, tInstance, "hipaa-worker-1")
	assert.Contains(t, w.Dependencies, assoc.URN, "workers boot only after the firewall filters the VPC")
	require.Len(t, p.Find(tNat), 1, "allowlist keeps the NAT gateway")
}

func TestEgressOpenAddsNoFirewall(t *testing.T) {
	p := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Egress.Mode = sce.EgressOpen })
	for _, typ := range dnsFirewallTypes() {
		assert.Empty(t, p.Find(typ), typ)
	}
	assert.NotContains(t, names(p, tLogGroup), "hipaa-dns-queries-log-group")
	assert.NotContains(t, names(p, tAlarm), "hipaa-dns-blocked-queries")
	logs := statements(t, doc(t, res(t, p, tPolicy, "hipaa-logs-policy").Inputs["policy"]))
	assert.NotContains(t, logs, "ResolverQueryLogsWrite", "no query logs, no delivery grant")
	assert.Contains(t, logs, "FlowLogsWrite")
}

// TestEgressNoneFiltersDNSWithTheBaseList: without a way out, the VPC
// resolver still answers every public name, and a query for an outside
// domain carries data to that domain's name servers; so none keeps the
// allowlist's firewall, query logs and alarm, with the base list alone
// (sce:egressDomains is refused in this mode), exactly the resources of
// allowlist's firewall.
func TestEgressNoneFiltersDNSWithTheBaseList(t *testing.T) {
	none := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Egress.Mode = sce.EgressNone })
	allowlist := hipaaPlan(t)
	for _, typ := range append(dnsFirewallTypes(), tAlarm, tFilter, tLogGroup) {
		assert.Equal(t, names(allowlist, typ), names(none, typ), typ)
	}
	assert.Equal(t, res(t, allowlist, awstype.Route53ResolverFirewallDomainList, "hipaa-dns-allowed").Inputs["domains"],
		res(t, none, awstype.Route53ResolverFirewallDomainList, "hipaa-dns-allowed").Inputs["domains"])
	assert.Len(t, res(t, none, awstype.Route53ResolverFirewallDomainList, "hipaa-dns-allowed").Inputs["domains"], 11)
	assert.Equal(t, "BLOCK", res(t, none, awstype.Route53ResolverFirewallRule, "hipaa-dns-block").Inputs["action"])
	assert.Equal(t, "DISABLED", res(t, none, awstype.Route53ResolverFirewallConfig, "hipaa-dns-firewall-config").Inputs["firewallFailOpen"])
	logs := statements(t, doc(t, res(t, none, tPolicy, "hipaa-logs-policy").Inputs["policy"]))
	assert.Contains(t, logs, "ResolverQueryLogsWrite")
	assert.Contains(t, res(t, none, tInstance, "hipaa-worker-1").Dependencies,
		urnOf(t, none, awstype.Route53ResolverFirewallRuleGroupAssociation, "hipaa-dns-firewall-association"))
	assert.Empty(t, none.Find(tNat))
}

func TestEgressNoneHasNoWayToTheInternet(t *testing.T) {
	p := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Egress.Mode = sce.EgressNone })
	assert.Empty(t, p.Find(tNat))
	assert.NotContains(t, names(p, tEip), "hipaa-nat-eip")
	assert.Equal(t, []string{"hipaa-public-default-route"}, names(p, tRoute), "only the public table routes to the internet gateway")
	ep := res(t, p, tEndpoint, "hipaa-s3-endpoint")
	assert.Contains(t, ep.PropertyDependencies["routeTableIds"], urnOf(t, p, tRouteTable, "hipaa-private-rt"))
	open := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Egress.Mode = sce.EgressOpen })
	assert.Len(t, open.Find(tNat), 1)
	assert.ElementsMatch(t, []string{"hipaa-public-default-route", "hipaa-private-default-route"}, names(open, tRoute))
}

// TestWorkerEgressIsHTTPSOnlyInEveryMode: in every egress mode the workers'
// security group lets out exactly TCP 443 to anywhere (through the NAT
// gateway, when there is one) and TCP 443 to the S3 prefix list. DNS (the
// VPC resolver) and time (Amazon Time Sync, 169.254.169.123) need no rule:
// security groups do not filter those link-local services.
func TestWorkerEgressIsHTTPSOnlyInEveryMode(t *testing.T) {
	for _, mode := range sce.EgressModes() {
		p := hipaaVariant(t, func(a *sce.EnvironmentArgs) { a.Egress.Mode = mode })
		sg := urnOf(t, p, tSG, "hipaa-worker-sg")
		got := map[string]string{}
		for _, r := range p.Find(tSGOut) {
			if r.PropertyDependencies["securityGroupId"][0] != sg {
				continue
			}
			peer, _ := r.Inputs["cidrIpv4"].(string)
			if deps := r.PropertyDependencies["prefixListId"]; len(deps) > 0 {
				peer = deps[0]
			}
			got[r.Name] = fmt.Sprintf("%v %v-%v %s", r.Inputs["ipProtocol"], r.Inputs["fromPort"], r.Inputs["toPort"], peer)
		}
		assert.Equal(t, map[string]string{
			"hipaa-worker-https-out": "tcp 443-443 0.0.0.0/0",
			"hipaa-worker-s3-out":    "tcp 443-443 " + urnOf(t, p, tEndpoint, "hipaa-s3-endpoint"),
		}, got, mode)
	}
}
