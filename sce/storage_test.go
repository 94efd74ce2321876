package sce_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

func bucketName(role sce.BucketRole) string {
	return fmt.Sprintf("hipaa-%s-%s-%s", role, account, region)
}

func TestBuckets(t *testing.T) {
	p := hipaaPlan(t)
	require.Len(t, p.Find(tBucket), 12, "six buckets and their replicas")
	for _, role := range sce.BucketRoles() {
		b := res(t, p, tBucket, "hipaa-"+string(role))
		assert.Equal(t, bucketName(role), b.Inputs["bucket"], role)
		switch role {
		case sce.BucketLogs:
			assert.Equal(t, true, b.Inputs["objectLockEnabled"], role)
		case sce.BucketAccessLogs:
			assert.Equal(t, false, b.Inputs["objectLockEnabled"], role)
		default:
			assert.NotContains(t, b.Inputs, "objectLockEnabled", role)
		}
		assert.Equal(t, role != sce.BucketAncillary, b.Options.Protect, "%s protect", role)
		assert.NotContains(t, b.Inputs, "forceDestroy", role)
		tags := b.Inputs["tags"].(map[string]any)
		if role == sce.BucketAccessLogs {
			assert.NotContains(t, tags, sce.TagDataBucket)
		} else {
			assert.Equal(t, "hipaa", tags[sce.TagDataBucket], role)
		}
	}
}

func TestEveryBucketIsHardened(t *testing.T) {
	p := hipaaPlan(t)
	for _, role := range sce.BucketRoles() {
		name := "hipaa-" + string(role)
		bucket := urnOf(t, p, tBucket, name)
		t.Run(string(role), func(t *testing.T) {
			v := res(t, p, tVersioning, name+"-versioning")
			assert.Equal(t, map[string]any{"status": "Enabled"}, v.Inputs["versioningConfiguration"])
			assert.Equal(t, []string{bucket}, v.PropertyDependencies["bucket"])

			pab := res(t, p, tPAB, name+"-public-access-block")
			for _, flag := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
				assert.Equal(t, true, pab.Inputs[flag], flag)
			}
			assert.Equal(t, []string{bucket}, pab.PropertyDependencies["bucket"])

			own := res(t, p, tOwnership, name+"-ownership")
			assert.Equal(t, map[string]any{"objectOwnership": "BucketOwnerEnforced"}, own.Inputs["rule"])

			sse := res(t, p, tSSE, name+"-encryption")
			rules := sse.Inputs["rules"].([]any)
			require.Len(t, rules, 1)
			rule := rules[0].(map[string]any)
			def := rule["applyServerSideEncryptionByDefault"].(map[string]any)
			if role == sce.BucketAccessLogs {
				assert.Equal(t, map[string]any{"sseAlgorithm": "AES256"}, def)
				assert.Equal(t, false, rule["bucketKeyEnabled"])
			} else {
				assert.Equal(t, "aws:kms", def["sseAlgorithm"])
				assert.Equal(t, p.Outputs["kmsKeyArn"], def["kmsMasterKeyId"])
				assert.Equal(t, true, rule["bucketKeyEnabled"])
				assert.Contains(t, sse.Dependencies, urnOf(t, p, tKey, "hipaa-key"))
			}

			lc := res(t, p, tLifecycle, name+"-lifecycle")
			want := map[string]any{
				"id": "noncurrent-versions", "status": "Enabled", "filter": map[string]any{"prefix": ""},
				"noncurrentVersionExpiration":    map[string]any{"noncurrentDays": 90},
				"abortIncompleteMultipartUpload": map[string]any{"daysAfterInitiation": 7},
			}
			if role == sce.BucketEgress {
				want["id"], want["expiration"] = "egress-expiry", map[string]any{"days": sce.DefaultAirlockExpireDays}
			}
			assert.Equal(t, asJSON(t, []map[string]any{want}), lc.Inputs["rules"])
			assert.Contains(t, lc.Dependencies, v.URN, "lifecycle waits for versioning")

			pol := res(t, p, tPolicy, name+"-policy")
			assert.Equal(t, []string{bucket}, pol.PropertyDependencies["bucket"])
			assert.Contains(t, pol.Dependencies, pab.URN, "policy waits for the public access block")
		})
	}
}

