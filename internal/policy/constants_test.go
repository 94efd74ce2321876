package policy

import (
	"context"
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/policies"
)

// TestConstantRules checks which rules an evaluator computes once: literal
// and config-only complete rules, and not the rules that read input, take
// arguments or are partial sets.
func TestConstantRules(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	names := constantRules(pack.compiler, pack.Name)
	for _, want := range []string{"taggable_types", "config_defaults", "bucket_types", "s3_admin_only_actions", "pulumi_unknown"} {
		assert.Contains(t, names, want)
	}
	for _, not := range []string{"taggable", "setting", "buckets", "deny_tags_pit", "object_lock_problems", "exempt_component"} {
		assert.NotContains(t, names, not)
	}
}

// TestConstantRulesReadConfig: a rule that reads only data.config is
// constant for one evaluator, and takes that evaluator's value.
func TestConstantRulesReadConfig(t *testing.T) {
	compiler := ast.MustCompileModulesWithOpts(map[string]string{"p.rego": `package p
import rego.v1
days := data.config.rule.days
doubled := days * 2
own := input.x
`}, ast.CompileOpts{ParserOptions: ast.ParserOptions{RegoVersion: ast.RegoV1}})
	assert.Equal(t, []string{"days", "doubled"}, constantRules(compiler, "p"))
}

// TestEvaluatorConstants: the evaluator's constants are the rules' values
// under its configuration.
func TestEvaluatorConstants(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	cfg := pack.Defaults().Merge(Config{"deny_tags_pit": {Properties: map[string]any{"requiredTags": []any{"sce:pit", "sce:owner"}}}})
	e, err := pack.NewEvaluator(context.Background(), cfg)
	require.NoError(t, err)
	base, err := e.constants()
	require.NoError(t, err)
	v, undefined := base.Get(ast.MustParseRef("data." + pack.Name + ".bucket_types"))
	require.False(t, undefined)
	assert.Equal(t, `{"aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"}`, v.String())
	v, _ = base.Get(ast.MustParseRef("data." + pack.Name + ".taggable"))
	assert.Nil(t, v, "taggable reads input")
	v, _ = base.Get(ast.MustParseRef("data." + pack.Name + ".config_defaults"))
	require.NotNil(t, v)
	assert.Equal(t, `["sce:pit"]`, v.Value.(ast.Object).Get(ast.StringTerm("deny_tags_pit")).Value.(ast.Object).Get(ast.StringTerm("requiredTags")).String())
}

// TestLayeredCache: an evaluation's values hide the constants, and a with
// frame (Push) sees neither until Pop.
func TestLayeredCache(t *testing.T) {
	ref, other := ast.MustParseRef("data.p.a"), ast.MustParseRef("data.p.b")
	base := topdown.NewVirtualCache()
	base.Put(ref, ast.IntNumberTerm(1))
	base.Put(other, nil)
	c := newLayeredCache(base)
	v, undefined := c.Get(ref)
	assert.Equal(t, "1", v.String())
	assert.False(t, undefined)
	_, undefined = c.Get(other)
	assert.True(t, undefined)
	c.Push()
	v, undefined = c.Get(ref)
	assert.Nil(t, v)
	assert.False(t, undefined)
	c.Put(ref, ast.IntNumberTerm(2))
	v, _ = c.Get(ref)
	assert.Equal(t, "2", v.String())
	c.Pop()
	v, _ = c.Get(ref)
	assert.Equal(t, "1", v.String())
	v, _ = base.Get(ref)
	assert.Equal(t, "1", v.String(), "the evaluation never changes the constants")
}

