package policy

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/policies"
)

// TestTypeIndexOfShippedPack: the types read from the shipped pack's Rego,
// through literals, constant rules and helper rules.
func TestTypeIndexOfShippedPack(t *testing.T) {
	pack, err := Load(policies.FS())
	require.NoError(t, err)
	tests := []struct {
		rule string
		want []string // nil: every type
	}{
		// input.__type in versioning_types, a constant rule.
		{"deny_s3_versioning", []string{"aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"}},
		// input.__type in (acl_types | bucket_types): a constant expression.
		{"deny_s3_public_acl", []string{"aws:s3/bucket:Bucket", "aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2", "aws:s3/bucketV2:BucketV2"}},
		// input.__type == instance_type, a constant string rule.
		{"deny_ec2_volume_encryption", []string{"aws:ec2/instance:Instance"}},
		// two definitions: bucket types, and {key_type, volume_type}.
		{"deny_protect_phi", []string{"aws:ebs/volume:Volume", "aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"}},
		// only through the helper identity_docs, whose two definitions test the type.
		{"deny_iam_admin_wildcard", []string{"aws:iam/groupPolicy:GroupPolicy", "aws:iam/policy:Policy", "aws:iam/role:Role",
			"aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy"}},
		// through ssh_cidr_sources, a comprehension over the helper set sg_entries.
		{"deny_sg_ssh_source", []string{"aws:ec2/securityGroup:SecurityGroup", "aws:ec2/securityGroupRule:SecurityGroupRule",
			"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"}},
		// taggable also holds for any resource with a tags object.
		{"deny_tags_pit", nil},
	}
	for _, tt := range tests {
		f, ok := pack.types[tt.rule]
		require.True(t, ok, tt.rule)
		assert.Equal(t, tt.want == nil, f.all, tt.rule)
		assert.Equal(t, tt.want, f.sorted(), tt.rule)
	}
	for name := range pack.types {
		r, _ := pack.Rule(name)
		assert.Equal(t, ResourceScope, r.Scope, "%s: only resource rules are indexed", name)
	}
}

