package policy_test

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/plan"
)

// mutation is one single change to the hipaa plan and the rule that must catch it.
type mutation struct {
	name  string
	needs string // a resource the mutation edits: the hipaa plan must have it
	apply func(t *testing.T, p *plan.Plan)
	rule  string
	want  string // one exact message of rule on the mutated plan
}

const (
	worker  = "hipaa-worker-1"
	bastion = "hipaa-bastion"
	trail   = "hipaa-trail"
)

func storageMutations() []mutation {
	return []mutation{
		{name: "drop a bucket's encryption resource", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-data-in-encryption") },
			rule: "stack_deny_s3_encryption", want: "S3 bucket 'hipaa-data-in' has no server-side encryption configuration resource"},
		{name: "encrypt a PHI bucket with SSE-S3", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-data-in-encryption", "rules", []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "AES256"}}})
		}, rule: "stack_deny_s3_encryption", want: "S3 bucket 'hipaa-data-in' is encrypted with AES256, not SSE-KMS with the project key"},
		{name: "SSE-KMS without the project key", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-output-encryption", "rules", []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms"}}})
		}, rule: "deny_s3_sse_kms_key", want: "S3 encryption 'hipaa-output-encryption' uses SSE-KMS without kmsMasterKeyId, so S3 falls back to the AWS-managed aws/s3 key"},
		{name: "suspend versioning", apply: func(t *testing.T, p *plan.Plan) {
			nested(t, p, "hipaa-output-versioning", "versioningConfiguration")["status"] = "Suspended"
		}, rule: "deny_s3_versioning", want: "S3 versioning 'hipaa-output-versioning' has status Suspended: it must be Enabled"},
		{name: "drop a bucket's versioning resource", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-ancillary-versioning") },
			rule: "stack_deny_s3_versioning", want: "S3 bucket 'hipaa-ancillary' has no versioning resource"},
		{name: "clear restrictPublicBuckets", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-data-in-public-access-block", "restrictPublicBuckets", false)
		},
			rule: "deny_s3_public_access_block", want: "S3 public access block 'hipaa-data-in-public-access-block' does not set restrictPublicBuckets to true"},
		{name: "drop a public access block", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-logs-public-access-block") },
			rule: "stack_deny_s3_public_access_block", want: "S3 bucket 'hipaa-logs' has no public access block resource"},
		{name: "re-enable ACLs", apply: func(t *testing.T, p *plan.Plan) {
			nested(t, p, "hipaa-ancillary-ownership", "rule")["objectOwnership"] = "ObjectWriter"
		}, rule: "deny_s3_ownership_controls", want: "S3 ownership controls 'hipaa-ancillary-ownership' set objectOwnership to ObjectWriter: ACLs stay enabled unless it is BucketOwnerEnforced"},
		{name: "drop ownership controls", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-output-ownership") },
			rule: "stack_deny_s3_ownership_controls", want: "S3 bucket 'hipaa-output' has no ownership controls resource, so its ACLs stay enabled"},
		{name: "remove the TLS-only statement", apply: func(t *testing.T, p *plan.Plan) {
			dropStatement(t, p, "hipaa-data-in-policy", "DenyInsecureTransport")
		}, rule: "deny_s3_tls_only", want: "S3 bucket policy 'hipaa-data-in-policy' does not deny requests without TLS (aws:SecureTransport false)"},
		{name: "make a bucket public", apply: func(t *testing.T, p *plan.Plan) {
			editPolicy(t, p, "hipaa-ancillary-policy", "policy", func(doc map[string]any) {
				doc["Statement"] = append(statementsOf(doc), map[string]any{"Sid": "Public", "Effect": "Allow", "Principal": "*",
					"Action": "s3:GetObject", "Resource": "arn:aws:s3:::hipaa-ancillary-123456789012-us-west-2/*"})
			})
		}, rule: "deny_s3_public_policy", want: "S3 bucket policy 'hipaa-ancillary-policy' allows s3:GetObject to everyone (statement Public)"},
		{name: "drop a bucket policy", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-output-policy") },
			rule: "stack_deny_s3_bucket_policy", want: "S3 bucket 'hipaa-output' has no bucket policy resource"},
		{name: "drop access logging", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-data-in-logging") },
			rule: "stack_deny_s3_access_logging", want: "S3 bucket 'hipaa-data-in' does not log server access (no logging resource)"},
		{name: "move a bucket policy inline", needs: "hipaa-output-policy", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-output", "policy", resource(t, p, "hipaa-output-policy").Inputs["policy"])
			drop(t, p, "hipaa-output-policy")
		}, rule: "deny_s3_inline_bucket_settings", want: "S3 bucket 'hipaa-output' sets policy inline: give it an aws.s3.BucketPolicy instead"},
		{name: "move access logging inline", needs: "hipaa-data-in-logging", apply: func(t *testing.T, p *plan.Plan) {
			l := resource(t, p, "hipaa-data-in-logging").Inputs
			set(t, p, "hipaa-data-in", "loggings", []any{map[string]any{"targetBucket": l["targetBucket"], "targetPrefix": l["targetPrefix"]}})
			drop(t, p, "hipaa-data-in-logging")
		}, rule: "stack_deny_s3_access_logging", want: "S3 bucket 'hipaa-data-in' does not log server access (no logging resource)"},
		{name: "encrypt the access-log target with KMS", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-access-logs-encryption", "rules", []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms", "kmsMasterKeyId": "k"}}})
		}, rule: "stack_deny_s3_access_log_target", want: "S3 bucket 'hipaa-access-logs' receives server access logs but is encrypted with aws:kms: S3 delivers them only to SSE-S3 (AES256) buckets"},
		{name: "drop the audit bucket's Object Lock", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-logs-object-lock") },
			rule: "stack_deny_s3_audit_object_lock", want: "S3 bucket 'hipaa-logs' receives the logs of trail 'hipaa-trail' but has no Object Lock configuration with a default retention"},
		{name: "drop the data-in bucket's replication", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-data-in-replication") },
			rule: "stack_deny_s3_replication", want: "S3 bucket 'hipaa-data-in' has no enabled replication rule to another bucket of the stack"},
		{name: "disable the output replica's way back", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-output-replica-replication", "rules", []any{map[string]any{"id": "replicate-all", "status": "Disabled",
				"destination": map[string]any{"bucket": "arn:aws:s3:::hipaa-output-123456789012-us-west-2"}}})
		}, rule: "stack_deny_s3_replication", want: "S3 bucket 'hipaa-output-replica' has no enabled replication rule to another bucket of the stack"},
		{name: "swap the destinations of the data-in bucket's two rules", apply: func(t *testing.T, p *plan.Plan) {
			// The configuration's rules still came from the replica's ARN (its
			// property dependency), but the enabled rule now points back at the
			// bucket itself and only a disabled rule at the replica.
			set(t, p, "hipaa-data-in-replication", "rules", []any{
				map[string]any{"id": "replicate-all", "status": "Enabled", "priority": 1,
					"destination": map[string]any{"bucket": "arn:aws:s3:::hipaa-data-in-123456789012-us-west-2"}},
				map[string]any{"id": "to-replica", "status": "Disabled", "priority": 2,
					"destination": map[string]any{"bucket": "arn:aws:s3:::hipaa-data-in-123456789012-us-west-2-replica"}}})
		}, rule: "stack_deny_s3_replication", want: "S3 bucket 'hipaa-data-in' has no enabled replication rule to another bucket of the stack"},
		{name: "drop the data-in bucket's Object Lock", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-data-in-object-lock") },
			rule: "stack_deny_s3_object_lock", want: "S3 bucket 'hipaa-data-in' has no Object Lock: neither objectLockEnabled nor an Object Lock configuration enables it"},
		{name: "create the access-log target with Object Lock", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-access-logs", "objectLockEnabled", true)
		}, rule: "stack_deny_s3_access_log_target_object_lock", want: "S3 bucket 'hipaa-access-logs' receives server access logs but has Object Lock: S3 delivers no server access logs to it"},
		{name: "drop an ordinary replica's Object Lock", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-output-replica-object-lock") },
			rule: "stack_deny_s3_object_lock", want: "S3 bucket 'hipaa-output-replica' has no Object Lock: neither objectLockEnabled nor an Object Lock configuration enables it"},
		{name: "create the access-log target's replica with Object Lock", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-access-logs-replica", "objectLockEnabled", true)
		}, rule: "stack_deny_s3_access_log_target_object_lock",
			want: "S3 bucket 'hipaa-access-logs-replica' replicates back into the server-access-log bucket but has Object Lock: S3 replicates from it only into a bucket with Object Lock"},
		{name: "give the output bucket's Object Lock an empty rule", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-output-object-lock", "rule", map[string]any{})
		}, rule: "deny_s3_object_lock_retention", want: "S3 Object Lock configuration 'hipaa-output-object-lock' has a rule without a default retention"},
		{name: "unprotect the data-in bucket", apply: func(t *testing.T, p *plan.Plan) { resource(t, p, "hipaa-data-in").Options.Protect = false },
			rule: "deny_protect_phi", want: "S3 bucket 'hipaa-data-in' holds PHI or audit logs but is not protected (protect option)"},
		{name: "let any principal change the data-in bucket policy", apply: func(t *testing.T, p *plan.Plan) {
			dropStatement(t, p, "hipaa-data-in-policy", "DenyAdministrationExceptAdminRole")
		}, rule: "deny_s3_admin_only_actions", want: "S3 bucket policy 'hipaa-data-in-policy' lets principals other than the admin role call " +
			"s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutReplicationConfiguration, " +
			"s3:BypassGovernanceRetention, s3:PutBucketObjectLockConfiguration, s3:PutBucketNotification, s3:PutBucketLogging, " +
			"s3:PutEncryptionConfiguration, s3:PutBucketVersioning, s3:PutLifecycleConfiguration, s3:PutBucketPublicAccessBlock, " +
			"s3:PutBucketOwnershipControls: no Deny for everyone but named roles (aws:PrincipalArn) covers it"},
		{name: "exempt every role from the logs bucket's administration deny", apply: func(t *testing.T, p *plan.Plan) {
			editPolicy(t, p, "hipaa-logs-policy", "policy", func(doc map[string]any) {
				for _, st := range statementsOf(doc) {
					if st := st.(map[string]any); st["Sid"] == "DenyAdministrationExceptAdminRole" {
						st["Condition"] = map[string]any{"ArnNotLike": map[string]any{"aws:PrincipalArn": "arn:aws:iam::123456789012:role/*"}}
					}
				}
			})
		}, rule: "deny_s3_admin_only_actions", want: "S3 bucket policy 'hipaa-logs-policy' lets principals other than the admin role call " +
			"s3:PutBucketPolicy, s3:DeleteBucketPolicy, s3:PutReplicationConfiguration, " +
			"s3:BypassGovernanceRetention, s3:PutBucketObjectLockConfiguration, s3:PutBucketNotification, s3:PutBucketLogging, " +
			"s3:PutEncryptionConfiguration, s3:PutBucketVersioning, s3:PutLifecycleConfiguration, s3:PutBucketPublicAccessBlock, " +
			"s3:PutBucketOwnershipControls: no Deny for everyone but named roles (aws:PrincipalArn) covers it"},
		{name: "let any principal switch off the egress bucket's notifications and versioning", apply: func(t *testing.T, p *plan.Plan) {
			editPolicy(t, p, "hipaa-egress-policy", "policy", func(doc map[string]any) {
				for _, st := range statementsOf(doc) {
					if st := st.(map[string]any); st["Sid"] == "DenyAdministrationExceptAdminRole" {
						st["Action"] = slices.DeleteFunc(slices.Clone(st["Action"].([]any)), func(a any) bool {
							return a == "s3:PutBucketNotification" || a == "s3:PutBucketVersioning"
						})
					}
				}
			})
		}, rule: "deny_s3_admin_only_actions", want: "S3 bucket policy 'hipaa-egress-policy' lets principals other than the admin role call " +
			"s3:PutBucketNotification, s3:PutBucketVersioning: no Deny for everyone but named roles (aws:PrincipalArn) covers it"},
		{name: "drop the egress bucket's event notifications", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-egress-notifications") },
			rule: "stack_deny_s3_event_notifications", want: "S3 bucket 'hipaa-egress' has no event notification resource"},
		{name: "send no event from the logs bucket", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-logs-notifications", "topics", []any{map[string]any{"id": "alert-topic", "topicArn": "arn:aws:sns:us-west-2:123456789012:hipaa-alerts", "events": []any{}}})
		}, rule: "stack_deny_s3_event_notifications", want: "S3 bucket 'hipaa-logs' sends no event notification to an SNS topic of this stack"},
		{name: "notify EventBridge only from the data-in bucket", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-data-in-notifications", "topics", nil)
			set(t, p, "hipaa-data-in-notifications", "eventbridge", true)
		}, rule: "stack_deny_s3_event_notifications", want: "S3 bucket 'hipaa-data-in' sends no event notification to an SNS topic of this stack"},
	}
}

