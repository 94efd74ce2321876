package policy_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
)

// TestConcurrentEvaluationsAgree: the evaluations of one plan run on every
// CPU and share the compiled pack, the evaluator's configuration and
// constant rules, and each resource's input. OPA sorts a set's members in
// place the first time it enumerates them, and its set intersection reads
// them without waiting for that (freeze.go): before sce sorted shared values first,
// the admin-only rule's set of actions, intersected for a bucket policy
// with literal actions while a policy with s3:* enumerated it, could lose
// a member, and the verdict changed from run to run. Each evaluation here
// computes the constants again, so their first use happens while the
// other evaluations run; its verdicts are those of the first evaluation.
// .ci/run runs this test under the race detector too, which reports such a
// read whenever the two happen close enough together.
func TestConcurrentEvaluationsAgree(t *testing.T) {
	p := mixedBucketPolicies(t, 4)
	pack := loadPack(t)
	var first []policy.Violation
	for i := range 40 {
		got, err := pack.WithNewConstants().Check(context.Background(), p, nil)
		require.NoError(t, err)
		if i == 0 {
			require.Len(t, got.Violations, 2*4, "each copy of the two policies fails deny_s3_tls_only only")
			first = got.Violations
			continue
		}
		assert.Equal(t, first, got.Violations, "evaluation %d", i)
	}
}

// mixedBucketPolicies is a plan of n copies of the passing fixture of
// deny_s3_admin_only_actions: a policy with literal actions and one with
// s3:* on a bucket not known yet.
func mixedBucketPolicies(t *testing.T, n int) *plan.Plan {
	t.Helper()
	cases, files := loadFixtures(t)
	for _, c := range cases {
		if c.Rule != "deny_s3_admin_only_actions" {
			continue
		}
		one := fixturePlan(t, c.Pass, files[c.file])
		p := clonePlan(one)
		p.Resources = nil
		for i := range n {
			for _, r := range clonePlan(one).Resources {
				r.Name = fmt.Sprintf("%s-%d", r.Name, i)
				r.URN = fmt.Sprintf("%s-%d", r.URN, i)
				p.Resources = append(p.Resources, r)
			}
		}
		return p
	}
	t.Fatal("no fixture for deny_s3_admin_only_actions")
	return nil
}

// TestSharedValuesAreSortedBeforeUse: every value concurrent evaluations
// share (the compiled modules, the configuration, the constant rules, each
// resource's input and options) has the members of each of its sets and
// objects in OPA's sorted order already when it is shared, so OPA's first
// enumeration sorts nothing and the reads that do not wait for it find
// them as they stay. TestConcurrentEvaluationsAgree shows the race this
// prevents for the constants; this test holds each source to it.
func TestSharedValuesAreSortedBeforeUse(t *testing.T) {
	shared, err := loadPack(t).SharedValues(shipped(t, "hipaa"))
	require.NoError(t, err)
	for _, source := range []string{"modules", "config", "constants", "inputs", "options"} {
		require.NotEmpty(t, shared[source], source)
		var unsorted []string
		for _, v := range shared[source] {
			unsorted = append(unsorted, unsortedMembers(t, v)...)
		}
		assert.Empty(t, unsorted, "%s: sets and objects whose members are not sorted yet", source)
	}
}

// unsortedMembers lists the sets and objects in node, at any depth, whose
// members are not in OPA's sorted order in place. ast.WalkTerms calls f on
// a term before it walks into it (which sorts a set or object), so f sees
// the order the value was shared with.
func unsortedMembers(t *testing.T, node any) []string {
	t.Helper()
	if v, ok := node.(ast.Value); ok {
		node = ast.NewTerm(v)
	}
	var out []string
	ast.WalkTerms(node, func(term *ast.Term) bool {
		keys := memberKeys(t, term.Value)
		if !slices.IsSortedFunc(keys, func(a, b *ast.Term) int { return a.Value.Compare(b.Value) }) {
			out = append(out, fmt.Sprintf("%T of %d members", term.Value, len(keys)))
		}
		return false
	})
	return out
}

// memberKeys are the members of a set, or the keys of an object, in the
// order OPA holds them (its unexported keys field, read by reflection
// because every method that returns them sorts them first); nil for any
// other value.
func memberKeys(t *testing.T, v ast.Value) []*ast.Term {
	t.Helper()
	_, isSet := v.(ast.Set)
	_, isObject := v.(ast.Object)
	if !isSet && !isObject {
		return nil
	}
	rv := reflect.ValueOf(v)
	require.Equal(t, reflect.Pointer, rv.Kind(), "%T", v)
	keys := rv.Elem().FieldByName("keys")
	require.True(t, keys.IsValid() && keys.Kind() == reflect.Slice,
		"%T has no keys slice: OPA changed how it holds members, so check freeze.go against it", v)
	out := make([]*ast.Term, keys.Len())
	for i := range out {
		k := keys.Index(i)
		if isObject {
			k = k.Elem().FieldByName("key")
		}
		out[i] = (*ast.Term)(k.UnsafePointer())
	}
	return out
}
