package plan

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/awstype"
	"github.com/sce-dev/sce/internal/cputime"
)

const (
	demoStackURN = "urn:pulumi:test::sce::pulumi:pulumi:Stack::sce-test"
	demoURN      = "urn:pulumi:test::sce::test:index:Demo::demo"
	vpcURN       = "urn:pulumi:test::sce::test:index:Demo$aws:ec2/vpc:Vpc::demo-vpc"
	subnetURN    = "urn:pulumi:test::sce::test:index:Demo$aws:ec2/subnet:Subnet::demo-private"
	bucketURN    = "urn:pulumi:test::sce::test:index:Demo$aws:s3/bucketV2:BucketV2::demo-data"
	tokenURN     = "urn:pulumi:test::sce::test:index:Demo$aws:ssm/parameter:Parameter::demo-token"
)

func runDemo(t testing.TB) *Plan {
	t.Helper()
	p, err := Run(context.Background(), RunOptions{
		Stack:   "test",
		Config:  map[string]string{"aws:region": "us-west-2"},
		Program: demoProgram,
	})
	require.NoError(t, err)
	return p
}

func TestRunRecordsResources(t *testing.T) {
	p := runDemo(t)
	assert.Equal(t, Version, p.Version)
	assert.Equal(t, "sce", p.Project)
	assert.Equal(t, "test", p.Stack)
	assert.True(t, p.Offline)
	assert.Equal(t, map[string]string{"aws:region": "us-west-2"}, p.Config)

	urns := make([]string, len(p.Resources))
	for i, r := range p.Resources {
		urns[i] = r.URN
	}
	assert.Equal(t, []string{subnetURN, vpcURN, bucketURN, tokenURN, demoURN}, urns, "sorted by URN")

	none := Options{IgnoreChanges: []string{}}
	tests := []struct {
		urn, typ, name, parent string
		custom                 bool
		inputs                 map[string]any
		deps                   []string
		propDeps               map[string][]string
		options                Options
	}{
		{demoURN, "test:index:Demo", "demo", demoStackURN, false, map[string]any{}, []string{}, map[string][]string{}, none},
		{vpcURN, awstype.EC2Vpc, "demo-vpc", demoURN, true, map[string]any{
			"cidrBlock": "10.20.0.0/16", "instanceTenancy": "dedicated",
			"tags": map[string]any{"sce:pit": "demo"},
		}, []string{}, map[string][]string{}, none},
		{subnetURN, awstype.EC2Subnet, "demo-private", demoURN, true, map[string]any{
			"cidrBlock": "10.20.1.0/24", "vpcId": p.Outputs["vpcId"],
		}, []string{vpcURN}, map[string][]string{"vpcId": {vpcURN}}, none},
		{bucketURN, awstype.S3BucketV2, "demo-data", demoURN, true, map[string]any{
			"bucket": "demo-data-123456789012-us-west-2",
		}, []string{}, map[string][]string{}, Options{Protect: true, RetainOnDelete: true, IgnoreChanges: []string{}}},
		{tokenURN, awstype.SSMParameter, "demo-token", demoURN, true, map[string]any{
			"type": "SecureString", "value": Secret{Value: "hunter2"},
		}, []string{subnetURN, bucketURN}, map[string][]string{},
			Options{IgnoreChanges: []string{"value"}, DeleteBeforeReplace: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := indexOf(t, p, tt.urn)
			r := p.Resources[i]
			assert.Equal(t, tt.typ, r.Type)
			assert.Equal(t, tt.name, r.Name)
			assert.Equal(t, tt.parent, r.Parent)
			assert.Equal(t, tt.custom, r.Custom)
			assert.Equal(t, tt.inputs, r.Inputs)
			assert.Equal(t, tt.deps, r.Dependencies)
			assert.Equal(t, tt.propDeps, r.PropertyDependencies)
			assert.Equal(t, tt.options, r.Options)
		})
	}
}

func indexOf(t *testing.T, p *Plan, urn string) int {
	t.Helper()
	for i, r := range p.Resources {
		if r.URN == urn {
			return i
		}
	}
	require.Failf(t, "resource not in plan", "%s", urn)
	return -1
}

func TestRunOutputs(t *testing.T) {
	p := runDemo(t)
	assert.Equal(t, map[string]any{
		"accountId": "123456789012",
		"bucketArn": "arn:aws:s3:::demo-data-123456789012-us-west-2",
		"cidrs":     []any{"10.20.0.0/16", "10.20.1.0/24"},
		"count":     float64(3),
		"subnetUrn": subnetURN,
		"token":     Secret{Value: "hunter2"},
		"vpcId":     p.Outputs["vpcId"],
		"vpcUrn":    vpcURN,
	}, p.Outputs)
	assert.Regexp(t, `^vpc-[0-9a-f]{17}$`, p.Outputs["vpcId"])
}