func auditMutations() []mutation {
	return []mutation{
		{name: "disable log validation", apply: func(t *testing.T, p *plan.Plan) { set(t, p, trail, "enableLogFileValidation", false) },
			rule: "deny_cloudtrail_log_validation", want: "CloudTrail trail 'hipaa-trail' does not validate its log files (enableLogFileValidation)"},
		{name: "remove the trail's data events", apply: func(t *testing.T, p *plan.Plan) { set(t, p, trail, "eventSelectors", nil) },
			rule: "stack_deny_cloudtrail_data_events", want: "No CloudTrail trail records S3 data events (read and write) for PHI bucket 'hipaa-data-in' (hipaa-data-in-123456789012-us-west-2)"},
		{name: "trail without KMS", apply: func(t *testing.T, p *plan.Plan) { set(t, p, trail, "kmsKeyId", nil) },
			rule: "deny_cloudtrail_kms", want: "CloudTrail trail 'hipaa-trail' does not encrypt its log files with a KMS key (kmsKeyId)"},
		{name: "single-region trail", apply: func(t *testing.T, p *plan.Plan) { set(t, p, trail, "isMultiRegionTrail", false) },
			rule: "deny_cloudtrail_multi_region", want: "CloudTrail trail 'hipaa-trail' records one region only (isMultiRegionTrail)"},
		{name: "trail without CloudWatch Logs", apply: func(t *testing.T, p *plan.Plan) { set(t, p, trail, "cloudWatchLogsGroupArn", nil) },
			rule: "deny_cloudtrail_cloudwatch", want: "CloudTrail trail 'hipaa-trail' does not deliver to CloudWatch Logs (cloudWatchLogsGroupArn)"},
		{name: "stop the trail", apply: func(t *testing.T, p *plan.Plan) { set(t, p, trail, "enableLogging", false) },
			rule: "deny_cloudtrail_logging", want: "CloudTrail trail 'hipaa-trail' has logging turned off (enableLogging false)"},
		{name: "trail before its bucket policy", apply: func(t *testing.T, p *plan.Plan) {
			r := resource(t, p, trail)
			r.Dependencies = withoutURN(r.Dependencies, resource(t, p, "hipaa-logs-policy").URN)
		}, rule: "stack_deny_cloudtrail_bucket_policy", want: "CloudTrail trail 'hipaa-trail' does not depend on the bucket policy of its bucket 'hipaa-logs'"},
		{name: "log group without KMS", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-flow-logs-log-group", "kmsKeyId", nil) },
			rule: "deny_logs_kms", want: "Log group 'hipaa-flow-logs-log-group' is not encrypted with a KMS key (kmsKeyId)"},
		{name: "short log retention", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-cloudtrail-log-group", "retentionInDays", 30.0) },
			rule: "deny_logs_retention", want: "Log group 'hipaa-cloudtrail-log-group' keeps events 30 days, below the minimum of 90"},
		{name: "topic without KMS", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-alerts", "kmsMasterKeyId", nil) },
			rule: "deny_sns_kms", want: "SNS topic 'hipaa-alerts' is not encrypted with a KMS key (kmsMasterKeyId)"},
		{name: "topic accepts clear text", apply: func(t *testing.T, p *plan.Plan) {
			dropStatement(t, p, "hipaa-alerts-policy", "DenyInsecureTransport")
		}, rule: "deny_sns_tls_only", want: "SNS topic policy 'hipaa-alerts-policy' does not deny publishing without TLS (aws:SecureTransport false)"},
		{name: "alarm that notifies no one", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-bucket-policy-changes", "alarmActions", nil) },
			rule: "deny_cloudwatch_alarm_actions", want: "Alarm 'hipaa-bucket-policy-changes' notifies no one (no alarmActions)"},
	}
}

func networkMutations() []mutation {
	return []mutation{
		{name: "default tenancy", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-vpc", "instanceTenancy", "default") },
			rule: "deny_vpc_dedicated_tenancy", want: "VPC 'hipaa-vpc' has instance tenancy default: SCE instances run on dedicated hardware"},
		{name: "flow log of rejected traffic only", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-flow-log", "trafficType", "REJECT") },
			rule: "deny_vpc_flow_log_all_traffic", want: "Flow log 'hipaa-flow-log' captures REJECT traffic only: it must capture ALL"},
		{name: "drop the flow logs", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-flow-log"); drop(t, p, "hipaa-flow-log-s3") },
			rule: "stack_deny_vpc_flow_logs", want: "VPC 'hipaa-vpc' has no flow log capturing ALL traffic"},
		{name: "open the default security group", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-default-sg", "ingress", []any{map[string]any{"protocol": "-1", "fromPort": 0.0, "toPort": 0.0, "self": true}})
		}, rule: "deny_vpc_default_sg_closed", want: "Default security group 'hipaa-default-sg' has 1 ingress rule(s): it must have none"},
		{name: "drop the default security group", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-default-sg") },
			rule: "stack_deny_vpc_default_sg", want: "VPC 'hipaa-vpc' leaves its default security group unmanaged, with AWS's allow rules"},
		{name: "private subnet assigns public IPs", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-private-subnet", "mapPublicIpOnLaunch", true) },
			rule: "stack_deny_vpc_subnet_public_ip", want: "Subnet 'hipaa-private-subnet' assigns public IPs on launch but is private (no route to an internet gateway)"},
		{name: "public subnet assigns public IPs", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-public-subnet", "mapPublicIpOnLaunch", true) },
			rule: "deny_vpc_subnet_auto_public_ip", want: "Subnet 'hipaa-public-subnet' assigns public IPs on launch (mapPublicIpOnLaunch): public hosts get an Elastic IP instead"},
		{name: "route the private subnet to the internet gateway", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-private-default-route", "natGatewayId", nil)
			set(t, p, "hipaa-private-default-route", "gatewayId", "igw-0123")
			link(t, p, "hipaa-private-default-route", "gatewayId", "hipaa-igw")
		}, rule: "stack_deny_vpc_igw_route_private", want: "Route table 'hipaa-private-rt' routes to the internet gateway but is the VPC's main route table"},
		{name: "drop the main route table association", apply: func(t *testing.T, p *plan.Plan) { drop(t, p, "hipaa-main-rt") },
			rule: "stack_deny_vpc_main_route_table", want: "VPC 'hipaa-vpc' keeps AWS's main route table: associate its private route table as the main one"},
		{name: "S3 endpoint without policy", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-s3-endpoint", "policy", nil) },
			rule: "deny_vpc_endpoint_policy", want: "S3 endpoint 'hipaa-s3-endpoint' has no policy, so it reaches every bucket in the world"},
		{name: "NAT gateway before the internet gateway", apply: func(t *testing.T, p *plan.Plan) {
			r := resource(t, p, "hipaa-nat")
			r.Dependencies = withoutURN(r.Dependencies, resource(t, p, "hipaa-igw").URN)
		}, rule: "stack_deny_vpc_nat_igw", want: "NAT gateway 'hipaa-nat' does not depend on the internet gateway"},
		{name: "network ACL open to the world", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-private-nacl-in-vpc", "cidrBlock", "0.0.0.0/0") },
			rule: "deny_nacl_ingress_all_ports", want: "Network ACL 'hipaa-private-nacl-in-vpc' rule 100 allows every port in from 0.0.0.0/0"},
		{name: "network ACL allows SSH from anywhere", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-public-nacl-in-ssh-1", "cidrBlock", "0.0.0.0/0") },
			rule: "deny_nacl_ingress_ssh", want: "Network ACL 'hipaa-public-nacl-in-ssh-1' rule 200 allows SSH (22) in from 0.0.0.0/0"},
		{name: "open 22 to 0.0.0.0/0", apply: func(t *testing.T, p *plan.Plan) {
			add(t, p, "hipaa-vpc", awstype.VPCSecurityGroupIngressRule, "hipaa-ssh-anywhere", map[string]any{
				"cidrIpv4": "0.0.0.0/0", "fromPort": 22.0, "toPort": 22.0, "ipProtocol": "tcp", "description": "debugging", "tags": map[string]any{"sce:pit": "hipaa"}})
		}, rule: "deny_sg_world_admin_ports", want: "Security group rule 'hipaa-ssh-anywhere' rule allows SSH (22) from 0.0.0.0/0"},
		{name: "SSH from a block outside sce:allowedSshCidrs", apply: func(t *testing.T, p *plan.Plan) {
			add(t, p, "hipaa-vpc", awstype.VPCSecurityGroupIngressRule, "hipaa-ssh-home", map[string]any{
				"cidrIpv4": "192.0.2.0/24", "fromPort": 22.0, "toPort": 22.0, "ipProtocol": "tcp", "description": "home", "tags": map[string]any{"sce:pit": "hipaa"}})
		}, rule: "deny_sg_ssh_source", want: "Security group rule 'hipaa-ssh-home' rule allows SSH from 192.0.2.0/24, outside the allowed blocks 198.51.100.0/24, 203.0.113.0/25"},
		{name: "open PostgreSQL to the world", apply: func(t *testing.T, p *plan.Plan) {
			add(t, p, "hipaa-vpc", awstype.VPCSecurityGroupIngressRule, "hipaa-db-anywhere", map[string]any{
				"cidrIpv4": "0.0.0.0/0", "fromPort": 5432.0, "toPort": 5432.0, "ipProtocol": "tcp", "description": "db", "tags": map[string]any{"sce:pit": "hipaa"}})
		}, rule: "deny_sg_world_database_ports", want: "Security group rule 'hipaa-db-anywhere' rule allows database port 5432 from 0.0.0.0/0"},
		{name: "drop the project tag", apply: func(t *testing.T, p *plan.Plan) { delete(nested(t, p, "hipaa-vpc", "tags"), "sce:pit") },
			rule: "deny_tags_pit", want: "Resource 'hipaa-vpc' (aws:ec2/vpc:Vpc) lacks the tag sce:pit"},
	}
}

