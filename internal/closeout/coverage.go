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

// notChecked counts by type the stack's recorded AWS resources that no
// no-trace search can see: not tagged sce:pit (so the Tagging API does not
// find them), or of a type it does not list, and not looked for by any
// other search (IAM roles, policies and instance profiles are, by ID). Pulumi's own resources (the stack, components, providers)
// have nothing in the account and are left out.
func notChecked(existed []Resource) map[string]int {
	out := map[string]int{}
	for _, r := range existed {
		if !awsResource(r) || lookedForByType(r.Type) || iamLookedUp(r) || r.Tagged && listedByTagging(r.Type) {
			continue
		}
		out[r.Type]++
	}
	return out
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
