package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGenerateWritesTheThreeFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"-out", dir, "-seed", "7"}, &out, &errb), errb.String())
	assert.Equal(t, "seed 7: wrote 100 patients to "+dir+"/patients.csv, their parameters to "+dir+
		"/patient_parameters.csv and 10000 visits (600 with a deliberate recording error) to "+dir+"/timeseries.csv\n", out.String())
	assert.Empty(t, errb.String())
	for _, name := range []string{"patients.csv", "patient_parameters.csv", "timeseries.csv"} {
		assert.FileExists(t, filepath.Join(dir, name))
	}
}

func TestGenerateTwiceWritesIdenticalBytes(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	var out bytes.Buffer
	require.Equal(t, 0, run([]string{"-out", a}, &out, &out))
	require.Equal(t, 0, run([]string{"-seed", "31415", "-out", b}, &out, &out))
	for _, name := range []string{"patients.csv", "patient_parameters.csv", "timeseries.csv"} {
		x, err := os.ReadFile(filepath.Join(a, name))
		require.NoError(t, err)
		y, err := os.ReadFile(filepath.Join(b, name))
		require.NoError(t, err)
		assert.Equal(t, x, y, "%s: the default seed is 31415", name)
	}
}

func TestGenerateBadUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"-seed", "abc"}, 2, `invalid value "abc" for flag -seed: parse error`},
		{[]string{"-seed", "-1"}, 2, `invalid value "-1" for flag -seed: parse error`},
		{[]string{"data"}, 2, `generate: unexpected argument "data": give the directory with -out DIR`},
		{[]string{"-out", "/dev/null/x"}, 1, "generate: create output directory: mkdir /dev/null: not a directory"},
	} {
		var out, errb bytes.Buffer
		assert.Equal(t, tc.code, run(tc.args, &out, &errb), tc.args)
		assert.Contains(t, errb.String(), tc.err, tc.args)
	}
}
