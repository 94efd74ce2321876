package policies

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
)

// regoVersion is the syntax the analyzer parses the pack with: Rego v0,
// with `import rego.v1` in every file for the v1 keywords.
const regoVersion = ast.RegoV0

// regoFiles reads every .rego file of the pack, by path.
func regoFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".rego") {
			return err
		}
		data, err := fs.ReadFile(FS(), p)
		files[p] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no .rego files in the pack")
	}
	return files
}

// TestRegoFormatted: every .rego file is byte for byte what `opa fmt`
// (--v0-compatible, the pack's Rego version) writes.
func TestRegoFormatted(t *testing.T) {
	for path, src := range regoFiles(t) {
		out, err := format.SourceWithOpts(path, src, format.Opts{
			RegoVersion:   regoVersion,
			ParserOptions: &ast.ParserOptions{RegoVersion: regoVersion},
		})
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if string(out) != string(src) {
			t.Errorf("%s is not formatted: run `opa fmt --v0-compatible -w policies/%s`; first difference at line %d",
				path, path, firstDifference(string(src), string(out)))
		}
	}
}

// TestRegoStrict: the pack compiles under the compiler's strict mode, which
// is what `opa check --strict --v0-compatible policies` runs: no unused
// arguments, local variables or imports, no deprecated built-ins, no
// shadowed input or data.
func TestRegoStrict(t *testing.T) {
	modules := map[string]*ast.Module{}
	for path, src := range regoFiles(t) {
		m, err := ast.ParseModuleWithOpts(path, string(src), ast.ParserOptions{RegoVersion: regoVersion, ProcessAnnotation: true})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		modules[path] = m
	}
	c := ast.NewCompiler().WithStrict(true).WithEnablePrintStatements(false)
	c.Compile(modules)
	for _, e := range c.Errors {
		t.Errorf("strict: %v", e)
	}
}

// firstDifference is the 1-based line where a and b first differ.
func firstDifference(a, b string) int {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}
