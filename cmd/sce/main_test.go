package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
	"github.com/sce-dev/sce/stacks"
)

type testComponent struct{ pulumi.ResourceState }

// testProgram stands in for stacks.Build: it reads the typed config as
// stacks.Build does, then builds a component with a VPC and a protected
// bucket, and validates sce:pit.
func testProgram(ctx *pulumi.Context) (pulumi.Map, error) {
	cfg, err := stacks.LoadConfig(ctx)
	if err != nil {
		return nil, err
	}
	pit := cfg.PIT
	if pit == "bad" {
		return nil, sce.ValidationErrors{{Key: "sce:pit", Message: `"bad" is not allowed: pick another name`}}
	}
	comp := &testComponent{}
	if err := ctx.RegisterComponentResource("sce:index:Environment", pit, comp); err != nil {
		return nil, err
	}
	vpc, err := ec2.NewVpc(ctx, pit+"-vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.20.0.0/16")},
		pulumi.Parent(comp))
	if err != nil {
		return nil, err
	}
	bucket, err := s3.NewBucketV2(ctx, pit+"-data", &s3.BucketV2Args{Bucket: pulumi.String(pit + "-data")},
		pulumi.Parent(comp), pulumi.Protect(true), pulumi.RetainOnDelete(true))
	if err != nil {
		return nil, err
	}
	return pulumi.Map{"vpcId": vpc.ID(), "bucketArn": bucket.Arn, "token": pulumi.ToSecret(pulumi.String("s3cr3t"))}, nil
}

func testApp() app {
	return app{build: testProgram, knownKeys: []string{"aws:region", "sce:pit", "sce:vpcCidr"}}
}

// stacksDir writes stack files (stack name -> YAML) into a temporary directory.
func stacksDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for stack, yaml := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "Pulumi."+stack+".yaml"), []byte(yaml), 0o600))
	}
	return dir
}

const devStack = "config:\n  aws:region: us-west-2\n  sce:pit: dev\n"

// execute runs sce in-process and returns stdout, stderr and the exit code.
func execute(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr, testApp())
	return stdout.String(), stderr.String(), code
}

func TestPlanJSONEqualsEngine(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	stdout, stderr, code := execute(t, "plan", "dev", "--stacks", dir, "--format", "json")
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stderr)

	p, err := stackfile.Plan(context.Background(), dir, "dev", testProgram, testApp().knownKeys)
	require.NoError(t, err)
	want, err := p.JSON()
	require.NoError(t, err)
	assert.Equal(t, string(want), stdout)
	assert.NotContains(t, stdout, "s3cr3t")
}

func TestPlanTable(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	stdout, stderr, code := execute(t, "plan", "dev", "--stacks", dir)
	require.Equal(t, 0, code, stderr)
	for _, want := range []string{
		"project  sce\nstack    dev\nregion   us-west-2\n" + offlineNotice + "\n",
		"\ncomponents (1)\n  dev  sce:index:Environment\n",
		"\nnetwork (1)\n  dev-vpc  aws:ec2:Vpc\n",
		"\nstorage (1)\n  dev-data  aws:s3:BucketV2  protect retain\n",
		"\noutputs\n  bucketArn  arn:aws:s3:::dev-data\n",
		"  token      [secret]\n",
		"\n3 resources (2 custom)\n",
	} {
		assert.Contains(t, stdout, want)
	}
	assert.NotContains(t, stdout, "s3cr3t")
	assert.NotContains(t, stdout, " \n", "no trailing blanks")
}

func TestPlanOut(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	out := filepath.Join(t.TempDir(), "dev.json")
	stdout, stderr, code := execute(t, "plan", "dev", "--stacks", dir, "-f", "json", "--out", out)
	require.Equal(t, 0, code, stderr)
	assert.Empty(t, stdout)
	assert.Equal(t, "wrote the offline plan of stack dev to "+out+" (3 resources)\n", stderr)
	p, err := plan.Load(out)
	require.NoError(t, err)
	assert.Equal(t, "dev", p.Stack)
}

