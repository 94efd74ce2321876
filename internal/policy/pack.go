// Package policy evaluates the sce HIPAA policy pack (policies/, a Pulumi OPA
// policy pack) on an offline plan, with the OPA Go library and the same
// input shape as Pulumi's OPA analyzer, so that `sce plan` and
// `pulumi preview --policy-pack policies` judge a stack by the same rules.
package policy

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// Level is the enforcement level of a rule, as Pulumi names it.
type Level string

// Enforcement levels.
const (
	// Mandatory violations block a deployment (deny_*, stack_deny_*).
	Mandatory Level = "mandatory"
	// Advisory violations are reported only (warn_*, stack_warn_*).
	Advisory Level = "advisory"
	// Disabled rules are not evaluated (set by configuration only).
	Disabled Level = "disabled"
)

// Scope says what a rule sees: one resource, or every resource of the stack.
type Scope string

// Rule scopes.
const (
	// ResourceScope rules see one resource as input.
	ResourceScope Scope = "resource"
	// StackScope rules see input.resources, every resource of the stack.
	StackScope Scope = "stack"
)

// Rule is one policy of the pack with its METADATA annotation.
type Rule struct {
	// Name is the Rego rule name, e.g. "deny_s3_versioning"; it is the policy name Pulumi reports.
	Name string `json:"name"`
	// Title is the short statement of the control (METADATA title).
	Title string `json:"title"`
	// Description says why the control matters (METADATA description).
	Description string `json:"description"`
	// Message is how to fix a violation (METADATA custom.message).
	Message string `json:"message"`
	// Control groups rules that implement one safeguard (custom.control).
	Control string `json:"control"`
	// HIPAA are the sections of 45 CFR Part 164 the rule serves (custom.hipaa).
	HIPAA []string `json:"hipaa"`
	// Findings are the numbers of the healthcare assessment findings the rule
	// answers (custom.findings; docs/policy-pack.md).
	Findings []string `json:"findings,omitempty"`
	// Types are the resource type tokens the rule inspects (custom.types).
	Types []string `json:"types"`
	// Level is the enforcement level its name gives it; in a Result, the
	// effective level, after the policy config's overrides.
	Level Level `json:"level"`
	// DeclaredLevel is, in a Result, the level the rule's name gives it,
	// beside Level, so that a rule the policy config disabled or moved can
	// be seen; empty in the pack's own rules, whose Level is that level.
	DeclaredLevel Level `json:"declaredLevel,omitempty"`
	// Scope is resource or stack.
	Scope Scope `json:"scope"`
	// File is the .rego file that defines the rule.
	File string `json:"file"`
}

// Pack is a compiled policy pack.
type Pack struct {
	// Name is the Rego package name, which Pulumi uses as the pack name.
	Name string
	// Title is the package's METADATA title.
	Title string
	// Rules are the pack's policies, sorted by name.
	Rules []Rule
	// Schema is schema/config-schema.json: the configurable rules and their properties.
	Schema Schema

	compiler *ast.Compiler
	// path is the package's reference, data.<Name>.
	path ast.Ref
	// types are the resource types each resource rule can report on,
	// derived from the Rego (index.go).
	types map[string]typeFilter
	// queries are the prepared queries of the rule groups evaluators use,
	// by query text; layouts their groups, by enabled rules and levels.
	queries *onceMap[rego.PreparedEvalQuery]
	layouts *onceMap[*layout]
	// constants are the values of the constant rules (constants.go), by
	// configuration.
	constants *onceMap[topdown.VirtualCache]
}

// Rule prefixes, as Pulumi's OPA analyzer recognizes them; other rules are helpers.
var (
	denyName      = regexp.MustCompile(`^(deny|violation)(_[a-zA-Z0-9]+)*$`)
	warnName      = regexp.MustCompile(`^warn(_[a-zA-Z0-9]+)*$`)
	stackDenyName = regexp.MustCompile(`^stack_(deny|violation)(_[a-zA-Z0-9]+)*$`)
	stackWarnName = regexp.MustCompile(`^stack_warn(_[a-zA-Z0-9]+)*$`)
	hipaaSection  = regexp.MustCompile(`^164\.3[0-9]{2}(\([0-9a-zA-Z]+\))*$`)
)

// classify returns the level and scope a rule name gives, and false for a helper.
func classify(name string) (Level, Scope, bool) {
	switch {
	case stackDenyName.MatchString(name):
		return Mandatory, StackScope, true
	case stackWarnName.MatchString(name):
		return Advisory, StackScope, true
	case denyName.MatchString(name):
		return Mandatory, ResourceScope, true
	case warnName.MatchString(name):
		return Advisory, ResourceScope, true
	}
	return "", "", false
}

