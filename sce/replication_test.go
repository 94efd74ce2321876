package sce_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

// replicationRule is the one rule of every replication configuration:
// every object, SSE-KMS objects included and encrypted with key at the
// destination, replica modifications and delete markers replicated, and
// replication metrics on (without them S3 sends no replication-failure
// event) with no event threshold (Replication Time Control is off).
func replicationRule(destination, key string) any {
	return map[string]any{
		"id": "replicate-all", "status": "Enabled", "priority": 1, "filter": map[string]any{"prefix": ""},
		"deleteMarkerReplication": map[string]any{"status": "Enabled"},
		"sourceSelectionCriteria": map[string]any{
			"replicaModifications":   map[string]any{"status": "Enabled"},
			"sseKmsEncryptedObjects": map[string]any{"status": "Enabled"},
		},
		"destination": map[string]any{
			"bucket": destination, "encryptionConfiguration": map[string]any{"replicaKmsKeyId": key},
			"metrics": map[string]any{"status": "Enabled"},
		},
	}
}

// TestEveryBucketReplicatesBothWays: each project bucket has a replica
// "<bucket>-replica", the source replicates into it and it replicates
// back, each configuration after versioning and Object Lock of both
// buckets (where they have it: the access-log pair has none) and after the
// replication role's policy is attached.
func TestEveryBucketReplicatesBothWays(t *testing.T) {
	p := hipaaPlan(t)
	key := p.Outputs["kmsKeyArn"].(string)
	attach := urnOf(t, p, tAttach, "hipaa-s3-replication-policy-attachment")
	require.Len(t, p.Find(tReplConfig), 12)
	for _, role := range sce.BucketRoles() {
		name := "hipaa-" + string(role)
		source, replica := bucketName(role), bucketName(role)+"-replica"
		for cfg, ends := range map[string][2]string{name + "-replication": {source, replica}, name + "-replica-replication": {replica, source}} {
			c := res(t, p, tReplConfig, cfg)
			assert.Equal(t, ends[0], c.Inputs["bucket"], cfg)
			assert.Equal(t, replRole, c.Inputs["role"], cfg)
			assert.Equal(t, asJSON(t, []any{replicationRule("arn:aws:s3:::"+ends[1], key)}), c.Inputs["rules"], cfg)
			assert.Equal(t, urnOf(t, p, sce.BucketType, name), c.Parent, "%s is a child of the source's component", cfg)
			deps := []string{urnOf(t, p, tVersioning, name+"-versioning"), urnOf(t, p, tVersioning, name+"-replica-versioning"), attach}
			if role != sce.BucketAccessLogs {
				deps = append(deps, urnOf(t, p, tObjectLock, name+"-object-lock"), urnOf(t, p, tObjectLock, name+"-replica-object-lock"))
			}
			for _, dep := range deps {
				assert.Contains(t, c.Dependencies, dep, cfg)
			}
			if role == sce.BucketAccessLogs {
				for _, dep := range c.Dependencies {
					assert.NotContains(t, dep, "$"+tObjectLock+"::", "%s: the access-log pair has no Object Lock", cfg)
				}
			}
		}
	}
}