// TestCoversActionAsGlob: covers_action decides as glob.match of the
// lower-cased action and pattern would, for literal actions, wildcards,
// ? and character classes, mixed case and values that are not strings.
func TestCoversActionAsGlob(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	statements := []string{
		`{"Action": "s3:PutBucketPolicy"}`,
		`{"Action": ["S3:PUTBUCKETPOLICY"]}`,
		`{"Action": ["s3:Put*"]}`,
		`{"Action": ["s3:*", "kms:Decrypt"]}`,
		`{"Action": "*"}`,
		`{"Action": ["s3:PutBucketPolic?"]}`,
		`{"Action": ["s3:PutBucket[PV]olicy"]}`,
		`{"Action": ["s3:GetObject", 7, null]}`,
		`{"NotAction": ["s3:PutBucketPolicy"]}`,
		`{"Action": ["s3:PutBucketPolicy.x"]}`,
	}
	actions := []string{"s3:PutBucketPolicy", "s3:putbucketpolicy", "s3:GetObject", "kms:Decrypt", "s3:PutBucketVolicy"}
	for _, st := range statements {
		for _, a := range actions {
			query := fmt.Sprintf(`got := [x | x = data.%s.covers_action(%s, %q)]; want := [x | some y in data.%s.actions(%s); is_string(y); x = glob.match(lower(y), [], lower(%q)); x]`,
				pack.Name, st, a, pack.Name, st, a)
			rs, err := rego.New(rego.Query(query), rego.Compiler(pack.compiler), rego.Store(inmem.New())).Eval(context.Background())
			require.NoError(t, err, "%s %s", st, a)
			require.Len(t, rs, 1)
			got := len(rs[0].Bindings["got"].([]any)) > 0
			want := len(rs[0].Bindings["want"].([]any)) > 0
			assert.Equal(t, want, got, "covers_action(%s, %q)", st, a)
		}
	}
}

// TestCoveredActionsIsCoversAction: covered_actions(st, wanted), which
// decides a set of actions at once, holds exactly the actions of wanted that
// covers_action(st, _) holds for, on statements with and without wildcards.
func TestCoveredActionsIsCoversAction(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	statements := []string{
		`{"Action": ["s3:PutBucketPolicy", "S3:DELETEBUCKETPOLICY"]}`,
		`{"Action": ["s3:Put*", "s3:GetObject"]}`,
		`{"Action": ["s3:PutBucket[PV]olicy", 7, null]}`,
		`{"Action": "*"}`,
		`{"NotAction": ["s3:PutBucketPolicy"]}`,
	}
	wanted := `{"s3:putbucketpolicy", "s3:deletebucketpolicy", "s3:getobject", "s3:putbucketvolicy"}`
	counts := map[string]int{}
	for _, st := range statements {
		query := fmt.Sprintf(`got := data.%[1]s.covered_actions(%[2]s, %[3]s); want := {a | some a in %[3]s; data.%[1]s.covers_action(%[2]s, a)}`,
			pack.Name, st, wanted)
		rs, err := rego.New(rego.Query(query), rego.Compiler(pack.compiler), rego.Store(inmem.New())).Eval(context.Background())
		require.NoError(t, err, st)
		require.Len(t, rs, 1, st)
		got, want := rs[0].Bindings["got"].([]any), rs[0].Bindings["want"].([]any)
		assert.ElementsMatch(t, want, got, "covered_actions(%s)", st)
		counts[st] = len(got)
	}
	assert.Equal(t, map[string]int{statements[0]: 2, statements[1]: 3, statements[2]: 2, statements[3]: 4, statements[4]: 0}, counts)
}

// TestConstantsSharedByConfiguration: evaluators of one configuration share
// the constants the first of them computed; another configuration has its own.
func TestConstantsSharedByConfiguration(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	constants := func(cfg Config) topdown.VirtualCache {
		e, err := pack.NewEvaluator(context.Background(), cfg)
		require.NoError(t, err)
		c, err := e.constants()
		require.NoError(t, err)
		return c
	}
	other := pack.Defaults().Merge(Config{"deny_logs_retention": {Properties: map[string]any{"minimumDays": 365}}})
	first := constants(pack.Defaults())
	assert.Same(t, first, constants(pack.Defaults()))
	assert.NotSame(t, first, constants(other))
	assert.Equal(t, 2, pack.constants.len())
}
