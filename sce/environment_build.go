package sce

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/sce-dev/sce/sce/internal/keys"
	"github.com/sce-dev/sce/sce/internal/loggroup"
)

// The builder steps below convert the public EnvironmentArgs into the
// narrow arguments of the concern packages under sce/internal and keep
// their results for the steps that depend on them.

// buildKey creates the project's customer-managed KMS key.
func (b *builder) buildKey() (err error) {
	a := keys.ProjectArgs{AdminRoleArn: b.args.AdminRoleArn}
	if b.args.Warehouse != nil {
		a.WarehouseID = b.warehouseID()
	}
	b.key, err = keys.Project(b.Scope, a)
	return err
}

// logGroup creates the project's KMS-encrypted log group /sce/<pit>/<role>
// with the configured retention.
func (b *builder) logGroup(role string) (*cloudwatch.LogGroup, error) {
	return loggroup.New(b.Scope, role, b.key.Arn, b.args.LogRetentionDays)
}
