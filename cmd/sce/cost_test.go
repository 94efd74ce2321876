package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/cost"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

var update = flag.Bool("update", false, "rewrite golden files and the generated sections of docs/")

// costApp is testApp with the cost keys allowed in stack files.
func costApp() app {
	a := testApp()
	a.knownKeys = append(a.knownKeys, "sce:usage", "sce:schedule")
	return a
}

func executeWith(t *testing.T, a app, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr, a)
	return stdout.String(), stderr.String(), code
}

func pricesAsOf(t *testing.T) string {
	t.Helper()
	tab, err := cost.DefaultTable()
	require.NoError(t, err)
	return tab.AsOf
}

func TestCostTable(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	stdout, stderr, code := executeWith(t, costApp(), "cost", "dev", "--stacks", dir)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stderr)
	for _, want := range []string{
		"estimated monthly cost of stack dev in us-west-2 (USD, prices as of " + pricesAsOf(t) + "); AWS was not contacted\n",
		"storage  S3 storage (1 bucket)                   2.30           2.30       2.30  $0.023/GB-month",
		"         project total                           2.63           2.63       2.63\n",
		"  - sce:usage.s3StorageGb = 100 GB (default)\n",
		"\nPrices must be checked against the AWS Pricing Calculator (https://calculator.aws/) before a budget decision.\n",
	} {
		assert.Contains(t, stdout, want)
	}
	assert.NotContains(t, stdout, " \n", "no trailing blanks")
}

func TestCostFormats(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack + "  sce:usage:\n    s3StorageGb: 1000\n"})
	p, err := stackfile.Plan(context.Background(), dir, "dev", testProgram, costApp().knownKeys)
	require.NoError(t, err)
	tab, err := cost.DefaultTable()
	require.NoError(t, err)
	cfg, err := stacks.DecodeConfig(p.Config)
	require.NoError(t, err)
	est, err := cost.EstimatePlan(p, cfg, tab)
	require.NoError(t, err)

	stdout, stderr, code := executeWith(t, costApp(), "cost", "dev", "--stacks", dir, "--format", "json")
	require.Equal(t, 0, code, stderr)
	want, err := est.JSON()
	require.NoError(t, err)
	assert.Equal(t, string(want), stdout)
	var decoded map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &decoded))
	assert.Equal(t, map[string]any{"suspended": 23.33, "workingHours": 23.33, "alwaysOn": 23.33},
		decoded["total"].(map[string]any)["monthly"], "1,000 GB * $0.023 + requests")

	stdout, stderr, code = executeWith(t, costApp(), "cost", "dev", "--stacks", dir, "-f", "markdown")
	require.Equal(t, 0, code, stderr)
	var md bytes.Buffer
	require.NoError(t, est.WriteMarkdown(&md))
	assert.Equal(t, md.String(), stdout)
	assert.Contains(t, stdout, "| storage | S3 storage (1 bucket) | 23.00 | 23.00 | 23.00 | $0.023/GB-month | 1,000 GB (sce:usage.s3StorageGb) |\n")
}

// badCostStack is the shipped hipaa stack with a negative and an unknown
// usage figure and a schedule without a time zone and with days sce does
// not read.
func badCostStack(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "stacks", "Pulumi.hipaa.yaml"))
	require.NoError(t, err)
	schedule := "  sce:schedule:\n    timeZone: America/Los_Angeles\n    days: MON-FRI\n"
	require.Contains(t, string(data), schedule)
	bad := strings.Replace(string(data), schedule, "  sce:schedule:\n    days: WEEKDAYS\n", 1)
	return bad + "  sce:usage:\n    natGbPerMonth: -1\n    colour: 3\n"
}

// lineOf is the 1-based line of the first line of text that starts with prefix.
func lineOf(t *testing.T, text, prefix string) int {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return i + 1
		}
	}
	require.Failf(t, "no such line", "%q", prefix)
	return 0
}

// TestBadCostConfigFailsPlanAndCost runs sce cost and sce plan, in every
// format, on the same stack file with a bad sce:usage and sce:schedule: all
// exit 2 with the same located errors, every problem at once, and print
// nothing on stdout.
func TestBadCostConfigFailsPlanAndCost(t *testing.T) {
	bad := badCostStack(t)
	dir := stacksDir(t, map[string]string{"bad": bad})
	account, err := os.ReadFile(filepath.Join("..", "..", "stacks", "Pulumi.account.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi.account.yaml"), account, 0o600))
	file := filepath.Join(dir, "Pulumi.bad.yaml")
	want := fmt.Sprintf("%s:%d: sce:usage.natGbPerMonth: -1 is negative: give the GB a month, 0 or more\n"+
		"%s:%d: sce:usage.colour: unknown field: use s3StorageGb, natGbPerMonth, s3PutRequestsPerMonth, "+
		"s3GetRequestsPerMonth, logsGbPerMonth, dataEventsPerMonth, managementEventsPerMonth, kmsRequestsPerMonth, "+
		"configItemsPerMonth, configEvaluationsPerMonth, warehouseStorageGb, backupGb, backupChangedGbPerDay, endpointGbPerMonth, "+
		"dnsQueriesPerMonth, dnsQueryLogGbPerMonth\n"+
		"%s:%d: sce:schedule.timeZone: is required: an IANA time zone such as America/Los_Angeles\n"+
		"%s:%d: sce:schedule.days: \"WEEKDAYS\" is not a list of days such as MON-FRI or MON,WED,FRI\n",
		file, lineOf(t, bad, "    natGbPerMonth:"), file, lineOf(t, bad, "    colour:"),
		file, lineOf(t, bad, "  sce:schedule:"), file, lineOf(t, bad, "    days: WEEKDAYS"))
	out := filepath.Join(t.TempDir(), "bad-plan.json")
	a := app{build: stacks.Build, knownKeys: stacks.KnownConfigKeys()}
	for _, args := range [][]string{
		{"cost", "bad"}, {"cost", "bad", "--format", "json"}, {"cost", "bad", "--format", "markdown"},
		{"plan", "bad"}, {"plan", "bad", "--format", "json"}, {"plan", "bad", "--format", "json", "--out", out},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			stdout, stderr, code := executeWith(t, a, append(args, "--stacks", dir)...)
			assert.Equal(t, exitUsage, code)
			assert.Equal(t, want, stderr)
			assert.Empty(t, stdout)
		})
	}
	assert.NoFileExists(t, out, "sce plan --out writes no plan for a stack it refuses")
}

