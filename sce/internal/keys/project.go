package keys

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// ProjectArgs are the inputs of Project.
type ProjectArgs struct {
	// AdminRoleArn is the only principal that may administer the key.
	AdminRoleArn string
	// WarehouseID is the project's Redshift cluster identifier; "" without
	// a warehouse.
	WarehouseID string
}

// Project creates the project's customer-managed KMS key, with its key
// policy inline so that the policy exists before any log group or trail
// uses the key, and the alias alias/<pit>.
func Project(s scope.Scope, a ProjectArgs) (*kms.Key, error) {
	var extra []iamdoc.Statement
	if a.WarehouseID != "" {
		extra = append(extra, warehouseLogsStatement(s.Names, a.WarehouseID))
	}
	policy, err := ProjectPolicy(s.Names, a.AdminRoleArn, extra...)
	if err != nil {
		return nil, fmt.Errorf("key policy: %w", err)
	}
	pit := s.Names.PIT
	// Retained: the backup vault keeps recovery points after the destroy,
	// and EBS and instance points stay encrypted with this key, as does
	// the warehouse's final snapshot; close-out says until when the key is
	// needed and how to schedule its deletion after that.
	return New(s, Spec{
		Logical: s.Names.Logical("key"), Alias: "alias/" + pit, Policy: policy,
		Description: fmt.Sprintf("sce %s: encrypts the project's PHI, logs and alerts", pit),
		Retain:      true,
	})
}

// ProjectPolicy is the project key's policy: the account administers the
// key through IAM, but only the admin role deletes, disables or re-policies
// it; CloudTrail, CloudWatch Logs, log delivery and the alarms and bucket
// notifications that publish alerts may use it only for this project's
// trail, log groups, alert topic and account; the event rules that publish
// alerts only for the project's alert topic (see alertTopicStatements).
// No Allow
// statement has a "*" principal. extra are statements a project adds (the
// warehouse's audit log groups).
func ProjectPolicy(n naming.Namer, adminRoleArn string, extra ...iamdoc.Statement) (string, error) {
	stmts := adminStatements(n, adminRoleArn)
	stmts = append(stmts, trailStatements(n, "Project")...)
	stmts = append(stmts, logsStatement(n, "Project"), flowLogDeliveryStatement(n))
	stmts = append(stmts, alertTopicStatements(n)...)
	return iamdoc.JSON(append(stmts, extra...)...)
}

// warehouseLogsStatement lets CloudWatch Logs use the key for the
// warehouse's audit log groups /aws/redshift/cluster/<id>/*, whose names
// Redshift chooses.
func warehouseLogsStatement(n naming.Namer, id string) iamdoc.Statement {
	s := logsStatement(n, "Warehouse")
	s.Condition = iamdoc.Conditions{"ArnLike": {"kms:EncryptionContext:aws:logs:arn": n.ARN("logs", "log-group:/aws/redshift/cluster/"+id+"/*")}}
	return s
}
