package policy

import (
	"context"
	"fmt"
	"regexp"
	"sort"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/sce-dev/sce/internal/plan"
)

// StackVerdicts evaluates every stack rule of p on input under cfg, the way
// Pulumi's OPA analyzer does (one query per rule, the input given as Go
// values, the settings as data.config), and returns each rule's sorted
// messages; rules without a message are left out.
func (p *Pack) StackVerdicts(ctx context.Context, cfg Config, input map[string]any) (map[string][]string, error) {
	out := map[string][]string{}
	for _, r := range p.Rules {
		if r.Scope != StackScope {
			continue
		}
		rs, err := rego.New(
			rego.Query("data."+p.Name+"."+r.Name),
			rego.Compiler(p.compiler),
			rego.Input(input),
			rego.Store(inmem.NewFromObject(map[string]any{"config": cfg.data()})),
			rego.SetRegoVersion(ast.RegoV0),
		).Eval(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.Name, err)
		}
		for _, result := range rs {
			for _, e := range result.Expressions {
				msgs, _ := e.Value.([]any)
				for _, m := range msgs {
					out[r.Name] = append(out[r.Name], fmt.Sprint(m))
				}
			}
		}
		sort.Strings(out[r.Name])
	}
	return out, nil
}

// oldRuleName is how the v0.1.0 analyzer recognizes a rule: deny, violation
// or warn, then words of letters only (no digits, no stack rules).
var oldRuleName = regexp.MustCompile(`^((deny|violation)|warn)(_[a-zA-Z]+)*$`)

// OldAnalyzerInput is the input the v0.1.0 analyzer gives a resource rule:
// the resource's properties alone (no __type, __name or options).
func OldAnalyzerInput(r plan.Resource) map[string]any { return analyzerProperties(r.Inputs) }

// OldAnalyzerVerdicts evaluates the rules the v0.1.0 analyzer recognizes by
// name on input, without config, and returns the messages by rule.
func (p *Pack) OldAnalyzerVerdicts(ctx context.Context, input map[string]any) (map[string][]string, error) {
	out := map[string][]string{}
	for _, rule := range p.Rules {
		if !oldRuleName.MatchString(rule.Name) {
			continue
		}
		rs, err := rego.New(
			rego.Query("data."+p.Name+"."+rule.Name),
			rego.Compiler(p.compiler),
			rego.Input(input),
			rego.SetRegoVersion(ast.RegoV0),
		).Eval(ctx)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", rule.Name, err)
		}
		for _, result := range rs {
			for _, e := range result.Expressions {
				msgs, _ := e.Value.([]any)
				for _, m := range msgs {
					out[rule.Name] = append(out[rule.Name], fmt.Sprint(m))
				}
			}
		}
	}
	return out, nil
}
