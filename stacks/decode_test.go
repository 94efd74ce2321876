package stacks

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

// decodeProblems decodes values and returns their problems as "key: message".
func decodeProblems(t *testing.T, values map[string]string) []string {
	t.Helper()
	_, err := DecodeConfig(values)
	var verrs sce.ValidationErrors
	require.True(t, errors.As(err, &verrs), "want ValidationErrors, got %v", err)
	var out []string
	for _, e := range verrs {
		out = append(out, e.Error())
	}
	return out
}

const usageNames = "s3StorageGb, natGbPerMonth, s3PutRequestsPerMonth, s3GetRequestsPerMonth, logsGbPerMonth, " +
	"dataEventsPerMonth, managementEventsPerMonth, kmsRequestsPerMonth, configItemsPerMonth, configEvaluationsPerMonth, " +
	"warehouseStorageGb, backupGb, backupChangedGbPerDay, endpointGbPerMonth, dnsQueriesPerMonth, dnsQueryLogGbPerMonth"

func TestDecodeProblems(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]string
		want   []string
	}{
		{"not a whole number", map[string]string{"sce:logRetentionDays": "a year"},
			[]string{`sce:logRetentionDays: "a year" is not a whole number`}},
		{"a whole number out of range", map[string]string{"sce:logRetentionDays": "99999999999999999999"},
			[]string{`sce:logRetentionDays: 99999999999999999999 is out of range: how long CloudWatch Logs keep the trail, flow and SSH logs: a value CloudWatch accepts, at least 90`}},
		{"a whole number past 32 bits", map[string]string{"sce:auditLockDays": "2147483648"},
			[]string{`sce:auditLockDays: 2147483648 is out of range: Object Lock (GOVERNANCE) default retention of the logs bucket, 1 to 36500 days`}},
		{"nested out of range", map[string]string{"sce:workers": `{"count":2147483648}`},
			[]string{`sce:workers.count: 2147483648 is out of range: how many workers run, 0 to 20`}},
		{"negative out of range", map[string]string{"sce:backup": `{"minRetentionDays":-99999999999999999999}`},
			[]string{`sce:backup.minRetentionDays: -1e+20 is out of range: how long daily recovery points are kept, and the vault lock's minimum retention (compliance mode, immutable 3 days after the first deployment): 35 to 36500`}},
		{"not a flag", map[string]string{"sce:suspended": "yes please"},
			[]string{`sce:suspended: "yes please" is not true or false`}},
		{"a scalar for a list", map[string]string{"sce:alertEmails": "security@example.edu"},
			[]string{`sce:alertEmails: must be a list of strings, for example ["a", "b"] or one item per line starting with "- "`}},
		{"a map for a string", map[string]string{"sce:principalInvestigator": `{"name":"Bob"}`},
			[]string{`sce:principalInvestigator: is a map, want a string: write the text on the key's line, not as a list or map ` + jsonNote}},
		{"a list for a string", map[string]string{"sce:title": `["a","b"]`, "sce:dataClass": `[]`}, []string{
			`sce:title: is a list, want a string: write the text on the key's line, not as a list or map ` + jsonNote,
			`sce:dataClass: is a list, want a string: write the text on the key's line, not as a list or map ` + jsonNote}},
		{"a number in a list", map[string]string{"sce:allowedSshCidrs": `["198.51.100.0/24",3]`},
			[]string{`sce:allowedSshCidrs[1]: must be a string`}},
		{"nested type", map[string]string{"sce:workers": `{"count":"two","instanceType":"m5.large"}`},
			[]string{`sce:workers.count: must be a whole number`}},
		{"nested fraction", map[string]string{"sce:workers": `{"count":1.5}`},
			[]string{`sce:workers.count: must be a whole number`}},
		{"a list for a map", map[string]string{"sce:workers": `[1]`},
			[]string{`sce:workers: must be a map of count, instanceType, dataVolumeSizeGiB, dataVolumeIops, dataVolumeThroughput`}},
		{"a misspelt field", map[string]string{"sce:workers": `{"cuont":1}`},
			[]string{`sce:workers.cuont: unknown field: did you mean count?`}},
		{"an unknown field", map[string]string{"sce:bastion": `{"size":"big"}`},
			[]string{`sce:bastion.size: unknown field: use instanceType`}},
		{"a map for a list of maps", map[string]string{"sce:researchers": `{"username":"x"}`},
			[]string{`sce:researchers: must be a list of maps of username, publicKey, email, admin, one item per line starting with "- "`}},
		{"list items", map[string]string{"sce:researchers": `[{"username":"a","publicKey":"k","emial":"x"},"jdoe"]`}, []string{
			`sce:researchers[0].emial: unknown field: did you mean email?`,
			`sce:researchers[1]: must be a map of username, publicKey, email, admin`}},
		{"schedule types", map[string]string{"sce:schedule": `{"timeZone":"UTC","days":"MON","stop":1900,"autoStart":"yes"}`}, []string{
			`sce:schedule.stop: must be a string`, `sce:schedule.autoStart: must be true or false`}},
		{"budget", map[string]string{"sce:budget": `{"monthlyUsd":"lots"}`}, []string{`sce:budget.monthlyUsd: must be a number`}},
		{"usage figures, in table order", map[string]string{"sce:usage": `{"natGbPerMonth":-1,"s3StorageGb":"lots","colour":3,"logsGbPerMonth":true}`}, []string{
			`sce:usage.s3StorageGb: "lots" is not a number: give the GB, for example 500`,
			`sce:usage.natGbPerMonth: -1 is negative: give the GB a month, 0 or more`,
			`sce:usage.logsGbPerMonth: true is not a number: give the GB a month, for example 10`,
			`sce:usage.colour: unknown field: use ` + usageNames}},
		{"usage beyond any project", map[string]string{"sce:usage": `{"natGbPerMonth":1e300,"s3GetRequestsPerMonth":1000000000000}`}, []string{
			`sce:usage.natGbPerMonth: 1e+300 is more than any project uses: give the GB a month, at most 1000000000000 (a trillion), for example 50`}},
		{"usage not a map", map[string]string{"sce:usage": `[1,2]`}, []string{`sce:usage: must be a map of ` + usageNames}},
		{"serverless warehouse not offered", map[string]string{"sce:warehouse": `{"kind":"serverless","baseCapacity":8}`}, []string{
			`sce:warehouse.baseCapacity: unknown field: use nodeType, nodeCount, databaseName, snapshotRetentionDays`,
			`sce:warehouse.kind: unknown field: use nodeType, nodeCount, databaseName, snapshotRetentionDays`}},
		{"kind", map[string]string{"sce:kind": "project"},
			[]string{`sce:kind: "project" is not a stack kind: use environment (the default) or baseline`}},
		{"every problem at once, in reference order", map[string]string{
			"sce:archiveRetentionYears": "six", "sce:alertEmails": "a@example.edu", "sce:workers": `{"count":"x"}`}, []string{
			`sce:alertEmails: must be a list of strings, for example ["a", "b"] or one item per line starting with "- "`,
			`sce:workers.count: must be a whole number`,
			`sce:archiveRetentionYears: "six" is not a whole number`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, decodeProblems(t, tt.values))
		})
	}
}

