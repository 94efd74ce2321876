package stacks

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/sce-dev/sce/sce"
)

// Kind is the kind of a stack (sce:kind).
type Kind string

// Kinds of stack.
const (
	// KindEnvironment is a research project's stack, an sce.Environment (the default).
	KindEnvironment Kind = "environment"
	// KindBaseline is the account baseline's stack, an sce.Baseline.
	KindBaseline Kind = "baseline"
)

// Config is the configuration of one sce stack: every key a stack file may
// set, typed. The keys, their types and their documentation are listed in
// one place, Config.fields; KnownConfigKeys and docs/configuration.md are
// derived from it. A zero field means the stack does not set the key.
type Config struct {
	// Region is aws:region.
	Region string
	// Kind is sce:kind; empty means KindEnvironment.
	Kind Kind
	// PIT is sce:pit; empty means the stack name (see PITOf).
	PIT string
	// Title is sce:title.
	Title string
	// PrincipalInvestigator is sce:principalInvestigator.
	PrincipalInvestigator string
	// Owner is sce:owner.
	Owner string
	// IRBProtocol is sce:irbProtocol.
	IRBProtocol string
	// StudyEndDate is sce:studyEndDate, YYYY-MM-DD as written.
	StudyEndDate string
	// DataClass is sce:dataClass.
	DataClass sce.DataClass
	// VpcCidr is sce:vpcCidr.
	VpcCidr string
	// AvailabilityZone is sce:availabilityZone.
	AvailabilityZone string
	// SecondAvailabilityZone is sce:secondAvailabilityZone.
	SecondAvailabilityZone string
	// PublicSubnetCidr is sce:publicSubnetCidr.
	PublicSubnetCidr string
	// PrivateSubnetCidr is sce:privateSubnetCidr.
	PrivateSubnetCidr string
	// AllowedSSHCidrs is sce:allowedSshCidrs.
	AllowedSSHCidrs []string
	// AlertEmails is sce:alertEmails.
	AlertEmails []string
	// LogRetentionDays is sce:logRetentionDays.
	LogRetentionDays int
	// AuditLockDays is sce:auditLockDays.
	AuditLockDays int
	// NoncurrentVersionDays is sce:noncurrentVersionDays.
	NoncurrentVersionDays int
	// AdminRoleArn is sce:adminRoleArn.
	AdminRoleArn string
	// Access is sce:access.
	Access sce.AccessMode
	// RequireSecurityKeys is sce:requireSecurityKeys.
	RequireSecurityKeys bool
	// Bastion is sce:bastion.
	Bastion sce.BastionArgs
	// Workers is sce:workers.
	Workers sce.WorkerArgs
	// AmiID is sce:amiId.
	AmiID string
	// Researchers is sce:researchers.
	Researchers []sce.Researcher
	// Schedule is sce:schedule; nil when the stack sets none.
	Schedule *sce.ScheduleArgs
	// Suspended is sce:suspended.
	Suspended bool
	// Egress is sce:egress.
	Egress sce.EgressMode
	// EgressDomains is sce:egressDomains.
	EgressDomains []string
	// Budget is sce:budget.
	Budget sce.BudgetArgs
	// Warehouse is sce:warehouse; nil when the stack sets none.
	Warehouse *sce.WarehouseArgs
	// Backup is sce:backup.
	Backup sce.BackupArgs
	// Airlock is sce:airlock.
	Airlock sce.AirlockArgs
	// Patching is sce:patching.
	Patching sce.PatchingArgs
	// Usage is sce:usage, the figures the cost estimate assumes.
	Usage Usage
	// BaselineStack is sce:baselineStack.
	BaselineStack string
	// Name is sce:name, a baseline's name; empty means the stack name.
	Name string
	// AdoptExistingRecorder is sce:adoptExistingRecorder.
	AdoptExistingRecorder bool
	// ArchiveRetentionYears is sce:archiveRetentionYears.
	ArchiveRetentionYears int

	// set are the keys the stack sets.
	set map[string]bool
}

