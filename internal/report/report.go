package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/stacks"
)

// Files are the files of an evidence bundle, in the order Write writes them.
func Files() []string {
	return []string{"controls.md", "inventory.csv", "plan.json", "architecture.svg"}
}

// Write writes the evidence bundle of p, the plan of a stack with config
// cfg, judged by res, into dir (created if missing): all of Files, or only
// those named in only. It returns the paths written.
func Write(dir string, p *plan.Plan, cfg stacks.Config, res *policy.Result, only []string) ([]string, error) {
	names, err := selectFiles(only)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report directory: %w", err)
	}
	var written []string
	for _, name := range names {
		data, err := render(name, p, cfg, res)
		if err != nil {
			return written, err
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return written, fmt.Errorf("write report: %w", err)
		}
		written = append(written, path)
	}
	return written, nil
}

// selectFiles checks only against Files; empty means all of them.
func selectFiles(only []string) ([]string, error) {
	if len(only) == 0 {
		return Files(), nil
	}
	known := map[string]bool{}
	for _, f := range Files() {
		known[f] = true
	}
	for _, f := range only {
		if !known[f] {
			return nil, fmt.Errorf("%q is not a report file: choose from %s", f, strings.Join(Files(), ", "))
		}
	}
	return only, nil
}

// render produces one file of the bundle.
func render(name string, p *plan.Plan, cfg stacks.Config, res *policy.Result) ([]byte, error) {
	switch name {
	case "controls.md":
		return Controls(p, res), nil
	case "inventory.csv":
		return Inventory(p)
	case "plan.json":
		return p.JSON()
	case "architecture.svg":
		return Diagram(p, cfg), nil
	}
	return nil, fmt.Errorf("no renderer for %s", name)
}
