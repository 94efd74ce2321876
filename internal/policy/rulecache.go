package policy

import (
	"crypto/sha256"
	_ "embed" // the rule cache
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
)

// rulecache.go: the rules of the pack sce embeds, with their METADATA, as
// collect reads them, kept in rulecache.json with the hash of the .rego
// files they were read from. Load takes the rules from there when its
// .rego files hash the same (a cache that does not decode is not used),
// and then parses the Rego without its METADATA blocks (their YAML is
// about a third of the parse); any other pack, or an edited one, is read
// from its METADATA as before. TestRuleCache fails when the file is out of
// date with the pack and rewrites it with -update.

//go:generate go test -run TestRuleCache -update .

// ruleCacheJSON is rulecache.json.
//
//go:embed rulecache.json
var ruleCacheJSON string

// ruleCache is what collect finds in the pack whose .rego files hash to
// Sources.
type ruleCache struct {
	// Sources is sourcesKey of the pack's .rego files.
	Sources string `json:"sources"`
	// Name is the pack's Rego package.
	Name string `json:"name"`
	// Title is the package's METADATA title.
	Title string `json:"title"`
	// Rules are the pack's rules, sorted by name.
	Rules []Rule `json:"rules"`
}

// sourcesKey is the SHA-256 of the .rego files, their names and contents
// (by path without extension, as readModules keys them).
func sourcesKey(sources map[string]string) string {
	h := sha256.New()
	for _, name := range sortedKeys(sources) {
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(sources[name]))
		_, _ = io.WriteString(h, sources[name])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// readRuleCache decodes rulecache.json.
func readRuleCache() (ruleCache, error) {
	var c ruleCache
	if err := json.Unmarshal([]byte(ruleCacheJSON), &c); err != nil {
		return ruleCache{}, fmt.Errorf("rule cache: %w", err)
	}
	return c, nil
}
