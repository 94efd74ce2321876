package request

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/stacks"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

// testdata is the absolute path of a file in testdata/, taken before a
// test changes the working directory.
func testdata(t *testing.T, name string) string {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("testdata", name))
	require.NoError(t, err)
	return path
}

// repoCheckout copies the shipped stack files, site file and example
// request into a temporary directory laid out as the repository, and makes
// it the working directory, so that paths read as they do for IT.
func repoCheckout(t *testing.T) Options {
	t.Helper()
	root := t.TempDir()
	for _, path := range []string{"stacks/Pulumi.account.yaml", "stacks/Pulumi.hipaa.yaml", "stacks/Pulumi.omop.yaml", "stacks/site.yaml", exampleRequest} {
		data, err := os.ReadFile(filepath.Join("..", "..", path))
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Join(root, filepath.Dir(path)), 0o755))
		writeFile(t, root, path, string(data))
	}
	t.Chdir(root)
	return Options{StacksDir: "stacks", SitePath: "stacks/site.yaml", Build: stacks.Build,
		Known: stacks.KnownConfigKeys(), Today: today}
}

const exampleRequest = "examples/requests/vitals-study.yaml"

func TestApproveExampleGoldenAndPlans(t *testing.T) {
	want := testdata(t, "vitals.golden")
	opts := repoCheckout(t)
	res, err := Approve(context.Background(), exampleRequest, "vitals", opts, false)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(opts.StacksDir, "Pulumi.vitals.yaml"), res.Path)
	assert.Equal(t, "10.16.0.0/20", res.VPC.String())
	assert.Equal(t, []string{exampleRequest + `:13: irb.protocol: "STUDY00012345" is also the IRB protocol of stack hipaa ` +
		"(stacks/Pulumi.hipaa.yaml:10): right when one approved study runs in several environments; otherwise correct the " +
		"protocol of one of them", "us-west-2 would hold 6 Elastic IPs (2 per project: its NAT gateway's and its bastion's), more than the quota " +
		"\"EC2-VPC Elastic IPs\" (Amazon EC2, L-0263D0A3) of 5: request an increase in Service Quotas before `pulumi up`, " +
		"or set quotas.elasticIpsPerRegion in stacks/site.yaml if the account already has one"}, res.Warnings,
		"the request's IRB protocol is hipaa's; the region holds hipaa, omop and vitals")
	written, err := os.ReadFile(res.Path)
	require.NoError(t, err)
	assert.Equal(t, res.Data, written)
	golden(t, want, written)

	p, err := stackfile.Plan(context.Background(), opts.StacksDir, "vitals", stacks.Build, stacks.KnownConfigKeys())
	require.NoError(t, err)
	assert.Equal(t, "vitals", p.Stack)
	assert.NotEmpty(t, p.Resources)
}

func TestGenerateWithoutComputeKeys(t *testing.T) {
	want := testdata(t, "vitals-no-compute-keys.golden")
	repoCheckout(t)
	req, err := Load(exampleRequest)
	require.NoError(t, err)
	site, err := LoadSite("stacks/site.yaml")
	require.NoError(t, err)
	var known []string
	for _, k := range stacks.KnownConfigKeys() {
		if k != keyResearchers && k != keyWorkers {
			known = append(known, k)
		}
	}
	g := &generator{req: req, site: site, pit: "vitals", vpc: mustPrefix("10.16.0.0/20"), known: known, today: today}
	gen, err := g.generate()
	require.NoError(t, err)
	assert.Equal(t, []string{"researchers", "workers", "costCenter"}, gen.unmapped)
	golden(t, want, gen.data)
}

