package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/stacks"
)

// editedStacks copies the shipped stack files into a temporary directory,
// with omop's text edited by the old -> new pairs of edits.
func editedStacks(t *testing.T, edits ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, stack := range []string{"account", "hipaa", "omop", "vitals"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "stacks", "Pulumi."+stack+".yaml"))
		require.NoError(t, err)
		src := string(data)
		for i := 0; stack == "omop" && i+1 < len(edits); i += 2 {
			require.Contains(t, src, edits[i])
			src = strings.Replace(src, edits[i], edits[i+1], 1)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi."+stack+".yaml"), []byte(src), 0o600))
	}
	return dir
}

// executeStacks runs sce in-process with the real stacks (no policy pack).
func executeStacks(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := app{build: stacks.Build, knownKeys: stacks.KnownConfigKeys(), neighbours: stacks.CheckNeighbours}
	code := run(context.Background(), args, &stdout, &stderr, a)
	return stdout.String(), stderr.String(), code
}

func TestPlanRefusesAPITAnotherStackHas(t *testing.T) {
	dir := editedStacks(t, "sce:pit: omop", "sce:pit: hipaa")
	stdout, stderr, code := executeStacks(t, "plan", "omop", "--stacks", dir)
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout, "nothing is planned")
	assert.Equal(t, filepath.Join(dir, "Pulumi.omop.yaml")+`:5: sce:pit: "hipaa" is also the PIT of stack hipaa (`+
		filepath.Join(dir, "Pulumi.hipaa.yaml")+`:6): two projects with one PIT would build resources with the same names `+
		"and tags, and the close-out of one would archive and destroy the other's; give this project its own sce:pit\n", stderr)

	_, stderr, code = executeStacks(t, "cost", "omop", "--stacks", dir)
	assert.Equal(t, exitUsage, code, "every command that plans a stack refuses it")
	assert.Contains(t, stderr, `sce:pit: "hipaa" is also the PIT of stack hipaa`)
}

func TestPlanWarnsAboutBudgetBelowEstimate(t *testing.T) {
	dir := editedStacks(t, "monthlyUsd: 6000", "monthlyUsd: 100")
	_, stderr, code := executeStacks(t, "plan", "omop", "--stacks", dir)
	assert.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "warning: "+filepath.Join(dir, "Pulumi.omop.yaml")+":42: sce:budget.monthlyUsd: $100.00 a month is below "+
		"the estimated monthly cost, at least $2,118.00 (on its schedule): the budget's 100% alert would fire every month; raise the "+
		"budget, or lower the cost (`sce cost omop` itemizes it)\n", stderr)

	_, stderr, _ = executeStacks(t, "plan", "--all", "--stacks", dir)
	assert.Contains(t, stderr, "warning: "+filepath.Join(dir, "Pulumi.omop.yaml")+":42: sce:budget.monthlyUsd: $100.00 a month is below "+
		"the estimated monthly cost, at least $2,118.00 (on its schedule)", "sce plan --all warns as sce plan does")
}

func TestPlanWarnsAboutASharedIRBProtocol(t *testing.T) {
	dir := editedStacks(t)
	_, stderr, code := executeStacks(t, "plan", "hipaa", "--stacks", dir)
	assert.Equal(t, exitOK, code, stderr)
	assert.Equal(t, "warning: "+filepath.Join(dir, "Pulumi.hipaa.yaml")+`:10: sce:irbProtocol: "STUDY00012345" is also the `+
		"IRB protocol of stack vitals ("+filepath.Join(dir, "Pulumi.vitals.yaml")+":13): right when one approved study "+
		"runs in several environments; otherwise correct the protocol of one of them\n", stderr)

	_, stderr, code = executeStacks(t, "cost", "hipaa", "--stacks", dir)
	assert.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stderr, "sce plan alone prints the neighbours' warnings")
}
