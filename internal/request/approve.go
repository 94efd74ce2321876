package request

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/sce-dev/sce/internal/awsarn"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

// Options configure Validate and Approve.
type Options struct {
	// StacksDir holds the Pulumi.<stack>.yaml files.
	StacksDir string
	// SitePath is the site settings file (DefaultSitePath).
	SitePath string
	// Build and Known are how a stack is built (stacks.Build) and the
	// config keys a stack file may set: the generated stack file is planned
	// with them, offline, before it is written.
	Build plan.Program
	Known []string
	// Today decides whether dates are in the past.
	Today time.Time
}

// Result is what Validate or Approve found and made.
type Result struct {
	// Request is the parsed request.
	Request *Request
	// PIT and VPC are the project's identifier and allocated block.
	PIT string
	VPC netip.Prefix
	// Path is the stack file written ("" for Validate and dry runs).
	Path string
	// Data is the stack file's content.
	Data []byte
	// Warnings do not block approval: dates, quotas.
	Warnings []string
	// Unmapped are the request sections this sce has no config key for yet.
	Unmapped []string
}

// validatePIT is the placeholder PIT Validate plans the request under.
const validatePIT = "validate"

// Validate checks a request completely, as Approve would, without a PIT
// and without writing: it plans the stack file the request would produce
// with the VPC block Approve would allocate now, next to the existing
// stacks, and reports the same quota warnings.
func Validate(ctx context.Context, path string, opts Options) (*Result, error) {
	req, site, err := load(path, opts.SitePath)
	if err != nil {
		return nil, err
	}
	projects, vpc, err := allocate(site, opts.StacksDir)
	if err != nil {
		return nil, err
	}
	res, err := build(ctx, req, site, placeholderPIT(projects), vpc, opts, nil)
	if err != nil {
		return nil, err
	}
	res.Warnings = append(res.Warnings, siteQuotaWarnings(projects, site)...)
	return res, nil
}

// placeholderPIT is validatePIT, or validatePIT with the first number
// that makes it a PIT no existing stack uses: the scratch stack file must
// not replace an existing stack's, whose checks against the new stack
// would then be lost.
func placeholderPIT(projects []Project) string {
	pit := validatePIT
	for n := 2; ; n++ {
		if _, used := findPIT(projects, pit); !used {
			return pit
		}
		pit = fmt.Sprintf("%s%d", validatePIT, n)
	}
}

// Approve checks a request and writes stacks/Pulumi.<pit>.yaml with the
// first free VPC block of the pool. It refuses a PIT already in use, an
// expired IRB approval, a full pool, and any problem the offline plan of
// the new stack finds, reported on the request's (or the site's) lines.
func Approve(ctx context.Context, path, pit string, opts Options, dryRun bool) (*Result, error) {
	req, site, err := load(path, opts.SitePath)
	if err != nil {
		return nil, err
	}
	projects, vpc, err := allocate(site, opts.StacksDir)
	if err != nil {
		return nil, err
	}
	problems, err := pitProblems(projects, opts.StacksDir, pit)
	if err != nil {
		return nil, err
	}
	res, err := build(ctx, req, site, pit, vpc, opts, problems)
	if err != nil {
		return nil, err
	}
	res.Warnings = append(res.Warnings, siteQuotaWarnings(projects, site)...)
	if dryRun {
		return res, nil
	}
	res.Path = filepath.Join(opts.StacksDir, "Pulumi."+pit+".yaml")
	return res, writeNew(res.Path, res.Data)
}

// allocate reads the existing stacks and picks the first block of the
// pool none of them uses: the block the new project gets. It refuses a
// project the account has no trail left for (checkTrails).
func allocate(site *Site, stacksDir string) ([]Project, netip.Prefix, error) {
	projects, err := ScanStacks(stacksDir)
	if err != nil {
		return nil, netip.Prefix{}, err
	}
	if err := checkTrails(projects, awsarn.Account(site.ConfigValue(stacks.KeyAdminRoleArn))); err != nil {
		return nil, netip.Prefix{}, err
	}
	vpc, ok := site.Pool.Allocate(usedBlocks(projects))
	if !ok {
		return nil, netip.Prefix{}, &PoolFullError{Pool: site.Pool, Site: site.Path, Used: site.Pool.size()}
	}
	return projects, vpc, nil
}

