package conformance

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const goodRule = `  - name: cloudtrail-enabled
    identifier: CLOUD_TRAIL_ENABLED
    category: logging
    hipaa: ["164.312(b)"]
    description: The account has a trail.
`

func TestConformanceDataFileIsValid(t *testing.T) {
	rules, err := Rules()
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(rules), 40, "the issue asks for at least 40 managed rules")
	for _, r := range rules {
		assert.LessOrEqual(t, len(r.templateDescription()), maxRuleDescriptionLength, r.Name)
	}
}

func TestConformanceDataErrors(t *testing.T) {
	cases := []struct {
		name, data, want string
	}{
		{"no rules", "rules: []\n", "hipaa.yaml: no rules: list them under rules:"},
		{"not yaml", "rules: [\n", "hipaa.yaml: yaml: line 1: did not find expected node content"},
		{"not a mapping", "rules:\n  - cloudtrail-enabled\n", "hipaa.yaml:2: a rule is a mapping of name, identifier, " +
			"category, hipaa, description, parameters, scopeTagKey, scopeReason, awsOnly, notYetMet"},
		{"unknown field", "rules:\n" + goodRule + "    severity: high\n",
			`hipaa.yaml:7: unknown rule field "severity": the fields are name, identifier, category, hipaa, ` +
				"description, parameters, scopeTagKey, scopeReason, awsOnly, notYetMet"},
		{"wrong type", "rules:\n" + strings.Replace(goodRule, `["164.312(b)"]`, "{a: b}", 1),
			"hipaa.yaml:2: rule: yaml: unmarshal errors:\n  line 5: cannot unmarshal !!map into []string"},
		{"duplicate name", "rules:\n" + goodRule + goodRule,
			"hipaa.yaml:7: rule cloudtrail-enabled: the name is used twice (first on line 2)"},
		{"bad name and identifier", "rules:\n" + strings.NewReplacer("cloudtrail-enabled", "CloudTrail", "CLOUD_TRAIL_ENABLED", "cloud-trail").Replace(goodRule),
			`hipaa.yaml:2: rule CloudTrail: name "CloudTrail" must be lowercase words joined by '-'; ` +
				`identifier "cloud-trail" is not a managed rule identifier such as CLOUD_TRAIL_ENABLED`},
		{"bad category", "rules:\n" + strings.Replace(goodRule, "logging", "audit", 1),
			`hipaa.yaml:2: rule cloudtrail-enabled: category "audit" is not one of encryption, transmission, logging, monitoring, network, iam, backup`},
		{"no section", "rules:\n" + strings.Replace(goodRule, `["164.312(b)"]`, "[]", 1),
			"hipaa.yaml:2: rule cloudtrail-enabled: hipaa must list at least one 45 CFR section, such as 164.312(b)"},
		{"bad section", "rules:\n" + strings.Replace(goodRule, `164.312(b)`, `164.512(b)`, 1),
			`hipaa.yaml:2: rule cloudtrail-enabled: hipaa section "164.512(b)" is not a Security Rule section such as 164.312(a)(2)(iv)`},
		{"long description", "rules:\n" + strings.Replace(goodRule, "The account has a trail.", strings.Repeat("x", 250), 1),
			"hipaa.yaml:2: rule cloudtrail-enabled: description is required and, with its HIPAA sections, at most 256 characters (it has 268)"},
		{"scope without reason", "rules:\n" + goodRule + "    scopeTagKey: sce:data-bucket\n",
			"hipaa.yaml:2: rule cloudtrail-enabled: scopeTagKey and scopeReason go together: a scoped rule says why it is scoped"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := parseRules("hipaa.yaml", []byte(c.data))
			require.Error(t, err)
			assert.Equal(t, c.want, err.Error())
		})
	}
}

func TestConformanceTemplateTooLong(t *testing.T) {
	rules := make([]Rule, 200)
	for i := range rules {
		rules[i] = Rule{Name: "rule", Identifier: "X", HIPAA: []string{"164.312(b)"},
			Description: strings.Repeat("d", 200)}
	}
	_, err := Template(rules)
	require.Error(t, err)
	assert.Regexp(t, `^the conformance pack template has \d+ characters, AWS Config accepts at most 51200: `+
		`shorten descriptions or remove rules in sce/internal/conformance/data/hipaa-conformance.yaml$`, err.Error())
}

func TestConformanceRuleLogicalID(t *testing.T) {
	assert.Equal(t, "S3BucketSslRequestsOnly", Rule{Name: "s3-bucket-ssl-requests-only"}.logicalID())
	assert.Equal(t, "Ec2Imdsv2Check", Rule{Name: "ec2-imdsv2-check"}.logicalID())
}
