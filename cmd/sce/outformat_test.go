package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOutFormat(t *testing.T) {
	formats := []string{"table", "csv", "json", "markdown"}
	cases := []struct {
		name, flagFormat, out string
		want, err             string
	}{
		{"stdout keeps the default", "", "", "table", ""},
		{"json file", "", "x.json", "json", ""},
		{"upper-case extension", "", "X.JSON", "json", ""},
		{"csv file", "", "events.csv", "csv", ""},
		{"markdown file", "", "access.md", "markdown", ""},
		{"text file keeps the default", "", "plan.txt", "table", ""},
		{"format given and matching", "json", "x.json", "json", ""},
		{"format given for another extension", "table", "x.json", "",
			"--out x.json names a json file, but --format is table: use --format json, or a file name that fits table (for example .txt for the table)"},
		{"unknown format left to the command", "yaml", "x.json", "yaml", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var format string
			cmd := &cobra.Command{Use: "audit"}
			cmd.Flags().StringVar(&format, "format", "table", "")
			if c.flagFormat != "" {
				require.NoError(t, cmd.Flags().Set("format", c.flagFormat))
			}
			got, err := outFormat(cmd, format, c.out, formats)
			if c.err != "" {
				assert.EqualError(t, err, c.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
	cmd := &cobra.Command{Use: "plan"}
	_, err := outFormat(cmd, "table", "plan.csv", planFormats())
	assert.EqualError(t, err, "--out plan.csv names a csv file, but plan writes table, json: name the file for one of them (for example .txt for the table)")
}

func TestPlanOutJSONFileWritesJSON(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	out := filepath.Join(t.TempDir(), "dev-plan.json")
	_, stderr, code := execute(t, "plan", "dev", "--stacks", dir, "--out", out)
	require.Equal(t, exitOK, code, stderr)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Regexp(t, `^\{\n  "version": 1,`, string(data), "the plan's JSON, not the table")

	_, stderr, code = execute(t, "plan", "dev", "--stacks", dir, "--out", out, "--format", "table")
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "sce: --out "+out+" names a json file, but --format is table: use --format json, or a file name that fits table (for example .txt for the table)\n", stderr)
}
