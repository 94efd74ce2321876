package stacks

import (
	"fmt"
	"strings"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
)

// Findings are the problems found by comparing one stack with the other
// stacks of its directory: errors stop the plan, warnings are printed.
type Findings struct {
	// Errors are located in the checked stack's file.
	Errors stackfile.ConfigErrors
	// Warnings are located the same way; a stack file that could not be
	// compared is a warning on that file.
	Warnings stackfile.ConfigErrors
}

// neighbour is another stack of the directory, decoded.
type neighbour struct {
	name string
	file *stackfile.File
	cfg  Config
}

// CheckNeighbours compares the stack of dir named stack with every other
// stack file of dir (stackfile.LoadDir), before anything is planned: a
// project's PIT and VPC block must be its own, its baseline stack must be a
// baseline in its region, no two stacks may build resources of one name, a
// baseline must be the only one of its account and region, and an IRB
// protocol another project already runs under is worth a second look. When the stack's own file does not load,
// there is nothing to compare (planning it reports why).
func CheckNeighbours(dir, stack string) (Findings, error) {
	all, err := CheckDir(dir)
	if err != nil {
		return Findings{}, err
	}
	return all[stack], nil
}

// CheckDir runs CheckNeighbours for every stack of dir, reading the
// directory once: the findings by stack name (sce plan --all).
func CheckDir(dir string) (map[string]Findings, error) {
	all, err := stackfile.LoadDir(dir, KnownConfigKeys())
	if err != nil {
		return nil, err
	}
	var loaded []neighbour
	var broken []stackfile.Stack
	for _, s := range all {
		if s.Err != nil {
			broken = append(broken, s)
			continue
		}
		cfg, _ := DecodeConfig(s.File.Config) // what decodes is compared; planning reports the rest
		loaded = append(loaded, neighbour{name: s.Name, file: s.File, cfg: cfg})
	}
	out := make(map[string]Findings, len(all))
	for i, self := range loaded {
		var found Findings
		for _, b := range broken {
			found.Warnings = append(found.Warnings, stackfile.ConfigError{Path: b.Path, Message: fmt.Sprintf(
				"not compared with stack %s (PIT, VPC block, IRB protocol, region): the file does not load; "+
					"`sce plan %s` shows why", self.name, b.Name)})
		}
		others := make([]neighbour, 0, len(loaded)-1)
		others = append(append(others, loaded[:i]...), loaded[i+1:]...)
		if self.cfg.Baseline() {
			self.compareBaseline(others, &found)
		} else {
			self.compare(others, &found)
		}
		out[self.name] = found
	}
	return out, nil
}

// compare runs every check of a project stack against the others.
func (s neighbour) compare(others []neighbour, found *Findings) {
	for _, o := range others {
		s.sharedNames(o, found)
		if o.cfg.Baseline() {
			continue
		}
		s.samePIT(o, found)
		s.overlappingVPC(o, found)
		s.sameIRB(o, found)
	}
	s.baselineOf(others, found)
}

// problem is a finding on key of the stack's own file.
func (s neighbour) problem(key, format string, a ...any) stackfile.ConfigError {
	return stackfile.ConfigError{Path: s.file.Path, Line: s.file.Lines[key], Key: key, Message: fmt.Sprintf(format, a...)}
}

func (s neighbour) pit() string { return s.cfg.PITOf(s.name) }

func (s neighbour) samePIT(o neighbour, found *Findings) {
	if s.pit() != o.pit() {
		return
	}
	found.Errors = append(found.Errors, s.problem(KeyPIT, "%q is also the PIT of stack %s (%s): two projects with one PIT "+
		"would build resources with the same names and tags, and the close-out of one would archive and destroy the "+
		"other's; give this project its own sce:pit", s.pit(), o.name, o.file.Where(KeyPIT)))
}

func (s neighbour) overlappingVPC(o neighbour, found *Findings) {
	mine, ok1 := sce.AcceptedVpcCidr(s.cfg.VpcCidr)
	theirs, ok2 := sce.AcceptedVpcCidr(o.cfg.VpcCidr)
	if !ok1 || !ok2 || !mine.Overlaps(theirs) {
		return // a block sce refuses (malformed, public, too large) is reported by the stack's own checks
	}
	found.Errors = append(found.Errors, s.problem(KeyVpcCidr, "%s overlaps %s, the VPC block of stack %s (%s): "+
		"projects' blocks must not overlap, so that they can later be peered or reached over one VPN; choose a block "+
		"no other stack uses (sce request approve allocates one from the pool in stacks/site.yaml)",
		mine, theirs, o.name, o.file.Where(KeyVpcCidr)))
}

func (s neighbour) sameIRB(o neighbour, found *Findings) {
	if s.cfg.IRBProtocol == "" || !strings.EqualFold(s.cfg.IRBProtocol, o.cfg.IRBProtocol) {
		return
	}
	found.Warnings = append(found.Warnings, s.problem(KeyIRBProtocol, "%q is also the IRB protocol of stack %s (%s): "+
		"right when one approved study runs in several environments; otherwise correct the protocol of one of them",
		s.cfg.IRBProtocol, o.name, o.file.Where(KeyIRBProtocol)))
}

// baselineOf checks the stack sce:baselineStack names, when its file is in
// the directory: a baseline, in this project's region.
func (s neighbour) baselineOf(others []neighbour, found *Findings) {
	name := stackName(s.cfg.BaselineStack)
	for _, o := range others {
		if o.name != name {
			continue
		}
		switch {
		case !o.cfg.Baseline():
			found.Errors = append(found.Errors, s.problem(keyBaselineStack, "names stack %s, which is a project stack "+
				"(%s has no sce:kind: baseline), not the account's baseline: %s", name, o.file.Path, baselineHint(others)))
		case o.cfg.Region != "" && s.cfg.Region != o.cfg.Region:
			found.Errors = append(found.Errors, s.problem(KeyRegion, "%q is not the region of the baseline stack %s (%s, "+
				"%s): a baseline's AWS Config recorder and regional controls cover its own region only; deploy this project "+
				"in %s, or deploy a baseline stack for %s and name it in sce:baselineStack",
				s.cfg.Region, name, o.cfg.Region, o.file.Where(KeyRegion), o.cfg.Region, s.cfg.Region))
		}
	}
}

// baselineHint says which baseline stacks the directory has.
func baselineHint(others []neighbour) string {
	var names []string
	for _, o := range others {
		if o.cfg.Baseline() {
			names = append(names, fmt.Sprintf("%s (%s)", o.name, o.file.Path))
		}
	}
	if len(names) == 0 {
		return "write the account's baseline stack file (sce:kind: baseline) and name it here"
	}
	return "name a baseline stack: " + strings.Join(names, ", ")
}