// Load compiles the policy pack in fsys: every .rego file (Rego v0 syntax, as
// the analyzer parses it), one package for all, each rule with complete
// METADATA, plus schema/config-schema.json. The rules of the pack sce embeds
// come from rulecache.json, read from its METADATA when it last changed.
// Load once per process and share the Pack: it keeps the compiled pack and
// the queries its evaluators prepare.
func Load(fsys fs.FS) (*Pack, error) {
	// The rule cache and the schema are decoded while the Rego is read and
	// compiled, which is on one CPU for the most part.
	cache := background(readRuleCache)
	schema := background(func() (Schema, error) { return loadSchema(fsys) })
	sources, err := readModules(fsys)
	if err != nil {
		return nil, err
	}
	key := sourcesKey(sources)
	rc, err := cache()
	cached := err == nil && rc.Sources == key
	compiler, err := compile(sources, !cached)
	if err != nil {
		return nil, fmt.Errorf("compile policy pack: %w", err)
	}
	freezeModules(compiler) // every query of the pack reads them at once
	p := &Pack{compiler: compiler, path: packagePath(compiler), queries: newOnceMap[rego.PreparedEvalQuery](),
		layouts: newOnceMap[*layout](), constants: newOnceMap[topdown.VirtualCache]()}
	if cached {
		p.Name, p.Title, p.Rules = rc.Name, rc.Title, rc.Rules
	} else if err := p.collect(); err != nil {
		return nil, err
	}
	p.types = indexTypes(compiler, p.Name, p.resourceRules())
	if p.Schema, err = schema(); err != nil {
		return nil, err
	}
	if err := p.checkSchema(); err != nil {
		return nil, err
	}
	return p, nil
}

// background calls f in a goroutine of its own and returns a function that
// waits for its result.
func background[T any](f func() (T, error)) func() (T, error) {
	done := make(chan struct{})
	var value T
	var err error
	go func() {
		defer close(done)
		value, err = f()
	}()
	return func() (T, error) {
		<-done
		return value, err
	}
}

// packagePath is the reference of the package of the compiled modules
// (collect, or the rule cache, holds them to one package).
func packagePath(c *ast.Compiler) ast.Ref {
	return c.Modules[sortedKeys(c.Modules)[0]].Package.Path
}

// resourceRules are the names of the pack's resource rules.
func (p *Pack) resourceRules() []string {
	var names []string
	for _, r := range p.Rules {
		if r.Scope == ResourceScope {
			names = append(names, r.Name)
		}
	}
	return names
}

// readModules reads every .rego file under fsys, keyed by path without extension.
func readModules(fsys fs.FS) (map[string]string, error) {
	modules := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path.Ext(p) != ".rego" {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		modules[strings.TrimSuffix(p, ".rego")] = string(data)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read policy pack: %w", err)
	}
	if len(modules) == 0 {
		return nil, fmt.Errorf("read policy pack: no .rego files")
	}
	return modules, nil
}

// collect finds the package name and the rules with their metadata.
func (p *Pack) collect() error {
	annotations := p.compiler.GetAnnotationSet()
	seen := map[string]bool{}
	var problems []string
	for _, file := range sortedKeys(p.compiler.Modules) {
		m := p.compiler.Modules[file]
		pkg := strings.TrimPrefix(m.Package.Path.String(), "data.")
		if p.Name != "" && p.Name != pkg {
			return fmt.Errorf("policy pack: %s.rego is package %s, the others %s: use one package", file, pkg, p.Name)
		}
		p.Name = pkg
		if a := annotations.GetPackageScope(m.Package); a != nil {
			p.Title = a.Title
		}
		for _, r := range m.Rules {
			name := r.Head.Name.String()
			level, scope, ok := classify(name)
			if !ok || seen[name] {
				continue
			}
			seen[name] = true
			rule, err := ruleFrom(name, level, scope, file, annotations.GetRuleScope(r))
			if err != nil {
				problems = append(problems, err.Error())
				continue
			}
			p.Rules = append(p.Rules, rule)
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("policy pack metadata:\n  %s", strings.Join(problems, "\n  "))
	}
	sort.Slice(p.Rules, func(i, j int) bool { return p.Rules[i].Name < p.Rules[j].Name })
	return nil
}

// Rule returns the rule named name.
func (p *Pack) Rule(name string) (Rule, bool) {
	i := sort.Search(len(p.Rules), func(i int) bool { return p.Rules[i].Name >= name })
	if i < len(p.Rules) && p.Rules[i].Name == name {
		return p.Rules[i], true
	}
	return Rule{}, false
}
