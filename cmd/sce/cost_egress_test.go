package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/stacks"
)

// egressCostLines estimates the hipaa stack with sce:egress set to mode
// and returns its network and egress lines: item -> [suspended,
// working hours, always on].
func egressCostLines(t *testing.T, mode string) map[string][3]float64 {
	t.Helper()
	dir := shippedStacksWith(t, "hipaa", "sce:egress: "+mode)
	a := app{build: stacks.Build, knownKeys: stacks.KnownConfigKeys()}
	stdout, stderr, code := executeWith(t, a, "cost", "hipaa", "--stacks", dir, "--format", "json")
	require.Equal(t, 0, code, stderr)
	var est struct {
		Lines []struct {
			Group, Item string
			Monthly     struct{ Suspended, WorkingHours, AlwaysOn float64 }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &est))
	out := map[string][3]float64{}
	for _, l := range est.Lines {
		if l.Group == "network" || l.Group == "egress" {
			out[l.Group+": "+l.Item] = [3]float64{l.Monthly.Suspended, l.Monthly.WorkingHours, l.Monthly.AlwaysOn}
		}
	}
	return out
}

// TestCostPerEgressMode: allowlist adds the DNS Firewall (12 domains in
// 2 lists, 1,000,000 queries) and both query log deliveries (0.5 GB each)
// to the NAT gateway open has too; none has no NAT gateway and no NAT
// address, but the same firewall and query logs as allowlist. The
// management endpoints are in every mode, with the KMS endpoint in none
// (no other way out).
func TestCostPerEgressMode(t *testing.T) {
	bastion, endpoint := [3]float64{3.65, 3.65, 3.65}, [3]float64{7.3, 7.3, 7.3}
	endpoints := map[string][3]float64{
		"network: interface endpoint hipaa-ec2messages-endpoint": endpoint,
		"network: interface endpoint hipaa-logs-endpoint":        endpoint,
		"network: interface endpoint hipaa-ssm-endpoint":         endpoint,
		"network: interface endpoint hipaa-ssmmessages-endpoint": endpoint,
		"network: public IPv4 hipaa-bastion-eip":                 bastion,
	}
	nat := map[string][3]float64{
		"network: NAT gateway hipaa-nat":                 {0, 32.85, 32.85},
		"network: NAT gateway data":                      {0, 0.9, 0.9},
		"network: public IPv4 hipaa-nat-eip":             {0, 3.65, 3.65},
		"network: interface endpoint data (4 endpoints)": {0, 0.05, 0.05},
	}
	for k, v := range endpoints {
		nat[k] = v
	}
	allowlist := map[string][3]float64{
		"egress: DNS Firewall domains (12 in 2 lists)":                       {0.01, 0.01, 0.01},
		"egress: DNS Firewall queries":                                       {0, 0.6, 0.6},
		"egress: Resolver query logs hipaa-dns-query-log to CloudWatch Logs": {0, 0.25, 0.25},
		"egress: Resolver query logs hipaa-dns-query-log-s3 to S3":           {0, 0.13, 0.13},
	}
	for k, v := range nat {
		allowlist[k] = v
	}
	assert.Equal(t, allowlist, egressCostLines(t, "allowlist"))
	assert.Equal(t, nat, egressCostLines(t, "open"))
	none := map[string][3]float64{
		"network: interface endpoint hipaa-kms-endpoint": endpoint,
		"network: interface endpoint data (5 endpoints)": {0, 0.05, 0.05},
	}
	for k, v := range endpoints {
		none[k] = v
	}
	for k, v := range allowlist {
		if strings.HasPrefix(k, "egress: ") {
			none[k] = v
		}
	}
	assert.Equal(t, none, egressCostLines(t, "none"))
}

// shippedStacksWith copies the shipped stack files into a temporary
// directory, with line added at the top of stack's config, and returns the
// directory.
func shippedStacksWith(t *testing.T, stack, line string) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join("..", "..", "stacks", "*.yaml"))
	require.NoError(t, err)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o600))
	}
	path := filepath.Join(dir, "Pulumi."+stack+".yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(data), "\nconfig:\n")
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(string(data), "\nconfig:\n", "\nconfig:\n  "+line+"\n", 1)), 0o600))
	return dir
}
