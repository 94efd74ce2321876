package policy_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/cputime"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
)

// hipaaEvaluator is an evaluator of the loaded pack with the hipaa plan's
// configuration, and that plan.
func hipaaEvaluator(b *testing.B) (*policy.Evaluator, *plan.Plan) {
	b.Helper()
	pack := loadPack(b)
	p := shipped(b, "hipaa")
	cfg, err := pack.Config(p, nil)
	require.NoError(b, err)
	e, err := pack.NewEvaluator(context.Background(), cfg)
	require.NoError(b, err)
	return e, p
}

// BenchmarkEvaluateHipaa evaluates the pack (prepared once) on the hipaa plan.
func BenchmarkEvaluateHipaa(b *testing.B) {
	e, p := hipaaEvaluator(b)
	b.ResetTimer()
	start := cputime.Used()
	for b.Loop() {
		if _, err := e.Evaluate(context.Background(), p); err != nil {
			b.Fatal(err)
		}
	}
	cputime.Report(b, start)
	b.ReportMetric(float64(len(p.Resources)), "resources")
}

// BenchmarkEvaluateHipaaPhases times the parts of BenchmarkEvaluateHipaa
// apart, each on one goroutine: converting the plan into OPA inputs, the
// resource rules of every resource, and the stack rules. Evaluate runs
// the stack and the resources side by side on every CPU, so its wall time
// is about the larger of stack and (inputs + resources + stack) / CPUs.
func BenchmarkEvaluateHipaaPhases(b *testing.B) {
	e, p := hipaaEvaluator(b)
	phases, err := e.Phases(context.Background(), p)
	require.NoError(b, err)
	for _, phase := range phases {
		b.Run(phase.Name, func(b *testing.B) {
			require.NoError(b, phase.Run()) // the queries are prepared
			b.ResetTimer()
			start := cputime.Used()
			for b.Loop() {
				if err := phase.Run(); err != nil {
					b.Fatal(err)
				}
			}
			cputime.Report(b, start)
		})
	}
}

// BenchmarkEvaluateHipaaTypes times the resource rules of
// BenchmarkEvaluateHipaaPhases by resource type, on one goroutine: for each
// type of the hipaa plan, the rules of its resources. It reports how many
// resources of the type there are.
func BenchmarkEvaluateHipaaTypes(b *testing.B) {
	e, p := hipaaEvaluator(b)
	phases, err := e.TypePhases(context.Background(), p)
	require.NoError(b, err)
	count := map[string]int{}
	for _, r := range p.Resources {
		count[r.Type]++
	}
	for _, phase := range phases {
		b.Run(strings.ReplaceAll(phase.Name, "/", "."), func(b *testing.B) {
			require.NoError(b, phase.Run()) // the queries are prepared
			b.ResetTimer()
			for b.Loop() {
				if err := phase.Run(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(count[phase.Name]), "resources")
		})
	}
}

// BenchmarkCheckHipaa is the cost of one more plan in a process that has
// loaded the pack: its configuration, an evaluator (the queries are already
// prepared) and the evaluation.
func BenchmarkCheckHipaa(b *testing.B) {
	pack := loadPack(b)
	p := shipped(b, "hipaa")
	_, err := pack.Check(context.Background(), p, nil)
	require.NoError(b, err)
	b.ResetTimer()
	defer cputime.Report(b, cputime.Used())
	for b.Loop() {
		if _, err := pack.Check(context.Background(), p, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate20Plans evaluates the pack on 20 project plans (hipaa and
// omop, renamed as 20 projects), as a CI job checking every stack would.
func BenchmarkEvaluate20Plans(b *testing.B) {
	pack := loadPack(b)
	var plans []*plan.Plan
	for i := range 20 {
		p := shipped(b, []string{"hipaa", "omop"}[i%2])
		p.Stack = fmt.Sprintf("%s-%02d", p.Stack, i)
		plans = append(plans, p)
	}
	cfg, err := pack.Config(plans[0], nil)
	require.NoError(b, err)
	e, err := pack.NewEvaluator(context.Background(), cfg)
	require.NoError(b, err)
	b.ResetTimer()
	defer cputime.Report(b, cputime.Used())
	for b.Loop() {
		for _, p := range plans {
			if _, err := e.Evaluate(context.Background(), p); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkLoadAndPrepare compiles the pack (reading the types of its rules)
// and makes an evaluator for the hipaa plan's configuration; the queries
// are prepared when the first plan needs them (BenchmarkFirstPlan).
func BenchmarkLoadAndPrepare(b *testing.B) {
	p := shipped(b, "hipaa")
	defer cputime.Report(b, cputime.Used())
	for b.Loop() {
		pack := loadPack(b)
		cfg, err := pack.Config(p, nil)
		require.NoError(b, err)
		if _, err := pack.NewEvaluator(context.Background(), cfg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstPlan is the policy cost of one sce plan process: compile the
// pack, prepare what the hipaa plan needs and evaluate it.
func BenchmarkFirstPlan(b *testing.B) {
	p := shipped(b, "hipaa")
	defer cputime.Report(b, cputime.Used())
	for b.Loop() {
		if _, err := loadPack(b).Check(context.Background(), p, nil); err != nil {
			b.Fatal(err)
		}
	}
}
