package policy

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sce-dev/sce/policies"
)

// setShapedHelpers are the helper rules of the pack (names the analyzer
// does not take as rules) that have the shape of a rule: a partial set or
// object (a key in the head) without arguments. Pulumi's OPA analyzer
// (builds after v1.1.0) warns about each such name, as a rule that may have
// been misnamed.
func setShapedHelpers(p *Pack) []string {
	seen := map[string]bool{}
	for _, m := range p.compiler.Modules {
		for _, r := range m.Rules {
			name := r.Head.Name.String()
			if _, _, ok := classify(name); ok || r.Head.Key == nil || len(r.Head.Args) > 0 {
				continue
			}
			seen[name] = true
		}
	}
	var out []string
	for name := range seen {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// documentedHelpers matches the policy pack page's list of the helper sets
// the analyzer warns about: "for <count> helper sets of the pack (`a`, ...)".
var documentedHelpers = regexp.MustCompile("for (\\w+)\\s+helper sets of the pack \\(([^)]*)\\)")

// TestDocumentedUnrecognizedHelpers: docs/policy-pack.md names exactly the
// helpers the analyzer warns about, with their count in words.
func TestDocumentedUnrecognizedHelpers(t *testing.T) {
	p, err := Load(policies.FS())
	require.NoError(t, err)
	data, err := os.ReadFile("../../docs/policy-pack.md")
	require.NoError(t, err)
	m := documentedHelpers.FindStringSubmatch(strings.Join(strings.Fields(string(data)), " "))
	require.NotNil(t, m, "docs/policy-pack.md lists the helper sets the analyzer warns about")
	var listed []string
	for _, item := range strings.Split(m[2], ",") {
		listed = append(listed, strings.Trim(strings.TrimSpace(item), "`"))
	}
	sort.Strings(listed)
	want := setShapedHelpers(p)
	assert.Equal(t, want, listed)
	words := []string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"}
	require.Less(t, len(want), len(words))
	assert.Equal(t, words[len(want)], m[1])
}