func TestApproveSkipsEveryUsedBlock(t *testing.T) {
	opts := options(t, validSite)
	writeFile(t, opts.StacksDir, "Pulumi.a.yaml", stackFile("a", "10.16.0.0/16", "us-west-2a"))
	writeFile(t, opts.StacksDir, "Pulumi.b.yaml", stackFile("b", "10.17.0.0/24", "us-west-2b"))
	writeFile(t, opts.StacksDir, "Pulumi.c.yaml", stackFile("c", "10.17.16.0/20", "us-west-2b"))
	req := writeFile(t, t.TempDir(), "req.yaml", validRequest)
	res, err := Approve(context.Background(), req, "dd", opts, true)
	require.NoError(t, err)
	assert.Equal(t, "10.17.32.0/20", res.VPC.String())
	assert.Empty(t, res.Path, "a dry run writes nothing")
	assert.NoFileExists(t, filepath.Join(opts.StacksDir, "Pulumi.dd.yaml"))
}

func TestApproveRefuses(t *testing.T) {
	tests := []struct {
		name    string
		pit     string
		request func(t *testing.T) string
		site    string
		stacks  map[string]string
		want    []string
	}{
		{name: "PIT used as a stack name", pit: "hipaa", stacks: map[string]string{"hipaa": stackFile("hipaa", "10.20.0.0/16", "us-west-2a")},
			want: []string{`--pit: "hipaa" is already used by stack hipaa (STACKS/Pulumi.hipaa.yaml): choose another PIT`}},
		{name: "PIT used by another stack's sce:pit", pit: "poc", stacks: map[string]string{"first": stackFile("poc", "10.20.0.0/16", "us-west-2a")},
			want: []string{`--pit: "poc" is already used by stack first (STACKS/Pulumi.first.yaml): choose another PIT`}},
		{name: "PIT of a closed-out project", pit: "old", stacks: map[string]string{"closed/Pulumi.old": stackFile("old", "10.20.0.0/16", "us-west-2a")},
			want: []string{`--pit: "old" was used by the closed-out stack old (STACKS/closed/Pulumi.old.yaml), whose retained resources (its backup vault, ` +
				`and what else its close-out report lists as retainOnDelete) keep their names in the account: a new stack with this PIT would ` +
				`fail at them; choose another PIT`}},
		{name: "sce:pit of a closed-out project", pit: "poc", stacks: map[string]string{"closed/Pulumi.first": stackFile("poc", "10.20.0.0/16", "us-west-2a")},
			want: []string{`--pit: "poc" was used by the closed-out stack first (STACKS/closed/Pulumi.first.yaml), whose retained resources (its backup vault, ` +
				`and what else its close-out report lists as retainOnDelete) keep their names in the account: a new stack with this PIT would ` +
				`fail at them; choose another PIT`}},
		{name: "expired IRB approval", pit: "new", request: func(t *testing.T) string {
			return replace(t, validRequest, "expiresOn: 2027-01-14", "expiresOn: 2026-02-28")
		}, want: []string{
			"REQ:8: irb.expiresOn: the IRB approval expired on 2026-02-28: renew it with the IRB and update irb.approvedOn and irb.expiresOn; sce provisions no study without a current approval",
		}},
		{name: "invalid PIT", pit: "New_Project", want: []string{
			`--pit: "New_Project" must start with a lowercase letter, contain only a-z, 0-9 and '-', and not end with '-'`,
		}},
		{name: "SSH open to the world", pit: "new", request: func(t *testing.T) string {
			return replace(t, validRequest, "  - 198.51.100.0/24", "  - 198.51.100.0/24\n  - 0.0.0.0/0")
		}, want: []string{
			`REQ:15: allowedClientCidrs[1]: "0.0.0.0/0" opens SSH to the whole internet: list your institution's or VPN's blocks instead`,
		}},
		{name: "SSH open to half the internet", pit: "new", request: func(t *testing.T) string {
			return replace(t, validRequest, "  - 198.51.100.0/24", "  - 198.51.100.0/24\n  - 128.0.0.0/1")
		}, want: []string{
			`REQ:15: allowedClientCidrs[1]: "128.0.0.0/1" is /1, broader than the /8 sce takes, and opens SSH to 1/2 of all IPv4 addresses: ` +
				`list your institution's or VPN's blocks instead, each /8 or narrower`,
		}},
		{name: "site without admin role", pit: "new", site: replace(t, validSite, "  sce:adminRoleArn: arn:aws:iam::123456789012:role/sce-admin\n", ""),
			want: []string{
				"SITE: config.sce:adminRoleArn: missing from this file: is required: the ARN of the IAM role IT deploys and closes out with, for example arn:aws:iam::123456789012:role/sce-admin",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := tt.site
			if site == "" {
				site = validSite
			}
			opts := options(t, site)
			for name, content := range tt.stacks {
				if dir, file := filepath.Split(name); dir != "" {
					require.NoError(t, os.MkdirAll(filepath.Join(opts.StacksDir, dir), 0o755))
					writeFile(t, filepath.Join(opts.StacksDir, dir), file+".yaml", content)
					continue
				}
				writeFile(t, opts.StacksDir, "Pulumi."+name+".yaml", content)
			}
			content := validRequest
			if tt.request != nil {
				content = tt.request(t)
			}
			req := writeFile(t, t.TempDir(), "req.yaml", content)
			_, err := Approve(context.Background(), req, tt.pit, opts, false)
			require.Error(t, err)
			assert.Equal(t, expand(tt.want, req, opts), lines(err))
			assert.NoFileExists(t, filepath.Join(opts.StacksDir, "Pulumi."+tt.pit+".yaml"+".tmp"))
		})
	}
}

