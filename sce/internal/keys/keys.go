// Package keys creates the customer-managed KMS keys of a project and of
// the account baseline, with their key policies inline.
package keys

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// deletionWindowDays is how long a scheduled key deletion can be
// cancelled: 30 days, the longest window KMS allows.
const deletionWindowDays = 30

// Spec describes one customer-managed KMS key and its alias.
type Spec struct {
	// Logical is the key's Pulumi name; its alias is Logical+"-alias".
	Logical string
	// Alias is the alias name, "alias/...".
	Alias string
	// Description is the key's description.
	Description string
	// Policy is the inline key policy.
	Policy string
	// Retain keeps the key (and its alias) in AWS when it leaves the stack.
	Retain bool
}

// New creates a protected key with rotation on and the longest deletion
// window, and its alias.
func New(s scope.Scope, k Spec) (*kms.Key, error) {
	opts := []pulumi.ResourceOption{pulumi.Protect(true)}
	var aliasOpts []pulumi.ResourceOption
	if k.Retain {
		opts = append(opts, pulumi.RetainOnDelete(true))
		aliasOpts = append(aliasOpts, pulumi.RetainOnDelete(true))
	}
	key, err := kms.NewKey(s.Ctx, k.Logical, &kms.KeyArgs{
		Description:          pulumi.String(k.Description),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(deletionWindowDays),
		Policy:               pulumi.String(k.Policy),
		Tags:                 s.Tags(k.Logical),
	}, s.Opts(opts...)...)
	if err != nil {
		return nil, fmt.Errorf("kms key %s: %w", k.Logical, err)
	}
	if _, err := kms.NewAlias(s.Ctx, k.Logical+"-alias", &kms.AliasArgs{
		Name:        pulumi.String(k.Alias),
		TargetKeyId: key.KeyId,
	}, s.Opts(aliasOpts...)...); err != nil {
		return nil, fmt.Errorf("kms alias %s: %w", k.Alias, err)
	}
	return key, nil
}