func TestDecodeValues(t *testing.T) {
	cfg, err := DecodeConfig(map[string]string{
		"aws:region": "us-west-2", "sce:owner": "", "sce:logRetentionDays": "731", "sce:suspended": "true",
		"sce:allowedSshCidrs": `["198.51.100.0/24"]`, "sce:workers": `{"count":2,"dataVolumeIops":6000}`,
		"sce:researchers": `[{"username":"jdoe","publicKey":"ssh-ed25519 AAAA","admin":true}]`,
		"sce:schedule":    `{"timeZone":"UTC","days":"MON-FRI","stop":"19:00"}`, "sce:budget": `{"monthlyUsd":2500.5}`,
		"sce:usage": `{"s3StorageGb":0}`, "other:key": "ignored", "sce:title": "[Pilot] vitals {phase 2}",
	})
	require.NoError(t, err)
	assert.Equal(t, "us-west-2", cfg.Region)
	assert.Equal(t, "[Pilot] vitals {phase 2}", cfg.Title, "text that is not a JSON list or map is a string")
	assert.False(t, cfg.Sets("sce:owner"), "an empty value of a required key is an unset key, which validation reports")
	assert.Equal(t, "stack", cfg.PITOf("stack"))
	assert.True(t, cfg.Sets("sce:suspended"))
	assert.Equal(t, 731, cfg.LogRetentionDays)
	assert.True(t, cfg.Suspended)
	assert.Equal(t, []string{"198.51.100.0/24"}, cfg.AllowedSSHCidrs)
	assert.Equal(t, sce.WorkerArgs{Count: 2, DataVolumeIOPS: 6000}, cfg.Workers)
	assert.Equal(t, []sce.Researcher{{Username: "jdoe", PublicKey: "ssh-ed25519 AAAA", Admin: true}}, cfg.Researchers)
	assert.Equal(t, &sce.ScheduleArgs{TimeZone: "UTC", Days: "MON-FRI", Stop: "19:00"}, cfg.Schedule)
	assert.Equal(t, sce.BudgetArgs{MonthlyUSD: 2500.5}, cfg.Budget)
	assert.True(t, cfg.Usage.Given("s3StorageGb"))
	assert.False(t, cfg.Usage.Given("natGbPerMonth"))
	assert.Equal(t, Kind(""), cfg.Kind)
	assert.False(t, cfg.Baseline())

	none, err := DecodeConfig(nil)
	require.NoError(t, err)
	assert.Nil(t, none.Schedule, "no sce:schedule, no schedule")
}

