package closeout

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/english"
)

// The Resource Groups Tagging API does not list IAM, so the no-trace check
// looks up each IAM role, managed policy and instance profile the stack
// recorded by the ID its state holds: a role's and an instance profile's
// name, a policy's ARN. IAM answers NoSuchEntity for one that is gone. IAM
// is global: the lookups see the account's entities whatever the region.
// A role's policy attachments and inline policies go with the role.

// iamKinds names, by type, the IAM entities looked up one by one, in the
// singular and the plural, and the IAM action that looks one up.
var iamKinds = map[string][3]string{
	awstype.IAMRole:            {"IAM role", "IAM roles", "iam:GetRole"},
	awstype.IAMPolicy:          {"IAM policy", "IAM policies", "iam:GetPolicy"},
	awstype.IAMInstanceProfile: {"IAM instance profile", "IAM instance profiles", "iam:GetInstanceProfile"},
}

// iamLookedUp says whether the no-trace check looks r up in IAM: an IAM
// role, policy or instance profile whose ID the state records.
func iamLookedUp(r Resource) bool {
	_, ok := iamKinds[r.Type]
	return ok && r.ID != ""
}

// iamEntities are the stack's recorded resources iamLookedUp holds for.
func iamEntities(existed []Resource) []Resource {
	var out []Resource
	for _, r := range existed {
		if iamLookedUp(r) {
			out = append(out, r)
		}
	}
	return out
}

// iamSearchName says what the IAM search looks for, counting it by kind.
func iamSearchName(entities []Resource) string {
	counts := map[string]int{}
	for _, e := range entities {
		counts[e.Type]++
	}
	var parts []string
	for _, typ := range []string{awstype.IAMRole, awstype.IAMPolicy, awstype.IAMInstanceProfile} {
		if n := counts[typ]; n > 0 {
			parts = append(parts, english.Count(n, iamKinds[typ][0], iamKinds[typ][1]))
		}
	}
	return "the stack's " + english.And(parts) + ", each looked up in IAM by name (ARN for a policy)"
}

// iamCalls is the IAM calls close-out makes, each a method value of the
// IAM client (see awscalls.go).
type iamCalls struct {
	role    func(context.Context, *iam.GetRoleInput, ...func(*iam.Options)) (*iam.GetRoleOutput, error)
	policy  func(context.Context, *iam.GetPolicyInput, ...func(*iam.Options)) (*iam.GetPolicyOutput, error)
	profile func(context.Context, *iam.GetInstanceProfileInput, ...func(*iam.Options)) (*iam.GetInstanceProfileOutput, error)
}

// newIAMCalls makes the IAM calls from an AWS configuration.
func newIAMCalls(cfg aws.Config) iamCalls {
	c := iam.NewFromConfig(cfg)
	return iamCalls{role: c.GetRole, policy: c.GetPolicy, profile: c.GetInstanceProfile}
}

// IAMEntities implements Inspector.
func (a *AWSInspector) IAMEntities(ctx context.Context, entities []Resource) ([]string, error) {
	var out []string
	for _, e := range entities {
		err := a.iam.lookUp(ctx, e)
		var gone *iamtypes.NoSuchEntityException
		switch {
		case errors.As(err, &gone):
		case err != nil:
			return nil, fmt.Errorf("look up %s %s (the operator needs %s): %w", iamKinds[e.Type][0], e.ID, iamKinds[e.Type][2], err)
		default:
			out = append(out, iamKinds[e.Type][0]+" "+e.ID)
		}
	}
	return out, nil
}

// lookUp asks IAM for the entity e; nil when it exists.
func (c iamCalls) lookUp(ctx context.Context, e Resource) error {
	var err error
	switch e.Type {
	case awstype.IAMRole:
		_, err = c.role(ctx, &iam.GetRoleInput{RoleName: aws.String(e.ID)})
	case awstype.IAMPolicy:
		_, err = c.policy(ctx, &iam.GetPolicyInput{PolicyArn: aws.String(e.ID)})
	case awstype.IAMInstanceProfile:
		_, err = c.profile(ctx, &iam.GetInstanceProfileInput{InstanceProfileName: aws.String(e.ID)})
	default:
		err = fmt.Errorf("%s is not an IAM type close-out looks up", e.Type)
	}
	return err
}