func TestApproveRefusesFullPool(t *testing.T) {
	site := replace(t, validSite, "    - 10.16.0.0/12", "    - 10.16.0.0/19")
	opts := options(t, site)
	writeFile(t, opts.StacksDir, "Pulumi.a.yaml", stackFile("a", "10.16.0.0/20", "us-west-2a"))
	writeFile(t, opts.StacksDir, "Pulumi.b.yaml", stackFile("b", "10.16.24.0/24", "us-west-2a"))
	req := writeFile(t, t.TempDir(), "req.yaml", validRequest)
	_, err := Approve(context.Background(), req, "c", opts, false)
	assert.EqualError(t, err, "the VPC pool is full: all 2 /20 blocks of [10.16.0.0/19] overlap existing stacks; "+
		"add a block to vpcPool.cidrs in "+opts.SitePath+", or close out a finished project and move its stack file into the stacks directory's closed/ subdirectory")
}

func TestApproveRefusesAZeroPrefixLength(t *testing.T) {
	opts := options(t, replace(t, validSite, "  prefixLength: 20", "  prefixLength: 0"))
	req := writeFile(t, t.TempDir(), "req.yaml", validRequest)
	_, err := Approve(context.Background(), req, "c", opts, false)
	require.Error(t, err)
	assert.Equal(t, []string{opts.SitePath + ":11: vpcPool.prefixLength: 0 is outside sce's VPC sizes: use 16 to 24"}, lines(err))
	assert.NoFileExists(t, filepath.Join(opts.StacksDir, "Pulumi.c.yaml"))
}

func TestApproveRefusesUnreadableStack(t *testing.T) {
	opts := options(t, validSite)
	writeFile(t, opts.StacksDir, "Pulumi.a.yaml", stackFile("a", "10.16.0.0/33", "us-west-2a"))
	req := writeFile(t, t.TempDir(), "req.yaml", validRequest)
	_, err := Approve(context.Background(), req, "c", opts, false)
	assert.EqualError(t, err, filepath.Join(opts.StacksDir, "Pulumi.a.yaml")+
		`:4: sce:vpcCidr: "10.16.0.0/33" is not a CIDR block, so the blocks in use are unknown; fix it first`)
}

