package sce_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/sce/internal/alerts"
)

// longestPIT is the longest sce:pit accepted in us-west-2: the replica of
// its access-logs bucket has exactly the 63 characters S3 allows.
const longestPIT = "abcdefghijklmnopqrst"

// TestLongestPITIsTheLongestAccepted keeps longestPIT honest: one
// character more is refused.
func TestLongestPITIsTheLongestAccepted(t *testing.T) {
	require.Len(t, longestPIT, 20)
	require.NoError(t, sce.Validate(longestPIT, hipaaArgs()))
	require.EqualError(t, sce.Validate(longestPIT+"u", hipaaArgs()), "invalid configuration:\n  sce:pit: \"abcdefghijklmnopqrstu\" is too long: "+
		"the S3 bucket name of a replica \"abcdefghijklmnopqrstu-access-logs-123456789012-us-west-2-replica\" would have 64 characters, "+
		"AWS allows 63; use at most 20 characters")
}

// TestMetricFilterPatternsFitCloudWatchLimit checks every metric filter of
// the example project and of a project with the longest PIT against the
// longest pattern CloudWatch Logs accepts, so `pulumi up` cannot fail on it.
func TestMetricFilterPatternsFitCloudWatchLimit(t *testing.T) {
	require.Equal(t, 1024, alerts.MaxPatternLength)
	for _, pit := range []string{hipaaPIT, longestPIT} {
		p := envPlan(t, pit, hipaaArgs())
		filters := p.Find(tFilter)
		require.Len(t, filters, 9, pit)
		for _, f := range filters {
			pattern, ok := f.Inputs["pattern"].(string)
			require.True(t, ok, f.Name)
			assert.LessOrEqual(t, len(pattern), alerts.MaxPatternLength, "%s: %s", f.Name, pattern)
		}
	}
}

// bucketNameTerm is one bucket-name test of the bucket-policy alarm.
var bucketNameTerm = regexp.MustCompile(`\(\$\.requestParameters\.bucketName = "([^"]*)"\)`)

// bucketPolicyPrefixes returns the bucket-name values the bucket-policy
// alarm of the plan of pit tests, each a prefix followed by the wildcard.
func bucketPolicyPrefixes(t *testing.T, pit string) []string {
	t.Helper()
	f := res(t, envPlan(t, pit, hipaaArgs()), tFilter, pit+"-bucket-policy-changes-filter")
	pattern, ok := f.Inputs["pattern"].(string)
	require.True(t, ok)
	var prefixes []string
	for _, m := range bucketNameTerm.FindAllStringSubmatch(pattern, -1) {
		require.True(t, strings.HasSuffix(m[1], "*"), "%q ends with the wildcard", m[1])
		require.Equal(t, 1, strings.Count(m[1], "*"), "%q has only the trailing wildcard", m[1])
		prefixes = append(prefixes, strings.TrimSuffix(m[1], "*"))
	}
	return prefixes
}

// watched reports whether a call on bucket name matches one of prefixes,
// as CloudWatch Logs matches a string value with a trailing wildcard.
func watched(prefixes []string, name string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// TestBucketPolicyAlarmWatchesEachBucketAndItsReplica checks that the
// bucket-policy alarm names each of the project's buckets once, so that a
// call on the bucket or on its replica matches, in the example project and
// in one with the longest PIT.
func TestBucketPolicyAlarmWatchesEachBucketAndItsReplica(t *testing.T) {
	for _, pit := range []string{hipaaPIT, longestPIT} {
		var want []string
		for _, role := range sce.BucketRoles() {
			want = append(want, fmt.Sprintf("%s-%s-123456789012-us-west-2", pit, role))
		}
		prefixes := bucketPolicyPrefixes(t, pit)
		assert.Equal(t, want, prefixes, pit)
		for _, name := range want {
			assert.True(t, watched(prefixes, name), name)
			assert.True(t, watched(prefixes, sce.ReplicaBucketName(name)), sce.ReplicaBucketName(name))
		}
	}
}

// TestBucketPolicyAlarmWatchesNoOtherProject checks the hipaa project's
// bucket-policy alarm against the buckets and replicas of the projects whose
// names come closest to its own: PITs that extend or shorten "hipaa", that
// hold one of its roles, or digits where an account could be, in its
// account and another, in its region and others. The only names it matches
// are its own: "hipaa-access" with the role "logs" names the same bucket
// as "hipaa" with "access-logs", which S3 lets only one project hold.
func TestBucketPolicyAlarmWatchesNoOtherProject(t *testing.T) {
	prefixes := bucketPolicyPrefixes(t, hipaaPIT)
	own := map[string]bool{}
	for _, p := range prefixes {
		own[p], own[sce.ReplicaBucketName(p)] = true, true
	}
	pits := []string{"hipaa-access", "hipaa-data", "hipaa-logs", "hipaa-egress", "hipaa2", "hipaaa", "hipa", "h",
		"hipaa-x", "hipaa-123456789012", "hipaa-logs-12345678", "a-logs-123456789012", "hipaa-output-1"}
	checked, same := 0, 0
	for _, pit := range pits {
		for _, account := range []string{"123456789012", "210987654321", "123456789013"} {
			for _, region := range []string{"us-west-2", "us-east-1", "us-gov-west-1", "ap-southeast-2"} {
				for _, role := range sce.BucketRoles() {
					name := fmt.Sprintf("%s-%s-%s-%s", pit, role, account, region)
					for _, n := range []string{name, sce.ReplicaBucketName(name)} {
						if own[n] {
							same++
							continue
						}
						checked++
						assert.False(t, watched(prefixes, n), "%s is another project's bucket", n)
					}
				}
			}
		}
	}
	assert.Equal(t, 2, same, "hipaa-access-logs-123456789012-us-west-2 and its replica")
	assert.Equal(t, len(pits)*3*4*6*2-2, checked)
}