// siteQuotaWarnings are the quota warnings for one more project in the
// site's region and zone.
func siteQuotaWarnings(projects []Project, site *Site) []string {
	return quotaWarnings(projects, site.ConfigValue(stacks.KeyRegion),
		site.ConfigValue(stacks.KeyAvailabilityZone), site.Quotas, site.Path)
}

func load(path, sitePath string) (*Request, *Site, error) {
	req, reqErr := Load(path)
	site, siteErr := LoadSite(sitePath)
	var all stackfile.ConfigErrors
	for _, err := range []error{reqErr, siteErr} {
		var cerrs stackfile.ConfigErrors
		switch {
		case err == nil:
		case errors.As(err, &cerrs):
			all = append(all, cerrs...)
		default:
			return nil, nil, err
		}
	}
	if len(all) > 0 {
		return nil, nil, all
	}
	return req, site, nil
}

// build applies the date rules, generates the stack file, plans it offline,
// and returns every problem at once (after the ones given).
func build(ctx context.Context, req *Request, site *Site, pit string, vpc netip.Prefix, opts Options, problems stackfile.ConfigErrors) (*Result, error) {
	checkProblems, warnings := req.Check(opts.Today)
	problems = append(problems, checkProblems...)
	g := &generator{req: req, site: site, pit: pit, vpc: vpc, known: opts.Known, today: opts.Today}
	gen, err := g.generate()
	if err != nil {
		return nil, err
	}
	planProblems, planWarnings, err := planCheck(ctx, gen, pit, opts)
	if err != nil {
		return nil, err
	}
	problems = append(problems, withoutRepeats(planProblems, problems)...)
	if len(problems) > 0 {
		return nil, problems
	}
	res := &Result{Request: req, PIT: pit, VPC: vpc, Data: gen.data, Unmapped: gen.unmapped}
	for _, w := range append(warnings, planWarnings...) {
		res.Warnings = append(res.Warnings, w.Error())
	}
	return res, nil
}

// planCheck compares the generated file with the existing stacks
// (stacks.CheckNeighbours, as sce plan does) and plans it offline, in a
// scratch directory; it returns the problems and warnings found, where the
// request or site can fix them.
func planCheck(ctx context.Context, gen *generated, pit string, opts Options) (stackfile.ConfigErrors, stackfile.ConfigErrors, error) {
	dir, err := os.MkdirTemp("", "sce-request-")
	if err != nil {
		return nil, nil, fmt.Errorf("scratch directory: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := copyStacks(opts.StacksDir, dir); err != nil {
		return nil, nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "Pulumi."+pit+".yaml"), gen.data, 0o600); err != nil {
		return nil, nil, fmt.Errorf("scratch stack file: %w", err)
	}
	found, err := stacks.CheckNeighbours(dir, pit)
	if err != nil {
		return nil, nil, fmt.Errorf("compare the generated stack file with the existing stacks: %w", err)
	}
	warnings := gen.relocate(found.Warnings, opts.SitePath, dir, opts.StacksDir)
	if len(found.Errors) > 0 {
		return gen.relocate(found.Errors, opts.SitePath, dir, opts.StacksDir), warnings, nil
	}
	_, err = stackfile.Plan(ctx, dir, pit, opts.Build, opts.Known)
	var cerrs stackfile.ConfigErrors
	switch {
	case err == nil:
		return nil, warnings, nil
	case errors.As(err, &cerrs):
		return gen.relocate(cerrs, opts.SitePath, dir, opts.StacksDir), warnings, nil
	default:
		return nil, nil, fmt.Errorf("offline plan of the generated stack file: %w", err)
	}
}

// copyStacks copies the stack files of from into the scratch directory:
// the new stack's references (its sce:baselineStack) resolve to them.
func copyStacks(from, to string) error {
	names, err := stackfile.List(from)
	if err != nil {
		return err
	}
	for _, name := range names {
		file := "Pulumi." + name + ".yaml"
		data, err := os.ReadFile(filepath.Join(from, file))
		if err != nil {
			return fmt.Errorf("copy stack files: %w", err)
		}
		if err := os.WriteFile(filepath.Join(to, file), data, 0o600); err != nil {
			return fmt.Errorf("copy stack files: %w", err)
		}
	}
	return nil
}