// TestTypeIndexShapes: which rule bodies bound the types and which cannot.
func TestTypeIndexShapes(t *testing.T) {
	tests := []struct {
		name string
		body string
		more string // helper rules
		want []string
		all  bool
	}{
		{"equality", `input.__type == "a:b/c:C"`, "", []string{"a:b/c:C"}, false},
		{"reversed equality", `"a:b/c:C" == input.__type`, "", []string{"a:b/c:C"}, false},
		{"set literal", `input.__type in {"a:b/c:C", "a:b/d:D"}`, "", []string{"a:b/c:C", "a:b/d:D"}, false},
		{"array constant rule", `input.__type in types`, `types := ["a:b/c:C", "a:b/d:D"]`, []string{"a:b/c:C", "a:b/d:D"}, false},
		{"constant union", `input.__type in (c_types | d_types)`, "c_types := {\"a:b/c:C\"}\n\nd_types := {\"a:b/d:D\"}",
			[]string{"a:b/c:C", "a:b/d:D"}, false},
		{"type through a local", "t := input.__type\n\tt == \"a:b/c:C\"", "", []string{"a:b/c:C"}, false},
		{"iterated constant", "some t in {\"a:b/c:C\", \"a:b/d:D\"}\n\tinput.__type == t", "", []string{"a:b/c:C", "a:b/d:D"}, false},
		{"two conditions intersect", "input.__type in {\"a:b/c:C\", \"a:b/d:D\"}\n\tinput.__type != \"x\"\n\tinput.__type in {\"a:b/d:D\"}",
			"", []string{"a:b/d:D"}, false},
		{"contradiction", "input.__type == \"a:b/c:C\"\n\tinput.__type == \"a:b/d:D\"", "", []string{}, false},
		{"helper set", "some x in docs\n\tx", "docs contains 1 if input.__type == \"a:b/c:C\"", []string{"a:b/c:C"}, false},
		{"helper function", "check(input)", "check(r) if r.__type == \"x\"\n\ncheck(_) if input.__type == \"a:b/c:C\"", nil, true},
		{"helper boolean", "ok", "ok if input.__type == \"a:b/c:C\"", []string{"a:b/c:C"}, false},
		{"helper with a second way", "ok", "ok if input.__type == \"a:b/c:C\"\n\nok if is_object(input.tags)", nil, true},
		{"helper with an else", "kind == \"c\"", "kind := \"c\" if {\n\tinput.__type == \"a:b/c:C\"\n} else := \"other\"", nil, true},
		{"helper with a default", "ok", "default ok := false\n\nok if input.__type == \"a:b/c:C\"", nil, true},
		{"comprehension helper", "some x in xs\n\tx", "xs := {x | some x in docs}\n\ndocs contains 1 if input.__type == \"a:b/c:C\"",
			[]string{"a:b/c:C"}, false},
		{"comprehension helper with a condition", "some x in xs\n\tx",
			"xs := {x | some x in [1]; input.__type == \"a:b/c:C\"} if input.__type in {\"a:b/c:C\", \"a:b/d:D\"}", []string{"a:b/c:C"}, false},
		{"two comprehension definitions", "xs[_]",
			"xs := [1 | input.__type == \"a:b/c:C\"] if input.name\n\nxs := [1 | input.__type == \"a:b/d:D\"] if not input.name",
			[]string{"a:b/c:C", "a:b/d:D"}, false},
		{"comprehension with an else", "some x in xs\n\tx", "xs := {x | some x in docs} if {\n\tinput.name\n} else := {1}\n\ndocs contains 1 if input.__type == \"a:b/c:C\"",
			nil, true},
		{"comprehension with a default", "some x in xs\n\tx", "default xs := {1}\n\nxs := {x | some x in docs}\n\ndocs contains 1 if input.__type == \"a:b/c:C\"",
			nil, true},
		{"whole comprehension", "count(xs) == 0", "xs := {x | some x in docs}\n\ndocs contains 1 if input.__type == \"a:b/c:C\"", nil, true},
		{"constant collection", "some x in xs\n\tx", "xs := {1, 2}", nil, true},
		{"whole partial set", "count(docs) == 0", "docs contains 1 if input.__type == \"a:b/c:C\"", nil, true},
		{"negated", `not input.__type == "a:b/c:C"`, "", nil, true},
		{"with replaced input", `input.__type == "a:b/c:C" with input as {"__type": "a:b/c:C"}`, "", nil, true},
		{"types from input", `input.__type in {input.other}`, "", nil, true},
		{"types from a rule that reads input", `input.__type in types`, `types := {input.other}`, nil, true},
		{"types from configuration", `input.__type in data.config.deny_x.types`, "", nil, true},
		{"the overlaid type field", `input.type == "a:b/c:C"`, "", nil, true},
		{"no type test", `input.tags`, "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pack := loadText(t, "deny_x contains \"m\" if {\n\t"+tt.body+"\n}\n\n"+tt.more+"\n")
			f := pack.types["deny_x"]
			assert.Equal(t, tt.all, f.all)
			if !tt.all {
				assert.Equal(t, tt.want, f.sorted())
			}
		})
	}
}

// loadText loads a pack of one file, package p, whose deny_ and warn_
// rules get complete metadata.
func loadText(t *testing.T, rules string) *Pack {
	t.Helper()
	meta := "# METADATA\n# title: T\n# description: D\n# custom:\n#   message: M\n#   control: C\n" +
		"#   hipaa: [\"164.312(b)\"]\n#   types: [\"*\"]\n"
	var b strings.Builder
	b.WriteString("package p\n\nimport rego.v1\n\n")
	for _, block := range strings.Split(rules, "\n\n") {
		if strings.HasPrefix(block, "deny_") || strings.HasPrefix(block, "warn_") {
			b.WriteString(meta)
		}
		fmt.Fprintf(&b, "%s\n\n", block)
	}
	fsys := fstest.MapFS{
		"p.rego":                    &fstest.MapFile{Data: []byte(b.String())},
		"schema/config-schema.json": &fstest.MapFile{Data: []byte("{}")},
	}
	pack, err := Load(fsys)
	require.NoError(t, err, b.String())
	return pack
}