// TestReplicasAreHardenedAsTheirSources: a replica is built from a copy of
// its source's arguments: versioned, closed to the public, owner-enforced,
// locked as its source (the logs' GOVERNANCE retention too; the access-log
// destination's replica, like its source, has no Object Lock), the same
// lifecycle, protected as its source, and logging to the access-log
// bucket; unlike the access-log destination, its replica is SSE-KMS with
// the project key and locked.
func TestReplicasAreHardenedAsTheirSources(t *testing.T) {
	p := hipaaPlan(t)
	key := p.Outputs["kmsKeyArn"]
	for _, role := range sce.BucketRoles() {
		name := "hipaa-" + string(role) + "-replica"
		t.Run(string(role), func(t *testing.T) {
			b := res(t, p, tBucket, name)
			assert.Equal(t, bucketName(role)+"-replica", b.Inputs["bucket"])
			assert.Equal(t, res(t, p, tBucket, "hipaa-"+string(role)).Options.Protect, b.Options.Protect)
			tags := b.Inputs["tags"].(map[string]any)
			assert.Equal(t, name, tags[sce.TagName])
			assert.Equal(t, "hipaa", tags[sce.TagDataBucket], "every replica is a KMS-encrypted, access-logged bucket")
			assert.Equal(t, map[string]any{"status": "Enabled"}, res(t, p, tVersioning, name+"-versioning").Inputs["versioningConfiguration"])
			pab := res(t, p, tPAB, name+"-public-access-block")
			for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
				assert.Equal(t, true, pab.Inputs[flag], flag)
			}
			assert.Equal(t, map[string]any{"objectOwnership": "BucketOwnerEnforced"}, res(t, p, tOwnership, name+"-ownership").Inputs["rule"])
			assert.Equal(t, asJSON(t, []any{map[string]any{"bucketKeyEnabled": true,
				"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": key}}}),
				res(t, p, tSSE, name+"-encryption").Inputs["rules"])
			if role == sce.BucketAccessLogs {
				_, locked := p.ByName(name + "-object-lock")
				assert.False(t, locked, "the access-log destination's replica has no Object Lock: it replicates back into the unlocked destination")
				assert.Equal(t, false, b.Inputs["objectLockEnabled"])
			} else {
				lock := res(t, p, tObjectLock, name+"-object-lock")
				assert.Equal(t, "Enabled", lock.Inputs["objectLockEnabled"])
				if source, ok := p.ByName("hipaa-" + string(role) + "-object-lock"); ok {
					assert.Equal(t, source.Inputs["rule"], lock.Inputs["rule"], "the source's default retention")
				}
			}
			if role != sce.BucketAccessLogs {
				assert.Equal(t, res(t, p, tLifecycle, "hipaa-"+string(role)+"-lifecycle").Inputs["rules"],
					res(t, p, tLifecycle, name+"-lifecycle").Inputs["rules"], "the source's lifecycle")
			}
			l := res(t, p, tLogging, name+"-logging")
			assert.Equal(t, bucketName(sce.BucketAccessLogs), l.Inputs["targetBucket"])
		})
	}
}

// TestReplicaPoliciesKeepTheSourcesDenies: a replica's policy is its
// source's Denies for the replica's ARN: a copy of PHI is read only
// through the endpoint, the egress copy only by its recipients; no
// service may deliver to a replica.
func TestReplicaPoliciesKeepTheSourcesDenies(t *testing.T) {
	p := hipaaPlan(t)
	policy := func(name string) map[string]map[string]any {
		return statements(t, doc(t, res(t, p, tPolicy, name+"-policy").Inputs["policy"]))
	}
	for _, role := range sce.BucketRoles() {
		source, replica := policy("hipaa-"+string(role)), policy("hipaa-"+string(role)+"-replica")
		var sids []string
		for sid, st := range source {
			if st["Effect"] == "Deny" {
				sids = append(sids, sid)
			}
		}
		if role == sce.BucketAccessLogs {
			sids = append(sids, "DenyOtherKmsKey")
		}
		assert.ElementsMatch(t, sids, slices.Collect(maps.Keys(replica)), role)
	}
	arn := "arn:aws:s3:::" + bucketName(sce.BucketDataIn) + "-replica"
	read := policy("hipaa-data-in-replica")["DenyReadOutsideProjectEndpoint"]
	assert.Equal(t, []any{arn, arn + "/*"}, read["Resource"])
	assert.Equal(t, policy("hipaa-data-in")["DenyReadOutsideProjectEndpoint"]["Condition"], read["Condition"])
	enc := policy("hipaa-access-logs-replica")["DenyOtherEncryptionType"]["Condition"].(map[string]any)
	assert.Equal(t, "aws:kms", enc["StringNotEquals"].(map[string]any)["s3:x-amz-server-side-encryption"],
		"the access-log destination's replica is an SSE-KMS bucket")
}

