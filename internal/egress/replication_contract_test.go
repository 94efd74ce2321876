package egress

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// replicationCalls are the calls S3 replication makes, as the stack's
// replication role, on a bucket (its configuration and listing) and on the
// objects it copies out of it (the version, its ACL, tags, retention and
// legal hold) or into it.
func replicationCalls(bucket, key string) []call {
	calls := []call{{action: "s3:GetReplicationConfiguration", bucket: bucket}, {action: "s3:ListBucket", bucket: bucket}}
	for _, a := range []string{"s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging",
		"s3:GetObjectRetention", "s3:GetObjectLegalHold", "s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"} {
		calls = append(calls, call{action: a, bucket: bucket, key: key})
	}
	return calls
}

// withEveryBucketPolicy is s with the policies of every bucket of its plan,
// replicas included, by bucket name.
func withEveryBucketPolicy(t *testing.T, s airlockStack) airlockStack {
	t.Helper()
	for _, r := range s.plan.Find(awstype.S3BucketPolicy) {
		bucket, _ := r.Inputs["bucket"].(string)
		require.NotEmpty(t, bucket, "policy %s names its bucket", r.Name)
		s.policies[bucket] = parseDoc(t, r.Name, r.Inputs["policy"], true)
	}
	return s
}

// TestReplicationRoleReadsOnlyAsReplicationDoes: the project's replication
// role, whose requests S3 makes from outside the project's endpoint, can
// make every call replication makes on every bucket and replica (a
// released copy's version tags included), and nothing else: even given
// s3:* by another policy, the bucket policies keep it from reading PHI or
// released results (and from listing the PHI buckets' versions).
func TestReplicationRoleReadsOnlyAsReplicationDoes(t *testing.T) {
	s := withEveryBucketPolicy(t, loadAirlockStack(t))
	checkReplicationRole(t, s, "hipaa-s3-replication", func(bucket string) []call {
		switch {
		case strings.HasPrefix(bucket, "hipaa-data-in-"), strings.HasPrefix(bucket, "hipaa-output-"):
			return others(bucket)[:3]
		case strings.HasPrefix(bucket, "hipaa-egress-"): // its listing is not the recipients' alone
			return others(bucket)[1:3]
		}
		return nil
	})
	require.Len(t, s.policies, 12, "six buckets and their replicas")
}

// TestBaselineReplicationRoleReadsOnlyAsReplicationDoes: the same for the
// account baseline's buckets; the archive and its replica keep their
// objects from it even when it is given s3:*.
func TestBaselineReplicationRoleReadsOnlyAsReplicationDoes(t *testing.T) {
	p, err := stackfile.Plan(context.Background(), "../../stacks", "account", stacks.Build, stacks.KnownConfigKeys())
	require.NoError(t, err)
	s := withEveryBucketPolicy(t, airlockStack{plan: p, policies: map[string]iamDoc{}})
	require.Len(t, s.policies, 8, "four buckets and their replicas")
	checkReplicationRole(t, s, "account-s3-replication", func(bucket string) []call {
		if strings.HasPrefix(bucket, "account-archive-") {
			return others(bucket)[:3]
		}
		return nil
	})
}

// others are calls replication never makes: listing versions, reading,
// writing and deleting objects.
func others(bucket string) []call {
	key := "results/table1.csv"
	return []call{{action: "s3:ListBucketVersions", bucket: bucket}, {action: "s3:GetObject", bucket: bucket, key: key},
		{action: "s3:GetObjectVersion", bucket: bucket, key: key}, {action: "s3:PutObject", bucket: bucket, key: key},
		{action: "s3:DeleteObjectVersion", bucket: bucket, key: key}}
}

// checkReplicationRole checks the role on every bucket policy of s:
// replication's calls allowed, the others denied, and denied by the
// bucket's policy even with s3:* the calls deniedWithAll names.
func checkReplicationRole(t *testing.T, s airlockStack, role string, deniedWithAll func(bucket string) []call) {
	t.Helper()
	arn := "arn:aws:iam::" + account + ":role/" + role
	docs := s.identity(t, role)
	everything := iamDoc{name: "s3:* from another policy", statements: []iamStatement{{Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "*"}}}
	for bucket := range s.policies {
		s.expect(t, role, arn, docs, true, replicationCalls(bucket, "results/table1.csv")...)
		s.expect(t, role, arn, docs, false, others(bucket)...)
		s.expect(t, role+" with s3:*", arn, append(docs, everything), false, deniedWithAll(bucket)...)
	}
}
