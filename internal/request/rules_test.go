package request

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckDates(t *testing.T) {
	tests := []struct {
		name               string
		approved, expires  string
		studyEnd           string
		problems, warnings []string
	}{
		{name: "current approval", approved: "2026-01-15", expires: "2027-01-14", studyEnd: "2026-12-31"},
		{name: "expires today is still valid", approved: "2025-03-01", expires: "2026-03-01", studyEnd: "2026-03-01"},
		{name: "expired yesterday", approved: "2025-03-01", expires: "2026-02-28", studyEnd: "2026-12-31",
			problems: []string{"req.yaml:8: irb.expiresOn: the IRB approval expired on 2026-02-28: renew it with the IRB and update irb.approvedOn and irb.expiresOn; sce provisions no study without a current approval"},
			warnings: []string{"req.yaml:9: studyEndDate: the study ends 2026-12-31, after the IRB approval expires (2026-02-28): renew the approval before then, or close the environment out when it expires"}},
		{name: "expiry before approval", approved: "2026-02-01", expires: "2026-01-01", studyEnd: "2026-12-31",
			problems: []string{"req.yaml:8: irb.expiresOn: 2026-01-01 is before irb.approvedOn 2026-02-01: check the dates"},
			warnings: []string{"req.yaml:9: studyEndDate: the study ends 2026-12-31, after the IRB approval expires (2026-01-01): renew the approval before then, or close the environment out when it expires"}},
		{name: "approved tomorrow", approved: "2026-03-02", expires: "2027-03-01", studyEnd: "2026-12-31",
			problems: []string{"req.yaml:7: irb.approvedOn: 2026-03-02 is after today (2026-03-01): an approval cannot be dated in the future; check the date"}},
		{name: "study ended", approved: "2026-01-15", expires: "2027-01-14", studyEnd: "2026-02-28",
			problems: []string{"req.yaml:9: studyEndDate: 2026-02-28 is in the past: a new environment needs a study end date after today"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			content := replace(t, validRequest, "approvedOn: 2026-01-15", "approvedOn: "+tt.approved)
			content = replace(t, content, "expiresOn: 2027-01-14", "expiresOn: "+tt.expires)
			content = replace(t, content, "studyEndDate: 2026-12-31", "studyEndDate: "+tt.studyEnd)
			r, err := Parse("req.yaml", []byte(content))
			require.NoError(t, err)
			problems, warnings := r.Check(today)
			assert.Equal(t, tt.problems, lines(problemsErr(problems)))
			assert.Equal(t, tt.warnings, lines(problemsErr(warnings)))
		})
	}
}

func TestAllocate(t *testing.T) {
	pool := Pool{CIDRs: []netip.Prefix{mustPrefix("10.16.0.0/12"), mustPrefix("172.16.0.0/16")}, PrefixLength: 20}
	tests := []struct {
		name string
		used []string
		want string
	}{
		{"empty", nil, "10.16.0.0/20"},
		{"a larger block covers the start", []string{"10.16.0.0/16"}, "10.17.0.0/20"},
		{"a smaller block inside the first", []string{"10.16.3.0/24"}, "10.16.16.0/20"},
		{"blocks outside the pool do not matter", []string{"10.0.0.0/16", "192.168.0.0/16"}, "10.16.0.0/20"},
		{"the existing stacks' /16s are skipped", []string{"10.16.0.0/20", "10.16.16.0/20", "10.20.0.0/16"}, "10.16.32.0/20"},
		{"the next pool block when the first is used up", []string{"10.0.0.0/8"}, "172.16.0.0/20"},
		{"full", []string{"10.0.0.0/8", "172.16.0.0/12"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var used []netip.Prefix
			for _, u := range tt.used {
				used = append(used, mustPrefix(u))
			}
			got, ok := pool.Allocate(used)
			if tt.want == "" {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tt.want, got.String())
		})
	}
}

func TestAllocateNeverPanicsOnAPrefixLengthLoadSiteRefuses(t *testing.T) {
	for _, length := range []int{0, -8, 8, 33, 40} {
		pool := Pool{CIDRs: []netip.Prefix{mustPrefix("10.16.0.0/12")}, PrefixLength: length}
		got, ok := pool.Allocate(nil)
		assert.False(t, ok, "/%d", length)
		assert.Equal(t, netip.Prefix{}, got, "/%d", length)
		assert.Equal(t, 0, pool.size(), "/%d", length)
	}
}

func TestQuotaWarningsCountOnlyTheRegionAndZone(t *testing.T) {
	var projects []Project
	for i := range 3 {
		projects = append(projects, Project{Region: "us-west-2", Zone: "us-west-2a", VPC: mustPrefix("10.20.0.0/16")},
			Project{Region: "us-east-1", Zone: "us-east-1a", VPC: mustPrefix("10.30.0.0/16")})
		_ = i
	}
	projects = append(projects, Project{Region: "us-west-2", Kind: "baseline"})
	atQuota := Quotas{VPCsPerRegion: 5, ElasticIPsPerRegion: 8, NATGatewaysPerAZ: 1}
	assert.Empty(t, quotaWarnings(projects, "us-west-2", "us-west-2b", atQuota, "site.yaml"),
		"4 projects and the default VPC are 5 VPCs, 8 Elastic IPs, 1 NAT gateway in us-west-2b: at the quotas, not above")
	got := quotaWarnings(projects, "us-west-2", "us-west-2a", Quotas{VPCsPerRegion: 10, ElasticIPsPerRegion: 10, NATGatewaysPerAZ: 3}, "site.yaml")
	assert.Equal(t, []string{`us-west-2a would hold 4 NAT gateways (one per project), more than the quota "NAT gateways per Availability Zone" ` +
		"(Amazon VPC, L-FE5A380F) of 3: request an increase in Service Quotas before `pulumi up`, or set quotas.natGatewaysPerAz in site.yaml if the account already has one"}, got)
}

