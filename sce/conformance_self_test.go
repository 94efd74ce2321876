package sce_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce/internal/conformance"
	"github.com/sce-dev/sce/stacks"
)

// The AWS HIPAA Quick Start fails its own conformance pack; sce must not.
// Each rule of the pack that a plan can show is evaluated here, as AWS
// Config would evaluate it with the pack's parameters, against the plans of
// every shipped stack (stacks/Pulumi.*.yaml, what `sce plan` shows). A
// failing resource is accepted only when the exceptions file lists it for
// the stack's access mode.

// failure is one resource that does not comply with a rule.
type failure struct {
	stack, resource, why string
}

func (f failure) String() string { return f.stack + " " + f.resource + ": " + f.why }

// packCheck evaluates one managed rule on the plans with the rule's parameters.
type packCheck func(plans []*plan.Plan, params map[string]string) []failure

// each applies judge to every resource of type typ in plans; a non-empty
// answer is a failure of that resource.
func each(plans []*plan.Plan, typ string, judge func(p *plan.Plan, r plan.Resource) string) []failure {
	var out []failure
	for _, p := range plans {
		for _, r := range p.Find(typ) {
			if why := judge(p, r); why != "" {
				out = append(out, failure{p.Stack, r.Name, why})
			}
		}
	}
	return out
}

// noneOf fails every resource whose type starts with one of prefixes.
func noneOf(prefixes ...string) packCheck {
	return func(plans []*plan.Plan, _ map[string]string) []failure {
		var out []failure
		for _, p := range plans {
			for _, r := range p.Resources {
				for _, prefix := range prefixes {
					if strings.HasPrefix(r.Type, prefix) {
						out = append(out, failure{p.Stack, r.Name, "sce now creates " + r.Type + ": check the rule"})
					}
				}
			}
		}
		return out
	}
}

// sub is the resource of type typ named after r with suffix, if any.
func sub(p *plan.Plan, r plan.Resource, typ, suffix string) (plan.Resource, bool) {
	for _, s := range p.Find(typ) {
		if s.Name == r.Name+suffix {
			return s, true
		}
	}
	return plan.Resource{}, false
}

// dependsOn reports whether r's input key depends on the resource urn.
func dependsOn(r plan.Resource, key, urn string) bool {
	for _, d := range r.PropertyDependencies[key] {
		if d == urn {
			return true
		}
	}
	return false
}

// policyStatements parses a JSON policy document input into its statements.
func policyStatements(v any) []map[string]any {
	s, _ := v.(string)
	var d struct {
		Statement []map[string]any
	}
	if json.Unmarshal([]byte(s), &d) != nil {
		return nil
	}
	return d.Statement
}

// strs reads a string or a list of strings from a policy field.
func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, _ := e.(string)
			out = append(out, s)
		}
		return out
	}
	return nil
}

// tagOf is the value of r's tag key.
func tagOf(r plan.Resource, key string) string {
	tags, _ := r.Inputs["tags"].(map[string]any)
	v, _ := tags[key].(string)
	return v
}

// shippedStackPlans plans every shipped stack file, the baseline first.
func shippedStackPlans(t *testing.T) []*plan.Plan {
	t.Helper()
	files, err := filepath.Glob("../stacks/Pulumi.*.yaml")
	require.NoError(t, err)
	var out []*plan.Plan
	for _, f := range files {
		stack := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "Pulumi."), ".yaml")
		p, err := stackfile.Plan(context.Background(), "../stacks", stack, stacks.Build, stacks.KnownConfigKeys())
		require.NoError(t, err, stack)
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Find(tBaseline) != nil && out[j].Find(tBaseline) == nil })
	require.NotEmpty(t, out)
	require.NotEmpty(t, out[0].Find(tBaseline), "the shipped stacks include the account baseline")
	return out
}

// accessMode is a project plan's access mode (sce:access, bastion by
// default); "" for the baseline.
func accessMode(p *plan.Plan) string {
	if p.Find(tBaseline) != nil {
		return ""
	}
	var mode string
	if v, ok := p.Config["sce:access"]; ok {
		_ = json.Unmarshal([]byte(v), &mode)
		if mode == "" {
			mode = v
		}
	}
	if mode == "" {
		mode = conformance.AccessBastion
	}
	return mode
}

