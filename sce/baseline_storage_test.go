package sce_test

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/sce/internal/storage"
)

// baselineBucket is the physical name of one of the baseline's buckets.
func baselineBucket(role sce.BucketRole) string {
	return fmt.Sprintf("account-%s-%s-%s", role, account, region)
}

func TestBaselineBucketsAreHardened(t *testing.T) {
	p := accountPlan(t)
	assert.Equal(t, []string{string(sce.BucketAccessLogs), string(sce.BucketLogs), string(sce.BucketConfig), string(sce.BucketArchive)},
		storage.BaselineRoles())
	for _, r := range storage.BaselineRoles() {
		role := sce.BucketRole(r)
		name := "account-" + string(role)
		t.Run(string(role), func(t *testing.T) {
			b := res(t, p, tBucket, name)
			assert.Equal(t, baselineBucket(role), b.Inputs["bucket"])
			switch role {
			case sce.BucketLogs, sce.BucketArchive:
				assert.Equal(t, true, b.Inputs["objectLockEnabled"], "created with Object Lock and a default retention")
			case sce.BucketAccessLogs:
				assert.Equal(t, false, b.Inputs["objectLockEnabled"], "S3 delivers no access logs to an Object Lock bucket")
				_, locked := p.ByName(name + "-object-lock")
				assert.False(t, locked, "no Object Lock configuration on the access-log destination")
			case sce.BucketConfig:
				// AWS Config delivers to no bucket with Object Lock; unset
				// (S3's default: none) replaces no bucket an earlier sce locked.
				assert.NotContains(t, b.Inputs, "objectLockEnabled")
				for _, n := range []string{name, name + "-replica"} {
					_, locked := p.ByName(n + "-object-lock")
					assert.False(t, locked, "no Object Lock configuration on %s", n)
				}
			default:
				assert.NotContains(t, b.Inputs, "objectLockEnabled", "Object Lock comes from the lock configuration")
				assert.Equal(t, "Enabled", res(t, p, tObjectLock, name+"-object-lock").Inputs["objectLockEnabled"])
			}
			assert.True(t, b.Options.Protect)
			if role == sce.BucketAccessLogs {
				assert.Equal(t, baselineTags(name), b.Inputs["tags"])
			} else {
				assert.Equal(t, baselineTags(name, sce.TagDataBucket, "account"), b.Inputs["tags"])
			}
			assert.Equal(t, map[string]any{"status": "Enabled"}, res(t, p, tVersioning, name+"-versioning").Inputs["versioningConfiguration"])
			pab := res(t, p, tPAB, name+"-public-access-block")
			for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
				assert.Equal(t, true, pab.Inputs[flag], flag)
			}
			assert.Equal(t, map[string]any{"objectOwnership": "BucketOwnerEnforced"}, res(t, p, tOwnership, name+"-ownership").Inputs["rule"])
			pol := res(t, p, tPolicy, name+"-policy")
			assert.Contains(t, pol.Dependencies, pab.URN)
			st := statements(t, doc(t, pol.Inputs["policy"]))
			assert.Equal(t, "Deny", st["DenyInsecureTransport"]["Effect"])
			arn := "arn:aws:s3:::" + baselineBucket(role)
			assert.Equal(t, asJSON(t, map[string]any{
				"Sid": "DenyAdministrationExceptAdminRole", "Effect": "Deny", "Principal": "*",
				"Action": []string{"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutReplicationConfiguration",
					"s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration",
					"s3:PutBucketNotification", "s3:PutBucketLogging", "s3:PutEncryptionConfiguration", "s3:PutBucketVersioning",
					"s3:PutLifecycleConfiguration", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls"},
				"Resource":  []string{arn, arn + "/*"},
				"Condition": map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": adminRole}},
			}), any(st["DenyAdministrationExceptAdminRole"]), "only the admin role changes the policy or bypasses retention")
			if role != sce.BucketAccessLogs {
				l := res(t, p, tLogging, name+"-logging")
				assert.Equal(t, string(role)+"/", l.Inputs["targetPrefix"])
				assert.Equal(t, baselineBucket(sce.BucketAccessLogs), l.Inputs["targetBucket"])
				assert.Contains(t, l.Dependencies, urnOf(t, p, tPolicy, "account-access-logs-policy"))
			}
		})
	}
}

