package audit

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRuleParamsFillInTheKeyArn(t *testing.T) {
	got, err := ruleParams(map[string]string{"kmsId": keyArnParam, "port": "22"}, "arn:aws:kms:us-west-2:123456789012:key/k")
	require.NoError(t, err)
	assert.JSONEq(t, `{"kmsId":"arn:aws:kms:us-west-2:123456789012:key/k","port":"22"}`, got)
}

func TestLongestRuleSlug(t *testing.T) {
	assert.Equal(t, "private-subnet-no-auto-public-ip", LongestRuleSlug())
	var slugs []string
	for _, r := range RuleSpecs() {
		slugs = append(slugs, r.Slug)
	}
	assert.ElementsMatch(t, []string{"default-sg-closed", "ec2-imdsv2", "encrypted-volumes", "private-no-public-ip",
		"private-subnet-no-auto-public-ip", "restricted-common-ports", "restricted-ssh", "s3-default-kms", "s3-logging",
		"s3-public-access-prohibited", "s3-tls-only", "s3-versioning"}, slugs)
}
