// Package stackfile reads the stack files of sce, stacks/Pulumi.<stack>.yaml:
// it finds them, parses their config as Pulumi passes it to programs,
// locates every problem as file:line: key: message, and plans a stack from
// its file with the offline engine (internal/plan), resolving the stack
// references it makes from the referenced stacks' own files.
package stackfile

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sce-dev/sce/internal/english"
	"github.com/sce-dev/sce/internal/plan"
	"github.com/sce-dev/sce/internal/pulumicmd"
)

// File is a parsed stacks/Pulumi.<stack>.yaml.
type File struct {
	// Path is the file, as given.
	Path string
	// Config holds the config values as Pulumi passes them to programs:
	// scalars as written, structured values (lists, maps) JSON-encoded.
	Config map[string]string
	// Lines maps every config key to its 1-based line; list items are also
	// there as "key[i]" (for example "sce:allowedSshCidrs[1]").
	Lines map[string]int
	// SHA256 is the hex SHA-256 of the bytes parsed.
	SHA256 string
}

// Load reads a stack file. Its top-level keys must be Pulumi's own, with one
// config: section (see configSection); every config key must be namespaced
// ("sce:vpcCidr"), in known (when known is not nil), and not encrypted; all
// problems are returned together as ConfigErrors with their lines.
func Load(path string, known []string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read stack file: %w", err)
	}
	return parse(path, data, known)
}

func parse(path string, data []byte, known []string) (*File, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, ConfigErrors{YAMLError(path, data, err)}
	}
	p := &stackParser{
		file:  &File{Path: path, Config: map[string]string{}, Lines: map[string]int{}, SHA256: digest(data)},
		known: known,
	}
	pulumi, pulumiErr := pulumiConfig(data)
	p.pulumi = pulumi
	if cfg := p.configSection(&doc); cfg != nil {
		for i := 0; i+1 < len(cfg.Content); i += 2 {
			p.entry(cfg.Content[i], cfg.Content[i+1])
		}
	}
	if pulumiErr != nil && len(p.errs) == 0 {
		p.fail(0, "", "Pulumi cannot read this stack file, so `pulumi up` would stop: %v", pulumiErr)
	}
	if len(p.errs) > 0 {
		// the top-level keys were checked first: report in the file's order
		slices.SortStableFunc(p.errs, func(a, b ConfigError) int { return a.Line - b.Line })
		return nil, p.errs
	}
	return p.file, nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlParserProblems are the problems yaml.v3 reports from its parser (not
// its scanner). For them it prints the 0-based line of the enclosing block,
// list or mapping rather than the line of the problem.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"did not find expected '-' indicator", "did not find expected <document start>",
	"did not find expected key", "did not find expected node content",
}

// YAMLError turns a yaml.v3 syntax error in the file at path (holding data)
// into a ConfigError on the line of the problem. Other YAML files of sce
// (request and site files) report their syntax errors with it too.
func YAMLError(path string, data []byte, err error) ConfigError {
	m := yamlLine.FindStringSubmatch(err.Error())
	if m == nil {
		return ConfigError{Path: path, Message: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	line, _ := strconv.Atoi(m[1])
	msg := "invalid YAML: " + m[2]
	switch {
	case slices.Contains(yamlParserProblems, m[2]):
		line++
		msg += " (in the block that starts on this line: check the indentation and brackets in it)"
	case strings.Contains(m[2], "tab character"):
		if tab := firstIndentTab(data); tab > 0 {
			line = tab
		}
		msg += ": indent with spaces"
	}
	return ConfigError{Path: path, Line: line, Message: msg}
}

// firstIndentTab is the 1-based line of the first tab in an indentation, or 0.
func firstIndentTab(data []byte) int {
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line[:len(line)-len(strings.TrimLeft(line, " \t"))], "\t") {
			return i + 1
		}
	}
	return 0
}

// stackParser collects the config entries and every problem with them.
type stackParser struct {
	file  *File
	known []string
	errs  ConfigErrors
	// pulumi are the values as Pulumi's own reader passes them to the
	// program, by key; nil when it could not read the file.
	pulumi map[string]string
}

func (p *stackParser) fail(line int, key, format string, a ...any) {
	p.errs = append(p.errs, ConfigError{Path: p.file.Path, Line: line, Key: key, Message: fmt.Sprintf(format, a...)})
}

