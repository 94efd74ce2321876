package sce

import "github.com/sce-dev/sce/sce/internal/session"

// buildSessions creates, with AccessSessionManager, the project's Session
// Manager preferences and the researchers' session policy
// (sce/internal/session); nothing with a bastion.
func (b *builder) buildSessions() error {
	if b.args.Access.HasBastion() {
		return nil
	}
	_, err := session.Build(b.Scope, session.Args{
		KeyArn: b.key.Arn, LogRetentionDays: b.args.LogRetentionDays, LogsBucket: b.buckets[BucketLogs].Name,
	})
	return err
}
