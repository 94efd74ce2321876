package stacks

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce"
)

// baselineKeys are the config keys only a baseline stack (sce:kind:
// baseline) may set.
var baselineKeys = []string{"name", "adoptExistingRecorder", "archiveRetentionYears"}

// sharedKeys are the config keys both kinds of stack read (sce:usage feeds
// the cost estimate of either).
var sharedKeys = []string{"kind", "owner", "alertEmails", "adminRoleArn", "logRetentionDays", "auditLockDays",
	"noncurrentVersionDays", "usage"}

// buildBaseline builds the account's sce.Baseline from config. Keys that
// only a project stack reads are refused, so a misplaced setting is never
// silently ignored.
func buildBaseline(ctx *pulumi.Context, r *reader) (pulumi.Map, error) {
	name := r.str("name")
	if name == "" {
		name = ctx.Stack()
	}
	args := sce.BaselineArgs{
		Region:                r.get("aws:region"),
		Owner:                 r.str("owner"),
		AlertEmails:           r.list("alertEmails"),
		AdminRoleArn:          r.str("adminRoleArn"),
		AdoptExistingRecorder: r.bool("adoptExistingRecorder"),
		ArchiveRetentionYears: r.int("archiveRetentionYears"),
		LogRetentionDays:      r.int("logRetentionDays"),
		AuditLockDays:         r.int("auditLockDays"),
		NoncurrentVersionDays: r.int("noncurrentVersionDays"),
	}
	refuseKeys(r, projectOnlyKeys(), "a project setting, but this is a baseline stack (sce:kind: baseline): remove it")
	if len(r.errs) > 0 {
		return nil, append(r.errs, dropRepeated(sce.ValidateBaseline(name, args), r.errs)...)
	}
	bl, err := sce.NewBaseline(ctx, name, &args)
	if err != nil {
		return nil, err
	}
	outs := bl.Outputs()
	outs["name"] = pulumi.String(name)
	return outs, nil
}

// projectOnlyKeys are the known sce keys a baseline stack does not read.
func projectOnlyKeys() []string {
	skip := map[string]bool{}
	for _, k := range append(append([]string{}, baselineKeys...), sharedKeys...) {
		skip[sce.ConfigNamespace+":"+k] = true
	}
	var out []string
	for _, k := range KnownConfigKeys() {
		if !skip[k] && k != "aws:region" {
			out = append(out, k[len(sce.ConfigNamespace)+1:])
		}
	}
	return out
}

// refuseKeys records an error for each of keys (without namespace) that
// the stack sets.
func refuseKeys(r *reader, keys []string, why string) {
	for _, k := range keys {
		if r.str(k) != "" {
			r.fail(k, "is %s", why)
		}
	}
}