func TestApproveWarnsAboutQuotas(t *testing.T) {
	opts := options(t, validSite+"quotas:\n  vpcsPerRegion: 4\n  elasticIpsPerRegion: 7\n  natGatewaysPerAz: 3\n")
	for i, name := range []string{"p1", "p2", "p3"} {
		writeFile(t, opts.StacksDir, "Pulumi."+name+".yaml", stackFile(name, "10.20."+string(rune('0'+i))+".0/24", "us-west-2a"))
	}
	req := writeFile(t, t.TempDir(), "req.yaml", validRequest)
	res, err := Approve(context.Background(), req, "p4", opts, false)
	require.NoError(t, err)
	site := opts.SitePath
	assert.Equal(t, []string{
		`us-west-2 would hold 5 VPCs (4 sce projects and the default VPC), more than the quota "VPCs per Region" (Amazon VPC, L-F678F1CE) of 4: request an increase in Service Quotas before ` + "`pulumi up`" + `, or set quotas.vpcsPerRegion in ` + site + ` if the account already has one`,
		`us-west-2 would hold 8 Elastic IPs (2 per project: its NAT gateway's and its bastion's), more than the quota "EC2-VPC Elastic IPs" (Amazon EC2, L-0263D0A3) of 7: request an increase in Service Quotas before ` + "`pulumi up`" + `, or set quotas.elasticIpsPerRegion in ` + site + ` if the account already has one`,
		`us-west-2a would hold 4 NAT gateways (one per project), more than the quota "NAT gateways per Availability Zone" (Amazon VPC, L-FE5A380F) of 3: request an increase in Service Quotas before ` + "`pulumi up`" + `, or set quotas.natGatewaysPerAz in ` + site + ` if the account already has one`,
	}, res.Warnings)
	assert.FileExists(t, res.Path)
}

// TestApproveRefusesASixthTrail: the baseline and four projects hold the
// five trails CloudTrail allows; a fifth project is refused, in any region,
// by validate and approve alike, and nothing is written.
func TestApproveRefusesASixthTrail(t *testing.T) {
	opts := options(t, validSite)
	for i, name := range []string{"p1", "p2", "p3"} {
		writeFile(t, opts.StacksDir, "Pulumi."+name+".yaml", stackFile(name, "10.20."+string(rune('0'+i))+".0/24", "us-west-2a"))
	}
	// A trail of another region counts too: every sce trail is multi-Region.
	writeFile(t, opts.StacksDir, "Pulumi.p4.yaml", replace(t, stackFile("p4", "10.30.0.0/24", "us-east-1a"), "us-west-2", "us-east-1"))
	req := writeFile(t, t.TempDir(), "req.yaml", validRequest)
	want := "the account would hold 6 CloudTrail trails, one for each of the stacks account, p1, p2, p3, p4 and one for the new project: " +
		"CloudTrail allows 5 trails per Region, a multi-Region trail counts in every Region, and AWS does not raise this quota; " +
		"close out a finished project and move its stack file into the stacks directory's closed/ subdirectory (docs/lifecycle.md), or give the project its own AWS account with its own baseline stack, stacks directory and site file"
	_, err := Approve(context.Background(), req, "p5", opts, false)
	assert.EqualError(t, err, want)
	var limit *TrailLimitError
	assert.ErrorAs(t, err, &limit)
	_, err = Validate(context.Background(), req, opts)
	assert.EqualError(t, err, want)
	assert.NoFileExists(t, filepath.Join(opts.StacksDir, "Pulumi.p5.yaml"))

	require.NoError(t, os.Remove(filepath.Join(opts.StacksDir, "Pulumi.p4.yaml")))
	_, err = Approve(context.Background(), req, "p5", opts, true)
	assert.NoError(t, err, "the baseline and three projects leave the fifth trail for the new one")
}

func TestValidate(t *testing.T) {
	opts := options(t, validSite)
	content := replace(t, validRequest, "studyEndDate: 2026-12-31", "studyEndDate: 2027-06-30")
	req := writeFile(t, t.TempDir(), "req.yaml", content)
	res, err := Validate(context.Background(), req, opts)
	require.NoError(t, err)
	assert.Equal(t, []string{req + ":9: studyEndDate: the study ends 2027-06-30, after the IRB approval expires (2027-01-14): " +
		"renew the approval before then, or close the environment out when it expires"}, res.Warnings)
	assert.Empty(t, res.Path)
	entries, err := os.ReadDir(opts.StacksDir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "validate writes no stack file: the baseline and site files only")
}

