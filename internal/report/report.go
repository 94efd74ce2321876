package report

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Files are the files of an evidence bundle, in the order Write writes them.
func Files() []string {
	return []string{"controls.md", "inventory.csv", "plan.json", "architecture.svg", "provenance.json"}
}

// Write writes the evidence bundle into dir (created if missing): all of
// Files, or only those named in only. It returns the paths written.
func Write(dir string, bundle Bundle, only []string) ([]string, error) {
	names, err := selectFiles(only)
	if err != nil {
		return nil, err
	}
	rows, err := ruleRows(bundle)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("report directory: %w", err)
	}
	var written []string
	for _, name := range names {
		data, err := render(name, bundle, rows)
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
func render(name string, bundle Bundle, rows []ruleRow) ([]byte, error) {
	switch name {
	case "controls.md":
		return Controls(bundle)
	case "inventory.csv":
		return Inventory(bundle.Plan)
	case "plan.json":
		return bundle.Plan.JSON()
	case "architecture.svg":
		return Diagram(bundle.Plan, bundle.Config), nil
	case "provenance.json":
		return provenanceJSON(bundle, rows)
	}
	return nil, fmt.Errorf("no renderer for %s", name)
}
