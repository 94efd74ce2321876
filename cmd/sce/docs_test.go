package main

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoRoot is the repository root, seen from this package.
const repoRoot = "../.."

// markdownLink matches an inline link or image, capturing its target.
var markdownLink = regexp.MustCompile(`!?\[[^\]]*\]\(([^()\s]+)(?:\s+"[^"]*")?\)`)

// inlineCode matches a code span, whose text is not Markdown.
var inlineCode = regexp.MustCompile("`[^`]*`")

// htmlAnchor matches an explicit anchor such as <a id="8"></a>.
var htmlAnchor = regexp.MustCompile(`<a\s+(?:id|name)="([^"]+)"`)

// factCitation matches a code comment's citation of a deployment fact.
var factCitation = regexp.MustCompile(`docs/deployment-facts\.md#([0-9]+)`)

// mdLine is one line of a Markdown file outside fenced code blocks.
type mdLine struct {
	n    int
	text string
}

// proseLines returns the lines of a Markdown file that are not inside a
// fenced code block, with their line numbers.
func proseLines(t *testing.T, path string) []mdLine {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []mdLine
	fenced := false
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			out = append(out, mdLine{n: n, text: line})
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// headingSlug is the anchor GitHub gives a heading: lower case, every
// character but letters, digits, spaces, hyphens and underscores dropped,
// spaces turned into hyphens.
func headingSlug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// anchors lists the fragments a Markdown file defines: its headings' slugs
// (repeated headings get -1, -2, ... as on GitHub) and explicit HTML anchors.
func anchors(t *testing.T, path string) []string {
	t.Helper()
	var out []string
	seen := map[string]int{}
	for _, l := range proseLines(t, path) {
		for _, m := range htmlAnchor.FindAllStringSubmatch(l.text, -1) {
			out = append(out, m[1])
		}
		trimmed := strings.TrimLeft(l.text, "#")
		if len(trimmed) == len(l.text) || len(l.text)-len(trimmed) > 6 || !strings.HasPrefix(trimmed, " ") {
			continue
		}
		slug := headingSlug(strings.TrimSpace(trimmed))
		if k := seen[slug]; k > 0 {
			out = append(out, fmt.Sprintf("%s-%d", slug, k))
		} else {
			out = append(out, slug)
		}
		seen[slug]++
	}
	return out
}

// documentationFiles are README.md and every Markdown page in docs/.
func documentationFiles(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	require.NoError(t, err)
	require.NotEmpty(t, pages, "docs/ holds no Markdown page")
	return append([]string{filepath.Join(repoRoot, "README.md")}, pages...)
}

// brokenLink says what is wrong with a relative link target from the file
// from, or returns "" when the target exists (with its fragment, if any).
func brokenLink(t *testing.T, from, target string) string {
	t.Helper()
	file, fragment, _ := strings.Cut(target, "#")
	path := from
	if file != "" {
		path = filepath.Join(filepath.Dir(from), filepath.FromSlash(file))
		if _, err := os.Stat(path); err != nil {
			return "no such file"
		}
	}
	if fragment == "" || filepath.Ext(path) != ".md" {
		return ""
	}
	if !slices.Contains(anchors(t, path), fragment) {
		return fmt.Sprintf("no heading or anchor #%s in %s", fragment, filepath.Base(path))
	}
	return ""
}

// TestDocumentationLinks: every relative link in README.md and docs/*.md
// points at a file of the repository, and a link to a section of a Markdown
// page at a heading or anchor that exists.
func TestDocumentationLinks(t *testing.T) {
	checked := 0
	for _, path := range documentationFiles(t) {
		rel, err := filepath.Rel(repoRoot, path)
		require.NoError(t, err)
		for _, l := range proseLines(t, path) {
			for _, m := range markdownLink.FindAllStringSubmatch(inlineCode.ReplaceAllString(l.text, ""), -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				checked++
				if problem := brokenLink(t, path, target); problem != "" {
					t.Errorf("%s:%d: link %s: %s", rel, l.n, target, problem)
				}
			}
		}
	}
	assert.Greater(t, checked, 50, "the documentation's relative links were not found")
}

// TestDeploymentFactCitations: every "docs/deployment-facts.md#N" in the
// repository's code, policies, stack files and pages names a fact that
// exists.
func TestDeploymentFactCitations(t *testing.T) {
	facts := anchors(t, filepath.Join(repoRoot, "docs", "deployment-facts.md"))
	cited := 0
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != repoRoot {
			return filepath.SkipDir
		}
		if d.IsDir() || !slices.Contains([]string{".go", ".rego", ".yaml", ".md"}, filepath.Ext(path)) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range factCitation.FindAllStringSubmatch(string(data), -1) {
			cited++
			if !slices.Contains(facts, m[1]) {
				rel, _ := filepath.Rel(repoRoot, path)
				t.Errorf("%s cites docs/deployment-facts.md#%s, which has no fact %s", rel, m[1], m[1])
			}
		}
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, cited, 10, "no citation of docs/deployment-facts.md#N was found")
}

// TestREADMEExampleIsTested: the Go program in README.md contains, word for
// word, the function ExampleNewEnvironment runs in sce/example_test.go.
func TestREADMEExampleIsTested(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "sce", "example_test.go"))
	require.NoError(t, err)
	example := string(data)
	start := strings.Index(example, "func vitals(")
	require.GreaterOrEqual(t, start, 0, "sce/example_test.go has no func vitals")
	end := strings.Index(example[start:], "\n}\n")
	require.Greater(t, end, 0)
	program := example[start : start+end+len("\n}\n")]

	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(readme), "```go\n"+"package main\n"), "README.md has no Go example")
	assert.True(t, strings.Contains(string(readme), program),
		"README.md's Go example differs from func vitals in sce/example_test.go: keep them the same")
}
