package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// compile.go: the compiler run of Load, which every sce plan process pays
// before it can evaluate anything.

// compile parses the modules (Rego v0 syntax, with their METADATA), on
// every CPU, and compiles them without the type-checking stage: type
// checking finds mistakes in the Rego and changes nothing that evaluation
// does, and the policies package's tests compile the pack with it, under
// the strict mode of `opa check --strict` (TestRegoStrict), so a pack that
// sce embeds has passed it already. It is about a seventh of the compile.
func compile(sources map[string]string) (*ast.Compiler, error) {
	names := sortedKeys(sources)
	parsed := make([]*ast.Module, len(names))
	errs := make([]error, len(names))
	opts := ast.ParserOptions{RegoVersion: ast.RegoV0, ProcessAnnotation: true}
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
	c := ast.NewCompiler().WithDefaultRegoVersion(ast.RegoV0).WithSkipStages(ast.StageCheckTypes)
	if c.Compile(modules); c.Failed() {
		return nil, c.Errors
	}
	return c, nil
}