func TestUsageDefaults(t *testing.T) {
	cfg, err := DecodeConfig(map[string]string{"sce:usage": `{"s3StorageGb":0,"dataEventsPerMonth":7}`})
	require.NoError(t, err)
	u := cfg.Usage.WithDefaults()
	assert.InDelta(t, 0, u.Figure("s3StorageGb"), 0, "0 is a figure, not a missing one")
	assert.InDelta(t, 20, u.Figure("natGbPerMonth"), 0)
	assert.InDelta(t, 7, u.Figure("dataEventsPerMonth"), 0)
	assert.InDelta(t, 0, u.Figure("configEvaluationsPerMonth"), 0, "derived by the estimate")
	assert.InDelta(t, 0, u.Figure("colour"), 0)
	assert.Equal(t, Usage{S3StorageGB: 100, NATGBPerMonth: 20, S3PutRequestsPerMonth: 50000, S3GetRequestsPerMonth: 200000,
		LogsGBPerMonth: 5, ManagementEventsPerMonth: 100000, KMSRequestsPerMonth: 50000, ConfigItemsPerMonth: 1000,
		WarehouseStorageGB: 100, EndpointGBPerMonth: 5, DNSQueriesPerMonth: 1000000},
		Usage{}.WithDefaults(), "a Config built in Go gets the defaults too")
	var names []string
	for _, f := range UsageFigures() {
		names = append(names, f.Name)
	}
	assert.Equal(t, usageNames, strings.Join(names, ", "))
}

func TestNumbersAreFinite(t *testing.T) {
	var f float64
	for _, raw := range []string{"NaN", "Inf", "-infinity"} {
		assert.Equal(t, problems{{message: strconv.Quote(raw) + " is not a number"}}, number(&f).fromConfig(raw))
		var u Usage
		assert.Equal(t, problems{{message: strconv.Quote(raw) + " is not a number: give the GB, for example 500"}},
			usageFields(&u)[0].value.fromConfig(raw))
	}
}

func TestEmptyValueIsRefusedWhereItWouldBecomeTheDefault(t *testing.T) {
	assert.Equal(t, []string{
		"sce:pit: is empty, which would silently become the default, the stack name: leave the key out for the default, or write the value you mean",
		"sce:dataClass: is empty, which would silently become the default, phi: leave the key out for the default, or write the value you mean",
		"sce:workers.instanceType: is empty, which would silently become the default, m5.xlarge: leave the key out for the default, or write the value you mean",
		"sce:airlock.expireDays: is empty, which would silently become the default, 30: leave the key out for the default, or write the value you mean",
		"sce:airlock.reviewers: is empty, which would silently become the default, the admin role: leave the key out for the default, or write the value you mean",
	}, decodeProblems(t, map[string]string{
		"sce:pit": "", "sce:dataClass": "", "sce:workers": `{"count":1,"instanceType":""}`,
		"sce:airlock":       `{"reviewers":[],"recipients":[],"expireDays":null}`,
		"sce:egressDomains": "", "sce:schedule": "", "sce:title": "",
	}), "an empty value that means the default nothing (sce:egressDomains, sce:schedule, airlock recipients) or of a required key (sce:title) decodes")
}
