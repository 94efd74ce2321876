package stackfile

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/sce"
)

// testKnown are the config keys the test stack files may set.
var testKnown = []string{
	"aws:region", "sce:pit", "sce:vpcCidr", "sce:allowedSshCidrs", "sce:logRetentionDays", "sce:tags", "sce:owner",
}

func TestLoad(t *testing.T) {
	sf, err := Load("testdata/stacks/Pulumi.good.yaml", testKnown)
	require.NoError(t, err)
	assert.Equal(t, "testdata/stacks/Pulumi.good.yaml", sf.Path)
	assert.Equal(t, map[string]string{
		"aws:region":           "us-west-2",
		"sce:pit":              "good",
		"sce:vpcCidr":          "10.20.0.0/16",
		"sce:allowedSshCidrs":  `["198.51.100.0/24","0.0.0.0/0"]`,
		"sce:logRetentionDays": "365",
		"sce:tags":             `{"cost-center":4711,"team":"genomics"}`,
	}, sf.Config)
	assert.Equal(t, map[string]int{
		"aws:region": 3, "sce:pit": 4, "sce:vpcCidr": 5,
		"sce:allowedSshCidrs": 6, "sce:allowedSshCidrs[0]": 7, "sce:allowedSshCidrs[1]": 8,
		"sce:logRetentionDays": 9, "sce:tags": 10, "sce:tags.team": 11, "sce:tags.cost-center": 12,
	}, sf.Lines)
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"testdata/stacks/Pulumi.bad.yaml", []string{
			`testdata/stacks/Pulumi.bad.yaml:3: sce:vpcCdir: unknown config key: did you mean sce:vpcCidr?`,
			`testdata/stacks/Pulumi.bad.yaml:4: vpcCidr: has no namespace: Pulumi config keys are namespace:key ` +
				`and this project's namespace is "sce"; write it as sce:vpcCidr`,
			`testdata/stacks/Pulumi.bad.yaml:5: sce:colour: unknown config key: docs/configuration.md lists ` +
				`the keys a stack may set`,
			"testdata/stacks/Pulumi.bad.yaml:6: sce:owner: is encrypted (secure:) and the offline plan cannot " +
				"decrypt secrets: run `sce policy config bad --out bad-policy.json`, then `pulumi preview -s bad --policy-pack policies --policy-pack-config bad-policy.json` for this stack, or plan a copy of the stack file " +
				"that holds a placeholder instead",
			`testdata/stacks/Pulumi.bad.yaml:8: aws:region: set twice (first on line 2): keep one`,
		}},
		{"testdata/stacks/Pulumi.syntax.yaml", []string{
			`testdata/stacks/Pulumi.syntax.yaml:3: invalid YAML: did not find expected ',' or ']' ` +
				`(in the block that starts on this line: check the indentation and brackets in it)`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			sf, err := Load(tt.file, testKnown)
			assert.Nil(t, sf)
			var cerrs ConfigErrors
			require.ErrorAs(t, err, &cerrs)
			got := make([]string, len(cerrs))
			for i, e := range cerrs {
				got[i] = e.Error()
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, yaml string
		known      []string
		config     map[string]string
		err        string
	}{
		{"empty file", "", testKnown, map[string]string{}, ""},
		{"no config section", "encryptionsalt: abc\n", testKnown, map[string]string{}, ""},
		{"null config", "config:\n", testKnown, map[string]string{}, ""},
		{"null value", "config:\n  sce:pit:\n", testKnown, map[string]string{"sce:pit": ""}, ""},
		{"quoted and plain scalars", "config:\n  sce:pit: \"007\"\n  sce:logRetentionDays: 365\n  sce:owner: yes\n  sce:vpcCidr: \"0365\"\n", testKnown,
			map[string]string{"sce:pit": "007", "sce:logRetentionDays": "365", "sce:owner": "yes", "sce:vpcCidr": "0365"}, ""},
		{"scalars Pulumi reads alike", "config:\n  sce:logRetentionDays: 365.0\n  sce:owner: False\n  sce:pit: 1e3\n", testKnown,
			map[string]string{"sce:logRetentionDays": "365", "sce:owner": "false", "sce:pit": "1000"}, ""},
		{"scalars Pulumi reads as another value", "config:\n  sce:logRetentionDays: 0365\n  sce:pit: 2027-06-30\n", testKnown, nil,
			"f.yaml:2: sce:logRetentionDays: Pulumi reads the unquoted 0365 as \"245\", not as written: write the value in quotes " +
				"(sce:logRetentionDays: \"0365\") if that is what you mean\n" +
				"f.yaml:3: sce:pit: Pulumi reads the unquoted 2027-06-30 as \"2027-06-30 00:00:00 +0000 UTC\", not as written: " +
				"write the value in quotes (sce:pit: \"2027-06-30\") if that is what you mean"},
		{"a file Pulumi cannot read", "config:\n  sce:a:b: x\n", nil, nil,
			"f.yaml: Pulumi cannot read this stack file, so `pulumi up` would stop: invalid YAML file: could not unmarshal map: " +
				"could not parse sce:a:b as a configuration key (configuration keys should be of the form `<namespace>:<name>`)"},
		{"a date in a map", "config:\n  sce:tags:\n    ends: 2027-06-30\n", testKnown, nil,
			"f.yaml:2: sce:tags: Pulumi passes this value to the program as {\"ends\":\"2027-06-30 00:00:00 +0000 UTC\"}: " +
				"quote the scalars in it whose text YAML reads as another type (a leading 0, a date, an exponent), so that it passes them as written"},
		{"any key when known is nil", "config:\n  foo:bar: baz\n", nil, map[string]string{"foo:bar": "baz"}, ""},
		{"not a mapping", "- a\n- b\n", testKnown, nil,
			"f.yaml:1: a stack file is a YAML mapping with a config: section"},
		{"config not a mapping", "config: hello\n", testKnown, nil,
			"f.yaml:1: config: must be a mapping of namespace:key: value lines"},
		{"nested secure", "config:\n  sce:tags:\n    token:\n      secure: AAAB\n", testKnown, nil,
			"f.yaml:2: sce:tags: is encrypted (secure:) and the offline plan cannot decrypt secrets: " +
				"run `sce policy config f --out f-policy.json`, then `pulumi preview -s f --policy-pack policies --policy-pack-config f-policy.json` for this stack, or plan a copy of the stack file that holds a placeholder instead"},
		{"no namespace, no known key", "config:\n  colour: blue\n", testKnown, nil,
			`f.yaml:2: colour: has no namespace: Pulumi config keys are namespace:key and this project's namespace ` +
				`is "sce"; write it as sce:colour`},
		{"top-level key repeated in another case", "config:\n  sce:vpcCidr: 10.20.0.0/16\n  sce:VpcCidr: 10.30.0.0/16\n", nil, nil,
			"f.yaml:3: sce:VpcCidr: repeats sce:vpcCidr (line 2) in another case: config keys are case-sensitive, " +
				"so one of the two would be ignored; keep one, spelled as docs/configuration.md lists it"},
		{"Pulumi's secrets settings", "secretsprovider: passphrase\nencryptionsalt: v1:abc\nencryptedkey: xyz\nconfig:\n  sce:pit: p\n",
			testKnown, map[string]string{"sce:pit": "p"}, ""},
		{"a config key outside config", "config:\n  sce:pit: p\nsce:schedule:\n    timeZone: America/Los_Angeles\n    stop: \"19:00\"\n",
			testKnown, nil, "f.yaml:3: sce:schedule: is a config key outside the config: section: Pulumi ignores it there, " +
				"so the stack would run without it; indent it under config:"},
		{"problems in the file's order", "config:\n  vpcCidr: x\nnotes: n\nconfig:\n  sce:vpcCdir: y\n", testKnown, nil,
			"f.yaml:2: vpcCidr: has no namespace: Pulumi config keys are namespace:key and this project's namespace is \"sce\"; " +
				"write it as sce:vpcCidr\n" +
				"f.yaml:3: notes: is not a key of a Pulumi stack file, which Pulumi ignores: a stack file holds config, " +
				"secretsprovider, encryptedkey, encryptionsalt, environment at the top, and its config values under config:\n" +
				"f.yaml:4: config: appears a second time (first on line 1): YAML keeps only one of the two, so the keys " +
				"under one would be ignored; move them under the config: on line 1 and remove this one"},
		{"config twice", "config:\n  sce:pit: p\nencryptionsalt: x\nconfig:\n  sce:owner: o\n", testKnown, nil,
			"f.yaml:4: config: appears a second time (first on line 1): YAML keeps only one of the two, so the keys " +
				"under one would be ignored; move them under the config: on line 1 and remove this one"},
		{"config misspelt", "confg:\n  sce:pit: p\n", testKnown, nil,
			"f.yaml:1: confg: is not a key of a Pulumi stack file, which Pulumi ignores: did you mean config?"},
		{"a config key without namespace at the top", "config:\n  sce:pit: p\nvpcCidr: 10.0.0.0/16\n", testKnown, nil,
			"f.yaml:3: vpcCidr: is not a key of a Pulumi stack file, which Pulumi ignores: to set sce:vpcCidr, write it under config:"},
		{"an unknown top-level key", "config:\n  sce:pit: p\nnotes: hello\n", testKnown, nil,
			"f.yaml:3: notes: is not a key of a Pulumi stack file, which Pulumi ignores: a stack file holds config, " +
				"secretsprovider, encryptedkey, encryptionsalt, environment at the top, and its config values under config:"},
		{"ESC environments", "environment:\n  - aws-creds\nconfig:\n  sce:pit: p\n", testKnown, nil,
			"f.yaml:1: environment: imports Pulumi ESC environments, whose config values sce cannot read: `sce plan`, " +
				"the cost estimate and the evidence report would check a configuration other than the one deployed; " +
				"write sce's settings under config: and remove environment:; for AWS credentials from ESC, run " +
				"`pulumi env run <environment> -- pulumi up` instead"},
		{"not a number in a map", "config:\n  sce:tags:\n    team: x\n    natGbPerMonth: .nan\n", testKnown, nil,
			"f.yaml:4: sce:tags.natGbPerMonth: .nan is not a number a map or list can hold: Pulumi passes them to programs " +
				"as JSON, which has no infinity or NaN; write a finite number"},
		{"infinity in a nested list", "config:\n  sce:tags:\n    sizes:\n      - 1\n      - -.Inf\n", testKnown, nil,
			"f.yaml:5: sce:tags.sizes[1]: -.Inf is not a number a map or list can hold: Pulumi passes them to programs " +
				"as JSON, which has no infinity or NaN; write a finite number"},
		{"finite floats", "config:\n  sce:tags:\n    a: 1.5e3\n    b: \".nan\"\n", testKnown,
			map[string]string{"sce:tags": `{"a":1500,"b":".nan"}`}, ""},
		{"tab", "config:\n  a: b\n\tc: d\n", nil, nil,
			"f.yaml:3: invalid YAML: found a tab character that violates indentation: indent with spaces"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sf, err := parse("f.yaml", []byte(tt.yaml), tt.known)
			if tt.err != "" {
				assert.EqualError(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.config, sf.Config)
		})
	}
}

func TestConfigErrorFormat(t *testing.T) {
	tests := []struct {
		err  ConfigError
		want string
	}{
		{ConfigError{"stacks/Pulumi.hipaa.yaml", 12, "sce:vpcCidr", "bad"}, "stacks/Pulumi.hipaa.yaml:12: sce:vpcCidr: bad"},
		{ConfigError{"stacks/Pulumi.hipaa.yaml", 0, "sce:owner", "missing"}, "stacks/Pulumi.hipaa.yaml: sce:owner: missing"},
		{ConfigError{"stacks/Pulumi.hipaa.yaml", 3, "", "invalid YAML"}, "stacks/Pulumi.hipaa.yaml:3: invalid YAML"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.err.Error())
	}
	assert.Equal(t, "a: k: x\nb: y", ConfigErrors{{"a", 0, "k", "x"}, {"b", 0, "", "y"}}.Error())
}

func TestLocateFallsBackAlongTheKeyPath(t *testing.T) {
	sf := &File{Path: "Pulumi.x.yaml", Lines: map[string]int{
		"sce:researchers": 4, "sce:researchers[1]": 7, "sce:researchers[1].publicKey": 9, "sce:workers": 12,
	}}
	got := sf.Locate(sce.ValidationErrors{
		{Key: "sce:researchers[1].publicKey", Message: "bad key"},
		{Key: "sce:researchers[1].username", Message: "missing"},
		{Key: "sce:workers.count", Message: "too many"},
		{Key: "sce:alertEmails", Message: "is required"},
		{Key: "sce:pit", Message: `"a" is too short`},
	})
	assert.Equal(t, ConfigErrors{
		{Path: "Pulumi.x.yaml", Line: 9, Key: "sce:researchers[1].publicKey", Message: "bad key"},
		{Path: "Pulumi.x.yaml", Line: 7, Key: "sce:researchers[1].username", Message: "missing"},
		{Path: "Pulumi.x.yaml", Line: 12, Key: "sce:workers.count", Message: "too many"},
		{Path: "Pulumi.x.yaml", Line: 0, Key: "sce:alertEmails", Message: "missing from this file: is required"},
		{Path: "Pulumi.x.yaml", Line: 0, Key: "sce:pit", Message: `not set in this file, so its default applies: "a" is too short`},
	}, got)
}
