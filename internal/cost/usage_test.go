package cost

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

func TestParseUsageDefaults(t *testing.T) {
	u, err := ParseUsage("")
	require.NoError(t, err)
	assert.Equal(t, Usage{
		S3StorageGB: 100, NATGBPerMonth: 20, S3PutRequestsPerMonth: 50000, S3GetRequestsPerMonth: 200000,
		LogsGBPerMonth: 5, ManagementEventsPerMonth: 100000, KMSRequestsPerMonth: 50000, ConfigItemsPerMonth: 1000,
		Given: map[string]bool{},
	}, u)
	d := u.derive(12)
	assert.InDelta(t, 250000, d.DataEventsPerMonth, 0, "one data event per S3 request")
	assert.InDelta(t, 1365, d.ConfigEvaluationsPerMonth, 0, "one per item plus one per rule a day: 1000 + 12*365/12")
}

func TestParseUsageGiven(t *testing.T) {
	u, err := ParseUsage(`{"s3StorageGb":2000,"natGbPerMonth":0,"dataEventsPerMonth":5e6,"configEvaluationsPerMonth":10}`)
	require.NoError(t, err)
	d := u.derive(12)
	assert.InDelta(t, 2000, d.S3StorageGB, 0)
	assert.InDelta(t, 0, d.NATGBPerMonth, 0, "0 is a figure, not a missing one")
	assert.InDelta(t, 5e6, d.DataEventsPerMonth, 0, "a given figure is not derived")
	assert.InDelta(t, 10, d.ConfigEvaluationsPerMonth, 0)
	assert.Equal(t, map[string]bool{"s3StorageGb": true, "natGbPerMonth": true, "dataEventsPerMonth": true,
		"configEvaluationsPerMonth": true}, u.Given)
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
	}, d.assumptions())
}

func TestParseUsageErrors(t *testing.T) {
	tests := []struct {
		name, raw string
		want      sce.ValidationErrors
	}{
		{"not a map", `[1,2]`, sce.ValidationErrors{{Key: "sce:usage",
			Message: "must be a map of monthly usage figures, for example {natGbPerMonth: 50, s3StorageGb: 500}"}}},
		{"null", `null`, sce.ValidationErrors{{Key: "sce:usage",
			Message: "must be a map of monthly usage figures, for example {natGbPerMonth: 50, s3StorageGb: 500}"}}},
		{"unknown field", `{"natGb":5}`, sce.ValidationErrors{{Key: "sce:usage.natGb",
			Message: "unknown usage figure: use s3StorageGb, natGbPerMonth, s3PutRequestsPerMonth, s3GetRequestsPerMonth, " +
				"logsGbPerMonth, dataEventsPerMonth, managementEventsPerMonth, kmsRequestsPerMonth, configItemsPerMonth, " +
				"configEvaluationsPerMonth"}}},
		{"not a number", `{"s3StorageGb":"lots"}`, sce.ValidationErrors{{Key: "sce:usage.s3StorageGb",
			Message: `"lots" is not a number: give the GB, for example 500`}}},
		{"negative", `{"natGbPerMonth":-5}`, sce.ValidationErrors{{Key: "sce:usage.natGbPerMonth",
			Message: "-5 is negative: give the GB a month, 0 or more"}}},
		{"every problem, in key order", `{"logsGbPerMonth":true,"kmsRequestsPerMonth":-1,"colour":1}`, sce.ValidationErrors{
			{Key: "sce:usage.colour", Message: "unknown usage figure: use s3StorageGb, natGbPerMonth, s3PutRequestsPerMonth, " +
				"s3GetRequestsPerMonth, logsGbPerMonth, dataEventsPerMonth, managementEventsPerMonth, kmsRequestsPerMonth, " +
				"configItemsPerMonth, configEvaluationsPerMonth"},
			{Key: "sce:usage.kmsRequestsPerMonth", Message: "-1 is negative: give the requests a month, 0 or more"},
			{Key: "sce:usage.logsGbPerMonth", Message: "true is not a number: give the GB a month, for example 10"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseUsage(tt.raw)
			var verrs sce.ValidationErrors
			require.True(t, errors.As(err, &verrs), "%v", err)
			assert.Equal(t, tt.want, verrs)
		})
	}
}