func TestAccessLogging(t *testing.T) {
	p := hipaaPlan(t)
	target := urnOf(t, p, tBucket, "hipaa-access-logs")
	targetPolicy := urnOf(t, p, tPolicy, "hipaa-access-logs-policy")
	assert.ElementsMatch(t, []string{"hipaa-logs-logging", "hipaa-data-in-logging", "hipaa-output-logging", "hipaa-ancillary-logging",
		"hipaa-egress-logging", "hipaa-access-logs-replica-logging", "hipaa-logs-replica-logging", "hipaa-data-in-replica-logging",
		"hipaa-output-replica-logging", "hipaa-ancillary-replica-logging", "hipaa-egress-replica-logging"}, names(p, tLogging))
	check := func(name, prefix string) {
		l := res(t, p, tLogging, name+"-logging")
		assert.Equal(t, prefix, l.Inputs["targetPrefix"], name)
		assert.Equal(t, []string{target}, l.PropertyDependencies["targetBucket"], name)
		assert.Equal(t, []string{urnOf(t, p, tBucket, name)}, l.PropertyDependencies["bucket"], name)
		assert.Contains(t, l.Dependencies, targetPolicy, "logging waits for the target's policy")
	}
	for _, role := range []sce.BucketRole{sce.BucketLogs, sce.BucketDataIn, sce.BucketOutput, sce.BucketAncillary, sce.BucketEgress} {
		check("hipaa-"+string(role), string(role)+"/")
	}
	for _, role := range sce.BucketRoles() {
		check("hipaa-"+string(role)+"-replica", string(role)+"-replica/")
	}
}

// TestEveryBucketButTheAccessLogTargetHasObjectLock: Object Lock on every
// project bucket but the access-log destination and its replica (so that a version can be locked on request, and the
// official rule s3-bucket-default-lock-enabled passes), with a default
// retention on the logs bucket only: data-in, output, ancillary and egress
// must stay emptiable by close-out (and egress by its expiry rule).
func TestEveryBucketButTheAccessLogTargetHasObjectLock(t *testing.T) {
	p := hipaaPlan(t)
	locks := map[string]any{}
	for _, l := range p.Find(tObjectLock) {
		assert.Equal(t, "Enabled", l.Inputs["objectLockEnabled"], l.Name)
		locks[l.Name] = l.Inputs["rule"]
	}
	logsRetention := asJSON(t, map[string]any{"defaultRetention": map[string]any{"mode": "GOVERNANCE", "days": 365}})
	assert.Equal(t, map[string]any{"hipaa-data-in-object-lock": nil, "hipaa-output-object-lock": nil,
		"hipaa-ancillary-object-lock": nil, "hipaa-egress-object-lock": nil, "hipaa-logs-object-lock": logsRetention,
		"hipaa-data-in-replica-object-lock": nil, "hipaa-output-replica-object-lock": nil,
		"hipaa-ancillary-replica-object-lock": nil, "hipaa-egress-replica-object-lock": nil, "hipaa-logs-replica-object-lock": logsRetention,
	}, locks, "every replica is locked as its source is; the access-log destination's replica replicates back into it, so it has no Object Lock either")
}

func TestLogsBucketObjectLock(t *testing.T) {
	p := hipaaPlan(t)
	ol := res(t, p, tObjectLock, "hipaa-logs-object-lock")
	assert.Equal(t, "Enabled", ol.Inputs["objectLockEnabled"])
	assert.Equal(t, asJSON(t, map[string]any{"defaultRetention": map[string]any{"mode": "GOVERNANCE", "days": 365}}), ol.Inputs["rule"])
	assert.Equal(t, []string{urnOf(t, p, tBucket, "hipaa-logs")}, ol.PropertyDependencies["bucket"])
}

// bucketStatements returns the statements of one bucket's policy.
func bucketStatements(t *testing.T, role sce.BucketRole) map[string]map[string]any {
	t.Helper()
	p := hipaaPlan(t)
	return statements(t, doc(t, res(t, p, tPolicy, "hipaa-"+string(role)+"-policy").Inputs["policy"]))
}