// The URNs the program saw (exported as outputs) are the plan's URNs.
func TestRunURNsMatchProgram(t *testing.T) {
	p := runDemo(t)
	for _, key := range []string{"vpcUrn", "subnetUrn"} {
		urn, ok := p.Outputs[key].(string)
		require.True(t, ok)
		indexOf(t, p, urn)
	}
}

func TestSecretsMaskedInJSON(t *testing.T) {
	p := runDemo(t)
	data, err := p.JSON()
	require.NoError(t, err)
	assert.NotContains(t, string(data), "hunter2")
	assert.Contains(t, string(data), `"value": "[secret]"`)
	assert.Contains(t, string(data), `"token": "[secret]"`)
	assert.Equal(t, "[secret]", fmt.Sprint(Secret{Value: "hunter2"}))

	r, ok := p.ByName("demo-token")
	require.True(t, ok)
	assert.Equal(t, "hunter2", r.Inputs["value"].(Secret).Value, "real value in memory")
}

func TestJSONShape(t *testing.T) {
	p := runDemo(t)
	data, err := p.JSON()
	require.NoError(t, err)
	s := string(data)
	assert.Equal(t, byte('\n'), data[len(data)-1])
	assert.Contains(t, s, "{\n  \"version\": 1,\n  \"project\": \"sce\",\n  \"stack\": \"test\",\n  \"offline\": true,")
	assert.Contains(t, s, `"ignoreChanges": [],`)
	assert.Contains(t, s, `"dependencies": [],`)
	assert.Contains(t, s, `"propertyDependencies": {},`)
	assert.Contains(t, s, `"count": 3,`, "integers print without decimals")
	assert.NotContains(t, s, "null")

	empty, err := (&Plan{Version: Version}).JSON()
	require.NoError(t, err)
	assert.Contains(t, string(empty), `"resources": []`)
	assert.Contains(t, string(empty), `"outputs": {}`)
}

func TestRunIsDeterministic(t *testing.T) {
	first, err := runDemo(t).JSON()
	require.NoError(t, err)
	second, err := runDemo(t).JSON()
	require.NoError(t, err)
	assert.Equal(t, string(first), string(second))
}

func TestRunConcurrently(t *testing.T) {
	want, err := runDemo(t).JSON()
	require.NoError(t, err)
	const n = 8
	got := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := Run(context.Background(), RunOptions{
				Stack: "test", Config: map[string]string{"aws:region": "us-west-2"}, Program: demoProgram,
			})
			if err != nil {
				errs[i] = err
				return
			}
			got[i], errs[i] = p.JSON()
		}()
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		assert.Equal(t, string(want), string(got[i]), "run %d", i)
	}
}

// The config reaches the program as Pulumi passes it, without environment variables.
func TestRunPassesConfig(t *testing.T) {
	t.Setenv("PULUMI_CONFIG", `{"sce:pit":"from-env"}`)
	program := func(ctx *pulumi.Context) (pulumi.Map, error) {
		var cidrs []string
		raw, _ := ctx.GetConfig("sce:allowedSshCidrs")
		if err := json.Unmarshal([]byte(raw), &cidrs); err != nil {
			return nil, err
		}
		pit, _ := ctx.GetConfig("sce:pit")
		return pulumi.Map{
			"pit":    pulumi.String(pit),
			"cidrs":  pulumi.ToStringArray(cidrs),
			"stack":  pulumi.String(ctx.Stack()),
			"dryRun": pulumi.Bool(ctx.DryRun()),
		}, nil
	}
	p, err := Run(context.Background(), RunOptions{Stack: "cfg", Program: program, Config: map[string]string{
		"sce:pit": "hipaa", "sce:allowedSshCidrs": `["198.51.100.0/24"]`,
	}})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"pit": "hipaa", "cidrs": []any{"198.51.100.0/24"}, "stack": "cfg", "dryRun": false,
	}, p.Outputs)
}

type codedError struct{ code int }

func (e *codedError) Error() string { return fmt.Sprintf("code %d", e.code) }