func TestBaselineBucketEncryption(t *testing.T) {
	p := accountPlan(t)
	for role, want := range map[sce.BucketRole]map[string]any{
		sce.BucketAccessLogs: {"sseAlgorithm": "AES256"},
		sce.BucketLogs:       {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": p.Outputs["keyArn"]},
		sce.BucketConfig:     {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": p.Outputs["keyArn"]},
		sce.BucketArchive:    {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": p.Outputs["archiveKeyArn"]},
	} {
		rules := res(t, p, tSSE, "account-"+string(role)+"-encryption").Inputs["rules"].([]any)
		require.Len(t, rules, 1)
		rule := rules[0].(map[string]any)
		assert.Equal(t, want, rule["applyServerSideEncryptionByDefault"], role)
		assert.Equal(t, role != sce.BucketAccessLogs, rule["bucketKeyEnabled"], role)
	}
}

func TestArchiveBucket(t *testing.T) {
	p := accountPlan(t)
	b := res(t, p, tBucket, "account-archive")
	assert.Equal(t, archiveBucket, b.Inputs["bucket"])
	assert.Equal(t, true, b.Inputs["objectLockEnabled"])
	assert.True(t, b.Options.Protect)
	assert.True(t, b.Options.RetainOnDelete)

	lock := res(t, p, tObjectLock, "account-archive-object-lock")
	assert.Equal(t, asJSON(t, map[string]any{"defaultRetention": map[string]any{"mode": "COMPLIANCE", "years": 6}}), lock.Inputs["rule"])
	assert.Equal(t, "Enabled", lock.Inputs["objectLockEnabled"])

	lc := res(t, p, tLifecycle, "account-archive-lifecycle")
	assert.Equal(t, asJSON(t, []map[string]any{{
		"id": "archive-to-glacier", "status": "Enabled", "filter": map[string]any{"prefix": "objects/"},
		"transitions":                    []any{map[string]any{"days": 90, "storageClass": "GLACIER"}},
		"noncurrentVersionTransitions":   []any{map[string]any{"noncurrentDays": 90, "storageClass": "GLACIER"}},
		"abortIncompleteMultipartUpload": map[string]any{"daysAfterInitiation": 7},
	}}), lc.Inputs["rules"], "the archive expires nothing: Object Lock decides")

	for _, suffix := range []string{"-versioning", "-lifecycle", "-public-access-block", "-ownership", "-encryption", "-logging", "-object-lock", "-policy"} {
		r, ok := p.ByName("account-archive" + suffix)
		require.True(t, ok, suffix)
		assert.True(t, r.Options.RetainOnDelete, "a retained archive stays hardened: %s", r.Name)
	}
}

func TestArchiveRetentionYearsFromArgs(t *testing.T) {
	p := accountVariant(t, func(a *sce.BaselineArgs) { a.ArchiveRetentionYears = 10 })
	assert.Equal(t, asJSON(t, map[string]any{"defaultRetention": map[string]any{"mode": "COMPLIANCE", "years": 10}}),
		res(t, p, tObjectLock, "account-archive-object-lock").Inputs["rule"])
}

func TestArchiveBucketPolicy(t *testing.T) {
	p := accountPlan(t)
	arn := "arn:aws:s3:::" + archiveBucket
	st := statements(t, doc(t, res(t, p, tPolicy, "account-archive-policy").Inputs["policy"]))
	admin := map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": adminRole}}
	repl := "arn:aws:iam::123456789012:role/account-s3-replication"
	assert.Equal(t, asJSON(t, map[string]map[string]any{
		"DenyInsecureTransport": {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
			"Resource": []string{arn, arn + "/*"}, "Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}},
		"DenyOtherEncryptionType": {"Sid": "DenyOtherEncryptionType", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
			"Resource": arn + "/*", "Condition": map[string]any{
				"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption": "aws:kms"},
				"Null":            map[string]any{"s3:x-amz-server-side-encryption": "false"}}},
		"DenyOtherKmsKey": {"Sid": "DenyOtherKmsKey", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
			"Resource": arn + "/*", "Condition": map[string]any{
				"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption-aws-kms-key-id": p.Outputs["archiveKeyArn"]},
				"Null":            map[string]any{"s3:x-amz-server-side-encryption-aws-kms-key-id": "false"}}},
		"DenyReadExceptAdminRole": {"Sid": "DenyReadExceptAdminRole", "Effect": "Deny", "Principal": "*",
			"Action":   []string{"s3:GetObject", "s3:GetObjectVersion", "s3:ListBucketVersions"},
			"Resource": []string{arn, arn + "/*"}, "Condition": map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": []string{adminRole}}}},
		"DenyListExceptAdminAndReplicationRole": {"Sid": "DenyListExceptAdminAndReplicationRole", "Effect": "Deny",
			"Principal": "*", "Action": "s3:ListBucket", "Resource": arn,
			"Condition": map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": []string{adminRole, repl}}}},
		"DenyReplicationExceptReplicationRole": {"Sid": "DenyReplicationExceptReplicationRole", "Effect": "Deny", "Principal": "*",
			"Action":   []string{"s3:GetObjectVersionForReplication", "s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"},
			"Resource": arn + "/*", "Condition": map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": []string{repl}}}},
		"DenyChangesExceptAdminRole": {"Sid": "DenyChangesExceptAdminRole", "Effect": "Deny", "Principal": "*",
			"Action":   []string{"s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention", "s3:PutObjectLegalHold"},
			"Resource": arn + "/*", "Condition": admin},
		"DenyAdministrationExceptAdminRole": {"Sid": "DenyAdministrationExceptAdminRole", "Effect": "Deny", "Principal": "*",
			"Action": []string{"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutReplicationConfiguration",
				"s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration",
				"s3:PutBucketNotification", "s3:PutBucketLogging", "s3:PutEncryptionConfiguration", "s3:PutBucketVersioning",
				"s3:PutLifecycleConfiguration", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls"},
			"Resource": []string{arn, arn + "/*"}, "Condition": admin},
	}), asJSON(t, st))
}

func TestLogsAndConfigBucketPolicies(t *testing.T) {
	p := accountPlan(t)
	logs := "arn:aws:s3:::" + baselineBucket(sce.BucketLogs)
	trail := "arn:aws:cloudtrail:us-west-2:123456789012:trail/account-trail"
	st := statements(t, doc(t, res(t, p, tPolicy, "account-logs-policy").Inputs["policy"]))
	assert.Equal(t, []string{"CloudTrailAclCheck", "CloudTrailWrite", "DenyAdministrationExceptAdminRole", "DenyInsecureTransport",
		"DenyObjectLockExceptAdminRole", "DenyOtherEncryptionType", "DenyReplicationExceptReplicationRole"}, slices.Sorted(maps.Keys(st)))
	admin := map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": adminRole}}
	assert.Equal(t, asJSON(t, map[string]any{"Sid": "DenyObjectLockExceptAdminRole", "Effect": "Deny", "Principal": "*",
		"Action": []string{"s3:PutObjectRetention", "s3:PutObjectLegalHold"}, "Resource": logs + "/*", "Condition": admin}),
		asJSON(t, st["DenyObjectLockExceptAdminRole"]), "a retention set by anyone but the admin role could outlast the account's trail")
	assert.Equal(t, asJSON(t, map[string]any{"Sid": "CloudTrailWrite", "Effect": "Allow",
		"Principal": map[string]any{"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
		"Resource": logs + "/cloudtrail/AWSLogs/123456789012/*", "Condition": map[string]any{"StringEquals": map[string]any{
			"aws:SourceArn": trail, "s3:x-amz-acl": "bucket-owner-full-control"}}}), asJSON(t, st["CloudTrailWrite"]))

	cfg := "arn:aws:s3:::" + baselineBucket(sce.BucketConfig)
	account := map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": account}}
	st = statements(t, doc(t, res(t, p, tPolicy, "account-config-policy").Inputs["policy"]))
	// The Config bucket has no Object Lock, but the statement stays for a
	// config bucket an earlier sce created locked.
	assert.Equal(t, []string{"ConfigAclCheck", "ConfigBucketExistenceCheck", "ConfigWrite", "DenyAdministrationExceptAdminRole",
		"DenyInsecureTransport", "DenyObjectLockExceptAdminRole", "DenyOtherEncryptionType", "DenyReplicationExceptReplicationRole"}, slices.Sorted(maps.Keys(st)))
	assert.Equal(t, asJSON(t, map[string]any{"Sid": "DenyObjectLockExceptAdminRole", "Effect": "Deny", "Principal": "*",
		"Action": []string{"s3:PutObjectRetention", "s3:PutObjectLegalHold"}, "Resource": cfg + "/*", "Condition": admin}),
		asJSON(t, st["DenyObjectLockExceptAdminRole"]))
	assert.Equal(t, asJSON(t, map[string]map[string]any{
		"ConfigAclCheck": {"Sid": "ConfigAclCheck", "Effect": "Allow", "Principal": map[string]any{"Service": "config.amazonaws.com"},
			"Action": "s3:GetBucketAcl", "Resource": cfg, "Condition": account},
		"ConfigBucketExistenceCheck": {"Sid": "ConfigBucketExistenceCheck", "Effect": "Allow", "Principal": map[string]any{"Service": "config.amazonaws.com"},
			"Action": "s3:ListBucket", "Resource": cfg, "Condition": account},
		"ConfigWrite": {"Sid": "ConfigWrite", "Effect": "Allow", "Principal": map[string]any{"Service": "config.amazonaws.com"},
			"Action": "s3:PutObject", "Resource": cfg + "/config/AWSLogs/123456789012/Config/*",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": "123456789012", "s3:x-amz-acl": "bucket-owner-full-control"}}},
	}), asJSON(t, map[string]any{"ConfigAclCheck": st["ConfigAclCheck"], "ConfigBucketExistenceCheck": st["ConfigBucketExistenceCheck"], "ConfigWrite": st["ConfigWrite"]}))

	st = statements(t, doc(t, res(t, p, tPolicy, "account-access-logs-policy").Inputs["policy"]))
	assert.Equal(t, []any{"arn:aws:s3:::" + baselineBucket(sce.BucketLogs), "arn:aws:s3:::" + baselineBucket(sce.BucketLogs) + "-replica",
		"arn:aws:s3:::" + baselineBucket(sce.BucketConfig), "arn:aws:s3:::" + baselineBucket(sce.BucketConfig) + "-replica",
		"arn:aws:s3:::" + archiveBucket, "arn:aws:s3:::" + archiveBucket + "-replica",
		"arn:aws:s3:::" + baselineBucket(sce.BucketAccessLogs) + "-replica"}, st["S3ServerAccessLogDelivery"]["Condition"].(map[string]any)["ArnLike"].(map[string]any)["aws:SourceArn"])
}

func TestLogsBucketLockIsGovernance(t *testing.T) {
	p := accountPlan(t)
	assert.Equal(t, asJSON(t, map[string]any{"defaultRetention": map[string]any{"mode": "GOVERNANCE", "days": 365}}),
		res(t, p, tObjectLock, "account-logs-object-lock").Inputs["rule"])
	_, locked := p.ByName("account-config-object-lock")
	assert.False(t, locked, "the config bucket has no Object Lock: AWS Config delivers to no bucket with it")
}