func TestBucketPoliciesDenyInsecureTransportAndOtherEncryption(t *testing.T) {
	p := hipaaPlan(t)
	key := p.Outputs["kmsKeyArn"]
	for _, role := range sce.BucketRoles() {
		arn := "arn:aws:s3:::" + bucketName(role)
		st := bucketStatements(t, role)
		assert.Equal(t, asJSON(t, map[string]any{
			"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
			"Resource": []string{arn, arn + "/*"}, "Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
		}), any(st["DenyInsecureTransport"]), role)
		var algorithm any = "aws:kms"
		switch role {
		case sce.BucketAccessLogs:
			algorithm = "AES256"
		case sce.BucketLogs:
			algorithm = []string{"aws:kms", "AES256"} // CloudTrail digest files are SSE-S3
		}
		assert.Equal(t, asJSON(t, map[string]any{
			"Sid": "DenyOtherEncryptionType", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": arn + "/*",
			"Condition": map[string]any{
				"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption": algorithm},
				"Null":            map[string]any{"s3:x-amz-server-side-encryption": "false"},
			},
		}), any(st["DenyOtherEncryptionType"]), role)
		if role == sce.BucketAccessLogs || role == sce.BucketLogs {
			assert.NotContains(t, st, "DenyOtherKmsKey", role)
			continue
		}
		assert.Equal(t, asJSON(t, map[string]any{
			"Sid": "DenyOtherKmsKey", "Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": arn + "/*",
			"Condition": map[string]any{
				"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption-aws-kms-key-id": key},
				"Null":            map[string]any{"s3:x-amz-server-side-encryption-aws-kms-key-id": "false"},
			},
		}), any(st["DenyOtherKmsKey"]), role)
	}
}

func TestPHIBucketsReadableOnlyThroughEndpoint(t *testing.T) {
	p := hipaaPlan(t)
	endpointID := res(t, p, tEndpoint, "hipaa-s3-endpoint")
	pol := res(t, p, tPolicy, "hipaa-data-in-policy")
	assert.Contains(t, pol.Dependencies, endpointID.URN)
	for _, role := range sce.BucketRoles() {
		st := bucketStatements(t, role)
		if !role.PHI() {
			assert.NotContains(t, st, "DenyReadOutsideProjectEndpoint", role)
			continue
		}
		arn := "arn:aws:s3:::" + bucketName(role)
		read := st["DenyReadOutsideProjectEndpoint"]
		require.NotNil(t, read, role)
		assert.Equal(t, "Deny", read["Effect"])
		assert.Equal(t, "*", read["Principal"])
		assert.Equal(t, []any{"s3:GetObject", "s3:GetObjectVersion", "s3:ListBucketVersions"}, read["Action"])
		assert.Equal(t, []any{arn, arn + "/*"}, read["Resource"])
		cond := read["Condition"].(map[string]any)
		vpce := cond["StringNotEquals"].(map[string]any)["aws:SourceVpce"].(string)
		assert.Regexp(t, `^vpce-[0-9a-f]{17}$`, vpce)
		// TLS, encryption type, KMS key, administration, object locks,
		// replication, reads, listing.
		want, readers := 8, []any{adminRole}
		if role == sce.BucketOutput {
			// and writes, and the airlock's two (request manifests written
			// once, deleted only by the admin role); the approver role reads
			// a request's files from outside the project's endpoint too.
			want, readers = 11, []any{adminRole, approverRole}
		}
		assert.Equal(t, map[string]any{"aws:PrincipalArn": readers}, cond["ArnNotEquals"], role)
		// The replication role lists the bucket from S3 itself, outside the
		// endpoint; it reads nothing but versions for replication.
		assert.Equal(t, map[string]any{"Sid": "DenyListOutsideProjectEndpoint", "Effect": "Deny", "Principal": "*",
			"Action": "s3:ListBucket", "Resource": arn, "Condition": map[string]any{
				"StringNotEquals": map[string]any{"aws:SourceVpce": vpce},
				"ArnNotEquals":    map[string]any{"aws:PrincipalArn": append([]any{adminRole, replRole}, readers[1:]...)}}},
			st["DenyListOutsideProjectEndpoint"], role)
		assert.Len(t, st, want, role)
	}
}

// TestOutputWritableOnlyThroughEndpoint: worker credentials used from
// outside the project network cannot write, overwrite or delete results;
// the admin role still can (close-out empties the bucket). Data-in keeps
// uploads from outside: data providers put data sets there.
func TestOutputWritableOnlyThroughEndpoint(t *testing.T) {
	out := bucketStatements(t, sce.BucketOutput)
	vpce := out["DenyReadOutsideProjectEndpoint"]["Condition"].(map[string]any)["StringNotEquals"].(map[string]any)["aws:SourceVpce"]
	arn := "arn:aws:s3:::" + bucketName(sce.BucketOutput)
	assert.Equal(t, asJSON(t, map[string]any{
		"Sid": "DenyWriteOutsideProjectEndpoint", "Effect": "Deny", "Principal": "*",
		"Action": []string{"s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload",
			"s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging"},
		"Resource": arn + "/*",
		"Condition": map[string]any{
			"StringNotEquals": map[string]any{"aws:SourceVpce": vpce},
			"ArnNotEquals":    map[string]any{"aws:PrincipalArn": adminRole},
		},
	}), any(out["DenyWriteOutsideProjectEndpoint"]))
	for _, role := range sce.BucketRoles() {
		if role != sce.BucketOutput {
			assert.NotContains(t, bucketStatements(t, role), "DenyWriteOutsideProjectEndpoint", role)
		}
	}
}

// TestBucketAdministrationReservedToAdminRole: on every project bucket only
// the admin role (which deploys) may change or delete the bucket policy,
// configure replication, bypass GOVERNANCE retention or change Object Lock;
// only the replication role may read versions for replication and write
// replicas (ReplicateObject writes without s3:PutObject, so no PutObject
// Deny would stop anyone else); a principal with s3:* elsewhere cannot.
func TestBucketAdministrationReservedToAdminRole(t *testing.T) {
	for _, role := range sce.BucketRoles() {
		st := bucketStatements(t, role)
		arn := "arn:aws:s3:::" + bucketName(role)
		assert.Equal(t, asJSON(t, map[string]any{
			"Sid": "DenyAdministrationExceptAdminRole", "Effect": "Deny", "Principal": "*",
			"Action": []string{"s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutReplicationConfiguration",
				"s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration",
				"s3:PutBucketNotification", "s3:PutBucketLogging", "s3:PutEncryptionConfiguration", "s3:PutBucketVersioning",
				"s3:PutLifecycleConfiguration", "s3:PutBucketPublicAccessBlock", "s3:PutBucketOwnershipControls"},
			"Resource":  []string{arn, arn + "/*"},
			"Condition": map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": adminRole}},
		}), any(st["DenyAdministrationExceptAdminRole"]), role)
		assert.Equal(t, asJSON(t, map[string]any{
			"Sid": "DenyReplicationExceptReplicationRole", "Effect": "Deny", "Principal": "*",
			"Action":    []string{"s3:GetObjectVersionForReplication", "s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"},
			"Resource":  arn + "/*",
			"Condition": map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": []string{replRole}}},
		}), any(st["DenyReplicationExceptReplicationRole"]), role)
	}
}

// TestObjectLockReservedToAdminRole: on every bucket with Object Lock (all
// but access-logs) only the admin role may set a retention or a legal hold,
// which could keep close-out from emptying the bucket; in the logs bucket
// the airlock's records are left to DenyAirlockRecordsExceptApprover, whose
// approver role sets their retention.
func TestObjectLockReservedToAdminRole(t *testing.T) {
	admin := map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": adminRole}}
	for _, role := range sce.BucketRoles() {
		st := bucketStatements(t, role)
		arn := "arn:aws:s3:::" + bucketName(role)
		switch role {
		case sce.BucketAccessLogs:
			assert.NotContains(t, st, "DenyObjectLockExceptAdminRole", "access-logs has no Object Lock")
		case sce.BucketLogs:
			assert.NotContains(t, st, "DenyObjectLockExceptAdminRole")
			assert.Equal(t, asJSON(t, map[string]any{
				"DenyLegalHoldExceptAdminRole": map[string]any{"Sid": "DenyLegalHoldExceptAdminRole", "Effect": "Deny", "Principal": "*",
					"Action": "s3:PutObjectLegalHold", "Resource": arn + "/*", "Condition": admin},
				"DenyRetentionExceptAdminRole": map[string]any{"Sid": "DenyRetentionExceptAdminRole", "Effect": "Deny", "Principal": "*",
					"Action": "s3:PutObjectRetention", "NotResource": arn + "/egress/*", "Condition": admin},
			}), asJSON(t, map[string]any{"DenyLegalHoldExceptAdminRole": st["DenyLegalHoldExceptAdminRole"],
				"DenyRetentionExceptAdminRole": st["DenyRetentionExceptAdminRole"]}))
		default:
			assert.Equal(t, asJSON(t, map[string]any{"Sid": "DenyObjectLockExceptAdminRole", "Effect": "Deny", "Principal": "*",
				"Action": []string{"s3:PutObjectRetention", "s3:PutObjectLegalHold"}, "Resource": arn + "/*", "Condition": admin}),
				any(st["DenyObjectLockExceptAdminRole"]), role)
		}
	}
}

func TestLogsBucketAdmitsCloudTrailFlowLogsAndQueryLogs(t *testing.T) {
	st := bucketStatements(t, sce.BucketLogs)
	arn := "arn:aws:s3:::" + bucketName(sce.BucketLogs)
	trail := "arn:aws:cloudtrail:us-west-2:123456789012:trail/hipaa-trail"
	want := map[string]map[string]any{
		"CloudTrailAclCheck": {"Effect": "Allow", "Principal": map[string]any{"Service": "cloudtrail.amazonaws.com"},
			"Action": "s3:GetBucketAcl", "Resource": arn, "Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceArn": trail}}},
		"CloudTrailWrite": {"Effect": "Allow", "Principal": map[string]any{"Service": "cloudtrail.amazonaws.com"},
			"Action": "s3:PutObject", "Resource": arn + "/cloudtrail/AWSLogs/123456789012/*",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceArn": trail, "s3:x-amz-acl": "bucket-owner-full-control"}}},
		"FlowLogsAclCheck": {"Effect": "Allow", "Principal": map[string]any{"Service": "delivery.logs.amazonaws.com"},
			"Action": "s3:GetBucketAcl", "Resource": arn, "Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": account},
				"ArnLike":      map[string]any{"aws:SourceArn": "arn:aws:logs:us-west-2:123456789012:*"}}},
		"FlowLogsWrite": {"Effect": "Allow", "Principal": map[string]any{"Service": "delivery.logs.amazonaws.com"},
			"Action": "s3:PutObject", "Resource": arn + "/flow-logs/AWSLogs/123456789012/*", "Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control"},
				"ArnLike":      map[string]any{"aws:SourceArn": "arn:aws:logs:us-west-2:123456789012:*"}}},
		"ResolverQueryLogsWrite": {"Effect": "Allow", "Principal": map[string]any{"Service": "delivery.logs.amazonaws.com"},
			"Action": "s3:PutObject", "Resource": arn + "/dns-queries/AWSLogs/123456789012/*", "Condition": map[string]any{
				"StringEquals": map[string]any{"aws:SourceAccount": account, "s3:x-amz-acl": "bucket-owner-full-control"},
				"ArnLike":      map[string]any{"aws:SourceArn": "arn:aws:logs:us-west-2:123456789012:*"}}},
	}
	assert.Len(t, st, 4+len(want)+1+2, "TLS, encryption type, administration, replication, delivery, the airlock's records and object locks")
	assert.Equal(t, asJSON(t, map[string]any{
		"Sid": "DenyAirlockRecordsExceptApprover", "Effect": "Deny", "Principal": "*",
		"Action": []string{"s3:PutObject", "s3:PutObjectRetention"}, "Resource": arn + "/egress/*",
		"Condition": map[string]any{"ArnNotEquals": map[string]any{"aws:PrincipalArn": []string{approverRole}}},
	}), any(st["DenyAirlockRecordsExceptApprover"]))
	for sid, w := range want {
		w["Sid"] = sid
		assert.Equal(t, asJSON(t, w), any(st[sid]), sid)
	}
}

func TestAccessLogsBucketAdmitsS3Logging(t *testing.T) {
	st := bucketStatements(t, sce.BucketAccessLogs)
	arn := "arn:aws:s3:::" + bucketName(sce.BucketAccessLogs)
	assert.Len(t, st, 5)
	assert.Equal(t, asJSON(t, map[string]any{
		"Sid": "S3ServerAccessLogDelivery", "Effect": "Allow", "Principal": map[string]any{"Service": "logging.s3.amazonaws.com"},
		"Action": "s3:PutObject", "Resource": arn + "/*",
		"Condition": map[string]any{
			"StringEquals": map[string]any{"aws:SourceAccount": account},
			"ArnLike": map[string]any{"aws:SourceArn": []string{
				"arn:aws:s3:::" + bucketName(sce.BucketLogs), "arn:aws:s3:::" + bucketName(sce.BucketLogs) + "-replica",
				"arn:aws:s3:::" + bucketName(sce.BucketDataIn), "arn:aws:s3:::" + bucketName(sce.BucketDataIn) + "-replica",
				"arn:aws:s3:::" + bucketName(sce.BucketOutput), "arn:aws:s3:::" + bucketName(sce.BucketOutput) + "-replica",
				"arn:aws:s3:::" + bucketName(sce.BucketAncillary), "arn:aws:s3:::" + bucketName(sce.BucketAncillary) + "-replica",
				"arn:aws:s3:::" + bucketName(sce.BucketEgress), "arn:aws:s3:::" + bucketName(sce.BucketEgress) + "-replica",
				"arn:aws:s3:::" + bucketName(sce.BucketAccessLogs) + "-replica"}},
		},
	}), any(st["S3ServerAccessLogDelivery"]))
}
