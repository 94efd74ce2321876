package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/stacks"
)

// Schema is the pack's configuration schema (schema/config-schema.json): for
// each configurable rule, its properties, in the format of the
// config-schema.json Pulumi's OPA analyzer reads. It lives outside the pack
// root on purpose: a config-schema.json in the root makes the analyzer's
// GetAnalyzerInfo fail (see rootSchemaFile), so sce alone validates
// configurations with it.
type Schema map[string]RuleSchema

// RuleSchema is the configuration schema of one rule.
type RuleSchema struct {
	// Properties are the rule's settings by name.
	Properties map[string]PropertySchema `json:"properties"`
	// Required lists the settings a configuration must give.
	Required []string `json:"required,omitempty"`
}

// PropertySchema is the JSON schema of one setting (the parts sce reads).
type PropertySchema struct {
	// Type is the JSON type, e.g. "array".
	Type string `json:"type"`
	// Description documents the setting, including the exceptions it allows on purpose.
	Description string `json:"description"`
	// Default is the value used when a configuration does not give one.
	Default any `json:"default"`

	// validator checks a value against the whole property schema (type,
	// items, minimum, maximum ...).
	validator *jsonschema.Schema
}

// schemaFile is the path of the schema in the pack.
const schemaFile = "schema/config-schema.json"

// rootSchemaFile is where the analyzer looks for a schema. Pulumi's OPA
// analyzer (v1.x) passes its properties to Pulumi as they are, and Pulumi's
// plugin SDK cannot encode them: GetAnalyzerInfo fails with "proto: invalid
// type: plugin.JSONSchema" and `pulumi preview --policy-pack` stops.
const rootSchemaFile = "config-schema.json"

// loadSchema reads the schema from the pack, and refuses a pack with a
// schema in its root.
func loadSchema(fsys fs.FS) (Schema, error) {
	if _, err := fs.Stat(fsys, rootSchemaFile); err == nil {
		return nil, fmt.Errorf("policy pack: %s in the pack root stops Pulumi's OPA analyzer (GetAnalyzerInfo fails): move it to %s", rootSchemaFile, schemaFile)
	}
	data, err := fs.ReadFile(fsys, schemaFile)
	if err != nil {
		return nil, fmt.Errorf("policy pack: %w", err)
	}
	var s Schema
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("policy pack: %s: %w", schemaFile, err)
	}
	if err := s.compile(data); err != nil {
		return nil, fmt.Errorf("policy pack: %s: %w", schemaFile, err)
	}
	return s, nil
}

// compile builds the validator of every property from the schema's text.
func (s Schema) compile(data []byte) error {
	var raw map[string]struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	for name, rs := range s {
		for prop, ps := range rs.Properties {
			v, err := jsonschema.CompileString("file:///policies/"+schemaFile+"/"+name+"/"+prop, string(raw[name].Properties[prop]))
			if err != nil {
				return fmt.Errorf("%s.%s: %w", name, prop, err)
			}
			ps.validator = v
			rs.Properties[prop] = ps
		}
	}
	return nil
}

// validate checks value against the property's schema; the problem names
// the item of a list that is wrong ("allowedSshCidrs/1: ...").
func (ps PropertySchema) validate(key string, value any) error {
	if ps.validator == nil {
		return nil
	}
	err := ps.validator.Validate(value)
	var ve *jsonschema.ValidationError
	if err == nil || !errors.As(err, &ve) {
		return err
	}
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	return fmt.Errorf("%s%s: %s", key, ve.InstanceLocation, ve.Message)
}

// checkSchema refuses a schema for a rule the pack does not have, or a
// setting without a default (sce evaluates with the defaults).
func (p *Pack) checkSchema() error {
	for name, rs := range p.Schema {
		if _, ok := p.Rule(name); !ok {
			return fmt.Errorf("policy pack: %s configures %q, which is not a rule of the pack", schemaFile, name)
		}
		for prop, ps := range rs.Properties {
			if ps.Default == nil || ps.Description == "" {
				return fmt.Errorf("policy pack: %s: %s.%s needs a default and a description", schemaFile, name, prop)
			}
		}
	}
	return nil
}

// Config is a policy pack configuration in the format of
// `pulumi preview --policy-pack-config FILE`: for each rule name (or "all",
// the pack-wide default level), an enforcement level and settings.
type Config map[string]RuleConfig

// RuleConfig configures one rule.
type RuleConfig struct {
	// EnforcementLevel overrides the level the rule's name gives; "" keeps it.
	EnforcementLevel Level
	// Properties are the rule's settings (data.config.<rule>.<key> in Rego).
	Properties map[string]any
}

// MarshalJSON writes {"enforcementLevel": ..., <settings>...}.
func (c RuleConfig) MarshalJSON() ([]byte, error) {
	m := make(map[string]any, len(c.Properties)+1)
	for k, v := range c.Properties {
		m[k] = v
	}
	if c.EnforcementLevel != "" {
		m["enforcementLevel"] = c.EnforcementLevel
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads a level string or an object of a level and settings.
func (c *RuleConfig) UnmarshalJSON(data []byte) error {
	var level string
	if err := json.Unmarshal(data, &level); err == nil {
		*c = RuleConfig{EnforcementLevel: Level(level)}
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("a rule's configuration is a level string or an object: %w", err)
	}
	*c = RuleConfig{}
	if l, ok := m["enforcementLevel"]; ok {
		s, _ := l.(string)
		c.EnforcementLevel = Level(s)
		delete(m, "enforcementLevel")
	}
	if len(m) > 0 {
		c.Properties = m
	}
	return nil
}

// LoadConfig reads a configuration file and checks it against the pack.
func (p *Pack) LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("policy config: %w", err)
	}
	if err := checkConfigText(data); err != nil {
		return nil, fmt.Errorf("policy config %s:%w", path, err)
	}
	var c Config
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("policy config %s: %w", path, err)
	}
	if err := p.CheckConfig(normalizeNumbers(c)); err != nil {
		return nil, fmt.Errorf("policy config %s: %w", path, err)
	}
	return c, nil
}