func TestRunProgramErrorReturnsNoPlan(t *testing.T) {
	tests := []struct {
		name    string
		program Program
		check   func(t *testing.T, err error)
	}{
		{"error", func(ctx *pulumi.Context) (pulumi.Map, error) {
			if _, err := ec2.NewVpc(ctx, "half", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")}); err != nil {
				return nil, err
			}
			return nil, fmt.Errorf("build: %w", &codedError{code: 7})
		}, func(t *testing.T, err error) {
			var ce *codedError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, 7, ce.code)
		}},
		{"panic", func(*pulumi.Context) (pulumi.Map, error) {
			panic("boom")
		}, func(t *testing.T, err error) {
			assert.ErrorContains(t, err, "program panicked: boom")
		}},
		{"unknown invoke", func(ctx *pulumi.Context) (pulumi.Map, error) {
			var out struct{}
			return nil, ctx.Invoke(awstype.InvokeEC2GetVpc, nil, &out)
		}, func(t *testing.T, err error) {
			assert.ErrorContains(t, err, "offline plan has no mock for invoke aws:ec2/getVpc:getVpc: "+
				"add one in internal/plan/mocks.go")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Run(context.Background(), RunOptions{Stack: "test", Program: tt.program})
			assert.Nil(t, p)
			require.Error(t, err)
			tt.check(t, err)
		})
	}
}

func TestRunOptionsChecked(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		opts RunOptions
		want string
	}{
		{"no stack", context.Background(), RunOptions{Program: demoProgram}, "offline plan: no stack name"},
		{"no program", context.Background(), RunOptions{Stack: "test"}, "offline plan: no program"},
		{"canceled", ctx, RunOptions{Stack: "test", Program: demoProgram}, "offline plan: context canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Run(tt.ctx, tt.opts)
			assert.Nil(t, p)
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestFindAndByName(t *testing.T) {
	p := runDemo(t)
	vpcs := p.Find(awstype.EC2Vpc)
	require.Len(t, vpcs, 1)
	assert.Equal(t, vpcURN, vpcs[0].URN)
	assert.Empty(t, p.Find(awstype.EC2Instance))

	r, ok := p.ByName("demo-data")
	require.True(t, ok)
	assert.Equal(t, bucketURN, r.URN)
	_, ok = p.ByName("nope")
	assert.False(t, ok)
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	data, err := runDemo(t).JSON()
	require.NoError(t, err)
	good := filepath.Join(dir, "plan.json")
	require.NoError(t, os.WriteFile(good, data, 0o600))

	p, err := Load(good)
	require.NoError(t, err)
	assert.Equal(t, "test", p.Stack)
	assert.Len(t, p.Resources, 5)
	r, ok := p.ByName("demo-token")
	require.True(t, ok)
	assert.Equal(t, "[secret]", r.Inputs["value"], "a saved plan holds no secrets")
	again, err := p.JSON()
	require.NoError(t, err)
	assert.Equal(t, string(data), string(again), "a loaded plan writes the same JSON")

	old := filepath.Join(dir, "old.json")
	require.NoError(t, os.WriteFile(old, []byte(`{"version": 2}`), 0o600))
	_, err = Load(old)
	assert.EqualError(t, err, old+": plan schema version 2, but this sce reads version 1: "+
		"write it again with `sce plan <stack> --format json --out "+old+"`")

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`not json`), 0o600))
	_, err = Load(bad)
	assert.ErrorContains(t, err, bad+": not a plan JSON file")

	_, err = Load(filepath.Join(dir, "missing.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestLoadRefusesResourcesWithoutURNOrType: a saved plan with a resource
// that has no URN or no type (which no policy would select) is refused,
// naming the file, the resource's index and name, and what is missing.
func TestLoadRefusesResourcesWithoutURNOrType(t *testing.T) {
	p := runDemo(t)
	tests := []struct {
		name string
		edit func(r *Resource)
		want string
	}{
		{"no type", func(r *Resource) { r.Type = "" }, "has no type"},
		{"no urn", func(r *Resource) { r.URN = "" }, "has no urn"},
		{"neither", func(r *Resource) { r.URN, r.Type = "", "" }, "has no urn and no type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := *p
			q.Resources = append([]Resource(nil), p.Resources...)
			tt.edit(&q.Resources[2])
			data, err := json.Marshal(&q)
			require.NoError(t, err)
			path := filepath.Join(t.TempDir(), "plan.json")
			require.NoError(t, os.WriteFile(path, data, 0o600))
			_, err = Load(path)
			assert.EqualError(t, err, fmt.Sprintf("%s: resources[2] (name %q) %s: not a plan sce wrote; "+
				"write it again with `sce plan <stack> --format json --out %s`", path, p.Resources[2].Name, tt.want, path))
		})
	}
}

// BenchmarkRun plans the small demo program: the cost of the offline plan
// machinery itself (the SDK's mocks, the monitor, the recorded plan).
func BenchmarkRun(b *testing.B) {
	start := cputime.Used()
	for b.Loop() {
		runDemo(b)
	}
	cputime.Report(b, start)
}
