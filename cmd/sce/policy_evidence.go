package main

import (
	"fmt"
	"io"

	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/internal/report"
)

// policy_evidence.go: what `sce policy check` records beside the pack's
// verdict, so that its output is evidence: when and by which build the
// plan was checked, which plan file (by digest) and with which policy
// config. `sce plan --format json` stays the plan alone (byte-identical
// between runs): the provenance is the check's, not the plan's.

// policyCheckDoc is the JSON `sce policy check --format json` writes: the
// keys of policy.Result, unchanged and first, then the provenance.
type policyCheckDoc struct {
	*policy.Result
	// Generated is when the check ran (RFC 3339, UTC).
	Generated string `json:"generated"`
	// Build is the sce build that ran it, on one line (buildinfo.Info.Line).
	Build string `json:"build"`
	// Version is the sce module version ("(devel)" for a build from a checkout).
	Version string `json:"version"`
	// Commit is the VCS commit of the build; "" when the build recorded
	// none (Build says why).
	Commit string `json:"commit"`
	// PlanFile is the plan file checked, by the digest of the bytes read.
	PlanFile report.File `json:"planFile"`
	// PolicyConfig is the policy config file, or says there was none, and
	// the configuration evaluated.
	PolicyConfig policyConfigUsed `json:"policyConfig"`
}

// policyConfigUsed is the policy config of a check: the file as
// provenance.json records it, and the configuration the pack was
// evaluated with (policy.Pack.Config: the schema's defaults, the settings
// derived from the plan's stack config, then the file's).
type policyConfigUsed struct {
	report.PolicyConfigDoc
	// Effective is the configuration evaluated, by rule.
	Effective policy.Config `json:"effective"`
}

// newPolicyCheckDoc is the JSON document of a check of the plan file
// planFile with the configuration effective.
func newPolicyCheckDoc(res *policy.Result, prov report.Provenance, planFile report.File, effective policy.Config) policyCheckDoc {
	version := prov.Build.Version
	if version == "" {
		version = "unknown"
	}
	return policyCheckDoc{Result: res, Generated: prov.GeneratedText(), Build: prov.BuildText(), Version: version,
		Commit: prov.Build.Commit, PlanFile: planFile,
		PolicyConfig: policyConfigUsed{PolicyConfigDoc: prov.PolicyConfig.Doc(), Effective: effective}}
}

// writeCheckedLine writes the provenance line of the table output of sce
// policy check: when and by which build the plan was checked.
func writeCheckedLine(w io.Writer, prov report.Provenance) error {
	_, err := fmt.Fprintf(w, "checked   %s by %s\n", prov.GeneratedText(), prov.BuildText())
	return err
}
