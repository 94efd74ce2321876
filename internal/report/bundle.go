package report

import (
	"time"

	"github.com/sce-dev/sce/internal/buildinfo"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/stacks"
)

// Bundle is what an evidence bundle is made from: the offline plan of a
// stack, its config, the policy pack's verdict on it and how the bundle was
// made.
type Bundle struct {
	// Plan is the offline plan of the stack.
	Plan *plan.Plan
	// Config is the stack's config, decoded from the plan's.
	Config stacks.Config
	// Result is the policy pack's verdict, each rule at its effective level.
	Result *policy.Result
	// PackRules are the pack's rules at the levels their names declare
	// (policy.Pack.Rules): what tells a disabled or overridden rule apart.
	PackRules []policy.Rule
	// Provenance says when, by which build and with which policy config.
	Provenance Provenance
}

// Provenance is how a bundle was made.
type Provenance struct {
	// Generated is when the bundle was made (ignored when Reproducible).
	Generated time.Time
	// Build is the sce that made it (ignored when Reproducible).
	Build buildinfo.Info
	// Reproducible leaves the time and the build out, so that the same
	// plan and policy config give byte-identical files: for the copy
	// committed to the repository, whose history dates it and names the
	// commit.
	Reproducible bool
	// PolicyConfig is the policy config file the pack was evaluated with.
	PolicyConfig PolicyConfigFile
	// StackFiles are the stack files the plan was made from
	// (stackfile.PlanSources): the stack's own first, then those of the
	// stacks it references (its baseline). Digests, unlike times, keep a
	// reproducible copy byte-identical.
	StackFiles []StackFile
}

// StackFile is a stack file a bundle's plan was made from.
type StackFile struct {
	// Stack is the stack the file configures.
	Stack string `json:"stack"`
	File
}

// PolicyConfigFile identifies a policy config file by its content.
type PolicyConfigFile struct {
	// Path is the file as given; empty when none was given (the pack's
	// defaults and what the stack config implies).
	Path string
	// SHA256 is the hex SHA-256 digest of the file's bytes.
	SHA256 string
}

// File identifies a file evidence was made from by its content.
type File struct {
	// Path is the file as given.
	Path string `json:"path"`
	// SHA256 is the hex SHA-256 digest of the bytes read.
	SHA256 string `json:"sha256"`
}

// String is the path and digest, or says that the pack's defaults applied.
func (f PolicyConfigFile) String() string {
	if f.Path == "" {
		return "no file: the pack's defaults, with the settings `sce policy config` derives from the stack"
	}
	return fileText(File{Path: f.Path, SHA256: f.SHA256})
}

// GeneratedText is when the bundle was made (RFC 3339, UTC), or why that
// is not recorded: what provenance.json and the control matrix say, and
// what other evidence sce writes (sce policy check) says the same way.
func (p Provenance) GeneratedText() string {
	if p.Reproducible {
		return "not recorded: a reproducible copy (--reproducible); the repository's history dates it"
	}
	return p.Generated.UTC().Format(time.RFC3339)
}

// BuildText is the sce build that made the bundle (buildinfo.Info.Line),
// or why that is not recorded.
func (p Provenance) BuildText() string {
	if p.Reproducible {
		return "not recorded: a reproducible copy (--reproducible); the repository's history names the commit"
	}
	return p.Build.Line()
}