// relocate moves problems found in the generated file to the request or
// site field the value came from. A missing key no source provides is the
// site's to set. The scratch directory's name is replaced by the stacks
// directory's in the messages, which name the existing stacks' files.
func (g *generated) relocate(cerrs stackfile.ConfigErrors, sitePath, scratch, stacksDir string) stackfile.ConfigErrors {
	out := make(stackfile.ConfigErrors, 0, len(cerrs))
	for _, e := range cerrs {
		e.Message = strings.ReplaceAll(e.Message, scratch+string(filepath.Separator), stacksDir+string(filepath.Separator))
		if e.Key == "" { // a finding on another stack's file
			e.Path = strings.Replace(e.Path, scratch, stacksDir, 1)
		}
		base, suffix := splitKey(e.Key)
		src, ok := g.sources[e.Key] // a list item with a source of its own
		if !ok {
			src, ok = g.sources[base]
		}
		switch {
		case !ok && e.Key != "":
			out = append(out, stackfile.ConfigError{Path: sitePath, Key: "config." + e.Key, Message: e.Message})
		case !ok:
			out = append(out, e)
		case src.file == "--pit":
			out = append(out, stackfile.ConfigError{Path: "--pit", Message: e.Message})
		default:
			field := src.field
			if !src.whole {
				field += renamed(suffix, src.rename)
			}
			out = append(out, stackfile.ConfigError{Path: src.file, Line: lineOf(src.lines, field), Key: field, Message: e.Message})
		}
	}
	return out
}

// splitKey splits "sce:researchers[0].publicKey" into the config key and
// the rest, "[0].publicKey".
func splitKey(key string) (string, string) {
	if i := strings.IndexAny(key, "[."); i >= 0 {
		return key[:i], key[i:]
	}
	return key, ""
}

// renamed spells a key suffix's sub-field names as the request does.
func renamed(suffix string, rename map[string]string) string {
	for from, to := range rename {
		suffix = strings.ReplaceAll(suffix, "."+from, "."+to)
	}
	return suffix
}

// withoutRepeats drops the problems on fields (or flags, files) that already have one.
func withoutRepeats(found, known stackfile.ConfigErrors) stackfile.ConfigErrors {
	var out stackfile.ConfigErrors
	for _, f := range found {
		repeat := false
		for _, k := range known {
			repeat = repeat || (k.Path == f.Path && k.Key == "") || // a problem with the whole flag or file
				(k.Path == f.Path && k.Key != "" && (f.Key == k.Key || strings.HasPrefix(f.Key, k.Key+".") || strings.HasPrefix(f.Key, k.Key+"[")))
		}
		if !repeat {
			out = append(out, f)
		}
	}
	return out
}

// writeNew writes a file that must not exist yet.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("write stack file: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write stack file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write stack file: %w", err)
	}
	return nil
}

// pitProblems are the reasons pit cannot be the new project's: a stack of
// the stacks directory uses it, or a closed-out project did (see
// ClosedDir).
func pitProblems(projects []Project, dir, pit string) (stackfile.ConfigErrors, error) {
	if p, used := findPIT(projects, pit); used {
		return stackfile.ConfigErrors{{Path: "--pit", Message: fmt.Sprintf(
			"%q is already used by stack %s (%s): choose another PIT", pit, p.Stack, p.Path)}}, nil
	}
	closed, err := closedProjects(dir)
	if err != nil {
		return nil, err
	}
	if p, used := findPIT(closed, pit); used {
		return stackfile.ConfigErrors{{Path: "--pit", Message: fmt.Sprintf(
			"%q was used by the closed-out stack %s (%s), whose retained resources (its backup vault, and what else its "+
				"close-out report lists as retainOnDelete) keep their names in the account: a new stack with this PIT would "+
				"fail at them; choose another PIT", pit, p.Stack, p.Path)}}, nil
	}
	return nil, nil
}
