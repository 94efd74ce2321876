package stacks

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/sce-dev/sce/internal/awsarn"
	"github.com/sce-dev/sce/sce"
)

// prefix is what the stack's resource names start with: a project's PIT,
// a baseline's sce:name (by default the stack name).
func (s neighbour) prefix() string {
	if s.cfg.Baseline() {
		return cmp.Or(s.cfg.Name, s.name)
	}
	return s.pit()
}

// prefixKey is the config key that sets the prefix, and how a message
// names it.
func (s neighbour) prefixKey() (key, noun string) {
	if s.cfg.Baseline() {
		return keyName, "the name prefix of the baseline stack"
	}
	return KeyPIT, "the PIT of stack"
}

// compareBaseline runs the checks of a baseline stack against the other
// stacks: its name prefix must share no resource name with theirs, and no
// other baseline may be in its account and region.
func (s neighbour) compareBaseline(others []neighbour, found *Findings) {
	for _, o := range others {
		if !o.cfg.Baseline() || !otherAccounts(s, o) {
			s.sharedNames(o, found)
		}
		if o.cfg.Baseline() {
			s.sameAccountAndRegion(o, found)
		}
	}
}

// otherAccounts reports whether the two stacks' admin roles name two
// different accounts: two baselines there share no resource name, since
// their bucket names hold the account and IAM and KMS names are the
// account's.
func otherAccounts(s, o neighbour) bool {
	a, b := awsarn.Account(s.cfg.AdminRoleArn), awsarn.Account(o.cfg.AdminRoleArn)
	return a != "" && b != "" && a != b
}

// sameAccountAndRegion refuses a second baseline in the baseline's account
// (the account of sce:adminRoleArn) and region: AWS keeps one Config
// recorder per account and region and GuardDuty one detector, so the second
// deployment would fail, or, adopting the recorder, take it from the first.
func (s neighbour) sameAccountAndRegion(o neighbour, found *Findings) {
	account := awsarn.Account(s.cfg.AdminRoleArn)
	if account == "" || account != awsarn.Account(o.cfg.AdminRoleArn) || s.cfg.Region == "" || s.cfg.Region != o.cfg.Region {
		return // an unset or malformed role or region is reported by the stack's own checks
	}
	found.Errors = append(found.Errors, s.problem(KeyRegion, "%q and account %s (%s, %s) are also the region and account of "+
		"the baseline stack %s (%s at %s, %s at %s): an account and region take one baseline, since AWS keeps one Config "+
		"recorder and one GuardDuty detector there and refuses a second; keep one baseline stack per account and region",
		s.cfg.Region, account, KeyAdminRoleArn, s.file.Where(KeyAdminRoleArn), o.name, KeyRegion, o.file.Where(KeyRegion),
		KeyAdminRoleArn, o.file.Where(KeyAdminRoleArn)))
}

// sharedNames refuses a name prefix (a project's PIT, a baseline's
// sce:name) that is the other stack's, when one of them is a baseline (two
// projects with one PIT: samePIT), or the other's and a word with which
// the two can name resources alike (sce.PITWordsThatShareNames): bucket
// names are global, IAM role and KMS alias names the account's, so the
// second deployment would fail or, worse, share the first one's resource.
func (s neighbour) sharedNames(o neighbour, found *Findings) {
	short, long := s, o
	if len(short.prefix()) > len(long.prefix()) {
		short, long = long, short
	}
	shared := sce.SharedName{Name: "%s-" + string(sce.BucketLogs) + "-<account>-<region>"}
	if short.prefix() != long.prefix() || !s.cfg.Baseline() && !o.cfg.Baseline() {
		word, ok := strings.CutPrefix(long.prefix(), short.prefix()+"-")
		var clash bool
		shared, clash = sce.PITWordsThatShareNames()[word]
		if !ok || !clash || !short.is(shared.Shorter) || !long.is(shared.Longer) {
			return
		}
	}
	key, _ := s.prefixKey()
	theirKey, theirNoun := o.prefixKey()
	found.Errors = append(found.Errors, s.problem(key, "%q and %q, %s %s (%s), can give the two stacks a resource of "+
		"the same name, %s (S3 bucket names are global, IAM role and KMS alias names the account's: one deployment "+
		"would fail or share the other's resource, and one close-out would destroy it); %s",
		s.prefix(), o.prefix(), theirNoun, o.name, o.file.Where(theirKey), fmt.Sprintf(shared.Name, short.prefix()),
		s.sharedNamesFix(o)))
}

// is reports whether the stack is of kind ("" is every kind).
func (s neighbour) is(kind sce.StackKind) bool {
	switch kind {
	case sce.BaselineStack:
		return s.cfg.Baseline()
	case sce.ProjectStack:
		return !s.cfg.Baseline()
	}
	return true
}

// sharedNamesFix says which setting to change.
func (s neighbour) sharedNamesFix(o neighbour) string {
	switch {
	case s.cfg.Baseline():
		return "give the baseline another sce:name"
	case o.cfg.Baseline():
		return "give this project another sce:pit"
	}
	return "give one of them another sce:pit"
}
