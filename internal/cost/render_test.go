package cost

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./internal/cost -update to write it")
	assert.Equal(t, string(want), string(got))
}

func TestRender(t *testing.T) {
	p := computePlan()
	p.Resources = append(p.Resources, servicesPlan().Resources...)
	p.Resources = append(p.Resources, res("aws:rds/instance:Instance", "db", map[string]any{}))
	est := estimate(t, p)

	var text, md bytes.Buffer
	require.NoError(t, est.WriteText(&text))
	require.NoError(t, est.WriteMarkdown(&md))
	data, err := est.JSON()
	require.NoError(t, err)
	golden(t, "estimate.txt", text.Bytes())
	golden(t, "estimate.md", md.Bytes())
	golden(t, "estimate.json", data)
	assert.NotContains(t, text.String(), " \n", "no trailing blanks")
	assert.True(t, json.Valid(data))
}

func TestSummary(t *testing.T) {
	est := estimate(t, computePlan())
	assert.Equal(t, "estimated monthly cost (USD, prices as of 2026-11-22): $26.45 suspended / $140.33 working hours / $298.09 always on\n"+
		"  plus the dedicated per-region fee shared by the account's projects in us-east-1: $0.00 / $476.67 / $1,460.00\n"+
		"  details and assumptions: sce cost t\n", est.Summary())

	p := computePlan()
	p.Resources = append(p.Resources, res("aws:rds/instance:Instance", "db", map[string]any{}))
	assert.Equal(t, "estimated monthly cost (USD, prices as of 2026-11-22): at least $26.45 suspended / at least $140.33 working hours / "+
		"at least $298.09 always on\n"+
		"  plus the dedicated per-region fee shared by the account's projects in us-east-1: $0.00 / $476.67 / $1,460.00\n"+
		"  details and assumptions: sce cost t\n", estimate(t, p).Summary())
}