func TestCostErrors(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack, "bad": devStack})
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"bad format", []string{"cost", "dev", "--stacks", dir, "--format", "xml"}, 2,
			"sce: unknown --format \"xml\": use table, json or markdown\n"},
		{"unknown stack", []string{"cost", "prod", "--stacks", dir}, 2,
			"sce: no stack \"prod\": " + dir + "/Pulumi.prod.yaml does not exist; stacks there: bad, dev\n"},
		{"no stack argument", []string{"cost"}, 2, "sce: accepts 1 arg(s), received 0: usage: sce cost <stack> [flags]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := executeWith(t, costApp(), tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.stderr, stderr)
			assert.Empty(t, stdout)
		})
	}
}

func TestPlanTableHasCostSummary(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	stdout, stderr, code := execute(t, "plan", "dev", "--stacks", dir)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "\n3 resources (2 custom)\n\nestimated monthly cost (USD, prices as of "+pricesAsOf(t)+"): "+
		"$2.63 suspended / $2.63 working hours / $2.63 always on\n  details and assumptions: sce cost dev\n")
}

// hipaaEstimate plans the shipped hipaa stack and renders its estimate.
func hipaaEstimate(t *testing.T, format string) string {
	t.Helper()
	return shippedEstimate(t, "hipaa", format)
}

// shippedEstimate plans a shipped stack and renders its estimate.
func shippedEstimate(t *testing.T, stack, format string) string {
	t.Helper()
	a := app{build: stacks.Build, knownKeys: stacks.KnownConfigKeys()}
	stdout, stderr, code := executeWith(t, a, "cost", stack, "--stacks", filepath.Join("..", "..", "stacks"), "--format", format)
	require.Equal(t, 0, code, stderr)
	return stdout
}

// costGolden compares got with testdata/name, or rewrites it with -update.
func costGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/sce -run Cost -update")
	assert.Equal(t, string(want), got, "refresh with: go test ./cmd/sce -run Cost -update")
}

func TestCostHipaaGolden(t *testing.T) {
	costGolden(t, "cost-hipaa.txt", hipaaEstimate(t, "table"))
}

// TestCostOmopGolden pins the estimate of the omop stack, whose warehouse
// (two ra3.xlplus nodes) is priced with its managed storage and snapshots.
func TestCostOmopGolden(t *testing.T) {
	got := shippedEstimate(t, "omop", "table")
	costGolden(t, "cost-omop.txt", got)
	assert.Contains(t, got, "\nwarehouse  warehouse omop-warehouse nodes ")
	assert.NotContains(t, got, "not priced: aws:redshift", "every warehouse type is priced or free")
	assert.NotContains(t, got, "not priced: aws:backup", "every backup type is priced or free")
}

// Markers of the generated hipaa estimate in docs/cost.md.
const (
	costDocStart = "<!-- cost:hipaa -->\n"
	costDocEnd   = "<!-- /cost:hipaa -->"
)

// TestCostDocHipaa keeps the hipaa estimate in docs/cost.md equal to
// `sce cost hipaa --format markdown`.
func TestCostDocHipaa(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "cost.md")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	doc := string(data)
	start := strings.Index(doc, costDocStart)
	end := strings.Index(doc, costDocEnd)
	require.True(t, start >= 0 && end > start, "docs/cost.md needs the markers %q and %q", costDocStart, costDocEnd)
	start += len(costDocStart)
	got := hipaaEstimate(t, "markdown")
	if *update {
		doc = doc[:start] + got + doc[end:]
		require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
	}
	assert.Equal(t, got, doc[start:end], "the hipaa estimate in docs/cost.md is stale: go test ./cmd/sce -run Cost -update")
}

// TestCostSuspendedModeAgrees plans hipaa as it ships and with
// sce:suspended: true: the suspended column is the same whichever way the
// plan was made.
func TestCostSuspendedModeAgrees(t *testing.T) {
	dir := shippedStacksWith(t, "hipaa", "sce:suspended: true")

	estimates := map[string]map[string]any{}
	for name, stacksDir := range map[string]string{"running": filepath.Join("..", "..", "stacks"), "suspended": dir} {
		a := app{build: stacks.Build, knownKeys: stacks.KnownConfigKeys()}
		stdout, stderr, code := executeWith(t, a, "cost", "hipaa", "--stacks", stacksDir, "--format", "json")
		require.Equal(t, 0, code, stderr)
		var est map[string]any
		require.NoError(t, json.Unmarshal([]byte(stdout), &est))
		estimates[name] = est
	}
	assert.Equal(t, "running", estimates["running"]["mode"])
	assert.Equal(t, "suspended", estimates["suspended"]["mode"])
	total := func(mode string) map[string]any {
		return estimates[mode]["total"].(map[string]any)["monthly"].(map[string]any)
	}
	assert.Equal(t, total("running")["suspended"], total("suspended")["suspended"])
	assert.Less(t, total("suspended")["alwaysOn"], total("running")["alwaysOn"], "no NAT gateway in a suspended plan")
}