// allChecks are the offline checks of every rule of the pack that a plan
// can show, by managed rule identifier.
func allChecks() map[string]packCheck {
	checks := map[string]packCheck{}
	for _, part := range []map[string]packCheck{bucketChecks(), encryptionChecks(), trailChecks(), monitoringChecks(),
		networkChecks(), iamChecks(), backupChecks(), warehouseChecks()} {
		for id, c := range part {
			checks[id] = c
		}
	}
	return checks
}

// notYetPassing counts, by rule, the resources of the shipped stacks that
// fail a rule today with no exception to cover them: the rules whose
// notYetMet in the data file says what change they wait for. The test
// fails when the counts are wrong either way, so an entry goes with the
// change that fixes it, and a new failure cannot slip in.
func notYetPassing() map[string]int {
	return map[string]int{}
}

func TestShippedStacksPassTheirConformancePack(t *testing.T) {
	rules, err := conformance.Rules()
	require.NoError(t, err)
	plans := shippedStackPlans(t)
	checks := allChecks()
	accepted := map[string]bool{}
	open := map[string]int{}
	for _, r := range rules {
		check, ok := checks[r.Identifier]
		if r.AWSOnly != "" {
			assert.False(t, ok, "%s is evaluated on AWS only, yet has an offline check", r.Identifier)
			continue
		}
		require.True(t, ok, "%s (%s) has no offline check: add one here, or say in %s why only AWS can evaluate it",
			r.Name, r.Identifier, conformance.DataFile)
		for _, f := range check(plans, r.Parameters) {
			if excepted(t, plans, r.Identifier, f) {
				accepted[r.Identifier+" "+f.stack+" "+f.resource] = true
				continue
			}
			open[r.Identifier]++
			t.Logf("%s fails %s", f, r.Identifier)
		}
	}
	assert.Equal(t, notYetPassing(), open, "failures no exception covers, by rule")
	for _, r := range rules {
		_, fails := open[r.Identifier]
		assert.Equal(t, fails, r.NotYetMet != "", "%s: notYetMet in %s says what fails, exactly when it fails",
			r.Identifier, conformance.DataFile)
	}
	for _, p := range plans {
		exceptions, err := conformance.ExceptionsFor(accessMode(p))
		require.NoError(t, err)
		for _, e := range exceptions {
			assert.True(t, accepted[e.Rule+" "+p.Stack+" "+e.ResourceOf(p.Stack)],
				"%s: the exception of %s for %s is not needed: remove it from %s", p.Stack, e.Rule, e.ResourceOf(p.Stack),
				conformance.ExceptionsFile)
		}
	}
	assert.Len(t, checks, len(rules)-awsOnlyCount(rules), "every check belongs to a rule of the pack")
}

// excepted reports whether the exceptions file accepts failure f of rule
// in the access mode of f's stack.
func excepted(t *testing.T, plans []*plan.Plan, rule string, f failure) bool {
	for _, p := range plans {
		if p.Stack != f.stack {
			continue
		}
		exceptions, err := conformance.ExceptionsFor(accessMode(p))
		require.NoError(t, err)
		for _, e := range exceptions {
			if e.Rule == rule && e.ResourceOf(p.Stack) == f.resource {
				return true
			}
		}
	}
	return false
}

func awsOnlyCount(rules []conformance.Rule) int {
	n := 0
	for _, r := range rules {
		if r.AWSOnly != "" {
			n++
		}
	}
	return n
}

