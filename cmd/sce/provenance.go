package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"github.com/sce-dev/sce/internal/buildinfo"
	"github.com/sce-dev/sce/internal/report"
	"github.com/sce-dev/sce/internal/stackfile"
)

// provenance.go: what the commands that write evidence (sce report, sce
// policy check) record of how it was made: when, by which build, and the
// digests of the files it was made from.

// newProvenance is the provenance of evidence made now by a's build with
// the policy config cfg; reproducible leaves the time and the build out.
func newProvenance(a app, reproducible bool, cfg digestedConfig) report.Provenance {
	return report.Provenance{Generated: a.clock()().UTC().Truncate(time.Second), Build: buildinfo.Read(a.buildInfo),
		Reproducible: reproducible, PolicyConfig: cfg.PolicyConfigFile}
}

// stackFiles are the stack files a plan was made from, as evidence records them.
func stackFiles(sources []stackfile.Source) []report.StackFile {
	out := make([]report.StackFile, len(sources))
	for i, s := range sources {
		out[i] = report.StackFile{Stack: s.Stack, File: report.File{Path: s.Path, SHA256: s.SHA256}}
	}
	return out
}

// digestedConfig is a policy config file named by the digest of what was
// read, and the flag that named it.
type digestedConfig struct {
	report.PolicyConfigFile
	flag string
}

// policyConfigFile reads the policy config file at path, given with flag,
// and digests it; an empty path is no file (the pack's defaults).
func policyConfigFile(flag, path string) (digestedConfig, error) {
	if path == "" {
		return digestedConfig{flag: flag}, nil
	}
	sum, err := fileSHA256(path)
	if err != nil {
		return digestedConfig{}, &usageError{err: fmt.Errorf("%s: %w", flag, err)}
	}
	return digestedConfig{report.PolicyConfigFile{Path: path, SHA256: sum}, flag}, nil
}

// unchanged refuses a policy config file that changed while it was used
// (while the evidence was made, says while): the digest the evidence
// records must be that of the config evaluated.
func (f digestedConfig) unchanged(while string) error {
	if f.Path == "" {
		return nil
	}
	sum, err := fileSHA256(f.Path)
	if err != nil {
		return fmt.Errorf("%s: %w", f.flag, err)
	}
	if sum != f.SHA256 {
		return fmt.Errorf("%s %s changed while %s (sha256 %s, then %s): run it again", f.flag, f.Path, while, f.SHA256, sum)
	}
	return nil
}

// fileSHA256 is the hex SHA-256 of a file's bytes.
func fileSHA256(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return digest(data), nil
}

// digest is the hex SHA-256 of data.
func digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
