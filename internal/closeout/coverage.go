package closeout

import (
	"strings"

	"github.com/sce-dev/sce/internal/awstype"
)

// lookedForByType says whether a no-trace search looks for resources of
// typ whatever their tags: the project buckets and their replicas
// (HeadBucket), the Elastic IPs, the project KMS key and the backup vault.
func lookedForByType(typ string) bool {
	switch typ {
	case awstype.S3BucketV2, awstype.EC2Eip, awstype.KMSKey, awstype.BackupVault:
		return true
	}
	return false
}

// lookedFor says whether a no-trace search would find r if it were left:
// by its type, by its IAM ID, or through the Tagging API.
func lookedFor(r Resource) bool {
	return lookedForByType(r.Type) || iamLookedUp(r) || r.Tagged && listedByTagging(r.Type)
}

// parentRef is the resource a setting goes with: its type, and the input
// property of the setting that names it.
type parentRef struct{ Type, Property string }

// parentType is the type of the resource a resource of typ goes with
// (parentOf); "" for none.
func parentType(typ string) string { return parentOf(typ).Type }

// parentOf is, for a type whose resources cannot outlive a resource of
// another type, that type and the property that names it (the names are
// pulumi-aws's): AWS deletes them with it, or refuses to delete it while
// they exist. The zero parentRef for any other type.
//
//   - A bucket's settings are part of the bucket.
//   - IAM refuses to delete a role with policies attached or inline.
//   - Deleting a log group deletes its metric filters.
//   - EventBridge refuses to delete a rule that has targets.
//   - Network ACL rules and routes are entries of their ACL and table;
//     EC2 refuses to delete a route table still associated with a subnet;
//     the main route table association and the Route 53 Resolver firewall
//     setting belong to their VPC; a volume attachment ends with its
//     instance, and an instance's running state is the instance's.
//   - A Redshift cluster's audit logging setting is the cluster's.
//   - Deleting an SNS topic deletes its subscriptions and its policy.
//   - AWS Backup refuses to delete a plan that still has selections; a
//     vault's lock and policy are part of the vault.
//   - Resolver firewall rules are entries of their rule group; Resolver
//     refuses to delete a query logging configuration still associated
//     with a VPC.
//   - Deleting a maintenance window deletes its targets and tasks.
func parentOf(typ string) parentRef {
	switch typ {
	case awstype.S3BucketLifecycleConfigurationV2, awstype.S3BucketLoggingV2, awstype.S3BucketNotification,
		awstype.S3BucketObjectLockConfigurationV2, awstype.S3BucketOwnershipControls, awstype.S3BucketPolicy,
		awstype.S3BucketPublicAccessBlock, awstype.S3BucketReplicationConfig,
		awstype.S3BucketServerSideEncryptionConfigurationV2, awstype.S3BucketVersioningV2:
		return parentRef{awstype.S3BucketV2, "bucket"}
	case awstype.IAMRolePolicyAttachment, awstype.IAMRolePolicy:
		return parentRef{awstype.IAMRole, "role"}
	case awstype.CloudWatchLogMetricFilter:
		return parentRef{awstype.CloudWatchLogGroup, "logGroupName"}
	case awstype.CloudWatchEventTarget:
		return parentRef{awstype.CloudWatchEventRule, "rule"}
	case awstype.EC2NetworkAclRule:
		return parentRef{awstype.EC2NetworkAcl, "networkAclId"}
	case awstype.EC2Route, awstype.EC2RouteTableAssociation:
		return parentRef{awstype.EC2RouteTable, "routeTableId"}
	case awstype.EC2MainRouteTableAssociation:
		return parentRef{awstype.EC2Vpc, "vpcId"}
	case awstype.Route53ResolverFirewallConfig:
		return parentRef{awstype.EC2Vpc, "resourceId"}
	case awstype.EC2VolumeAttachment, awstype.EC2TransitGatewayInstanceState:
		return parentRef{awstype.EC2Instance, "instanceId"}
	case awstype.RedshiftLogging:
		return parentRef{awstype.RedshiftCluster, "clusterIdentifier"}
	case awstype.SNSTopicSubscription:
		return parentRef{awstype.SNSTopic, "topic"}
	case awstype.SNSTopicPolicy:
		return parentRef{awstype.SNSTopic, "arn"}
	case awstype.BackupSelection:
		return parentRef{awstype.BackupPlan, "planId"}
	case awstype.BackupVaultLockConfiguration, awstype.BackupVaultPolicy:
		return parentRef{awstype.BackupVault, "backupVaultName"}
	case awstype.Route53ResolverFirewallRule:
		return parentRef{awstype.Route53ResolverFirewallRuleGroup, "firewallRuleGroupId"}
	case awstype.Route53ResolverQueryLogConfigAssociation:
		return parentRef{awstype.Route53ResolverQueryLogConfig, "resolverQueryLogConfigId"}
	case awstype.SSMMaintenanceWindowTarget, awstype.SSMMaintenanceWindowTask:
		return parentRef{awstype.SSMMaintenanceWindow, "windowId"}
	}
	return parentRef{}
}

// coverage sorts the stack's recorded AWS resources that no no-trace
// search can see (not tagged sce:pit, so the Tagging API does not find
// them, or of a type it does not list, and not looked for by any other
// search) and counts them by type: withParent are those whose property
// naming their resource (parentOf) came, as the state records, from a
// resource of that type that a search looks for (found gone, it proves
// them gone: a bucket policy on a project bucket); notChecked are the
// others, such as a policy attached to a role the stack does not hold. Pulumi's own resources (the stack,
// components, providers) have nothing in the account and are left out.
func coverage(existed []Resource) (withParent, notChecked map[string]int) {
	withParent, notChecked = map[string]int{}, map[string]int{}
	lookedForURNs := map[string]string{}
	for _, r := range existed {
		if awsResource(r) && lookedFor(r) {
			lookedForURNs[r.URN] = r.Type
		}
	}
	for _, r := range existed {
		if !awsResource(r) || lookedFor(r) {
			continue
		}
		if hasParent(r, lookedForURNs) {
			withParent[r.Type]++
			continue
		}
		notChecked[r.Type]++
	}
	return withParent, notChecked
}

// hasParent says whether the property of r that names its resource
// (parentOf) came from a resource of that type among lookedFor, which maps
// URNs to their types.
func hasParent(r Resource, lookedFor map[string]string) bool {
	p := parentOf(r.Type)
	if p.Type == "" {
		return false
	}
	for _, dep := range r.PropertyDependencies[p.Property] {
		if lookedFor[dep] == p.Type {
			return true
		}
	}
	return false
}

// total is the sum of counts.
func total(counts map[string]int) int {
	n := 0
	for _, c := range counts {
		n += c
	}
	return n
}

// awsResource says whether r is a resource in the account. A state written
// before close-out recorded the custom flag counts every aws: type.
func awsResource(r Resource) bool {
	return strings.HasPrefix(r.Type, "aws:") || r.Custom && !strings.HasPrefix(r.Type, "pulumi:")
}

// listedByTagging says whether the Resource Groups Tagging API lists a
// tagged resource of typ. It does not list IAM (AWS documents that
// GetResources does not support IAM users and roles; close-out does not
// rely on it for IAM policies and instance profiles either) nor AWS Budgets
// (global, not in the region the API answers for).
func listedByTagging(typ string) bool {
	return !strings.HasPrefix(typ, "aws:iam/") && !strings.HasPrefix(typ, "aws:budgets/")
}
