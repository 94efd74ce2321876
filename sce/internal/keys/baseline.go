package keys

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
	"github.com/sce-dev/sce/sce/internal/scope"
)

// BaselineKeys are the account baseline's two keys.
type BaselineKeys struct {
	// Key encrypts the account trail, Config history, alerts and EBS
	// volumes by default.
	Key *kms.Key
	// Archive encrypts the archive of closed projects, and nothing else.
	Archive *kms.Key
}

// Baseline creates the baseline key (account trail, Config history, alerts,
// EBS encryption by default) and the archive key, which only the archive
// uses: no project's key ever encrypts archived data. Both are protected,
// rotate yearly, have the longest deletion window and are administered by
// the admin role (adminRoleArn) only; the archive key, whose alias is
// alias/<name>-<archiveRole>, is also retained if it ever leaves the stack.
func Baseline(s scope.Scope, adminRoleArn, archiveRole string) (BaselineKeys, error) {
	name := s.Names.PIT
	policy, err := BaselinePolicy(s.Names, adminRoleArn)
	if err != nil {
		return BaselineKeys{}, fmt.Errorf("baseline key policy: %w", err)
	}
	key, err := New(s, Spec{
		Logical: s.Names.Logical("key"), Alias: "alias/" + name, Policy: policy,
		Description: fmt.Sprintf("sce baseline %s: encrypts the account trail, Config history, alerts and EBS volumes by default", name),
	})
	if err != nil {
		return BaselineKeys{}, err
	}
	archivePolicy, err := iamdoc.JSON(adminStatements(s.Names, adminRoleArn)...)
	if err != nil {
		return BaselineKeys{}, fmt.Errorf("archive key policy: %w", err)
	}
	archive, err := New(s, Spec{
		Logical: s.Names.Logical("archive-key"), Alias: "alias/" + s.Names.Logical(archiveRole),
		Policy: archivePolicy, Retain: true,
		Description: fmt.Sprintf("sce baseline %s: encrypts the archive of closed projects", name),
	})
	return BaselineKeys{Key: key, Archive: archive}, err
}

// BaselinePolicy is the baseline key's policy: the account administers
// the key through IAM, but only the admin role deletes, disables or
// re-policies it; CloudTrail (the account trail), CloudWatch Logs (the
// baseline's log groups), AWS Config (this account's history) and the alert
// publishers (this account's alarms and bucket notifications, and event
// rules, each only for the baseline's alert topic, see
// alertTopicStatements) may use it. No Allow
// statement has a "*" principal.
func BaselinePolicy(n naming.Namer, adminRoleArn string) (string, error) {
	stmts := adminStatements(n, adminRoleArn)
	stmts = append(stmts, trailStatements(n, "Account")...)
	stmts = append(stmts, logsStatement(n, "Baseline"), configStatement(n))
	stmts = append(stmts, alertTopicStatements(n)...)
	return iamdoc.JSON(stmts...)
}

// configStatement lets AWS Config encrypt the configuration history and
// snapshots it delivers to the KMS-encrypted config bucket, for this
// account only (docs/deployment-facts.md#2).
func configStatement(n naming.Namer) iamdoc.Statement {
	return iamdoc.Statement{Sid: "ConfigEncryptsConfigurationHistory", Effect: iamdoc.Allow, Principal: iamdoc.Service("config.amazonaws.com"),
		Action: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: "*",
		Condition: iamdoc.Conditions{"StringEquals": {"aws:SourceAccount": n.Account}}}
}
