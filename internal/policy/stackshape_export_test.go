package policy

import (
	"context"
	"fmt"
	"sort"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
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