func TestValidateReportsEveryProblem(t *testing.T) {
	opts := options(t, validSite)
	content := replace(t, validRequest, "approvedOn: 2026-01-15", "approvedOn: 2026-04-01")
	content = replace(t, content, "studyEndDate: 2026-12-31", "studyEndDate: 2025-12-31")
	content = replace(t, content, "dataClass: phi", "dataClass: secret")
	content = replace(t, content, "monthlyBudgetUsd: 1500", "monthlyBudgetUsd: 0")
	content = replace(t, content, "  instanceType: m5.xlarge", "  instanceType: t3.large")
	content = replace(t, content, "    sshPublicKey: "+keyA, "    sshPublicKey: -----BEGIN OPENSSH PRIVATE KEY-----")
	req := writeFile(t, t.TempDir(), "req.yaml", content)
	_, err := Validate(context.Background(), req, opts)
	require.Error(t, err)
	got := lines(err)
	assert.Equal(t, expand([]string{
		"REQ:7: irb.approvedOn: 2026-04-01 is after today (2026-03-01): an approval cannot be dated in the future; check the date",
		"REQ:9: studyEndDate: 2025-12-31 is in the past: a new environment needs a study end date after today",
		"REQ:12: monthlyBudgetUsd: 0 is not a budget: give the monthly amount in US dollars, more than 0",
	}, req, opts), got[:3])
	assert.Equal(t, expand([]string{
		"REQ:7: irb.approvedOn: 2026-04-01 is after today (2026-03-01): an approval cannot be dated in the future; check the date",
		"REQ:9: studyEndDate: 2025-12-31 is in the past: a new environment needs a study end date after today",
		"REQ:12: monthlyBudgetUsd: 0 is not a budget: give the monthly amount in US dollars, more than 0",
		`REQ:10: dataClass: "secret" is not a data class: use one of phi, limited, deidentified`,
	}, req, opts), got[:4])
	// The stack's own checks (sce/validate*.go), reported on the request's lines.
	require.Len(t, got, 6)
	assert.Contains(t, got[4], req+`:21: workers.instanceType: "t3.large" `)
	assert.Contains(t, got[5], req+":18: researchers[0].sshPublicKey: ")
	assert.Contains(t, got[5], "PRIVATE key")
}

// expand replaces REQ, SITE and STACKS in messages with the test's paths.
func expand(msgs []string, req string, opts Options) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		m = replaceAll(m, "REQ", req)
		m = replaceAll(m, "SITE", opts.SitePath)
		out[i] = replaceAll(m, "STACKS", opts.StacksDir)
	}
	return out
}

func TestValidateBlamesABadPIAddressOnTheRequest(t *testing.T) {
	opts := options(t, validSite)
	content := replace(t, validRequest, "  email: k.researcher@example.edu\nirb:", "  email: k.researcher@example\nirb:")
	content = replace(t, content, "    email: k.researcher@example.edu", "    email: k.r@example.edu")
	req := writeFile(t, t.TempDir(), "req.yaml", content)
	_, err := Validate(context.Background(), req, opts)
	require.Error(t, err)
	assert.Equal(t, []string{
		req + `:4: principalInvestigator.email: "k.researcher@example" is not an e-mail address such as security@example.edu`,
	}, lines(err), "the PI's address joins sce:alertEmails, but the site file is not where to fix it")
}

func TestValidateRefusesARegionOtherThanTheBaselines(t *testing.T) {
	opts := options(t, replace(t, replace(t, validSite, "aws:region: us-west-2", "aws:region: us-east-1"), "us-west-2a", "us-east-1a"))
	req := writeFile(t, t.TempDir(), "req.yaml", validRequest)
	_, err := Validate(context.Background(), req, opts)
	require.Error(t, err)
	assert.Equal(t, []string{opts.SitePath + `:2: config.aws:region: "us-east-1" is not the region of the baseline stack account ` +
		"(us-west-2, " + filepath.Join(opts.StacksDir, "Pulumi.account.yaml") + ":9): a baseline's AWS Config recorder and regional " +
		"controls cover its own region only; deploy this project in us-west-2, or deploy a baseline stack for us-east-1 and name it " +
		"in sce:baselineStack"}, lines(err), "the stacks directory's path, not the scratch copy's")
}

