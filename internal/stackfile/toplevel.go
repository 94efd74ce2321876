package stackfile

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
)

// The top-level keys of a Pulumi stack file, as Pulumi's own stack-file
// type (ProjectStack in its Go SDK) defines them. Pulumi ignores any other
// top-level key, so a stack file that has one means something Pulumi will
// not do.
const (
	// topConfig holds the config values.
	topConfig = "config"
	// topEnvironment imports Pulumi ESC environments.
	topEnvironment = "environment"
)

// secretsKeys are the top-level keys that configure how Pulumi encrypts
// the stack's secrets; sce reads no secret, so it leaves them alone.
var secretsKeys = []string{"secretsprovider", "encryptedkey", "encryptionsalt"}

// topLevelKeys are every top-level key a stack file may have, for messages.
var topLevelKeys = append([]string{topConfig}, append(secretsKeys, topEnvironment)...)

// configSection returns the config: mapping, or nil when there is none. Every
// other top-level key must be one Pulumi reads, and config must appear once.
func (p *stackParser) configSection(doc *yaml.Node) *yaml.Node {
	if len(doc.Content) == 0 {
		return nil // an empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.fail(root.Line, "", "a stack file is a YAML mapping with a config: section")
		return nil
	}
	var cfg *yaml.Node
	configLine := 0
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch {
		case k.Value == topConfig && configLine > 0:
			p.fail(k.Line, topConfig, "appears a second time (first on line %d): YAML keeps only one of the two, so "+
				"the keys under one would be ignored; move them under the config: on line %d and remove this one",
				configLine, configLine)
		case k.Value == topConfig:
			configLine = k.Line
			cfg = p.configMapping(v)
		default:
			p.topLevelKey(k)
		}
	}
	return cfg
}

// configMapping checks the value of config:, returning it when it holds keys.
func (p *stackParser) configMapping(cfg *yaml.Node) *yaml.Node {
	switch {
	case cfg.Kind == yaml.ScalarNode && cfg.Tag == "!!null":
		return nil
	case cfg.Kind != yaml.MappingNode:
		p.fail(cfg.Line, "", "config: must be a mapping of namespace:key: value lines")
		return nil
	}
	return cfg
}

// topLevelKey reports a top-level key other than config that Pulumi would
// ignore, or whose values sce cannot see.
func (p *stackParser) topLevelKey(k *yaml.Node) {
	key := k.Value
	switch {
	case slices.Contains(secretsKeys, key):
	case key == topEnvironment:
		p.fail(k.Line, key, "imports Pulumi ESC environments, whose config values sce cannot read: `sce plan`, "+
			"the cost estimate and the evidence report would check a configuration other than the one deployed; "+
			"write sce's settings under config: and remove environment:; for AWS credentials from ESC, run "+
			"`pulumi env run <environment> -- pulumi up` instead")
	case strings.Contains(key, ":"):
		p.fail(k.Line, key, "is a config key outside the config: section: Pulumi ignores it there, so the stack "+
			"would run without it; indent it under config:")
	default:
		p.fail(k.Line, key, "is not a key of a Pulumi stack file, which Pulumi ignores: %s", p.topLevelFix(key))
	}
}

// topLevelFix says what an unknown top-level key was likely meant to be.
func (p *stackParser) topLevelFix(key string) string {
	if guess, ok := english.Closest(key, topLevelKeys); ok {
		return "did you mean " + guess + "?"
	}
	if guess, ok := english.Closest(plan.ProjectName+":"+key, p.known); ok {
		return "to set " + guess + ", write it under config:"
	}
	return "a stack file holds " + strings.Join(topLevelKeys, ", ") + " at the top, and its config values under config:"
}
