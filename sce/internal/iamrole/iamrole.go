// Package iamrole creates the IAM roles sce's services act through, each
// with its permissions as one customer-managed policy.
package iamrole

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// ForService creates an IAM role named "<pit>-<role>" that only svc may
// assume, on behalf of this account (and, with extra, only for one source),
// with policy as its one customer-managed policy. Resources that act through
// the role depend on the returned attachment.
func ForService(s scope.Scope, role, svc string, extra iamdoc.Conditions, policy pulumi.StringInput) (*iam.Role, *iam.RolePolicyAttachment, error) {
	trust, err := iamdoc.TrustPolicy(s.Names.Account, svc, extra)
	if err != nil {
		return nil, nil, fmt.Errorf("%s trust policy: %w", role, err)
	}
	return WithTrust(s, role, trust, policy)
}

// WithTrust creates an IAM role named "<pit>-<role>" with the trust policy
// trust and policy as its one customer-managed policy, for a role whose
// trust ForService cannot write. Resources that act through the role depend
// on the returned attachment.
func WithTrust(s scope.Scope, role, trust string, policy pulumi.StringInput) (*iam.Role, *iam.RolePolicyAttachment, error) {
	name := s.Names.Logical(role)
	r, err := iam.NewRole(s.Ctx, name, &iam.RoleArgs{
		Name:             pulumi.String(name),
		AssumeRolePolicy: pulumi.String(trust),
		Tags:             s.Tags(name),
	}, s.Opts()...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s role: %w", role, err)
	}
	a, err := AttachPolicy(s, r, name, policy)
	if err != nil {
		return nil, nil, fmt.Errorf("%s role: %w", role, err)
	}
	return r, a, nil
}

// AttachPolicy gives the role named name the permissions in document as a
// customer-managed policy of the same name attached to it. sce creates no
// inline role policies: an assessor's IAM_NO_INLINE_POLICY_CHECK flags
// them, and a managed policy is versioned and can be listed, reviewed and
// detached on its own. Resources that need the permissions depend on the
// returned attachment: the policy alone grants nothing until it is attached.
func AttachPolicy(s scope.Scope, role *iam.Role, name string, document pulumi.StringInput) (*iam.RolePolicyAttachment, error) {
	policyName := name + "-policy"
	p, err := iam.NewPolicy(s.Ctx, policyName, &iam.PolicyArgs{
		Name:        pulumi.String(name),
		Description: pulumi.String("Permissions of the role " + name),
		Policy:      document,
		Tags:        s.Tags(policyName),
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("%s policy: %w", name, err)
	}
	a, err := iam.NewRolePolicyAttachment(s.Ctx, policyName+"-attachment", &iam.RolePolicyAttachmentArgs{
		Role: role.Name, PolicyArn: p.Arn,
	}, s.Opts()...)
	if err != nil {
		return nil, fmt.Errorf("%s policy attachment: %w", name, err)
	}
	return a, nil
}