func TestLoadSiteProblems(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"request key in the site", "  aws:region: us-west-2", "  aws:region: us-west-2\n  sce:vpcCidr: 10.0.0.0/16", []string{
			"SITE:3: config.sce:vpcCidr: comes from each request (or from approve), not from the site: remove it here",
		}},
		{"missing zone", "  sce:availabilityZone: us-west-2a\n", "", []string{
			"SITE:1: config.sce:availabilityZone: is missing: every project needs it, for example us-west-2a",
		}},
		{"public pool", "    - 10.16.0.0/12", "    - 100.64.0.0/10", []string{
			`SITE:10: vpcPool.cidrs[0]: "100.64.0.0/10" is not private: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`,
		}},
		{"host bits", "    - 10.16.0.0/12", "    - 10.16.0.1/12", []string{
			`SITE:10: vpcPool.cidrs[0]: "10.16.0.1/12" has host bits set: write 10.16.0.0/12`,
		}},
		{"overlapping pool blocks", "    - 10.16.0.0/12", "    - 10.16.0.0/12\n    - 10.20.0.0/16", []string{
			"SITE:11: vpcPool.cidrs[1]: 10.20.0.0/16 overlaps 10.16.0.0/12, already in the pool: list each address once",
		}},
		{"blocks larger than the pool", "  prefixLength: 20", "  prefixLength: 16\n", nil},
		{"prefix too long for sce", "  prefixLength: 20", "  prefixLength: 26", []string{
			"SITE:11: vpcPool.prefixLength: 26 is outside sce's VPC sizes: use 16 to 24",
		}},
		{"prefix zero", "  prefixLength: 20", "  prefixLength: 0", []string{
			"SITE:11: vpcPool.prefixLength: 0 is outside sce's VPC sizes: use 16 to 24",
		}},
		{"prefix negative", "  prefixLength: 20", "  prefixLength: -8", []string{
			"SITE:11: vpcPool.prefixLength: -8 is outside sce's VPC sizes: use 16 to 24",
		}},
		{"prefix not a number", "  prefixLength: 20", "  prefixLength: twenty", []string{
			`SITE:11: vpcPool.prefixLength: "twenty" is not a whole number, for example 20`,
		}},
		{"empty alert list", "  sce:alertEmails:\n    - sce-security@example.edu", "  sce:alertEmails: []", []string{
			"SITE:6: config.sce:alertEmails: is empty: list the addresses of the team that receives every project's security alerts, " +
				"for example - security@example.edu; approve adds each request's PI",
		}},
		{"empty config value", "  sce:baselineStack: account", "  sce:baselineStack: account\n  sce:logRetentionDays:", []string{
			"SITE:4: config.sce:logRetentionDays: is empty: write a value, or remove the key where docs/configuration.md gives it a default",
		}},
		{"blank config value", "  sce:baselineStack: account", "  sce:baselineStack: account\n  sce:egress: \" \"", []string{
			"SITE:4: config.sce:egress: is empty: write a value, or remove the key where docs/configuration.md gives it a default",
		}},
		{"quota zero", "  prefixLength: 20", "  prefixLength: 20\nquotas:\n  vpcsPerRegion: 0", []string{
			"SITE:13: quotas.vpcsPerRegion: 0 is not a quota: write the account's quota, 1 or more, or leave the field out for AWS's default, 5",
		}},
		{"quota negative", "  prefixLength: 20", "  prefixLength: 20\nquotas:\n  natGatewaysPerAz: -2", []string{
			"SITE:13: quotas.natGatewaysPerAz: -2 is not a quota: write the account's quota, 1 or more, or leave the field out for AWS's default, 5",
		}},
		{"quota not a number", "  prefixLength: 20", "  prefixLength: 20\nquotas:\n  elasticIpsPerRegion: many", []string{
			`SITE:13: quotas.elasticIpsPerRegion: "many" is not a whole number, for example 5`,
		}},
		{"prefix shorter than a pool block", "    - 10.16.0.0/12", "    - 10.16.0.0/22", []string{
			"SITE:11: vpcPool.prefixLength: /20 blocks do not fit in the pool block 10.16.0.0/22: use a prefix length of at least 22",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "site.yaml", replace(t, validSite, tt.old, tt.new))
			_, err := LoadSite(path)
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, expand(tt.want, "", Options{SitePath: path}), lines(err))
		})
	}
}

// TestCheckTrailsCountsTheAccount: only the stacks of the new project's
// account count (and those whose account is unknown); four of them leave
// the fifth trail, five do not.
func TestCheckTrailsCountsTheAccount(t *testing.T) {
	projects := []Project{
		{Stack: "account", Account: "123456789012"}, {Stack: "a", Account: "123456789012"}, {Stack: "b"},
		{Stack: "c", Account: "123456789012"}, {Stack: "other", Account: "210987654321"},
	}
	assert.NoError(t, checkTrails(projects, "123456789012"), "account, a, b and c hold four trails of the account")
	assert.NoError(t, checkTrails(projects[:4], ""), "four stacks")
	err := checkTrails(append(projects, Project{Stack: "d", Account: "123456789012"}), "123456789012")
	var limit *TrailLimitError
	require.ErrorAs(t, err, &limit)
	assert.Equal(t, []string{"account", "a", "b", "c", "d"}, limit.Stacks, "not other, deployed in another account")
	err = checkTrails(projects, "")
	require.ErrorAs(t, err, &limit)
	assert.Equal(t, []string{"account", "a", "b", "c", "other"}, limit.Stacks, "the new project's account is unknown: every stack counts")
}
