package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// compile.go: the compiler run of Load, which every sce plan process pays
// before it can evaluate anything.

// checkOnlyStages are the compiler stages that only look for mistakes in
// the Rego (and the dependency graph only the recursion and type checks
// read): they report errors and change nothing that evaluation uses. The
// policies package's tests compile the pack with every stage, in the strict
// mode of `opa check --strict` (TestRegoStrict), so a pack that sce embeds
// has passed them already; TestCompileSkipsOnlyChecks shows that the
// modules they leave are the ones a full compile leaves. Besides type
// checking they are about a seventh of the compile.
var checkOnlyStages = []ast.StageID{
	ast.StageCheckUnusedImports,
	ast.StageCheckKeywordOverrides,
	ast.StageCheckDuplicateImports,
	ast.StageCheckVoidCalls,
	ast.StageSetGraph,
	ast.StageCheckRuleConflicts,
	ast.StageCheckUndefinedFuncs,
	ast.StageCheckSafetyRuleHeads,
	ast.StageRewriteTestRulesForTracing,
	ast.StageCheckRecursion,
	ast.StageCheckTypes,
	ast.StageCheckUnsafeBuiltins,
	ast.StageCheckDeprecatedBuiltins,
	ast.StageBuildRequiredCapabilities,
}

// compile parses the modules (Rego v0 syntax; with their METADATA blocks
// when annotations is set), on every CPU, and compiles them without the
// stages that only check (checkOnlyStages).
func compile(sources map[string]string, annotations bool) (*ast.Compiler, error) {
	modules, err := parseModules(sources, annotations)
	if err != nil {
		return nil, err
	}
	c := ast.NewCompiler().WithDefaultRegoVersion(ast.RegoV0).WithSkipStages(checkOnlyStages...)
	if c.Compile(modules); c.Failed() {
		return nil, c.Errors
	}
	return c, nil
}

// parseModules parses every module, on every CPU; an error is the first in
// file-name order. Without annotations the METADATA blocks stay comments:
// the YAML in them is about a third of the parse.
func parseModules(sources map[string]string, annotations bool) (map[string]*ast.Module, error) {
	names := sortedKeys(sources)
	parsed := make([]*ast.Module, len(names))
	errs := make([]error, len(names))
	// One copy of the capabilities the parser would otherwise build (sort
	// every built-in) for each file.
	caps := ast.CapabilitiesForThisVersion(ast.CapabilitiesRegoVersion(ast.RegoV0))
	opts := ast.ParserOptions{RegoVersion: ast.RegoV0, ProcessAnnotation: annotations, Capabilities: caps}
	parallel(len(names), func(i int) {
		parsed[i], errs[i] = ast.ParseModuleWithOpts(names[i], sources[names[i]], opts)
	})
	modules := make(map[string]*ast.Module, len(names))
	for i, name := range names {
		if errs[i] != nil {
			return nil, errs[i]
		}
		modules[name] = parsed[i]
	}
	return modules, nil
}