// TestRulesOnlyAWSCanEvaluate lists the rules of the pack that no plan can
// show, and why; the evidence report marks them "evaluated on AWS only".
func TestRulesOnlyAWSCanEvaluate(t *testing.T) {
	rules, err := conformance.Rules()
	require.NoError(t, err)
	var got []string
	for _, r := range rules {
		if r.AWSOnly != "" {
			got = append(got, r.Identifier)
		}
	}
	assert.Equal(t, []string{"EC2_MANAGEDINSTANCE_ASSOCIATION_COMPLIANCE_STATUS_CHECK",
		"EC2_MANAGEDINSTANCE_PATCH_COMPLIANCE_STATUS_CHECK", "EC2_STOPPED_INSTANCE", "AWS_CONFIG_PROCESS_CHECK",
		"IAM_ROOT_ACCESS_KEY_CHECK", "ROOT_ACCOUNT_HARDWARE_MFA_ENABLED", "ROOT_ACCOUNT_MFA_ENABLED",
		"SECRETSMANAGER_ROTATION_ENABLED_CHECK"}, got)
}

// TestAWSImposedExceptionsAreOnTheAccessLogDestination: an exception that
// holds in every access mode is only for what AWS does not allow the server
// access log destination; in every shipped plan its resource must be that
// destination: a bucket other buckets deliver their server access logs to,
// with SSE-S3, no Object Lock and no logging of its own; or the
// destination's replica, without Object Lock, replicating both ways with
// the destination (S3 replicates from a locked bucket only into a locked
// one).
func TestAWSImposedExceptionsAreOnTheAccessLogDestination(t *testing.T) {
	all, err := conformance.Exceptions()
	require.NoError(t, err)
	checked, replicas := 0, 0
	for _, p := range shippedStackPlans(t) {
		for _, e := range all {
			if e.AccessMode != conformance.AccessAny {
				continue
			}
			name := e.ResourceOf(p.Stack)
			if dest, ok := strings.CutSuffix(name, "-replica"); ok {
				assertUnlockedReplicaOf(t, p, name, dest)
				replicas++
				continue
			}
			assertAccessLogDestination(t, p, name)
			checked++
		}
	}
	assert.Equal(t, 12, checked, "three exceptions on one destination in each of the four shipped stacks")
	assert.Equal(t, 4, replicas, "one exception on the destination's replica in each of the four shipped stacks")
}

// assertAccessLogDestination: name receives other buckets' server access
// logs, logs nothing itself, has no Object Lock and is SSE-S3.
func assertAccessLogDestination(t *testing.T, p *plan.Plan, name string) {
	t.Helper()
	b := res(t, p, tBucket, name)
	var sources []string
	for _, l := range p.Find(tLogging) {
		if dependsOn(l, "targetBucket", b.URN) {
			sources = append(sources, l.Name)
		}
	}
	assert.NotEmpty(t, sources, "%s %s: no bucket delivers its server access logs to it", p.Stack, name)
	_, logsItself := sub(p, b, tLogging, "-logging")
	assert.False(t, logsItself, "%s %s logs its own access", p.Stack, name)
	_, locked := sub(p, b, tObjectLock, "-object-lock")
	assert.False(t, locked || b.Inputs["objectLockEnabled"] == true, "%s %s has Object Lock", p.Stack, name)
	sse := res(t, p, tSSE, name+"-encryption").Inputs["rules"].([]any)[0].(map[string]any)
	assert.Equal(t, "AES256", sse["applyServerSideEncryptionByDefault"].(map[string]any)["sseAlgorithm"], "%s %s", p.Stack, name)
}

// assertUnlockedReplicaOf: name has no Object Lock and replicates both ways
// with dest, a server access log destination.
func assertUnlockedReplicaOf(t *testing.T, p *plan.Plan, name, dest string) {
	t.Helper()
	assertAccessLogDestination(t, p, dest)
	b, d := res(t, p, tBucket, name), res(t, p, tBucket, dest)
	_, locked := sub(p, b, tObjectLock, "-object-lock")
	assert.False(t, locked || b.Inputs["objectLockEnabled"] == true, "%s %s has Object Lock", p.Stack, name)
	replicates := func(from, to plan.Resource) bool {
		for _, c := range p.Find(tReplConfig) {
			if dependsOn(c, "bucket", from.URN) && dependsOn(c, "rules", to.URN) {
				return true
			}
		}
		return false
	}
	assert.True(t, replicates(d, b), "%s: %s does not replicate into %s", p.Stack, dest, name)
	assert.True(t, replicates(b, d), "%s: %s does not replicate back into %s", p.Stack, name, dest)
}