// TestReplicationRole: one role per stack, assumed by S3 for this account
// only, with exactly the replication actions on the stack's buckets and
// replicas and the key's use through S3 in the region, as a managed policy.
func TestReplicationRole(t *testing.T) {
	p := hipaaPlan(t)
	role := res(t, p, tRole, "hipaa-s3-replication")
	assert.Equal(t, asJSON(t, map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Sid": "AssumeRoleFroms3.amazonaws.com", "Effect": "Allow", "Principal": map[string]any{"Service": "s3.amazonaws.com"},
		"Action": "sts:AssumeRole", "Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": account}},
	}}}), doc(t, role.Inputs["assumeRolePolicy"]))
	var buckets, objects []string
	for _, r := range sce.BucketRoles() {
		for _, arn := range []string{"arn:aws:s3:::" + bucketName(r), "arn:aws:s3:::" + bucketName(r) + "-replica"} {
			buckets, objects = append(buckets, arn), append(objects, arn+"/*")
		}
	}
	assert.Equal(t, asJSON(t, map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Sid": "ReadReplicationConfiguration", "Effect": "Allow",
			"Action": []string{"s3:GetReplicationConfiguration", "s3:ListBucket"}, "Resource": buckets},
		map[string]any{"Sid": "ReadVersionsToReplicate", "Effect": "Allow",
			"Action": []string{"s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging",
				"s3:GetObjectRetention", "s3:GetObjectLegalHold"}, "Resource": objects},
		map[string]any{"Sid": "WriteReplicas", "Effect": "Allow",
			"Action": []string{"s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"}, "Resource": objects},
		map[string]any{"Sid": "UseKeysThroughS3", "Effect": "Allow", "Action": []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"},
			"Resource":  []any{p.Outputs["kmsKeyArn"]},
			"Condition": map[string]any{"StringEquals": map[string]any{"kms:ViaService": "s3.us-west-2.amazonaws.com"}}},
	}}), doc(t, res(t, p, tIAMPolicy, "hipaa-s3-replication-policy").Inputs["policy"]))
	a := res(t, p, tAttach, "hipaa-s3-replication-policy-attachment")
	assert.Equal(t, "hipaa-s3-replication", a.Inputs["role"])
	assert.Equal(t, role.Inputs["name"], sce.ReplicationRoleName("hipaa"), "the name sce audit tells replication by")
}

// TestArchiveReplicaKeepsComplianceRetention: the archive's replica is
// encrypted with the archive key, locked in COMPLIANCE mode for as long,
// retained and protected like the archive, and as closed to all but the
// admin role.
func TestArchiveReplicaKeepsComplianceRetention(t *testing.T) {
	p := accountPlan(t)
	archiveKey := p.Outputs["archiveKeyArn"]
	assert.Equal(t, asJSON(t, map[string]any{"defaultRetention": map[string]any{"mode": "COMPLIANCE", "years": 6}}),
		res(t, p, tObjectLock, "account-archive-replica-object-lock").Inputs["rule"])
	b := res(t, p, tBucket, "account-archive-replica")
	assert.Equal(t, archiveBucket+"-replica", b.Inputs["bucket"])
	assert.Equal(t, true, b.Inputs["objectLockEnabled"])
	assert.True(t, b.Options.Protect)
	for _, r := range p.Resources {
		if r.Custom && (r.Parent == urnOf(t, p, sce.BucketType, "account-archive-replica")) {
			assert.True(t, r.Options.RetainOnDelete, "a retained replica stays hardened: %s", r.Name)
		}
	}
	sse := res(t, p, tSSE, "account-archive-replica-encryption").Inputs["rules"].([]any)[0].(map[string]any)
	assert.Equal(t, archiveKey, sse["applyServerSideEncryptionByDefault"].(map[string]any)["kmsMasterKeyId"])
	for _, cfg := range []string{"account-archive-replication", "account-archive-replica-replication"} {
		rule := res(t, p, tReplConfig, cfg).Inputs["rules"].([]any)[0].(map[string]any)
		assert.Equal(t, archiveKey, rule["destination"].(map[string]any)["encryptionConfiguration"].(map[string]any)["replicaKmsKeyId"], cfg)
		assert.True(t, res(t, p, tReplConfig, cfg).Options.RetainOnDelete, cfg)
	}
	st := statements(t, doc(t, res(t, p, tPolicy, "account-archive-replica-policy").Inputs["policy"]))
	assert.ElementsMatch(t, []string{"DenyInsecureTransport", "DenyAdministrationExceptAdminRole", "DenyReplicationExceptReplicationRole",
		"DenyOtherEncryptionType", "DenyOtherKmsKey", "DenyReadExceptAdminRole", "DenyListExceptAdminAndReplicationRole",
		"DenyChangesExceptAdminRole"}, slices.Collect(maps.Keys(st)))
	rp := doc(t, res(t, p, tIAMPolicy, "account-s3-replication-policy").Inputs["policy"])
	assert.Equal(t, []any{p.Outputs["keyArn"], archiveKey}, rp["Statement"].([]any)[3].(map[string]any)["Resource"],
		"the baseline's role uses both keys")
}