// normalizeNumbers turns json.Number settings into float64, as plans carry numbers.
func normalizeNumbers(c Config) Config {
	for name, rc := range c {
		for k, v := range rc.Properties {
			rc.Properties[k] = plainNumbers(v)
		}
		c[name] = rc
	}
	return c
}

func plainNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return x.String()
		}
		return f
	case []any:
		for i := range x {
			x[i] = plainNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = plainNumbers(x[k])
		}
	}
	return v
}

// CheckConfig refuses unknown rules, unknown settings, unknown levels and
// settings the schema does not allow (wrong type, out of range).
func (p *Pack) CheckConfig(c Config) error {
	var problems []string
	for _, name := range sortedKeys(c) {
		rc := c[name]
		switch rc.EnforcementLevel {
		case "", Mandatory, Advisory, Disabled:
		default:
			problems = append(problems, fmt.Sprintf("%s: enforcementLevel %q: use mandatory, advisory or disabled", name, rc.EnforcementLevel))
		}
		if _, ok := p.Rule(name); !ok && name != "all" {
			problems = append(problems, fmt.Sprintf("%s: not a rule of pack %s", name, p.Name))
			continue
		}
		for _, k := range sortedKeys(rc.Properties) {
			ps, ok := p.Schema[name].Properties[k]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: %q is not a setting of this rule (see policies/%s)", name, k, schemaFile))
				continue
			}
			if err := ps.validate(k, rc.Properties[k]); err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v (see policies/%s)", name, err, schemaFile))
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// Defaults is the configuration the schema's defaults make.
func (p *Pack) Defaults() Config {
	c := Config{}
	for name, rs := range p.Schema {
		props := map[string]any{}
		for k, ps := range rs.Properties {
			props[k] = ps.Default
		}
		c[name] = RuleConfig{Properties: props}
	}
	return c
}

// Merge returns c with over applied: over's levels and settings win.
func (c Config) Merge(over Config) Config {
	out := Config{}
	for _, src := range []Config{c, over} {
		for name, rc := range src {
			cur := out[name]
			if rc.EnforcementLevel != "" {
				cur.EnforcementLevel = rc.EnforcementLevel
			}
			for k, v := range rc.Properties {
				if cur.Properties == nil {
					cur.Properties = map[string]any{}
				}
				cur.Properties[k] = v
			}
			out[name] = cur
		}
	}
	return out
}

// Overrides are the rules of the pack that cfg disables, and those it moves
// to a level other than the one their names declare, in pack order: what a
// report of an evaluation under cfg must say beside its counts.
func (p *Pack) Overrides(cfg Config) (disabled, changed []string) {
	return overrides(p.Rules, func(r Rule) Level { return r.Level }, cfg.level)
}

// overrides are the rules whose effective level is Disabled, and those
// whose effective level is another than their declared one, in order.
func overrides(rules []Rule, declared, effective func(Rule) Level) (disabled, changed []string) {
	disabled, changed = []string{}, []string{}
	for _, r := range rules {
		switch l := effective(r); {
		case l == Disabled:
			disabled = append(disabled, r.Name)
		case l != declared(r):
			changed = append(changed, r.Name)
		}
	}
	return disabled, changed
}

// level is the effective level of rule under c: its own override, else the
// "all" override, else the level of its name.
func (c Config) level(r Rule) Level {
	if l := c[r.Name].EnforcementLevel; l != "" {
		return l
	}
	if l := c["all"].EnforcementLevel; l != "" {
		return l
	}
	return r.Level
}

// data is the data.config document the rules read.
func (c Config) data() map[string]any {
	out := map[string]any{}
	for name, rc := range c {
		if len(rc.Properties) > 0 {
			out[name] = rc.Properties
		}
	}
	return out
}

// StackConfig is the configuration a plan's own stack config implies
// (decoded by stacks.DecodeConfig): the bastion's SSH sources are the
// stack's sce:allowedSshCidrs, and the egress rules judge the stack by its
// sce:egress mode.
func StackConfig(p *plan.Plan) (Config, error) {
	cfg, err := stacks.DecodeConfig(p.Config)
	if err != nil {
		return nil, fmt.Errorf("plan config: %w", err)
	}
	c := Config{}
	if cfg.Sets(stacks.KeyAllowedSSHCidrs) {
		cidrs := make([]any, len(cfg.AllowedSSHCidrs))
		for i, c := range cfg.AllowedSSHCidrs {
			cidrs[i] = c
		}
		c["deny_sg_ssh_source"] = RuleConfig{Properties: map[string]any{"allowedSshCidrs": cidrs}}
	}
	if cfg.Sets(stacks.KeyEgress) {
		for _, rule := range EgressRules() {
			c[rule] = RuleConfig{Properties: map[string]any{"egress": string(cfg.Egress)}}
		}
	}
	return c, nil
}

// EgressRules are the rules that judge a stack by its sce:egress mode
// (their "egress" setting).
func EgressRules() []string {
	return []string{"stack_deny_egress_dns_firewall", "stack_deny_egress_none_internet",
		"stack_deny_egress_worker_sg_open", "stack_warn_egress_open"}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
