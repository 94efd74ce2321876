package egress

import (
	"testing"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/sce"
)

// TestReplicationRoleReadsOnlyAsReplicationDoes: the stack's replication
// role, whose requests S3 makes from outside the project's endpoint, can
// make every call replication makes on every bucket and replica (a
// released copy's version tags included), and nothing else: even given
// s3:* by another policy, the bucket policies keep it from reading PHI or
// released results (and from listing the PHI buckets' versions).
func TestReplicationRoleReadsOnlyAsReplicationDoes(t *testing.T) {
	s := loadAirlockStack(t)
	const role = "hipaa-s3-replication"
	arn := "arn:aws:iam::" + account + ":role/" + role
	docs := s.identity(t, role)
	everything := iamDoc{name: "s3:* from another policy", statements: []iamStatement{{Sid: "All", Effect: "Allow", Action: "s3:*", Resource: "*"}}}
	for _, r := range sce.BucketRoles() {
		source := resourceNamed(t, s.plan, awstype.S3BucketV2, "hipaa-"+string(r)).Inputs["bucket"].(string)
		replica := source + "-replica"
		s.policies[replica] = parseDoc(t, replica, resourceNamed(t, s.plan, awstype.S3BucketPolicy,
			"hipaa-"+string(r)+"-replica-policy").Inputs["policy"], true)
		for _, bucket := range []string{source, replica} {
			key := "results/table1.csv"
			replication := []call{{action: "s3:GetReplicationConfiguration", bucket: bucket}, {action: "s3:ListBucket", bucket: bucket}}
			for _, a := range []string{"s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging",
				"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"} {
				replication = append(replication, call{action: a, bucket: bucket, key: key})
			}
			s.expect(t, "replication role", arn, docs, true, replication...)
			others := []call{{action: "s3:ListBucketVersions", bucket: bucket}, {action: "s3:GetObject", bucket: bucket, key: key},
				{action: "s3:GetObjectVersion", bucket: bucket, key: key}, {action: "s3:PutObject", bucket: bucket, key: key},
				{action: "s3:DeleteObjectVersion", bucket: bucket, key: key}}
			s.expect(t, "replication role", arn, docs, false, others...)
			switch {
			case r.PHI():
				s.expect(t, "replication role with s3:*", arn, append(docs, everything), false, others[:3]...)
			case r == sce.BucketEgress: // its listing is not the recipients' alone
				s.expect(t, "replication role with s3:*", arn, append(docs, everything), false, others[1:3]...)
			}
		}
	}
}