// entry checks and records one config key and its value.
func (p *stackParser) entry(k, v *yaml.Node) {
	key := k.Value
	if first, dup := p.file.Lines[key]; dup {
		p.fail(k.Line, key, "set twice (first on line %d): keep one", first)
		return
	}
	if other, line, ok := p.caseTwin(key); ok {
		p.fail(k.Line, key, "repeats %s (line %d) in another case: config keys are case-sensitive, so one of the two "+
			"would be ignored; keep one, spelled as docs/configuration.md lists it", other, line)
		return
	}
	p.file.Lines[key] = k.Line
	if !p.checkKey(k.Line, key) {
		return
	}
	if v.Kind == yaml.AliasNode {
		v = v.Alias
	}
	if hasSecure(v) {
		p.fail(k.Line, key, "is encrypted (secure:) and the offline plan cannot decrypt secrets: "+
			"run `%s`, then `%s` for this stack, or plan a copy of the stack file that holds a "+
			"placeholder instead", pulumicmd.PolicyConfig("sce", nameOf(p.file.Path)), pulumicmd.Run("preview", nameOf(p.file.Path)))
		return
	}
	if path, n, ok := nonFinite(v); ok {
		p.fail(n.Line, key+path, "%s is not a number a map or list can hold: Pulumi passes them to programs as JSON, "+
			"which has no infinity or NaN; write a finite number", n.Value)
		return
	}
	value, err := configValue(v)
	if err != nil {
		p.fail(k.Line, key, "%v", err)
		return
	}
	value, ok := p.pulumiReads(k.Line, key, v, value)
	if !ok {
		return
	}
	p.file.Config[key] = value
	p.recordLines(key, v)
}

// caseTwin is a config key already read that differs from key only in case, and its line.
func (p *stackParser) caseTwin(key string) (string, int, bool) {
	for other, line := range p.file.Lines {
		if !strings.ContainsAny(other, ".[") && strings.EqualFold(other, key) {
			return other, line, true
		}
	}
	return "", 0, false
}

// recordLines records the line of every list item ("key[i]") and mapping
// field ("key.field") under key, at any depth, so that an error about a
// nested value points at its own line.
func (p *stackParser) recordLines(key string, v *yaml.Node) {
	switch v.Kind {
	case yaml.SequenceNode:
		for i, item := range v.Content {
			k := fmt.Sprintf("%s[%d]", key, i)
			p.file.Lines[k] = item.Line
			p.recordLines(k, item)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			k := key + "." + v.Content[i].Value
			p.file.Lines[k] = v.Content[i].Line
			p.recordLines(k, v.Content[i+1])
		}
	}
}

// checkKey reports a key without namespace or not in the known list.
func (p *stackParser) checkKey(line int, key string) bool {
	if !strings.Contains(key, ":") {
		fix := fmt.Sprintf("write it as %s:%s", plan.ProjectName, key)
		if guess, ok := english.Closest(plan.ProjectName+":"+key, p.known); ok {
			fix = "write it as " + guess
		}
		p.fail(line, key, "has no namespace: Pulumi config keys are namespace:key and this project's "+
			"namespace is %q; %s", plan.ProjectName, fix)
		return false
	}
	if p.known == nil || slices.Contains(p.known, key) {
		return true
	}
	if guess, ok := english.Closest(key, p.known); ok {
		p.fail(line, key, "unknown config key: did you mean %s?", guess)
	} else {
		p.fail(line, key, "unknown config key: docs/configuration.md lists the keys a stack may set")
	}
	return false
}

// hasSecure reports whether v is, or holds, an encrypted value {secure: ...}.
func hasSecure(v *yaml.Node) bool {
	if v.Kind == yaml.MappingNode && len(v.Content) == 2 && v.Content[0].Value == "secure" {
		return true
	}
	for _, c := range v.Content {
		if hasSecure(c) {
			return true
		}
	}
	return false
}

// configValue renders a value as Pulumi passes it to programs: scalars as
// written, lists and maps as JSON.
func configValue(v *yaml.Node) (string, error) {
	if v.Kind == yaml.ScalarNode {
		if v.Tag == "!!null" {
			return "", nil
		}
		return v.Value, nil
	}
	var x any
	if err := v.Decode(&x); err != nil {
		return "", fmt.Errorf("cannot read the value: %w", err)
	}
	data, err := json.Marshal(x)
	if err != nil {
		return "", fmt.Errorf("a structured value needs string keys: %w", err)
	}
	return string(data), nil
}

// nonFinite finds a float inside a list or map that is infinite or not a
// number (YAML's .inf and .nan), which JSON cannot hold: its path below v
// ("[1]", ".natGbPerMonth") and its node. A top-level scalar is passed as
// written, so it is not looked at.
func nonFinite(v *yaml.Node) (string, *yaml.Node, bool) {
	switch v.Kind {
	case yaml.SequenceNode:
		for i, item := range v.Content {
			if path, n, ok := nonFiniteScalar(item); ok {
				return fmt.Sprintf("[%d]", i) + path, n, true
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(v.Content); i += 2 {
			if path, n, ok := nonFiniteScalar(v.Content[i+1]); ok {
				return "." + v.Content[i].Value + path, n, true
			}
		}
	}
	return "", nil, false
}

// nonFiniteScalar is nonFinite for a value inside a list or map: a scalar
// is checked itself.
func nonFiniteScalar(v *yaml.Node) (string, *yaml.Node, bool) {
	if v.Kind == yaml.AliasNode {
		v = v.Alias
	}
	if v.Kind != yaml.ScalarNode {
		return nonFinite(v)
	}
	var f float64
	if v.ShortTag() == "!!float" && v.Decode(&f) == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return "", v, true
	}
	return "", nil, false
}

// nameOf is the stack of a Pulumi.<stack>.yaml path.
func nameOf(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(strings.TrimPrefix(base, "Pulumi."), filepath.Ext(base))
}