func keyAndIdentityMutations() []mutation {
	return []mutation{
		{name: "key without rotation", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-key", "enableKeyRotation", false) },
			rule: "deny_kms_rotation", want: "KMS key 'hipaa-key' does not rotate (enableKeyRotation)"},
		{name: "key policy for everyone", apply: func(t *testing.T, p *plan.Plan) {
			editPolicy(t, p, "hipaa-key", "policy", func(doc map[string]any) {
				doc["Statement"] = append(statementsOf(doc), map[string]any{"Sid": "Anyone", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"})
			})
		}, rule: "deny_kms_wildcard_principal", want: "KMS key policy of 'hipaa-key' allows kms:Decrypt to any principal (statement Anyone)"},
		{name: "short key deletion window", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-key", "deletionWindowInDays", 7.0) },
			rule: "deny_kms_deletion_window", want: "KMS key 'hipaa-key' has a deletion window of 7 days, below the minimum of 30"},
		{name: "unprotect the key", apply: func(t *testing.T, p *plan.Plan) { resource(t, p, "hipaa-key").Options.Protect = false },
			rule: "deny_protect_phi", want: "KMS key 'hipaa-key' is not protected (protect option): deleting it loses PHI"},
		{name: "let any principal schedule the key's deletion", apply: func(t *testing.T, p *plan.Plan) {
			dropStatement(t, p, "hipaa-key", "DenyKeyAdministrationExceptAdminRole")
		}, rule: "deny_kms_admin_only_actions", want: "KMS key policy of 'hipaa-key' lets principals other than the admin role call " +
			"kms:ScheduleKeyDeletion, kms:CancelKeyDeletion, kms:DisableKey, kms:DisableKeyRotation, kms:PutKeyPolicy: " +
			"no Deny for everyone but named roles (aws:PrincipalArn) covers it"},
		{name: "attach AmazonSSMManagedInstanceCore to the worker role", apply: func(t *testing.T, p *plan.Plan) {
			add(t, p, "hipaa-vpc", awstype.IAMRolePolicyAttachment, "hipaa-worker-role-AmazonSSMManagedInstanceCore", map[string]any{
				"role": "hipaa-worker-role", "policyArn": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"})
		}, rule: "deny_iam_ssm_parameters_wildcard", want: "IAM policy attachment 'hipaa-worker-role-AmazonSSMManagedInstanceCore' " +
			"attaches the AWS managed policy AmazonSSMManagedInstanceCore, which reads every SSM parameter of the account"},
		{name: "let the SSM agent read every parameter", apply: func(t *testing.T, p *plan.Plan) {
			editPolicy(t, p, "hipaa-ssm-agent", "policy", func(doc map[string]any) {
				doc["Statement"] = append(statementsOf(doc), map[string]any{"Sid": "Parameters", "Effect": "Allow",
					"Action": []any{"ssm:GetParameter", "ssm:GetParameters"}, "Resource": "*"})
			})
		}, rule: "deny_iam_ssm_parameters_wildcard", want: "IAM policy 'hipaa-ssm-agent' allows ssm:GetParameter, ssm:GetParameters on every SSM parameter (*)"},
		{name: "add a *:* statement", apply: func(t *testing.T, p *plan.Plan) {
			editPolicy(t, p, "hipaa-trail-role-policy", "policy", func(doc map[string]any) {
				doc["Statement"] = append(statementsOf(doc), map[string]any{"Effect": "Allow", "Action": "*:*", "Resource": "*"})
			})
		}, rule: "deny_iam_admin_wildcard", want: "IAM policy 'hipaa-trail-role-policy' allows every action (*:*) on *"},
		{name: "add s3:* on every resource", apply: func(t *testing.T, p *plan.Plan) {
			editPolicy(t, p, "hipaa-flow-log-role-policy", "policy", func(doc map[string]any) {
				doc["Statement"] = append(statementsOf(doc), map[string]any{"Effect": "Allow", "Action": []any{"s3:*"}, "Resource": "*"})
			})
		}, rule: "deny_iam_service_wildcard", want: "IAM policy 'hipaa-flow-log-role-policy' allows s3:* on every resource (\"*\")"},
		{name: "trust everyone", apply: func(t *testing.T, p *plan.Plan) {
			editPolicy(t, p, "hipaa-remediation-role", "assumeRolePolicy", func(doc map[string]any) {
				doc["Statement"] = append(statementsOf(doc), map[string]any{"Sid": "Anyone", "Effect": "Allow", "Principal": map[string]any{"AWS": "*"}, "Action": "sts:AssumeRole"})
			})
		}, rule: "deny_iam_trust_wildcard", want: "IAM role 'hipaa-remediation-role' can be assumed by any principal (trust policy statement Anyone)"},
		{name: "attach AdministratorAccess", apply: func(t *testing.T, p *plan.Plan) {
			add(t, p, "hipaa-vpc", awstype.IAMRolePolicyAttachment, "hipaa-admin", map[string]any{
				"role": "hipaa-trail-role", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})
		}, rule: "deny_iam_admin_managed_policy", want: "IAM policy attachment 'hipaa-admin' attaches the AWS managed policy AdministratorAccess"},
		{name: "create an access key", apply: func(t *testing.T, p *plan.Plan) {
			add(t, p, "hipaa-vpc", awstype.IAMAccessKey, "hipaa-ci-key", map[string]any{"user": "ci"})
		}, rule: "deny_iam_access_key", want: "IAM access key 'hipaa-ci-key' is a long-lived credential"},
		{name: "add an inline role policy", apply: func(t *testing.T, p *plan.Plan) {
			add(t, p, "hipaa-vpc", "aws:iam/rolePolicy:RolePolicy", "hipaa-worker-role-inline", map[string]any{
				"role": "hipaa-worker-role", "policy": `{"Version":"2012-10-17","Statement":[]}`})
		}, rule: "deny_iam_inline_policy", want: "IAM policy 'hipaa-worker-role-inline' is an inline policy (aws:iam/rolePolicy:RolePolicy): use a customer-managed policy attached to the principal"},
		{name: "give a role an inline policy", apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, "hipaa-flow-log-role", "inlinePolicies", []any{map[string]any{"name": "extra", "policy": `{"Version":"2012-10-17","Statement":[]}`}})
		}, rule: "deny_iam_inline_policy", want: "IAM role 'hipaa-flow-log-role' has the inline policy extra: use a customer-managed policy attached to the role"},
	}
}

func computeMutations() []mutation {
	return []mutation{
		{name: "remove httpTokens: required", needs: worker, apply: func(t *testing.T, p *plan.Plan) {
			delete(nested(t, p, worker, "metadataOptions"), "httpTokens")
		}, rule: "deny_ec2_imdsv2", want: "Instance 'hipaa-worker-1' does not require IMDSv2 (metadataOptions.httpTokens is optional)"},
		{name: "give a worker a public IP", needs: worker, apply: func(t *testing.T, p *plan.Plan) { set(t, p, worker, "associatePublicIpAddress", true) },
			rule: "deny_ec2_public_ip", want: "Instance 'hipaa-worker-1' gets a public IP address (associatePublicIpAddress) but is not a bastion"},
		{name: "unencrypted worker root volume", needs: worker, apply: func(t *testing.T, p *plan.Plan) {
			nested(t, p, worker, "rootBlockDevice")["encrypted"] = false
		}, rule: "deny_ec2_volume_encryption", want: "Instance 'hipaa-worker-1' root volume is not encrypted"},
		{name: "data volume on the AWS-managed key", needs: "hipaa-worker-1-data", apply: func(t *testing.T, p *plan.Plan) { set(t, p, "hipaa-worker-1-data", "kmsKeyId", nil) },
			rule: "deny_ebs_volume_encryption", want: "EBS volume 'hipaa-worker-1-data' uses the AWS-managed aws/ebs key (no kmsKeyId)"},
		{name: "unprotect a data volume", needs: "hipaa-worker-1-data", apply: func(t *testing.T, p *plan.Plan) { resource(t, p, "hipaa-worker-1-data").Options.Protect = false },
			rule: "deny_protect_phi", want: "EBS volume 'hipaa-worker-1-data' is not protected (protect option): deleting it loses PHI"},
		{name: "worker without instance profile", needs: worker, apply: func(t *testing.T, p *plan.Plan) { set(t, p, worker, "iamInstanceProfile", nil) },
			rule: "deny_ec2_instance_profile", want: "Instance 'hipaa-worker-1' has no instance profile (iamInstanceProfile)"},
		{name: "T-family worker on dedicated hardware", needs: worker, apply: func(t *testing.T, p *plan.Plan) { set(t, p, worker, "instanceType", "t3.large") },
			rule: "stack_deny_ec2_t_family_dedicated", want: "Instance 'hipaa-worker-1' is a t3.large, but T-family types cannot run on dedicated hardware"},
		{name: "move the bastion's elastic IP to a worker", needs: "hipaa-bastion-eip", apply: func(t *testing.T, p *plan.Plan) {
			link(t, p, "hipaa-bastion-eip", "instance", worker)
		}, rule: "stack_deny_ec2_eip_instance", want: "Elastic IP 'hipaa-bastion-eip' is attached to instance 'hipaa-worker-1', which is not a bastion"},
		{name: "launch a worker in the public subnet", needs: worker, apply: func(t *testing.T, p *plan.Plan) {
			link(t, p, worker, "subnetId", "hipaa-public-subnet")
		}, rule: "stack_deny_ec2_private_subnet", want: "Instance 'hipaa-worker-1' runs in public subnet 'hipaa-public-subnet': only the bastion may"},
		{name: "log in with a shared key pair", needs: bastion, apply: func(t *testing.T, p *plan.Plan) { set(t, p, bastion, "keyName", "sce-admin") },
			rule: "deny_ec2_key_pair", want: "Instance 'hipaa-bastion' uses the shared EC2 key pair sce-admin"},
		{name: "private key in user data", needs: worker, apply: func(t *testing.T, p *plan.Plan) {
			set(t, p, worker, "userData", "#!/bin/bash\necho '-----BEGIN OPENSSH PRIVATE KEY-----' > /home/r/.ssh/id\n")
		}, rule: "deny_ec2_user_data_secrets", want: "Instance 'hipaa-worker-1' has a private key in its user data"},
	}
}

// TestMutationsCaught applies each mutation alone to the hipaa plan and
// checks that the rule meant for it reports it (and did not before).
func TestMutationsCaught(t *testing.T) {
	pack := loadPack(t)
	base := shipped(t, "hipaa")
	baseline, err := pack.Check(context.Background(), base, nil)
	require.NoError(t, err)
	require.Zero(t, baseline.Count("mandatory"), "the hipaa plan must pass before it is mutated")

	var all []mutation
	for _, group := range [][]mutation{storageMutations(), auditMutations(), networkMutations(),
		keyAndIdentityMutations(), computeMutations(), airlockMutations(), operationsMutations()} {
		all = append(all, group...)
	}
	require.GreaterOrEqual(t, len(all), 30)
	for _, m := range all {
		t.Run(m.name, func(t *testing.T) {
			p := clonePlan(base)
			if m.needs != "" {
				require.True(t, has(p, m.needs), "the hipaa plan has no %s, which this mutation edits", m.needs)
			}
			_, ok := pack.Rule(m.rule)
			require.True(t, ok, "no rule %s", m.rule)
			require.NotContains(t, messages(baseline, m.rule), m.want)
			m.apply(t, p)
			res, err := pack.Check(context.Background(), p, nil)
			require.NoError(t, err)
			assert.Contains(t, messages(res, m.rule), m.want)
		})
	}
}