func TestRefusesADataVolumeOfZeroOrLess(t *testing.T) {
	for _, tt := range []struct{ size, want string }{
		{"0", "0 GiB means nothing here and would silently become the default: leave the key out for the default, 100 GiB, " +
			"or write the number of GiB you mean"},
		{"-5", "-5 is outside what gp3 offers: use 1 to 16384 GiB"},
	} {
		t.Run(tt.size, func(t *testing.T) {
			opts := options(t, validSite)
			req := writeFile(t, t.TempDir(), "req.yaml", replace(t, validRequest, "dataVolumeSizeGiB: 200", "dataVolumeSizeGiB: "+tt.size))
			want := []string{req + ":22: workers.dataVolumeSizeGiB: " + tt.want}
			_, err := Validate(context.Background(), req, opts)
			require.Error(t, err)
			assert.Equal(t, want, lines(err))
			_, err = Approve(context.Background(), req, "dv", opts, true)
			require.Error(t, err, "a dry run must not drop the key and print a 100 GiB stack file")
			assert.Equal(t, want, lines(err))
		})
	}
}

// TestApproveReusesTheBlockOfAClosedOutProject: a closed-out project's stack
// file (under closed/) no longer holds its VPC block: its VPC is gone.
func TestApproveReusesTheBlockOfAClosedOutProject(t *testing.T) {
	opts := options(t, validSite)
	closed := closedDir(t, opts)
	writeFile(t, closed, "Pulumi.old.yaml", stackFile("old", "10.16.0.0/20", "us-west-2a"))
	req := writeFile(t, t.TempDir(), "req.yaml", validRequest)
	res, err := Approve(context.Background(), req, "new", opts, true)
	require.NoError(t, err)
	assert.Equal(t, "10.16.0.0/20", res.VPC.String())
}

// TestApproveRefusesAnUnreadableClosedStack: a closed-out stack file that
// is not YAML hides the PIT it holds, so approve stops instead of letting a
// new project take it.
func TestApproveRefusesAnUnreadableClosedStack(t *testing.T) {
	opts := options(t, validSite)
	closed := closedDir(t, opts)
	writeFile(t, closed, "Pulumi.bad.yaml", "config: [\n")
	_, err := Approve(context.Background(), writeFile(t, t.TempDir(), "req.yaml", validRequest), "new", opts, true)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "closed-out stack bad cannot be read, so its PIT is unknown; fix it first: ")
}

// TestApproveReadsOnlyThePITOfAClosedStack: a closed-out stack file is read
// for its PIT alone, so one an older sce wrote (a key this one no longer
// knows) still holds its PIT, and one without sce:pit its stack name.
func TestApproveReadsOnlyThePITOfAClosedStack(t *testing.T) {
	opts := options(t, validSite)
	closed := closedDir(t, opts)
	writeFile(t, closed, "Pulumi.older.yaml", "config:\n  sce:pit: oldpit\n  sce:retiredKey: 1\n")
	writeFile(t, closed, "Pulumi.plain.yaml", "config:\n  aws:region: us-west-2\n")
	req := writeFile(t, t.TempDir(), "req.yaml", validRequest)
	for pit, stack := range map[string]string{"oldpit": "older", "plain": "plain"} {
		_, err := Approve(context.Background(), req, pit, opts, true)
		require.Error(t, err, pit)
		assert.Contains(t, err.Error(), fmt.Sprintf("--pit: %q was used by the closed-out stack %s (", pit, stack))
	}
	_, err := Approve(context.Background(), req, "older", opts, true)
	require.Error(t, err, "the stack name of a closed stack stays taken too")
	assert.Contains(t, err.Error(), `--pit: "older" was used by the closed-out stack older (`)
}

// closedDir makes the stacks directory's ClosedDir and returns its path.
func closedDir(t *testing.T, opts Options) string {
	t.Helper()
	dir := filepath.Join(opts.StacksDir, ClosedDir)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	return dir
}
