package request

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/stacks"
)

// shippedOptions are Options on the repository's own stacks/ directory and
// site file, as `sce request validate` uses them from the repository root.
// Validate and a dry-run Approve write nothing there.
func shippedOptions() Options {
	return Options{StacksDir: filepath.Join("..", "..", "stacks"), SitePath: filepath.Join("..", "..", "stacks", "site.yaml"),
		Build: stacks.Build, Known: stacks.KnownConfigKeys(), Today: today}
}

// shippedRequests are the example request files of the repository.
func shippedRequests(t *testing.T) []string {
	t.Helper()
	var all []string
	for _, pattern := range []string{"../../examples/requests/*.yaml", "../../examples/*/*-request.yaml"} {
		found, err := filepath.Glob(pattern)
		require.NoError(t, err)
		all = append(all, found...)
	}
	return all
}

func TestValidateShippedExamplesNextToTheShippedStacks(t *testing.T) {
	opts := shippedOptions()
	projects, err := ScanStacks(opts.StacksDir)
	require.NoError(t, err)
	site, err := LoadSite(opts.SitePath)
	require.NoError(t, err)
	next, ok := site.Pool.Allocate(usedBlocks(projects))
	require.True(t, ok, "the shipped pool has room")
	for _, v := range projects {
		require.False(t, v.VPC.IsValid() && v.VPC.Overlaps(next), "test setup: %s is free", next)
	}

	files := shippedRequests(t)
	assert.Equal(t, []string{"../../examples/requests/vitals-study.yaml", "../../examples/poc-b-omop/omop-request.yaml"}, files,
		"every example request is checked here")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			res, err := Validate(context.Background(), file, opts)
			require.NoError(t, err, "the command the docs give must pass on the shipped repository")
			assert.Equal(t, next, res.VPC, "validate plans with the block approve would allocate")
			approved, err := Approve(context.Background(), file, "validatecheck", opts, true)
			require.NoError(t, err)
			assert.Equal(t, res.VPC, approved.VPC)
			assert.Equal(t, approved.Warnings, res.Warnings, "validate warns as approve does")
		})
	}
}

func TestValidateShowsThePlansProblemsNextToTheShippedStacks(t *testing.T) {
	data, err := os.ReadFile("../../examples/requests/vitals-study.yaml")
	require.NoError(t, err)
	req := writeFile(t, t.TempDir(), "req.yaml", replace(t, string(data), "  - 198.51.100.0/24", "  - 0.0.0.0/0"))
	_, err = Validate(context.Background(), req, shippedOptions())
	require.Error(t, err)
	assert.Equal(t, []string{req + `:24: allowedClientCidrs[0]: "0.0.0.0/0" opens SSH to the whole internet: ` +
		"list your institution's or VPN's blocks instead"}, lines(err),
		"the stack vitals already holds the pool's first block: validate must not plan the request there")
}

func TestValidateRefusesAFullPool(t *testing.T) {
	opts := options(t, replace(t, validSite, "    - 10.16.0.0/12", "    - 10.16.0.0/20"))
	writeFile(t, opts.StacksDir, "Pulumi.a.yaml", stackFile("a", "10.16.0.0/20", "us-west-2a"))
	req := writeFile(t, t.TempDir(), "req.yaml", validRequest)
	_, err := Validate(context.Background(), req, opts)
	assert.EqualError(t, err, "the VPC pool is full: all 1 /20 blocks of [10.16.0.0/20] overlap existing stacks; "+
		"add a block to vpcPool.cidrs in "+opts.SitePath+", or close out a finished project and move its stack file into the stacks directory's closed/ subdirectory")
}

func TestValidateNeverReplacesAStackNamedLikeItsPlaceholder(t *testing.T) {
	opts := options(t, validSite)
	// The stack validate shares the request's IRB protocol: the check
	// against it must still run, on its own file.
	stackPath := writeFile(t, opts.StacksDir, "Pulumi.validate.yaml", stackFile("validate", "10.16.0.0/20", "us-west-2a")+
		"  sce:irbProtocol: STUDY00012345\n")
	writeFile(t, opts.StacksDir, "Pulumi.other.yaml", stackFile("validate2", "10.16.16.0/20", "us-west-2a"))
	assert.Equal(t, "validate3", placeholderPIT([]Project{{Stack: "validate", PIT: "validate"}, {Stack: "other", PIT: "validate2"}}))
	req := writeFile(t, t.TempDir(), "req.yaml", validRequest)
	res, err := Validate(context.Background(), req, opts)
	require.NoError(t, err)
	assert.Equal(t, "10.16.32.0/20", res.VPC.String(), "validate and validate2 hold the first two blocks")
	assert.Equal(t, []string{req + `:6: irb.protocol: "STUDY00012345" is also the IRB protocol of stack validate (` + stackPath +
		":6): right when one approved study runs in several environments; otherwise correct the protocol of one of them",
		"us-west-2 would hold 6 Elastic IPs (2 per project: its NAT gateway's and its bastion's), more than the quota " +
			"\"EC2-VPC Elastic IPs\" (Amazon EC2, L-0263D0A3) of 5: request an increase in Service Quotas before `pulumi up`, " +
			"or set quotas.elasticIpsPerRegion in " + opts.SitePath + " if the account already has one"}, res.Warnings)
}