// DecodeConfig decodes a stack's config values, as Pulumi passes them to
// programs (scalars as written, lists and maps JSON-encoded; the values of
// a stack file's config as internal/stackfile reads them). It is the one
// decoder of stack config: Program, the cost estimate, the evidence report,
// close-out and request approval all read a stack's config through it.
//
// Keys Config does not know are left alone (a stack file's keys are checked
// against KnownConfigKeys when it is read). An empty value (YAML's null or
// "") is refused for a key with a default, where it would silently become
// the default (see refusesEmpty); for any other key it is an unset key.
// Every problem comes back at once as sce.ValidationErrors naming the key
// ("sce:workers.count", "sce:researchers[1].email"); the Config then holds
// what did decode.
func DecodeConfig(values map[string]string) (Config, error) {
	c := Config{set: map[string]bool{}}
	var errs sce.ValidationErrors
	for _, f := range c.fields() {
		raw, given := values[f.key]
		if given && raw == "" && f.refusesEmpty() {
			errs = append(errs, sce.FieldError{Key: f.key, Message: f.emptyProblem()})
		}
		if raw == "" {
			continue
		}
		c.set[f.key] = true
		for _, p := range f.complete(f.value.fromConfig(raw)) {
			errs = append(errs, sce.FieldError{Key: f.key + p.path, Message: p.message})
		}
	}
	if k := c.Kind; k != "" && k != KindEnvironment && k != KindBaseline {
		errs = append(errs, sce.FieldError{Key: KeyKind,
			Message: fmt.Sprintf("%q is not a stack kind: use environment (the default) or baseline", k)})
	}
	if len(errs) > 0 {
		return c, errs
	}
	return c, nil
}

// LoadConfig reads the config of the running stack, each key Config knows
// through ctx.GetConfig, and decodes it with DecodeConfig.
func LoadConfig(ctx *pulumi.Context) (Config, error) {
	values := map[string]string{}
	for _, key := range KnownConfigKeys() {
		if v, ok := ctx.GetConfig(key); ok {
			values[key] = v
		}
	}
	return DecodeConfig(values)
}

// KnownConfigKeys lists every config key a stack file may set, in the order
// of the configuration reference.
func KnownConfigKeys() []string { return fieldNames(new(Config).fields()) }

// Sets reports whether the stack sets key ("sce:vpcCidr").
func (c Config) Sets(key string) bool { return c.set[key] }

// PITOf is the project's PIT: sce:pit, or the stack name when unset.
func (c Config) PITOf(stack string) string {
	if c.PIT != "" {
		return c.PIT
	}
	return stack
}

// Baseline reports whether this is the account baseline's stack.
func (c Config) Baseline() bool { return c.Kind == KindBaseline }

// refused are the problems of the keys the stack sets that only the other
// kind of stack reads, and of the usage figures of a resource the stack
// does not have (see unusedUsage): a misplaced setting is never silently
// ignored.
func (c Config) refused() sce.ValidationErrors {
	errs := c.unusedUsage()
	for _, f := range c.fields() {
		if !c.set[f.key] || f.readBy.reads(c.Baseline()) {
			continue
		}
		msg := "is a baseline setting (sce:kind: baseline), but this is a project stack: set it in the baseline's stack file"
		if c.Baseline() {
			msg = "is a project setting, but this is a baseline stack (sce:kind: baseline): remove it"
		}
		errs = append(errs, sce.FieldError{Key: f.key, Message: msg})
	}
	return errs
}

// withoutRepeats returns the problems of a validation error err, except
// those that repeat a problem found: a value that did not decode also
// reads as missing or wrong.
func withoutRepeats(err error, found sce.ValidationErrors) sce.ValidationErrors {
	var verrs sce.ValidationErrors
	if !errors.As(err, &verrs) {
		return nil
	}
	return slices.DeleteFunc(verrs, func(e sce.FieldError) bool {
		return slices.ContainsFunc(found, func(f sce.FieldError) bool { return within(e.Key, repeatScope(f.Key)) })
	})
}

// repeatScope is what a problem with key makes unreliable: the map or list
// item that holds a bad field ("sce:researchers[1].emial" spoils
// "sce:researchers[1]", not the other researchers), the whole list for a
// bad item ("sce:alertEmails[1]"), or the key itself.
func repeatScope(key string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[:i]
	}
	if i := strings.IndexByte(key, '['); i >= 0 {
		return key[:i]
	}
	return key
}

// within reports whether key is scope or a part of it.
func within(key, scope string) bool {
	return key == scope || strings.HasPrefix(key, scope+".") || strings.HasPrefix(key, scope+"[")
}
