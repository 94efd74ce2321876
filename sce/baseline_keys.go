package sce

import (
	"fmt"

	"github.com/sce-dev/sce/sce/internal/iamdoc"
	"github.com/sce-dev/sce/sce/internal/naming"
)

// buildKeys creates the baseline key (account trail, Config history, alerts,
// EBS encryption by default) and the archive key, which only the archive
// uses: no project's key ever encrypts archived data. Both are protected,
// rotate yearly, have the longest deletion window and are administered by
// the admin role only; the archive key is also retained if it ever leaves
// the stack.
func (b *baselineBuilder) buildKeys() error {
	policy, err := baselineKeyPolicy(b.Names, b.args.AdminRoleArn)
	if err != nil {
		return fmt.Errorf("baseline key policy: %w", err)
	}
	if b.key, err = newKey(b.Scope, keySpec{
		logical: b.Names.Logical("key"), alias: "alias/" + b.name, policy: policy,
		description: fmt.Sprintf("sce baseline %s: encrypts the account trail, Config history, alerts and EBS volumes by default", b.name),
	}); err != nil {
		return err
	}
	archivePolicy, err := iamdoc.JSON(keyAdminStatements(b.Names, b.args.AdminRoleArn)...)
	if err != nil {
		return fmt.Errorf("archive key policy: %w", err)
	}
	b.archiveKey, err = newKey(b.Scope, keySpec{
		logical: b.Names.Logical("archive-key"), alias: "alias/" + b.Names.Logical(string(BucketArchive)),
		policy: archivePolicy, retain: true,
		description: fmt.Sprintf("sce baseline %s: encrypts the archive of closed projects", b.name),
	})
	return err
}

// baselineKeyPolicy is the baseline key's policy: the account administers
// the key through IAM, but only the admin role deletes, disables or
// re-policies it; CloudTrail (the account trail), CloudWatch Logs (the
// baseline's log groups), AWS Config (this account's history) and the alert
// publishers may use it. No Allow statement has a "*" principal.
func baselineKeyPolicy(n naming.Namer, adminRoleArn string) (string, error) {
	stmts := keyAdminStatements(n, adminRoleArn)
	stmts = append(stmts, trailKeyStatements(n, "Account")...)
	stmts = append(stmts, logsKeyStatement(n, "Baseline"), configKeyStatement(n), alertPublishersKeyStatement(n))
	return iamdoc.JSON(stmts...)
}

// configKeyStatement lets AWS Config encrypt the configuration history and
// snapshots it delivers to the KMS-encrypted config bucket, for this
// account only (docs/deployment-facts.md#2).
func configKeyStatement(n naming.Namer) iamdoc.Statement {
	return iamdoc.Statement{Sid: "ConfigEncryptsConfigurationHistory", Effect: iamdoc.Allow, Principal: iamdoc.Service("config.amazonaws.com"),
		Action: []string{"kms:Decrypt", "kms:GenerateDataKey"}, Resource: "*",
		Condition: iamdoc.Conditions{"StringEquals": {"aws:SourceAccount": n.Account}}}
}
