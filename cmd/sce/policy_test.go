package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/policy"
	"github.com/sce-dev/sce/policies"
)

// policyApp is testApp with the real policy pack.
func policyApp() app {
	a := testApp()
	a.policyPack = policies.FS()
	return a
}

// devViolations is what the policy pack finds in testProgram's dev stack: a
// VPC and a bucket with none of their controls.
const devViolations = "stack dev has 16 mandatory policy violations: fix them (see docs/policy-pack.md)"

func TestPlanPrintsPolicySummary(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	stdout, stderr, code := executeWith(t, policyApp(), "plan", "dev", "--stacks", dir)
	assert.Equal(t, 1, code)
	assert.Equal(t, "sce: "+devViolations+"\n", stderr)
	assert.Contains(t, stdout, "\n3 resources (2 custom)\n")
	assert.Contains(t, stdout, "\n\npolicies  sce_hipaa, offline: 106 rules on 3 resources: "+
		"16 mandatory violations, 0 advisory violations; 80 rules had nothing to check (no resource of their types)\n"+
		"  [mandatory] deny_tags_pit: ")
	assert.Contains(t, stdout, "  [mandatory] deny_vpc_dedicated_tenancy: The VPC uses dedicated tenancy (164.312(a)(1), 164.308(a)(4))\n"+
		"    VPC 'dev-vpc' has instance tenancy default: SCE instances run on dedicated hardware\n"+
		"    fix: Set instanceTenancy to \"dedicated\".\n")
}

func TestPlanJSONKeepsStdoutClean(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	stdout, stderr, code := executeWith(t, policyApp(), "plan", "dev", "--stacks", dir, "-f", "json")
	assert.Equal(t, 1, code)
	var p plan.Plan
	require.NoError(t, json.Unmarshal([]byte(stdout), &p), "stdout is the plan JSON only")
	assert.True(t, strings.HasPrefix(stderr, "policies  sce_hipaa, offline: 106 rules on 3 resources:"), stderr)
	assert.True(t, strings.HasSuffix(stderr, "sce: "+devViolations+"\n"), stderr)
}

func TestPolicyCheck(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	path := filepath.Join(t.TempDir(), "dev.json")
	_, _, code := executeWith(t, policyApp(), "plan", "dev", "--stacks", dir, "-f", "json", "-o", path)
	require.Equal(t, 1, code)

	stdout, stderr, code := executeWith(t, policyApp(), "policy", "check", path)
	assert.Equal(t, 1, code)
	assert.Equal(t, "sce: "+devViolations+"\n", stderr)
	assert.True(t, strings.HasPrefix(stdout, "policies  sce_hipaa, offline: 106 rules on 3 resources: 16 mandatory"), stdout)

	stdout, _, code = executeWith(t, policyApp(), "policy", "check", path, "--format", "json")
	assert.Equal(t, 1, code)
	var res policy.Result
	require.NoError(t, json.Unmarshal([]byte(stdout), &res))
	assert.Equal(t, 16, res.Count(policy.Mandatory))
	assert.Len(t, res.Rules, 106)
	assert.Len(t, res.NothingToCheck, 80)
	assert.Contains(t, res.NothingToCheck, "deny_ec2_imdsv2", "the plan has no instance")

	cfg := filepath.Join(t.TempDir(), "policy.json")
	require.NoError(t, os.WriteFile(cfg, []byte(`{"all": "advisory"}`), 0o600))
	stdout, stderr, code = executeWith(t, policyApp(), "policy", "check", path, "--config", cfg)
	assert.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, ": 0 mandatory violations, 16 advisory violations; 80 rules had nothing to check "+
		"(no resource of their types)\n")
}

func TestPolicyCheckErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.json")
	badConfig := filepath.Join(t.TempDir(), "policy.json")
	require.NoError(t, os.WriteFile(badConfig, []byte(`{"deny_nothing": "advisory"}`), 0o600))
	dir := stacksDir(t, map[string]string{"dev": devStack})
	good := filepath.Join(t.TempDir(), "dev.json")
	executeWith(t, policyApp(), "plan", "dev", "--stacks", dir, "-f", "json", "-o", good)
	empty := filepath.Join(t.TempDir(), "empty.json")
	var doc map[string]any
	data, err := os.ReadFile(good)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &doc))
	doc["resources"] = []any{}
	data, err = json.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(empty, data, 0o600))
	tests := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"no such plan", []string{"policy", "check", missing}, "sce: read plan: open " + missing + ": no such file or directory\n"},
		{"bad format", []string{"policy", "check", good, "-f", "xml"}, "sce: unknown --format \"xml\": use table or json\n"},
		{"bad config", []string{"policy", "check", good, "--config", badConfig},
			"sce: policy config " + badConfig + ": deny_nothing: not a rule of pack sce_hipaa\n"},
		{"a plan without resources", []string{"policy", "check", empty}, "sce: plan " + empty + " has no resources, so there " +
			"is nothing to check: write the plan of a stack with `sce plan <stack> --format json --out FILE`\n"},
		{"no plan argument", []string{"policy", "check"}, "sce: accepts 1 arg(s), received 0: usage: sce policy check <plan.json> [flags]\n"},
		{"unknown subcommand", []string{"policy", "chekc"}, "sce: unknown command \"chekc\" for \"sce policy\"; did you mean check?\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := executeWith(t, policyApp(), tt.args...)
			assert.Equal(t, 2, code)
			assert.Equal(t, tt.stderr, stderr)
			assert.Empty(t, stdout)
		})
	}
}

func TestPolicyConfig(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack + "  sce:allowedSshCidrs:\n    - 198.51.100.0/24\n"})
	a := policyApp()
	a.knownKeys = append(a.knownKeys, "sce:allowedSshCidrs")
	stdout, stderr, code := executeWith(t, a, "policy", "config", "dev", "--stacks", dir)
	require.Equal(t, 0, code, stderr)
	var cfg map[string]map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &cfg))
	assert.Equal(t, []any{"198.51.100.0/24"}, cfg["deny_sg_ssh_source"]["allowedSshCidrs"])
	assert.Equal(t, 90.0, cfg["deny_logs_retention"]["minimumDays"])

	// What it writes is a config file sce accepts: checked against the schema.
	path := filepath.Join(t.TempDir(), "dev-policy.json")
	require.NoError(t, os.WriteFile(path, []byte(stdout), 0o600))
	pack, err := policy.Load(policies.FS())
	require.NoError(t, err)
	loaded, err := pack.LoadConfig(path)
	require.NoError(t, err)
	assert.Equal(t, []any{"198.51.100.0/24"}, loaded["deny_sg_ssh_source"].Properties["allowedSshCidrs"])
}

// TestPackLoader: the pack is compiled once per run, and a missing or
// broken pack is the error of every command that evaluates it.
func TestPackLoader(t *testing.T) {
	l := newPackLoader(policies.FS())
	l.start()
	first, err := l.get(context.Background())
	require.NoError(t, err)
	second, err := l.get(context.Background())
	require.NoError(t, err)
	assert.Same(t, first, second, "compiled once")

	_, err = newPackLoader(nil).get(context.Background())
	assert.EqualError(t, err, "no policy pack")
	broken := fstest.MapFS{"a.rego": {Data: []byte("package a\n")}}
	_, err = newPackLoader(broken).get(context.Background())
	assert.EqualError(t, err, "policy pack: open schema/config-schema.json: file does not exist")
}

// TestViolationsErrorAgreesInNumber: one violation is "it", more "them".
func TestViolationsErrorAgreesInNumber(t *testing.T) {
	assert.EqualError(t, &violationsError{stack: "dev", n: 1},
		"stack dev has 1 mandatory policy violation: fix it (see docs/policy-pack.md)")
	assert.EqualError(t, &violationsError{stack: "dev", n: 2},
		"stack dev has 2 mandatory policy violations: fix them (see docs/policy-pack.md)")
}

// TestPlanChecksPolicyConfigFirst: sce plan loads and checks --policy-config
// before anything is planned: a config with an error prints no plan, writes
// no --out file and exits with 2.
func TestPlanChecksPolicyConfigFirst(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	missing := filepath.Join(t.TempDir(), "missing.json")
	badConfig := filepath.Join(t.TempDir(), "policy.json")
	require.NoError(t, os.WriteFile(badConfig, []byte(`{"deny_nothing": "advisory"}`), 0o600))
	twice := filepath.Join(t.TempDir(), "twice.json")
	require.NoError(t, os.WriteFile(twice, []byte("{\"deny_logs_retention\": \"mandatory\",\n\"deny_logs_retention\": \"disabled\"}"), 0o600))
	a := policyApp()
	a.build = func(*pulumi.Context) (pulumi.Map, error) {
		t.Error("the stack was planned")
		return nil, nil
	}
	tests := []struct {
		name   string
		config string
		stderr string
	}{
		{"missing", missing, "sce: --policy-config: open " + missing + ": no such file or directory\n"},
		{"unknown rule", badConfig, "sce: policy config " + badConfig + ": deny_nothing: not a rule of pack sce_hipaa\n"},
		{"rule twice", twice, "sce: policy config " + twice + ":2: deny_logs_retention is set twice (first on line 1): keep one; " +
			"JSON keeps only the last, silently\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, args := range [][]string{
				{"plan", "dev", "--stacks", dir, "--policy-config", tt.config},
				{"plan", "dev", "--stacks", dir, "--policy-config", tt.config, "-f", "json"},
				{"plan", "--all", "--stacks", dir, "--policy-config", tt.config},
				{"report", "dev", "--stacks", dir, "--policy-config", tt.config, "--out", t.TempDir()},
			} {
				stdout, stderr, code := executeWith(t, a, args...)
				assert.Equal(t, exitUsage, code, args)
				assert.Equal(t, tt.stderr, stderr, args)
				assert.Empty(t, stdout, args)
			}
			out := filepath.Join(t.TempDir(), "dev.json")
			_, stderr, code := executeWith(t, a, "plan", "dev", "--stacks", dir, "--policy-config", tt.config, "--out", out)
			assert.Equal(t, exitUsage, code)
			assert.Equal(t, tt.stderr, stderr)
			assert.NoFileExists(t, out)
		})
	}
}

// TestPolicyConfigChecksOutFirst: sce policy config refuses an --out in a
// folder that does not exist before planning the stack, with exit code 2.
func TestPolicyConfigChecksOutFirst(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	a := policyApp()
	a.build = func(*pulumi.Context) (pulumi.Map, error) {
		t.Error("the stack was planned")
		return nil, nil
	}
	out := filepath.Join(t.TempDir(), "no", "dev-policy.json")
	stdout, stderr, code := executeWith(t, a, "policy", "config", "dev", "--stacks", dir, "--out", out)
	assert.Equal(t, exitUsage, code)
	assert.Equal(t, "sce: --out "+out+": folder "+filepath.Dir(out)+" does not exist: create it, or write the file elsewhere\n", stderr)
	assert.Empty(t, stdout)
}

// TestPolicyCheckRefusesResourcesWithoutType: a plan file with a resource
// that has no type or no URN is refused, naming the file and the resource:
// no policy would select it, and the check would pass it unseen.
func TestPolicyCheckRefusesResourcesWithoutType(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	good := filepath.Join(t.TempDir(), "dev.json")
	_, _, code := executeWith(t, policyApp(), "plan", "dev", "--stacks", dir, "-f", "json", "-o", good)
	require.Equal(t, 1, code)
	data, err := os.ReadFile(good)
	require.NoError(t, err)
	tests := []struct {
		name   string
		drop   []string
		stderr string
	}{
		{"no type", []string{"type"}, `resources[1] (name "dev-data") has no type`},
		{"no urn", []string{"urn"}, `resources[1] (name "dev-data") has no urn`},
		{"neither", []string{"urn", "type"}, `resources[1] (name "dev-data") has no urn and no type`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			require.NoError(t, json.Unmarshal(data, &doc))
			res := doc["resources"].([]any)[1].(map[string]any)
			require.Equal(t, "dev-data", res["name"])
			for _, key := range tt.drop {
				delete(res, key)
			}
			changed, err := json.Marshal(doc)
			require.NoError(t, err)
			path := filepath.Join(t.TempDir(), "dev.json")
			require.NoError(t, os.WriteFile(path, changed, 0o600))
			stdout, stderr, code := executeWith(t, policyApp(), "policy", "check", path)
			assert.Equal(t, exitUsage, code)
			assert.Equal(t, "sce: "+path+": "+tt.stderr+": not a plan sce wrote; write it again with "+
				"`sce plan <stack> --format json --out "+path+"`\n", stderr)
			assert.Empty(t, stdout)
		})
	}
}

// TestPolicyCheckProvenance: sce policy check records how the check was
// made: the table ends with the time and the build; the JSON keeps the
// result's keys and adds the time, the build, the digests of the plan and
// policy config files, the configuration evaluated and each rule's declared
// level beside its effective one.
func TestPolicyCheckProvenance(t *testing.T) {
	dir := stacksDir(t, map[string]string{"dev": devStack})
	path := filepath.Join(t.TempDir(), "dev.json")
	_, _, code := executeWith(t, policyApp(), "plan", "dev", "--stacks", dir, "-f", "json", "-o", path)
	require.Equal(t, 1, code)
	planData, err := os.ReadFile(path)
	require.NoError(t, err)
	cfgText := `{"deny_vpc_dedicated_tenancy": "advisory", "deny_logs_retention": {"minimumDays": 400}}` + "\n"
	cfg := filepath.Join(t.TempDir(), "site-policy.json")
	require.NoError(t, os.WriteFile(cfg, []byte(cfgText), 0o600))
	a := policyApp()
	a.now = func() time.Time { return time.Date(2026, 12, 6, 21, 30, 0, 500, time.UTC) }
	a.buildInfo = fakeBuild("v1.4.0", "vcs.revision", "c0ffee", "vcs.modified", "false")

	stdout, _, code := executeWith(t, a, "policy", "check", path)
	assert.Equal(t, 1, code)
	assert.True(t, strings.HasSuffix(stdout, "    fix: Add an aws.ec2.MainRouteTableAssociation of the VPC with its private route table.\n"+
		"checked   2026-12-06T21:30:00Z by sce v1.4.0, commit c0ffee (clean checkout)\n"), stdout)
	assert.Equal(t, 1, strings.Count(stdout, "\nchecked "), "one provenance line, last")

	stdout, _, code = executeWith(t, a, "policy", "check", path, "--format", "json", "--config", cfg)
	assert.Equal(t, 1, code)
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	var keys []string
	for k := range doc {
		keys = append(keys, k)
	}
	assert.ElementsMatch(t, []string{"pack", "stack", "resources", "rules", "violations", "nothingToCheck",
		"generated", "build", "version", "commit", "planFile", "policyConfig"}, keys)
	assert.True(t, strings.HasPrefix(stdout, "{\n  \"pack\": \"sce_hipaa\",\n  \"stack\": \"dev\",\n"), "the result's keys first")
	assert.JSONEq(t, `"2026-12-06T21:30:00Z"`, string(doc["generated"]))
	assert.JSONEq(t, `"sce v1.4.0, commit c0ffee (clean checkout)"`, string(doc["build"]))
	assert.JSONEq(t, `"v1.4.0"`, string(doc["version"]))
	assert.JSONEq(t, `"c0ffee"`, string(doc["commit"]))
	assert.JSONEq(t, `{"path": "`+path+`", "sha256": "`+digest(planData)+`"}`, string(doc["planFile"]))
	var used struct {
		Path      string                    `json:"path"`
		SHA256    string                    `json:"sha256"`
		Text      string                    `json:"text"`
		Effective map[string]map[string]any `json:"effective"`
	}
	require.NoError(t, json.Unmarshal(doc["policyConfig"], &used))
	assert.Equal(t, cfg, used.Path)
	assert.Equal(t, digest([]byte(cfgText)), used.SHA256)
	assert.Equal(t, cfg+" (sha256 "+digest([]byte(cfgText))+")", used.Text)
	assert.Equal(t, map[string]any{"minimumDays": 400.0}, used.Effective["deny_logs_retention"], "the file's setting")
	assert.Equal(t, map[string]any{"enforcementLevel": "advisory"}, used.Effective["deny_vpc_dedicated_tenancy"])
	var rules []map[string]any
	require.NoError(t, json.Unmarshal(doc["rules"], &rules))
	levels := map[string][2]any{}
	for _, r := range rules {
		levels[r["name"].(string)] = [2]any{r["declaredLevel"], r["level"]}
	}
	assert.Equal(t, [2]any{"mandatory", "advisory"}, levels["deny_vpc_dedicated_tenancy"], "the override is seen")
	assert.Equal(t, [2]any{"mandatory", "mandatory"}, levels["deny_s3_versioning"])

	// Without a file: that is said, and the configuration evaluated is the
	// pack's defaults with what sce derives from the plan's stack.
	stdout, _, code = executeWith(t, a, "policy", "check", path, "--format", "json")
	assert.Equal(t, 1, code)
	require.NoError(t, json.Unmarshal([]byte(stdout), &doc))
	used.Path, used.SHA256, used.Effective = "", "", nil
	require.NoError(t, json.Unmarshal(doc["policyConfig"], &used))
	assert.Empty(t, used.Path)
	assert.Empty(t, used.SHA256)
	assert.Equal(t, "no file: the pack's defaults, with the settings `sce policy config` derives from the stack", used.Text)
	assert.Equal(t, map[string]any{"minimumDays": 90.0}, used.Effective["deny_logs_retention"], "the schema's default")
	_, overridden := used.Effective["deny_vpc_dedicated_tenancy"]
	assert.False(t, overridden)
}
