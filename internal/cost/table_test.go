package cost

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/english"
)

func TestDefaultTable(t *testing.T) {
	tab, err := DefaultTable()
	require.NoError(t, err)
	assert.Equal(t, "2026-12-06", tab.AsOf)
	assert.Equal(t, "USD", tab.Currency)
	assert.InDelta(t, 730, tab.HoursPerMonth, 0)
	assert.Contains(t, tab.Check, "AWS Pricing Calculator")
	require.Contains(t, tab.Regions, "us-east-1")
	require.Contains(t, tab.Regions, "us-west-2")
	assert.Equal(t, slices.Sorted(maps.Keys(tab.Regions["us-east-1"])), slices.Sorted(maps.Keys(tab.Regions["us-west-2"])),
		"both regions price the same things")
	for _, id := range slices.Sorted(maps.Keys(tab.Sources)) {
		assert.NotEmpty(t, tab.Sources[id].URL, id)
		assert.NotEmpty(t, tab.Sources[id].Note, id)
	}
}

func TestDefaultTableCoversTheIssue(t *testing.T) {
	tab, err := DefaultTable()
	require.NoError(t, err)
	for _, key := range []string{
		"ec2.instance.dedicated.m5.large", "ec2.dedicatedFee", "ebs.gp3.storage", "ebs.gp3.iops", "ebs.gp3.throughput",
		"vpc.natGateway", "vpc.natData", "vpc.publicIpv4", "kms.key", "kms.requests", "cloudtrail.dataEvents",
		"cloudtrail.managementEvents", "logs.ingestion", "logs.storage", "cloudwatch.alarm", "config.item",
		"config.evaluation", "s3.storage", "s3.put", "s3.get",
	} {
		for _, region := range []string{"us-east-1", "us-west-2"} {
			_, ok := tab.Price(region, key)
			assert.True(t, ok, "%s %s", region, key)
		}
	}
	_, ok := tab.Price("us-west-2", "ec2.instance.dedicated.c5.large")
	assert.False(t, ok, "a type the table does not know is unknown, not zero")
	_, ok = tab.Price("eu-west-1", "kms.key")
	assert.False(t, ok)
}

func TestParseTableErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"undated", "asOf: soon\nhoursPerMonth: 730\nregions: {r: {}}\n",
			`price table: asOf "soon" is not a date as YYYY-MM-DD`},
		{"no regions", "asOf: 2026-01-01\nhoursPerMonth: 730\n", "price table: no regions"},
		{"bad price", "asOf: 2026-01-01\nhoursPerMonth: 730\nregions: {r: {kms.key: {usd: -1, source: nowhere}}}\n",
			"price table: r kms.key: unknown source \"nowhere\"\nr kms.key: negative price\nr kms.key: no unit"},
		{"unsourced free type", "asOf: 2026-01-01\nhoursPerMonth: 730\nregions: {r: {}}\nfree: {aws:x/y:Y: {source: s}}\n",
			"price table: free aws:x/y:Y: unknown source \"s\""},
		{"unknown field", "asOf: 2026-01-01\nprice: 3\n", "price table: yaml: unmarshal errors:\n  line 2: field price not found in type cost.Table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTable([]byte(tt.yaml))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestPrice(t *testing.T) {
	tests := []struct {
		price Price
		qty   float64
		want  float64
		str   string
	}{
		{Price{USD: 0.106, Unit: "hour"}, 730, 77.38, "$0.106/hour"},
		{Price{USD: 1, Unit: "key-month"}, 1, 1, "$1.00/key-month"},
		{Price{USD: 0.10, Per: 100000, Unit: "data events"}, 250000, 0.25, "$0.10 per 100,000 data events"},
		{Price{USD: 0.0004, Per: 1000, Unit: "GET requests"}, 200000, 0.08, "$0.0004 per 1,000 GET requests"},
	}
	for _, tt := range tests {
		assert.InDelta(t, tt.want, tt.price.Of(tt.qty), 1e-9, tt.str)
		assert.Equal(t, tt.str, tt.price.String())
	}
}

func TestFormat(t *testing.T) {
	assert.Equal(t, "1,460.00", formatAmount(1460))
	assert.Equal(t, "1,234,567.89", formatAmount(1234567.891))
	assert.Equal(t, "0.00", formatAmount(0))
	assert.Equal(t, "-12.50", formatAmount(-12.5))
	assert.Equal(t, "238.33", formatAmountShort(55*52.0/12))
	assert.Equal(t, "730", formatAmountShort(730))
	assert.Equal(t, "100,000", formatCount(100000))
	assert.Equal(t, "0.5", formatCount(0.5))
	assert.Equal(t, "1 bucket", english.Plural(1, "bucket"))
	assert.Equal(t, "0 buckets", english.Plural(0, "bucket"))
	assert.Equal(t, "5 buckets", english.Plural(5, "bucket"))
}