func TestPlanErrors(t *testing.T) {
	dir := stacksDir(t, map[string]string{
		"dev":     devStack,
		"typo":    "config:\n  aws:region: us-west-2\n  sce:vpcCdir: 10.0.0.0/16\n  sce:colour: blue\n",
		"invalid": "config:\n  aws:region: us-west-2\n  sce:pit: bad\n",
	})
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"unknown keys", []string{"plan", "typo", "--stacks", dir}, 2,
			dir + "/Pulumi.typo.yaml:3: sce:vpcCdir: unknown config key: did you mean sce:vpcCidr?\n" +
				dir + "/Pulumi.typo.yaml:4: sce:colour: unknown config key: docs/configuration.md lists " +
				"the keys a stack may set\n"},
		{"validation error", []string{"plan", "invalid", "--stacks", dir}, 2,
			dir + "/Pulumi.invalid.yaml:3: sce:pit: \"bad\" is not allowed: pick another name\n"},
		{"unknown stack", []string{"plan", "prod", "--stacks", dir}, 2,
			"sce: no stack \"prod\": " + dir + "/Pulumi.prod.yaml does not exist; stacks there: dev, invalid, typo\n"},
		{"bad format", []string{"plan", "dev", "--stacks", dir, "--format", "xml"}, 2,
			"sce: unknown --format \"xml\": use table or json\n"},
		{"no stack argument", []string{"plan"}, 2, "sce: accepts 1 arg(s), received 0: usage: sce plan <stack> | --all [flags]\n"},
		{"unknown flag", []string{"plan", "dev", "--colour"}, 2, "sce: unknown flag: --colour\n"},
		{"unknown command", []string{"plna"}, 2, "sce: unknown command \"plna\" for \"sce\"; did you mean plan?\n"},
		{"out in no folder", []string{"plan", "dev", "--stacks", dir, "--out", filepath.Join(dir, "no", "x.json")}, 2,
			"sce: --out " + filepath.Join(dir, "no", "x.json") + ": folder " + filepath.Join(dir, "no") +
				" does not exist: create it, or write the file elsewhere\n"},
		{"out is a folder", []string{"plan", "dev", "--stacks", dir, "--out", dir}, 2,
			"sce: --out " + dir + ": is a folder: give a file name, for example " + filepath.Join(dir, "dev-plan.txt") + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := execute(t, tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Equal(t, tt.stderr, stderr)
			assert.Empty(t, stdout)
		})
	}
}

func TestHelp(t *testing.T) {
	stdout, _, code := execute(t)
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "plan        Show what a stack would create, without contacting AWS")
}

// TestPlanChecksOutFirst: an --out file sce cannot write is refused before
// the stack is planned; the check creates no file, and a plan that fails
// leaves an earlier file as it was.
func TestPlanChecksOutFirst(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack, "invalid": "config:\n  aws:region: us-west-2\n  sce:pit: bad\n"})
	a := testApp()
	planned := 0
	a.build = func(ctx *pulumi.Context) (pulumi.Map, error) {
		planned++
		return testProgram(ctx)
	}
	out := filepath.Join(t.TempDir(), "no", "dev.json")
	_, stderr, code := executeWith(t, a, "plan", "dev", "--stacks", dir, "--out", out)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "sce: --out "+out+": folder "+filepath.Dir(out)+" does not exist: create it, or write the file elsewhere\n", stderr)
	assert.Zero(t, planned, "the stack was planned before --out was checked")

	outDir := t.TempDir()
	out = filepath.Join(outDir, "invalid.json")
	_, _, code = executeWith(t, a, "plan", "invalid", "--stacks", dir, "--out", out)
	assert.Equal(t, exitUsage, code)
	assert.NoFileExists(t, out)
	entries, err := os.ReadDir(outDir)
	require.NoError(t, err)
	assert.Empty(t, entries, "the check left its probe behind")

	require.NoError(t, os.WriteFile(out, []byte("earlier plan\n"), 0o600))
	_, _, code = executeWith(t, a, "plan", "invalid", "--stacks", dir, "--out", out)
	assert.Equal(t, exitUsage, code)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, "earlier plan\n", string(data))

	// refusedOut plans with --out out and checks the refusal: exit 2, want
	// on stderr, nothing on stdout, and nothing planned.
	refusedOut := func(t *testing.T, out, want string) {
		t.Helper()
		planned = 0
		stdout, stderr, code := executeWith(t, a, "plan", "dev", "--stacks", dir, "--out", out)
		assert.Equal(t, exitUsage, code)
		assert.Equal(t, want, stderr)
		assert.Empty(t, stdout)
		assert.Zero(t, planned, "the stack was planned before --out was checked")
	}
	t.Run("parent_is_a_file", func(t *testing.T) {
		parent := filepath.Join(t.TempDir(), "plans")
		require.NoError(t, os.WriteFile(parent, nil, 0o600))
		out := filepath.Join(parent, "dev.json")
		refusedOut(t, out, "sce: --out "+out+": "+parent+" is not a folder\n")
	})
	// Root may write in any folder, so as root the case runs itself again
	// as the user nobody.
	t.Run("read_only_folder", func(t *testing.T) {
		if os.Geteuid() == 0 {
			runAsNobody(t)
			return
		}
		ro := t.TempDir()
		require.NoError(t, os.Chmod(ro, 0o555))
		t.Cleanup(func() { os.Chmod(ro, 0o755) })
		out := filepath.Join(ro, "dev.json")
		refusedOut(t, out, "sce: --out "+out+": cannot write in folder "+ro+": permission denied\n")
		assert.NoFileExists(t, out)
	})
}

// TestPlanRefusesReadOnlyOut: an --out file sce may not write is refused
// before planning, without being truncated. Root may write any file, so
// as root the test runs itself again as the user nobody.
func TestPlanRefusesReadOnlyOut(t *testing.T) {
	if os.Geteuid() == 0 {
		runAsNobody(t)
		return
	}
	dir := stacksDir(t, map[string]string{"dev": devStack})
	out := filepath.Join(t.TempDir(), "dev.json")
	require.NoError(t, os.WriteFile(out, []byte("earlier plan\n"), 0o400))
	stdout, stderr, code := execute(t, "plan", "dev", "--stacks", dir, "--out", out)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "sce: --out "+out+": cannot write the file: permission denied\n", stderr)
	assert.Empty(t, stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, "earlier plan\n", string(data))
}
