package cost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/stacks"
)

func TestUsageDefaults(t *testing.T) {
	d := estimateUsage(stacks.Usage{}, planFacts{configRules: 12})
	assert.InDelta(t, 100, d.S3StorageGB, 0)
	assert.InDelta(t, 20, d.NATGBPerMonth, 0)
	assert.InDelta(t, 250000, d.DataEventsPerMonth, 0, "one data event per S3 request")
	assert.InDelta(t, 1365, d.ConfigEvaluationsPerMonth, 0, "one per item plus one per rule a day: 1000 + 12*365/12")
}

func TestUsageGiven(t *testing.T) {
	cfg, err := stacks.DecodeConfig(map[string]string{
		"sce:usage": `{"s3StorageGb":2000,"natGbPerMonth":0,"dataEventsPerMonth":5e6,"configEvaluationsPerMonth":10}`})
	require.NoError(t, err)
	d := estimateUsage(cfg.Usage, planFacts{configRules: 12})
	assert.InDelta(t, 2000, d.S3StorageGB, 0)
	assert.InDelta(t, 0, d.NATGBPerMonth, 0, "0 is a figure, not a missing one")
	assert.InDelta(t, 5e6, d.DataEventsPerMonth, 0, "a given figure is not derived")
	assert.InDelta(t, 10, d.ConfigEvaluationsPerMonth, 0)
	assert.Equal(t, []string{
		"sce:usage.s3StorageGb = 2,000 GB (stack config)",
		"sce:usage.natGbPerMonth = 0 GB a month (stack config)",
		"sce:usage.s3PutRequestsPerMonth = 50,000 requests a month (default)",
		"sce:usage.s3GetRequestsPerMonth = 200,000 requests a month (default)",
		"sce:usage.logsGbPerMonth = 5 GB a month (default)",
		"sce:usage.dataEventsPerMonth = 5,000,000 events a month (stack config)",
		"sce:usage.managementEventsPerMonth = 100,000 events a month (default)",
		"sce:usage.kmsRequestsPerMonth = 50,000 requests a month (default)",
		"sce:usage.configItemsPerMonth = 1,000 configuration items a month (default)",
		"sce:usage.configEvaluationsPerMonth = 10 evaluations a month (stack config)",
	}, d.assumptions(map[string]bool{"warehouseStorageGb": true, "backupGb": true, "backupChangedGbPerDay": true, "endpointGbPerMonth": true,
		"dnsQueriesPerMonth": true, "dnsQueryLogGbPerMonth": true}))
}

// TestUsageDNSQueryLogs: the query log volume follows the query count
// unless the stack gives it.
func TestUsageDNSQueryLogs(t *testing.T) {
	cfg, err := stacks.DecodeConfig(map[string]string{"sce:usage": `{"dnsQueriesPerMonth":4000000}`})
	require.NoError(t, err)
	d := estimateUsage(cfg.Usage, planFacts{})
	assert.InDelta(t, 2, d.DNSQueryLogGBPerMonth, 1e-9, "4,000,000 queries * 500 bytes")
	assert.Equal(t, []string{"sce:usage.dnsQueriesPerMonth = 4,000,000 queries a month (stack config)",
		"sce:usage.dnsQueryLogGbPerMonth = 2 GB a month (default: 500 bytes per DNS query, one JSON record each)"},
		d.assumptions(map[string]bool{"s3StorageGb": true, "natGbPerMonth": true, "s3PutRequestsPerMonth": true, "s3GetRequestsPerMonth": true,
			"logsGbPerMonth": true, "dataEventsPerMonth": true, "managementEventsPerMonth": true, "kmsRequestsPerMonth": true,
			"configItemsPerMonth": true, "configEvaluationsPerMonth": true, "warehouseStorageGb": true, "backupGb": true,
			"backupChangedGbPerDay": true, "endpointGbPerMonth": true}))
	cfg, err = stacks.DecodeConfig(map[string]string{"sce:usage": `{"dnsQueriesPerMonth":4000000,"dnsQueryLogGbPerMonth":0.25}`})
	require.NoError(t, err)
	assert.InDelta(t, 0.25, estimateUsage(cfg.Usage, planFacts{}).DNSQueryLogGBPerMonth, 0, "a given figure is not derived")
}
