package audit

import (
	"errors"
	"time"
)

// Evidence says what it checked, with what configuration, when and by
// which version: every report but the csv (rows of events only) states
// when it was generated and by which build of sce, and whether the log
// files were verified against CloudTrail's digests, "not run" included.

// VerifyNotRun is the verification status of a report made without
// Verify: the log files were not checked against the digest files.
const VerifyNotRun = "not run"

// checkProvenance refuses Options that do not say when the report is made
// and by which build: a report without them is evidence of nothing.
func (o Options) checkProvenance() error {
	if o.Generated.IsZero() {
		return errors.New("audit: Options.Generated is zero: give the time the report is made")
	}
	if o.Build == "" {
		return errors.New("audit: Options.Build is empty: give the build of sce that makes the report (buildinfo.Info.Line)")
	}
	return nil
}

// provenance is the line every format but the csv states: when the report
// was generated, and by which build.
func (r *Report) provenance() string {
	return "generated " + stamp(r.Generated) + " by " + r.Build
}

// VerifyStatus is the status of the check against CloudTrail's digest
// files: VerifyNotRun without Verify, else FAILED, PASSED or
// ConsistentStatus.
func (r *Report) VerifyStatus() string {
	if r.Verification == nil {
		return VerifyNotRun
	}
	return r.Verification.status()
}

// VerifyLines say what the check against the digest files found, one
// fact per line, the status first; without Verify, one line that says it
// was not run.
func (r *Report) VerifyLines() []string {
	if r.Verification == nil {
		return []string{VerifyNotRun + ": the log files were not checked against CloudTrail's digest files (run with --verify)"}
	}
	return r.Verification.lines()
}

// generatedNow is the time a report is generated as it states it: UTC, to
// the second.
func generatedNow(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }
