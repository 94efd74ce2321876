package stacks

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/stackfile"
	"github.com/sce-dev/sce/sce"
)

// baselineOutputs are what a deployed baseline exports.
func baselineOutputs() map[string]any {
	return map[string]any{
		"configRecorderManaged": true,
		"archiveBucketName":     "account-archive-123456789012-us-west-2",
		"archiveKeyArn":         "arn:aws:kms:us-west-2:123456789012:key/archive",
		"alertTopicArn":         "arn:aws:sns:us-west-2:123456789012:account-alerts",
	}
}

// buildWith runs Build as stack hipaa with config values under the offline
// engine, the baseline stack answering with baseline, and returns Build's
// problems as "key: message" (nil when it succeeded) and the URNs of what
// was registered. Build's error is kept from the engine so that what it
// registered before failing shows.
func buildWith(t *testing.T, baseline map[string]any, values map[string]string) ([]string, []string) {
	t.Helper()
	var buildErr error
	p, err := plan.Run(context.Background(), plan.RunOptions{Stack: "hipaa", Config: values,
		Program: func(ctx *pulumi.Context) (pulumi.Map, error) {
			_, buildErr = Build(ctx)
			return pulumi.Map{}, nil
		},
		StackReferences: func(string) (map[string]any, error) { return baseline, nil },
	})
	require.NoError(t, err)
	var registered []string
	for _, r := range p.Resources {
		registered = append(registered, r.URN)
	}
	if buildErr == nil {
		return nil, registered
	}
	var verrs sce.ValidationErrors
	require.True(t, errors.As(buildErr, &verrs), "want ValidationErrors, got %v", buildErr)
	var out []string
	for _, e := range verrs {
		out = append(out, e.Error())
	}
	return out, registered
}

// shippedValues are the config values of a shipped stack file.
func shippedValues(t *testing.T, stack string) map[string]string {
	t.Helper()
	f, err := stackfile.Load("Pulumi."+stack+".yaml", KnownConfigKeys())
	require.NoError(t, err)
	return f.Config
}

// with is values with changes ("" deletes a key).
func with(values map[string]string, changes map[string]string) map[string]string {
	out := maps.Clone(values)
	for k, v := range changes {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// Bad input registers nothing: decoding and validation problems all come
// back at once first. Only the baseline's outputs are read.
func TestBadConfigRegistersNothing(t *testing.T) {
	hipaa := shippedValues(t, "hipaa")
	notBaseline := baselineOutputs()
	delete(notBaseline, "configRecorderManaged")
	tests := []struct {
		name    string
		changes map[string]string
		outputs map[string]any
		want    []string
	}{
		{"a value that does not decode, and a validation problem", map[string]string{
			"sce:workers": `{"count":"two"}`, "sce:vpcCidr": "8.8.0.0/16"}, baselineOutputs(), []string{
			"sce:workers.count: must be a whole number",
			`sce:vpcCidr: "8.8.0.0/16" is not private: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`}},
		{"a usage figure of a resource the stack has not", map[string]string{"sce:usage": `{"warehouseStorageGb":500}`}, baselineOutputs(), []string{
			"sce:usage.warehouseStorageGb: is set, but the stack has no warehouse (sce:warehouse), so nothing uses it and the " +
				"estimate prices no warehouse storage: remove it, or add sce:warehouse"}},
		{"a validation problem", map[string]string{"sce:vpcCidr": "8.8.0.0/16"}, baselineOutputs(), []string{
			`sce:vpcCidr: "8.8.0.0/16" is not private: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`}},
		{"not a baseline, and a validation problem", map[string]string{"sce:vpcCidr": "8.8.0.0/16"}, notBaseline, []string{
			"sce:baselineStack: stack \"account\" is not a deployed baseline (it has no output configRecorderManaged): " +
				"name the account's baseline stack (sce:kind: baseline) and deploy it (`sce policy config account --out account-policy.json`, then `pulumi up -s account --policy-pack policies --policy-pack-config account-policy.json`) before this project",
			`sce:vpcCidr: "8.8.0.0/16" is not private: use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`}},
		{"a baseline key in a project", map[string]string{"sce:archiveRetentionYears": "7", "sce:title": ""}, baselineOutputs(), []string{
			"sce:archiveRetentionYears: is a baseline setting (sce:kind: baseline), but this is a project stack: set it in the baseline's stack file",
			"sce:title: is required: the study title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, registered := buildWith(t, tt.outputs, with(hipaa, tt.changes))
			assert.Equal(t, tt.want, problems)
			assert.Empty(t, registered)
		})
	}
	problems, registered := buildWith(t, baselineOutputs(), hipaa)
	require.Nil(t, problems)
	assert.Contains(t, registered, "urn:pulumi:hipaa::sce::sce:index:Environment::hipaa", "the engine sees what a valid stack registers")
}

// The "required" column of the reference is what Build enforces: leaving
// out a key of a shipped stack is a problem of that key exactly when the
// reference says the key is required.
func TestRequiredKeysAreEnforced(t *testing.T) {
	required := map[string]bool{}
	for _, f := range new(Config).fields() {
		// the shipped stacks run a bastion, so its keys are required there
		required[f.key] = f.required == "yes" || f.required == requiredWithBastion
	}
	for _, stack := range []string{"hipaa", "account"} {
		values := shippedValues(t, stack)
		for _, key := range slices.Sorted(maps.Keys(values)) {
			t.Run(stack+" without "+key, func(t *testing.T) {
				_, err := plan.Run(context.Background(), plan.RunOptions{Stack: stack, Config: with(values, map[string]string{key: ""}),
					Program: Build, StackReferences: stackfile.Resolver(context.Background(), ".", Build, KnownConfigKeys())})
				var verrs sce.ValidationErrors
				if err != nil {
					require.ErrorAs(t, err, &verrs)
				}
				named := slices.ContainsFunc(verrs, func(e sce.FieldError) bool { return within(e.Key, key) })
				assert.Equal(t, required[key], named, "problems: %v", verrs)
			})
		}
	}
}

// A value that does not decode hides only the validation problems it
// causes: those of its own map or list item.
func TestDecodeProblemsHideOnlyTheirRepeats(t *testing.T) {
	values := with(shippedValues(t, "hipaa"), map[string]string{
		"sce:researchers": `[{"username":"root","publicKey":"ssh-ed25519 AAAA"},{"usrname":"jdoe","publicKey":"x"}]`,
		"sce:workers":     `{"count":"one","instanceType":"t3.large"}`,
	})
	problems, registered := buildWith(t, baselineOutputs(), values)
	assert.Empty(t, registered)
	assert.Equal(t, []string{
		"sce:workers.count: must be a whole number",
		"sce:researchers[1].usrname: unknown field: did you mean username?",
		`sce:researchers[0].username: "root" is reserved for the system: choose the researcher's own name, for example jdoe`,
		`sce:researchers[0].publicKey: is not an OpenSSH public key line such as "ssh-ed25519 AAAAC3Nza... jdoe@laptop"`,
	}, problems)
}

// LoadConfig reads every key the type knows from the Pulumi context: the
// program sees what DecodeConfig makes of the same values.
func TestLoadConfigReadsEveryKey(t *testing.T) {
	values := with(shippedValues(t, "hipaa"), map[string]string{"sce:usage": `{"s3StorageGb":7}`, "sce:suspended": "true"})
	var loaded Config
	_, err := plan.Run(context.Background(), plan.RunOptions{Stack: "hipaa", Config: values,
		Program: func(ctx *pulumi.Context) (pulumi.Map, error) {
			var err error
			loaded, err = LoadConfig(ctx)
			return pulumi.Map{}, err
		}})
	require.NoError(t, err)
	want, err := DecodeConfig(values)
	require.NoError(t, err)
	assert.Equal(t, want, loaded)
	assert.True(t, loaded.Usage.Given("s3StorageGb"))
}
