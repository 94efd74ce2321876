package policy_test

import (
	"context"
	"maps"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// shippedWithEgress plans the shipped stack with sce:egress set to mode,
// from its own file otherwise, by the engine `sce plan` uses.
func shippedWithEgress(t *testing.T, stack, mode string) *plan.Plan {
	t.Helper()
	return shippedWithConfig(t, stack, map[string]string{"sce:egress": mode})
}

// shippedWithConfig plans the shipped stack with its config keys changed:
// each key of set takes its value, an empty value removes the key.
func shippedWithConfig(t *testing.T, stack string, set map[string]string) *plan.Plan {
	t.Helper()
	f, err := stackfile.Load(filepath.Join(stacksDir, "Pulumi."+stack+".yaml"), stacks.KnownConfigKeys())
	require.NoError(t, err)
	cfg := maps.Clone(f.Config)
	for k, v := range set {
		if v == "" {
			require.Contains(t, cfg, k)
			delete(cfg, k)
			continue
		}
		cfg[k] = v
	}
	p, err := plan.Run(context.Background(), plan.RunOptions{Project: plan.ProjectName, Stack: stack, Config: cfg, Program: stacks.Build,
		StackReferences: stackfile.Resolver(context.Background(), stacksDir, stacks.Build, stacks.KnownConfigKeys())})
	require.NoError(t, err)
	return p
}

// bastionAdvisory is the advisory every shipped project stack has on purpose.
const bastionAdvisory = "Instance 'hipaa-bastion' is reachable from the internet: allowed as a bastion by config publicInstances"

// openAdvisory is what stack_warn_egress_open says about the hipaa stack in open mode.
const openAdvisory = "Workers reach any host on the internet through NAT gateway 'hipaa-nat' (sce:egress is open): " +
	"set sce:egress to allowlist, with sce:egressDomains for the project's own hosts, or to none"

// TestEgressModesVerdicts: the hipaa stack planned in each egress mode has
// no mandatory violation; open adds exactly one advisory, which names
// sce:egress and the fix.
func TestEgressModesVerdicts(t *testing.T) {
	pack := loadPack(t)
	for mode, want := range map[string][]string{
		"allowlist": {"stack_warn_ec2_public_instance: " + bastionAdvisory},
		"open":      {"stack_warn_ec2_public_instance: " + bastionAdvisory, "stack_warn_egress_open: " + openAdvisory},
		"none":      {"stack_warn_ec2_public_instance: " + bastionAdvisory},
	} {
		t.Run(mode, func(t *testing.T) {
			p := shippedWithEgress(t, "hipaa", mode)
			res, err := pack.Check(context.Background(), p, nil)
			require.NoError(t, err)
			assert.Zero(t, res.Count(policy.Mandatory), "%v", res.Violations)
			var got []string
			for _, v := range res.Violations {
				got = append(got, v.Rule+": "+v.Message)
			}
			assert.ElementsMatch(t, want, got)
		})
	}
}

// egressMutation is one change to the hipaa plan in an egress mode and the
// message the egress rule meant for it reports.
type egressMutation struct {
	name, mode string
	apply      func(t *testing.T, p *plan.Plan)
	rule, want string
}

func egressMutations() []egressMutation {
	return []egressMutation{
		{name: "drop the DNS Firewall association", mode: "allowlist", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-dns-firewall-association") },
			rule: "stack_deny_egress_dns_firewall", want: "VPC 'hipaa-vpc' has no DNS Firewall rule group association, but sce:egress is allowlist: its instances resolve any name"},
		{name: "drop the DNS Firewall association without a way out", mode: "none", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-dns-firewall-association") },
			rule: "stack_deny_egress_dns_firewall", want: "VPC 'hipaa-vpc' has no DNS Firewall rule group association, but sce:egress is none: its instances resolve any name"},
		{name: "open every protocol out of the workers", mode: "allowlist", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-worker-https-out", "ipProtocol", "-1")
		}, rule: "stack_deny_egress_worker_sg_open", want: "Worker security group 'hipaa-worker-sg' rule 'hipaa-worker-https-out' allows every port out to 0.0.0.0/0, but sce:egress is allowlist"},
		{name: "open every TCP port out of the workers", mode: "allowlist", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-worker-https-out", "fromPort", 0.0)
			set(t, p, "hipaa-worker-https-out", "toPort", 65535.0)
		}, rule: "stack_deny_egress_worker_sg_open", want: "Worker security group 'hipaa-worker-sg' rule 'hipaa-worker-https-out' allows every port out to 0.0.0.0/0, but sce:egress is allowlist"},
		{name: "add a NAT gateway", mode: "none", apply: func(t *testing.T, p *plan.Plan) {
			add(t, p, "hipaa-vpc", awstype.EC2NatGateway, "hipaa-nat", map[string]any{"subnetId": plan.Unknown})
			link(t, p, "hipaa-nat", "subnetId", "hipaa-public-subnet")
		}, rule: "stack_deny_egress_none_internet", want: "NAT gateway 'hipaa-nat' exists, but sce:egress is none: the private subnet must have no way to the internet"},
		{name: "route the private subnet to a NAT gateway", mode: "none", apply: func(t *testing.T, p *plan.Plan) {
			add(t, p, "hipaa-vpc", awstype.EC2Route, "hipaa-private-default-route", map[string]any{
				"routeTableId": plan.Unknown, "destinationCidrBlock": "0.0.0.0/0", "natGatewayId": "nat-0123"})
			link(t, p, "hipaa-private-default-route", "routeTableId", "hipaa-private-rt")
		}, rule: "stack_deny_egress_none_internet", want: "Route table 'hipaa-private-rt' routes to a NAT gateway, but sce:egress is none and the table is private"},
	}
}

// TestEgressMutationsCaught applies each mutation alone to the hipaa plan
// of its mode and checks that the rule meant for it reports it (and did
// not before).
func TestEgressMutationsCaught(t *testing.T) {
	pack := loadPack(t)
	bases := map[string]*plan.Plan{}
	for _, m := range egressMutations() {
		t.Run(m.name, func(t *testing.T) {
			if bases[m.mode] == nil {
				bases[m.mode] = shippedWithEgress(t, "hipaa", m.mode)
			}
			before, err := pack.Check(context.Background(), bases[m.mode], nil)
			require.NoError(t, err)
			require.Empty(t, messages(before, m.rule))
			p := clonePlan(bases[m.mode])
			m.apply(t, p)
			res, err := pack.Check(context.Background(), p, nil)
			require.NoError(t, err)
			assert.Contains(t, messages(res, m.rule), m.want)
		})
	}
}

// TestEgressRulesReadTheStackMode: an open stack (no firewall) judged as
// allowlist (a preview without `sce policy config`) fails closed on the
// missing firewall; its own config does not.
func TestEgressRulesReadTheStackMode(t *testing.T) {
	pack := loadPack(t)
	p := shippedWithEgress(t, "hipaa", "open")
	over := policy.Config{"stack_deny_egress_dns_firewall": {Properties: map[string]any{"egress": "allowlist"}}}
	res, err := pack.Check(context.Background(), p, over)
	require.NoError(t, err)
	assert.Equal(t, []string{"VPC 'hipaa-vpc' has no DNS Firewall rule group association, but sce:egress is allowlist: its instances resolve any name"},
		messages(res, "stack_deny_egress_dns_firewall"))
	own, err := pack.Check(context.Background(), p, nil)
	require.NoError(t, err)
	assert.Empty(t, messages(own, "stack_deny_egress_dns_firewall"))
}
