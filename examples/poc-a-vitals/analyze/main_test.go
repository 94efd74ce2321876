package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/examples/poc-a-vitals/vitals"
)

func TestAnalyzeGeneratedData(t *testing.T) {
	in, res := t.TempDir(), filepath.Join(t.TempDir(), "results")
	require.NoError(t, vitals.Generate(vitals.DefaultSeed).WriteDir(in))
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"-in", in, "-out", res}, &out, &errb), errb.String())
	assert.Contains(t, out.String(), "read 100 patients and 10000 visits\ncorrected 700 values in 600 visits:\n")
	assert.Contains(t, out.String(), "rejected 0 visits\n")
	assert.Contains(t, out.String(), "\nwrote timeseries_clean.csv, corrections.csv, rejected.csv and summary.csv to "+res+"\n")
	b, err := os.ReadFile(filepath.Join(res, "corrections.csv"))
	require.NoError(t, err)
	assert.Equal(t, 701, strings.Count(string(b), "\n"), "header and 700 corrections")
}

func TestAnalyzeExitsOneWhenAVisitIsRejected(t *testing.T) {
	in := t.TempDir()
	require.NoError(t, vitals.Generate(vitals.DefaultSeed).WriteDir(in))
	path := filepath.Join(in, vitals.TimeSeriesFile)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	b = append(b, "10001,250,1979-10-15,120,80,15,70,98.0,98.6,180,25.8,0,6,0\n"...)
	require.NoError(t, os.WriteFile(path, b, 0o644))
	var out, errb bytes.Buffer
	assert.Equal(t, 1, run([]string{"-in", in}, &out, &errb))
	assert.Contains(t, out.String(), "rejected 1 visits\n  visit 10001 (timeseries.csv:10002): patient_id 250 is not in patients.csv\n")
	assert.Equal(t, "analyze: 1 visits rejected: see the list above\n", errb.String())
}

func TestAnalyzeBadUsage(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nowhere")
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{nil, 2, "analyze: give the data directory with -in DIR, and nothing else: analyze -in DIR [-out DIR]\n"},
		{[]string{"-in", "x", "y"}, 2, "analyze: give the data directory with -in DIR, and nothing else: analyze -in DIR [-out DIR]\n"},
		{[]string{"-in", missing}, 1, "analyze: read table: open " + missing + "/patients.csv: no such file or directory\n"},
	} {
		var out, errb bytes.Buffer
		assert.Equal(t, tc.code, run(tc.args, &out, &errb), tc.args)
		assert.Equal(t, tc.err, errb.String(), tc.args)
	}
}
