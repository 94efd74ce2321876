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

	"github.com/sce-dev/sce/internal/awstype"
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
	p.Resources = append(p.Resources, res(awstype.RDSInstance, "db", map[string]any{}))
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
	assert.Equal(t, "estimated monthly cost (USD, prices as of 2026-12-06): $26.45 suspended / $140.33 working hours / $298.09 always on\n"+
		"  plus the dedicated per-region fee shared by the account's projects in us-east-1: $0.00 / $476.67 / $1,460.00\n"+
		"  details and assumptions: sce cost t\n", est.Summary())

	p := computePlan()
	p.Resources = append(p.Resources, res(awstype.RDSInstance, "db", map[string]any{}))
	assert.Equal(t, "estimated monthly cost (USD, prices as of 2026-12-06): at least $26.45 suspended / at least $140.33 working hours / "+
		"at least $298.09 always on\n"+
		"  plus the dedicated per-region fee shared by the account's projects in us-east-1: $0.00 / $476.67 / $1,460.00\n"+
		"  details and assumptions: sce cost t\n", estimate(t, p).Summary())
}

// TestRenderUnknownInstance prints an unknown instance price as 0.00 in the
// suspended column, where the instance runs 0 hours, and as unknown in the
// others, whose totals alone are "at least".
func TestRenderUnknownInstance(t *testing.T) {
	est := estimate(t, unknownInstancePlan())
	var text bytes.Buffer
	require.NoError(t, est.WriteText(&text))
	assert.Contains(t, text.String(), "\n"+
		"group    item                suspended  working hours      always on  rate            detail\n"+
		"compute  instance worker          0.00        unknown        unknown  unknown         r5.2xlarge, default tenancy, 0 / 238.33 / 730 h\n"+
		"storage  root volume worker       2.40           2.40           2.40  $0.08/GB-month  30 GiB gp3\n"+
		"         project total            2.40  at least 2.40  at least 2.40\n\n"+
		"while suspended (instances stopped, NAT gateway removed) the project still pays $2.40 a month for:\n"+
		"  - storage 2.40: root volume\n\n"+
		"unknown prices (left out, so the totals of the columns they cost in are \"at least\"):\n"+
		"  - instance worker: no price for ec2.instance.default.r5.2xlarge in us-west-2\n")
	assert.Equal(t, "estimated monthly cost (USD, prices as of 2026-12-06): $2.40 suspended / at least $2.40 working hours / "+
		"at least $2.40 always on\n  details and assumptions: sce cost t\n", est.Summary())

	data, err := est.JSON()
	require.NoError(t, err)
	var decoded struct {
		Lines []struct {
			Monthly map[string]any `json:"monthly"`
		} `json:"lines"`
		Total struct {
			AtLeast map[string]bool `json:"atLeast"`
		} `json:"total"`
	}
	require.NoError(t, json.Unmarshal(data, &decoded))
	assert.Equal(t, map[string]any{"suspended": 0.0, "workingHours": nil, "alwaysOn": nil}, decoded.Lines[0].Monthly)
	assert.Equal(t, map[string]bool{"suspended": false, "workingHours": true, "alwaysOn": true}, decoded.Total.AtLeast)
}
