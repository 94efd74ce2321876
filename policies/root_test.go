package policies

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestPackRootIsWhatTheAnalyzerAccepts: Pulumi's OPA analyzer (v1.x) reads
// from the pack directory PulumiPolicy.yaml, every *.rego file at any depth,
// and a config-schema.json in the root. The root holds only the manifest,
// the rules and this Go package; the schema lives in schema/, because a
// config-schema.json in the root stops the analyzer (GetAnalyzerInfo fails
// to encode its properties); the fixtures in testdata/ hold no Rego the
// analyzer would compile into the pack.
func TestPackRootIsWhatTheAnalyzerAccepts(t *testing.T) {
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	dirs := map[string]bool{"schema": true, "testdata": true}
	for _, e := range entries {
		name := e.Name()
		switch {
		case e.IsDir() && dirs[name]:
			assertNoRego(t, name)
		case e.IsDir():
			t.Errorf("policies/%s/: an unexpected directory in the pack (the analyzer compiles every .rego under it)", name)
		case name == "PulumiPolicy.yaml", strings.HasSuffix(name, ".rego"), strings.HasSuffix(name, ".go"):
		default:
			t.Errorf("policies/%s: not a file of the pack: keep the root to PulumiPolicy.yaml, *.rego and the Go package", name)
		}
	}
	if _, err := os.Stat("config-schema.json"); err == nil {
		t.Error("policies/config-schema.json: the analyzer fails on a schema in the pack root; it belongs in schema/")
	}
	if _, err := fs.Stat(FS(), "schema/config-schema.json"); err != nil {
		t.Errorf("the embedded pack has no schema: %v", err)
	}
}

// TestManifest: PulumiPolicy.yaml names the opa runtime and no inputFormat
// (the analyzer refuses any but kubernetes-admission, which would hand the
// rules Kubernetes admission reviews instead of AWS resources).
func TestManifest(t *testing.T) {
	data, err := fs.ReadFile(FS(), "PulumiPolicy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatalf("PulumiPolicy.yaml: %v", err)
	}
	if m["runtime"] != "opa" {
		t.Errorf("PulumiPolicy.yaml: runtime is %v, want opa", m["runtime"])
	}
	if _, ok := m["inputFormat"]; ok {
		t.Errorf("PulumiPolicy.yaml: inputFormat %v changes the input every rule reads; remove it", m["inputFormat"])
	}
}

// assertNoRego fails for a .rego file under dir.
func assertNoRego(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".rego" {
			t.Errorf("policies/%s: the analyzer would compile it into the pack", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
