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
	}, d.assumptions(map[string]bool{"warehouseStorageGb": true, "backupGb": true, "backupChangedGbPerDay": true, "endpointGbPerMonth": true}))
}
